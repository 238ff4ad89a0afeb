from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tongxin.accounts import services
from tongxin.accounts.models import Unit, UnitKind, User
from tongxin.accounts.roles import Role
from tongxin.audit.middleware import client_ip_from_request


class LoginForm(AuthenticationForm):
    """Django's login form, refusing a locked account (even with the right password)
    and an address that must wait, each with a Chinese message saying when to retry."""

    error_messages = {
        "invalid_login": _("用户名或密码不正确。请注意密码区分大小写。"),
        "inactive": _("该账号已停用，请联系系统管理员。"),
    }

    username = forms.CharField(
        label=_("用户名"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and self.cleaned_data.get("password"):
            refusal = services.login_refusal(
                username=username, address=client_ip_from_request(self.request)
            )
            if refusal:
                raise ValidationError(refusal, code="refused")
        try:
            return super().clean()
        except ValidationError:
            # The failure just recorded may have been the one that locked the account.
            user = User.objects.filter(username=username).first() if username else None
            message = services.locked_message(user) if user else None
            if message:
                raise ValidationError(message, code="locked") from None
            raise


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=_("当前密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    new_password1 = forms.CharField(
        label=_("新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少10位，包含大写字母、小写字母、数字、符号中的至少三类，且不含用户名。"),
    )
    new_password2 = forms.CharField(
        label=_("再次输入新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_old_password(self):
        value = self.cleaned_data["old_password"]
        if not self.user.check_password(value):
            raise ValidationError(_("当前密码不正确。"))
        return value

    def clean(self):
        data = super().clean()
        new1, new2 = data.get("new_password1"), data.get("new_password2")
        if new1 and new2:
            if new1 != new2:
                self.add_error("new_password2", _("两次输入的新密码不一致。"))
            else:
                try:
                    password_validation.validate_password(new1, self.user)
                except ValidationError as exc:
                    self.add_error("new_password1", exc)
        return data


class OtpTokenForm(forms.Form):
    token = forms.CharField(
        label=_("验证码"),
        max_length=16,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "class": "narrow-input",
            }
        ),
    )


def _unit_choices():
    return Unit.objects.filter(is_active=True).order_by("path")


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    display_name = forms.CharField(label=_("姓名"), max_length=50)
    unit = forms.ModelChoiceField(label=_("所属单位"), queryset=Unit.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _unit_choices()


class UserEditForm(forms.Form):
    display_name = forms.CharField(label=_("姓名"), max_length=50)
    unit = forms.ModelChoiceField(label=_("所属单位"), queryset=Unit.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _unit_choices()


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)


class DeactivateForm(forms.Form):
    successor = forms.ModelChoiceField(
        label=_("交接人"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("该账号的草稿、待审核和被退回的记录等未办结事项将一并交给交接人。"),
    )

    def __init__(self, *args, leaving: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = (
            User.objects.filter(is_active=True)
            .exclude(pk=leaving.pk)
            .select_related("unit")
            .order_by("username")
        )
        self.fields["successor"].label_from_instance = lambda u: (
            f"{u.display_name}（{u.username}，{u.unit or '-'}，{u.get_role_display()}）"
        )


class UnitForm(forms.Form):
    code = forms.CharField(label=_("代码"), max_length=32)
    name = forms.CharField(label=_("名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类别"), choices=UnitKind.choices)
    parent = forms.ModelChoiceField(
        label=_("上级单位"), queryset=Unit.objects.none(), required=False
    )
    sort_order = forms.IntegerField(label=_("排序"), min_value=0, initial=0)
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)

    def __init__(self, *args, editing: Unit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Unit.objects.order_by("path")
        if editing is not None:
            self.fields["code"].disabled = True
