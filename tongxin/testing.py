"""The shared test base: a small named cast built with the real services.

city_editor      department staff (editor) of 德阳市委统战部
guanghan_reporter   reporter of 广汉市
shifang_reporter    reporter of 什邡市
leader           部领导
auditor          安全审计员
sysadmin, secadmin  系统管理员, 安全管理员

The three administrators have a confirmed TOTP device (`<name>_totp`), as they must;
the test client's `force_login` passes their second factor too, so a test that is
not about logging in reaches the page it asks for. `totp_code(device)` gives the
code an authenticator app would show.
"""

from django.db import transaction
from django.test import Client, TestCase
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tongxin.accounts.models import UnitKind
from tongxin.accounts.roles import Role
from tongxin.accounts.services.units import unit_create
from tongxin.accounts.services.users import user_create

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
        for name in ("auditor", "sysadmin", "secadmin"):
            device = TOTPDevice.objects.create(
                user=getattr(target, name), name="身份验证器", confirmed=True
            )
            setattr(target, f"{name}_totp", device)


def totp_code(device: TOTPDevice, *, offset_steps: int = 0) -> str:
    """The code the device's authenticator app shows now (or `offset_steps` later)."""
    code = totp(device.bin_key, step=device.step, t0=device.t0 - offset_steps * device.step)
    return f"{code:0{device.digits}d}"


class TongxinClient(Client):
    def force_login(self, user, backend=None, *, verified: bool = True):
        """Log in; with `verified`, the user's confirmed second factor is passed too."""
        super().force_login(user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if verified and device is not None:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()


class CastTestCase(TestCase):
    client_class = TongxinClient

    @classmethod
    def setUpTestData(cls):
        build_cast(cls)
