from django.urls import include, path

urlpatterns = [
    path("", include("tongxin.core.urls")),
    path("accounts/tokens/", include("tongxin.api.urls_tokens")),
    path("accounts/", include("tongxin.accounts.urls")),
    path("audit/", include("tongxin.audit.urls")),
    path("ledger/inbox/", include("tongxin.inbox.urls")),
    path("ledger/", include("tongxin.ledger.urls")),
    path("indicators/", include("tongxin.indicators.urls")),
    path("reports/", include("tongxin.reports.urls")),
    path("cases/", include("tongxin.cases.urls")),
    path("assessment/", include("tongxin.assessment.urls")),
    path("api/", include("tongxin.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler403 = "tongxin.core.views.permission_denied"
handler404 = "tongxin.core.views.page_not_found"
handler500 = "tongxin.core.views.server_error"
