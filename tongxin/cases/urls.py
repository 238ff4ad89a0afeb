from django.urls import path

from tongxin.cases.views import cases, credit, enterprises, projects, rankings

app_name = "cases"

urlpatterns = [
    path("", cases.case_list, name="case_list"),
    path("new/", cases.case_create, name="case_create"),
    path("categories/", cases.category_list, name="category_list"),
    path("<int:pk>/", cases.case_detail, name="case_detail"),
    path("<int:pk>/action/", cases.case_action, name="case_action"),
    path("enterprises/", enterprises.enterprise_list, name="enterprise_list"),
    path("enterprises/new/", enterprises.enterprise_create, name="enterprise_create"),
    path("enterprises/import/", enterprises.enterprise_import, name="enterprise_import"),
    path("enterprises/<int:pk>/", enterprises.enterprise_detail, name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", enterprises.enterprise_edit, name="enterprise_edit"),
    path(
        "enterprises/<int:pk>/lists/",
        enterprises.enterprise_membership_add,
        name="enterprise_membership_add",
    ),
    path("projects/", projects.project_list, name="project_list"),
    path("projects/new/", projects.project_create, name="project_create"),
    path("projects/<int:pk>/", projects.project_detail, name="project_detail"),
    path("projects/<int:pk>/advance/", projects.project_advance, name="project_advance"),
    path("projects/<int:pk>/undo/", projects.project_stage_undo, name="project_stage_undo"),
    path("credit/", credit.credit_meeting_list, name="credit_meeting_list"),
    path("credit/new/", credit.credit_meeting_create, name="credit_meeting_create"),
    path("credit/<int:pk>/", credit.credit_meeting_detail, name="credit_meeting_detail"),
    path("credit/<int:pk>/lines/", credit.credit_line_add, name="credit_line_add"),
    path("credit/lines/<int:pk>/amend/", credit.credit_line_amend, name="credit_line_amend"),
    path(
        "credit/lines/<int:pk>/withdraw/", credit.credit_line_withdraw, name="credit_line_withdraw"
    ),
    path("rankings/", rankings.evaluation_list, name="evaluation_list"),
    path("rankings/new/", rankings.evaluation_create, name="evaluation_create"),
    path("rankings/<int:pk>/", rankings.evaluation_detail, name="evaluation_detail"),
    path("rankings/<int:pk>/edit/", rankings.evaluation_edit, name="evaluation_edit"),
    path("rankings/<int:pk>/action/", rankings.evaluation_action, name="evaluation_action"),
    path(
        "rankings/<int:pk>/export.<str:fmt>",
        rankings.evaluation_export,
        name="evaluation_export",
    ),
]
