"""The demo after its seed years: every year from 2024 up to the load day, made with the
same services and layouts as 2019–2023 (DemoLedger), so a newcomer on any date sees a
working department: records up to the day before, the last weeks' still in review,
targets for each year, requests open and closed, the department's recurring meetings
held (one missed), last year's review as a draft and 2022's signed.

Business objects carry the dates of their own year (the services take them); the audit
trail keeps the real time of loading. Each year is made once, in one transaction, its
targets last: a year with targets is not made again, so re-running creates nothing new.
"""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from tongxin.accounts.models import Unit, User
from tongxin.cases.models import CaseCategory, CaseSource, Enterprise, Satisfaction
from tongxin.cases.services.cases import (
    case_assign,
    case_close,
    case_feedback,
    case_receive,
    case_reply,
    case_screen,
    case_start,
)
from tongxin.core.clock import business_time
from tongxin.indicators.models import Indicator, Target
from tongxin.indicators.services import target_set
from tongxin.ledger.models import RecordStatus
from tongxin.ops.demo.accounts import TOP_UNIT_CODE
from tongxin.ops.demo.cases import _at
from tongxin.ops.demo.cases_plan import REQUESTS
from tongxin.ops.demo.ledger import AUTHORS, COUNTY_CODES, PENDING_WEIGHTS, DemoLedger
from tongxin.ops.demo.ledger_figures import DEPARTMENT
from tongxin.ops.demo.ledger_plan import DEPT_MEETINGS, HMTO_MEETINGS, QUARTERS
from tongxin.reports.models import Review
from tongxin.reports.review_source import title_for_year
from tongxin.reports.services.reviews import review_create, review_sign_off

FIRST_LATER_YEAR = 2024
SEED_LAST_YEAR = 2023
# Volumes against 2022: growth, kept at about half the seed's filler to stay cheap.
LATER_TREND = 0.45
RECENT_DAYS = 14  # records of the last two weeks are still in review
SITE_MEETINGS = ("阵地建设", "每季度一次")
# A measures package is issued in some years only, each named in the layout's title.
POLICY = ("排忧纾困", "十五条措施")
PENDING_ONLY = [RecordStatus.SUBMITTED, RecordStatus.RETURNED, RecordStatus.DRAFT]
REQUESTS_PER_YEAR = 24  # requests received over a full year
TARGET_GROWTH = Decimal("0.05")  # targets grow 5% a year over 2023's


def later_years(today: dt.date) -> range:
    return range(FIRST_LATER_YEAR, today.year + 1)


def last_day(year: int, today: dt.date) -> dt.date:
    """The last day a year's records may carry: the day before the load day."""
    return min(dt.date(year, 12, 31), today - dt.timedelta(days=1))


def missed_meeting_year(today: dt.date) -> int:
    """The one year whose site meetings miss a quarter: this year once a quarter is
    over, else last year."""
    return today.year if today > dt.date(today.year, 3, 31) else today.year - 1


class LaterLedger(DemoLedger):
    """A later year through the seed's layouts, stopping before the load day."""

    def __init__(self, year: int, today: dt.date):
        super().__init__(seed=year)
        self.today = today
        self.end = last_day(year, today)
        self.share = max(0, (self.end - dt.date(year, 1, 1)).days + 1) / 365
        self.skip_month = None  # a month the row being made leaves out (see volume)

    def trend(self, year) -> float:
        return LATER_TREND * (1 + 0.05 * (year - SEED_LAST_YEAR)) * self.share

    def clamp(self, date, end_date):
        date = min(date, self.end)
        return date, end_date if end_date and end_date <= self.end else None

    def pending(self, date, status):
        if status == RecordStatus.APPROVED and (self.today - date).days <= RECENT_DAYS:
            return self.rng.choices(PENDING_ONLY, PENDING_WEIGHTS[1:])[0]
        return status

    def months(self, year, months) -> list[int]:
        return [m for m in months if dt.date(year, m, 8) <= self.end and m != self.skip_month]

    def dates(self, year, n, months=None) -> list[dt.date]:
        rng = self.rng
        months = self.months(year, months or [])
        if months:
            chosen = (
                sorted(rng.sample(months, n))
                if n <= len(months)
                else sorted(rng.choices(months, k=n))
            )
            return [min(dt.date(year, m, rng.randint(8, 28)), self.end) for m in chosen]
        span = (self.end - dt.date(year, 1, 1)).days + 1
        return sorted(
            dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(span)) for _ in range(n)
        )

    def volume(self, key, layout, year) -> int:
        self.skip_month = None
        if key == SITE_MEETINGS:
            # The year with the missed meeting skips the first quarter's (over by then).
            if year == missed_meeting_year(self.today):
                self.skip_month = QUARTERS[0]
            total = len(self.months(year, QUARTERS))
            self.volumes[(key, year)] = total
            return total
        if key == POLICY or (layout.get("months") and not self.months(year, layout["months"])):
            self.volumes[(key, year)] = 0
            return 0
        return super().volume(key, layout, year)

    def dept_meetings(self, year) -> dict:
        anchors = {}
        for title, months in DEPT_MEETINGS:
            months = self.months(year, months)
            for date in self.dates(year, len(months), months):
                area = "HMTO" if title in HMTO_MEETINGS else None
                anchors[title] = self.record(TOP_UNIT_CODE, "meeting", date, title, area=area)
        return anchors


class LaterCases:
    """Requests of a later year: most closed in time, the recent ones still open."""

    def __init__(self, year: int, today: dt.date):
        self.rng = random.Random(year)
        self.year, self.today, self.end = year, today, last_day(year, today)
        names = {AUTHORS[code] for code in COUNTY_CODES} | {"editor"}
        users = {u.username: u for u in User.objects.filter(username__in=names)}
        self.editor = users["editor"]
        self.reporters = {code: users[AUTHORS[code]] for code in COUNTY_CODES}
        self.categories = {c.name: c for c in CaseCategory.objects.all()}
        self.enterprises = list(
            Enterprise.objects.filter(is_illustrative=True).select_related("district")
        )
        self.made = 0

    def run(self) -> int:
        if not self.enterprises or not self.categories:
            return 0
        span = (self.end - dt.date(self.year, 1, 1)).days + 1
        if span <= 0:
            return 0  # loaded on 1 January: nothing of the year yet
        n = max(1, round(REQUESTS_PER_YEAR * span / 365))
        days = sorted(self.rng.randrange(span) for _ in range(n))
        for day in days:
            self.request(dt.date(self.year, 1, 1) + dt.timedelta(days=day))
        return self.made

    def request(self, received: dt.date) -> None:
        category_name, title, reply = REQUESTS[self.rng.randrange(len(REQUESTS))]
        category = self.categories.get(category_name) or next(iter(self.categories.values()))
        enterprise = self.rng.choice(self.enterprises)
        self.made += 1
        # The timeline is dated when its steps happened (the business clock).
        with business_time(_at(received, 10)):
            case = case_receive(
                actor=self.editor,
                enterprise=enterprise,
                source=self.rng.choice([CaseSource.VISIT, CaseSource.HOTLINE, CaseSource.ONLINE]),
                category=category,
                title=title,
                description=f"{enterprise.name}反映：{title}。",
                received_on=received,
            )
            if (self.end - received).days < 2:
                return  # just received: waiting to be screened
            case = case_screen(actor=self.editor, case=case, accepted=True)
            lead = enterprise.district if enterprise.district.code in self.reporters else None
            handler = self.reporters[lead.code] if lead else self.editor
            case = case_assign(actor=self.editor, case=case, lead_unit=lead or handler.unit)
            case = case_start(actor=handler, case=case)
        replied = received + dt.timedelta(days=self.rng.randint(3, 20))
        if replied > self.end - dt.timedelta(days=5):
            return  # still being handled
        with business_time(_at(replied)):
            case = case_reply(actor=handler, case=case, reply=reply, replied_at=_at(replied))
        verdict = Satisfaction.SATISFIED if self.rng.random() < 0.85 else Satisfaction.BASICALLY
        closed = min(replied + dt.timedelta(days=self.rng.randint(1, 4)), self.end)
        with business_time(_at(closed, 11)):
            case = case_feedback(actor=self.editor, case=case, satisfaction=verdict)
            case_close(actor=self.editor, case=case, closed_on=closed)


def _targets(year: int, city: Unit) -> int:
    """This year's targets at the department: 2023's, grown a little each year."""
    made = 0
    growth = 1 + TARGET_GROWTH * (year - SEED_LAST_YEAR)
    for target in Target.objects.filter(year=SEED_LAST_YEAR, unit=city, period="Y").select_related(
        "indicator"
    ):
        value = target.value
        if target.indicator.higher_is_better and target.indicator.unit_word != "%":
            value = max(Decimal(1), (value * growth).quantize(Decimal(1)))
        target_set(
            actor=None,
            indicator=target.indicator,
            unit=city,
            year=year,
            value=value,
            floor=target.floor,
        )
        made += 1
    return made


def _year_made(year: int, city: Unit) -> bool:
    return Target.objects.filter(year=year, unit=city).exists()


def _reviews(today: dt.date, city: Unit) -> int:
    """2022's review signed by the leader; last year's started from the year before's."""
    made = 0
    leader = User.objects.filter(username="leader").first()
    editor = User.objects.filter(username="editor").first()
    review = Review.objects.filter(year=2022, unit=city).select_related("published_version").first()
    if review and review.published_version_id is None and leader:
        version = review.versions.order_by("-number").first()
        review_sign_off(actor=leader, version=version, at=_at(dt.date(2023, 1, 18), 10))
        made += 1
    last_year = today.year - 1
    exists = Review.objects.filter(year=last_year, unit=city).exists()
    if editor and review and not exists:
        # Last year's draft starts from 2022's text, as the department would start it.
        version = review.versions.order_by("-number").first()
        review_create(
            actor=editor,
            year=last_year,
            unit=city,
            title=title_for_year(review.title, review.year, last_year),
            source=version.source.replace("2023年", f"{last_year + 1}年").replace(
                "2022年", f"{last_year}年"
            ),
            created_by=editor,
        )
        made += 1
    return made


@transaction.atomic
def _year(year: int, today: dt.date, city: Unit) -> dict[str, int]:
    ledger = LaterLedger(year, today)
    ledger.year(year)
    cases = LaterCases(year, today).run()
    return {**ledger.counts, "cases": cases, "targets": _targets(year, city)}


def load_demo_later(today: dt.date) -> dict[str, int]:
    """Every year after the seed's up to `today`; nothing for a year already made."""
    counts = {"years": 0, "records": 0, "links": 0, "cases": 0, "targets": 0, "reviews": 0}
    city = Unit.objects.filter(code=DEPARTMENT).first()
    if city is None or not Indicator.objects.filter(is_illustrative=True).exists():
        return counts
    for year in later_years(today):
        if _year_made(year, city):
            continue
        for key, value in _year(year, today, city).items():
            counts[key] += value
        counts["years"] += 1
    with transaction.atomic():
        counts["reviews"] = _reviews(today, city)
    return counts
