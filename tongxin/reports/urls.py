from django.urls import path
from django.views.generic import RedirectView

from tongxin.reports.views import articles, casebook, figure_check, review_pdf, reviews

app_name = "reports"

urlpatterns = [
    path("reviews/", reviews.review_list, name="review_list"),
    path("reviews/new/", reviews.review_new, name="review_new"),
    path("reviews/<int:pk>/figures/", reviews.review_figures, name="review_figures"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review_detail"),
    path("reviews/<int:pk>/edit/", reviews.review_edit, name="review_edit"),
    path("reviews/<int:pk>/preview/", reviews.review_preview, name="review_preview"),
    path("reviews/<int:pk>/sign-off/", reviews.review_sign_off, name="review_sign_off"),
    path("reviews/<int:pk>/comment/", reviews.review_comment, name="review_comment"),
    path("reviews/<int:pk>/docx/", reviews.review_docx_download, name="review_docx"),
    path("reviews/<int:pk>/pdf/", review_pdf.review_pdf_download, name="review_pdf"),
    path("casebook/", casebook.casebook_download, name="casebook"),
    path("figure-check/", figure_check.figure_check, name="figure_check"),
    # The old address of the figure check (once called the audit), kept for bookmarks.
    path("audit/", RedirectView.as_view(pattern_name="reports:figure_check", query_string=True)),
    path("articles/", articles.article_list, name="article_list"),
    path("articles/new/", articles.article_new, name="article_new"),
    path("articles/<int:pk>/", articles.article_detail, name="article_detail"),
    path("articles/<int:pk>/drafts/", articles.article_drafts, name="article_drafts"),
]
