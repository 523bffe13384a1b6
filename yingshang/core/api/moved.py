"""The JSON endpoints' addresses before the one API (``/appeals/api/v1/…``, ``/insights/cockpit/data/…``).

Systems integrated against them keep working during the move: each old address answers 308 Permanent
Redirect to its ``/api/v1/<app>/…`` twin. A 308 keeps the method and the body, so a POST stays a POST;
the target does the authentication and the CSRF check, so the redirect itself needs neither. To be removed
once the integrated systems have moved (see docs/api.md).
"""

from django.http.response import HttpResponseRedirectBase
from django.views.decorators.csrf import csrf_exempt


class PermanentRedirect308(HttpResponseRedirectBase):
    status_code = 308


def moved_to(prefix: str):
    """A view answering ``<old prefix><rest>`` with 308 to ``prefix + rest`` (query string kept)."""

    @csrf_exempt
    def moved(request, rest: str = ""):
        query = request.META.get("QUERY_STRING", "")
        response = PermanentRedirect308(prefix + rest + (f"?{query}" if query else ""))
        response["Deprecation"] = "true"
        return response

    moved.moved_redirect = True  # the generated access test walks the targets, not these aliases
    return moved
