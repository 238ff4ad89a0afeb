from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.indicators.models import Indicator, IndicatorKind, LinkFilter, Measure, Scope
from tongxin.ledger.models import RecordType, WorkArea


class TargetForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label=_("指标"), queryset=Indicator.objects.all(), to_field_name="code"
    )
    unit = forms.IntegerField(widget=forms.HiddenInput)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    value = forms.DecimalField(label=_("目标值"), max_digits=18, decimal_places=2)
    floor = forms.DecimalField(
        label=_("底线（越低越好的指标）"), required=False, max_digits=18, decimal_places=2
    )


class ManualValueForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label=_("指标"),
        queryset=Indicator.objects.filter(kind=IndicatorKind.MANUAL),
        to_field_name="code",
    )
    unit = forms.IntegerField(widget=forms.HiddenInput)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    value = forms.DecimalField(label=_("数值"), max_digits=18, decimal_places=2)
    note = forms.CharField(label=_("说明"), required=False, max_length=200)


class YearStartForm(forms.Form):
    year = forms.IntegerField(label=_("新年度"), min_value=2000, max_value=2100)


class IndicatorForm(forms.Form):
    """Create or edit an indicator's definition."""

    code = forms.SlugField(
        label=_("代码"), max_length=40, help_text=_("字母、数字和下划线；综述模板用它引用指标")
    )
    name = forms.CharField(label=_("名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=IndicatorKind.choices)
    measure = forms.ChoiceField(
        label=_("合计的度量"), required=False, choices=[("", "—"), *Measure.choices]
    )
    unit_word = forms.CharField(label=_("计量单位"), max_length=10, required=False)
    scope = forms.ChoiceField(label=_("统计范围"), choices=Scope.choices)
    area = forms.ModelChoiceField(label=_("领域"), queryset=WorkArea.objects.all(), required=False)
    record_types = forms.ModelMultipleChoiceField(
        label=_("记录类型"),
        queryset=RecordType.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    tags = forms.CharField(label=_("标签（须全部具备，逗号分隔）"), required=False)
    link_filter = forms.ChoiceField(label=_("关联筛选"), choices=LinkFilter.choices, required=False)
    numerator = forms.ModelChoiceField(
        label=_("分子（比率）"), queryset=Indicator.objects.all(), required=False
    )
    denominator = forms.ModelChoiceField(
        label=_("分母（比率）"), queryset=Indicator.objects.all(), required=False
    )
    higher_is_better = forms.BooleanField(label=_("越高越好"), required=False, initial=True)
    keywords = forms.CharField(label=_("关键词（核对稿件时用）"), max_length=200, required=False)
    aliases = forms.CharField(
        label=_("别名（每行一个）"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_tags(self) -> list[str]:
        raw = self.cleaned_data.get("tags") or ""
        return [t.strip() for t in raw.replace("，", ",").split(",") if t.strip()]
