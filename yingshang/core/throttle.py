"""Rate limits per client address on the forms anyone can post (login, public appeal, Open311 POST), on
django-ratelimit's counters (the ``ratelimit`` cache, settings.CACHES). Over the limit: HTTP 429 with a
Chinese page (or JSON for API clients), and nothing is processed."""

from __future__ import annotations

import functools

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited


def _client_key(group, request) -> str:
    from .accounts import client_address

    return client_address(request) or "unknown"


def too_many_requests(request, *, json: bool = False):
    message = _("提交过于频繁,请稍后再试。")
    if json or "/api/" in request.path or "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"detail": message, "errors": []}, status=429)
    return render(request, "core/error.html", {"title": _("请求过于频繁"), "message": message}, status=429)


def throttled(rate_setting: str, *, group: str | None = None, methods=("POST",), json: bool = False):
    """Limit the decorated view's ``methods`` to the rate named by ``rate_setting`` (e.g. "10/m") per
    address. The setting is read at each request, so deployments and tests can change it."""

    def decorate(view):
        name = group or f"{view.__module__}.{view.__qualname__}"

        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods:
                rate = getattr(settings, rate_setting)
                if rate and is_ratelimited(request, group=name, key=_client_key, rate=rate, method=list(methods), increment=True):
                    return too_many_requests(request, json=json)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
