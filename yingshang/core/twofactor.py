"""Two-factor sign-in (TOTP, RFC 6238) with recovery codes for the city-wide roles, on django-otp.

A city-wide user (admin, operator, leader, auditor: ``core.scope.is_city_wide``) signs in with the password,
then with a six-digit code from an authenticator app (or one of ten single-use recovery codes).
``core.middleware.TwoFactorRequiredMiddleware`` sends an unverified session here; the QR code for the app is
drawn on the server (segno, SVG), nothing leaves the intranet. Every enrolment, verification and failed
code is an audit entry.
"""

from __future__ import annotations

import base64

from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .audit import audited_write
from .auditlog import append_entry
from .scope import is_city_wide

RECOVERY_CODES = 10
DEVICE_NAME = "营商通"
# The demo city's city-wide users share this published secret (`yingshang demo` prints it, README tour):
# anyone can add it to an authenticator app, or run `yingshang demo --totp-code`. Never used elsewhere.
DEMO_TOTP_KEY_HEX = b"yingshang-demo-totp!".hex()


def needs_second_factor(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and is_city_wide(user))


def has_confirmed_device(user) -> bool:
    return user_has_device(user, confirmed=True)


def base32_secret(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it when typed in (base32, no padding)."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def pending_device(user) -> TOTPDevice:
    """The user's not-yet-confirmed TOTP device: the one the enrolment page shows, kept across reloads."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URI as an inline SVG QR code, drawn here."""
    import segno

    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2, title=_("扫描此二维码添加到身份验证器"))


def _about(user, request, **details) -> dict:
    from .accounts import client_address

    return {"object_type": "core.User", "object_id": user.pk, "object_repr": user.get_username(),
            "after": {"ip": client_address(request), **details}, "actor": user}


def confirm_enrolment(request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the device with a first code from the app: then it replaces any older device, the session
    counts as verified, and ten recovery codes are made (returned once, to be shown once). ``None``: the
    code was wrong."""
    user = request.user
    if device.user_id != user.pk or not device.verify_token((token or "").strip()):
        with audited_write(user):
            append_entry(action="core.user.two_factor_failed", **_about(user, request, stage="enrol"))
        return None
    with audited_write(user):
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _replace_recovery_codes(user)
    otp_login(request, device)
    with audited_write(user):
        append_entry(action="core.user.two_factor_enrol", **_about(user, request, recovery_codes=len(codes)))
    return codes


def _replace_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=_("恢复码"), confirmed=True)
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


def verify(request, token: str) -> bool:
    """Check a code (TOTP or a recovery code, which is then used up) for the signed-in user."""
    user = request.user
    device = match_token(user, (token or "").strip().replace(" ", ""))
    if device is None:
        with audited_write(user):
            append_entry(action="core.user.two_factor_failed", **_about(user, request, stage="verify"))
        return False
    otp_login(request, device)
    method = "recovery_code" if isinstance(device, StaticDevice) else "totp"
    with audited_write(user):
        append_entry(action="core.user.two_factor_verify", **_about(user, request, method=method))
    return True


def remaining_recovery_codes(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def demo_enrol(user) -> TOTPDevice:
    """Give a demo user the published demo secret (the demo city only)."""
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, key=DEMO_TOTP_KEY_HEX, confirmed=True)


def current_code(key_hex: str) -> str:
    """The TOTP code of ``key_hex`` now (tests, and the demo's --totp-code)."""
    from django_otp.oath import totp

    return f"{totp(bytes.fromhex(key_hex), step=30, t0=0, digits=6, drift=0):06d}"
