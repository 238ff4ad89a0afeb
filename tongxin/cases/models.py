"""The enterprise registry and enterprises' requests (诉求) handled as cases."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.core import clock
from tongxin.core.models import Authored, AuthoredTimestamped, Timestamped


class Ownership(models.TextChoices):
    PRIVATE = "private", _("民营")
    TAIWAN = "taiwan", _("台资")
    HONGKONG = "hongkong", _("港资")
    MACAO = "macao", _("澳资")
    OVERSEAS_CHINESE = "overseas_chinese", _("侨资")
    FOREIGN = "foreign", _("外资")
    STATE = "state", _("国有")
    OTHER = "other", _("其他")


# Enterprises whose solved requests count as 港澳台侨 work.
HMTO_OWNERSHIPS = frozenset(
    {
        Ownership.TAIWAN,
        Ownership.HONGKONG,
        Ownership.MACAO,
        Ownership.OVERSEAS_CHINESE,
        Ownership.FOREIGN,
    }
)


class Industry(models.TextChoices):
    """The sections (门类) of GB/T 4754-2017."""

    A = "A", _("农、林、牧、渔业")
    B = "B", _("采矿业")
    C = "C", _("制造业")
    D = "D", _("电力、热力、燃气及水生产和供应业")
    E = "E", _("建筑业")
    F = "F", _("批发和零售业")
    G = "G", _("交通运输、仓储和邮政业")
    H = "H", _("住宿和餐饮业")
    I = "I", _("信息传输、软件和信息技术服务业")  # noqa: E741
    J = "J", _("金融业")
    K = "K", _("房地产业")
    L = "L", _("租赁和商务服务业")
    M = "M", _("科学研究和技术服务业")
    N = "N", _("水利、环境和公共设施管理业")
    O = "O", _("居民服务、修理和其他服务业")  # noqa: E741
    P = "P", _("教育")
    Q = "Q", _("卫生和社会工作")
    R = "R", _("文化、体育和娱乐业")
    S = "S", _("公共管理、社会保障和社会组织")
    T = "T", _("国际组织")


class Enterprise(Timestamped):
    name = models.CharField(_("企业名称"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    district = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("所在区（市、县）"),
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    industry = models.CharField(_("行业门类"), max_length=1, choices=Industry.choices)
    ownership = models.CharField(_("所有制类别"), max_length=20, choices=Ownership.choices)
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    arrived_on = models.DateField(_("落户本市日期"), null=True, blank=True)
    # The 新引进企业 ledger record of a 港澳台侨 enterprise's arrival, written once.
    arrival_record = models.OneToOneField(
        "ledger.WorkRecord",
        verbose_name=_("新引进企业台账记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprise_arrived",
    )
    is_illustrative = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["ownership", "arrived_on"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_hmto(self) -> bool:
        return self.ownership in HMTO_OWNERSHIPS


class ListMembership(models.Model):
    """An enterprise on a published list in a year (2022四川省民营企业100强)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="memberships")
    year = models.PositiveIntegerField(_("年度"))
    list_name = models.CharField(_("榜单"), max_length=100)
    rank = models.PositiveIntegerField(_("名次"), null=True, blank=True)

    class Meta:
        verbose_name = _("榜单入选")
        verbose_name_plural = _("榜单入选")
        ordering = ["-year", "list_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year", "list_name"], name="unique_list_membership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}{self.list_name}"


class CaseCategory(models.Model):
    """A kind of request and its deadlines, in working days from receipt."""

    name = models.CharField(_("类别"), max_length=50, unique=True)
    respond_days = models.PositiveIntegerField(_("受理时限（工作日）"), default=1)
    resolve_days = models.PositiveIntegerField(_("办结时限（工作日）"), default=7)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("诉求类别")
        verbose_name_plural = _("诉求类别")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class CaseSource(models.TextChoices):
    FORUM = "forum", _("恳谈会")
    HOTLINE = "hotline", _("热线")
    VISIT = "visit", _("走访")
    ONLINE = "online", _("网上")


class CaseState(models.TextChoices):
    RECEIVED = "received", _("已接收")
    ACCEPTED = "accepted", _("已受理")
    NOT_ACCEPTED = "not_accepted", _("不予受理")
    ASSIGNED = "assigned", _("已交办")
    IN_PROGRESS = "in_progress", _("办理中")
    REPLIED = "replied", _("已答复")
    FEEDBACK = "feedback", _("已反馈")
    CLOSED = "closed", _("已办结")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class Case(AuthoredTimestamped):
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="cases"
    )
    source = models.CharField(_("来源"), max_length=10, choices=CaseSource.choices)
    forum_record = models.ForeignKey(
        "ledger.WorkRecord",
        verbose_name=_("提出诉求的恳谈会"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_raised",
    )
    category = models.ForeignKey(
        CaseCategory, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="cases"
    )
    title = models.CharField(_("诉求事项"), max_length=200)
    description = models.TextField(_("诉求内容"), blank=True)
    received_on = models.DateField(_("接收日期"), db_index=True)
    respond_by = models.DateField(_("受理期限"))
    resolve_by = models.DateField(_("办结期限"))
    state = models.CharField(
        _("状态"), max_length=16, choices=CaseState.choices, default=CaseState.RECEIVED
    )
    not_accepted_reason = models.TextField(_("不予受理理由"), blank=True)
    lead_unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("主责单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_led",
    )
    assisting_units = models.ManyToManyField(
        "accounts.Unit", verbose_name=_("协办单位"), blank=True, related_name="cases_assisted"
    )
    reply = models.TextField(_("答复内容"), blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    satisfaction = models.CharField(
        _("企业评价"), max_length=12, choices=Satisfaction.choices, blank=True
    )
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    # Set when a closed case is reopened: it is back in its lead unit's 待办 until
    # closed again (its solved record withdrawn meanwhile, then restored).
    reopened_at = models.DateTimeField(_("重新办理时间"), null=True, blank=True)
    resolution_record = models.OneToOneField(
        "ledger.WorkRecord",
        verbose_name=_("台账记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_resolved",
    )

    class Meta:
        verbose_name = _("诉求")
        verbose_name_plural = _("诉求")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["state", "resolve_by"]),
            models.Index(fields=["lead_unit", "state"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def number(self) -> str:
        return f"SQ{self.received_on:%Y}-{self.pk:05d}"

    @property
    def due(self):
        """The deadline that applies now: acceptance, then solution; none once replied."""
        if self.state == CaseState.RECEIVED:
            return self.respond_by
        if self.state in (CaseState.ACCEPTED, CaseState.ASSIGNED, CaseState.IN_PROGRESS):
            return self.resolve_by
        return None

    @property
    def is_overdue(self) -> bool:
        due = self.due
        return due is not None and due < timezone.localdate()


class CaseEvent(models.Model):
    """One entry of a case's timeline: who did what, when, from which state."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    # The business clock: a case's timeline is dated when its steps happened.
    at = models.DateTimeField(default=clock.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=20)
    state_from = models.CharField(max_length=16, choices=CaseState.choices, blank=True)
    state_to = models.CharField(max_length=16, choices=CaseState.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.action}"


class ProjectStage(models.TextChoices):
    PROMOTED = "promoted", _("已推介")
    TALKS = "talks", _("洽谈中")
    SIGNED = "signed", _("已签约")
    STARTED = "started", _("已开工")


# The pipeline's order, and the date field that records reaching each stage.
STAGE_ORDER = [ProjectStage.PROMOTED, ProjectStage.TALKS, ProjectStage.SIGNED, ProjectStage.STARTED]
STAGE_DATE_FIELDS = {
    ProjectStage.PROMOTED: "promoted_on",
    ProjectStage.TALKS: "talks_on",
    ProjectStage.SIGNED: "signed_on",
    ProjectStage.STARTED: "started_on",
}


class Project(AuthoredTimestamped):
    """An investment project promoted at an event (a ledger record of type
    招商推介活动), followed through talks, signing and the start of work."""

    name = models.CharField(_("项目名称"), max_length=200)
    investor = models.ForeignKey(
        Enterprise, verbose_name=_("投资企业"), on_delete=models.PROTECT, related_name="projects"
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("承接单位"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    event_record = models.ForeignKey(
        "ledger.WorkRecord",
        verbose_name=_("推介活动"),
        on_delete=models.PROTECT,
        related_name="projects_promoted",
    )
    amount = models.DecimalField(
        _("投资额（元）"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    stage = models.CharField(
        _("阶段"), max_length=10, choices=ProjectStage.choices, default=ProjectStage.PROMOTED
    )
    promoted_on = models.DateField(_("推介日期"), db_index=True)
    talks_on = models.DateField(_("洽谈日期"), null=True, blank=True)
    signed_on = models.DateField(_("签约日期"), null=True, blank=True)
    started_on = models.DateField(_("开工日期"), null=True, blank=True)
    record = models.OneToOneField(
        "ledger.WorkRecord",
        verbose_name=_("台账记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project",
    )

    class Meta:
        verbose_name = _("招商项目")
        verbose_name_plural = _("招商项目")
        ordering = ["-promoted_on", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def next_stage(self) -> str | None:
        index = STAGE_ORDER.index(self.stage)
        return STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None

    @property
    def next_stage_label(self) -> str:
        return ProjectStage(self.next_stage).label if self.next_stage else ""


class CreditMeeting(Authored):
    """A bank–enterprise matchmaking meeting (银企对接会) and the credit signed there."""

    title = models.CharField(_("会议名称"), max_length=200)
    date = models.DateField(_("日期"), db_index=True)
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("主办单位"),
        on_delete=models.PROTECT,
        related_name="credit_meetings",
    )
    meeting_record = models.ForeignKey(
        "ledger.WorkRecord",
        verbose_name=_("台账记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_meetings",
    )

    class Meta:
        verbose_name = _("银企对接会")
        verbose_name_plural = _("银企对接会")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return self.title


class CreditLine(Authored):
    """Credit a bank signed with an enterprise at a meeting, in 元."""

    meeting = models.ForeignKey(CreditMeeting, on_delete=models.CASCADE, related_name="lines")
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="credit_lines"
    )
    bank = models.CharField(_("银行"), max_length=100)
    amount = models.DecimalField(_("授信金额（元）"), max_digits=16, decimal_places=2)
    record = models.OneToOneField(
        "ledger.WorkRecord",
        verbose_name=_("台账记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_line",
    )
    # A withdrawn line stays for its history but counts nowhere (its record is withdrawn).
    withdrawn_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("授信签约")
        verbose_name_plural = _("授信签约")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.bank} → {self.enterprise_id}: {self.amount}"


class RankingState(models.TextChoices):
    DRAFT = "draft", _("编制中")
    REVIEWED = "reviewed", _("已审核")
    PUBLISHED = "published", _("已发布")


class Ranking(Authored):
    """An evaluation that ranks enterprises by weighted criteria (德阳非公企业50强 2022).
    Published means frozen: the results are stored and nothing changes after. Once named
    Evaluation: its table, and its name in the audit trail, keep that name."""

    audit_object_type = "cases.evaluation"

    name = models.CharField(_("评选名称"), max_length=100)
    year = models.PositiveIntegerField(_("年度"))
    size = models.PositiveIntegerField(_("入选数量"), default=50)
    unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=RankingState.choices, default=RankingState.DRAFT
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        db_table = "cases_evaluation"
        verbose_name = _("企业评选")
        verbose_name_plural = _("企业评选")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "year"], name="unique_evaluation_year")
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.year}）"


class Criterion(models.Model):
    evaluation = models.ForeignKey(Ranking, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("指标"), max_length=50)
    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=3)
    higher_is_better = models.BooleanField(_("越大越好"), default=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "name"], name="unique_criterion_name")
        ]

    def __str__(self) -> str:
        return self.name


class CriterionValue(models.Model):
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="values")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("数值"), max_digits=18, decimal_places=4)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "enterprise"], name="unique_criterion_value"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}/{self.enterprise_id}={self.value}"


class RankingResult(models.Model):
    """A published ranking's frozen outcome, one row per ranked enterprise (once named
    EvaluationResult; the table keeps that name)."""

    audit_object_type = "cases.evaluationresult"

    evaluation = models.ForeignKey(Ranking, on_delete=models.CASCADE, related_name="results")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("得分"), max_digits=7, decimal_places=2)
    rank = models.PositiveIntegerField(_("名次"))

    class Meta:
        db_table = "cases_evaluationresult"
        ordering = ["rank", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "enterprise"], name="unique_evaluation_result"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.enterprise_id}"
