"""Routes of the insights app: one module per area, all under the ``insights`` namespace."""

from django.urls import include, path

app_name = "insights"

urlpatterns = [
    path("", include("yingshang.insights.cockpit.urls")),
    path("duplicates/", include("yingshang.insights.duplicates.urls")),
    path("places/", include("yingshang.insights.places.urls")),
    path("warnings/", include("yingshang.insights.warnings.urls")),
    path("reports/", include("yingshang.insights.reports.urls")),
]
