"""The status of an early warning, as ONE spec (see yingshang/core/workflow.py).

新预警 → 已确认 (确认) → 已处置 (标记已处置), or 已排除 (排除) from 新预警 or 已确认; 已处置 and 已排除 are final.
Whoever acts becomes the warning's 负责人, the 处置说明 is appended to the warning's note, and the roll-up
children still in the same status move with their parent (services.do_warning_step). The transition
check, the buttons of the detail page, the generic API (``/api/v1/workflows/early-warnings/…``), the audit
names (``insights.early_warning.<operation>``) and docs/workflows.md derive from this table.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yingshang.core import workflow as wf
from yingshang.core.workflow import DANGER, PRIMARY, Operation, Workflow

from ..models import EarlyWarning

Status = EarlyWarning.Status
RESPONSIBLE = _("预警责任单位")
HANDLE = "insights.handle_warnings"
_HANDLER = "yingshang.insights.warnings.services.do_warning_step"


def _op(name, label, from_states, to_state, **spec) -> Operation:
    return Operation(name=name, label=label, from_states=from_states, to_state=to_state, side=RESPONSIBLE, capability=HANDLE,
                     handler=_HANDLER, **spec)


WARNINGS = wf.register(Workflow(
    name="early-warnings", model=EarlyWarning, state_field="status", states=Status, noun="预警", audit_model="early_warning",
    lookup="yingshang.insights.warnings.selectors.warning_get_for_user",
    initial_states=(Status.NEW,), closed_hint=_("该预警已办结,不能再变更"),
    operations=(
        _op("acknowledge", _("确认"), (Status.NEW,), Status.ACKNOWLEDGED, reason_optional=True,
            reason_label=_("处置说明(可选)"), style=PRIMARY),
        _op("handle", _("标记已处置"), (Status.ACKNOWLEDGED,), Status.HANDLED, reason_required=True,
            reason_label=_("处置结果(必填)"), style=PRIMARY),
        _op("dismiss", _("排除"), (Status.NEW, Status.ACKNOWLEDGED), Status.DISMISSED, reason_required=True,
            reason_label=_("排除理由(必填)"), style=DANGER),
    ),
))
