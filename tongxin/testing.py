"""The shared test base: a small named cast built with the real services.

city_editor      department staff (editor) of 德阳市委统战部
guanghan_reporter   reporter of 广汉市
shifang_reporter    reporter of 什邡市
leader           部领导
auditor          安全审计员
"""

from django.db import transaction
from django.test import TestCase

from tongxin.accounts.models import UnitKind
from tongxin.accounts.roles import Role
from tongxin.accounts.services import unit_create, user_create

PASSWORD = "Cast-password-2022"


def build_cast(target) -> None:
    """Set the cast's units and users as attributes of `target`."""
    with transaction.atomic():
        target.city = unit_create(
            actor=None, code="510600", name="德阳市委统战部", kind=UnitKind.DEPARTMENT
        )
        target.economy_section = unit_create(
            actor=None, code="510600-JJK", name="经济科", kind=UnitKind.SECTION, parent=target.city
        )
        target.guanghan = unit_create(
            actor=None, code="510681", name="广汉市", kind=UnitKind.COUNTY, parent=target.city
        )
        target.shifang = unit_create(
            actor=None, code="510682", name="什邡市", kind=UnitKind.COUNTY, parent=target.city
        )
        # A unit below 广汉市, to show a reporter sees their unit's subtree.
        target.guanghan_town = unit_create(
            actor=None,
            code="510681-XL",
            name="向阳镇",
            kind=UnitKind.COUNTY,
            parent=target.guanghan,
        )

        def make(username, display_name, role, unit):
            return user_create(
                actor=None,
                username=username,
                display_name=display_name,
                role=role,
                unit=unit,
                password=PASSWORD,
            )

        target.city_editor = make("editor", "李编辑", Role.EDITOR, target.economy_section)
        target.guanghan_reporter = make("gh", "广汉填报员", Role.REPORTER, target.guanghan)
        target.shifang_reporter = make("sf", "什邡填报员", Role.REPORTER, target.shifang)
        target.leader = make("leader", "王部长", Role.LEADER, target.city)
        target.auditor = make("auditor", "审计员", Role.AUDITOR, target.city)
        target.sysadmin = make("sysadmin", "系统管理员", Role.SYSADMIN, target.city)
        target.secadmin = make("secadmin", "安全管理员", Role.SECADMIN, target.city)


class CastTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_cast(cls)
