"""The demo's units and users (Deyang), built with the real services."""

from django.db import transaction

from tongxin.accounts.models import Unit, UnitKind, User
from tongxin.accounts.roles import Role
from tongxin.accounts.services.units import unit_create
from tongxin.accounts.services.users import user_create

DEMO_PASSWORD = "Tongxin@2022"
TOP_UNIT_CODE = "510600"

# (code, name, kind); all are children of the department.
DEMO_UNITS = [
    ("510600-BGS", "办公室", UnitKind.SECTION),
    ("510600-DPK", "党派工作科", UnitKind.SECTION),
    ("510600-JJK", "经济科", UnitKind.SECTION),
    ("510600-MZK", "民族宗教科", UnitKind.SECTION),
    ("510600-GATQ", "港澳台侨科", UnitKind.SECTION),
    ("510603", "旌阳区", UnitKind.COUNTY),
    ("510604", "罗江区", UnitKind.COUNTY),
    ("510681", "广汉市", UnitKind.COUNTY),
    ("510682", "什邡市", UnitKind.COUNTY),
    ("510683", "绵竹市", UnitKind.COUNTY),
    ("510623", "中江县", UnitKind.COUNTY),
    ("M-MZJ", "市民宗局", UnitKind.MEMBER),
    ("M-GSL", "市工商联", UnitKind.MEMBER),
    ("M-QL", "市侨联", UnitKind.MEMBER),
    ("M-TB", "市台办", UnitKind.MEMBER),
    ("M-XCB", "市委宣传部", UnitKind.MEMBER),
    ("M-JYJ", "市教育局", UnitKind.MEMBER),
]

# (username, display name, role, unit code)
DEMO_USERS = [
    ("editor", "李晓明", Role.EDITOR, "510600-JJK"),
    # A second editor: a correction is approved by someone other than its requester.
    ("editor2", "刘芳", Role.EDITOR, "510600-JJK"),
    ("leader", "王建国", Role.LEADER, TOP_UNIT_CODE),
    ("guanghan", "张丽", Role.REPORTER, "510681"),
    ("shifang", "陈刚", Role.REPORTER, "510682"),
    ("sysadmin", "系统管理员", Role.SYSADMIN, TOP_UNIT_CODE),
    ("secadmin", "安全管理员", Role.SECADMIN, TOP_UNIT_CODE),
    ("auditor", "安全审计员", Role.AUDITOR, TOP_UNIT_CODE),
]


@transaction.atomic
def load_demo_accounts() -> dict[str, int]:
    """Create what is missing; running it twice changes nothing."""
    created = {"units": 0, "users": 0}
    top = Unit.objects.filter(code=TOP_UNIT_CODE).first()
    if top is None:
        top = unit_create(
            actor=None, code=TOP_UNIT_CODE, name="德阳市委统战部", kind=UnitKind.DEPARTMENT
        )
        created["units"] += 1
    existing = set(Unit.objects.values_list("code", flat=True))
    for order, (code, name, kind) in enumerate(DEMO_UNITS):
        if code not in existing:
            unit_create(actor=None, code=code, name=name, kind=kind, parent=top, sort_order=order)
            created["units"] += 1
    units = {u.code: u for u in Unit.objects.all()}
    usernames = set(User.objects.values_list("username", flat=True))
    for username, display_name, role, unit_code in DEMO_USERS:
        if username not in usernames:
            user_create(
                actor=None,
                username=username,
                display_name=display_name,
                role=role,
                unit=units[unit_code],
                password=DEMO_PASSWORD,
            )
            created["users"] += 1
    return created
