"""What the demo ledger holds each year: how each figure of the review is laid out in
records (LAYOUTS, keyed like ledger_figures.FIGURES by topic and published figure), and
the everyday work around it (FILLER). Titles are lambdas of a `Ctx` (see demo.py):
c.u the unit's name, c.y the year, c.i the record's number in its row and year (from
1), c.x an item of the row's pool, c.n the record's count, c.m its month, c.county a
random county's name, c.r the random generator.

A layout: who records it ("dept" the department itself, "counties" the six counties,
"all" both); per: the range of the summed measure per record (sum rows); start: the
first year of the work; fixed: volumes by year overriding the trend; months: when
it happens; anchor: a department meeting or event the department's records are
linked to (kind, and whether they share its date); minus: a row whose volume is
part of this one's (the 4th batch within all secondments).
"""

PARTIES = [
    "民革德阳市委会",
    "民盟德阳市委会",
    "民建德阳市委会",
    "民进德阳市委会",
    "农工党德阳市委会",
    "致公党德阳市总支",
    "九三学社德阳市委会",
]
REPORT_TOPICS = [
    "“四五五六”发展总思路下民营经济倍增发展",
    "世界级重大装备制造基地建设",
    "德阳中心城区城市更新",
    "县域经济高质量发展",
    "三星堆文化旅游融合发展",
    "乡村人才振兴",
    "职业教育与产业协同发展",
    "优化营商环境",
    "中小企业专精特新发展",
    "成德同城化交通一体化",
    "基层医疗卫生服务能力提升",
    "清洁能源装备产业链",
]
BANKS = [
    "中国银行德阳分行",
    "工商银行德阳分行",
    "农业银行德阳分行",
    "建设银行德阳分行",
    "德阳农商银行",
    "德阳银行",
    "成都银行德阳分行",
    "邮储银行德阳市分行",
    "交通银行德阳分行",
    "兴业银行德阳分行",
]
INDUSTRIES = [
    "高端装备制造产业园",
    "新能源汽车零部件",
    "智能制造装备",
    "清洁能源装备配套",
    "通用航空零部件",
    "先进材料",
    "生物医药",
    "绿色食品精深加工",
    "现代物流园",
    "文旅康养",
    "数字经济产业园",
    "精细化工",
    "电子信息元器件",
    "节能环保装备",
    "精密模具",
    "医疗器械",
]
ENTERPRISES = ["台资企业", "台资企业", "侨资企业", "港资企业", "澳资企业"]
PROBLEMS = [
    "用工招聘",
    "融资贷款",
    "项目用地",
    "水电气保障",
    "物流运输",
    "子女入学",
    "出入境手续",
    "环评审批",
    "技改补贴申报",
    "厂房租赁",
    "知识产权保护",
    "税费减免",
    "人才公寓",
    "供应链对接",
]
CASES = [
    "同心驿站",
    "统战+乡村振兴",
    "新阶层人士服务站",
    "商会人民调解",
    "石榴籽家园",
    "侨胞之家",
    "同心护航营商环境",
    "党外人士建言直通车",
    "宗教场所积分制管理",
    "网络人士同心圆",
    "同心律师服务团",
    "知联会专家服务团",
    "同心助企联络员",
    "民族团结一家亲",
    "同心共富工坊",
    "新联会志愿服务",
    "侨智汇",
    "同心讲堂",
]
BASES = [
    "新的社会阶层人士实践创新",
    "民营经济统战工作",
    "民族团结进步",
    "港澳台侨服务",
    "党外知识分子建言献策",
    "乡村振兴统战",
    "网络人士联谊",
    "宗教中国化实践",
    "同心共富",
    "商会建设",
    "党外代表人士实践锻炼",
    "同心教育",
]
COURSES = [
    "石榴籽一家亲",
    "中华民族一家亲",
    "民族团结进步故事",
    "各民族交往交流交融",
    "三星堆与中华文明",
    "红色足迹中的民族团结",
    "非遗里的中华民族",
    "我们的节日",
    "大美中华",
    "同心向党",
]
OUTLETS = ["四川统战", "德阳日报", "中新网四川", "同心德阳", "德阳统一战线", "四川日报"]
STORIES = [
    "统战工作经验做法",
    "民营经济统战工作做法",
    "铸牢中华民族共同体意识工作成效",
    "“同心德阳”品牌建设",
    "新的社会阶层人士统战工作",
    "港澳台侨服务工作",
    "民族团结进步创建经验",
    "党外干部队伍建设做法",
    "宗教工作“三进”做法",
]
QUARTERS = [3, 6, 9, 12]

# Figures whose 2022 records the cases demo writes through the cases services
# (tongxin/cases/demo.py): enterprises arriving, list entries and the published
# ranking, projects promoted, requests solved, credit signed. The ledger makes them
# only in the other years, so nothing is counted twice.
CASES_ROWS = {
    ("选树典型", "12家"),
    ("选树典型", "50强"),
    ("创新招引", "46个"),
    ("创新招引", "10家"),
    ("搭建交流平台", "70余件"),
    ("搭建交流平台", "62.38亿元"),
}
# Of 2022's five forums, the two 港澳台侨 "面对面" forums are the cases demo's: the
# requests were raised there. In 2022 they replace the department's meeting of that
# name, held in the other years.
CASES_FORUMS = 2
CASES_MEETINGS = {"港澳台侨企业负责人“面对面”沟通协商会"}

LAYOUTS = {
    ("排忧纾困", "5场"): {
        "who": "dept",
        "fixed": {2022: 5 - CASES_FORUMS},
        "pool": [
            "德阳市民营企业家“面对面”恳谈会",
            "民营企业融资需求对接会",
            "重点民营企业“面对面”沟通协商会",
            "新生代民营企业家恳谈会",
            "民营企业用工需求对接会",
            "异地商会会长恳谈会",
            "民营企业科技创新对接会",
        ],
        "title": lambda c: c.x,
    },
    ("排忧纾困", "十五条措施"): {
        "who": "dept",
        "per": (10, 15),
        "fixed": {2019: 0, 2020: 10, 2021: 0, 2023: 12},
        "title": lambda c: {
            2020: "出台《统一战线支持民营企业共渡难关十条措施》",
            2022: "出台发挥统战优势“拼经济搞建设抓发展”十五条措施",
            2023: "出台《统一战线服务民营经济高质量发展十二条措施》",
        }[c.y],
    },
    ("选树典型", "12家"): {
        "who": "counties",
        "per": (1, 3),
        "title": lambda c: f"{c.u}{c.n}家民营企业入围{c.y}四川民营企业100强榜单",
        "months": [9],
    },
    ("选树典型", "50强"): {
        "who": "dept",
        "per": (50, 50),
        "fixed": {2019: 0, 2020: 0, 2021: 0, 2023: 50},
        "title": lambda c: (
            "首次评选并发布“德阳非公企业50强”"
            if c.y == 2022
            else f"评选发布{c.y}年“德阳非公企业50强”"
        ),
        "months": [11],
    },
    ("阵地建设", "10个"): {
        "who": "counties",
        "start": 2022,
        "fixed": {2023: 8},
        "pool": BASES,
        "title": lambda c: f"{c.u}{c.x}基地获评“同心德阳”统战工作基地",
    },
    ("阵地建设", "每季度一次"): {
        "who": "dept",
        "fixed": {2019: 2, 2020: 1, 2021: 2, 2023: 4},
        "months": QUARTERS,
        "title": lambda c: f"{c.y}年第{c.i}次全市基层统战工作现场推进会（{c.county}）",
    },
    ("阵地建设", "十大案例"): {
        "who": "counties",
        "start": 2021,
        "fixed": {2021: 10, 2023: 10},
        "pool": CASES,
        "months": [11, 12],
        "title": lambda c: f"{c.u}“{c.x}”入选{c.y}年度统战工作十大创新特色案例",
    },
    ("创新招引", "3场"): {
        "who": "dept",
        "pool": [
            "涉台企业招商推介会",
            "“川台合作”智能制造项目专场推介会",
            "海外侨商德阳行投资推介会",
            "港澳企业家德阳投资考察推介会",
        ],
        "title": lambda c: c.x,
    },
    ("创新招引", "46个"): {
        "who": "dept",
        "pool": INDUSTRIES,
        "anchor": (("创新招引", "3场"), "part_of", True),
        "title": lambda c: f"推介项目：{c.county}{c.x}项目",
    },
    ("创新招引", "10家"): {
        "who": "counties",
        "pool": INDUSTRIES,
        "title": lambda c: f"{c.u}新引进台资企业1家（{c.x}）",
    },
    ("搭建交流平台", "70余件"): {
        "who": "all",
        "anchor": ("港澳台侨企业负责人“面对面”沟通协商会", "raised_at", False),
        "title": lambda c: f"协调解决{c.u}{c.r.choice(ENTERPRISES)}{c.r.choice(PROBLEMS)}问题",
    },
    ("搭建交流平台", "62.38亿元"): {
        "who": "all",
        "per": (20000 * 10000, 80000 * 10000),
        "anchor": ("服务港澳台侨企业银政企对接会", "part_of", True),
        "pool": BANKS,
        "title": lambda c: f"{c.x}为{c.u}港澳台侨企业授信签约",
    },
    ("多党合作", "6次"): {
        "who": "dept",
        "pool": REPORT_TOPICS,
        "title": lambda c: f"{c.y}年第{c.i}次政党协商会：{c.x}",
    },
    ("多党合作", "7篇"): {
        "who": "dept",
        "pool": PARTIES,
        # Topics differ within a year: 5 and the 12 topics are coprime.
        "title": lambda c: (
            f"{c.x}《关于{REPORT_TOPICS[(5 * c.i + c.y) % len(REPORT_TOPICS)]}的调研报告》"
        ),
    },
    ("民族团结", "400余个"): {
        "who": "counties",
        "start": 2021,
        "per": (12, 40),
        "title": lambda c: f"{c.u}学校铸牢中华民族共同体意识浸润式教学体验阵地（{c.n}个）",
    },
    ("民族团结", "40余个"): {
        "who": "counties",
        "start": 2021,
        "per": (2, 6),
        "title": lambda c: f"{c.u}研发铸牢中华民族共同体意识课程板块{c.n}个",
    },
    ("民族团结", "8套"): {
        "who": "all",
        "start": 2021,
        "pool": COURSES,
        "title": lambda c: f"“{c.x}”铸牢中华民族共同体意识精品示范课程（{c.u}）",
    },
    ("民族团结", "800余场次"): {
        "who": "all",
        "per": (10, 40),
        "title": lambda c: f"{c.u}铸牢中华民族共同体意识主题活动（{c.m}月，{c.n}场次）",
    },
    ("民族团结", "3场"): {
        "who": "all",
        "pool": [
            "全省学校铸牢中华民族共同体意识教育现场推进会",
            "全省民族团结进步示范创建经验交流会",
            "四川省“石榴籽”民族团结进步主题展演",
            "全省民族地区对口帮扶工作座谈会",
        ],
        "title": lambda c: f"{c.u}承办{c.x}",
    },
    ("宗教", "12个"): {
        "who": "counties",
        "pool": ["佛教", "道教", "基督教", "天主教"],
        "title": lambda c: f"{c.u}{c.x}活动场所创建“坚持我国宗教中国化方向示范场所”",
    },
    ("人才队伍", "200余人"): {
        "who": "dept",
        "per": (40, 70),
        "pool": [
            "民主党派成员培训班",
            "党外知识分子培训班",
            "新的社会阶层人士培训班",
            "党外代表人士综合素质提升培训班",
            "非公有制经济人士理想信念教育培训班",
        ],
        "title": lambda c: f"{c.y}年{c.x}",
    },
    ("人才队伍", "16名"): {
        "who": "dept",
        "per": (5, 11),
        "batch_tag": True,
        "title": lambda c: (
            f"第{c.y - 2018}批{c.n}名党外干部赴"
            + ("省级部门" if c.i % 2 else "市县一线岗位")
            + "挂职锻炼"
        ),
        "months": [3, 4],
    },
    ("人才队伍", "49名"): {
        "who": "all",
        "per": (2, 6),
        "minus": ("人才队伍", "16名"),
        "title": lambda c: f"{c.u}{c.n}名党外干部上挂下派挂职锻炼",
    },
}

# Everyday work that no figure of the review counts: (who, record type, records per
# unit and year at the 2022 level, title, tags, area code or None for the type's).
# Titles and tags are templates: {u} the unit's name, {<pool>} an item of FILLER_POOLS.
FILLER = [
    ("counties", "meeting", 4, "{u}{meeting}", [], None),
    ("counties", "publicity", 4, "《{outlet}》刊发{u}{story}", ["{outlet}"], None),
    ("counties", "forum", 2, "{u}民营企业家“面对面”恳谈会", [], None),
    ("counties", "consultation", 1.5, "{u}政党协商会：{topic}", [], None),
    ("counties", "training", 1.5, "{u}{trainees}培训班", [], None),
    ("counties", "site_meeting", 1, "{u}基层统战工作现场推进会", [], None),
    ("counties", "report", 1, "{u}关于{topic}的调研报告", [], None),
    ("counties", "activity", 1, "{u}“爱国爱教爱家乡”主题教育活动", [], "RELIGION"),
    ("counties", "activity", 1, "{u}新的社会阶层人士联谊活动", [], "GENERAL"),
    ("counties", "problem_solved", 2, "协调解决{u}民营企业{problem}问题", ["民营企业"], "ECONOMY"),
    ("counties", "credit", 1, "{u}民营企业银企对接授信签约", ["民营企业"], "ECONOMY"),
    ("counties", "case_study", 1, "{u}报送统战工作创新案例“{case}”", [], None),
    ("counties", "new_enterprise", 0.4, "{u}新引进侨资企业1家（{industry}）", ["侨资企业"], None),
    ("counties", "investment_event", 0.6, "{u}港澳台侨招商推介会", [], None),
    ("counties", "project_promoted", 1.5, "推介项目：{u}{industry}项目", [], None),
    ("counties", "base", 0.3, "{u}新的社会阶层人士实践创新基地挂牌", [], None),
    ("dept", "publicity", 6, "《{outlet}》刊发德阳{story}", ["{outlet}"], None),
    ("dept", "report", 2, "市委统战部关于{topic}的调研报告", [], None),
    ("dept", "policy", 1, "{plan}", [], "GENERAL"),
]
FILLER_POOLS = {
    "meeting": [
        "统战工作领导小组会议",
        "党外人士座谈会",
        "统战工作推进会",
        "新的社会阶层人士座谈会",
        "宗教工作联席会议",
        "民族团结进步创建推进会",
    ],
    "trainees": ["新的社会阶层人士", "党外知识分子", "民营经济人士", "统战干部"],
    "outlet": OUTLETS,
    "story": STORIES,
    "topic": REPORT_TOPICS,
    "problem": PROBLEMS,
    "case": CASES,
    "industry": INDUSTRIES,
    "plan": [
        "出台《德阳市民族团结进步事业发展专项规划》",
        "制定《德阳市民族团结进步示范单位管理办法》",
        "印发《德阳市党外代表人士队伍建设规划》",
    ],
}

# The department's own meetings each year: (title, months). The two 港澳台侨 meetings
# are anchors: problems raised there and credit signed there link to them.
DEPT_MEETINGS = [
    ("市委统战工作领导小组会议", [3, 9]),
    ("市委统战工作会议", [2]),
    ("领导小组成员单位统战工作述职会", [12]),
    ("党外人士情况通报会", [1, 7]),
    ("《中国共产党统一战线工作条例》专题学习会", [4]),
    ("党外代表人士座谈会", [5, 10]),
    ("港澳台侨企业负责人“面对面”沟通协商会", [4]),
    ("服务港澳台侨企业银政企对接会", [6]),
    ("承办“海科会”智能制造论坛", [9]),
]
HMTO_MEETINGS = {
    "港澳台侨企业负责人“面对面”沟通协商会",
    "服务港澳台侨企业银政企对接会",
    "承办“海科会”智能制造论坛",
}

PARTICIPANTS = {
    "meeting": (20, 120),
    "forum": (20, 100),
    "consultation": (20, 45),
    "site_meeting": (40, 150),
    "activity": (40, 300),
    "provincial_event": (150, 500),
    "investment_event": (60, 220),
    "training": (30, 80),
}
# Yuan, in steps of 10,000 (万元).
AMOUNTS = {
    "project_promoted": (5000, 300000),
    "new_enterprise": (500, 20000),
    "credit": (1000, 50000),
}

DESCRIPTIONS = {
    "meeting": "传达学习有关会议和文件精神，研究部署相关工作。",
    "instruction": "批示对有关工作给予肯定，要求总结经验、持续深化。",
    "base": "经评审命名，明确阵地功能和责任单位。",
    "site_meeting": "现场观摩基层统战工作阵地，交流经验做法，部署下一步工作。",
    "case_study": "总结提炼基层统战工作创新做法，形成典型案例。",
    "forum": "围绕企业发展中的困难和问题面对面沟通，现场收集意见建议并明确责任单位。",
    "policy": "经市委审定印发，明确责任分工和完成时限。",
    "ranking": "按评价指标综合评定，名单经公示后发布。",
    "consultation": "各民主党派、工商联和无党派人士代表围绕议题协商建言。",
    "report": "深入调研形成报告，提出对策建议。",
    "adoption": "调研成果被采用，转化为决策参考。",
    "teaching_site": "在中小学校打造浸润式教学体验阵地。",
    "course": "组织教研力量研发课程板块，纳入校本课程。",
    "course_set": "经评审确定为精品示范课程，在全市推广。",
    "activity": "组织开展主题教育实践活动，覆盖全体师生。",
    "provincial_event": "承办全省性活动，展示德阳工作成效。",
    "venue": "以场所法人登记为抓手，完善制度、规范管理，通过验收。",
    "investment_event": "面向台商侨商推介重点产业和项目，邀请嘉宾来德考察。",
    "project_promoted": "纳入招商项目库，明确跟踪服务责任人。",
    "new_enterprise": "完成工商注册，纳入港澳台侨企业服务名录。",
    "problem_solved": "协调相关部门现场办理，企业对办理结果表示满意。",
    "credit": "协调金融机构对接企业融资需求，现场签约。",
    "training": "开展理论学习、专题讲座和现场教学。",
    "secondment": "党外干部按计划到岗，接受派驻单位日常管理和考核。",
    "publicity": "宣传报道德阳统战工作成效。",
}
