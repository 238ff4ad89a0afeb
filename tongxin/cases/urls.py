from django.urls import path

from tongxin.cases import views, views_finance, views_ranking

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_create, name="case_create"),
    path("categories/", views.category_list, name="category_list"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/action/", views.case_action, name="case_action"),
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
    path("enterprises/new/", views.enterprise_create, name="enterprise_create"),
    path("enterprises/import/", views.enterprise_import, name="enterprise_import"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path(
        "enterprises/<int:pk>/lists/",
        views.enterprise_membership_add,
        name="enterprise_membership_add",
    ),
    path("projects/", views_finance.project_list, name="project_list"),
    path("projects/new/", views_finance.project_create, name="project_create"),
    path("projects/<int:pk>/", views_finance.project_detail, name="project_detail"),
    path("projects/<int:pk>/advance/", views_finance.project_advance, name="project_advance"),
    path("credit/", views_finance.credit_meeting_list, name="credit_meeting_list"),
    path("credit/new/", views_finance.credit_meeting_create, name="credit_meeting_create"),
    path("credit/<int:pk>/", views_finance.credit_meeting_detail, name="credit_meeting_detail"),
    path("credit/<int:pk>/lines/", views_finance.credit_line_add, name="credit_line_add"),
    path("rankings/", views_ranking.evaluation_list, name="evaluation_list"),
    path("rankings/new/", views_ranking.evaluation_create, name="evaluation_create"),
    path("rankings/<int:pk>/", views_ranking.evaluation_detail, name="evaluation_detail"),
    path("rankings/<int:pk>/edit/", views_ranking.evaluation_edit, name="evaluation_edit"),
    path("rankings/<int:pk>/action/", views_ranking.evaluation_action, name="evaluation_action"),
    path(
        "rankings/<int:pk>/export.<str:fmt>",
        views_ranking.evaluation_export,
        name="evaluation_export",
    ),
]
