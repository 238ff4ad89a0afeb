from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.indicators.models import Indicator, IndicatorKind


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
