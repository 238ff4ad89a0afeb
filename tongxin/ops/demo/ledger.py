"""The demo ledger: five years (2019–2023) of the department's and the six counties'
work, built with the real services (record_create, record_approve, record_link_create)
so every record has its audit trail. In 2022 the approved records, together with
those the cases demo's objects write (ledger_plan.CASES_ROWS: requests, credit lines,
projects, enterprises, lists), give exactly the figures of the Deyang review as
ledger_figures.FIGURES defines them; other years follow the same layouts at the
volumes of a trend. Deterministic (one seeded generator) and
idempotent (nothing is created once any illustrative record exists).
"""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from tongxin.accounts.models import Unit, User
from tongxin.accounts.roles import Role
from tongxin.accounts.services.users import user_create
from tongxin.core.clock import business_time
from tongxin.ledger.catalogue import catalogue_ensure
from tongxin.ledger.models import LinkKind, RecordStatus, RecordType, WorkArea, WorkRecord
from tongxin.ledger.services import (
    record_approve,
    record_create,
    record_link_create,
    record_return,
    record_withdraw,
)
from tongxin.ops.demo.accounts import DEMO_PASSWORD, TOP_UNIT_CODE
from tongxin.ops.demo.ledger_figures import FIGURES, PRAISE_TAG
from tongxin.ops.demo.ledger_plan import (
    AMOUNTS,
    CASES_MEETINGS,
    CASES_ROWS,
    DEPT_MEETINGS,
    DESCRIPTIONS,
    FILLER,
    FILLER_POOLS,
    HMTO_MEETINGS,
    LAYOUTS,
    PARTICIPANTS,
)

SEED = 2022
FIGURE_YEAR = 2022
YEARS = range(2019, 2024)
# Volumes against 2022; 2020 dips with the epidemic.
TREND = {2019: 0.6, 2020: 0.5, 2021: 0.8, 2022: 1.0, 2023: 1.12}

# The county reporters the accounts demo lacks: (username, display name, unit code).
COUNTY_REPORTERS = [
    ("jingyang", "刘洋", "510603"),
    ("luojiang", "赵敏", "510604"),
    ("mianzhu", "杨帆", "510683"),
    ("zhongjiang", "黄磊", "510623"),
]
AUTHORS = {
    TOP_UNIT_CODE: "editor",
    "510603": "jingyang",
    "510604": "luojiang",
    "510681": "guanghan",
    "510682": "shifang",
    "510683": "mianzhu",
    "510623": "zhongjiang",
}
COUNTY_CODES = [code for code in AUTHORS if code != TOP_UNIT_CODE]
# Records of November and December 2023 are partly still in review (the inbox).
PENDING_STATUSES = [
    RecordStatus.APPROVED,
    RecordStatus.SUBMITTED,
    RecordStatus.RETURNED,
    RecordStatus.DRAFT,
]
PENDING_WEIGHTS = [60, 25, 8, 7]
RETURN_REASONS = [
    "请补充佐证材料（活动照片、签到表）。",
    "参与人数与签到表不一致，请核实。",
    "标题请写明活动名称和地点。",
]
# Work a provincial leader's praising instruction may be about (never a report), and
# how the instruction names it.
PRAISABLE = {
    "base": "“同心德阳”统战工作基地建设",
    "case_study": "基层统战工作创新做法",
    "policy": "发挥统战优势助力经济发展工作",
    "activity": "学校铸牢中华民族共同体意识主题教育实践活动",
    "credit": "服务港澳台侨企业融资工作",
    "secondment": "党外干部上挂下派工作",
    "ranking": "民营企业选树典型工作",
    "site_meeting": "基层统战工作现场推进机制",
    "provincial_event": "民族团结进步工作",
}
PARTY_REPORTS = ("多党合作", "7篇")
SOURCES = {
    ("多党合作", "5篇"): ("instruction", LinkKind.INSTRUCTION_ON),
    ("多党合作", "3篇"): ("adoption", LinkKind.ADOPTED_FROM),
}
INSTRUCTORS = ["省领导", "市委主要领导", "市政府主要领导", "市委分管领导"]
ADOPTERS = ["全国政协", "全国人大"]


def at(day: dt.date, hour: int) -> dt.datetime:
    """A moment of `day` in the configured time zone: what the services stamp."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 30)))


@dataclass
class Ctx:
    """What a title is made of (see ledger_plan)."""

    r: random.Random
    u: str
    y: int
    i: int
    x: str
    n: int | None
    m: int
    county: str


def create_county_reporters() -> int:
    units = {u.code: u for u in Unit.objects.filter(code__in=COUNTY_CODES)}
    existing = set(User.objects.values_list("username", flat=True))
    created = 0
    for username, display_name, code in COUNTY_REPORTERS:
        if username not in existing and code in units:
            user_create(
                actor=None,
                username=username,
                display_name=display_name,
                role=Role.REPORTER,
                unit=units[code],
                password=DEMO_PASSWORD,
            )
            created += 1
    return created


def split(rng: random.Random, total: int, parts: int) -> list[int]:
    """`total` in `parts` positive, uneven integers."""
    if total <= 0:
        return []
    parts = max(1, min(parts, total))
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    values = [1 + int((total - parts) * w / sum(weights)) for w in weights]
    for k in range(total - sum(values)):
        values[k % parts] += 1
    return values


class DemoLedger:
    def __init__(self, seed: int = SEED):
        self.rng = random.Random(seed)
        self.units = {u.code: u for u in Unit.objects.filter(code__in=AUTHORS)}
        self.users = {
            u.username: u for u in User.objects.filter(username__in=[*AUTHORS.values(), "leader"])
        }
        self.types = {t.code: t for t in RecordType.objects.select_related("area")}
        self.areas = {a.code: a for a in WorkArea.objects.all()}
        self.figures = {(f["topic"], f["published"]): f for f in FIGURES}
        self.counts = {"records": 0, "links": 0}
        self.volumes: dict = {}  # (row key, year) -> volume made
        self.made: dict = {}  # row key -> records of the year being made
        self.anchors: dict = {}  # meeting title -> the department's meeting of the year

    # --- one record, one link ------------------------------------------------------

    def record(
        self,
        code,
        type_code,
        date,
        title,
        *,
        tags=(),
        area=None,
        count=None,
        participants=None,
        amount=None,
        status=RecordStatus.APPROVED,
    ) -> WorkRecord:
        record_type = self.types[type_code]
        author = self.users[AUTHORS[code]]
        if count is None and record_type.has_count:
            count = 1
        if participants is None and record_type.has_participants:
            participants = self.rng.randint(*PARTICIPANTS.get(type_code, (20, 100)))
            if type_code == "activity" and count:
                participants *= count
        if amount is None and record_type.has_amount:
            amount = Decimal(self.rng.randint(*AMOUNTS[type_code]) * 10000)
        end_date = (
            date + dt.timedelta(days=self.rng.randint(2, 4)) if type_code == "training" else None
        )
        date, end_date = self.clamp(date, end_date)
        status = self.pending(date, status)
        with business_time(at(date, 17)):  # entered on the day, reviewed the next
            record = record_create(
                actor=author,
                unit=self.units[code],
                record_type=record_type,
                area=self.areas[area] if area else None,
                date=date,
                end_date=end_date if end_date and end_date.year == date.year else None,
                title=title,
                description=f"{date.month}月{date.day}日，{self.units[code].name}{DESCRIPTIONS[type_code]}",
                count=count,
                participants=participants,
                amount=amount,
                tags=list(tags),
                submit=status != RecordStatus.DRAFT,
                is_illustrative=True,
            )
        self.counts["records"] += 1
        reviewer = self.users["leader" if code == TOP_UNIT_CODE else "editor"]
        with business_time(at(date + dt.timedelta(days=1), 10)):
            if status == RecordStatus.APPROVED:
                record = record_approve(actor=reviewer, record=record)
            elif status == RecordStatus.RETURNED:
                reason = self.rng.choice(RETURN_REASONS)
                record = record_return(actor=reviewer, record=record, reason=reason)
        return record

    def clamp(self, date, end_date):
        """The seed years' dates as planned (later years stop before the load day)."""
        return date, end_date

    def pending(self, date, status):
        """Records of November and December 2023 are partly still in review."""
        if date.year == 2023 and date.month >= 11 and status == RecordStatus.APPROVED:
            status = self.rng.choices(PENDING_STATUSES, PENDING_WEIGHTS)[0]
        return status

    def trend(self, year) -> float:
        return TREND[year]

    def link(self, source, target, kind) -> None:
        record_link_create(actor=self.users["editor"], source=source, target=target, kind=kind)
        self.counts["links"] += 1

    # --- dates and contexts --------------------------------------------------------

    def dates(self, year, n, months=None) -> list[dt.date]:
        rng = self.rng
        if months:
            chosen = (
                sorted(rng.sample(months, n))
                if n <= len(months)
                else sorted(rng.choices(months, k=n))
            )
            return [dt.date(year, m, rng.randint(8, 28)) for m in chosen]
        return sorted(dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365)) for _ in range(n))

    def name(self, code) -> str:
        """How a title names the unit: the city for the department's own work."""
        return "德阳市" if code == TOP_UNIT_CODE else self.units[code].name

    def ctx(self, code, year, i, x="", n=None, date=None) -> Ctx:
        county = self.units[self.rng.choice(COUNTY_CODES)].name
        return Ctx(self.rng, self.name(code), year, i, x, n, date.month if date else 1, county)

    def who(self, who) -> list[str]:
        codes = {"dept": [TOP_UNIT_CODE], "counties": list(COUNTY_CODES)}.get(who)
        codes = codes or [TOP_UNIT_CODE, *COUNTY_CODES]
        self.rng.shuffle(codes)
        return codes

    # --- a year --------------------------------------------------------------------

    def year(self, year: int) -> None:
        self.made = {}
        self.anchors = self.dept_meetings(year)
        for key, layout in LAYOUTS.items():
            self.row(key, layout, year)
        for key in SOURCES:
            self.linked(key, year)
        self.praise(year)
        self.filler(year)

    def volume(self, key, layout, year) -> int:
        figure = self.figures[key]
        if year in layout.get("fixed", {}):
            total = layout["fixed"][year]
        elif year == FIGURE_YEAR:
            total = figure["exact"]
        elif year < layout.get("start", YEARS[0]):
            total = 0
        else:
            total = round(figure["exact"] * self.trend(year) * self.rng.uniform(0.9, 1.1))
        if "minus" in layout:
            total -= self.volumes.get((layout["minus"], year), 0)
        self.volumes[(key, year)] = total
        return total

    def dept_meetings(self, year) -> dict[str, WorkRecord]:
        anchors = {}
        for title, months in DEPT_MEETINGS:
            if year == FIGURE_YEAR and title in CASES_MEETINGS:
                continue
            for date in self.dates(year, len(months), months):
                area = "HMTO" if title in HMTO_MEETINGS else None
                anchors[title] = self.record(TOP_UNIT_CODE, "meeting", date, title, area=area)
        return anchors

    def row(self, key, layout, year) -> None:
        if year == FIGURE_YEAR and key in CASES_ROWS:
            return
        figure = self.figures[key]
        total = self.volume(key, layout, year)
        measure = figure["measure"] if figure["kind"] == "sum" else None
        step = 10000 if measure == "amount" else 1
        if measure:
            low, high = (v // step for v in layout["per"])
            values = split(self.rng, total // step, round(total / step / ((low + high) / 2)))
        else:
            values = [None] * total
        tags = list(figure["tags"])
        if layout.get("batch_tag"):
            tags = [f"第{year - 2018}批"]
        codes = self.who(layout["who"])
        pool = list(layout.get("pool", [""]))
        # 2022 takes the pool in order: its first items are the review's own words.
        offset = 0 if year == FIGURE_YEAR else self.rng.randrange(len(pool))
        made = self.made.setdefault(key, [])
        anchors = self.anchor_records(layout, year)
        for i, (value, date) in enumerate(
            zip(values, self.dates(year, len(values), layout.get("months")), strict=True)
        ):
            code = codes[i % len(codes)]
            anchor = self.rng.choice(anchors) if anchors and code == TOP_UNIT_CODE else None
            if anchor and layout["anchor"][2]:
                date = anchor.date
            value = value * step if value is not None else None
            c = self.ctx(code, year, i + 1, pool[(offset + i) % len(pool)], value, date)
            fields = {measure: Decimal(value) if measure == "amount" else value} if measure else {}
            title = layout["title"](c)
            record = self.record(code, figure["record_type"], date, title, tags=tags, **fields)
            made.append(record)
            if anchor and anchor.date <= record.date:
                self.link(record, anchor, layout["anchor"][1])
        # 2022 shows a record entered twice, the copy withdrawn (the cases demo shows a
        # record returned and resubmitted).
        if year == FIGURE_YEAR and key == ("阵地建设", "十大案例"):
            self.withdrawn_duplicate(made[-1])

    def anchor_records(self, layout, year) -> list[WorkRecord]:
        if "anchor" not in layout:
            return []
        name = layout["anchor"][0]
        if isinstance(name, tuple):
            return list(self.made.get(name, []))
        return [self.anchors[name]] if name in self.anchors else []

    def linked(self, key, year) -> None:
        """Instructions on, and adoptions of, the democratic parties' reports."""
        type_code, kind = SOURCES[key]
        reports = self.made.get(PARTY_REPORTS, [])
        total = min(self.volume(key, {}, year), len(reports))
        targets = self.rng.sample(reports, total)
        # One report praised by two leaders: it still counts once.
        extra = targets[:1] if type_code == "instruction" and year >= 2021 else []
        for report in targets + extra:
            date = min(
                report.date + dt.timedelta(days=self.rng.randint(20, 90)), dt.date(year, 12, 28)
            )
            party = report.title.split("《")[0]
            if type_code == "instruction":
                title = f"{self.rng.choice(INSTRUCTORS)}对{party}调研报告作出批示"
            else:
                central = party.removesuffix("德阳市委会").removesuffix("德阳市总支") + "中央"
                title = f"{party}调研报告被{self.rng.choice([central, *ADOPTERS])}采用"
            source = self.record(TOP_UNIT_CODE, type_code, date, title, tags=["民主党派"])
            self.link(source, report, kind)

    def praise(self, year) -> None:
        key = ("省委领导肯定性批示", "7件")
        pool = [r for rows in self.made.values() for r in rows]
        pool = [
            r for r in pool if r.record_type.code in PRAISABLE and r.status == RecordStatus.APPROVED
        ]
        total = min(self.volume(key, {}, year), len(pool))
        for target in self.rng.sample(pool, total):
            date = min(
                target.date + dt.timedelta(days=self.rng.randint(15, 60)), dt.date(year, 12, 28)
            )
            where = self.name(target.unit.code)
            title = f"省委领导对{where}{PRAISABLE[target.record_type.code]}作出肯定性批示"
            source = self.record(TOP_UNIT_CODE, "instruction", date, title, tags=[PRAISE_TAG])
            self.link(source, target, LinkKind.INSTRUCTION_ON)

    def filler(self, year) -> None:
        for who, type_code, per_unit, title, tags, area in FILLER:
            for code in self.who(who):
                n = int(
                    per_unit * self.trend(year) * self.rng.uniform(0.8, 1.2) + self.rng.random()
                )
                for date in self.dates(year, n):
                    picks = {name: self.rng.choice(pool) for name, pool in FILLER_POOLS.items()}
                    picks["u"] = self.name(code)
                    record_tags = [t.format(**picks) for t in tags]
                    self.record(
                        code, type_code, date, title.format(**picks), tags=record_tags, area=area
                    )

    # --- the review flow, shown in 2022 ----------------------------------------------

    def withdrawn_duplicate(self, original: WorkRecord) -> None:
        """A record entered twice; the copy is withdrawn and counts nowhere."""
        code = original.unit.code
        copy = self.record(
            code,
            original.record_type.code,
            original.date,
            original.title,
            tags=[t.name for t in original.tags.all()],
            status=RecordStatus.SUBMITTED,
        )
        with business_time(at(original.date + dt.timedelta(days=1), 9)):
            record_withdraw(actor=self.users[AUTHORS[code]], record=copy)


def already_loaded() -> bool:
    """Has this demo run? Its first record is the department's first meeting of 2019
    (other apps' illustrative records, an article read in, say, don't count)."""
    return WorkRecord.objects.filter(
        is_illustrative=True,
        unit__code=TOP_UNIT_CODE,
        record_type__code="meeting",
        title=DEPT_MEETINGS[0][0],
        date__year=YEARS[0],
    ).exists()


@transaction.atomic
def load_demo_ledger() -> dict[str, int]:
    """Five years of illustrative records; running it twice creates nothing new."""
    catalogue_ensure()
    result = {"users": create_county_reporters(), "records": 0, "links": 0}
    if already_loaded():
        return result
    ledger = DemoLedger()
    for year in YEARS:
        ledger.year(year)
    result.update(ledger.counts)
    return result
