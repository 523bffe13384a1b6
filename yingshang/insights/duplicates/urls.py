"""Routes of the duplicates area (see urls.py)."""

from django.urls import path, re_path

from . import views

NO = r"(?P<tracking_no>[0-9A-Za-z-]{4,20})"

urlpatterns = [
    path("duplicates/", views.duplicate_groups, name="duplicate_groups"),
    re_path(rf"^appeal/{NO}/panel/$", views.duplicate_panel, name="duplicate_panel"),
    re_path(rf"^appeal/{NO}/merge/$", views.duplicate_merge, name="duplicate_merge"),
]
