from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

VIEW_ALL = {"plans.view_tasks", "plans.view_board", "plans.view_ranking", "plans.view_bulletins"}

CAPABILITIES = {
    "admin": VIEW_ALL | {
        "plans.view_plans", "plans.import_plans", "plans.review_plans", "plans.map_units", "plans.compute_ranking",
        "plans.manage_scoring", "plans.publish_bulletins",
    },
    "handler": VIEW_ALL | {"plans.report_progress"},
    "coordinator": VIEW_ALL | {"plans.report_progress"},
    "leader": VIEW_ALL | {"plans.view_plans"},
    "auditor": VIEW_ALL | {"plans.view_plans"},
}


class PlansConfig(AppConfig):
    name = "yingshang.plans"
    label = "plans"
    verbose_name = _("行动方案督办")

    def ready(self) -> None:
        from yingshang.core.documents import register_document_kind
        from yingshang.core.modules import MenuEntry, MenuGroup, register_demo_step, register_menu, register_menu_group
        from yingshang.core.permissions import register_capabilities

        from .demo import build_demo

        register_capabilities(CAPABILITIES)
        register_document_kind("plans.bulletin", _("行动方案落实情况通报"))
        register_menu_group(MenuGroup("plans", _("方案督办"), 30))
        register_menu(
            MenuEntry("plans", _("行动方案"), "plans:plan_list", "plans.view_plans", _("导入方案、审核条目、发布任务"), 20, group="plans"),
            MenuEntry("plan_tasks", _("任务台账"), "plans:task_list", "plans.view_tasks", _("任务进度报送与状态跟踪"), 21, group="plans"),
            MenuEntry("plan_board", _("挂图作战"), "plans:board", "plans.view_board", _("任务时间轴与单位×章节矩阵"), 22, group="plans"),
            MenuEntry("plan_ranking", _("排名通报"), "plans:ranking", "plans.view_ranking", _("综合评分、排名、末位与月度通报"), 23, group="plans"),
        )
        register_demo_step("plans", lambda seed, progress: build_demo(seed=seed, progress=progress))

        from yingshang.core.api import register_router

        from .api import router

        register_router("plans", router)
