"""The standard work areas and record types of a united front department.

Every deployment starts with these; editors adjust them later. Counting words
follow official usage (场 for forums, 篇 for reports, 件 for instructions ...).
"""

from django.db import transaction

from tongxin.audit.services import audit_log
from tongxin.ledger.models import RecordType, WorkArea

AREAS = [
    ("GENERAL", "综合与领导小组"),
    ("ECONOMY", "民营经济"),
    ("PARTIES", "多党合作"),
    ("ETHNIC", "民族工作"),
    ("RELIGION", "宗教工作"),
    ("HMTO", "港澳台侨"),
    ("CADRES", "党外干部与人才"),
    ("PUBLICITY", "统战宣传"),
]

# code, name, area, count word, carries participants, carries an amount
TYPES = [
    ("meeting", "会议", "GENERAL", "次", True, False),
    ("instruction", "领导批示", "GENERAL", "件", False, False),
    ("base", "工作基地", "GENERAL", "个", False, False),
    ("site_meeting", "现场推进会", "GENERAL", "次", True, False),
    ("case_study", "创新案例", "GENERAL", "个", False, False),
    ("forum", "恳谈会", "ECONOMY", "场", True, False),
    ("policy", "政策文件", "ECONOMY", "条", False, False),
    ("ranking", "企业评选与榜单", "ECONOMY", "家", False, False),
    ("consultation", "政党协商", "PARTIES", "次", True, False),
    ("report", "调研报告", "PARTIES", "篇", False, False),
    ("adoption", "报告采用", "PARTIES", "篇", False, False),
    ("teaching_site", "教学点", "ETHNIC", "个", False, False),
    ("course", "课程", "ETHNIC", "个", False, False),
    ("course_set", "精品课程", "ETHNIC", "套", False, False),
    ("activity", "主题活动", "ETHNIC", "场次", True, False),
    ("provincial_event", "全省性活动", "ETHNIC", "场", True, False),
    ("venue", "示范场所", "RELIGION", "个", False, False),
    ("investment_event", "招商推介活动", "HMTO", "场", True, False),
    ("project_promoted", "推介项目", "HMTO", "个", False, True),
    ("project_progress", "招商项目进展", "HMTO", "个", False, True),
    ("new_enterprise", "新引进企业", "HMTO", "家", False, True),
    ("request_accepted", "企业诉求受理", "HMTO", "件", False, False),
    ("problem_solved", "企业诉求解决", "HMTO", "件", False, False),
    ("credit", "授信签约", "HMTO", "笔", False, True),
    ("training", "培训班", "CADRES", "期", True, False),
    ("secondment", "挂职锻炼", "CADRES", "名", False, False),
    ("publicity", "宣传报道", "PUBLICITY", "篇", False, False),
]


@transaction.atomic
def catalogue_ensure(*, actor=None) -> dict[str, int]:
    """Create the standard areas and types that are missing; idempotent."""
    created = {"areas": 0, "types": 0}
    areas = {a.code: a for a in WorkArea.objects.all()}
    for order, (code, name) in enumerate(AREAS):
        if code not in areas:
            areas[code] = WorkArea.objects.create(code=code, name=name, sort_order=order)
            audit_log(
                actor=actor,
                action="area.create",
                obj=areas[code],
                after={"code": code, "name": name},
            )
            created["areas"] += 1
    existing = set(RecordType.objects.values_list("code", flat=True))
    for order, (code, name, area, word, participants, amount) in enumerate(TYPES):
        if code in existing:
            continue
        record_type = RecordType.objects.create(
            code=code,
            name=name,
            area=areas[area],
            count_word=word,
            has_participants=participants,
            has_amount=amount,
            sort_order=order,
        )
        audit_log(
            actor=actor,
            action="record_type.create",
            obj=record_type,
            after={"code": code, "name": name, "count_word": word},
        )
        created["types"] += 1
    return created
