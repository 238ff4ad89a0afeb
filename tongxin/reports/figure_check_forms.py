"""The figure-check page's form (beside forms.py, which belongs to the article pages)."""

from django import forms
from django.utils.translation import gettext_lazy as _

NO_DRAFT = _("请粘贴稿件或上传文件。")


class FigureCheckForm(forms.Form):
    text = forms.CharField(
        label=_("粘贴稿件"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    file = forms.FileField(
        label=_("或上传文件"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.html,.htm,.docx"}),
        help_text=_(".txt、.html 或 .docx；繁体、简体均可，网页抓取的拼音残留不影响核对"),
    )
    # Blank: the year the draft names most often (a 2022 review is checked against 2022).
    year = forms.IntegerField(
        label=_("年度"),
        min_value=2000,
        max_value=2100,
        required=False,
        help_text=_("留空则取稿件中出现最多的年份"),
    )
    unit = forms.ModelChoiceField(label=_("核对单位"), queryset=None)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(NO_DRAFT)
        return data
