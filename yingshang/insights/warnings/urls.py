"""Routes of the warnings area (see urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.warning_list, name="warning_list"),
    path("<int:pk>/", views.warning_detail, name="warning_detail"),
    path("<int:pk>/<str:action>/", views.warning_action, name="warning_action"),
]
