from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from tongxin.accounts import selectors
from tongxin.accounts.access import get_unit_for_user
from tongxin.accounts.forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


logout_view = auth_views.LogoutView.as_view()


@login_required
def unit_list(request):
    units = list(selectors.unit_directory_for_user(request.user))
    return render(request, "accounts/unit_list.html", {"units": units})


@login_required
def unit_detail(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    return render(
        request,
        "accounts/unit_detail.html",
        {
            "unit": unit,
            "children": selectors.unit_children(unit),
            "members": selectors.unit_members(unit),
        },
    )
