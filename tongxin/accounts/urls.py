from django.urls import path

from tongxin.accounts import views, views_admin

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("session/ping/", views.session_ping, name="session_ping"),
    path("password/", views.password_change, name="password_change"),
    path("security/", views.security, name="security"),
    path("otp/enrol/", views.otp_enrol, name="otp_enrol"),
    path("otp/verify/", views.otp_verify, name="otp_verify"),
    path("otp/disable/", views.otp_disable, name="otp_disable"),
    path("otp/recovery-codes/", views.otp_recovery_codes, name="otp_recovery_codes"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("users/", views_admin.user_list, name="user_list"),
    path("users/new/", views_admin.user_create, name="user_create"),
    path("users/<int:pk>/", views_admin.user_detail, name="user_detail"),
    path("users/<int:pk>/edit/", views_admin.user_edit, name="user_edit"),
    path("users/<int:pk>/password/", views_admin.user_password_reset, name="user_password_reset"),
    path("users/<int:pk>/unlock/", views_admin.user_unlock, name="user_unlock"),
    path("users/<int:pk>/deactivate/", views_admin.user_deactivate, name="user_deactivate"),
    path("users/<int:pk>/reactivate/", views_admin.user_reactivate, name="user_reactivate"),
    path("users/<int:pk>/role/", views_admin.user_role, name="user_role"),
    path("users/<int:pk>/otp-reset/", views_admin.user_otp_reset, name="user_otp_reset"),
]
