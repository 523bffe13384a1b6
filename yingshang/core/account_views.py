"""Sign-in, own password change and two-factor pages (thin: the rules live in accounts.py, twofactor.py,
the password validators and django-axes)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from . import accounts, twofactor
from .forms import OneTimeCodeForm, PasswordChangeForm
from .throttle import throttled


class LoginView(auth_views.LoginView):
    """Django's login, throttled per address (django-axes locks the account after repeated failures)."""

    template_name = "registration/login.html"


login_view = throttled("YINGSHANG_LOGIN_RATE_PER_IP", group="login")(LoginView.as_view())


def _next_url(request, default: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    from django.urls import reverse

    return reverse(default)


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@never_cache
@login_required
def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.password_change(request=request, user=request.user, old_password=form.cleaned_data["old_password"],
                                     new_password=form.cleaned_data["new_password1"])
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(request, _("密码已修改。"))
            return redirect("home")
    from django.contrib.auth.password_validation import password_validators_help_texts

    return render(request, "registration/password_change.html", {"form": form, "rules": password_validators_help_texts()})


@sensitive_post_parameters("code")
@never_cache
@login_required
@throttled("YINGSHANG_LOGIN_RATE_PER_IP", group="two_factor")
def two_factor_verify(request):
    if not twofactor.has_confirmed_device(request.user):
        return redirect(_url("two_factor_enroll", _next_url(request)))
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if twofactor.verify(request, form.cleaned_data["code"]):
            return redirect(_next_url(request))
        form.add_error("code", _("验证码不正确或已过期,请输入身份验证器中当前显示的 6 位数字,或一个未用过的恢复码。"))
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": _next_url(request)})


@sensitive_post_parameters("code")
@never_cache
@login_required
@throttled("YINGSHANG_LOGIN_RATE_PER_IP", group="two_factor")
def two_factor_enroll(request):
    """Add an authenticator app: first time for a city-wide role, or again (a new phone) once verified."""
    if twofactor.has_confirmed_device(request.user) and not request.user.is_verified():
        return redirect(_url("two_factor_verify", _next_url(request)))
    device = twofactor.pending_device(request.user)
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm_enrolment(request, device, form.cleaned_data["code"])
        if codes is not None:
            return render(request, "registration/two_factor_codes.html", {"codes": codes, "next": _next_url(request)})
        form.add_error("code", _("验证码不正确,请确认手机时间准确后输入身份验证器中当前显示的 6 位数字。"))
    return render(request, "registration/two_factor_enroll.html", {
        "form": form, "qr_svg": twofactor.qr_svg(device), "secret": twofactor.base32_secret(device),
        "next": _next_url(request), "required": twofactor.needs_second_factor(request.user) and settings.YINGSHANG_TWO_FACTOR_REQUIRED,
    })


def _url(name: str, next_url: str) -> str:
    from urllib.parse import urlencode

    from django.urls import reverse

    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout page (AXES_LOCKOUT_CALLABLE): the same words whether or not the account
    exists, and the cool-off period in minutes."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60) if settings.AXES_COOLOFF_TIME else None
    return render(request, "registration/locked.html", {"cooloff_minutes": minutes}, status=429)
