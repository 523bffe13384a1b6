"""Routes of the places area (see urls.py)."""

from django.http import HttpResponse
from django.urls import path


def placeholder(request):  # replaced by the area's views while the area is built
    return HttpResponse("")


urlpatterns = [
    path("places/", placeholder, name="place_list"),
]
