from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

READ = {"insights.view_warnings", "insights.view_places", "insights.view_duplicates", "insights.view_topics", "insights.view_bulletins"}

# Warnings, places and duplicates are scoped in the selectors: a handler or coordinator reads those of
# its own unit subtree / district; city-wide roles read all.
CAPABILITIES: dict[str, set[str]] = {
    "admin": READ | {
        "insights.view_cockpit", "insights.handle_warnings", "insights.run_detection", "insights.select_topics",
        "insights.publish_bulletins", "insights.merge_duplicates",
    },
    "operator": READ | {"insights.handle_warnings", "insights.merge_duplicates"},
    "handler": {"insights.view_warnings", "insights.handle_warnings", "insights.view_places", "insights.view_bulletins"},
    "coordinator": READ | {"insights.handle_warnings", "insights.view_cockpit"},
    "leader": READ | {"insights.view_cockpit", "insights.select_topics"},
    "auditor": READ | {"insights.view_cockpit"},
}


class InsightsConfig(AppConfig):
    name = "yingshang.insights"
    label = "insights"
    verbose_name = _("分析研判")

    def ready(self) -> None:
        from yingshang.core.documents import register_document_kind
        from yingshang.core.modules import MenuEntry, MenuGroup, register_demo_step, register_menu, register_menu_group
        from yingshang.core.permissions import register_capabilities

        from .demo import demo_step
        from .duplicates import services as duplicates  # noqa: F401 — registers the 一事多诉 fingerprint triage hook
        from .places import services as _places_hooks  # noqa: F401 — registers the 一地多诉 triage hook and label sync

        register_capabilities(CAPABILITIES)
        register_document_kind("insights.bulletin", _("12345热线诉求办理通报"))
        from yingshang.core.readable import register_code_labels

        from .detection.pipeline import METHOD_LABELS

        register_code_labels(METHOD_LABELS)  # detector methods in the warnings' audit entries
        register_menu_group(MenuGroup("insights", _("研判分析"), 10))
        register_menu(
            MenuEntry("insights_cockpit", _("驾驶舱"), "insights:cockpit", "insights.view_cockpit", _("诉求总量趋势、标签分布、区县地图、预警与考核"), 10, group="insights"),
            MenuEntry("insights_warnings", _("监测预警"), "insights:warning_list", "insights.view_warnings", _("高频、季节性、苗头性、聚集性诉求预警"), 30, group="insights"),
            MenuEntry("insights_duplicates", _("一事多诉"), "insights:duplicate_groups", "insights.view_duplicates", _("相同事项的重复诉求与合并办理"), 31, group="insights"),
            MenuEntry("insights_places", _("一地多诉"), "insights:place_list", "insights.view_places", _("同一地点的多次诉求与聚集区域"), 32, group="insights"),
            MenuEntry("insights_topics", _("每月一题"), "insights:topic_list", "insights.view_topics", _("按量、增速、重复、差评与转办排序的月度难题"), 33, group="insights"),
            MenuEntry("insights_bulletins", _("诉求通报"), "insights:bulletin_list", "insights.view_bulletins", _("月度、季度诉求办理考核通报"), 34, group="insights"),
        )
        register_demo_step("insights", demo_step)

        from yingshang.core.api import register_router

        from .api import router

        register_router("insights", router)
