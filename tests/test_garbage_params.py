"""Every GET route of the URL configuration, given garbage query parameters, answers without a server error.

The routes come from the same resolver walk as the generated access test (core/tests/test_access_generated.py):
each route that needs no URL kwargs (the lists, dashboards, forms, the API's lists) is requested by a city-wide
administrator, and the public ones also by an anonymous visitor, with the parameters a clumsy user or a probe
sends: page=abc, page_size=-5, dates 9999-99-99, unit=abc, out-of-range numbers, a NUL byte. A 400 (or the page
ignoring the parameter) is fine; a 500 is not — the test client re-raises the view's exception.
"""

import pytest

from yingshang.core.tests.test_access_generated import PUBLIC, SITE_ROUTES, build_url

pytestmark = pytest.mark.django_db

GARBAGE = [
    {"page": "abc", "page_size": "-5", "start": "9999-99-99", "end": "9999-99-99", "date": "9999-99-99", "day": "abc",
     "start_date": "9999-12-31T00:00:00Z", "end_date": "abc", "unit": "abc", "district": "abc", "year": "abc", "month": "13",
     "period": "abc", "days": "abc", "grain": "abc", "status": "zzz", "state": "zzz", "plan": "abc", "item": "abc",
     "overdue": "maybe", "on": "9999-99-99", "label": "abc", "refresh": "abc"},
    {"page": "-1", "page_size": "99999999999999999999", "start": "0001-01-01", "end": "1900-13-01", "date": "2026-02-30",
     "unit": "99999999999999999999", "district": "-1", "year": "99999", "period": "9999-99", "days": "-5", "plan": "-1",
     "item": "99999999999999999999", "q": "\x00", "on": "2026-02-30", "start_date": "0001-01-01T00:00:00Z"},
]
LIST_ROUTES = [r for r in SITE_ROUTES if not r.kwargs and r.key not in ("logout", "api:api-root")]


@pytest.mark.parametrize("route", LIST_ROUTES, ids=lambda r: r.key)
def test_garbage_query_parameters_never_give_a_500(route, client, users):
    url = build_url(route, {})
    visitors = ["admin", None] if route.key in PUBLIC else ["admin"]
    problems = []
    for visitor in visitors:
        client.logout()
        if visitor:
            client.force_login(users[visitor])
        for params in GARBAGE:
            try:
                response = client.get(url, params)
            except Exception as error:  # noqa: BLE001 — the client re-raises what would have been a 500
                problems.append(f"{visitor or 'anonymous'} GET {url} {params}: {type(error).__name__}: {error}")
                continue
            if getattr(response, "streaming", False):
                for _chunk in response.streaming_content:
                    pass
            if response.status_code >= 500:
                problems.append(f"{visitor or 'anonymous'} GET {url} → {response.status_code}")
    assert not problems, "\n".join(problems)
