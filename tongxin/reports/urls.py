from django.urls import path

from tongxin.reports import views

app_name = "reports"

urlpatterns = [
    path("articles/", views.article_list, name="article_list"),
    path("articles/new/", views.article_new, name="article_new"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("articles/<int:pk>/drafts/", views.article_drafts, name="article_drafts"),
]
