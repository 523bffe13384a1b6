"""Operations on an intranet: a request id on every request and log line, and the health endpoints.

Every request gets an id — the proxy's ``X-Request-ID`` when it sends a sane one (nginx: ``$request_id``),
otherwise a fresh one — returned in the response header and attached to every log record written while the
request runs, so that one line in nginx's log finds the application's lines (and the audit entries' time).
With ``LOG_FORMAT=json`` the records are one JSON object per line (python-json-logger) for the city's log
collector; the default stays plain text for a terminal.
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid

REQUEST_ID_HEADER = "X-Request-ID"
_current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("yingshang_request_id", default="-")
# A proxy's id is kept only when it is short and plain: a header is attacker-controlled input that ends up in logs.
_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")


def current_request_id() -> str:
    """The id of the request this thread is serving ('-' outside a request: workers, commands)."""
    return _current_request_id.get()


class RequestIdMiddleware:
    """Assigns the request id (first in the chain, so that every later log line carries it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = offered if _SANE_ID.match(offered) else uuid.uuid4().hex
        request.request_id = request_id
        token = _current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current_request_id.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (the text format prints it; the JSON format includes it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


def logging_config(log_format: str, level: str) -> dict:
    """The LOGGING setting: one console handler, text or JSON, each record with its request id."""
    formatters = {
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "json_ensure_ascii": False,
        },
    }
    chosen = "json" if log_format.strip().lower() == "json" else "text"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "yingshang.core.observability.RequestIdFilter"}},
        "formatters": {chosen: formatters[chosen]},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": chosen, "filters": ["request_id"]}},
        "root": {"handlers": ["console"], "level": level},
    }
