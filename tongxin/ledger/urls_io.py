"""Excel import and export pages (kept apart from the record pages)."""

from django.urls import path

from tongxin.ledger import views_io

app_name = "ledger_io"

urlpatterns = [
    path("import/", views_io.import_start, name="import_start"),
    path("import/template/", views_io.template_download, name="template"),
    path("import/history/", views_io.import_history, name="import_history"),
    path("import/batch/<int:pk>/undo/", views_io.import_undo, name="import_undo"),
    path("import/batch/<int:pk>/rejected/", views_io.rejected_download, name="import_rejected"),
    path("import/<str:sha>/", views_io.import_preview, name="import_preview"),
    path("import/<str:sha>/commit/", views_io.import_commit, name="import_commit"),
    path("export/", views_io.export, name="export"),
]
