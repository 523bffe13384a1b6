from django.conf import settings
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
