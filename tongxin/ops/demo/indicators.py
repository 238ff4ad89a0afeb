"""The demo's indicators: one for every figure of the Deyang 2022 review, defined over
the demo ledger (tongxin.ops.demo.ledger_figures says which records stand behind each),
the provincial ranking as a manual figure, and targets for 2022 and 2023; beside
them, the requests' and projects' own counts and rates, counted like everything else
from the ledger records the cases services write (CASES_COUNTS, CASES_RATES)."""

from decimal import Decimal

from django.db import transaction

from tongxin.accounts.models import Unit
from tongxin.indicators.models import Indicator, IndicatorKind, LinkFilter
from tongxin.indicators.services import indicator_create, manual_value_set, target_set
from tongxin.ledger.models import RecordType, WorkArea

# (topic, published) -> code, name, unit word, keywords (the words a text names it by)
NAMES = {
    ("省委领导肯定性批示", "7件"): (
        "praise_instructions",
        "省委领导肯定性批示",
        "件",
        "肯定性批示 批示",
    ),
    ("排忧纾困", "5场"): ("entrepreneur_forums", "“面对面”恳谈会", "场", "恳谈会 对接会 面对面"),
    ("排忧纾困", "十五条措施"): ("policy_measures", "惠企政策措施", "条", "措施 政策"),
    ("选树典型", "12家"): ("provincial_top100", "入围四川民营企业100强", "家", "100强 入围"),
    ("选树典型", "50强"): ("top50_ranking", "德阳非公企业50强", "家", "50强 非公企业"),
    ("阵地建设", "10个"): ("tongxin_bases", "“同心德阳”统战工作基地", "个", "统战工作基地 基地"),
    ("阵地建设", "每季度一次"): (
        "site_meetings",
        "基层统战工作现场推进会",
        "次",
        "现场推进会 推进会",
    ),
    ("阵地建设", "十大案例"): ("innovation_cases", "创新特色案例", "个", "案例"),
    ("创新招引", "3场"): (
        "investment_events",
        "涉侨涉台招商推介活动",
        "场",
        "招商推介 推介活动 招商",
    ),
    ("创新招引", "46个"): ("projects_promoted", "推介项目", "个", "推介项目 项目"),
    ("创新招引", "10家"): ("new_taiwan_enterprises", "新增台资企业", "家", "台资企业"),
    ("搭建交流平台", "70余件"): (
        "hmto_problems_solved",
        "协调解决港澳台侨企业困难问题",
        "件",
        "困难问题 问题",
    ),
    ("搭建交流平台", "62.38亿元"): ("hmto_credit", "港澳台侨企业授信签约", "元", "授信签约 授信"),
    ("多党合作", "6次"): ("party_consultations", "政党协商会", "次", "政党协商 协商会"),
    ("多党合作", "7篇"): ("party_reports", "民主党派高质量调研报告", "篇", "调研报告 报告"),
    ("多党合作", "5篇"): (
        "party_reports_instructed",
        "获省市领导批示的调研报告",
        "篇",
        "批示 获批示",
    ),
    ("多党合作", "3篇"): (
        "party_reports_adopted",
        "被全国政协、全国人大采用的调研报告",
        "篇",
        "采用 被采用",
    ),
    ("民族团结", "400余个"): (
        "teaching_sites",
        "浸润式教学体验阵地",
        "个",
        "教学体验阵地 阵地 教学点",
    ),
    ("民族团结", "40余个"): ("course_modules", "研发板块", "个", "板块 课程"),
    ("民族团结", "8套"): ("model_course_sets", "精品示范课程", "套", "精品示范课程 课程"),
    ("民族团结", "800余场次"): (
        "themed_activities",
        "铸牢中华民族共同体意识主题活动",
        "场次",
        "主题活动",
    ),
    ("民族团结", "3场"): ("provincial_events", "承办全省性活动", "场", "全省性活动 承办"),
    ("宗教", "12个"): ("religious_venues", "宗教活动场所法治示范场所", "个", "示范场所 场所"),
    ("人才队伍", "200余人"): ("trainees", "培训党外代表人士", "人", "培训 参训 人数"),
    ("人才队伍", "16名"): ("secondment_batch4", "第4批党外干部挂职", "名", "第4批 挂职"),
    ("人才队伍", "49名"): ("secondments", "党外干部上挂下派", "名", "上挂下派 挂职"),
}
RANK_CODE = "provincial_rank"
HMTO = "港澳台侨企业"
# Counted from the records the cases services write (tongxin.cases.services): a
# request accepted (企业诉求受理), its resolution tagged 按期办结 when replied by the
# deadline and with the enterprise's verdict, a project's stage reached (招商项目进展).
# code -> name, unit word, record type, tags, keywords (never words of the review's
# own figures, so the figure audit binds nothing new).
CASES_COUNTS = {
    "hmto_requests_accepted": (
        "受理港澳台侨企业诉求",
        "件",
        "request_accepted",
        [HMTO],
        "受理诉求 诉求受理",
    ),
    "hmto_requests_on_time": (
        "按期办结的港澳台侨企业诉求",
        "件",
        "problem_solved",
        [HMTO, "按期办结"],
        "按期办结",
    ),
    "hmto_requests_satisfied": (
        "企业满意的港澳台侨企业诉求",
        "件",
        "problem_solved",
        [HMTO, "满意"],
        "满意",
    ),
    "projects_in_talks": ("进入洽谈的招商项目", "个", "project_progress", ["项目洽谈"], "洽谈项目"),
    "projects_signed": ("签约的招商项目", "个", "project_progress", ["项目签约"], "签约项目"),
    "projects_started": ("开工的招商项目", "个", "project_progress", ["项目开工"], "开工项目"),
}
# code -> name, numerator, denominator, keywords, target (%).
CASES_RATES = {
    "hmto_reply_rate": (
        "港澳台侨企业诉求答复办结率",
        "hmto_problems_solved",
        "hmto_requests_accepted",
        "答复办结率 办结率",
        95,
    ),
    "hmto_on_time_rate": (
        "港澳台侨企业诉求按期办结率",
        "hmto_requests_on_time",
        "hmto_problems_solved",
        "按期办结率",
        90,
    ),
    "hmto_satisfaction_rate": (
        "港澳台侨企业诉求满意率",
        "hmto_requests_satisfied",
        "hmto_problems_solved",
        "满意率",
        85,
    ),
}
LINKS = {"instruction_on": LinkFilter.HAS_INSTRUCTION, "adopted_from": LinkFilter.HAS_ADOPTION}


def _indicators(figures) -> list[Indicator]:
    types = {t.code: t for t in RecordType.objects.all()}
    made = []
    for order, figure in enumerate(figures):
        code, name, unit_word, keywords = NAMES[(figure["topic"], figure["published"])]
        record_type = types[figure["record_type"]]
        link = figure["link"]
        made.append(
            indicator_create(
                actor=None,
                code=code,
                name=name,
                unit_word=unit_word,
                kind=figure["kind"],
                measure=figure["measure"] or "",
                scope=figure["scope"],
                area=record_type.area,
                record_types=[record_type],
                tags=figure["tags"],
                link_filter=LINKS[link[0]] if link else "",
                keywords=keywords,
                aliases=f"{name}\n{figure['topic']}",
                sort_order=order,
                is_illustrative=True,
            )
        )
    return made


def _cases_indicators(start: int) -> list[Indicator]:
    types = {t.code: t for t in RecordType.objects.select_related("area")}
    made = {}
    for order, (code, (name, word, type_code, tags, keywords)) in enumerate(
        CASES_COUNTS.items(), start=start
    ):
        made[code] = indicator_create(
            actor=None,
            code=code,
            name=name,
            unit_word=word,
            kind=IndicatorKind.COUNT,
            area=types[type_code].area,
            record_types=[types[type_code]],
            tags=tags,
            keywords=keywords,
            sort_order=order,
            is_illustrative=True,
        )
    parts = {
        i.code: i for i in Indicator.objects.filter(code__in=list(made) + ["hmto_problems_solved"])
    }
    for order, (code, (name, numerator, denominator, keywords, _)) in enumerate(
        CASES_RATES.items(), start=start + len(made)
    ):
        made[code] = indicator_create(
            actor=None,
            code=code,
            name=name,
            unit_word="%",
            kind=IndicatorKind.RATIO,
            area=types["problem_solved"].area,
            numerator=parts[numerator],
            denominator=parts[denominator],
            keywords=keywords,
            sort_order=order,
            is_illustrative=True,
        )
    return list(made.values())


@transaction.atomic
def load_demo_indicators() -> dict[str, int]:
    """Idempotent: nothing is created when the demo indicators exist."""
    from tongxin.ops.demo.ledger_figures import DEPARTMENT, FIGURES

    if Indicator.objects.filter(is_illustrative=True).exists():
        return {"indicators": 0, "targets": 0}
    city = Unit.objects.get(code=DEPARTMENT)
    made = _indicators(FIGURES)
    made.append(
        indicator_create(
            actor=None,
            code="media_reports",
            name="媒体宣传报道",
            unit_word="篇",
            kind=IndicatorKind.COUNT,
            record_types=[RecordType.objects.get(code="publicity")],
            area=WorkArea.objects.get(code="PUBLICITY"),
            sort_order=len(made),
            keywords="报道 宣传",
            is_illustrative=True,
        )
    )
    made += _cases_indicators(len(made))
    rank = indicator_create(
        actor=None,
        code=RANK_CODE,
        name="全省统战工作目标考核排名",
        unit_word="名",
        kind=IndicatorKind.MANUAL,
        higher_is_better=False,
        area=WorkArea.objects.get(code="GENERAL"),
        sort_order=0,
        keywords="排名 方阵",
        aliases="第一方阵\n保五奔三",
        is_illustrative=True,
    )
    # Illustrative history of the provincial ranking; 2023's aim: 保五奔三.
    for year, value in ((2019, 8), (2020, 7), (2021, 6), (2022, 5)):
        manual_value_set(
            actor=None, indicator=rank, unit=city, year=year, value=Decimal(value), note="演示数据"
        )
    targets = 0
    for year in (2022, 2023):
        target_set(
            actor=None, indicator=rank, unit=city, year=year, value=Decimal(3), floor=Decimal(5)
        )
        targets += 1
    by_code = {i.code: i for i in made}
    for code, (*_, aim) in CASES_RATES.items():
        for year in (2022, 2023):
            target_set(
                actor=None, indicator=by_code[code], unit=city, year=year, value=Decimal(aim)
            )
            targets += 1
    exact = {NAMES[(f["topic"], f["published"])][0]: f["exact"] for f in FIGURES}
    for indicator in made:
        base = exact.get(indicator.code)
        if base is None:
            continue
        # 2022's targets were set a little below what was achieved, 2023's a little above.
        for year, factor in ((2022, Decimal("0.9")), (2023, Decimal("1.1"))):
            value = max(Decimal(1), (Decimal(base) * factor).quantize(Decimal(1)))
            target_set(actor=None, indicator=indicator, unit=city, year=year, value=value)
            targets += 1
    return {"indicators": len(made) + 1, "targets": targets}
