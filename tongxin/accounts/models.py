from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.roles import Role


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", _("部机关")
    SECTION = "section", _("内设科室")
    COUNTY = "county", _("区（市、县）")
    MEMBER = "member", _("领导小组成员单位")


class Unit(models.Model):
    """A node of the unit tree: the department, its sections, counties, member units."""

    code = models.CharField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类别", max_length=16, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialized path of zero-padded ids ("/000001/000004/"): a subtree is one
    # indexed prefix query, and ordering by path lists the tree depth-first.
    path = models.CharField(max_length=255, db_index=True, editable=False)
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2  # the top unit is depth 0

    def is_within(self, other: "Unit") -> bool:
        """True when this unit is `other` or lies below it."""
        return self.path.startswith(other.path)


class UserManager(DjangoUserManager):
    """Django's manager, without the e-mail address this model does not keep."""

    def _create_user(self, username, email=None, password=None, **extra_fields):
        if not username:
            raise ValueError("用户名不能为空")
        user = self.model(username=self.model.normalize_username(username), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(username, password=password, **extra_fields)

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # A console-made superuser is the system administrator of a fresh install.
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("role", Role.SYSADMIN)
        extra_fields.setdefault("display_name", username)
        return self._create_user(username, password=password, **extra_fields)


class User(AbstractUser):
    # Least data: an account needs a login, a display name, a unit and a role; nothing more.
    first_name = None
    last_name = None
    email = None

    display_name = models.CharField("姓名", max_length=50)
    unit = models.ForeignKey(
        Unit,
        verbose_name="所属单位",
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    role = models.CharField("角色", max_length=16, choices=Role.choices, default=Role.REPORTER)

    # Passwords: set by an administrator means changed by the user at next login.
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    # Failed logins in a row (from any address) and the lock they led to.
    failed_logins = models.PositiveIntegerField("连续登录失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)
    # Who took over this account's open items when it was deactivated.
    successor = models.ForeignKey(
        "self",
        verbose_name="交接人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    EMAIL_FIELD = None
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username

    def get_full_name(self) -> str:
        return self.display_name or self.username

    def get_short_name(self) -> str:
        return self.get_full_name()


class LoginAddress(models.Model):
    """Failed logins from one client address, for the growing delay. An address is
    slowed down, never locked: an office behind one NAT address must still get in."""

    address = models.GenericIPAddressField("客户端地址", unique=True)
    failures = models.PositiveIntegerField("失败次数", default=0)
    window_start = models.DateTimeField("计数起点")
    blocked_until = models.DateTimeField("暂停至", null=True, blank=True)

    class Meta:
        verbose_name = "登录来源地址"
        verbose_name_plural = "登录来源地址"

    def __str__(self) -> str:
        return self.address
