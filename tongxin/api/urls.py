"""/api/: version 1, and JSON 404 for any other path below."""

from django.urls import path, re_path

from tongxin.api.api import api
from tongxin.api.errors import not_found

urlpatterns = [
    path("v1/", api.urls),
    re_path(r"^", not_found),
]
