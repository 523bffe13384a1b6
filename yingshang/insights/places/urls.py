"""Routes of the places area (一地多诉, mounted at /insights/places/)."""

from django.urls import path, re_path

from yingshang.core.api.moved import moved_to

from . import views

urlpatterns = [
    re_path(r"^api/(?P<rest>clusters/)$", moved_to("/api/v1/insights/places/")),  # before the one API
    path("", views.place_list, name="place_list"),
    path("<int:pk>/", views.place_detail, name="place_detail"),
]
