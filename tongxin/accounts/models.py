from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.roles import Role


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", _("部机关")
    SECTION = "section", _("内设科室")
    COUNTY = "county", _("区（市、县）")
    MEMBER = "member", _("领导小组成员单位")


class Unit(models.Model):
    """A node of the unit tree: the department, its sections, counties, member units."""

    code = models.CharField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=16, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialized path of zero-padded ids ("/000001/000004/"): a subtree is one
    # indexed prefix query, and ordering by path lists the tree depth-first.
    path = models.CharField(max_length=255, db_index=True, editable=False)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
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
            raise ValueError(gettext("用户名不能为空"))
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

    display_name = models.CharField(_("姓名"), max_length=50)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("所属单位"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.REPORTER)

    # Passwords: set by an administrator means changed by the user at next login.
    must_change_password = models.BooleanField(_("下次登录须修改密码"), default=False)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    # Failed logins in a row (from any address) and the lock they led to.
    failed_logins = models.PositiveIntegerField(_("连续登录失败次数"), default=0)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)
    # Who took over this account's open items when it was deactivated.
    successor = models.ForeignKey(
        "self",
        verbose_name=_("交接人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    EMAIL_FIELD = None
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    def get_full_name(self) -> str:
        return self.display_name or self.username

    def get_short_name(self) -> str:
        return self.get_full_name()


class LoginAddress(models.Model):
    """Failed logins from one client address, for the growing delay. An address is
    slowed down, never locked: an office behind one NAT address must still get in."""

    address = models.GenericIPAddressField(_("客户端地址"), unique=True)
    failures = models.PositiveIntegerField(_("失败次数"), default=0)
    window_start = models.DateTimeField(_("计数起点"))
    blocked_until = models.DateTimeField(_("暂停至"), null=True, blank=True)

    class Meta:
        verbose_name = _("登录来源地址")
        verbose_name_plural = _("登录来源地址")

    def __str__(self) -> str:
        return self.address


class LoginName(models.Model):
    """Failed logins under a user name that has no account, counted and locked like
    an account's, so that the lock message does not tell which names exist."""

    username = models.CharField(_("用户名"), max_length=150, unique=True)
    failed_logins = models.PositiveIntegerField(_("连续登录失败次数"), default=0)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)
    last_failure_at = models.DateTimeField(_("最近失败时间"), db_index=True)

    class Meta:
        verbose_name = _("未知登录名")
        verbose_name_plural = _("未知登录名")

    def __str__(self) -> str:
        return self.username


class AdminAction(models.TextChoices):
    PASSWORD_RESET = "password_reset", _("重置密码")
    OTP_RESET = "otp_reset", _("重置双因素认证")
    DEACTIVATE = "deactivate", _("停用账号")
    ROLE_SET = "role_set", _("变更角色")


class AdminRequestStatus(models.TextChoices):
    PENDING = "pending", _("待批准")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("已拒绝")
    CANCELLED = "cancelled", _("已撤回")


class AdminRequest(models.Model):
    """A change to an administrator's account (三员) that needs two of them: one
    requests, a different one approves. A reset's one-time credential is split
    between the two; only the hash of each half is kept."""

    target = models.ForeignKey(
        User, verbose_name=_("目标账号"), on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("事项"), max_length=16, choices=AdminAction.choices)
    # For ROLE_SET: the role to give.
    role = models.CharField(_("新角色"), max_length=16, choices=Role.choices, blank=True)
    reason = models.CharField(_("理由"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=AdminRequestStatus.choices,
        default=AdminRequestStatus.PENDING,
        db_index=True,
    )
    requested_by = models.ForeignKey(
        User, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    approved_by = models.ForeignKey(
        User,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    # The one-time credential: half A (shown to the requester) and half B (shown
    # to the approver), each kept as a password hash only.
    credential_a_hash = models.CharField(max_length=200, blank=True)
    credential_b_hash = models.CharField(max_length=200, blank=True)
    credential_expires_at = models.DateTimeField(_("凭据有效期至"), null=True, blank=True)
    credential_used_at = models.DateTimeField(_("凭据使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("管理员账号变更申请")
        verbose_name_plural = _("管理员账号变更申请")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.target}"

    @property
    def needs_credential(self) -> bool:
        return bool(self.credential_a_hash)
