"""Boundaries as code: the import-linter contracts of pyproject.toml hold, and they do catch a breach.

`make test` runs `lint-imports` before the suite; this test runs it too, so that a broken contract shows
up in a plain `pytest` run with the linter's own explanation.
"""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
import pytest
from importlinter.configuration import configure
from importlinter.contracts.forbidden import ForbiddenContract
from importlinter.contracts.independence import IndependenceContract
from importlinter.contracts.layers import LayersContract

configure()  # import-linter's adapters (timer, printer), as its command line sets them up

ROOT = Path(__file__).resolve().parents[3]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
CONTRACT_TYPES = {"layers": LayersContract, "independence": IndependenceContract, "forbidden": ForbiddenContract}


def _as_read(options: dict) -> dict:
    """The options as import-linter's own TOML reader hands them to a contract (booleans as text)."""
    return {key: str(value).lower() if isinstance(value, bool) else value for key, value in options.items()}


def _contract(contract_id: str):
    options = _as_read(next(c for c in CONFIG["contracts"] if c["id"] == contract_id))
    return CONTRACT_TYPES[options["type"]](name=options["name"], session_options=_as_read({**CONFIG, "root_packages": [CONFIG["root_package"]]}), contract_options=options)


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph(CONFIG["root_package"], exclude_type_checking_imports=CONFIG["exclude_type_checking_imports"], cache_dir=None)


def test_every_contract_is_kept():
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    argv = [command] if command else [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()"]
    result = subprocess.run([*argv, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert f"Contracts: {len(CONFIG['contracts'])} kept, 0 broken." in output, output


@pytest.mark.parametrize(("contract_id", "importer", "imported"), [
    ("layers", "yingshang.core.selectors", "yingshang.plans.models"),                      # the kernel reaching up
    ("independence", "yingshang.plans.services", "yingshang.appeals.kpis"),                 # one domain app into another
    ("insights-reads-published-api", "yingshang.insights.cockpit.selectors", "yingshang.appeals.models"),
    ("insights-reads-published-api", "yingshang.insights.duplicates.services", "yingshang.appeals.services"),
    ("insights-reads-published-api", "yingshang.insights.reports.services", "yingshang.policies.models"),
])
def test_a_breach_breaks_its_contract(graph, contract_id, importer, imported):
    contract = _contract(contract_id)
    assert contract.check(copy.deepcopy(graph), verbose=False).kept  # the code as it is keeps it
    breached = copy.deepcopy(graph)
    breached.add_import(importer=importer, imported=imported, line_number=1, line_contents=f"import {imported}")
    assert not contract.check(breached, verbose=False).kept


def test_the_published_reads_stay_allowed(graph):
    """Insights may import appeals' selectors and its published interface. (Tests that set up data across apps
    live in the top-level tests/ folder, outside the analysed package: the contracts need no exceptions.)"""
    contract = _contract("insights-reads-published-api")
    allowed = copy.deepcopy(graph)
    allowed.add_import(importer="yingshang.insights.cockpit.selectors", imported="yingshang.appeals.selectors", line_number=1, line_contents="")
    allowed.add_import(importer="yingshang.insights.cockpit.selectors", imported="yingshang.appeals.public", line_number=1, line_contents="")
    assert contract.check(allowed, verbose=False).kept


PUBLISHED = {"yingshang.appeals.selectors", "yingshang.appeals.public", "yingshang.plans.selectors", "yingshang.policies.selectors",
             "yingshang.credit.selectors", "yingshang.supervision.selectors", "yingshang.affairs.selectors"}
READ_APPS = ("appeals", "plans", "policies", "credit", "supervision", "affairs")


def test_every_unpublished_module_of_the_read_apps_is_forbidden_to_insights(graph):
    """A new module of appeals, plans or policies is forbidden to insights until it is listed as published."""
    options = next(c for c in CONFIG["contracts"] if c["id"] == "insights-reads-published-api")
    forbidden = set(options["forbidden_modules"])
    children = {m for app in READ_APPS for m in graph.find_children(f"yingshang.{app}")}
    missing = children - forbidden - PUBLISHED - {f"yingshang.{app}.tests" for app in READ_APPS}
    assert not missing, f"请把这些模块加入 pyproject.toml 的 forbidden_modules(或确认它们是公开的读取接口):{sorted(missing)}"
    assert not forbidden & PUBLISHED and forbidden <= children


def test_no_contract_needs_an_exception():
    """Contracts hold without ignored imports: a rule with exceptions would hide the next breach."""
    assert all("ignore_imports" not in contract for contract in CONFIG["contracts"])
