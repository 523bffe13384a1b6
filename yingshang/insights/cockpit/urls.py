"""Routes of the cockpit area (see urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("cockpit/", views.cockpit, name="cockpit"),
    path("cockpit/map.json", views.cockpit_map, name="cockpit_map"),
    path("cockpit/warnings/", views.cockpit_warnings, name="cockpit_warnings"),
    path("cockpit/duplicates/", views.cockpit_duplicates, name="cockpit_duplicates"),
    path("cockpit/league/", views.cockpit_league, name="cockpit_league"),
]
