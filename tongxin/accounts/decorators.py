from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from tongxin.accounts.roles import BUSINESS_ROLES


def business_user_required(view):
    """Pages of business data: logged in, and a business role (the three
    administrators get 403)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.role not in BUSINESS_ROLES:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
