from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_STAFF_READS = {"credit.view_standing", "credit.view_records", "credit.view_repairs", "credit.view_arrears"}
CAPABILITIES = {
    # 统筹管理员 acts as the city's credit administrator (the model, full recomputation, arrears clearing).
    "admin": _STAFF_READS | {"credit.manage_model", "credit.run_evaluation", "credit.manage_records", "credit.review_repairs",
                             "credit.handle_arrears", "credit.repay_arrears"},
    # A unit's handlers record their unit's penalties and 失信 decisions, review repairs of them, and answer for
    # their unit's debts (all scoped in selectors and the workflows' authorisation).
    "handler": _STAFF_READS | {"credit.manage_records", "credit.review_repairs", "credit.repay_arrears"},
    "coordinator": set(_STAFF_READS),
    "leader": set(_STAFF_READS),
    "auditor": set(_STAFF_READS),
    "enterprise": {"credit.view_standing", "credit.view_own", "credit.view_repairs", "credit.apply_repair", "credit.view_arrears",
                   "credit.submit_arrears"},
}


class CreditConfig(AppConfig):
    name = "yingshang.credit"
    label = "credit"
    verbose_name = _("信用")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from yingshang.core.api import register_router
        from yingshang.core.modules import MenuEntry, MenuGroup, register_demo_step, register_menu, register_menu_group
        from yingshang.core.permissions import register_capabilities
        from yingshang.core.readable import register_code_labels
        from yingshang.core.registry import register_credit_provider, register_score_component

        from . import workflow  # noqa: F401  (registers the two workflows)
        from .api import router
        from .demo import demo_step
        from .facts import BUILTIN_FACTS, EXPECTED_SOURCES
        from .scoring import arrears_scores
        from .selectors import standings

        register_capabilities(CAPABILITIES)
        register_code_labels(dict(BUILTIN_FACTS) | dict(EXPECTED_SOURCES))  # fact keys in the indicators' audit entries
        register_credit_provider(standings)
        register_score_component(
            "credit.arrears", _("清理拖欠账款"), arrears_scores, default_weight=0,
            description=_("已核实拖欠账款的清偿比例(70%)与按计划按时还款比例(30%)(0–100)"),
        )
        # The pages sit in the 「监管与信用」 menu shared with supervision (each registers the same group; neither
        # imports the other): a 「信用」 menu of its own would give the admin an eighth top-level item
        # (core.modules.MAX_TOP_LEVEL).
        register_menu_group(MenuGroup("regulation", _("监管与信用"), 45))
        register_menu(
            MenuEntry("credit_mine", _("我的信用"), "credit:mine", "credit.view_own", _("信用等级、影响因素与信用修复"), 10,
                      frozenset({"enterprise"}), group="regulation"),
            MenuEntry("credit_home", _("信用评价"), "credit:home", "credit.view_records", _("企业公共信用综合评价:分类、模型与重算"), 11, group="regulation"),
            MenuEntry("credit_records", _("处罚与失信记录"), "credit:records", "credit.view_records", _("行政处罚、失信名单、纳税信用级别与导入"), 12,
                      group="regulation"),
            MenuEntry("credit_repairs", _("信用修复"), "credit:repair_list", "credit.view_repairs", _("信用修复申请、审核与期限"), 13, group="regulation"),
            MenuEntry("credit_arrears", _("拖欠账款"), "credit:arrears_list", "credit.view_arrears", _("拖欠中小企业账款投诉、还款计划与清偿"), 14,
                      group="regulation"),
        )
        register_demo_step("credit", demo_step)
        register_router("credit", router)
