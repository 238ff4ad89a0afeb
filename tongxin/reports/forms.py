from django import forms
from django.utils.translation import gettext_lazy as _


class ArticleForm(forms.Form):
    text = forms.CharField(
        label=_("粘贴文章"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    file = forms.FileField(
        label=_("或上传文件"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.html,.htm,.docx"}),
        help_text=_(".txt、.html 或 .docx；繁体、简体均可，网页抓取的拼音残留会自动清除"),
    )
    unit = forms.ModelChoiceField(label=_("登记单位"), queryset=None)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
