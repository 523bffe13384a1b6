from django.urls import path, re_path

from yingshang.core.api.moved import moved_to

from . import views

app_name = "policies"
urlpatterns = [
    re_path(r"^api/v1/(?P<rest>.*)$", moved_to("/api/v1/policies/")),  # before the one API
    path("", views.catalogue, name="catalogue"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/apply/", views.apply, name="apply"),
    path("calculator/", views.calculator, name="calculator"),
    path("publicity/", views.publicity_list, name="publicity_list"),
    path("publicity/<int:pk>/", views.publicity_detail, name="publicity_detail"),
    path("mine/", views.mine, name="mine"),
    path("mine/declare/", views.declare_fact, name="declare_fact"),
    path("applications/", views.application_list, name="application_list"),
    path("applications/publicity/", views.publicity_create, name="publicity_create"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/<str:action>/", views.application_action, name="application_action"),
    path("manage/", views.manage, name="manage"),
    path("manage/items/new/", views.item_new, name="item_new"),
    path("manage/items/<int:pk>/", views.item_edit, name="item_edit"),
    path("manage/items/<int:pk>/sandbox/", views.item_sandbox, name="item_sandbox"),
    path("manage/items/<int:pk>/withdraw/", views.item_withdraw, name="item_withdraw"),
    path("manage/items/<int:pk>/approve-listed/", views.approve_listed, name="approve_listed"),
    path("manage/amendments/<int:pk>/", views.item_amendment, name="item_amendment"),
    path("manage/match/", views.match_run, name="match_run"),
    path("manage/import/", views.import_document, name="import"),
    path("manage/documents/<int:pk>/", views.document_review, name="document_review"),
    path("manage/proposals/<int:pk>/", views.proposal_decide, name="proposal_decide"),
    path("near-miss/", views.near_miss, name="near_miss"),
    path("effect/", views.effect, name="effect"),
    path("effect.xlsx", views.effect_xlsx, name="effect_xlsx"),
]
