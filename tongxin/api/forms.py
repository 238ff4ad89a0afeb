from django import forms
from django.utils.translation import gettext_lazy as _

EXPIRY_CHOICES = [
    ("30", _("30 天")),
    ("90", _("90 天")),
    ("365", _("一年")),
    ("", _("永不过期")),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("名称"), max_length=50, help_text=_("用途，如“区县数据同步脚本”")
    )
    expires_in_days = forms.TypedChoiceField(
        label=_("有效期"), choices=EXPIRY_CHOICES, coerce=int, empty_value=None, initial="90"
    )
