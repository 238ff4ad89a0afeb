from django.urls import path

from tongxin.assessment import (
    evaluation_views,
    meeting_views,
    programme_views,
    site_views,
    standing_views,
    views,
)

app_name = "assessment"

urlpatterns = [
    path("", views.scheme_list, name="scheme_list"),
    path("new/", views.scheme_create, name="scheme_create"),
    path("<int:pk>/", views.scheme_detail, name="scheme_detail"),
    path("<int:pk>/edit/", views.scheme_edit, name="scheme_edit"),
    path("<int:pk>/items/new/", views.item_add, name="item_add"),
    path("<int:pk>/publish/", views.scheme_publish, name="scheme_publish"),
    path("<int:pk>/copy/", views.scheme_copy, name="scheme_copy"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/delete/", views.item_delete, name="item_delete"),
    path("items/<int:pk>/scores/", views.item_scores, name="item_scores"),
    path("<int:pk>/evaluations/new/", evaluation_views.evaluation_create, name="evaluation_create"),
    path("<int:pk>/duty-reports/", evaluation_views.duty_report_upload, name="duty_report_upload"),
    path(
        "duty-reports/<int:pk>/", evaluation_views.duty_report_download, name="duty_report_download"
    ),
    path("evaluations/<int:pk>/", evaluation_views.evaluation_detail, name="evaluation_detail"),
    path(
        "evaluations/<int:pk>/tokens/", evaluation_views.evaluation_tokens, name="evaluation_tokens"
    ),
    path("evaluations/<int:pk>/close/", evaluation_views.evaluation_close, name="evaluation_close"),
    path("rate/<str:token>/", evaluation_views.rate, name="rate"),
    path("provincial/", standing_views.standing, name="standing"),
    path("meetings/", meeting_views.meeting_list, name="meeting_list"),
    path("meetings/new/", meeting_views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meeting_views.meeting_detail, name="meeting_detail"),
    path("sites/", site_views.site_list, name="site_list"),
    path("sites/new/", site_views.site_create, name="site_create"),
    path("sites/<int:pk>/", site_views.site_detail, name="site_detail"),
    path("sites/<int:pk>/records/", site_views.site_record_add, name="site_record_add"),
    path("programmes/", programme_views.programme_list, name="programme_list"),
    path("programmes/training/new/", programme_views.training_create, name="training_create"),
    path("programmes/training/<int:pk>/", programme_views.training_detail, name="training_detail"),
    path("programmes/training/<int:pk>/roster/", programme_views.trainee_add, name="trainee_add"),
    path(
        "programmes/secondments/new/",
        programme_views.secondment_create,
        name="secondment_create",
    ),
]
