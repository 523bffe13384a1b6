from django.urls import path, re_path

from yingshang.core.api.moved import moved_to

from . import views

app_name = "plans"
urlpatterns = [
    re_path(r"^api/v1/(?P<rest>.*)$", moved_to("/api/v1/plans/")),  # before the one API
    path("", views.plan_list, name="plan_list"),
    path("import/", views.plan_import_view, name="plan_import"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/meta/", views.plan_meta_update, name="plan_meta_update"),
    path("<int:pk>/publish/", views.plan_publish_view, name="plan_publish"),
    path("<int:pk>/discard/", views.plan_discard_view, name="plan_discard"),
    path("<int:pk>/source/", views.plan_source, name="plan_source"),
    path("<int:pk>/items/<int:item_pk>/", views.item_view, name="item_view"),
    path("<int:pk>/items/<int:item_pk>/edit/", views.item_edit, name="item_edit"),
    path("mentions/", views.mention_list, name="mention_list"),
    path("mentions/<int:mention_pk>/assign/", views.mention_assign_view, name="mention_assign"),
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/reports/", views.report_create, name="report_create"),
    path("tasks/<int:pk>/reopen/", views.task_reopen_view, name="task_reopen"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("board/", views.board, name="board"),
    path("ranking/", views.ranking, name="ranking"),
    path("ranking/units/<int:unit_pk>/", views.unit_history, name="unit_history"),
    path("scheme/", views.scheme_edit, name="scheme"),
    path("bulletins/", views.bulletin_list, name="bulletin_list"),
    path("bulletins/<str:period>/", views.bulletin_detail, name="bulletin_detail"),
    path("bulletins/file/<int:pk>/<str:kind>/", views.bulletin_file, name="bulletin_file"),
]
