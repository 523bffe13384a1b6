from django.contrib import admin
from django.urls import include, path

from yingshang.core.api import urls as api_urls

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api_urls()),  # one JSON API: /api/v1/<app>/…, /api/openapi.json, /api/docs
    path("plans/", include("yingshang.plans.urls")),
    path("appeals/", include("yingshang.appeals.urls")),
    path("policies/", include("yingshang.policies.urls")),
    path("credit/", include("yingshang.credit.urls")),
    path("supervision/", include("yingshang.supervision.urls")),
    path("insights/", include("yingshang.insights.urls")),
    path("affairs/", include("yingshang.affairs.urls")),
    path("open311/v2/", include("yingshang.appeals.open311_urls")),
    path("", include("yingshang.core.urls")),
]
