"""The login controls (等保 2.0 level 3; docs/security.md): lockout, audit of sign-ins, session timeouts,
password rules and history, two-factor sign-in for city-wide roles, rate limits, security headers."""

from __future__ import annotations

import time

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from yingshang.core.demo import DEMO_PASSWORD
from yingshang.core.models import AuditEntry, PasswordHistory
from yingshang.core.twofactor import DEMO_TOTP_KEY_HEX, current_code

pytestmark = pytest.mark.django_db

WRONG = "Wrong-password-1"


def _post_login(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def _actions_since(seq):
    return list(AuditEntry.objects.filter(seq__gt=seq).order_by("seq").values_list("action", flat=True))


def _last_seq():
    return AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


# --- lockout and the audit trail of sign-ins ------------------------------------------------------------

def test_wrong_password_and_unknown_user_get_the_same_message(client):
    known = _post_login(client, "handler_scj", WRONG)
    unknown = _post_login(client, "nobody_here", WRONG)
    assert known.status_code == unknown.status_code == 200
    message = "用户名或密码不正确"
    assert message in known.content.decode() and message in unknown.content.decode()
    assert "不存在" not in unknown.content.decode()


def test_five_failures_lock_the_account_even_with_the_right_password(client):
    start = _last_seq()
    for _attempt in range(5):
        _post_login(client, "handler_scj", WRONG)
    locked = _post_login(client, "handler_scj", DEMO_PASSWORD)
    assert locked.status_code == 429
    assert "已被锁定" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    actions = _actions_since(start)
    assert actions.count("core.user.login_failed") >= 5
    assert "core.user.locked" in actions
    assert "core.user.login" not in actions
    failure = AuditEntry.objects.filter(seq__gt=start, action="core.user.login_failed").first()
    assert failure.after["ip"] == "127.0.0.1"


def test_admin_site_login_is_locked_too(client):
    for _attempt in range(5):
        client.post("/admin/login/", {"username": "admin", "password": WRONG})
    response = client.post("/admin/login/?next=/admin/", {"username": "admin", "password": DEMO_PASSWORD})
    assert response.status_code == 429


def test_unlock_by_admin_lets_the_user_in_and_is_audited(client, users):
    from yingshang.core.accounts import login_unlock

    for _attempt in range(5):
        _post_login(client, "handler_scj", WRONG)
    assert _post_login(client, "handler_scj", DEMO_PASSWORD).status_code == 429
    start = _last_seq()
    login_unlock(actor=users["admin"], user=users["handler_scj"])
    response = _post_login(client, "handler_scj", DEMO_PASSWORD)
    assert response.status_code == 302
    assert _actions_since(start) == ["core.user.unlock", "core.user.login"]


def test_unlock_needs_the_user_management_capability(users):
    from django.core.exceptions import PermissionDenied

    from yingshang.core.accounts import login_unlock

    with pytest.raises(PermissionDenied):
        login_unlock(actor=users["handler_zjj"], user=users["handler_scj"])


def test_lockout_ends_after_the_cool_off_period(client):
    import datetime as dt

    from axes.models import AccessAttempt

    for _attempt in range(5):
        _post_login(client, "handler_scj", WRONG)
    AccessAttempt.objects.filter(username="handler_scj").update(attempt_time=dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc))
    assert _post_login(client, "handler_scj", DEMO_PASSWORD).status_code == 302


def test_unknown_user_names_are_masked_in_the_trail(client):
    start = _last_seq()
    _post_login(client, "MyPassword123", WRONG)
    entry = AuditEntry.objects.get(seq__gt=start, action="core.user.login_failed")
    assert entry.object_repr == "My*********"[: len(entry.object_repr)] and "Password" not in entry.object_repr
    assert entry.after["known_user"] is False


def test_login_and_logout_are_audited(client):
    start = _last_seq()
    assert _post_login(client, "handler_scj", DEMO_PASSWORD).status_code == 302
    client.post(reverse("logout"))
    assert _actions_since(start) == ["core.user.login", "core.user.logout"]
    entry = AuditEntry.objects.get(seq__gt=start, action="core.user.login")
    assert entry.actor_name == "handler_scj" and entry.after["ip"] == "127.0.0.1"


@override_settings(YINGSHANG_LOGIN_RATE_PER_IP="3/h")
def test_login_attempts_are_throttled_per_address(client):
    from django.core.cache import caches

    caches["ratelimit"].clear()
    statuses = [_post_login(client, f"someone{i}", WRONG).status_code for i in range(4)]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3] == 429


# --- session timeouts ------------------------------------------------------------------------------------

def test_idle_session_is_signed_out_with_a_chinese_message(client):
    _post_login(client, "handler_scj", DEMO_PASSWORD)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session["yingshang_last_seen"] = time.time() - 31 * 60
    session.save()
    start = _last_seq()
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert "30 分钟未操作" in response.content.decode()
    entry = AuditEntry.objects.get(seq__gt=start, action="core.user.logout")
    assert entry.after["reason"] == "idle"


def test_activity_keeps_the_session_alive(client):
    _post_login(client, "handler_scj", DEMO_PASSWORD)
    session = client.session
    session["yingshang_last_seen"] = time.time() - 29 * 60
    session.save()
    assert client.get(reverse("home")).status_code == 200
    assert time.time() - client.session["yingshang_last_seen"] < 5  # the clock restarted


def test_sessions_end_at_the_absolute_limit_despite_activity(client):
    _post_login(client, "handler_scj", DEMO_PASSWORD)
    session = client.session
    session["yingshang_signed_in_at"] = time.time() - 13 * 3600
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


@override_settings(YINGSHANG_SESSION_IDLE_MINUTES=0.02)
def test_idle_limit_is_a_setting(client):
    _post_login(client, "handler_scj", DEMO_PASSWORD)
    time.sleep(1.5)
    response = client.get(reverse("home"))
    assert response.status_code == 302


# --- password rules --------------------------------------------------------------------------------------

@pytest.mark.parametrize("password, problem", [
    ("dalian2026", "3 类"),           # the example: two classes
    ("Ab1!", "10"),                    # too short
    ("abcdefghijk", "3 类"),          # one class
])
def test_weak_passwords_are_refused_in_chinese(password, problem, users):
    from django.contrib.auth.password_validation import validate_password
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        validate_password(password, users["handler_scj"])
    assert any(problem in message for message in refused.value.messages)


def test_demo_password_meets_the_rules(users):
    from django.contrib.auth.password_validation import validate_password

    user = users["citizen"]
    user.password = ""  # the history rule aside: the demo password is every demo user's current one
    PasswordHistory.objects.filter(user=user).delete()
    validate_password(DEMO_PASSWORD, user)


def test_own_password_change_and_no_reuse_of_the_last_five(client, users):
    user = users["handler_scj"]
    client.force_login(user)
    page = client.get(reverse("password_change"))
    assert page.status_code == 200 and "修改密码" in page.content.decode()
    current = DEMO_PASSWORD
    history = [f"Neues-Passwort-{n}" for n in range(1, 6)]
    start = _last_seq()
    for new in history:
        response = client.post(reverse("password_change"), {"old_password": current, "new_password1": new, "new_password2": new})
        assert response.status_code == 302, response.content.decode()[:500]
        current = new
    assert _actions_since(start).count("core.user.password_change") == 5
    user.refresh_from_db()
    assert user.check_password(history[-1])
    assert PasswordHistory.objects.filter(user=user).count() == 5
    # One of the last five: refused; the sixth back (the demo password) is allowed again.
    reused = client.post(reverse("password_change"), {"old_password": current, "new_password1": history[1], "new_password2": history[1]})
    assert reused.status_code == 200 and "最近 5 次" in reused.content.decode()
    again = client.post(reverse("password_change"), {"old_password": current, "new_password1": DEMO_PASSWORD, "new_password2": DEMO_PASSWORD})
    assert again.status_code == 302
    assert client.get(reverse("home")).status_code == 200  # the session survived the change


def test_password_change_refuses_a_wrong_old_password(client, users):
    client.force_login(users["handler_scj"])
    response = client.post(reverse("password_change"), {"old_password": WRONG, "new_password1": "Brand-New-Pass-9", "new_password2": "Brand-New-Pass-9"})
    assert response.status_code == 200 and "原密码不正确" in response.content.decode()
    users["handler_scj"].refresh_from_db()
    assert users["handler_scj"].check_password(DEMO_PASSWORD)


def test_read_only_roles_may_change_their_own_password(client, users):
    client.force_login(users["auditor"])
    response = client.post(reverse("password_change"), {"old_password": DEMO_PASSWORD, "new_password1": "Auditor-Pass-2027", "new_password2": "Auditor-Pass-2027"})
    assert response.status_code == 302


# --- two-factor sign-in ----------------------------------------------------------------------------------

@pytest.fixture
def two_factor_on(settings):
    settings.YINGSHANG_TWO_FACTOR_REQUIRED = True


def test_city_wide_role_is_sent_to_verify_and_cannot_skip_it(client, two_factor_on):
    _post_login(client, "leader", DEMO_PASSWORD)
    response = client.get(reverse("enterprise_list"))
    assert response.status_code == 302 and reverse("two_factor_verify") in response["Location"]
    api = client.get("/api/v1/core/units/", HTTP_ACCEPT="application/json")
    assert api.status_code == 403


def test_unit_roles_need_no_second_factor(client, two_factor_on):
    _post_login(client, "handler_scj", DEMO_PASSWORD)
    assert client.get(reverse("enterprise_list")).status_code == 200


def test_totp_code_verifies_the_session_and_is_audited(client, two_factor_on):
    _post_login(client, "auditor", DEMO_PASSWORD)
    start = _last_seq()
    wrong = client.post(reverse("two_factor_verify"), {"code": "000000"})
    assert wrong.status_code == 200 and "验证码不正确" in wrong.content.decode()
    time.sleep(1.1)  # django-otp throttles a device for a second after one wrong code (doubling after each)
    right = client.post(reverse("two_factor_verify") + "?next=/audit/", {"code": current_code(DEMO_TOTP_KEY_HEX)})
    assert right.status_code == 302 and right["Location"] == "/audit/"
    assert client.get("/audit/").status_code == 200
    assert _actions_since(start) == ["core.user.two_factor_failed", "core.user.two_factor_verify"]


def test_enrolment_shows_a_local_qr_and_gives_recovery_codes(client, users, two_factor_on):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=users["operator"]).delete()
    _post_login(client, "operator", DEMO_PASSWORD)
    response = client.get(reverse("home"))
    assert reverse("two_factor_enroll") in response["Location"]
    page = client.get(reverse("two_factor_enroll"))
    assert "<svg" in page.content.decode() and "http" not in page.context["qr_svg"].split("otpauth")[0].replace("http://www.w3.org", "")
    device = TOTPDevice.objects.get(user=users["operator"], confirmed=False)
    codes = client.post(reverse("two_factor_enroll"), {"code": f"{totp(device.bin_key):06d}"})
    assert codes.status_code == 200
    recovery = codes.context["codes"]
    assert len(recovery) == 10
    assert client.get(reverse("enterprise_list")).status_code == 200
    # A recovery code signs in once, then it is spent.
    client.post(reverse("logout"))
    _post_login(client, "operator", DEMO_PASSWORD)
    assert client.post(reverse("two_factor_verify"), {"code": recovery[0]}).status_code == 302
    client.post(reverse("logout"))
    _post_login(client, "operator", DEMO_PASSWORD)
    assert client.post(reverse("two_factor_verify"), {"code": recovery[0]}).status_code == 200


def test_enforcement_can_be_switched_off(client, settings):
    settings.YINGSHANG_TWO_FACTOR_REQUIRED = False
    _post_login(client, "leader", DEMO_PASSWORD)
    assert client.get(reverse("enterprise_list")).status_code == 200


# --- security headers ------------------------------------------------------------------------------------

def test_security_headers(client, users):
    client.force_login(users["handler_scj"])
    response = client.get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "object-src 'none'" in csp
    assert "unsafe-eval" not in csp and "script-src 'self' 'unsafe-inline'" not in csp
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"


@override_settings(SECURE_HSTS_SECONDS=31536000)
def test_hsts_when_configured_for_production(client):
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
