from django.urls import path

from . import views

app_name = "affairs"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("items/<int:pk>/", views.item_guide, name="item_guide"),
    path("items/<int:pk>/guide.<str:fmt>", views.item_guide_file, name="item_guide_file"),
    path("items/<int:pk>/apply/", views.item_apply, name="item_apply"),
    path("manage/", views.manage, name="manage"),
    path("manage/items/<int:pk>/", views.item_manage, name="item_manage"),
    path("manage/items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("manage/items/<int:pk>/<str:action>/", views.item_action, name="item_action"),
    path("shared/", views.shared, name="shared"),
    path("shared/<str:kind>/<int:pk>/", views.shared_edit, name="shared_edit"),
    path("guide-changes/", views.guide_changes, name="guide_changes"),
    path("bundles/", views.bundles, name="bundles"),
    path("bundles/<slug:key>/", views.bundle_apply, name="bundle_apply"),
    path("mine/", views.mine, name="mine"),
    path("window/", views.window, name="window"),
    path("cases/", views.cases, name="cases"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/rate/", views.case_rate, name="case_rate"),
    path("cases/<int:pk>/appeal/", views.case_link_appeal, name="case_link_appeal"),
    path("cases/<int:pk>/notice.<str:fmt>", views.correction_notice, name="correction_notice"),
    path("cases/<int:pk>/<str:action>/", views.case_action, name="case_action"),
    path("materials/<int:pk>/", views.material_download, name="material_download"),
    path("subcases/<int:pk>/<str:action>/", views.subcase_action, name="subcase_action"),
    path("monitoring/", views.monitoring_page, name="monitoring"),
    path("ratings/", views.public_ratings, name="public_ratings"),
    path("rate/<str:token>/", views.rate_sms, name="rate_sms"),
    path("rectifications/", views.rectifications, name="rectifications"),
    path("rectifications/<int:pk>/", views.rectification_detail, name="rectification_detail"),
    path("rectifications/<int:pk>/<str:action>/", views.rectification_action, name="rectification_action"),
]
