"""The demo's assessment: the six counties scored on the demo indicators in 2021 and
2022 (the 2022 scheme a copy of 2021's, so the page compares the two years), a
democratic evaluation whose tallies become the 2022 manual item, a bonus backed by a
ledger record, a 2023 draft copied from 2022, and the department's two recurring
meetings (a site meeting every quarter, the leading group twice a year), and the 10
"同心德阳" bases of 2022 as sites, the training classes and seconded cadres behind
the 2022 figures (names illustrative), and the department's tiers in the provincial
assessment of 2019–2023 beside the demo's ranks. Built with
the real services; it adds no ledger record, so the 2022 figures stay as they are.
Idempotent."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from tongxin.accounts.models import Unit
from tongxin.assessment.models import ItemKind, Scheme, SiteCategory
from tongxin.assessment.services import evaluation as evaluation_services
from tongxin.assessment.services import meetings as meeting_services
from tongxin.assessment.services import programmes as programme_services
from tongxin.assessment.services import schemes as scheme_services
from tongxin.assessment.services import sites as site_services
from tongxin.core.clock import business_time
from tongxin.indicators.models import Indicator
from tongxin.indicators.periods import period_for
from tongxin.indicators.selectors import load_definitions, records_matching
from tongxin.ledger.models import RecordStatus, RecordType, WorkRecord
from tongxin.ops.demo.ledger import COUNTY_CODES
from tongxin.ops.demo.ledger_figures import DEPARTMENT

SCHEME_NAME = "区县统战工作目标考核"
# (indicator code, item name, max score, method, target or thresholds)
INDICATOR_ITEMS = [
    ("hmto_problems_solved", "协调解决港澳台侨企业困难问题", 15, "linear", "10"),
    ("hmto_credit", "港澳台侨企业授信签约金额", 15, "linear", "1000000000"),
    ("teaching_sites", "浸润式教学体验阵地建设", 10, "thresholds", "80 100\n60 80\n40 60"),
    ("themed_activities", "铸牢中华民族共同体意识主题活动", 10, "linear", "120"),
    ("trainees", "培训党外代表人士", 10, "thresholds", "120 100\n80 80\n60 60"),
    ("innovation_cases", "创新特色案例", 10, "linear", "2"),
    ("tongxin_bases", "“同心德阳”统战工作基地", 10, "linear", "2"),
]
EVALUATION_ITEM = "述职民主测评"
BONUS_ITEM = "创新工作加分"
# Ballots per county in 2022's evaluation: (好, 较好, 一般, 差), 24 raters.
BALLOTS = {
    "510603": (18, 5, 1, 0),
    "510604": (12, 9, 3, 0),
    "510681": (16, 6, 2, 0),
    "510682": (13, 8, 3, 0),
    "510683": (15, 7, 2, 0),
    "510623": (10, 10, 3, 1),
}
GRADES = ("good", "fair_good", "fair", "poor")
# 2021's evaluation, entered by hand (the system began in 2022): score of 20.
SCORES_2021 = {
    "510603": "18.0",
    "510604": "16.5",
    "510681": "17.5",
    "510682": "17.0",
    "510683": "16.0",
    "510623": "15.5",
}
# Bonuses of 2022, each backed by the county's approved record of a casebook case.
BONUSES = {"510683": ("3", "案例入选全省统战工作创新案例"), "510603": ("2", "经验做法获省级推广")}


def _scheme(year: int, units: list[Unit], city: Unit) -> Scheme:
    scheme = scheme_services.scheme_create(
        actor=None, year=year, name=SCHEME_NAME, units=units, unit=city
    )
    indicators = Indicator.objects.in_bulk(
        [code for code, *_ in INDICATOR_ITEMS], field_name="code"
    )
    for code, name, max_score, method, rule in INDICATOR_ITEMS:
        scheme_services.scheme_item_add(
            actor=None,
            scheme=scheme,
            name=name,
            kind=ItemKind.INDICATOR,
            max_score=Decimal(max_score),
            indicator=indicators[code],
            method=method,
            target=Decimal(rule) if method == "linear" else None,
            thresholds=rule if method == "thresholds" else "",
        )
    scheme_services.scheme_item_add(
        actor=None, scheme=scheme, name=EVALUATION_ITEM, kind=ItemKind.MANUAL, max_score=Decimal(20)
    )
    return scheme


def _evaluate(scheme: Scheme, units: dict[str, Unit]) -> None:
    item = scheme.items.get(name=EVALUATION_ITEM)
    raters = sum(BALLOTS[next(iter(BALLOTS))])
    evaluation = evaluation_services.evaluation_create(
        actor=None, scheme=scheme, item=item, title="2022年度述职民主测评", token_count=raters + 6
    )
    columns = {
        code: [g for g, n in zip(GRADES, counts, strict=True) for _ in range(n)]
        for code, counts in BALLOTS.items()
    }
    tokens = list(evaluation.tokens.values_list("token", flat=True)[:raters])
    for i, token in enumerate(tokens):
        evaluation_services.evaluation_vote(
            token=token, grades={units[code].pk: columns[code][i] for code in BALLOTS}
        )
    evaluation_services.evaluation_close(actor=None, evaluation=evaluation)


def _bonuses(scheme: Scheme, units: dict[str, Unit]) -> None:
    item = scheme_services.scheme_item_add(
        actor=None, scheme=scheme, name=BONUS_ITEM, kind=ItemKind.BONUS, max_score=Decimal(3)
    )
    cases = Indicator.objects.get(code="innovation_cases").record_types.all()
    for code, (score, comment) in BONUSES.items():
        evidence = (
            WorkRecord.objects.filter(
                unit__path__startswith=units[code].path,
                record_type__in=cases,
                status=RecordStatus.APPROVED,
                date__year=scheme.year,
            )
            .order_by("date", "pk")
            .first()
        )
        if evidence is None:
            continue
        scheme_services.manual_score_set(
            actor=None,
            item=item,
            unit=units[code],
            score=Decimal(score),
            comment=comment,
            evidence_record=evidence,
        )


# The department's tiers in the provincial assessment beside the demo's ranks (8th,
# 7th, 6th, 5th in 2019–2022; 2023 not yet ranked): (tier, tier aimed for, slogan).
# The slogans of 2022 and 2023 say what those years' targets say (3rd, at worst 5th).
STANDINGS = {
    2019: ("第二方阵", "第一方阵", "争先进位"),
    2020: ("第一方阵", "第一方阵", "进入第一方阵"),
    2021: ("第一方阵", "第一方阵", "稳居第一方阵"),
    2022: ("第一方阵", "第一方阵", "保五奔三"),
    2023: ("", "第一方阵", "保五奔三"),
}


def _standings(city: Unit) -> int:
    """Idempotent on its own, so a demo loaded before tiers existed gets them."""
    from tongxin.assessment.models import ProvincialStanding
    from tongxin.assessment.services.standing import provincial_standing_set
    from tongxin.ops.demo.indicators import RANK_CODE

    rank = Indicator.objects.filter(code=RANK_CODE).first()
    if rank is None or ProvincialStanding.objects.filter(indicator=rank).exists():
        return 0
    for year, (tier, target_tier, slogan) in STANDINGS.items():
        provincial_standing_set(
            actor=None,
            indicator=rank,
            unit=city,
            year=year,
            tier=tier,
            target_tier=target_tier,
            slogan=slogan,
            note="演示数据",
        )
    return len(STANDINGS)


def _meetings(city: Unit) -> None:
    types = RecordType.objects.in_bulk(["site_meeting", "meeting"], field_name="code")
    meeting_services.recurring_meeting_create(
        actor=None,
        name="全市基层统战工作现场推进会",
        unit=city,
        record_type=types["site_meeting"],
        per_year=4,
        start_year=2021,
    )
    meeting_services.recurring_meeting_create(
        actor=None,
        name="市委统战工作领导小组会议",
        unit=city,
        record_type=types["meeting"],
        title_contains="领导小组",
        per_year=2,
        start_year=2021,
    )


def _published(year: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year + 1, 1, 20, 10))


def _bases(units: dict[str, Unit]) -> int:
    """The 10 "同心德阳" bases of 2022: exactly the records the bases indicator counts,
    each registered as a site; each 2022 site meeting is linked to a base of the
    county it was held in."""
    indicator = Indicator.objects.get(code="tongxin_bases")
    records = records_matching(load_definitions([indicator])[0], period_for(2022))
    made = []
    for record in records.select_related("unit").order_by("date", "pk"):
        made.append(
            site_services.site_create(
                actor=None,
                name=record.title.split("获评")[0],
                unit=record.unit,
                category=SiteCategory.BASE,
                designation="“同心德阳”统战工作基地",
                designated_on=record.date,
                record=record,
            )
        )
    by_county = {}
    for site in made:
        by_county.setdefault(site.unit.name, site)
    meetings = WorkRecord.objects.filter(
        record_type__code="site_meeting", status=RecordStatus.APPROVED, date__year=2022
    )
    for meeting in meetings:
        site = next((s for name, s in by_county.items() if name in meeting.title), None)
        if site is not None:
            site_services.site_record_link(actor=None, site=site, record=meeting)
    return len(made)


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = ["明", "华", "静", "磊", "芳", "勇", "敏", "杰", "丽", "强", "婷", "军", "洁", "涛"]
HOME_UNITS = [
    "民革德阳市委会",
    "民盟德阳市委会",
    "民建德阳市委会",
    "民进德阳市委会",
    "农工党德阳市委会",
    "九三学社德阳市委会",
    "德阳市工商联",
]
HOST_UNITS = [
    "德阳市发展和改革委员会",
    "德阳市经济和信息化局",
    "德阳市商务局",
    "德阳市科学技术局",
    "德阳市市场监督管理局",
    "德阳市文化广电旅游局",
]


def _counted(code: str, city: Unit):
    """The approved 2022 records an indicator counts at the city."""
    indicator = Indicator.objects.get(code=code)
    records = records_matching(load_definitions([indicator])[0], period_for(2022))
    if indicator.scope == "own":
        records = records.filter(unit=city)
    return records.select_related("unit").prefetch_related("tags").order_by("date", "pk")


def _programmes(city: Unit) -> dict[str, int]:
    """The classes and secondments behind the 2022 figures, attached to the records
    the trainees and secondments indicators already count."""
    classes = [
        programme_services.training_class_create(
            actor=None, unit=record.unit, name=record.title, record=record
        )
        for record in _counted("trainees", city)
    ]
    people = 0
    for record in _counted("secondments", city):
        tags = {t.name for t in record.tags.all()}
        batch = 4 if "第4批" in tags else None
        persons = []
        for _ in range(record.count or 0):
            name = SURNAMES[people % len(SURNAMES)] + GIVEN[(people * 7) % len(GIVEN)]
            persons.append(
                {
                    "person_name": name,
                    "home_unit": HOME_UNITS[people % len(HOME_UNITS)],
                    "host_unit": HOST_UNITS[(people * 5) % len(HOST_UNITS)],
                }
            )
            people += 1
        programme_services.secondment_batch_create(
            actor=None,
            unit=record.unit,
            batch=batch,
            persons=persons,
            start=record.date,
            end=record.date + dt.timedelta(days=182),
            record=record,
        )
    return {"training_classes": len(classes), "secondments": people}


@transaction.atomic
def load_demo_assessment() -> dict[str, int]:
    city = Unit.objects.get(code=DEPARTMENT)
    standings = _standings(city)
    if Scheme.objects.filter(name=SCHEME_NAME).exists():
        return {"schemes": 0, "standings": standings}
    units = {u.code: u for u in Unit.objects.filter(code__in=COUNTY_CODES)}
    ordered = [units[code] for code in COUNTY_CODES]
    last_year = _scheme(2021, ordered, city)
    item = last_year.items.get(name=EVALUATION_ITEM)
    # Scores are entered, and the evaluation held, days before the scheme's publication.
    with business_time(_published(2021) - dt.timedelta(days=5)):
        for code, score in SCORES_2021.items():
            scheme_services.manual_score_set(
                actor=None,
                item=item,
                unit=units[code],
                score=Decimal(score),
                comment="2021年度述职民主测评（手工录入）",
            )
    # Each year's scheme is published early the next (the business clock dates it).
    with business_time(_published(2021)):
        scheme_services.scheme_publish(actor=None, scheme=last_year)
    scheme = scheme_services.scheme_copy(actor=None, scheme=last_year, year=2022)
    with business_time(_published(2022) - dt.timedelta(days=5)):
        _evaluate(scheme, units)
        _bonuses(scheme, units)
    with business_time(_published(2022)):
        scheme_services.scheme_publish(actor=None, scheme=scheme)
    scheme_services.scheme_copy(actor=None, scheme=scheme, year=2023)
    _meetings(city)
    return {
        "schemes": 3,
        "recurring_meetings": 2,
        "sites": _bases(units),
        **_programmes(city),
        "standings": standings,
    }
