from django.contrib.auth import views as auth_views
from django.urls import path

from . import api, job_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("org/units/", views.unit_list, name="unit_list"),
    path("org/units/import/", views.unit_import_view, name="unit_import"),
    path("org/units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("org/units/<int:pk>/aliases/", views.unit_alias_add_view, name="unit_alias_add"),
    path("org/divisions/", views.division_list, name="division_list"),
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
    path("enterprises/new/", views.enterprise_edit, name="enterprise_create"),
    path("enterprises/import/", views.enterprise_import_view, name="enterprise_import"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("imports/<int:pk>/report.csv", views.import_report_csv, name="import_report_csv"),
    path("jobs/", job_views.job_list, name="job_list"),
    path("jobs/<int:pk>/", job_views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/progress/", job_views.job_progress, name="job_progress"),
    path("inbox/", views.inbox, name="inbox"),
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/verify/", views.audit_verify_view, name="audit_verify"),
    path("api/v1/units/", api.units, name="api_units"),
    path("api/v1/units/<int:pk>/", api.unit, name="api_unit"),
    path("api/v1/enterprises/", api.enterprises, name="api_enterprises"),
    path("api/v1/enterprises/<int:pk>/", api.enterprise, name="api_enterprise"),
    path("api/v1/credit-code/<str:code>/", api.credit_code_check, name="api_credit_code"),
]
