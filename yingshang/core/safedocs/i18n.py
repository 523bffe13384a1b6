"""gettext that also works where Django is not configured (the plans parser runs as pure Python too)."""

from __future__ import annotations


def gettext(message: str) -> str:
    from django.conf import settings

    if not settings.configured:
        return message  # the source strings are the Chinese messages
    from django.utils.translation import gettext as django_gettext

    return django_gettext(message)
