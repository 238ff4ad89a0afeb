from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.models import Unit
from tongxin.audit.labels import ACTION_LABELS
from tongxin.audit.selectors import AuditFilter, object_type_choices

ACTION_FAMILIES = [
    ("auth.", _("登录与认证（全部）")),
    ("otp.", _("双因素认证（全部）")),
    ("user.", _("账号（全部）")),
    ("unit.", _("单位（全部）")),
    ("record.", _("台账记录（全部）")),
    ("audit.", _("审计日志（全部）")),
]


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("操作人账号"), required=False, max_length=150)
    unit = forms.ModelChoiceField(
        label=_("单位"), queryset=Unit.objects.none(), required=False, empty_label=_("全部")
    )
    action = forms.ChoiceField(label=_("操作"), required=False)
    object_type = forms.ChoiceField(label=_("对象类型"), required=False)
    object_id = forms.CharField(label=_("对象编号"), required=False, max_length=64)
    since = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.order_by("path")
        self.fields["action"].choices = [
            ("", _("全部")),
            *ACTION_FAMILIES,
            *sorted(ACTION_LABELS.items()),
        ]
        self.fields["object_type"].choices = [("", _("全部")), *object_type_choices()]

    def to_filter(self) -> AuditFilter:
        data = self.cleaned_data if self.is_valid() else {}
        unit = data.get("unit")
        return AuditFilter(
            actor=(data.get("actor") or "").strip(),
            unit_id=unit.pk if unit else None,
            action=data.get("action") or "",
            object_type=data.get("object_type") or "",
            object_id=(data.get("object_id") or "").strip(),
            since=data.get("since"),
            until=data.get("until"),
        )
