"""Excel import and export pages (kept apart from the record pages)."""

app_name = "ledger_io"

urlpatterns: list = []
