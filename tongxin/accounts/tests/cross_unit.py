"""For core/tests/test_cross_unit_views.py: the administrators' account pages take
an id but hold no unit's business object; every business role gets 403 on them
(test_admin_separation.py), so they need no cross-unit case."""

CASES: dict = {}

ADMIN_PAGES = {
    "accounts:unit_edit",
    "accounts:user_detail",
    "accounts:user_edit",
    "accounts:user_password_reset",
    "accounts:user_unlock",
    "accounts:user_deactivate",
    "accounts:user_reactivate",
    "accounts:user_role",
    "accounts:user_otp_reset",
    "accounts:admin_request_approve",
    "accounts:admin_request_refuse",
    "accounts:admin_request_cancel",
}
