from django.urls import path

from tongxin.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("targets/", views.targets, name="targets"),
    path("definitions/", views.indicator_list, name="indicator_list"),
    path("definitions/new/", views.indicator_edit, name="indicator_create"),
    path("definitions/<str:code>/edit/", views.indicator_edit, name="indicator_edit"),
    path("targets/save/", views.target_save, name="target_save"),
    path("manual/save/", views.manual_value_save, name="manual_value_save"),
    path("year-start/", views.year_start, name="year_start"),
    path("export.xlsx", views.export, name="export"),
    path("<str:code>/unit/<int:unit_pk>/records/", views.drilldown, name="drilldown"),
]
