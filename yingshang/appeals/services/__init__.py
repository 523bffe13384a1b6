"""Writes of the appeals hub, split along their seams. Each service is one audited transaction (core/audit.py).

- ``intake``: ``appeal_submit`` validates, classifies, routes and maybe dispatches a new appeal;
- ``loop``: every later step goes through ``appeal_act`` (the closed loop);
- ``taxonomy``: the versioned label tree;
- ``configuration``: hub settings, routing table, classifier versions and time limits (the working calendar is
  core's: core/calendar_services.py);
- ``reminders``: time limits about to run out;
- ``validation``: shared checks and resolution of intake values.

Callers import the services from this package (``from yingshang.appeals import services``).
"""

from .configuration import (  # noqa: F401
    classifier_activate, classifier_register, hub_settings, hub_settings_cached,
    hub_settings_update, routing_install_defaults, routing_rule_delete, routing_rule_save, sla_policy_update,
)
from .intake import (  # noqa: F401
    ATTACHMENT_SUFFIXES, INTAKE, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, IdempotencyConflict, IntakeResult, appeal_submit,
    earlier_appeals_of_same_callers,
)
from .loop import appeal_act  # noqa: F401
from .reminders import send_reminders  # noqa: F401
from .taxonomy import (  # noqa: F401
    connection_lacks_returning, label_add, label_remove, label_rename, taxonomy_draft, taxonomy_install, taxonomy_publish,
)
from .validation import clean_content, normalize_phone  # noqa: F401
