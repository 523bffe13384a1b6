"""Routes of the warnings area (see urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.warning_list, name="warning_list"),
    path("run/", views.detection_run, name="detection_run"),
    path("<int:pk>/", views.warning_detail, name="warning_detail"),
    path("<int:pk>/<str:action>/", views.warning_action, name="warning_action"),
    path("api/", views.warning_list_api, name="warning_list_api"),
    path("api/<int:pk>/", views.warning_detail_api, name="warning_detail_api"),
]
