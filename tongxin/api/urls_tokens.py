"""The token page, under the account's security settings (/accounts/tokens/)."""

from django.urls import path

from tongxin.api import views

app_name = "api_tokens"

urlpatterns = [
    path("", views.token_list, name="token_list"),
    path("<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
