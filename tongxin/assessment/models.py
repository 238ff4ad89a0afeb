"""Assessment: yearly schemes that score units from indicators and by hand, and the
democratic evaluation (民主测评) whose anonymous tallies feed a manual item."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class SchemeStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class Scheme(models.Model):
    """A year's scheme, run by `unit` (the department) over `units` (the counties or
    the member units). Published means frozen: `results` keeps the scores as computed."""

    year = models.PositiveIntegerField(_("年度"))
    name = models.CharField(_("名称"), max_length=100)
    unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("考核单位"), on_delete=models.PROTECT, related_name="+"
    )
    units = models.ManyToManyField(
        "accounts.Unit", verbose_name=_("被考核单位"), related_name="assessment_schemes"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=SchemeStatus.choices, default=SchemeStatus.DRAFT
    )
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    results = models.JSONField(_("考核结果"), null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "name"], name="unique_scheme_year_name"),
        ]

    def __str__(self) -> str:
        return gettext("{year}年{name}").format(year=self.year, name=self.name)

    @property
    def is_published(self) -> bool:
        return self.status == SchemeStatus.PUBLISHED


class ItemKind(models.TextChoices):
    INDICATOR = "indicator", _("指标得分")
    MANUAL = "manual", _("评分项")
    BONUS = "bonus", _("加分项")
    DEDUCTION = "deduction", _("扣分项")


class ScoreMethod(models.TextChoices):
    LINEAR = "linear", _("按完成比例（封顶）")
    THRESHOLDS = "thresholds", _("按档次")


class SchemeItem(models.Model):
    """One line of a scheme. An indicator item scores the unit's value against
    `target` (linearly, capped at the maximum) or by `thresholds` (lines "值 得分率%",
    the highest reached counts); a manual item is scored by an assessor; a bonus or
    deduction adds or takes off up to `max_score`. Weighted score = score × weight."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(_("排序"), default=0)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=10, choices=ItemKind.choices)
    max_score = models.DecimalField(_("满分"), max_digits=7, decimal_places=2)
    weight = models.DecimalField(_("权重"), max_digits=5, decimal_places=2, default=1)
    indicator = models.ForeignKey(
        "indicators.Indicator",
        verbose_name=_("指标"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    method = models.CharField(
        _("计分方式"), max_length=10, choices=ScoreMethod.choices, blank=True, default=""
    )
    target = models.DecimalField(
        _("目标值"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    thresholds = models.TextField(_("档次"), blank=True)

    class Meta:
        verbose_name = _("考核项目")
        verbose_name_plural = _("考核项目")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class ManualScore(models.Model):
    """An assessor's score of one unit on a manual, bonus or deduction item."""

    item = models.ForeignKey(SchemeItem, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("得分"), max_digits=7, decimal_places=2)
    comment = models.CharField(_("评分说明"), max_length=300, blank=True)
    evidence_record = models.ForeignKey(
        "ledger.WorkRecord",
        verbose_name=_("佐证记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        constraints = [
            models.UniqueConstraint(fields=["item", "unit"], name="unique_manual_score"),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.unit} {self.score}"


class DutyReport(models.Model):
    """A member unit's duty report (述职报告) for a scheme's year."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="duty_reports")
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("标题"), max_length=200)
    file = models.FileField(_("报告文件"), upload_to="duty_reports/%Y/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("述职报告")
        verbose_name_plural = _("述职报告")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "unit"], name="unique_duty_report"),
        ]

    def __str__(self) -> str:
        return self.title


class Grade(models.TextChoices):
    GOOD = "good", _("好")
    FAIR_GOOD = "fair_good", _("较好")
    FAIR = "fair", _("一般")
    POOR = "poor", _("差")


class AnonymousEvaluation(models.Model):
    """A democratic evaluation: raters hold one-time tokens; their votes are kept only
    as per-unit tallies, so nobody can tell how a token voted. Its result is the
    score of `item` (a manual item of the scheme). Once named Evaluation: its table, and
    its name in the audit trail, keep that name."""

    audit_object_type = "assessment.evaluation"

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="evaluations")
    item = models.ForeignKey(SchemeItem, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("名称"), max_length=100)
    is_open = models.BooleanField(_("进行中"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "assessment_evaluation"
        verbose_name = _("民主测评")
        verbose_name_plural = _("民主测评")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class EvaluationToken(models.Model):
    """A one-time link. It knows whether it was used, and nothing of the vote."""

    evaluation = models.ForeignKey(
        AnonymousEvaluation, on_delete=models.CASCADE, related_name="tokens"
    )
    token = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.evaluation} #{self.pk}"


class EvaluationTally(models.Model):
    """How many raters gave `unit` this grade: counters with no link to any token."""

    evaluation = models.ForeignKey(
        AnonymousEvaluation, on_delete=models.CASCADE, related_name="tallies"
    )
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")
    grade = models.CharField(max_length=10, choices=Grade.choices)
    votes = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "unit", "grade"], name="unique_tally"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation} {self.unit} {self.grade}"


class PerYear(models.IntegerChoices):
    YEARLY = 1, _("每年一次")
    HALF_YEARLY = 2, _("每半年一次")
    QUARTERLY = 4, _("每季度一次")
    MONTHLY = 12, _("每月一次")


class MeetingScope(models.TextChoices):
    OWN = "own", _("本单位")
    SUBTREE = "subtree", _("本单位及下级单位")


class RecurringMeeting(models.Model):
    """An expectation such as "a grass-roots site meeting every quarter": an
    occurrence is held when an approved ledger record of `record_type` (whose title
    contains `title_contains`, if set) of `unit` falls in its period."""

    name = models.CharField(_("名称"), max_length=100)
    unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+"
    )
    record_type = models.ForeignKey(
        "ledger.RecordType", verbose_name=_("记录类型"), on_delete=models.PROTECT, related_name="+"
    )
    title_contains = models.CharField(_("标题包含"), max_length=50, blank=True)
    per_year = models.PositiveSmallIntegerField(_("频次"), choices=PerYear.choices)
    scope = models.CharField(
        _("统计范围"), max_length=10, choices=MeetingScope.choices, default=MeetingScope.OWN
    )
    start_year = models.PositiveIntegerField(_("起始年度"))
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("定期会议")
        verbose_name_plural = _("定期会议")
        ordering = ["unit__path", "name"]

    def __str__(self) -> str:
        return self.name


class SiteCategory(models.TextChoices):
    BASE = "base", _("统战工作基地")
    TEACHING = "teaching", _("教学体验阵地")
    VENUE = "venue", _("示范场所")


# The ledger record type that counts each category (the indicators count those records).
SITE_RECORD_TYPES = {
    SiteCategory.BASE: "base",
    SiteCategory.TEACHING: "teaching_site",
    SiteCategory.VENUE: "venue",
}


class Site(models.Model):
    """A place the work builds: a base, a teaching site, a demonstration venue. Its
    designation is a ledger record (`record`), which is what the indicators count;
    the records of work held there are linked through `SiteRecord`."""

    name = models.CharField(_("名称"), max_length=100)
    unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("类别"), max_length=10, choices=SiteCategory.choices)
    designation = models.CharField(_("命名"), max_length=100)
    designated_on = models.DateField(_("命名日期"))
    record = models.OneToOneField(
        "ledger.WorkRecord",
        verbose_name=_("命名记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="site",
    )
    records = models.ManyToManyField(
        "ledger.WorkRecord", through="SiteRecord", related_name="sites_held_at"
    )

    class Meta:
        verbose_name = _("阵地")
        verbose_name_plural = _("阵地")
        ordering = ["category", "unit__path", "name"]

    def __str__(self) -> str:
        return self.name


class SiteRecord(models.Model):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    record = models.ForeignKey("ledger.WorkRecord", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "record"], name="unique_site_record"),
        ]

    def __str__(self) -> str:
        return f"{self.site} {self.record_id}"


class TrainingClass(models.Model):
    """A training class: its ledger record (type 培训班) carries the participants'
    count the indicators sum; the roster of names is optional."""

    record = models.OneToOneField(
        "ledger.WorkRecord", on_delete=models.PROTECT, related_name="training_class"
    )
    unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("举办单位"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("名称"), max_length=200)

    class Meta:
        verbose_name = _("培训班")
        verbose_name_plural = _("培训班")
        ordering = ["-record__date", "-id"]

    def __str__(self) -> str:
        return self.name


class Trainee(models.Model):
    """One line of a class's roster: a name and a work unit, nothing more."""

    training_class = models.ForeignKey(
        TrainingClass, on_delete=models.CASCADE, related_name="trainees"
    )
    name = models.CharField(_("姓名"), max_length=50)
    work_unit = models.CharField(_("工作单位"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("学员")
        verbose_name_plural = _("学员")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Secondment(models.Model):
    """One cadre seconded (挂职): counted through the batch's ledger record (type
    挂职), whose count is the number of cadres in it."""

    record = models.ForeignKey(
        "ledger.WorkRecord", on_delete=models.PROTECT, related_name="secondments"
    )
    unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+"
    )
    batch = models.PositiveSmallIntegerField(_("批次"), null=True, blank=True)
    person_name = models.CharField(_("姓名"), max_length=50)
    home_unit = models.CharField(_("派出单位"), max_length=100)
    host_unit = models.CharField(_("挂职单位"), max_length=100)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("挂职")
        verbose_name_plural = _("挂职")
        ordering = ["-start", "record_id", "id"]

    def __str__(self) -> str:
        return self.person_name


class ProvincialStanding(models.Model):
    """The department's place in the province's assessment of a year, beside its rank.
    The rank itself, its target (3) and floor (5) are the indicators app's: a manual,
    lower-is-better indicator (`indicator`) with its values and targets. Kept here:
    the tier it was placed in (第一方阵), the tier aimed for, and how the year's aim
    is put (保五奔三), which the province words differently from year to year."""

    indicator = models.ForeignKey(
        "indicators.Indicator",
        verbose_name=_("排名指标"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField(_("年度"))
    tier = models.CharField(_("所在方阵"), max_length=20, blank=True)
    target_tier = models.CharField(_("目标方阵"), max_length=20, blank=True)
    slogan = models.CharField(_("目标表述"), max_length=30, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("省级考核方阵")
        verbose_name_plural = _("省级考核方阵")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "year"], name="unique_provincial_standing"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.tier or self.target_tier}"
