"""Errors as JSON, in Chinese: `{"error": {"code", "message", "fields"}}` for every
status the API answers with besides success (400, 401, 403, 404, 409, 500)."""

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from tongxin.accounts.access import NOT_FOUND
from tongxin.ledger.services import StaleRecordError

logger = logging.getLogger("tongxin.api")

MESSAGES = {
    400: gettext_lazy("请求有误，请检查后重试。"),
    401: gettext_lazy("请提供有效的接口令牌（请求头 Authorization: Bearer <令牌>）。"),
    403: gettext_lazy("您没有权限执行此操作。"),
    404: NOT_FOUND,
    405: gettext_lazy("不支持该请求方法。"),
    409: gettext_lazy("该对象已被他人修改，请重新读取后再提交。"),
    429: gettext_lazy("请求过于频繁，请稍后再试。"),
    500: gettext_lazy("服务器内部错误，请稍后重试；如问题持续，请联系系统管理员。"),
}
CODES = {
    400: "invalid",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    429: "throttled",
    500: "server_error",
}
INVALID_JSON = gettext_lazy("请求体不是有效的 JSON。")
INVALID_FIELDS = gettext_lazy("提交的内容有误，请按字段提示修改。")

# pydantic's error types, in Chinese.
PYDANTIC_MESSAGES = {
    "missing": gettext_lazy("必填。"),
    "int_parsing": gettext_lazy("请填写整数。"),
    "int_type": gettext_lazy("请填写整数。"),
    "int_from_float": gettext_lazy("请填写整数。"),
    "float_parsing": gettext_lazy("请填写数字。"),
    "decimal_parsing": gettext_lazy("请填写数字。"),
    "decimal_type": gettext_lazy("请填写数字。"),
    "decimal_max_digits": gettext_lazy("数字位数过多。"),
    "decimal_max_places": gettext_lazy("小数位数过多（最多两位）。"),
    "decimal_whole_digits": gettext_lazy("数字位数过多。"),
    "finite_number": gettext_lazy("请填写有限的数字。"),
    "string_type": gettext_lazy("请填写文本。"),
    "string_too_short": gettext_lazy("不能为空。"),
    "string_too_long": gettext_lazy("过长（最多 {max_length} 个字符）。"),
    "too_long": gettext_lazy("项目过多（最多 {max_length} 项）。"),
    "list_type": gettext_lazy("应为列表。"),
    "bool_parsing": gettext_lazy("应为 true 或 false。"),
    "bool_type": gettext_lazy("应为 true 或 false。"),
    "date_parsing": gettext_lazy("日期格式应为 YYYY-MM-DD。"),
    "date_from_datetime_parsing": gettext_lazy("日期格式应为 YYYY-MM-DD。"),
    "date_from_datetime_inexact": gettext_lazy("日期格式应为 YYYY-MM-DD。"),
    "date_type": gettext_lazy("日期格式应为 YYYY-MM-DD。"),
    "greater_than_equal": gettext_lazy("不能小于 {ge}。"),
    "greater_than": gettext_lazy("应大于 {gt}。"),
    "less_than_equal": gettext_lazy("不能大于 {le}。"),
    "less_than": gettext_lazy("应小于 {lt}。"),
    "enum": gettext_lazy("取值无效，可选：{expected}。"),
    "literal_error": gettext_lazy("取值无效，可选：{expected}。"),
    "none_required": gettext_lazy("应为空。"),
    "model_type": gettext_lazy("应为 JSON 对象。"),
    "dict_type": gettext_lazy("应为 JSON 对象。"),
    "model_attributes_type": gettext_lazy("应为 JSON 对象。"),
    "extra_forbidden": gettext_lazy("不认识的字段。"),
    "json_invalid": INVALID_JSON,
}
DEFAULT_FIELD_MESSAGE = gettext_lazy("取值无效。")


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}


class ErrorOut(Schema):
    error: ErrorBody


ERROR_STATUSES = (400, 401, 403, 404, 409, 500)
# Merged into every operation's `response=`, so the schema documents each error.
ERROR_RESPONSES = {status: ErrorOut for status in ERROR_STATUSES}


class ApiError(Exception):
    """An error the API answers with as it is."""

    def __init__(self, status: int, message: str = "", *, code: str = "", fields=None):
        self.status = status
        self.message = message or MESSAGES.get(status, MESSAGES[400])
        self.code = code or CODES.get(status, "error")
        self.fields = fields or {}
        super().__init__(self.message)


def error_response(status: int, message: str = "", *, code: str = "", fields=None) -> JsonResponse:
    body = {
        "error": {
            "code": code or CODES.get(status, "error"),
            "message": message or MESSAGES.get(status, MESSAGES[400]),
            "fields": fields or {},
        }
    }
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


# pydantic reports a length limit on an optional text (`str | None` with max_length)
# as "too_long" of a "Value", not "string_too_long": it is still the text's limit.
COLLECTION_TYPES = {"List", "Tuple", "Set", "Frozenset", "Dict", "Generator"}


def _pydantic_message(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "too_long" and error.get("ctx", {}).get("field_type") not in COLLECTION_TYPES:
        kind = "string_too_long"
    template = PYDANTIC_MESSAGES.get(kind)
    if template is None:
        # Our own validators raise ValueError with a Chinese message.
        if error.get("type") == "value_error":
            return str(error.get("ctx", {}).get("error", DEFAULT_FIELD_MESSAGE))
        return DEFAULT_FIELD_MESSAGE
    try:
        return template.format(**error.get("ctx", {}))
    except (KeyError, IndexError):
        return DEFAULT_FIELD_MESSAGE


def _field_name(loc) -> str:
    # ("body", "payload", "title") → "title"; ("query", "page") → "page".
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie", "form"):
        parts = parts[1:]
        if len(parts) > 1 and parts[0] == "payload":
            parts = parts[1:]
    return ".".join(parts) or "__all__"


def fields_from_pydantic(errors: list[dict]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in errors:
        fields.setdefault(_field_name(error.get("loc", ())), []).append(_pydantic_message(error))
    return fields


def fields_from_django(exc: DjangoValidationError) -> tuple[str, dict[str, list[str]]]:
    if hasattr(exc, "error_dict"):
        fields = {name: [str(m) for m in msgs] for name, msgs in exc.message_dict.items()}
        general = fields.pop("__all__", [])
        return ("；".join(general) or INVALID_FIELDS), fields
    return "；".join(str(m) for m in exc.messages) or MESSAGES[400], {}


def install(api) -> None:
    """Route every exception the API can meet to the JSON error form."""

    def on_validation(request, exc: NinjaValidationError):
        return error_response(400, INVALID_FIELDS, fields=fields_from_pydantic(exc.errors))

    def on_django_validation(request, exc: DjangoValidationError):
        message, fields = fields_from_django(exc)
        return error_response(400, message, fields=fields)

    def on_api_error(request, exc: ApiError):
        return error_response(exc.status, exc.message, code=exc.code, fields=exc.fields)

    def on_http_error(request, exc: HttpError):
        if isinstance(exc, AuthenticationError):
            return error_response(401)
        if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
            return error_response(400, INVALID_JSON)
        return error_response(exc.status_code)

    def on_permission_denied(request, exc: PermissionDenied):
        message = str(exc) if exc.args and str(exc) else MESSAGES[403]
        return error_response(403, message)

    def on_not_found(request, exc: Http404):
        return error_response(404)

    def on_stale(request, exc: StaleRecordError):
        return error_response(
            409,
            str(exc),
            fields={name: [_("此项已被他人修改。")] for name in exc.changes},
        )

    def on_error(request, exc: Exception):
        logger.exception("API error at %s", request.path)
        return error_response(500)

    api.add_exception_handler(NinjaValidationError, on_validation)
    api.add_exception_handler(DjangoValidationError, on_django_validation)
    api.add_exception_handler(ApiError, on_api_error)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(PermissionDenied, on_permission_denied)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(StaleRecordError, on_stale)
    api.add_exception_handler(Exception, on_error)


@csrf_exempt
def not_found(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """Any other path under /api/: 404 as JSON, not the HTML error page."""
    return error_response(404, _("没有这个接口地址。"))
