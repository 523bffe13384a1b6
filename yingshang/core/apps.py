from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "yingshang.core"
    label = "core"
    verbose_name = _("基础平台")

    def ready(self) -> None:
        from . import auditcheckpoint  # noqa: F401 — registers the periodic checkpoint of the audit chain's head
        from .api import register_router
        from .api.routes import router
        from .api.workflows import router as workflow_router
        from .models import User
        from .modules import MenuEntry, MenuGroup, register_menu, register_menu_group
        from .permissions import register_capabilities

        # Only administrators replace the DOCX templates of printed documents (Django admin, 文书模板).
        register_capabilities({"admin": {"core.manage_document_templates"}})
        # Everyone sees the background jobs they started; these roles see everyone's (core/jobs.py).
        register_capabilities({User.Role.ADMIN: {"core.view_all_jobs"}, User.Role.AUDITOR: {"core.view_all_jobs"}})

        # Every write through the admin site is audited: wrap the admins other packages registered
        # (the admin site has discovered every admin module before this app is ready).
        from django.contrib import admin

        from .admin import audit_every_admin

        audit_every_admin(admin.site)
        # Sign-ins, sign-outs, failures and lockouts go to the audit trail (core/accounts.py).
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from . import accounts

        user_logged_in.connect(accounts.on_logged_in, dispatch_uid="yingshang.audit.login")
        user_logged_out.connect(accounts.on_logged_out, dispatch_uid="yingshang.audit.logout")
        user_login_failed.connect(accounts.on_login_failed, dispatch_uid="yingshang.audit.login_failed")
        user_locked_out.connect(accounts.on_locked_out, dispatch_uid="yingshang.audit.locked")

        register_router("core", router)
        register_router("workflows", workflow_router)  # every module's workflow operations, from their specs

        register_menu_group(MenuGroup("registry", _("经营主体"), 50), MenuGroup("system", _("系统管理"), 90))
        register_menu(
            MenuEntry("enterprises", _("经营主体"), "enterprise_list", "core.view_enterprises", _("经营主体名录、资质与规模"), 10, group="system"),
            MenuEntry("my_enterprise", _("我的企业"), "enterprise_list", "core.view_own_enterprise", _("本企业登记信息"), 10, frozenset({"enterprise"}), group="registry"),
            MenuEntry("units", _("组织机构"), "unit_list", "core.view_units", _("单位树、别名与人员"), 80, group="system"),
            MenuEntry("divisions", _("行政区划"), "division_list", "core.view_units", _("区市县、街道、社区"), 85, group="system"),
            MenuEntry("calendar", _("工作日历"), "work_calendar", "core.manage_calendar", _("法定节假日与调休上班日,各模块时限共用"), 88, group="system"),
            MenuEntry("audit", _("审计日志"), "audit_list", "core.view_audit", _("全部状态变更的哈希链记录"), 90, group="system"),
            MenuEntry("jobs", _("后台任务"), "job_list", "core.view_all_jobs", _("导入、匹配、通报等后台任务的进度与结果"), 95, group="system"),
        )
