"""Routes of the reports area (see urls.py)."""

from django.urls import path, re_path

from . import views

PERIOD = r"(?P<period>\d{4}(?:-\d{2}|Q[1-4]))"

urlpatterns = [
    path("topics/", views.topic_list, name="topic_list"),
    path("topics/<int:pk>/decide/", views.topic_decide, name="topic_decide"),
    path("bulletins/", views.bulletin_list, name="bulletin_list"),
    path("bulletins/<int:pk>/", views.bulletin_detail, name="bulletin_detail"),
    path("bulletins/<int:pk>/publish/", views.bulletin_publish, name="bulletin_publish"),
    re_path(r"^bulletins/(?P<pk>\d+)/(?P<kind>docx|pdf)/$", views.bulletin_file, name="bulletin_file"),
    path("public/", views.public_bulletin_list, name="public_bulletin_list"),
    re_path(rf"^public/{PERIOD}/$", views.public_bulletin, name="public_bulletin"),
    re_path(rf"^public/{PERIOD}/(?P<kind>docx|pdf)/$", views.public_bulletin_file, name="public_bulletin_file"),
]
