"""Signing in and out, the session keep-alive and changing one's own password."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.accounts.forms import LoginForm, PasswordChangeForm
from tongxin.accounts.passwords import password_expired
from tongxin.accounts.services.users import user_password_change
from tongxin.accounts.session_refresh import refresh


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["idle_logout"] = self.request.GET.get("idle") == "1"
        return context


logout_view = auth_views.LogoutView.as_view()


def _with_next(url_name: str, request) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': _next_url(request)})}"


def _next_url(request, default: str = "core:home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


@require_POST
def session_ping(request):
    """The idle warning's "continue": always restarts the session's idle clock (a page
    view restarts it only once per SESSION_REFRESH_SECONDS)."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    refresh(request.session)
    return HttpResponse(status=204)


@login_required
def password_change(request):
    user = request.user
    forced = user.must_change_password or password_expired(user)
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user_password_change(
                actor=user, user=user, new_password=form.cleaned_data["new_password1"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("密码已修改。"))
            return redirect(_next_url(request))
    return render(
        request,
        "accounts/password_change.html",
        {
            "form": form,
            "forced": forced,
            "expired": password_expired(user),
            "next": _next_url(request),
        },
    )
