"""Routes of the cockpit area (see urls.py)."""

from django.urls import path, re_path

from yingshang.core.api.moved import moved_to

from . import views

urlpatterns = [
    re_path(r"^cockpit/data/(?P<rest>[\w-]+/)$", moved_to("/api/v1/insights/cockpit/")),  # before the one API
    path("cockpit/", views.cockpit, name="cockpit"),
    path("cockpit/map.json", views.cockpit_map, name="cockpit_map"),
    path("cockpit/warnings/", views.cockpit_warnings, name="cockpit_warnings"),
    path("cockpit/duplicates/", views.cockpit_duplicates, name="cockpit_duplicates"),
    path("cockpit/league/", views.cockpit_league, name="cockpit_league"),
]
