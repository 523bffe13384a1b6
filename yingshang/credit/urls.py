from django.urls import path

from . import views

app_name = "credit"
urlpatterns = [
    path("", views.home, name="home"),
    path("evaluate/", views.evaluate, name="evaluate"),
    path("model/", views.model_edit, name="model_edit"),
    path("mine/", views.mine, name="mine"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise"),
    path("records/", views.records, name="records"),
    path("records/import/", views.record_import, name="record_import"),
    path("repairs/", views.repair_list, name="repair_list"),
    path("repairs/apply/<str:kind>/<int:pk>/", views.repair_apply, name="repair_apply"),
    path("repairs/<int:pk>/", views.repair_detail, name="repair_detail"),
    path("repairs/<int:pk>/<str:action>/", views.repair_action, name="repair_action"),
    path("arrears/", views.arrears_list, name="arrears_list"),
    path("arrears/new/", views.arrears_new, name="arrears_new"),
    path("arrears/<int:pk>/", views.arrears_detail, name="arrears_detail"),
    path("arrears/<int:pk>/<str:action>/", views.arrears_action, name="arrears_action"),
    path("public/", views.public_records, name="public_records"),
    path("public/arrears/", views.public_arrears, name="public_arrears"),
]
