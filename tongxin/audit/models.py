import datetime as dt
import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(_("审计日志只能追加，不能修改"))

    def delete(self):
        raise AppendOnlyError(_("审计日志只能追加，不能删除"))

    def prune(self) -> int:
        """The one way events leave: `audit.services.audit_prune`, which keeps the
        legal minimum and records the pruning. Returns how many were removed."""
        return models.QuerySet.delete(self)[0]


def content_hash(event) -> str:
    """SHA-256 of what an event says, in a form that reads back the same from either
    database: the id is left out (bulk inserts on SQLite learn it only after), the seal
    (audit/chain.py) binds ids to hashes."""
    ip = event.client_ip or None
    if ip and ":" in ip:
        ip = AuditEvent._meta.get_field("client_ip").get_prep_value(ip)
    at = event.at
    canonical = [
        at.astimezone(dt.UTC).isoformat() if at else None,
        event.actor_id,
        event.actor_name,
        event.action,
        event.object_type,
        event.object_id,
        event.unit_id,
        event.before,
        event.after,
        ip,
    ]
    try:
        data = json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    except TypeError:
        # Keys of mixed types cannot be sorted: through JSON once first, as the column
        # stores them (keys become text). Tuples need nothing: they dump as lists.
        canonical[7:9] = json.loads(json.dumps(canonical[7:9]))
        data = json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()


class ContentHashField(models.CharField):
    """Filled on insert from the other fields, by every path that inserts: save(),
    bulk_create and copy_insert (which call pre_save in field order, after `at`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        if add:
            setattr(model_instance, self.attname, content_hash(model_instance))
        return getattr(model_instance, self.attname)


class AuditEvent(models.Model):
    """One change or security event. Written by services inside the change's transaction."""

    at = models.DateTimeField(
        gettext_lazy("时间"), auto_now_add=True, db_index=True
    )  # stored in UTC
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Kept as text too, so a failed login for an unknown name is still recorded.
    actor_name = models.CharField(gettext_lazy("操作人账号"), max_length=150, blank=True)
    action = models.CharField(gettext_lazy("操作"), max_length=64, db_index=True)
    object_type = models.CharField(
        gettext_lazy("对象类型"), max_length=64, blank=True, db_index=True
    )
    object_id = models.CharField(gettext_lazy("对象编号"), max_length=64, blank=True)
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=gettext_lazy("单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    before = models.JSONField(gettext_lazy("变更前"), null=True, blank=True)
    after = models.JSONField(gettext_lazy("变更后"), null=True, blank=True)
    client_ip = models.GenericIPAddressField(gettext_lazy("客户端地址"), null=True, blank=True)
    # Last: its pre_save reads `at`, which auto_now_add fills in its own pre_save.
    row_hash = ContentHashField(gettext_lazy("内容摘要"), default="")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("审计事件")
        verbose_name_plural = gettext_lazy("审计事件")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError(_("审计日志只能追加，不能修改"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(_("审计日志只能追加，不能删除"))


class AuditLink(models.Model):
    """One link of the hash chain (docs/security.md): `seal` appends one per event not
    yet linked, in the order it finds them, so writers never wait for the chain."""

    position = models.BigIntegerField(primary_key=True)
    event_id = models.BigIntegerField(unique=True)  # not a key: a removed event leaves its link
    at = models.DateTimeField()
    row_hash = models.CharField(max_length=64)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = gettext_lazy("审计链")
        verbose_name_plural = gettext_lazy("审计链")

    def __str__(self) -> str:
        return f"{self.position} #{self.event_id} {self.hash[:12]}"


class AuditCheckpoint(models.Model):
    """The head of the chain as it was at a seal, a backup or a pruning; after a
    pruning also where the chain now starts (`base_*`)."""

    at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=16)
    head_position = models.BigIntegerField(default=0)
    head_hash = models.CharField(max_length=64, blank=True)
    head_event_id = models.BigIntegerField(null=True)
    base_position = models.BigIntegerField(null=True)
    base_hash = models.CharField(max_length=64, blank=True)
    pruned_before = models.DateTimeField(null=True)

    class Meta:
        verbose_name = gettext_lazy("审计链检查点")
        verbose_name_plural = gettext_lazy("审计链检查点")

    def __str__(self) -> str:
        return f"{self.reason} {self.head_position} {self.head_hash[:12]}"
