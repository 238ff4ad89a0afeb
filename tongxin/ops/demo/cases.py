"""The cases demo: the objects behind the 2022 review's 港澳台侨 and enterprise figures,
built only with the real services, so the ledger records they write are the ones the
indicators count (the ledger demo leaves these figures of 2022 to this step; see
ledger_plan.CASES_ROWS):

- the enterprise registry: 85 invented enterprises with valid GB 32100 codes, 10 of
  them 台资 and new to the city in 2022 (each arrival a 新引进企业 record);
- 75 requests raised at the two 港澳台侨 "面对面" forums of 2022: 73 taken through the
  whole state machine to closed (73 企业诉求解决 records), 2 refused;
- credit lines at three matchmaking meetings, 62.38亿元 in all (28 授信签约 records;
  one county's lines reviewed by the department, one returned and resubmitted);
- 46 projects promoted at the 3 investment events (46 推介项目 records), some moved
  on to talks, signing and the start of work (招商项目进展 records);
- 12 enterprises on the 2022 四川民营企业100强 list (12 ranking records) and the
  first 德阳非公企业50强, weighted criteria over 60 entrants, published (one ranking
  record of 50).

Deterministic (one seeded generator) and idempotent (nothing is created once any
illustrative enterprise exists).
"""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from tongxin.accounts.models import Unit, User
from tongxin.cases.creditcode import ALPHABET, check_character
from tongxin.cases.deadlines import add_working_days
from tongxin.cases.models import (
    HMTO_OWNERSHIPS,
    CaseCategory,
    CaseSource,
    Enterprise,
    Ownership,
    Satisfaction,
)
from tongxin.cases.money import to_yuan
from tongxin.cases.services.cases import (
    case_assign,
    case_category_ensure,
    case_close,
    case_feedback,
    case_receive,
    case_reply,
    case_screen,
    case_start,
)
from tongxin.cases.services.credit import credit_line_add, credit_meeting_create
from tongxin.cases.services.enterprises import enterprise_create, enterprise_membership_add
from tongxin.cases.services.projects import project_advance, project_create
from tongxin.cases.services.rankings import (
    ranking_create,
    ranking_criterion_add,
    ranking_publish,
    ranking_review,
    ranking_values_set,
)
from tongxin.core.clock import business_time
from tongxin.ledger.models import RecordStatus, RecordType, WorkArea, WorkRecord
from tongxin.ledger.services import (
    record_approve,
    record_create,
    record_return,
    record_submit,
    record_update,
)
from tongxin.ops.demo.cases_plan import (
    BANKS,
    CORES,
    COUNTY_CREDIT_MEETINGS,
    CREDIT_LINES,
    CREDIT_NOTE,
    DEPT_CREDIT_MEETING,
    FOLLOW_UP,
    FORUMS,
    NOT_ACCEPTED,
    PLACES,
    PROJECT_KINDS,
    PROJECTS_PER_EVENT,
    RAISED,
    REQUESTS,
    RETURNED_CREDIT,
    TOP50,
    TOP50_CRITERIA,
    TOP100,
    TRADES,
    UNSATISFIED_NOTE,
)
from tongxin.ops.demo.ledger import AUTHORS, COUNTY_CODES
from tongxin.ops.demo.ledger_figures import DEPARTMENT, HMTO_TAG

SEED = 2022
YEAR = 2022
COUNTS = [
    "enterprises",
    "cases",
    "credit_lines",
    "projects",
    "evaluations",
    "memberships",
    "records",
]
LAST_DAY = dt.date(YEAR, 12, 28)  # nothing of the demo year falls in the last days
NEW_TAIWAN = 10  # 台资 enterprises that came to the city in 2022
TOP100_MEMBERS = 12
TOP50_ENTRANTS = 60
LATE_REPLIES = 5  # requests answered after their deadline
UNSATISFIED = 2  # requests sent back once by the enterprise's verdict
# The events of 2022 as the ledger demo names them (its pool, taken in order).
EVENTS = [
    ("涉台企业招商推介会", (2022, 3, 24)),
    ("“川台合作”智能制造项目专场推介会", (2022, 6, 16)),
    ("海外侨商德阳行投资推介会", (2022, 9, 9)),
]


def _date(parts) -> dt.date:
    return dt.date(*parts)


def _at(day: dt.date, hour: int = 16) -> dt.datetime:
    """A moment of `day` in the configured time zone (back-dated timeline entries)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 30)))


class DemoCases:
    def __init__(self, seed: int = SEED):
        self.rng = random.Random(seed)
        self.units = {u.code: u for u in Unit.objects.filter(code__in=[DEPARTMENT, *COUNTY_CODES])}
        self.dept = self.units[DEPARTMENT]
        names = {AUTHORS[code] for code in COUNTY_CODES} | {"editor", "leader"}
        users = {u.username: u for u in User.objects.filter(username__in=names)}
        self.editor, self.leader = users["editor"], users["leader"]
        self.reporters = {code: users[AUTHORS[code]] for code in COUNTY_CODES}
        self.categories = {c.name: c for c in CaseCategory.objects.all()}
        self.codes: set[str] = set()
        self.registry: dict[str, list[Enterprise]] = {}
        self.forum_records: list[WorkRecord] = []
        self.returned = False  # one county credit line is sent back once
        self.counts = dict.fromkeys(COUNTS, 0)

    # --- the registry ----------------------------------------------------------------

    def credit_code(self, district: str, founded: dt.date) -> str:
        """9 (工商) 1 (企业), the district's code, an organisation code (MA… for those
        registered since 2016, as the registry issues them), the check character."""
        while True:
            if founded.year >= 2016:
                body = "MA" + "".join(self.rng.choice(ALPHABET) for _ in range(7))
            else:
                body = "".join(self.rng.choice("0123456789") for _ in range(9))
            first17 = f"91{district}{body}"
            code = first17 + check_character(first17)
            if code not in self.codes:
                self.codes.add(code)
                return code

    def enterprise(self, ownership: str, core: str, *, arrived_on=None) -> Enterprise:
        district = self.rng.choice(COUNTY_CODES)
        section, trade = self.rng.choice(TRADES)
        if arrived_on:
            founded = arrived_on - dt.timedelta(days=self.rng.randint(0, 45))
        else:
            founded = dt.date(self.rng.randint(1998, 2018), self.rng.randint(1, 12), 1)
            if ownership != Ownership.PRIVATE:
                # Came years ago: before any year of the demo's ledger, so the
                # arrival is history and no 2019–2023 figure counts it twice.
                arrived_on = min(
                    founded + dt.timedelta(days=self.rng.randint(0, 400)), dt.date(2018, 6, 30)
                )
                founded = min(founded, arrived_on)
        place = (
            "四川"
            if ownership != Ownership.PRIVATE and self.rng.random() < 0.4
            else PLACES[district]
        )
        # Its arrival is recorded (and approved) the day it came.
        with business_time(_at(arrived_on or LAST_DAY, 10)):
            enterprise = enterprise_create(
                actor=self.editor,
                name=f"{place}{core}{trade}有限公司",
                credit_code=self.credit_code(district, founded),
                district=self.units[district],
                industry=section,
                ownership=ownership,
                founded_on=founded,
                arrived_on=arrived_on,
                is_illustrative=True,
            )
        self.registry.setdefault(ownership, []).append(enterprise)
        self.counts["enterprises"] += 1
        return enterprise

    def enterprises(self) -> None:
        arrivals = sorted(
            dt.date(YEAR, 1, 1) + dt.timedelta(days=self.rng.randrange(20, 340))
            for _ in range(NEW_TAIWAN)
        )
        for i, core in enumerate(CORES[Ownership.TAIWAN]):
            self.enterprise(
                Ownership.TAIWAN, core, arrived_on=arrivals[i] if i < NEW_TAIWAN else None
            )
        for ownership in (
            Ownership.HONGKONG,
            Ownership.MACAO,
            Ownership.OVERSEAS_CHINESE,
            Ownership.PRIVATE,
        ):
            for core in CORES[ownership]:
                self.enterprise(ownership, core)

    @property
    def hmto(self) -> list[Enterprise]:
        return [e for o in HMTO_OWNERSHIPS for e in self.registry.get(o, [])]

    # --- ledger records the cases hang on --------------------------------------------

    def dept_record(self, type_code: str, title: str, date: dt.date, **fields) -> WorkRecord:
        """The department's approved record of the demo year with this type (and title),
        the ledger demo's when it made one; else recorded here as the department would."""
        found = WorkRecord.objects.filter(
            is_illustrative=True,
            unit=self.dept,
            record_type__code=type_code,
            title=title,
            date__year=YEAR,
            status=RecordStatus.APPROVED,
        ).first()
        if found:
            return found
        record_type = RecordType.objects.get(code=type_code)
        record = record_create(
            actor=self.editor,
            unit=self.dept,
            record_type=record_type,
            date=date,
            title=title,
            count=1 if record_type.has_count else None,
            participants=self.rng.randint(40, 120) if record_type.has_participants else None,
            submit=True,
            is_illustrative=True,
            clear_autosave=False,
            **fields,
        )
        return record_approve(actor=self.leader, record=record)

    # --- requests ----------------------------------------------------------------------

    def forums(self) -> list[WorkRecord]:
        area = WorkArea.objects.get(code="HMTO")
        self.forum_records = [
            self.dept_record(
                "forum",
                title,
                _date(day),
                area=area,
                tags=[HMTO_TAG],
                description="港澳台侨企业负责人面对面反映困难问题，现场登记诉求并明确责任单位。",
            )
            for title, day in FORUMS
        ]
        return self.forum_records

    def requests(self) -> None:
        hmto = self.hmto
        plans = []
        for forum, raised in zip(self.forums(), RAISED, strict=True):
            plans += [
                (forum, self.rng.choice(hmto), self.rng.randrange(len(REQUESTS)))
                for _ in range(raised)
            ]
        late = set(self.rng.sample(range(len(plans)), LATE_REPLIES))
        unsatisfied = set(self.rng.sample(sorted(set(range(len(plans))) - late), UNSATISFIED))
        for i, (forum, enterprise, which) in enumerate(plans):
            self.request(forum, enterprise, which, late=i in late, unsatisfied=i in unsatisfied)
        forums = self.forum_records
        for forum_index, reason in NOT_ACCEPTED:
            category, title, _ = REQUESTS[self.rng.randrange(len(REQUESTS))]
            with business_time(_at(forums[forum_index].date, 17)):
                case = case_receive(
                    actor=self.editor,
                    enterprise=self.rng.choice(hmto),
                    source=CaseSource.FORUM,
                    category=self.categories[category],
                    title=title,
                    received_on=forums[forum_index].date,
                    forum_record=forums[forum_index],
                )
                case_screen(actor=self.editor, case=case, accepted=False, reason=reason)
            self.counts["cases"] += 1

    def request(self, forum, enterprise, which, *, late: bool, unsatisfied: bool) -> None:
        category_name, title, reply = REQUESTS[which]
        category = self.categories[category_name]
        # The timeline is dated when its steps happened (the business clock).
        with business_time(_at(forum.date, 17)):
            case = self.start_request(forum, enterprise, category, title)
        handler = self.handler
        days = (
            category.resolve_days + self.rng.randint(2, 6)
            if late
            else self.rng.randint(1, category.resolve_days)
        )
        replied = add_working_days(forum.date, days)
        with business_time(_at(replied)):
            case = case_reply(actor=handler, case=case, reply=reply, replied_at=_at(replied))
        if unsatisfied:
            with business_time(_at(replied, 18)):
                case = case_feedback(
                    actor=self.editor,
                    case=case,
                    satisfaction=Satisfaction.UNSATISFIED,
                    note=UNSATISFIED_NOTE,
                )
            replied = add_working_days(replied, 3)
            with business_time(_at(replied)):
                case = case_reply(
                    actor=handler, case=case, reply=f"{reply}{FOLLOW_UP}", replied_at=_at(replied)
                )
        verdict = Satisfaction.SATISFIED if self.rng.random() < 0.88 else Satisfaction.BASICALLY
        with business_time(_at(replied, 18)):
            case = case_feedback(actor=self.editor, case=case, satisfaction=verdict)
        closed_on = replied + dt.timedelta(days=self.rng.randint(1, 4))
        with business_time(_at(closed_on, 11)):
            case_close(actor=self.editor, case=case, closed_on=closed_on)
        self.counts["cases"] += 1

    def start_request(self, forum, enterprise, category, title):
        """Received at the forum, accepted, assigned and started the same day."""
        case = case_receive(
            actor=self.editor,
            enterprise=enterprise,
            source=CaseSource.FORUM,
            category=category,
            title=title,
            description=f"{enterprise.name}在{forum.title}上提出：{title}。",
            received_on=forum.date,
            forum_record=forum,
        )
        case = case_screen(actor=self.editor, case=case, accepted=True)
        # Financing goes to the department itself; the rest to the enterprise's county,
        # sometimes with a neighbouring county assisting.
        if category.name == "融资信贷":
            lead, self.handler = self.dept, self.editor
        else:
            lead = enterprise.district
            self.handler = self.reporters[lead.code]
        assisting = []
        if category.name == "要素保障" and self.rng.random() < 0.3:
            assisting = [self.units[self.rng.choice([c for c in COUNTY_CODES if c != lead.code])]]
        case = case_assign(actor=self.editor, case=case, lead_unit=lead, assisting_units=assisting)
        return case_start(actor=self.handler, case=case)

    # --- credit ------------------------------------------------------------------------

    def credit(self) -> None:
        record = WorkRecord.objects.filter(
            is_illustrative=True,
            unit=self.dept,
            record_type__code="meeting",
            title=DEPT_CREDIT_MEETING,
            date__year=YEAR,
        ).first() or self.dept_record("meeting", DEPT_CREDIT_MEETING, dt.date(YEAR, 6, 21))
        meetings = [
            (
                self.editor,
                credit_meeting_create(
                    actor=self.editor,
                    title=DEPT_CREDIT_MEETING,
                    date=record.date,
                    unit=self.dept,
                    meeting_record=record,
                ),
            )
        ]
        for code, title, day in COUNTY_CREDIT_MEETINGS:
            reporter = self.reporters[code]
            meeting = credit_meeting_create(
                actor=reporter, title=title, date=_date(day), unit=self.units[code]
            )
            meetings.append((reporter, meeting))
        hmto = self.hmto
        for (actor, meeting), lines in zip(meetings, CREDIT_LINES, strict=True):
            local = [e for e in hmto if e.district_id == meeting.unit_id] or hmto
            for value, unit in lines:
                line = credit_line_add(
                    actor=actor,
                    meeting=meeting,
                    enterprise=self.rng.choice(local if actor != self.editor else hmto),
                    bank=self.rng.choice(BANKS),
                    amount=to_yuan(value, unit),
                )
                self.counts["credit_lines"] += 1
                if line.record.status == RecordStatus.SUBMITTED:
                    self.review_credit(actor, line.record)

    def review_credit(self, author: User, record: WorkRecord) -> None:
        """A county's line waits for the department; the first is sent back once for
        its contract, which the county adds before resubmitting."""
        if not self.returned:
            self.returned = True
            record = record_return(actor=self.editor, record=record, reason=RETURNED_CREDIT)
            record = record_update(
                actor=author,
                record=record,
                expected_version=record.version,
                changes={"description": CREDIT_NOTE},
            )
            record = record_submit(actor=author, record=record)
        record_approve(actor=self.editor, record=record)

    # --- projects ----------------------------------------------------------------------

    def projects(self) -> None:
        events = [self.dept_record("investment_event", title, _date(day)) for title, day in EVENTS]
        investors = [
            e
            for e in self.hmto
            if e.ownership in (Ownership.TAIWAN, Ownership.OVERSEAS_CHINESE, Ownership.HONGKONG)
        ]
        for event, n in zip(events, PROJECTS_PER_EVENT, strict=True):
            for investor in self.rng.sample(investors, n):
                short = investor.name.removesuffix("有限公司")
                project = project_create(
                    actor=self.editor,
                    name=f"{short}{self.rng.choice(PROJECT_KINDS)}项目",
                    investor=investor,
                    unit=self.dept,
                    event_record=event,
                    amount=Decimal(self.rng.randint(5000, 300000) * 10000),
                )
                self.counts["projects"] += 1
                self.advance(project, event.date)

    def advance(self, project, since: dt.date) -> None:
        """Some projects move on: about half to talks, of those most to signing, of
        those half to the start of work, each within the year."""
        chances = (0.55, 0.6, 0.5)
        for chance in chances:
            if self.rng.random() >= chance:
                return
            since = since + dt.timedelta(days=self.rng.randint(20, 75))
            if since > LAST_DAY:
                return
            project = project_advance(actor=self.editor, project=project, on=since)

    # --- lists and the ranking --------------------------------------------------------

    def ranking(self) -> None:
        private = self.registry[Ownership.PRIVATE]
        entrants = private + self.rng.sample(self.hmto, TOP50_ENTRANTS - len(private))
        evaluation = ranking_create(
            actor=self.editor, name=TOP50, year=YEAR, unit=self.dept, size=50
        )
        criteria = [
            ranking_criterion_add(
                actor=self.editor,
                evaluation=evaluation,
                name=name,
                weight=Decimal(weight),
                higher_is_better=higher,
            )
            for name, weight, higher, _ in TOP50_CRITERIA
        ]
        revenue = {}
        for enterprise in entrants:
            size = self.rng.random() ** 2  # a few large enterprises, many smaller
            values = {}
            for criterion, (_, _, _, (low, high)) in zip(criteria, TOP50_CRITERIA, strict=True):
                share = size if criterion.name != "研发投入强度（%）" else self.rng.random()
                spread = self.rng.uniform(0.85, 1.15)
                value = Decimal(min(high, low + (high - low) * share * spread)).quantize(
                    Decimal("0.1")
                )
                values[criterion] = value
            revenue[enterprise] = values[criteria[0]]
            ranking_values_set(
                actor=self.editor, evaluation=evaluation, enterprise=enterprise, values=values
            )
        with business_time(_at(dt.date(YEAR, 11, 16), 10)):
            evaluation = ranking_review(actor=self.editor, evaluation=evaluation)
        with business_time(_at(dt.date(YEAR, 11, 18), 10)):
            ranking_publish(
                actor=self.leader, evaluation=evaluation, published_on=dt.date(YEAR, 11, 18)
            )
        self.counts["evaluations"] += 1
        # The largest private enterprises are on the province's list.
        largest = sorted(private, key=lambda e: -revenue[e])[:TOP100_MEMBERS]
        ranks = sorted(self.rng.sample(range(18, 100), TOP100_MEMBERS))
        for enterprise, rank in zip(largest, ranks, strict=True):
            enterprise_membership_add(
                actor=self.editor,
                enterprise=enterprise,
                year=YEAR,
                list_name=TOP100,
                rank=rank,
                listed_on=dt.date(YEAR, 9, 14),
            )
            self.counts["memberships"] += 1


def already_loaded() -> bool:
    return Enterprise.objects.filter(is_illustrative=True).exists()


@transaction.atomic
def load_demo_cases() -> dict[str, int]:
    """The registry, requests, credit, projects and rankings of 2022; running it twice
    creates nothing new."""
    if already_loaded():
        return dict.fromkeys(COUNTS, 0)
    case_category_ensure()
    demo = DemoCases()
    before = WorkRecord.objects.count()
    # What the steps stamp without a date of its own (a record approved, say) falls in
    # the demo year, not on the day the demo is loaded; the requests' timelines and
    # the ranking carry their own days.
    with business_time(_at(LAST_DAY, 10)):
        demo.enterprises()
        demo.requests()
        demo.credit()
        demo.projects()
        demo.ranking()
    demo.counts["records"] = WorkRecord.objects.count() - before
    return demo.counts
