"""How the plans module's objects reach a reader's scope (core.scope): a plan through the units of its
tasks, a task, report or evidence file through the task's unit. Capabilities stay in apps.py."""

from __future__ import annotations

from yingshang.core.scope import scoped

from .models import Evidence, Plan, ProgressReport, Task

scoped(Plan, unit="tasks__unit", many=True)
scoped(Task, unit="unit")
scoped(ProgressReport, unit="task__unit")
scoped(Evidence, unit="report__task__unit")
