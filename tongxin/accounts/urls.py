from django.urls import path

from tongxin.accounts.views import admin_requests, login, otp, units, users

app_name = "accounts"

urlpatterns = [
    path("login/", login.LoginView.as_view(), name="login"),
    path("logout/", login.logout_view, name="logout"),
    path("session/ping/", login.session_ping, name="session_ping"),
    path("password/", login.password_change, name="password_change"),
    path("security/", otp.security, name="security"),
    path("otp/enrol/", otp.otp_enrol, name="otp_enrol"),
    path("otp/verify/", otp.otp_verify, name="otp_verify"),
    path("otp/disable/", otp.otp_disable, name="otp_disable"),
    path("otp/recovery-codes/", otp.otp_recovery_codes, name="otp_recovery_codes"),
    path("units/", units.unit_list, name="unit_list"),
    path("units/new/", units.unit_create, name="unit_create"),
    path("units/<int:pk>/", units.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", units.unit_edit, name="unit_edit"),
    path("users/", users.user_list, name="user_list"),
    path("users/new/", users.user_create, name="user_create"),
    path("users/<int:pk>/", users.user_detail, name="user_detail"),
    path("users/<int:pk>/edit/", users.user_edit, name="user_edit"),
    path("users/<int:pk>/password/", users.user_password_reset, name="user_password_reset"),
    path("users/<int:pk>/unlock/", users.user_unlock, name="user_unlock"),
    path("users/<int:pk>/deactivate/", users.user_deactivate, name="user_deactivate"),
    path("users/<int:pk>/reactivate/", users.user_reactivate, name="user_reactivate"),
    path("users/<int:pk>/role/", users.user_role, name="user_role"),
    path("users/<int:pk>/otp-reset/", users.user_otp_reset, name="user_otp_reset"),
    path("activate/", admin_requests.admin_activate, name="admin_activate"),
    path("admin-requests/", admin_requests.admin_request_list, name="admin_request_list"),
    path("admin-requests/new/", admin_requests.admin_request_create, name="admin_request_create"),
    path(
        "admin-requests/<int:pk>/approve/",
        admin_requests.admin_request_approve,
        name="admin_request_approve",
    ),
    path(
        "admin-requests/<int:pk>/refuse/",
        admin_requests.admin_request_refuse,
        name="admin_request_refuse",
    ),
    path(
        "admin-requests/<int:pk>/cancel/",
        admin_requests.admin_request_cancel,
        name="admin_request_cancel",
    ),
]
