"""Routes of the places area (一地多诉, mounted at /insights/places/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.place_list, name="place_list"),
    path("<int:pk>/", views.place_detail, name="place_detail"),
]
