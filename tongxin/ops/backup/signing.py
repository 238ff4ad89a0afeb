"""The manifest's signature: `manifest.sig` in the archive, right after
`manifest.json`, holding HMAC-SHA256 of the manifest's exact bytes. The key is
BACKUP_SIGNING_KEY, or one derived from SECRET_KEY when that is empty (docs/operations.md,
"Signed backups"): the member hashes alone prove nothing, since whoever changes a member
can recompute its hash in the manifest, but not the signature without the key."""

import hashlib
import hmac
import json

from django.conf import settings

SIGNATURE = "manifest.sig"
ALGORITHM = "HMAC-SHA256"


def signing_key() -> bytes:
    key = getattr(settings, "BACKUP_SIGNING_KEY", "")
    if key:
        return key.encode()
    # Derived, never SECRET_KEY itself: a leaked backup key must not sign sessions.
    return hmac.new(settings.SECRET_KEY.encode(), b"tongxin backup signing", "sha256").digest()


def key_id(key: bytes) -> str:
    """Names the key without revealing it, so a mismatch can say "another key"."""
    return hashlib.sha256(b"tongxin key id:" + key).hexdigest()[:16]


def sign(manifest_bytes: bytes) -> bytes:
    key = signing_key()
    mac = hmac.new(key, manifest_bytes, "sha256").hexdigest()
    return json.dumps({"algorithm": ALGORITHM, "key_id": key_id(key), "hmac": mac}).encode()


def check(manifest_bytes: bytes, signature: bytes | None) -> str:
    """ "ok", "missing" (no signature member), "other-key" (signed with a key we do not
    hold) or "mismatch" (the manifest changed after it was signed)."""
    if signature is None:
        return "missing"
    try:
        sig = json.loads(signature)
        mac, kid = sig["hmac"], sig["key_id"]
    except (ValueError, KeyError, TypeError):
        return "mismatch"
    key = signing_key()
    if hmac.compare_digest(hmac.new(key, manifest_bytes, "sha256").hexdigest(), str(mac)):
        return "ok"
    return "other-key" if kid != key_id(key) else "mismatch"
