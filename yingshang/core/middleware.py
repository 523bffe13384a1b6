from django.conf import settings
from django.http import JsonResponse
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
    ALLOWED_ROUTES = {"login", "logout"}

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
