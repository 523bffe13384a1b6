"""Plan importer: turns a 营商环境 action plan (.txt/.docx/.pdf/.html) into a tree of items.

Pure Python (no Django), so the ``plans`` app, the CLI and tests can all call it::

    from yingshang.plans.parsing import parse_plan, PlanParseError
    plan = parse_plan("plan.docx", resolve_unit=lookup)

The output is documented in docs/plans-import-schema.md.
"""

from .api import SCHEMA_VERSION, iter_items, parse_plan, parse_text
from .errors import PlanParseError

__all__ = ["SCHEMA_VERSION", "PlanParseError", "iter_items", "parse_plan", "parse_text"]
