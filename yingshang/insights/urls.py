"""Routes of the insights app: one module per area, all under the ``insights`` namespace."""

from django.urls import include, path

app_name = "insights"

urlpatterns = [
    path("", include("yingshang.insights.urls_cockpit")),
    path("duplicates/", include("yingshang.insights.urls_duplicates")),
    path("places/", include("yingshang.insights.urls_places")),
    path("warnings/", include("yingshang.insights.urls_warnings")),
    path("reports/", include("yingshang.insights.urls_reports")),
]
