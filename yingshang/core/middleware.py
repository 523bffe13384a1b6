from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render


class UploadTooLargeMiddleware:
    """Refuse an oversized request body before Django reads it, with a clear Chinese page (HTTP 413)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.YINGSHANG_MAX_UPLOAD_BYTES
        if length > limit:
            return render(
                request, "core/error.html",
                {"title": "文件过大", "message": f"上传内容为 {length / 1048576:.1f} MB,超过上限 {limit / 1048576:.0f} MB。请拆分文件后再上传,本次未做任何修改。"},
                status=413,
            )
        return self.get_response(request)


class ReadOnlyRoleMiddleware:
    """A read-only role (every capability a read: the auditor) changes nothing: its unsafe requests are
    refused here, once, before any view runs — whether or not the view remembers to check. Signing
    out stays possible, and so do views marked ``@reads_only`` (a POST that changes nothing). (Bearer-token API calls are authorised by the API layer's own capability checks.)"""

    SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
    # Signing in and out, and one's own credentials (password, second factor), are not data changes.
    ALLOWED_ROUTES = {"login", "logout", "password_change", "two_factor_verify", "two_factor_enroll"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from .permissions import is_read_only

        if request.method in self.SAFE_METHODS or getattr(view_func, "reads_only", False):
            return None
        if not is_read_only(getattr(request, "user", None)):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in self.ALLOWED_ROUTES and not match.namespace:
            return None
        message = "您的角色只能查看,不能修改任何数据"
        if "/api/" in request.path or "application/json" in request.headers.get("Accept", ""):
            return JsonResponse({"error": message}, status=403)
        return render(request, "core/error.html", {"title": "无权操作", "message": message}, status=403)


class PermissionsPolicyMiddleware:
    """Send the Permissions-Policy header: the platform uses no camera, microphone, location or payment API,
    so pages (and anything injected into them) may not either."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.YINGSHANG_PERMISSIONS_POLICY)
        return response


def _wants_json(request) -> bool:
    return "/api/" in request.path or "application/json" in request.headers.get("Accept", "")


class SessionTimeoutMiddleware:
    """Sign a user out after ``YINGSHANG_SESSION_IDLE_MINUTES`` without a request (the clock restarts with
    each request) and, whatever the activity, ``YINGSHANG_SESSION_MAX_HOURS`` after signing in.

    The times live in the session itself (seconds since the epoch), so the rule holds for every session
    backend and every process. The user lands on the login page with a Chinese message saying why."""

    IDLE_KEY = "yingshang_last_seen"
    STARTED_KEY = "yingshang_signed_in_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import time

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            last_seen = session.get(self.IDLE_KEY)
            started = session.setdefault(self.STARTED_KEY, now)
            idle_limit = settings.YINGSHANG_SESSION_IDLE_MINUTES * 60
            reason = None
            if last_seen is not None and now - last_seen > idle_limit:
                reason = "idle"
            elif now - started > settings.YINGSHANG_SESSION_MAX_HOURS * 3600:
                reason = "max_age"
            if reason is not None:
                return self._sign_out(request, reason)
            # Saving the session on every request would cost a write each; a tenth of the idle limit
            # (at most a minute) is precise enough for a 30-minute rule.
            if last_seen is None or now - last_seen > min(60.0, idle_limit / 10):
                session[self.IDLE_KEY] = now
        return self.get_response(request)

    def _sign_out(self, request, reason: str):
        from django.contrib import messages
        from django.contrib.auth import logout
        from django.shortcuts import redirect
        from django.utils.translation import gettext as _

        request.yingshang_logout_reason = reason  # read by the audit receiver of user_logged_out
        logout(request)
        if reason == "idle":
            message = _("您已超过 %(minutes)s 分钟未操作,为保护账号安全已自动退出,请重新登录。") % {
                "minutes": f"{settings.YINGSHANG_SESSION_IDLE_MINUTES:g}"
            }
        else:
            message = _("本次登录已超过 %(hours)s 小时,为保护账号安全已自动退出,请重新登录。") % {
                "hours": f"{settings.YINGSHANG_SESSION_MAX_HOURS:g}"
            }
        if _wants_json(request):
            return JsonResponse({"detail": message, "errors": []}, status=401)
        messages.info(request, message)
        from urllib.parse import urlencode

        from django.urls import reverse

        login_url = reverse("login")
        if request.method == "GET" and not request.headers.get("HX-Request"):
            login_url += "?" + urlencode({"next": request.get_full_path()})
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = login_url  # htmx follows it with a full page load
            return response
        return redirect(login_url)


class TwoFactorRequiredMiddleware:
    """City-wide roles (they read the whole city) sign in with a second factor: a signed-in user of such a
    role whose session is not yet verified by a TOTP or recovery code reaches only the two-factor pages,
    the sign-out and static files; everything else sends them to verify (or to enrol, the first time).

    ``YINGSHANG_TWO_FACTOR_REQUIRED = False`` switches the enforcement off (the test settings do; a
    laptop demo may)."""

    OPEN_ROUTES = {"login", "logout", "two_factor_verify", "two_factor_enroll"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from .twofactor import needs_second_factor, has_confirmed_device

        user = getattr(request, "user", None)
        if not settings.YINGSHANG_TWO_FACTOR_REQUIRED or not needs_second_factor(user):
            return None
        if user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and not match.namespace and match.url_name in self.OPEN_ROUTES:
            return None
        if request.path.startswith(settings.STATIC_URL):
            return None
        from django.shortcuts import redirect
        from django.utils.translation import gettext as _

        if _wants_json(request):
            return JsonResponse({"detail": _("请先完成双因素身份验证"), "errors": []}, status=403)
        target = "two_factor_verify" if has_confirmed_device(user) else "two_factor_enroll"
        from django.urls import reverse
        from urllib.parse import urlencode

        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
