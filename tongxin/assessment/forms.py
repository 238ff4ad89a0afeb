from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.models import Unit, UnitKind
from tongxin.assessment.models import (
    Grade,
    ItemKind,
    MeetingScope,
    PerYear,
    SchemeItem,
    ScoreMethod,
    SiteCategory,
)
from tongxin.assessment.services.schemes import ITEM_FIELDS
from tongxin.indicators.models import Indicator
from tongxin.ledger.models import RecordType


class SchemeForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("名称"), max_length=100)
    units = forms.ModelMultipleChoiceField(
        label=_("被考核单位"),
        queryset=Unit.objects.filter(
            kind__in=[UnitKind.COUNTY, UnitKind.MEMBER], is_active=True
        ).order_by("kind", "sort_order", "path"),
        widget=forms.CheckboxSelectMultiple,
    )


class SchemeEditForm(SchemeForm):
    """A draft's name and units; its year stays (next year's scheme is a copy)."""

    year = None

    def __init__(self, *args, scheme, **kwargs):
        super().__init__(*args, **kwargs)
        # A unit assessed already stays choosable even if it is no longer a county
        # or member unit, so saving the page does not drop it unasked.
        field = self.fields["units"]
        field.queryset = Unit.objects.filter(
            Q(pk__in=field.queryset.values("pk")) | Q(pk__in=scheme.units.values("pk"))
        ).order_by("kind", "sort_order", "path")


class ItemForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=ItemKind.choices)
    max_score = forms.DecimalField(label=_("满分"), min_value=0, max_digits=7, decimal_places=2)
    weight = forms.DecimalField(
        label=_("权重"), min_value=0, max_digits=5, decimal_places=2, initial=1
    )
    indicator = forms.ModelChoiceField(
        label=_("指标"), queryset=Indicator.objects.filter(is_active=True), required=False
    )
    method = forms.ChoiceField(
        label=_("计分方式"), choices=[("", "—"), *ScoreMethod.choices], required=False
    )
    target = forms.DecimalField(label=_("目标值"), max_digits=18, decimal_places=2, required=False)
    thresholds = forms.CharField(
        label=_("档次"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行“达到值 得分率%”，如“10 100”“5 60”。"),
    )

    def __init__(self, *args, item: SchemeItem | None = None, **kwargs):
        if item is not None:
            kwargs.setdefault("initial", {name: getattr(item, name) for name in ITEM_FIELDS})
        super().__init__(*args, **kwargs)
        if item is not None and item.indicator_id:
            # The item's own indicator stays choosable after it is switched off.
            field = self.fields["indicator"]
            field.queryset = Indicator.objects.filter(Q(is_active=True) | Q(pk=item.indicator_id))


class ManualScoreForm(forms.Form):
    unit = forms.IntegerField(widget=forms.HiddenInput)
    score = forms.DecimalField(label=_("得分"), min_value=0, max_digits=7, decimal_places=2)
    comment = forms.CharField(label=_("评分说明"), max_length=300, required=False)
    evidence_record = forms.IntegerField(label=_("佐证记录编号"), required=False, min_value=1)


class EvaluationForm(forms.Form):
    title = forms.CharField(label=_("名称"), max_length=100)
    item = forms.ModelChoiceField(label=_("计入考核项目"), queryset=SchemeItem.objects.none())
    token_count = forms.IntegerField(label=_("测评票数"), min_value=1, max_value=500)

    def __init__(self, *args, scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = scheme.items.filter(kind=ItemKind.MANUAL)


class DutyReportForm(forms.Form):
    unit = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("标题"), max_length=200)
    file = forms.FileField(label=_("报告文件"))


def rating_form_class(units: list[Unit]) -> type[forms.Form]:
    """One required choice of grade per unit being rated."""
    fields = {
        f"unit_{unit.pk}": forms.ChoiceField(
            label=unit.name, choices=Grade.choices, widget=forms.RadioSelect
        )
        for unit in units
    }
    return type("RatingForm", (forms.Form,), fields)


class RecurringMeetingForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    unit = forms.ModelChoiceField(label=_("责任单位"), queryset=Unit.objects.filter(is_active=True))
    record_type = forms.ModelChoiceField(
        label=_("记录类型"), queryset=RecordType.objects.filter(is_active=True)
    )
    title_contains = forms.CharField(label=_("标题包含"), max_length=50, required=False)
    per_year = forms.TypedChoiceField(label=_("频次"), choices=PerYear.choices, coerce=int)
    scope = forms.ChoiceField(label=_("统计范围"), choices=MeetingScope.choices)
    start_year = forms.IntegerField(label=_("起始年度"), min_value=2000, max_value=2100)


class SiteForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    unit = forms.ModelChoiceField(label=_("所属单位"), queryset=Unit.objects.none())
    category = forms.ChoiceField(label=_("类别"), choices=SiteCategory.choices)
    designation = forms.CharField(label=_("命名"), max_length=100)
    designated_on = forms.DateField(
        label=_("命名日期"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user, **kwargs):
        from tongxin.accounts.access import visible_units

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = visible_units(user).filter(is_active=True)


def _unit_field(user):
    from tongxin.accounts.access import visible_units

    return forms.ModelChoiceField(
        label=_("单位"), queryset=visible_units(user).filter(is_active=True)
    )


class TrainingForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=200)
    start = forms.DateField(label=_("开班日期"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(
        label=_("结业日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    participants = forms.IntegerField(label=_("参训人数"), min_value=1)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"unit": _unit_field(user), **self.fields}


class TraineeForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    work_unit = forms.CharField(label=_("工作单位"), max_length=100, required=False)


BAD_PERSON_LINE = _("第{n}行须写“姓名 派出单位 挂职单位”，以空格分隔。")


class SecondmentBatchForm(forms.Form):
    batch = forms.IntegerField(label=_("批次"), min_value=1, required=False)
    start = forms.DateField(label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(
        label=_("结束日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    persons = forms.CharField(
        label=_("挂职干部名单"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("每行一人：姓名 派出单位 挂职单位"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"unit": _unit_field(user), **self.fields}

    def clean_persons(self):
        persons = []
        lines = [line for line in self.cleaned_data["persons"].splitlines() if line.strip()]
        for n, line in enumerate(lines, 1):
            parts = line.split()
            if len(parts) != 3:
                raise forms.ValidationError(BAD_PERSON_LINE.format(n=n))
            persons.append(dict(zip(("person_name", "home_unit", "host_unit"), parts, strict=True)))
        return persons


class ProvincialStandingForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    indicator = forms.ModelChoiceField(label=_("排名指标"), queryset=Indicator.objects.none())
    tier = forms.CharField(
        label=_("所在方阵"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"list": "tier-choices"}),
        help_text=_("省里公布的方阵，如“第一方阵”；尚未公布可不填。"),
    )
    target_tier = forms.CharField(
        label=_("目标方阵"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"list": "tier-choices"}),
    )
    slogan = forms.CharField(
        label=_("目标表述"),
        max_length=30,
        required=False,
        help_text=_("如“保五奔三”（保住第5名、争取第3名），须与该年度的目标值、底线一致。"),
    )
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        from tongxin.assessment.selectors.standing import standing_indicators

        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = standing_indicators()
