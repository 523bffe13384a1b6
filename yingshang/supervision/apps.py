from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Inspectors are department staff (role handler) with an Inspector record (执法证); the record, not a role,
# makes them one of a task's inspectors (services.authorize_task).
CAPABILITIES = {
    "admin": {"supervision.view", "supervision.manage_plans", "supervision.manage_catalogue", "supervision.inspect"},
    "handler": {"supervision.view", "supervision.manage_plans", "supervision.manage_catalogue", "supervision.inspect"},
    "coordinator": {"supervision.view"},
    "leader": {"supervision.view"},
    "auditor": {"supervision.view"},
    "enterprise": {"supervision.view_own", "supervision.rate"},
}

DOCUMENT_KIND = "supervision.rectification_notice"


class SupervisionConfig(AppConfig):
    name = "yingshang.supervision"
    label = "supervision"
    verbose_name = _("监管执法")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from yingshang.core.api import register_router
        from yingshang.core.documents import register_document_kind
        from yingshang.core.modules import MenuEntry, MenuGroup, register_demo_step, register_menu, register_menu_group
        from yingshang.core.permissions import register_capabilities
        from yingshang.core.registry import register_enterprise_fact_source

        from . import selectors
        from .api import router
        from .demo import build_demo

        register_capabilities(CAPABILITIES)
        register_document_kind(DOCUMENT_KIND, _("责令整改通知书"))
        # One 「监管与信用」 menu shared with the credit app (each registers the same group; neither imports the other).
        register_menu_group(MenuGroup("regulation", _("监管与信用"), 45))
        register_menu(
            MenuEntry("supervision_plans", _("双随机抽查"), "supervision:plan_list", "supervision.view", _("抽查计划、名录公示、种子与可验证抽取"), 1, group="regulation"),
            MenuEntry("supervision_tasks", _("检查任务"), "supervision:task_list", "supervision.view", _("扫码入企、检查记录、首违不罚与整改"), 2, group="regulation"),
            MenuEntry("supervision_joint", _("综合查一次"), "supervision:merge", "supervision.manage_plans", _("多部门计划合并为联合检查"), 3, group="regulation"),
            MenuEntry("supervision_triggered", _("触发式监管"), "supervision:triggers", "supervision.manage_plans", _("A类企业的触发检查"), 4, group="regulation"),
            MenuEntry("supervision_catalogue", _("检查事项"), "supervision:catalogue", "supervision.view", _("检查事项、场景式清单、执法人员"), 5, group="regulation"),
            MenuEntry("supervision_mine", _("我的检查"), "supervision:mine", "supervision.view_own", _("本企业接受的每一次检查与评价"), 6,
                      frozenset({"enterprise"}), group="regulation"),
        )
        register_enterprise_fact_source("supervision.checks_24m", _("近24个月接受检查次数"), selectors.checks_since)
        register_enterprise_fact_source("supervision.failed_checks_24m", _("近24个月检查不合格次数"), selectors.failed_checks_since)
        register_enterprise_fact_source("supervision.minor_first_violations_24m", _("近24个月首违不罚次数"), selectors.minor_first_violations_since)
        register_demo_step("supervision", lambda seed, progress: build_demo(seed=seed, progress=progress))
        register_router("supervision", router)
