from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.access import visible_units
from tongxin.accounts.models import Unit, UnitKind
from tongxin.cases import creditcode
from tongxin.cases.models import (
    CaseCategory,
    CaseSource,
    Industry,
    Ownership,
    Satisfaction,
)
from tongxin.cases.money import UNIT_CHOICES, AmountError, to_yuan

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EnterpriseForm(forms.Form):
    name = forms.CharField(label=_("企业名称"), max_length=200)
    credit_code = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=30,
        help_text=_("18位，末位为校验码"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    district = forms.ModelChoiceField(label=_("所在区（市、县）"), queryset=Unit.objects.none())
    industry = forms.ChoiceField(label=_("行业门类"), choices=Industry.choices)
    ownership = forms.ChoiceField(label=_("所有制类别"), choices=Ownership.choices)
    founded_on = forms.DateField(label=_("成立日期"), required=False, widget=DATE)
    arrived_on = forms.DateField(label=_("落户本市日期"), required=False, widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = visible_units(user).filter(is_active=True)

    def clean_credit_code(self):
        try:
            return creditcode.validate(self.cleaned_data["credit_code"])
        except creditcode.CreditCodeError as exc:
            raise forms.ValidationError(str(exc)) from None


class MembershipForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    list_name = forms.CharField(label=_("榜单"), max_length=100)
    rank = forms.IntegerField(label=_("名次"), min_value=1, required=False)


def _handling_units():
    return Unit.objects.filter(is_active=True, kind__in=[UnitKind.COUNTY, UnitKind.MEMBER])


class CaseForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("企业"), queryset=None)
    source = forms.ChoiceField(label=_("来源"), choices=CaseSource.choices)
    forum_record = forms.IntegerField(
        label=_("恳谈会记录编号"),
        required=False,
        min_value=1,
        help_text=_("来源为恳谈会时填写：台账中该恳谈会记录的编号"),
    )
    category = forms.ModelChoiceField(label=_("类别"), queryset=CaseCategory.objects.all())
    title = forms.CharField(label=_("诉求事项"), max_length=200)
    description = forms.CharField(label=_("诉求内容"), required=False, widget=forms.Textarea)
    received_on = forms.DateField(label=_("接收日期"), widget=DATE)

    def __init__(self, *args, enterprises, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("received_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises


class ScreenForm(forms.Form):
    accepted = forms.TypedChoiceField(
        label=_("受理意见"),
        choices=[("1", _("予以受理")), ("0", _("不予受理"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    reason = forms.CharField(label=_("不予受理理由"), required=False, widget=forms.Textarea)


class AssignForm(forms.Form):
    lead_unit = forms.ModelChoiceField(label=_("主责单位"), queryset=None)
    assisting_units = forms.ModelMultipleChoiceField(
        label=_("协办单位"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = _handling_units()
        self.fields["assisting_units"].queryset = _handling_units()


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("答复内容"), widget=forms.Textarea)


class FeedbackForm(forms.Form):
    satisfaction = forms.ChoiceField(label=_("企业评价"), choices=Satisfaction.choices)
    note = forms.CharField(label=_("企业意见"), required=False, widget=forms.Textarea)


class AmountFields(forms.Form):
    """An amount typed in 元, 万元 or 亿元; `cleaned_data["amount"]` is in 元."""

    amount = forms.DecimalField(label=_("金额"), required=False, min_value=0, decimal_places=8)
    amount_unit = forms.ChoiceField(label=_("单位"), choices=UNIT_CHOICES, initial="万元")

    def clean(self):
        data = super().clean()
        if data.get("amount") is not None and data.get("amount_unit"):
            try:
                data["amount"] = to_yuan(data["amount"], data["amount_unit"])
            except AmountError as exc:
                self.add_error("amount", str(exc))
        return data


class ProjectForm(AmountFields):
    name = forms.CharField(label=_("项目名称"), max_length=200)
    investor = forms.ModelChoiceField(label=_("投资企业"), queryset=None)
    unit = forms.ModelChoiceField(label=_("承接单位"), queryset=None)
    event_record = forms.IntegerField(
        label=_("推介活动记录编号"),
        min_value=1,
        help_text=_("台账中该招商推介活动记录的编号"),
    )

    field_order = ["name", "investor", "unit", "event_record", "amount", "amount_unit"]

    def __init__(self, *args, user, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["investor"].queryset = enterprises
        self.fields["unit"].queryset = visible_units(user).filter(is_active=True)
        self.fields["amount"].label = _("投资额")


class AdvanceForm(forms.Form):
    on = forms.DateField(label=_("日期"), widget=DATE)


class CreditMeetingForm(forms.Form):
    title = forms.CharField(label=_("会议名称"), max_length=200)
    date = forms.DateField(label=_("日期"), widget=DATE)
    unit = forms.ModelChoiceField(label=_("主办单位"), queryset=None)
    meeting_record = forms.IntegerField(
        label=_("台账记录编号"),
        required=False,
        min_value=1,
        help_text=_("选填：台账中该会议记录的编号"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = visible_units(user).filter(is_active=True)


class CreditLineForm(AmountFields):
    enterprise = forms.ModelChoiceField(label=_("企业"), queryset=None)
    bank = forms.CharField(label=_("银行"), max_length=100)

    field_order = ["enterprise", "bank", "amount", "amount_unit"]

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        self.fields["amount"].required = True
        self.fields["amount"].label = _("授信金额")


class EvaluationForm(forms.Form):
    name = forms.CharField(label=_("评选名称"), max_length=100)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    size = forms.IntegerField(label=_("入选数量"), min_value=1, initial=50)


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("指标"), max_length=50)
    weight = forms.DecimalField(label=_("权重"), min_value=0, max_digits=6, decimal_places=3)
    higher_is_better = forms.TypedChoiceField(
        label=_("方向"),
        choices=[("1", _("越大越好")), ("0", _("越小越好"))],
        coerce=lambda v: v == "1",
        initial="1",
    )


class ValuesForm(forms.Form):
    """An enterprise's value for each criterion of the evaluation."""

    enterprise = forms.ModelChoiceField(label=_("企业"), queryset=None)

    def __init__(self, *args, criteria, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.fields["enterprise"].queryset = enterprises
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.DecimalField(
                label=criterion.name, required=False, max_digits=18, decimal_places=4
            )

    def values(self) -> dict:
        return {c: self.cleaned_data.get(f"c{c.pk}") for c in self.criteria}


def add_errors(form, exc: ValidationError) -> None:
    """A service's ValidationError shown on the form: per field where the field exists."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)
