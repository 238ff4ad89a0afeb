"""The demo's 2022 review: the structure of Deyang's published review (opening, three
parts with lead phrases, closing), every figure a placeholder over the demo
indicators. Fixed expressions that are not ledger figures (十五条, 十大, 每季度一次,
第4批) stay template text."""

from django.db import transaction

from tongxin.accounts.models import Unit, User
from tongxin.reports.models import Review
from tongxin.reports.services.reviews import review_create

TITLE = "凝心聚力谱新篇 奋楫笃行启新程——2022年德阳统战工作综述"

SOURCE = """\
2022年，德阳统战团结同心、奋发有为，推动各领域工作高质量发展，全年共获得省委领导肯定性批示{{praise_instructions}}。

# 强化引领 不断巩固共同思想根基
**主要领导带头抓实统战。**市委定期研究统战工作，召开市委统战工作会议和领导小组会议，传达学习中央、省委精神并提出贯彻落实意见。
**突出领导小组作用发挥。**建立成员单位抓统战工作述职制度，将统战工作纳入市委党务目标考核。
**丰富形式提升引领成效。**将《条例》和统一战线法规政策纳入党委理论学习中心组学习内容和党校教学内容。

# 围绕中心 充分发挥统战法宝作用
**切实排忧纾困。**出台“拼经济搞建设”十五条措施，建立民营企业“面对面”沟通协商机制，开展恳谈会、对接会等活动{{entrepreneur_forums}}。
**选树典型。**首次评选发布“德阳非公企业50强”，全市{{provincial_top100}}民营企业入围2022四川民营企业100强。
**加强阵地建设。**首批打造{{tongxin_bases}}“同心德阳”统战工作基地，每季度召开一次基层统战工作现场推进会，创新编印《德阳市2022年度统战工作十大创新特色案例汇编》。
**创新招引。**开展涉侨涉台招商推介活动{{investment_events}}，推介项目{{projects_promoted}}，新增台资企业{{new_taiwan_enterprises}}。
**搭建交流平台。**创新开展与港澳台侨企业负责人“面对面”沟通协商会，协调解决困难问题{{hmto_problems_solved|approx}}，协调金融机构为港澳台侨企业授信签约{{hmto_credit|money}}。

# 守正创新 推动各项工作提质增效
**多党合作效能提升。**全年召开政党协商会{{party_consultations}}，形成{{party_reports}}高质量调研报告，{{party_reports_instructed}}获省市领导批示，{{party_reports_adopted}}被全国政协和全国人大采用。
**中华民族共同体意识持续铸牢。**打造{{teaching_sites|approx}}浸润式教学体验阵地，研发{{course_modules|approx}}板块{{model_course_sets}}精品示范课程，举办{{themed_activities|approx}}主题活动，承办全省性活动{{provincial_events}}。
**宗教中国化扎实推进。**以推动宗教活动场所规范管理为抓手，探索创建{{religious_venues}}宗教活动场所法治示范场所。
**人才队伍建设走深走实。**举办党外干部培训班，累计参训人数{{trainees|approx}}。完成第4批{{secondment_batch4}}党外干部挂职锻炼，全年共{{secondments}}党外干部上挂下派。

2023年，德阳市委统战部将以“坚守第一方阵，全力保五奔三”为目标，为全面建设社会主义现代化德阳作出更大贡献。
"""


@transaction.atomic
def load_demo_review() -> dict[str, int]:
    city = Unit.objects.get(parent=None)
    if Review.objects.filter(year=2022, unit=city).exists():
        return {"reviews": 0}
    editor = User.objects.get(username="editor")
    review_create(actor=None, year=2022, unit=city, title=TITLE, source=SOURCE, created_by=editor)
    return {"reviews": 1}
