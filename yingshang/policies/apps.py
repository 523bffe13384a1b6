from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

CAPABILITIES = {
    "admin": {
        "policies.view_catalogue", "policies.manage_items", "policies.import_policies", "policies.run_matching",
        "policies.view_applications", "policies.review_applications", "policies.view_effect", "policies.view_near_miss",
        "policies.manage_facts",
    },
    # a unit's handlers manage and review the items their unit is responsible for (scoped in selectors)
    "handler": {
        "policies.view_catalogue", "policies.manage_items", "policies.import_policies", "policies.view_applications",
        "policies.review_applications", "policies.view_effect", "policies.view_near_miss",
    },
    "coordinator": {"policies.view_catalogue", "policies.view_applications", "policies.view_effect", "policies.view_near_miss"},
    "leader": {"policies.view_catalogue", "policies.view_applications", "policies.view_effect", "policies.view_near_miss"},
    "auditor": {"policies.view_catalogue", "policies.view_applications", "policies.view_effect"},
    "operator": {"policies.view_catalogue"},
    "enterprise": {"policies.view_catalogue", "policies.view_own_policies", "policies.apply"},
    "citizen": {"policies.view_catalogue"},
    "window_clerk": {"policies.view_catalogue"},  # the comprehensive window answers questions about policies too
}


class PoliciesConfig(AppConfig):
    name = "yingshang.policies"
    label = "policies"
    verbose_name = _("政策超市")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from yingshang.core.modules import MenuEntry, MenuGroup, register_demo_step, register_menu, register_menu_group
        from yingshang.core.permissions import register_capabilities

        from . import signals
        from .demo import build_demo

        register_capabilities(CAPABILITIES)
        from yingshang.core.readable import register_code_labels

        from .facts import FACTS
        from .services import STEP_LABELS

        register_code_labels({key: fact.label for key, fact in FACTS.items()} | STEP_LABELS)  # fact keys and steps in audit entries
        register_menu_group(MenuGroup("policies", _("惠企政策"), 40))
        register_menu(
            MenuEntry("policy_mine", _("我的可享政策"), "policies:mine", "policies.view_own_policies", _("按测算金额排序的可享政策与申报"), 15,
                      frozenset({"enterprise"}), group="policies"),
            MenuEntry("policy_catalogue", _("政策超市"), "policies:catalogue", "policies.view_catalogue", _("全市惠企政策条款、条件与计算器"), 30, group="policies"),
            MenuEntry("policy_manage", _("政策管理"), "policies:manage", "policies.manage_items", _("条款结构化、规则编辑、沙盘测算、匹配"), 31, group="policies"),
            MenuEntry("policy_applications", _("政策兑现"), "policies:application_list", "policies.view_applications",
                      _("申请受理、审核、公示、兑现与时限"), 32, group="policies"),
            MenuEntry("policy_effect", _("政策效果"), "policies:effect", "policies.view_effect", _("触达、申报、兑现、时长与满意度"), 33, group="policies"),
        )
        signals.connect()
        register_demo_step("policies", lambda seed, progress: build_demo(seed=seed, progress=progress))

        from yingshang.core.api import register_router

        from .api import router

        register_router("policies", router)
