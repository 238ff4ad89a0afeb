"""The audit page's form (beside forms.py, which belongs to the article pages)."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

NO_DRAFT = _("请粘贴稿件或上传文件。")


class AuditForm(forms.Form):
    text = forms.CharField(
        label=_("粘贴稿件"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    file = forms.FileField(
        label=_("或上传文件"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.html,.htm,.docx"}),
        help_text=_(".txt、.html 或 .docx；繁体、简体均可，网页抓取的拼音残留不影响核对"),
    )
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    unit = forms.ModelChoiceField(label=_("核对单位"), queryset=None)

    def __init__(self, *args, units, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("year", dt.date.today().year - 1)
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(NO_DRAFT)
        return data
