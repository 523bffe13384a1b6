"""Account security services: the audit trail of sign-ins, unlocking, changing one's own password.

Every sign-in, sign-out, failed sign-in and lockout becomes an audit entry (``core.user.login``,
``core.user.logout``, ``core.user.login_failed``, ``core.user.locked``) with the client's address. The
receivers are connected in ``CoreConfig.ready()``. An unknown user name is recorded masked: a mistyped
password pasted into the user-name box must not end up readable in the trail.
"""

from __future__ import annotations

from django.contrib.auth import password_validation, update_session_auth_hash
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .audit import audited_write
from .auditlog import append_entry
from .models import User


def client_address(request) -> str:
    """The address django-axes resolved (it honours the configured proxy count), else REMOTE_ADDR."""
    if request is None:
        return ""
    return getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR", "") or ""


def mask_username(name: str) -> str:
    name = (name or "").strip()
    if len(name) <= 2:
        return "*" * len(name) or "(空)"
    return name[:2] + "*" * min(len(name) - 2, 8)


def _known_user(username: str) -> User | None:
    if not username:
        return None
    return User.objects.filter(**{User.USERNAME_FIELD: username}).select_related("unit").first()


def _entry_about(user: User | None, username: str, request, *, signed_in: bool = True, **details) -> dict:
    """The fields of one entry about ``user`` (or, unknown, the masked ``username``); the actor is the user
    only when the request is theirs (signed in), not when someone typed their name."""
    after = {"ip": client_address(request), **details}
    if request is not None:
        after["path"] = request.path[:200]
    return {
        "object_type": "core.User",
        "object_id": user.pk if user else "",
        "object_repr": user.get_username() if user else mask_username(username),
        "after": after,
        "actor": user if signed_in else None,
    }


def on_logged_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        import time

        from .middleware import SessionTimeoutMiddleware

        request.session[SessionTimeoutMiddleware.STARTED_KEY] = time.time()
        request.session[SessionTimeoutMiddleware.IDLE_KEY] = time.time()
    fields = _entry_about(user, user.get_username(), request)
    with audited_write(user):
        append_entry(action="core.user.login", **fields)


def on_logged_out(sender, request, user, **kwargs) -> None:
    if user is None:  # signing out of a session that was not signed in
        return
    reason = getattr(request, "yingshang_logout_reason", "user") if request is not None else "user"
    fields = _entry_about(user, user.get_username(), request, reason=reason)
    with audited_write(user):
        append_entry(action="core.user.logout", **fields)


def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get("username", "") or "")
    user = _known_user(username)
    locked = bool(getattr(request, "axes_locked_out", False)) if request is not None else False
    fields = _entry_about(user, username, request, signed_in=False, known_user=user is not None, while_locked=locked)
    with audited_write(None):
        append_entry(action="core.user.login_failed", **fields)


def on_locked_out(sender, request, username, ip_address, **kwargs) -> None:
    user = _known_user(username or "")
    fields = _entry_about(user, username or "", request, signed_in=False)
    with audited_write(None):
        append_entry(action="core.user.locked", **fields)


def login_unlock(*, actor, user: User) -> int:
    """Lift the lockout of ``user`` (an administrator's decision; the cool-off period lifts it too)."""
    from axes.utils import reset

    from .permissions import require_capability

    require_capability(actor, "core.manage_users")
    with audited_write(actor):
        cleared = reset(username=user.get_username())
        append_entry(action="core.user.unlock", object_type="core.User", object_id=user.pk, object_repr=user.get_username(),
                     after={"attempts_cleared": cleared})
    return cleared


def password_change(*, request, user: User, old_password: str, new_password: str) -> None:
    """The user's own password change: the old password must be right, the new one must pass every rule of
    AUTH_PASSWORD_VALIDATORS (history included). The session stays signed in; other sessions end."""
    if not user.check_password(old_password):
        raise ValidationError({"old_password": _("原密码不正确")})
    try:
        password_validation.validate_password(new_password, user)
    except ValidationError as error:
        raise ValidationError({"new_password1": error.messages}) from error
    with audited_write(user):
        user.set_password(new_password)
        user.save(update_fields=["password"])
        append_entry(action="core.user.password_change", object_type="core.User", object_id=user.pk,
                     object_repr=user.get_username(), after={"ip": client_address(request)})
    update_session_auth_hash(request, user)
