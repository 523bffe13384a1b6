from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AffairsConfig(AppConfig):
    name = "yingshang.affairs"
    label = "affairs"
    verbose_name = _("政务服务")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from yingshang.core.api import register_router
        from yingshang.core.documents import register_document_kind
        from yingshang.core.modules import MenuEntry, MenuGroup, register_demo_step, register_menu, register_menu_group
        from yingshang.core.permissions import register_capabilities
        from yingshang.core.readable import register_code_labels
        from yingshang.core.registry import register_score_component

        from .api import router
        from .demo import demo_step
        from .guides import DOCUMENT_KIND
        from .monitoring import timeliness_scores
        from .permissions import CAPABILITIES
        from .services.cases import prefill_source_labels

        register_capabilities(CAPABILITIES)
        register_code_labels(prefill_source_labels())  # the data elements' 预填来源 in audit entries and pages
        register_document_kind(DOCUMENT_KIND, _("办事指南"))
        register_document_kind("affairs.correction_notice", _("一次性告知书"))
        register_menu_group(MenuGroup("affairs", _("政务服务"), 35))
        register_menu(
            MenuEntry("affairs_bundles", _("高效办成一件事"), "affairs:bundles", "affairs.apply", _("一件事一次办:情形引导、一张表单、一次提交"), 14, group="affairs"),
            MenuEntry("affairs_mine", _("我的办件"), "affairs:mine", "affairs.apply", _("办件进度、结果送达与好差评"), 16, group="affairs"),
            MenuEntry("affairs_window", _("综合窗口"), "affairs:window", "affairs.receive", _("一窗受理、一次性告知、统一出件"), 36, group="affairs"),
            MenuEntry("affairs_cases", _("部门办件"), "affairs:cases", "affairs.handle", _("本部门子件的审查与决定"), 37, group="affairs"),
            MenuEntry("affairs_catalogue", _("办事指南"), "affairs:catalogue", "affairs.view_catalogue", _("政务服务事项目录与办事指南"), 38, group="affairs"),
            MenuEntry("affairs_manage", _("事项管理"), "affairs:manage", "affairs.edit_items", _("事项要素调整、审核发布、共享要素与指南联动"), 39, group="affairs"),
            MenuEntry("affairs_monitoring", _("审批时效监测"), "affairs:monitoring", "affairs.view_monitoring", _("提速率、用时分位、临期预警、好差评"), 40, group="affairs"),
            MenuEntry("affairs_rectifications", _("差评整改"), "affairs:rectifications", "affairs.rectify", _("差评核实、整改与回访"), 41, group="affairs"),
        )
        register_demo_step("affairs", demo_step)
        register_router("affairs", router)
        register_score_component(
            "affairs.timeliness", _("政务服务时效"), timeliness_scores, default_weight=10,
            description=_("部门子件按承诺时限办结的比例与好评率的平均值(0–100)"),
        )
