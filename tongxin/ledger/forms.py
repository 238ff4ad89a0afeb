from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.access import visible_units
from tongxin.accounts.roles import Role
from tongxin.ledger.models import LinkKind, RecordStatus, RecordType, WorkArea


def units_for(user):
    """Units a user may record for: a reporter's subtree, everything for editors."""
    units = visible_units(user)
    return units if user.role == Role.EDITOR else units.filter(path__startswith=user.unit.path)


class RecordForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=None)
    record_type = forms.ModelChoiceField(label=_("记录类型"), queryset=None)
    area = forms.ModelChoiceField(
        label=_("工作领域"),
        queryset=None,
        required=False,
        help_text=_("不选则使用记录类型的默认领域"),
    )
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(
        label=_("结束日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("跨多日的工作（如培训班）填写"),
    )
    title = forms.CharField(label=_("标题"), max_length=200)
    description = forms.CharField(
        label=_("内容"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    count = forms.IntegerField(label=_("数量"), required=False, min_value=0)
    participants = forms.IntegerField(label=_("参与人数"), required=False, min_value=0)
    amount = forms.DecimalField(
        label=_("金额（元）"), required=False, min_value=0, max_digits=16, decimal_places=2
    )
    tags = forms.CharField(label=_("标签"), required=False, help_text=_("多个标签用逗号分隔"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(user)
        self.fields["record_type"].queryset = RecordType.objects.filter(is_active=True)
        self.fields["area"].queryset = WorkArea.objects.all()
        if user.unit_id and "unit" not in self.initial:
            self.initial["unit"] = user.unit_id

    def clean_tags(self) -> list[str]:
        raw = self.cleaned_data.get("tags") or ""
        return [t.strip() for t in raw.replace("，", ",").split(",") if t.strip()]

    def record_values(self) -> dict:
        data = self.cleaned_data
        values = {
            name: data.get(name)
            for name in (
                "unit",
                "record_type",
                "date",
                "end_date",
                "title",
                "description",
                "count",
                "participants",
                "amount",
            )
        }
        values["area"] = data.get("area") or data["record_type"].area
        # Measures the chosen type does not carry are dropped, not refused: the
        # inputs were hidden when the type changed.
        record_type = data["record_type"]
        if not record_type.has_count:
            values["count"] = None
        if not record_type.has_participants:
            values["participants"] = None
        if not record_type.has_amount:
            values["amount"] = None
        return values


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("退回原因"), widget=forms.Textarea(attrs={"rows": 2}))


class LinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("关系"), choices=LinkKind.choices)
    target = forms.IntegerField(label=_("目标记录编号"))


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("佐证材料"),
        widget=forms.ClearableFileInput(
            attrs={
                # image/* lets a phone offer its camera.
                "accept": "application/pdf,image/*,.docx,.xlsx",
            }
        ),
    )


class RecordFilterForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), required=False)
    unit = forms.IntegerField(label=_("单位"), required=False)
    area = forms.IntegerField(label=_("领域"), required=False)
    type = forms.IntegerField(label=_("类型"), required=False)
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部（不含已撤销）"))] + list(RecordStatus.choices),
    )
    tag = forms.CharField(label=_("标签"), required=False)
    q = forms.CharField(label=_("搜索"), required=False)
    sort = forms.CharField(required=False)
