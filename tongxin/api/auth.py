"""`Authorization: Bearer <token>`: the request acts as the token's owner, with the
owner's role and unit, so every query is scoped by `accounts.access` exactly as
the owner's pages are. Sessions are never used by the API."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja.security import HttpBearer

from tongxin.accounts.passwords import password_expired
from tongxin.accounts.roles import BUSINESS_ROLES
from tongxin.api.errors import ApiError
from tongxin.api.selectors import token_by_value
from tongxin.api.services import api_token_touch

INVALID = _("接口令牌无效。")
REVOKED = _("接口令牌已撤销。")
EXPIRED = _("接口令牌已过期，请在“账号安全 › 接口令牌”中重新创建。")
INACTIVE = _("令牌所属账号已停用。")
PASSWORD = _("请先登录网页修改密码，再使用接口。")
NO_BUSINESS = _("该账号不能通过接口访问业务数据（管理员账号或未分配角色）。")


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        found = token_by_value(token.strip())
        if found is None:
            raise ApiError(401, INVALID, code="token_invalid")
        if found.is_revoked:
            raise ApiError(401, REVOKED, code="token_revoked")
        if found.is_expired:
            raise ApiError(401, EXPIRED, code="token_expired")
        owner = found.owner
        if not owner.is_active:
            raise ApiError(401, INACTIVE, code="account_inactive")
        # The security gate's rules that do not need a browser: a password set by an
        # administrator, or expired, must be changed first.
        if owner.must_change_password or password_expired(owner):
            raise ApiError(403, PASSWORD, code="password_change_required")
        # The three administrators see no business data, as on the pages.
        if owner.role not in BUSINESS_ROLES:
            raise ApiError(403, NO_BUSINESS, code="no_business_role")
        api_token_touch(token=found)
        request.user = owner
        return found
