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


class ArticleFactsForm(forms.Form):
    """The second step: what the text says about itself, as read, for the user to
    correct before the article and its publicity record are saved."""

    unit = forms.ModelChoiceField(label=_("登记单位"), queryset=None)
    title = forms.CharField(label=_("标题"), max_length=300)
    outlet = forms.CharField(
        label=_("来源媒体"),
        max_length=100,
        required=False,
        help_text=_("如“中新网四川”；文中未注明时请补填"),
    )
    published_on = forms.DateField(
        label=_("发布日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("宣传报道记录按此日期计入；不填则按今天"),
    )
    author = forms.CharField(label=_("作者"), max_length=100, required=False)
    text = forms.CharField(widget=forms.HiddenInput, strip=False)
    source_name = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
