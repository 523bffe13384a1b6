"""The password rules (等保 2.0 level 3), as Django password validators (settings.AUTH_PASSWORD_VALIDATORS).

Django's own validators give the length, common-password and similarity rules; these two add the
character-class rule and the history rule. Every form that sets a password (own change, the admin site,
``user_create``) goes through ``validate_password`` and so through the same list.
"""

from __future__ import annotations

import string

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CHARACTER_CLASSES = (
    ("upper", lambda ch: ch in string.ascii_uppercase),
    ("lower", lambda ch: ch in string.ascii_lowercase),
    ("digit", lambda ch: ch.isdigit()),
    ("symbol", lambda ch: not ch.isalnum() or not ch.isascii()),
)


def character_classes(password: str) -> set[str]:
    """Which of upper case, lower case, digits and other characters the password uses."""
    return {name for name, member in CHARACTER_CLASSES if any(member(ch) for ch in password)}


class CharacterClassValidator:
    """At least ``min_classes`` of the four classes: upper case, lower case, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        if len(character_classes(password)) < self.min_classes:
            raise ValidationError(
                _("密码须至少包含大写字母、小写字母、数字、符号中的 %(count)d 类。") % {"count": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _("至少包含大写字母、小写字母、数字、符号中的 %(count)d 类。") % {"count": self.min_classes}


class PasswordHistoryValidator:
    """None of the user's last ``remembered`` passwords (the current one included) may be used again.

    ``password_changed`` is Django's hook, called after every save of a new password: it keeps the hash."""

    def __init__(self, remembered: int = 5):
        self.remembered = remembered

    def _recent_hashes(self, user) -> list[str]:
        from .models import PasswordHistory

        return list(PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[: self.remembered])

    def validate(self, password: str, user=None) -> None:
        if user is None or user.pk is None:
            return
        hashes = self._recent_hashes(user)
        if user.password and user.password not in hashes:
            hashes.append(user.password)
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(
                _("新密码不能与最近 %(count)d 次使用过的密码相同。") % {"count": self.remembered},
                code="password_reused",
            )

    def password_changed(self, password: str, user=None) -> None:
        from .models import PasswordHistory

        if user is None or user.pk is None:
            return
        PasswordHistory.objects.create(user=user, password=user.password)
        stale = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[self.remembered:]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()

    def get_help_text(self) -> str:
        return _("不能与最近 %(count)d 次使用过的密码相同。") % {"count": self.remembered}
