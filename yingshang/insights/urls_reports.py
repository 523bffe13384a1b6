"""Routes of the reports area (see urls.py)."""

from django.http import HttpResponse
from django.urls import path


def placeholder(request):  # replaced by the area's views while the area is built
    return HttpResponse("")


urlpatterns = [
    path("reports/", placeholder, name="topic_list"),
    path("bulletins/", placeholder, name="bulletin_list"),
]
