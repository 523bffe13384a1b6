"""API tokens: who a ``Authorization: Bearer <key>`` header belongs to (``yingshang tokens create`` issues them)."""


import hashlib
import time

from django.utils import timezone

from ..memo import config_ttl
from ..models import ApiToken

# key hash → (token id, user, loaded at, last_used_at written at). Machine clients send thousands of
# requests with one token; each process keeps it for the configuration time-to-live (core/memo.py), so a
# revoked token or a deactivated user stops working everywhere within that time (at once in this process).
_token_cache: dict[str, tuple[int, object, float, float]] = {}
LAST_USED_RESOLUTION_SECONDS = 60
TOKEN_PREFIXES = ("Bearer ", "Token ")


def forget_cached_tokens() -> None:
    _token_cache.clear()


def token_key(request) -> str | None:
    header = request.headers.get("Authorization", "")
    if not header.startswith(TOKEN_PREFIXES):
        return None
    return header.split(" ", 1)[1].strip()


def user_for_key(key: str):
    """The active user owning the token ``key``, or None."""
    key_hash = hashlib.sha256(key.encode()).hexdigest()
    ttl, moment = config_ttl(), time.monotonic()
    cached = _token_cache.get(key_hash)
    if cached is None or moment - cached[2] >= ttl:
        token = ApiToken.objects.select_related("user", "user__unit").filter(key_hash=key_hash).first()
        if token is None or not token.user.is_active:
            _token_cache.pop(key_hash, None)
            return None
        cached = (token.pk, token.user, moment, cached[3] if cached else -float("inf"))
        if ttl > 0:
            _token_cache[key_hash] = cached
    token_id, user, loaded_at, used_written_at = cached
    # last_used_at is for "which tokens are still in use", not an access log: minute resolution is plenty.
    if moment - used_written_at >= LAST_USED_RESOLUTION_SECONDS or ttl <= 0:
        ApiToken.objects.filter(pk=token_id).update(last_used_at=timezone.now())
        if ttl > 0:
            _token_cache[key_hash] = (token_id, user, loaded_at, moment)
    return user
