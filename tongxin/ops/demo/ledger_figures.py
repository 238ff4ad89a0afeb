"""Which 2022 demo records stand behind each figure of the Deyang 2022 review.

One dict per row of `../shared/seed/deyang-2022-figures.tsv` (the 目标 row, a manual
figure, is left out), in the file's order; a row is found by (topic, published). Each
dict is one indicator definition over the approved records dated in 2022:

- kind "count": how many records; "sum": `measure` (count, participants, amount)
  added up over them.
- scope "own": records of `unit` itself (the department's own work is recorded on
  510600, never on its sections); "subtree": records of `unit` and every unit below it
  (the six counties' work rolls up to the city).
- tags: the record must carry every one of them. A tag is used where the same record
  type also holds other work in the same scope (problems of private enterprises
  beside those of Taiwan-funded ones, reports of the department beside the
  democratic parties' reports, themed activities on religion beside those on the
  Chinese national community).
- link: None, or (kind, "in"): the record is the *target* of a link of that kind.
  Links read `source <kind> target`, the later record pointing at the one it is
  about: an instruction record is `instruction_on` the report, an adoption record is
  `adopted_from` the report (indicators' LinkFilter has_instruction / has_adoption).
  A report with two instructions counts once.

The 7 praising instructions from provincial leaders are the department's instruction
records tagged 省委领导肯定性批示 (each linked `instruction_on` the work it praises,
never a report); the instructions on the democratic parties' reports carry no such
tag, so "7 instructions" (a tag filter) and "5 reports with an instruction" (a link
filter) count different records. The 4th batch of seconded cadres is tagged 第4批
and is part of the 49 of the year (every secondment record of the city).
"""

DEPARTMENT = "510600"

PRAISE_TAG = "省委领导肯定性批示"
PARTY_TAG = "民主党派"
HMTO_TAG = "港澳台侨企业"

FIGURES = [
    {
        "topic": "省委领导肯定性批示",
        "published": "7件",
        "exact": 7,
        "record_type": "instruction",
        "kind": "count",
        "measure": None,
        "scope": "own",
        "unit": DEPARTMENT,
        "tags": [PRAISE_TAG],
        "link": None,
    },
    {
        "topic": "排忧纾困",
        "published": "5场",
        "exact": 5,
        "record_type": "forum",
        "kind": "count",
        "measure": None,
        "scope": "own",
        "unit": DEPARTMENT,
        "tags": [],
        "link": None,
    },
    {
        "topic": "排忧纾困",
        "published": "十五条措施",
        "exact": 15,
        "record_type": "policy",
        "kind": "sum",
        "measure": "count",
        "scope": "own",
        "unit": DEPARTMENT,
        "tags": ["惠企政策"],
        "link": None,
    },
    {
        "topic": "选树典型",
        "published": "12家",
        "exact": 12,
        "record_type": "ranking",
        "kind": "sum",
        "measure": "count",
        "scope": "subtree",
        "unit": DEPARTMENT,
        "tags": ["四川民营企业100强"],
        "link": None,
    },
    {
        "topic": "选树典型",
        "published": "50强",
        "exact": 50,
        "record_type": "ranking",
        "kind": "sum",
        "measure": "count",
        "scope": "own",
        "unit": DEPARTMENT,
        "tags": ["德阳非公企业50强"],
        "link": None,
    },
    {
        "topic": "阵地建设",
        "published": "10个",
        "exact": 10,
        "record_type": "base",
        "kind": "count",
        "measure": None,
        "scope": "subtree",
        "unit": DEPARTMENT,
        "tags": ["同心德阳"],
        "link": None,
    },
    {
        "topic": "阵地建设",
        "published": "每季度一次",
        "exact": 4,
        "record_type": "site_meeting",
        "kind": "count",
        "measure": None,
        "scope": "own",
        "unit": DEPARTMENT,
        "tags": [],
        "link": None,
    },
    {
        "topic": "阵地建设",
        "published": "十大案例",
        "exact": 10,
        "record_type": "case_study",
        "kind": "count",
        "measure": None,
        "scope": "subtree",
        "unit": DEPARTMENT,
        "tags": ["十大创新特色案例"],
        "link": None,
    },
    {
        "topic": "创新招引",
        "published": "3场",
        "exact": 3,
        "record_type": "investment_event",
        "kind": "count",
        "measure": None,
        "scope": "own",
        "unit": DEPARTMENT,
        "tags": [],
        "link": None,
    },
    {
        "topic": "创新招引",
        "published": "46个",
        "exact": 46,
        "record_type": "project_promoted",
        "kind": "count",
        "measure": None,
        "scope": "own",
        "unit": DEPARTMENT,
        "tags": [],
        "link": None,
    },
    {
        "topic": "创新招引",
        "published": "10家",
        "exact": 10,
        "record_type": "new_enterprise",
        "kind": "count",
        "measure": None,
        "scope": "subtree",
        "unit": DEPARTMENT,
        "tags": ["台资企业"],
        "link": None,
    },
    {
        "topic": "搭建交流平台",
        "published": "70余件",
        "exact": 73,
        "record_type": "problem_solved",
        "kind": "count",
        "measure": None,
        "scope": "subtree",
        "unit": DEPARTMENT,
        "tags": [HMTO_TAG],
        "link": None,
    },
    {
        "topic": "搭建交流平台",
        "published": "62.38亿元",
        "exact": 6238000000,
        "record_type": "credit",
        "kind": "sum",
        "measure": "amount",
        "scope": "subtree",
        "unit": DEPARTMENT,
        "tags": [HMTO_TAG],
        "link": None,
    },
    {
        "topic": "多党合作",
        "published": "6次",
        "exact": 6,
        "record_type": "consultation",
        "kind": "count",
        "measure": None,
        "scope": "own",
        "unit": DEPARTMENT,
        "tags": [],
        "link": None,
    },
    {
        "topic": "多党合作",
        "published": "7篇",
        "exact": 7,
        "record_type": "report",
        "kind": "count",
        "measure": None,
        "scope": "own",
        "unit": DEPARTMENT,
        "tags": [PARTY_TAG],
        "link": None,
    },
    {
        "topic": "多党合作",
        "published": "5篇",
        "exact": 5,
        "record_type": "report",
        "kind": "count",
        "measure": None,
        "scope": "own",
        "unit": DEPARTMENT,
        "tags": [PARTY_TAG],
        "link": ("instruction_on", "in"),
    },
    {
        "topic": "多党合作",
        "published": "3篇",
        "exact": 3,
        "record_type": "report",
        "kind": "count",
        "measure": None,
        "scope": "own",
        "unit": DEPARTMENT,
        "tags": [PARTY_TAG],
        "link": ("adopted_from", "in"),
    },
    {
        "topic": "民族团结",
        "published": "400余个",
        "exact": 412,
        "record_type": "teaching_site",
        "kind": "sum",
        "measure": "count",
        "scope": "subtree",
        "unit": DEPARTMENT,
        "tags": [],
        "link": None,
    },
    {
        "topic": "民族团结",
        "published": "40余个",
        "exact": 43,
        "record_type": "course",
        "kind": "sum",
        "measure": "count",
        "scope": "subtree",
        "unit": DEPARTMENT,
        "tags": [],
        "link": None,
    },
    {
        "topic": "民族团结",
        "published": "8套",
        "exact": 8,
        "record_type": "course_set",
        "kind": "count",
        "measure": None,
        "scope": "subtree",
        "unit": DEPARTMENT,
        "tags": [],
        "link": None,
    },
    {
        "topic": "民族团结",
        "published": "800余场次",
        "exact": 826,
        "record_type": "activity",
        "kind": "sum",
        "measure": "count",
        "scope": "subtree",
        "unit": DEPARTMENT,
        "tags": ["铸牢中华民族共同体意识"],
        "link": None,
    },
    {
        "topic": "民族团结",
        "published": "3场",
        "exact": 3,
        "record_type": "provincial_event",
        "kind": "count",
        "measure": None,
        "scope": "subtree",
        "unit": DEPARTMENT,
        "tags": [],
        "link": None,
    },
    {
        "topic": "宗教",
        "published": "12个",
        "exact": 12,
        "record_type": "venue",
        "kind": "count",
        "measure": None,
        "scope": "subtree",
        "unit": DEPARTMENT,
        "tags": [],
        "link": None,
    },
    {
        "topic": "人才队伍",
        "published": "200余人",
        "exact": 216,
        "record_type": "training",
        "kind": "sum",
        "measure": "participants",
        "scope": "own",
        "unit": DEPARTMENT,
        "tags": [],
        "link": None,
    },
    {
        "topic": "人才队伍",
        "published": "16名",
        "exact": 16,
        "record_type": "secondment",
        "kind": "sum",
        "measure": "count",
        "scope": "subtree",
        "unit": DEPARTMENT,
        "tags": ["第4批"],
        "link": None,
    },
    {
        "topic": "人才队伍",
        "published": "49名",
        "exact": 49,
        "record_type": "secondment",
        "kind": "sum",
        "measure": "count",
        "scope": "subtree",
        "unit": DEPARTMENT,
        "tags": [],
        "link": None,
    },
]


def figure(topic: str, published: str) -> dict:
    """The mapping row of a figure, by the review's topic and printed figure."""
    for row in FIGURES:
        if row["topic"] == topic and row["published"] == published:
            return row
    raise KeyError((topic, published))
