"""One error format for the whole API.

``{"detail": "说明", "errors": [{"field": "person_phone", "message": "中文说明"}]}`` — ``errors`` only where
particular fields are at fault. 400 invalid input (service rules and request schema alike), 401 not
authenticated, 403 missing capability or CSRF, 404 unknown or outside the caller's scope, 409 a stale
``version`` or a reused idempotency key.
"""


from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError

from ..services import ConcurrentEditError


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = []


ERROR_RESPONSES = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class Conflict(DjangoValidationError):
    """Raise from an operation for a 409 (e.g. an idempotency key reused with a different body)."""


def _schema_message(error: dict) -> str:
    """A Chinese sentence for one pydantic error (the types pydantic documents; anything else falls back)."""
    kind, context = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return _("必填")
    if kind.startswith(("int_", "float_", "decimal_")) and kind.endswith(("parsing", "type", "from_float", "fraction")):
        return _("应为数字")
    if kind.startswith("bool_"):
        return _("应为 true 或 false")
    if kind.startswith(("date_", "datetime_")):
        return _("日期格式应为 2026-01-31")
    if kind.startswith(("string_", "str_")) and kind not in ("string_too_short", "string_too_long"):
        return _("应为文本")
    if kind == "string_too_short":
        return _("至少 %(n)s 个字符") % {"n": context.get("min_length")}
    if kind == "string_too_long":
        return _("最多 %(n)s 个字符") % {"n": context.get("max_length")}
    if kind in ("greater_than_equal", "greater_than"):
        return _("应不小于 %(n)s") % {"n": context.get("ge", context.get("gt"))}
    if kind in ("less_than_equal", "less_than"):
        return _("应不大于 %(n)s") % {"n": context.get("le", context.get("lt"))}
    if kind in ("enum", "literal_error"):
        return _("取值应为:%(values)s") % {"values": context.get("expected", "")}
    if kind in ("list_type", "dict_type", "model_type", "model_attributes_type"):
        return _("类型不正确")
    if kind in ("json_invalid", "json_type"):
        return _("请求体不是有效的 JSON")
    return _("格式不正确")


def _schema_field(location) -> str:
    # ("body", "payload", "person_phone") → "person_phone"; ("query", "page") → "page"; the body itself → "body"
    parts = [str(p) for p in location if p not in ("body", "query", "path", "header", "form", "file", "payload")]
    return ".".join(parts) or "body"


def error_body(detail: str, errors: list[tuple[str, str]] = ()) -> dict:
    return {"detail": str(detail), "errors": [{"field": f, "message": str(m)} for f, m in errors]}


def _django_errors(error: DjangoValidationError) -> list[tuple[str, str]]:
    if not hasattr(error, "error_dict"):
        return []
    return [(NON_FIELD_ERRORS if field == NON_FIELD_ERRORS else field, message)
            for field, messages in error.message_dict.items() for message in messages]


def install_error_handlers(api) -> None:
    def respond(request, status: int, detail: str, errors=()):
        return api.create_response(request, error_body(detail, errors), status=status)

    @api.exception_handler(SchemaValidationError)
    def schema_invalid(request, exc):
        errors = [(_schema_field(e.get("loc", ())), _schema_message(e)) for e in exc.errors]
        return respond(request, 400, _("请求参数有误:") + ";".join(f"{f} {m}" for f, m in errors), errors)

    @api.exception_handler(ConcurrentEditError)
    def conflict(request, exc):
        return respond(request, 409, _("操作冲突:该记录已被他人修改,本次操作未生效,请获取最新状态(version)后重试"))

    @api.exception_handler(Conflict)
    def declared_conflict(request, exc):
        return respond(request, 409, ";".join(exc.messages), _django_errors(exc))

    @api.exception_handler(DjangoValidationError)
    def invalid(request, exc):
        return respond(request, 400, ";".join(exc.messages), _django_errors(exc))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return respond(request, 403, str(exc) or _("无权访问"))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        # Out of scope and nonexistent look the same: a 404 must not tell whether the object exists.
        message = str(exc) if exc.args and isinstance(exc.args[0], str) and not exc.args[0].startswith("No ") else ""
        return respond(request, 404, message or _("对象不存在或无权查看"))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return respond(request, 401, _("未登录或令牌无效"))

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        message = str(exc)
        if message.startswith("Cannot parse request body"):  # ninja's own words for a body that is not JSON
            message = _("请求体不是有效的 JSON")
        return respond(request, exc.status_code, message)
