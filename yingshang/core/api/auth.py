"""The API's one authentication: a Bearer token (other systems, no CSRF) or the browser's session (with CSRF).

Both end in the same ``request.user``, so every operation then runs the same capability checks and the same
scoped selectors whichever way the caller came in.
"""


from django.conf import settings
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from .tokens import token_key, user_for_key


class BearerToken(HttpBearer):
    """``Authorization: Bearer <key>`` (``Token <key>`` is accepted too, as before). No cookie, so no CSRF."""

    def __call__(self, request):
        key = token_key(request)
        return self.authenticate(request, key) if key else None

    def authenticate(self, request, token: str):
        user = user_for_key(token)
        if user is not None:
            request.user = user
        return user


class SessionWithCsrf(APIKeyCookie):
    """The logged-in browser: its session cookie, and for every unsafe method the CSRF token (X-CSRFToken)."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        if check_csrf(request):
            raise HttpError(403, _("CSRF 校验失败:使用会话登录时请携带 X-CSRFToken 请求头,或改用令牌认证"))
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        return request.user if request.user.is_authenticated else None


AUTH = [BearerToken(), SessionWithCsrf()]
