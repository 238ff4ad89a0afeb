from django.urls import path

from tongxin.assessment.views import evaluation, meetings, programmes, schemes, sites, standing

app_name = "assessment"

urlpatterns = [
    path("", schemes.scheme_list, name="scheme_list"),
    path("new/", schemes.scheme_create, name="scheme_create"),
    path("<int:pk>/", schemes.scheme_detail, name="scheme_detail"),
    path("<int:pk>/edit/", schemes.scheme_edit, name="scheme_edit"),
    path("<int:pk>/items/new/", schemes.item_add, name="item_add"),
    path("<int:pk>/publish/", schemes.scheme_publish, name="scheme_publish"),
    path("<int:pk>/copy/", schemes.scheme_copy, name="scheme_copy"),
    path("items/<int:pk>/edit/", schemes.item_edit, name="item_edit"),
    path("items/<int:pk>/delete/", schemes.item_delete, name="item_delete"),
    path("items/<int:pk>/scores/", schemes.item_scores, name="item_scores"),
    path("<int:pk>/evaluations/new/", evaluation.evaluation_create, name="evaluation_create"),
    path("<int:pk>/duty-reports/", evaluation.duty_report_upload, name="duty_report_upload"),
    path("duty-reports/<int:pk>/", evaluation.duty_report_download, name="duty_report_download"),
    path("evaluations/<int:pk>/", evaluation.evaluation_detail, name="evaluation_detail"),
    path("evaluations/<int:pk>/tokens/", evaluation.evaluation_tokens, name="evaluation_tokens"),
    path("evaluations/<int:pk>/close/", evaluation.evaluation_close, name="evaluation_close"),
    path("rate/<str:token>/", evaluation.rate, name="rate"),
    path("provincial/", standing.standing, name="standing"),
    path("meetings/", meetings.meeting_list, name="meeting_list"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("sites/", sites.site_list, name="site_list"),
    path("sites/new/", sites.site_create, name="site_create"),
    path("sites/<int:pk>/", sites.site_detail, name="site_detail"),
    path("sites/<int:pk>/records/", sites.site_record_add, name="site_record_add"),
    path("programmes/", programmes.programme_list, name="programme_list"),
    path("programmes/training/new/", programmes.training_create, name="training_create"),
    path("programmes/training/<int:pk>/", programmes.training_detail, name="training_detail"),
    path("programmes/training/<int:pk>/roster/", programmes.trainee_add, name="trainee_add"),
    path(
        "programmes/secondments/new/",
        programmes.secondment_create,
        name="secondment_create",
    ),
]
