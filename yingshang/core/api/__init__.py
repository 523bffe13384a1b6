"""The platform's one JSON API (django-ninja): OpenAPI 3 at ``/api/openapi.json``, docs at ``/api/docs``.

Each app defines a ``Router`` in its own ``api.py`` and registers it from ``AppConfig.ready()`` with
``register_router("appeals", router)``; core never imports a domain app. The routers are mounted under
``/api/v1/<prefix>/`` when the URL configuration is first loaded. One authentication (``auth.AUTH``), one
error format (``errors``), one pagination (``pagination.Pages``) for all of them.
"""


from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Router

from .auth import AUTH
from .errors import ERROR_RESPONSES, Conflict, ErrorOut, error_body
from .pagination import Pages, Rows
from .tokens import forget_cached_tokens

__all__ = ["API_VERSION_PREFIX", "Conflict", "ERROR_RESPONSES", "ErrorOut", "Pages", "Rows", "error_body",
           "forget_cached_tokens", "register_router", "urls"]

API_VERSION_PREFIX = "v1"
_routers: dict[str, Router] = {}
_api: NinjaAPI | None = None


def register_router(prefix: str, router: Router) -> None:
    """Mount ``router`` at ``/api/v1/<prefix>/`` (call from ``AppConfig.ready()``)."""
    if _api is not None:
        raise RuntimeError("API routers must be registered in AppConfig.ready(), before the URLs are loaded")
    if _routers.get(prefix, router) is not router:
        raise ValueError(f"API prefix {prefix!r} is already taken")
    _routers[prefix] = router


def build_api() -> NinjaAPI:
    """The NinjaAPI with every registered router (built once, when the root URLconf is imported)."""
    global _api
    if _api is None:
        from .errors import install_error_handlers

        api = NinjaAPI(
            title="营商通 API", version="1",
            description=str(_("营商通的 JSON 接口:会话(浏览器,需 CSRF)或 Bearer 令牌认证;统一的错误格式与分页。见 docs/api.md。")),
            auth=AUTH, urls_namespace="api", openapi_url="/openapi.json", docs_url="/docs",
        )
        install_error_handlers(api)
        for prefix, router in sorted(_routers.items()):
            api.add_router(f"/{API_VERSION_PREFIX}/{prefix}/", router)
        _api = api
    return _api


def urls():
    return build_api().urls
