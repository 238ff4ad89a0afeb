"""Password rules beyond Django's own (length 10, not common, not all digits, not
similar to the account): three of the four character classes, and no username
inside the password. Listed in settings.AUTH_PASSWORD_VALIDATORS."""

import datetime as dt
import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOO_FEW_CLASSES = _("密码须包含大写字母、小写字母、数字、符号四类中的至少三类。")
CONTAINS_USERNAME = _("密码不能包含用户名。")

CHARACTER_CLASSES = (
    lambda c: c in string.ascii_lowercase,
    lambda c: c in string.ascii_uppercase,
    lambda c: c.isdigit(),
    lambda c: not c.isalnum(),
)


def character_classes(password: str) -> int:
    return sum(any(test(c) for c in password) for test in CHARACTER_CLASSES)


class CharacterClassValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(TOO_FEW_CLASSES, code="password_too_few_classes")

    def get_help_text(self):
        return TOO_FEW_CLASSES


class UnlikeUsernameValidator:
    """Django's similarity check misses a username buried in a longer password."""

    def validate(self, password, user=None):
        username = (getattr(user, "username", "") or "").lower()
        lowered = password.lower()
        if len(username) >= 3 and (username in lowered or username[::-1] in lowered):
            raise ValidationError(CONTAINS_USERNAME, code="password_contains_username")

    def get_help_text(self):
        return CONTAINS_USERNAME


def password_expired(user) -> bool:
    """True when PASSWORD_MAX_AGE_DAYS is set and the password is older than that."""
    days = settings.PASSWORD_MAX_AGE_DAYS
    if not days:
        return False
    changed = user.password_changed_at or user.date_joined
    return changed < timezone.now() - dt.timedelta(days=days)
