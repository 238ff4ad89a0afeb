from django.urls import include, path

from tongxin.ledger import views

app_name = "ledger"

urlpatterns = [
    path("", views.record_list, name="record_list"),
    path("totals/", views.record_totals, name="record_totals"),
    path("records/new/", views.record_create, name="record_create"),
    path("records/<int:pk>/", views.record_detail, name="record_detail"),
    path("records/<int:pk>/edit/", views.record_edit, name="record_edit"),
    path("records/<int:pk>/action/", views.record_action, name="record_action"),
    path("records/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("records/<int:pk>/links/", views.record_link_add, name="record_link_add"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/thumb/", views.evidence_thumbnail, name="evidence_thumbnail"),
    path("records/<int:pk>/correction/", views.correction_request, name="correction_request"),
    path("corrections/<int:pk>/", views.correction_detail, name="correction_detail"),
    path("corrections/<int:pk>/decide/", views.correction_decide, name="correction_decide"),
    path("bulk/", views.record_bulk, name="record_bulk"),
    path("autosave/", views.autosave, name="autosave"),
    path("duplicates/", views.duplicates_check, name="duplicates_check"),
    path("io/", include("tongxin.ledger.urls_io")),
]
