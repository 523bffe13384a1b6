"""The 驾驶舱 page and its htmx fragments (warnings feed, 一事多诉 groups,
league table); the charts' JSON data is in insights/api.py. Thin: every read goes through selectors.cockpit, which checks the capability and scopes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from . import selectors

# Polling intervals (seconds): charts follow the rollup (minutes), the feed follows the detectors.
DEFAULT_CHART_REFRESH = 60
DEFAULT_FEED_REFRESH = 15


def _seconds(request, name: str, default: int) -> int:
    try:
        return min(max(int(request.GET.get(name, default)), 2), 600)
    except ValueError:
        return default


@login_required
def cockpit(request):
    scope = selectors.cockpit_scope(request.user)
    return render(request, "insights/cockpit/cockpit.html", {
        "scope": scope,
        "chart_refresh": _seconds(request, "refresh", DEFAULT_CHART_REFRESH),
        "feed_refresh": _seconds(request, "feed", DEFAULT_FEED_REFRESH),
    })


@login_required
@cache_control(private=True, max_age=3600)
def cockpit_map(request):
    selectors.cockpit_scope(request.user)
    return HttpResponse(selectors.district_geojson(), content_type="application/geo+json; charset=utf-8")


@login_required
def cockpit_warnings(request):
    return render(request, "insights/cockpit/_warnings.html", {"warnings": selectors.live_warnings(request.user)})


@login_required
def cockpit_duplicates(request):
    return render(request, "insights/cockpit/_duplicates.html", {
        "groups": selectors.duplicate_groups(request.user), "totals": selectors.duplicate_totals(request.user),
        "window_days": selectors.DUPLICATE_WINDOW_DAYS,
    })


@login_required
def cockpit_league(request):
    # ?view=bottom: only the 末位 units, for the leader's first screen; otherwise the whole table (drill-down).
    template = "insights/cockpit/_bottom.html" if request.GET.get("view") == "bottom" else "insights/cockpit/_league.html"
    return render(request, template, {"league": selectors.league_table(request.user)})
