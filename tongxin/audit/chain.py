"""The audit trail's tamper evidence (docs/security.md, "Audit trail").

- Database triggers (migration 0002) refuse UPDATE and DELETE on the audit tables (and
  TRUNCATE on PostgreSQL) unless the transaction holds a row in `audit_trigger_bypass`:
  `audit_bypass()` is that one way through, used by the audited pruning and by `flush`
  (the test framework's table cleanup, audit/management/commands/flush.py).
- Every event carries the SHA-256 of its own content (`row_hash`, computed on insert,
  no lock taken). `audit_seal` links the events not linked yet into a chain, one
  `AuditLink` each: hash = SHA-256(previous hash, position, event id, row hash). Only
  seals queue behind each other (the position is the key), never the event writers.
- Each seal, backup and pruning records the head in an `AuditCheckpoint`; the backup
  manifest carries it too. `audit_verify` names the first broken link.
"""

import hashlib
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connections, transaction
from django.db.models import Exists, Max, OuterRef
from django.utils.translation import gettext as _

from tongxin.audit.models import AuditCheckpoint, AuditEvent, AuditLink, content_hash

BYPASS_TABLE = "audit_trigger_bypass"
GENESIS = "0" * 64
CHUNK = 5000
# `verify-audit --backup FILE`: reads the (signature-checked) chain head a backup
# manifest records; tongxin.ops sets it in its AppConfig.ready().
backup_head_reader = None


@contextmanager
def audit_bypass(*, reason: str, using: str = "default"):
    """Let this transaction change or remove audit rows. The flag row lives only inside
    the transaction (no other connection sees it) and is removed before it commits."""
    with transaction.atomic(using=using):
        with connections[using].cursor() as cursor:
            cursor.execute(f"INSERT INTO {BYPASS_TABLE} (reason) VALUES (%s)", [reason])
        yield
        with connections[using].cursor() as cursor:
            cursor.execute(f"DELETE FROM {BYPASS_TABLE}")


def link_hash(prev_hash: str, position: int, event_id: int, row_hash: str) -> str:
    return hashlib.sha256(f"{prev_hash}:{position}:{event_id}:{row_hash}".encode()).hexdigest()


def audit_head(*, using: str = "default") -> dict | None:
    link = AuditLink.objects.using(using).order_by("-position").first()
    if link is None:
        return None
    return {"position": link.position, "event_id": link.event_id, "hash": link.hash}


def audit_seal(*, reason: str = "seal", using: str = "default") -> dict | None:
    """Link every event not linked yet, in id order, and record the new head. Returns
    the head (None while the trail is empty)."""
    with transaction.atomic(using=using):
        connection = connections[using]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # one seal at a time; writers never wait
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext('tongxin.audit_seal'))")
        last = AuditLink.objects.using(using).order_by("-position").first()
        position, prev = (last.position, last.hash) if last else (0, GENESIS)
        linked = AuditLink.objects.using(using).filter(event_id=OuterRef("pk"))
        pending = (
            AuditEvent.objects.using(using)
            .filter(~Exists(linked))
            .order_by("id")
            .values_list("id", "at", "row_hash")
        )
        links = []
        for event_id, at, row_hash in pending.iterator(chunk_size=CHUNK):
            position += 1
            new = link_hash(prev, position, event_id, row_hash)
            links.append(AuditLink(position, event_id, at, row_hash, prev_hash=prev, hash=new))
            prev = new
        AuditLink.objects.using(using).bulk_create(links, batch_size=2000)
        head = audit_head(using=using)
        recorded = AuditCheckpoint.objects.using(using).order_by("-id").first()
        if links or recorded is None or recorded.head_hash != (head or {}).get("hash", ""):
            _checkpoint(reason, head, using)  # the same head twice records nothing new
        return head


def _checkpoint(reason: str, head: dict | None, using: str, **extra) -> None:
    AuditCheckpoint.objects.using(using).create(
        reason=reason,
        head_position=head["position"] if head else 0,
        head_hash=head["hash"] if head else "",
        head_event_id=head["event_id"] if head else None,
        **extra,
    )


def audit_prune_rows(*, cutoff, using: str = "default") -> tuple[int, dict | None]:
    """Remove events older than `cutoff` through the bypass, after sealing them, and the
    links before the oldest event left. Returns (removed, head before removal)."""
    head = audit_seal(reason="prune", using=using)
    with audit_bypass(reason="prune", using=using):
        removed = AuditEvent.objects.using(using).filter(at__lt=cutoff).prune()
        alive = AuditEvent.objects.using(using).filter(pk=OuterRef("event_id"))
        links = AuditLink.objects.using(using)
        first = links.filter(Exists(alive)).order_by("position").first()
        first = first or links.order_by("-position").first()  # keep one link at least
        if first is not None:
            links.filter(position__lt=first.position).delete()
            _checkpoint(
                "prune",
                head,
                using,
                base_position=first.position,
                base_hash=first.prev_hash,
                pruned_before=cutoff,
            )
    return removed, head


@dataclass
class Break:
    event_id: int | None
    message: str


def audit_verify(*, using: str = "default", heads: list[dict] = ()) -> list[Break]:
    """Every break in the trail, in order: events whose content no longer matches their
    hash, then links out of place, changed, or naming a removed event, then recorded
    heads (checkpoints, and `heads` from backup manifests) no longer in the chain."""
    breaks = []
    events = AuditEvent.objects.using(using).order_by("id")
    for event in events.iterator(chunk_size=CHUNK):
        if content_hash(event) != event.row_hash:
            breaks.append(
                Break(
                    event.pk,
                    _("审计事件 #%(id)s 的内容已被改动（与其摘要不符）。") % {"id": event.pk},
                )
            )
    checkpoints = AuditCheckpoint.objects.using(using)
    base = checkpoints.filter(base_position__isnull=False).order_by("-id").first()
    pruned_before = checkpoints.aggregate(t=Max("pruned_before"))["t"]
    position, prev = (base.base_position - 1, base.base_hash) if base else (0, GENESIS)
    links = AuditLink.objects.using(using).filter(position__gt=position).order_by("position")
    hashes = {}
    batch = []

    def check(batch):
        nonlocal position, prev
        live = dict(
            AuditEvent.objects.using(using)
            .filter(pk__in=[link.event_id for link in batch])
            .values_list("id", "row_hash")
        )
        for link in batch:
            position += 1
            values = {"position": link.position, "id": link.event_id}
            if link.position != position or link.prev_hash != prev:
                breaks.append(
                    Break(
                        link.event_id,
                        _("审计链在第 %(position)s 环（事件 #%(id)s）之前断开：有链环被删除。")
                        % values,
                    )
                )
            elif link.hash != link_hash(prev, link.position, link.event_id, link.row_hash):
                breaks.append(
                    Break(
                        link.event_id,
                        _("审计链第 %(position)s 环（事件 #%(id)s）已被改动。") % values,
                    )
                )
            if link.event_id not in live:
                if pruned_before is None or link.at >= pruned_before:
                    breaks.append(
                        Break(
                            link.event_id,
                            _("审计事件 #%(id)s 已被删除（链上第 %(position)s 环）。") % values,
                        )
                    )
            elif live[link.event_id] != link.row_hash:
                breaks.append(
                    Break(
                        link.event_id, _("审计事件 #%(id)s 的摘要与封存时不同：已被改动。") % values
                    )
                )
            position, prev = link.position, link.hash
            hashes[link.position] = link.hash

    for link in links.iterator(chunk_size=CHUNK):
        batch.append(link)
        if len(batch) == CHUNK:
            check(batch)
            batch = []
    check(batch)
    start = base.base_position if base else 1
    recorded = [
        {
            "position": c.head_position,
            "event_id": c.head_event_id,
            "hash": c.head_hash,
            "at": c.at.isoformat(),
            "reason": c.reason,
        }
        for c in checkpoints.filter(head_position__gte=start).order_by("id")
    ]
    for head in [*recorded, *heads]:
        if head and head["position"] >= start and hashes.get(head["position"]) != head["hash"]:
            breaks.append(
                Break(
                    head["event_id"],
                    _(
                        "%(when)s 记录的链头（第 %(position)s 环，事件 #%(id)s）已不在审计链中："
                        "最新的审计记录被删除或改动。"
                    )
                    % {
                        "when": head.get("at", ""),
                        "position": head["position"],
                        "id": head["event_id"],
                    },
                )
            )
    return breaks
