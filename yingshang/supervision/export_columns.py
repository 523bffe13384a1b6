"""The columns of 监管执法's exports (core.exports)."""

from django.utils.translation import gettext_lazy as _

from yingshang.core.exports import Column

TASKS = [
    Column(_("任务编号"), "code", 22), Column(_("企业"), "enterprise.name", 30), Column(_("统一社会信用代码"), "enterprise.credit_code", 22),
    Column(_("牵头部门"), "lead_unit.name", 20), Column(_("来源"), "get_origin_display", 12), Column(_("联合检查"), lambda t: "是" if t.joint else "否", 8),
    Column(_("检查时段起"), "window_start", 12), Column(_("检查时段止"), "window_end", 12), Column(_("状态"), "get_state_display", 10),
    Column(_("检查结果"), "get_result_display", 18), Column(_("结果公开日期"), "published_on", 12),
]
