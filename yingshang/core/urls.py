from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from yingshang.core.api.moved import moved_to

from . import account_views, calendar_views, health, job_views, views
from .documents import views as document_views

urlpatterns = [
    re_path(r"^api/v1/(?P<rest>(?:units|enterprises|credit-code)/.*)$", moved_to("/api/v1/core/")),  # before the one API
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("", views.home, name="home"),
    path("login/", account_views.login_view, name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", account_views.password_change, name="password_change"),
    path("account/two-factor/", account_views.two_factor_verify, name="two_factor_verify"),
    path("account/two-factor/enroll/", account_views.two_factor_enroll, name="two_factor_enroll"),
    path("captcha/", include("captcha.urls")),
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
    path("imports/<int:pk>/report.xlsx", views.import_report_xlsx, name="import_report_xlsx"),
    # The old address of the report (bookmarks, earlier pages) serves the same XLSX.
    path("imports/<int:pk>/report.csv", views.import_report_xlsx, name="import_report_csv"),
    path("jobs/", job_views.job_list, name="job_list"),
    path("jobs/<int:pk>/", job_views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/progress/", job_views.job_progress, name="job_progress"),
    path("inbox/", views.inbox, name="inbox"),
    path("calendar/", calendar_views.calendar_page, name="work_calendar"),
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/verify/", views.audit_verify_view, name="audit_verify"),
    path("documents/templates/<str:kind>.docx", document_views.template_download, name="document_template_download"),
]
