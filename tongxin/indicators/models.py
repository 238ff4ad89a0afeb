"""Indicators: defined figures over the ledger (or entered by hand), with targets."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IndicatorKind(models.TextChoices):
    COUNT = "count", _("计数（通过审核的记录条数）")
    SUM = "sum", _("合计（记录的某项度量之和）")
    MANUAL = "manual", _("手工填报")
    RATIO = "ratio", _("比率（%）")


class Measure(models.TextChoices):
    COUNT = "count", _("数量")
    PARTICIPANTS = "participants", _("参与人数")
    AMOUNT = "amount", _("金额")


class Scope(models.TextChoices):
    OWN = "own", _("本单位")
    SUBTREE = "subtree", _("本单位及下级单位")


class LinkFilter(models.TextChoices):
    NONE = "", _("不限")
    HAS_INSTRUCTION = "has_instruction", _("获得批示的")
    HAS_ADOPTION = "has_adoption", _("被采用的")


class Indicator(models.Model):
    code = models.CharField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    unit_word = models.CharField(_("计量单位"), max_length=10, blank=True)
    area = models.ForeignKey(
        "ledger.WorkArea",
        verbose_name=_("领域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    keywords = models.CharField(_("关键词"), max_length=200, blank=True)
    # Phrases a text uses for this figure (推介项目 ...), one per line.
    aliases = models.TextField(_("别名"), blank=True)
    kind = models.CharField(_("类型"), max_length=10, choices=IndicatorKind.choices)
    measure = models.CharField(_("合计的度量"), max_length=16, choices=Measure.choices, blank=True)
    scope = models.CharField(
        _("统计范围"), max_length=10, choices=Scope.choices, default=Scope.SUBTREE
    )
    record_types = models.ManyToManyField(
        "ledger.RecordType", verbose_name=_("记录类型"), blank=True, related_name="+"
    )
    areas = models.ManyToManyField(
        "ledger.WorkArea", verbose_name=_("领域筛选"), blank=True, related_name="+"
    )
    # Records must carry every one of these tags.
    tags = models.ManyToManyField(
        "ledger.Tag", verbose_name=_("标签"), blank=True, related_name="+"
    )
    link_filter = models.CharField(
        _("关联筛选"), max_length=20, choices=LinkFilter.choices, blank=True, default=""
    )
    numerator = models.ForeignKey(
        "self",
        verbose_name=_("分子"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    denominator = models.ForeignKey(
        "self",
        verbose_name=_("分母"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    higher_is_better = models.BooleanField(_("越高越好"), default=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    is_illustrative = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_computed(self) -> bool:
        return self.kind in (IndicatorKind.COUNT, IndicatorKind.SUM)


class PeriodKind(models.TextChoices):
    YEAR = "Y", _("全年")
    H1 = "H1", _("上半年")
    H2 = "H2", _("下半年")
    Q1 = "Q1", _("一季度")
    Q2 = "Q2", _("二季度")
    Q3 = "Q3", _("三季度")
    Q4 = "Q4", _("四季度")


class Target(models.Model):
    """The goal of one indicator for one unit in one period. For a lower-is-better
    figure (a rank), `value` is the aim (3) and `floor` the worst acceptable (5)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField(_("年度"))
    period = models.CharField(
        _("期间"), max_length=2, choices=PeriodKind.choices, default=PeriodKind.YEAR
    )
    value = models.DecimalField(_("目标值"), max_digits=18, decimal_places=2)
    floor = models.DecimalField(_("底线"), max_digits=18, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("目标值")
        verbose_name_plural = _("目标值")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "year", "period"], name="unique_target"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}{self.period} {self.value}"


class ManualValue(models.Model):
    """A figure entered by hand (the provincial ranking ...), with its evidence."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="manual_values")
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField(_("年度"))
    period = models.CharField(
        _("期间"), max_length=2, choices=PeriodKind.choices, default=PeriodKind.YEAR
    )
    value = models.DecimalField(_("数值"), max_digits=18, decimal_places=2)
    evidence_record = models.ForeignKey(
        "ledger.WorkRecord",
        verbose_name=_("佐证记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("手工填报值")
        verbose_name_plural = _("手工填报值")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "year", "period"], name="unique_manual_value"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}{self.period} {self.value}"
