from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "yingshang.appeals"
    label = "appeals"
    verbose_name = _("诉求办理")

    def ready(self) -> None:
        from yingshang.core.modules import MenuEntry, MenuGroup, register_demo_step, register_menu, register_menu_group
        from yingshang.core.permissions import register_capabilities
        from yingshang.core.registry import register_score_component

        from .demo import demo_step
        from .kpis import enterprise_satisfaction_scores, unit_handling_scores
        from .permissions import CAPABILITIES

        register_capabilities(CAPABILITIES)
        from yingshang.core.readable import register_code_labels

        from .kpis import KPI_DEFINITIONS

        register_code_labels({key: name for key, name, _target in KPI_DEFINITIONS})  # KPI keys in bulletins' audit entries
        register_menu_group(MenuGroup("appeals", _("12345 诉求"), 20))
        register_menu(
            MenuEntry("appeals_console", _("诉求受理"), "appeals:console", "appeals.intake", _("12345 话务受理台:快速登记、智能分类、转办"), 20, group="appeals"),
            MenuEntry("appeals", _("诉求办理"), "appeals:list", "appeals.view", _("诉求列表、签收办理、回访核实"), 21, group="appeals"),
            MenuEntry("appeals_sla", _("时限预警"), "appeals:sla", "appeals.view", _("各单位超期与临期诉求"), 22, group="appeals"),
            MenuEntry("appeals_kpi", _("诉求考核"), "appeals:kpi", "appeals.view_kpi", _("即时转办率、按时办结率、满意率等指标"), 23, group="appeals"),
            MenuEntry("appeals_config", _("诉求配置"), "appeals:config", "appeals.manage_routing", _("标签体系、派单规则、分类模型、工作日历"), 75, group="appeals"),
            MenuEntry("my_appeals", _("我的诉求"), "appeals:mine", "appeals.view_own", _("提交诉求、查询办理进度"), 15, group="appeals"),
        )
        register_demo_step("appeals", demo_step)
        # The unit performance components other modules score units with (the plans ranking): the weights
        # are defaults, changed by an administrator in the plans 评分方案.
        register_score_component(
            "appeals.kpi", _("12345诉求办理"), unit_handling_scores, default_weight=20,
            description=_("即时转办率、按时反馈率、按时办结率、满意率的平均值(0–100)"),
        )
        from yingshang.core.registry import register_enterprise_fact_source

        from .credit_facts import complaints_by_enterprise

        register_enterprise_fact_source("appeals.complaints_12m", _("近12个月涉企投诉(件)"), complaints_by_enterprise)
        register_score_component(
            "appeals.enterprise_satisfaction", _("企业满意度"), enterprise_satisfaction_scores, default_weight=10,
            description=_("涉企诉求回访的满意率(0–100)"),
        )

        from yingshang.core.api import register_router

        from .api import router

        register_router("appeals", router)
