"""Routes of the warnings area (see urls.py)."""

from django.urls import path, re_path

from yingshang.core.api.moved import moved_to

from . import views

urlpatterns = [
    re_path(r"^api/(?P<rest>.*)$", moved_to("/api/v1/insights/warnings/")),  # before the one API
    path("", views.warning_list, name="warning_list"),
    path("run/", views.detection_run, name="detection_run"),
    path("<int:pk>/", views.warning_detail, name="warning_detail"),
    path("<int:pk>/<str:action>/", views.warning_action, name="warning_action"),
]
