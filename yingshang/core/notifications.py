"""The in-site inbox: reminders and pushes to users or to everyone in a unit."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from . import clock
from .models import Notification, Unit, User


def notify_user(user: User, *, title: str, body: str = "", link: str = "", category: str = "", dedup_key: str = "") -> Notification | None:
    """Send one message; with ``dedup_key`` a second send of the same key to the same user is a no-op."""
    try:
        with transaction.atomic():
            return Notification.objects.create(recipient=user, title=title[:200], body=body, link=link, category=category, dedup_key=dedup_key[:200])
    except IntegrityError:
        return None


def notify_unit(unit: Unit, *, title: str, body: str = "", link: str = "", category: str = "", dedup_key: str = "") -> int:
    """Send to every active staff member of ``unit`` (not its sub-units). Returns how many were sent."""
    sent = 0
    for user in User.objects.filter(unit=unit, is_active=True):
        if notify_user(user, title=title, body=body, link=link, category=category, dedup_key=dedup_key):
            sent += 1
    return sent


def inbox_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(user: User, notification_id: int) -> None:
    Notification.objects.filter(recipient=user, pk=notification_id, read_at__isnull=True).update(read_at=clock.now())
