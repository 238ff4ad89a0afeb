from django.urls import path

from tongxin.reports import views, views_audit, views_casebook, views_review

app_name = "reports"

urlpatterns = [
    path("reviews/", views_review.review_list, name="review_list"),
    path("reviews/<int:pk>/", views_review.review_detail, name="review_detail"),
    path("reviews/<int:pk>/edit/", views_review.review_edit, name="review_edit"),
    path("reviews/<int:pk>/preview/", views_review.review_preview, name="review_preview"),
    path("reviews/<int:pk>/sign-off/", views_review.review_sign_off, name="review_sign_off"),
    path("reviews/<int:pk>/comment/", views_review.review_comment, name="review_comment"),
    path("reviews/<int:pk>/docx/", views_review.review_docx_download, name="review_docx"),
    path("casebook/", views_casebook.casebook_download, name="casebook"),
    path("audit/", views_audit.audit, name="audit"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/new/", views.article_new, name="article_new"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("articles/<int:pk>/drafts/", views.article_drafts, name="article_drafts"),
]
