"""The workflows of insights, for the kernel's registry (core.workflow.registered() imports ``<app>.workflow``).

Each feature keeps its spec in its own subpackage; this module only makes them known.
"""

from .warnings.workflow import WARNINGS

__all__ = ["WARNINGS"]
