"""The policy supermarket's demo data: the seed policies, the data feeds the registry lacks (税务研发数据,
失信名单, enterprises' declarations), one matching run, 免申即享 lists, and applications in every state.
Reproducible from the seed; a few seconds for the default city."""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from yingshang.core import clock
from yingshang.core.models import Enterprise, User

from . import matchstore, services
from .models import EnterpriseFact, MatchSet, PolicyApplication, PolicyItem
from .seeds import load_seed_policies

DEMO_PDF = b"%PDF-1.4\n% demo material\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{name}.pdf", DEMO_PDF, content_type="application/pdf")


def _synthetic_facts(rng: np.random.Generator) -> list[tuple[int, str, float | None, bool | None, str]]:
    """Feeds the registry lacks, drawn like reality: R&D shares for tech firms (mostly from the tax bureau's
    加计扣除 data, some self-declared), shipping and project declarations (the 失信 list is the credit app's)."""
    rows = []
    enterprises = list(Enterprise.objects.values_list("id", "industry__parent_id", "industry_id", "kind"))
    draws = rng.random((len(enterprises), 6))
    for (enterprise_id, section, industry, kind), draw in zip(enterprises, draws):
        tech = section in ("C", "I", "M") and kind == "enterprise"
        if tech and draw[0] < 0.35:
            share = round(float(rng.gamma(2.0, 1.8)), 2)
            rows.append((enterprise_id, "rd_share", share, None, "tax" if draw[1] < 0.7 else "self_declared"))
        if industry == "55" and draw[3] < 0.6:
            rows.append((enterprise_id, "fleet_capacity", round(float(rng.uniform(0.5, 40)), 1), None, "self_declared"))
            if draw[4] < 0.3:
                rows.append((enterprise_id, "new_ocean_routes", float(rng.integers(1, 3)), None, "self_declared"))
        if tech and draw[4] < 0.04:
            rows.append((enterprise_id, "national_project", None, True, "self_declared"))
            rows.append((enterprise_id, "national_funding", round(float(rng.uniform(100, 6000)), 0), None, "self_declared"))
        if tech and draw[5] < 0.08:
            rows.append((enterprise_id, "rd_project", None, True, "self_declared"))
    return rows


def _demo_enterprise_facts(enterprise: Enterprise) -> None:
    """The demo user's enterprise has a national project and an R&D share, so 我的可享政策 shows money."""
    services.enterprise_fact_set(actor=None, enterprise=enterprise, key="rd_share", value=4.2, source="tax", evidence="2025年度研发费用加计扣除申报")
    services.enterprise_fact_set(actor=None, enterprise=enterprise, key="national_project", value=True, source="self_declared")
    services.enterprise_fact_set(actor=None, enterprise=enterprise, key="national_funding", value=800, source="self_declared")
    services.enterprise_fact_set(actor=None, enterprise=enterprise, key="rd_project", value=True, source="self_declared")


def _declared_rd_share(rng: np.random.Generator) -> None:
    """A few young tech firms without a certificate declare their R&D share themselves: for the
    培育库 (免申即享) they are invited to a quick application instead of being granted automatically."""
    cutoff = clock.today() - dt.timedelta(days=9 * 365)
    candidates = list(Enterprise.objects.filter(kind="enterprise", industry__parent_id__in=["C", "I", "M"], founded_on__gte=cutoff,
                                                qualifications__isnull=True).exclude(policy_facts__key="rd_share")
                      .order_by("id").values_list("id", flat=True)[:200])
    for enterprise_id in rng.choice(candidates, size=min(3, len(candidates)), replace=False) if candidates else []:
        services.enterprise_fact_set(actor=None, enterprise=Enterprise.objects.get(pk=int(enterprise_id)), key="rd_share",
                                     value=round(float(rng.uniform(3, 8)), 1), source="self_declared", evidence="企业自主申报")


def _applications_in_every_state(rng: np.random.Generator, say) -> int:
    """Walk real applications through the workflow, back-dated with the test clock so that time limits,
    公示 periods and days-to-money are realistic."""
    today = clock.today()
    made = 0
    candidates = {}
    for code in ("DL24-02", "DL24-01", "DL26-01", "DL26-05", "DL24-06", "DL24-07"):
        item = PolicyItem.objects.filter(code=code, status=PolicyItem.Status.PUBLISHED).first()
        if item is None:
            continue
        eligible = matchstore.load_one(item.pk, MatchSet.ELIGIBLE)
        ids = eligible.enterprises[:40].tolist() if eligible is not None else []
        rng.shuffle(ids)
        candidates[code] = (item, ids)
    plan = [
        # (item code, final state, days ago the application was filed)
        ("DL26-01", "confirmed", 60), ("DL26-01", "disbursed", 45), ("DL26-01", "publicized", 12), ("DL26-01", "approved", 20),
        ("DL26-01", "reviewing", 8), ("DL26-01", "submitted", 2), ("DL26-01", "returned", 6), ("DL26-01", "rejected", 15),
        ("DL26-01", "withdrawn", 3), ("DL26-01", "submitted", 20),
        ("DL24-02", "confirmed", 90), ("DL24-02", "disbursed", 70), ("DL24-02", "reviewing", 5), ("DL24-02", "submitted", 1),
        ("DL24-01", "confirmed", 80), ("DL24-01", "publicized", 15), ("DL24-01", "reviewing", 30),
        ("DL26-05", "confirmed", 40), ("DL26-05", "submitted", 4), ("DL24-06", "confirmed", 50), ("DL24-07", "reviewing", 9),
    ]
    used: set[tuple[str, int]] = set()
    for code, final, days_ago in plan:
        if code not in candidates:
            continue
        item, ids = candidates[code]
        start = dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(9, 30))
        version = item.versions.filter(status="published").order_by("-number").first()
        uploads = {m["name"]: _pdf(m["name"]) for m in version.materials if m.get("source") == "upload" and m.get("required", True)}
        application = None
        # Eligibility was matched as of today; the application is back-dated, when a young enterprise may
        # not have qualified yet (成立年限) — such a candidate is skipped, as a real one would be refused.
        for enterprise_id in (e for e in ids if (code, e) not in used):
            used.add((code, enterprise_id))
            enterprise = Enterprise.objects.get(pk=enterprise_id)
            try:
                with clock.frozen_at(start):
                    application = services.application_submit(actor=None, enterprise=enterprise, item=item, uploads=uploads)
                break
            except ValidationError:
                continue
        if application is None:
            continue
        made += 1
        steps = {"submitted": 0, "withdrawn": 0, "returned": 1, "rejected": 1, "reviewing": 1, "approved": 2, "publicized": 3,
                 "disbursed": 4, "confirmed": 5}[final]
        moment = start
        if final == "withdrawn":
            with clock.frozen_at(moment + dt.timedelta(hours=3)):
                services.application_withdraw(actor=None, application=application)
            continue
        if final == "returned":
            with clock.frozen_at(moment + dt.timedelta(days=1)):
                services.application_return(actor=None, application=application, reason="请补充上年度经营情况说明并加盖公章")
            continue
        if steps >= 1:
            moment += dt.timedelta(days=int(rng.integers(1, 4)))
            with clock.frozen_at(moment):
                services.application_accept(actor=None, application=application)
        if final == "rejected":
            with clock.frozen_at(moment + dt.timedelta(days=3)):
                services.application_reject(actor=None, application=application, reason="经核查,申报项目不属于本条款支持范围")
            continue
        if steps >= 2:
            for _ in range(version.review_levels):
                moment += dt.timedelta(days=int(rng.integers(2, 8)))
                with clock.frozen_at(moment):
                    services.application_approve(actor=None, application=application)
        if steps >= 3:
            moment += dt.timedelta(days=int(rng.integers(1, 3)))
            with clock.frozen_at(moment):
                publicity = services.publicity_publish(actor=None, item=item, applications=[application])
            moment = dt.datetime.combine(publicity.ends_on + dt.timedelta(days=int(rng.integers(1, 6))), dt.time(10))
        if steps >= 4 and moment.date() <= today:
            with clock.frozen_at(moment):
                application.refresh_from_db()
                services.application_disburse(actor=None, application=application, voucher_no=f"CZ{moment:%Y%m%d}{application.pk:05d}")
        if steps >= 5 and moment.date() + dt.timedelta(days=2) <= today:
            with clock.frozen_at(moment + dt.timedelta(days=2)):
                services.application_confirm_receipt(actor=None, application=application, satisfaction=int(rng.integers(3, 6)),
                                                     feedback="兑现及时,流程清楚")
    # one 免申即享 list reviewed, publicised and paid out, so the auto channel is shown end to end
    listed = list(PolicyApplication.objects.filter(status=PolicyApplication.Status.LISTED, item__code="DL26-06").order_by("id")[:5])
    for application in listed:
        services.application_approve(actor=None, application=application, comment="免申即享名单审核通过")
    if listed:
        for application in listed:
            application.refresh_from_db()
        services.publicity_publish(actor=None, item=listed[0].item, applications=listed, days=3)
    say(f"  政策申请 {made} 件(覆盖全部状态),免申即享名单 {PolicyApplication.objects.filter(channel='auto').count()} 户")
    return made


def build_demo(*, seed: int = 2026, progress=None) -> str:
    say = progress or (lambda message: None)
    rng = np.random.default_rng(seed + 5)
    if PolicyItem.objects.exists():
        return "政策超市:已有数据,跳过"
    facts = _synthetic_facts(rng)
    services.enterprise_facts_bulk(actor=None, rows=facts, summary={"source": "demo feeds", "rows": len(facts)})
    demo_user = User.objects.filter(username="enterprise").select_related("enterprise").first()
    if demo_user and demo_user.enterprise and not EnterpriseFact.objects.filter(enterprise=demo_user.enterprise, key="national_project").exists():
        _demo_enterprise_facts(demo_user.enterprise)
    _declared_rd_share(rng)
    items = load_seed_policies(actor=None, publish=True)
    run = services.match_all(actor=None)
    made = _applications_in_every_state(rng, say)
    return (f"政策超市:{len(items)} 个条款,补充事实 {len(facts)} 条,匹配 {run.enterprises} 户 × {run.items} 项"
            f"(符合 {run.eligible}、待确定 {run.undetermined}、差一项 {run.near_miss}),申请 {made} 件")
