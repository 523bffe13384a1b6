import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


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


def database_busy(error: BaseException) -> bool:
    """The database refused a write because another one holds the lock (SQLite: locked/busy; PostgreSQL:
    a serialization failure, a deadlock or a lock not available). Retrying the request once usually succeeds."""
    if not isinstance(error, OperationalError):
        return False
    if getattr(error.__cause__, "sqlstate", None) in ("40001", "40P01", "55P03"):
        return True
    text = str(error).lower()
    return "database is locked" in text or "database table is locked" in text or "database is busy" in text


def _wants_json(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return (match is not None and "api" in match.namespaces) or request.path.startswith("/api/") \
        or "application/json" in request.headers.get("Accept", "")


def _answer(request, status: int, title: str, messages: list[str], errors=()):
    if _wants_json(request):
        from .api.errors import error_body

        return JsonResponse(error_body(";".join(messages) or title, errors), status=status,
                            json_dumps_params={"ensure_ascii": False})
    return render(request, f"{status}.html", {"title": title, "problems": messages}, status=status)


def _carries_nul(request) -> bool:
    def has_nul(data) -> bool:
        return any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())

    if has_nul(request.GET):
        return True
    content_type = request.content_type or ""
    if request.method == "POST" and content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        # Pages only: the API may still need the raw body (a form parsed here could no longer be read as one),
        # and its request schemas and services see every value it passes on. Django's CSRF check reads a
        # page's form before the view anyway.
        return not request.path.startswith("/api/") and has_nul(request.POST)
    if content_type == "application/json" and request.method in ("POST", "PUT", "PATCH"):
        return b"\\u0000" in request.body or b"\x00" in request.body
    return False


class RequestErrorsMiddleware:
    """One place where what a request did wrong becomes an answer instead of a 500, for pages and API alike.

    - the database busy with another writer (two people acting on one appeal at the same moment): the view
      runs once more; busy again → 409 「操作冲突」, nothing written (each write is one audited transaction);
    - ``ConcurrentEditError`` a view did not catch → 409; any other ``ValidationError`` (a bad parameter read
      with ``core.params``) → 400 with its Chinese messages.
    The API's own exception handlers (``core.api.errors``) answer these inside django-ninja; only what they do
    not handle (the busy database) reaches here from the API.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _carries_nul(request):
            # PostgreSQL text cannot hold U+0000: refused here once, instead of a 500 in whichever query meets it.
            return _answer(request, 400, _("请求有误"), [_("请求中含有不可见的控制字符(NUL),请删除后重试")])
        response = self.get_response(request)
        if response.status_code == 405 and not response.content and not _wants_json(request):
            # require_POST & co. answer an empty 405: give it the platform's page, keeping the Allow header.
            allowed, response = response.get("Allow"), render(request, "405.html", status=405)
            if allowed:
                response["Allow"] = allowed
        return response

    def process_exception(self, request, exception):
        from .services import ConcurrentEditError

        if database_busy(exception) and not getattr(request, "_yingshang_retried", False):
            request._yingshang_retried = True
            match = request.resolver_match
            logger.warning("数据库忙,重试一次: %s %s (%s)", request.method, request.path, exception)
            for upload in request.FILES.values() if request.method == "POST" else ():
                upload.seek(0)  # the first run read the uploaded files to their end
            try:
                return match.func(request, *match.args, **match.kwargs)
            except Exception as again:  # noqa: BLE001 — answered below, or handed back to Django as it is
                exception = again
                if not database_busy(again) and not isinstance(again, ValidationError):
                    raise
        if database_busy(exception):
            return _answer(request, 409, _("操作冲突"), [_("操作冲突:其他人正在修改同一记录,本次操作未生效,请稍后重试")])
        if isinstance(exception, ConcurrentEditError):
            return _answer(request, 409, _("操作冲突"), exception.messages)
        if isinstance(exception, ValidationError):
            errors = [(field, message) for field, messages in exception.message_dict.items() for message in messages] \
                if hasattr(exception, "error_dict") else []
            return _answer(request, 400, _("请求有误"), [f"{field}:{m}" if field != "__all__" else m for field, m in errors]
                           or exception.messages, errors)
        return None
