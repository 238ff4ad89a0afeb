"""Evidence chosen on the record form, kept on the server until the record is saved.

A browser cannot refill a file field: when the form comes back with an error, the files
already sent stay here, named by a token in a hidden field of the form and listed as
attached, and are attached to the record in the same transaction that creates it. The
token lives in the user's session, so nobody else can name these files."""

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.lib.filetypes import MAX_EVIDENCE_BYTES, sniff

SESSION_KEY = "ledger_pending_evidence"
PENDING_DIR = "evidence-pending"
TOKEN_FIELD = "pending_evidence"
FILE_FIELDS = ("evidence", "evidence_camera")
REMOVE_FIELD = "pending_remove"
MAX_PENDING = 20
# Files of forms left without saving go after this long (their session is gone by then).
ABANDONED_AFTER = dt.timedelta(days=2)


@dataclass
class PendingEvidence:
    token: str
    files: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_request(cls, request) -> "PendingEvidence":
        """The form's pending files: those kept from an earlier submit of this form
        (less any the user took off), plus the ones sent now, checked and stored."""
        store = request.session.get(SESSION_KEY, {})
        token = request.POST.get(TOKEN_FIELD, "")
        if token not in store:
            token = secrets.token_hex(16)
            if request.FILES:
                prune_abandoned()
        pending = cls(token=token, files=list(store.get(token, [])))
        removed = set(request.POST.getlist(REMOVE_FIELD))
        for item in [f for f in pending.files if f["id"] in removed]:
            default_storage.delete(item["path"])
            pending.files.remove(item)
        for name in FILE_FIELDS:
            for upload in request.FILES.getlist(name):
                pending._add(upload)
        pending._save(request)
        return pending

    def _add(self, upload) -> None:
        if len(self.files) >= MAX_PENDING:
            self.errors.append(_("一次最多附 %(n)s 个文件。") % {"n": MAX_PENDING})
            return
        if upload.size > MAX_EVIDENCE_BYTES:
            self.errors.append(_("“%(name)s”超过大小上限，未附上。") % {"name": upload.name[:100]})
            return
        content = upload.read()
        kind = sniff(content[:32], content)
        if kind is None:
            self.errors.append(
                _("“%(name)s”不是允许的文件类型（PDF、图片、Word、Excel），未附上。")
                % {"name": upload.name[:100]}
            )
            return
        content_type, extension = kind
        file_id = uuid.uuid4().hex
        path = default_storage.save(
            f"{PENDING_DIR}/{self.token}/{file_id}{extension}", SimpleUploadedFile("f", content)
        )
        self.files.append(
            {
                "id": file_id,
                "path": path,
                "name": upload.name[:200],
                "size": len(content),
                "content_type": content_type,
            }
        )

    def _save(self, request) -> None:
        store = request.session.get(SESSION_KEY, {})
        if self.files:
            store[self.token] = self.files
        else:
            store.pop(self.token, None)
        request.session[SESSION_KEY] = store

    def attach(self, *, actor, record) -> None:
        """Attach every pending file to `record` (inside the caller's transaction)."""
        from tongxin.ledger.services import evidence_attach

        for item in self.files:
            with default_storage.open(item["path"], "rb") as fh:
                content = fh.read()
            upload = SimpleUploadedFile(item["name"], content, item["content_type"])
            evidence_attach(actor=actor, record=record, uploaded_file=upload)

    def discard(self, request) -> None:
        """Drop the kept files (after they were attached, or when the form is left)."""
        for item in self.files:
            default_storage.delete(item["path"])
        self.files = []
        self._save(request)


def prune_abandoned(*, now=None) -> int:
    """Remove kept files older than ABANDONED_AFTER (a form left for good); run when a
    new form first sends files, so the folder never grows for long. Returns how many."""
    now = now or timezone.now()
    removed = 0
    try:
        folders, _files = default_storage.listdir(PENDING_DIR)
    except FileNotFoundError:
        return 0
    for folder in folders:
        for name in default_storage.listdir(f"{PENDING_DIR}/{folder}")[1]:
            path = f"{PENDING_DIR}/{folder}/{name}"
            if now - default_storage.get_modified_time(path) > ABANDONED_AFTER:
                default_storage.delete(path)
                removed += 1
    return removed
