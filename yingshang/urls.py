from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("plans/", include("yingshang.plans.urls")),
    path("appeals/", include("yingshang.appeals.urls")),
    path("policies/", include("yingshang.policies.urls")),
    path("insights/", include("yingshang.insights.urls")),
    path("open311/v2/", include("yingshang.appeals.open311_urls")),
    path("", include("yingshang.core.urls")),
]
