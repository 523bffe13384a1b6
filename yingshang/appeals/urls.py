from django.urls import path, re_path

from yingshang.core.api.moved import moved_to

from . import views

app_name = "appeals"

NO = r"(?P<tracking_no>[0-9A-Za-z-]{4,20})"

urlpatterns = [
    re_path(r"^api/v1/(?P<rest>.*)$", moved_to("/api/v1/appeals/")),  # before the one API
    path("", views.appeal_list, name="list"),
    path("queue/", views.queue, name="queue"),
    path("mine/", views.mine, name="mine"),
    path("console/", views.console, name="console"),
    path("console/suggest/", views.console_suggest, name="console_suggest"),
    path("console/caller/", views.console_caller, name="console_caller"),
    path("streets/", views.streets, name="streets"),
    path("submit/", views.public_submit, name="submit"),
    path("track/", views.public_track, name="track"),
    re_path(rf"^track/{NO}/$", views.public_track_detail, name="track_detail"),
    path("sla/", views.sla, name="sla"),
    path("kpi/", views.kpi_city, name="kpi"),
    path("kpi/unit/<int:pk>/", views.kpi_unit, name="kpi_unit"),
    path("config/", views.config, name="config"),
    path("config/taxonomy/", views.taxonomy_page, name="taxonomy"),
    path("config/taxonomy/v<int:number>/", views.taxonomy_page, name="taxonomy_version"),
    path("config/routing/", views.routing_page, name="routing"),
    path("config/models/", views.models_page, name="models"),
    path("config/limits/", views.limits_page, name="limits"),
    path("config/calendar/", views.calendar_moved, name="calendar"),  # moved to core: /calendar/
    path("import/", views.import_page, name="import"),
    re_path(rf"^{NO}/$", views.appeal_detail, name="detail"),
    re_path(rf"^{NO}/act/(?P<action>[a-z_]+)/$", views.appeal_action, name="act"),
    re_path(rf"^{NO}/attachments/(?P<pk>\d+)/$", views.attachment_download, name="attachment"),
]
