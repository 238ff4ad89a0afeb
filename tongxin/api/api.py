"""The REST API under /api/v1/ (django-ninja): token-authenticated, scoped by
`accounts.access` like the pages, errors as Chinese JSON, OpenAPI at openapi.json."""

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI

from tongxin.api import endpoints_cases, endpoints_records, endpoints_reference, errors
from tongxin.api.auth import BearerToken

DESCRIPTION = _("""同心系统接口。每个请求携带个人接口令牌：`Authorization: Bearer <令牌>`
（在“账号安全 › 接口令牌”中创建）。令牌带有其所有人的角色和单位：填报员的令牌只能看到
本单位（含下级单位）的数据，与网页一致。错误以 JSON 返回：
`{"error": {"code": ..., "message": "<中文说明>", "fields": {...}}}`。""")


class TongxinApi(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        # record_list, case_detail ...: what a generated client names its methods.
        return operation.view_func.__name__


api = TongxinApi(
    title=_("同心 API"),
    version="1",
    description=DESCRIPTION,
    urls_namespace="api_v1",
    openapi_url="/openapi.json",
    docs_url=None,  # no Swagger UI: it would load from a CDN; the schema is enough
    auth=BearerToken(),
)
errors.install(api)
api.add_router("", endpoints_records.router)
api.add_router("", endpoints_cases.router)
api.add_router("", endpoints_reference.router)
