from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.models import AdminAction, Unit, UnitKind, User
from tongxin.accounts.roles import Role
from tongxin.accounts.services.admin_requests import ADMIN_ACTIVATION_NEEDED, admin_needs_activation
from tongxin.accounts.services.login import login_refusal, name_locked_message
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

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        # An administrator whose password someone else set never logs in with it:
        # it needs the two halves of its one-time credential (三员互相制约).
        if admin_needs_activation(user):
            raise ValidationError(ADMIN_ACTIVATION_NEEDED, code="activation")

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and self.cleaned_data.get("password"):
            refusal = login_refusal(username=username, address=client_ip_from_request(self.request))
            if refusal:
                raise ValidationError(refusal, code="refused")
        try:
            return super().clean()
        except ValidationError:
            # The failure just recorded may have been the one that locked the account
            # (or the unknown name: the same message, so no telling which exist).
            message = name_locked_message(username) if username else None
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


def add_errors(form, exc: ValidationError) -> None:
    """A service's ValidationError shown on the form: per field where the field exists."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class AdminRequestForm(forms.Form):
    """A request under the two-person rule (services/admin_requests.py)."""

    username = forms.CharField(label=_("目标账号用户名"), max_length=150)
    action = forms.ChoiceField(label=_("事项"), choices=AdminAction.choices)
    role = forms.ChoiceField(
        label=_("新角色"),
        choices=[("", "—"), *Role.choices],
        required=False,
        help_text=_("仅“变更角色”时填写。"),
    )
    reason = forms.CharField(label=_("理由"), max_length=200, required=False)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        target = User.objects.filter(username=username).first()
        if target is None:
            raise ValidationError(_("没有这个账号。"))
        self.target = target
        return username


class AdminActivationForm(forms.Form):
    """The target's own page: user name, both halves, a password of its own."""

    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    half_a = forms.CharField(
        label=_("凭据第一段（申请人交给您）"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "narrow-input"}),
    )
    half_b = forms.CharField(
        label=_("凭据第二段（批准人交给您）"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "narrow-input"}),
    )
    password1 = forms.CharField(
        label=_("新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少10位，包含大写字母、小写字母、数字、符号中的至少三类，且不含用户名。"),
    )
    password2 = forms.CharField(
        label=_("再次输入新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
