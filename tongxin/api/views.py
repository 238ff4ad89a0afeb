"""The user's own API tokens, under 账号安全: create (shown once) and revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.accounts.roles import BUSINESS_ROLES
from tongxin.api import selectors, services
from tongxin.api.forms import TokenForm


def _require_business(user) -> None:
    if user.role not in BUSINESS_ROLES:
        raise PermissionDenied


@login_required
def token_list(request):
    _require_business(request.user)
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = services.api_token_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                expires_in_days=form.cleaned_data["expires_in_days"],
            )
        except ValidationError as exc:
            for field, errors in getattr(exc, "error_dict", {"__all__": exc.error_list}).items():
                for error in errors:
                    form.add_error(None if field == "__all__" else field, error)
        else:
            # Shown this once: only the hash is kept.
            created = {"token": token, "raw": raw}
            form = TokenForm()
    return render(
        request,
        "api/token_list.html",
        {"form": form, "created": created, "tokens": selectors.tokens_of(request.user)},
    )


@login_required
@require_POST
def token_revoke(request, pk: int):
    _require_business(request.user)
    token = selectors.get_token_for_owner(request.user, pk)
    try:
        services.api_token_revoke(actor=request.user, token=token)
    except ValidationError as exc:
        messages.error(request, _("；").join(exc.messages))
    else:
        messages.success(
            request, _("已撤销令牌“{name}”，使用它的程序将无法再访问。").format(name=token.name)
        )
    return redirect("api_tokens:token_list")
