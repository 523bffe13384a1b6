from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/<str:action>/", views.plan_action, name="plan_action"),
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/act/<str:action>/", views.task_action, name="task_action"),
    path("tasks/<int:pk>/notice.<str:fmt>", views.task_notice, name="task_notice"),
    path("tasks/<int:pk>/rate/", views.task_rate, name="task_rate"),
    path("scan/<str:token>/", views.scan, name="scan"),
    path("scan/<str:token>/start/", views.scan_start, name="scan_start"),
    path("scan/<str:token>/record/", views.scan_record, name="scan_record"),
    path("mine/", views.mine, name="mine"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("joint/", views.merge, name="merge"),
    path("triggered/", views.triggers, name="triggers"),
    path("public/", views.public_results, name="public_results"),
    path("public/plans/", views.public_plans, name="public_plans"),
    path("public/plans/<int:pk>/<str:name>.csv", views.public_plan_file, name="public_plan_file"),
]
