"""Demo data of the credit app (a demo step, scaled by core.modules.demo_scale()): penalties, a few
blacklisted enterprises, tax levels, one evaluation run, a pending repair application of the demo enterprise
user, and two arrears complaints in different states. Reproducible from the seed; volumes follow the
registry's size (the test city's 400 enterprises: well under a second)."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

import numpy as np
from django.core.files.uploadedfile import SimpleUploadedFile

from yingshang.core import clock
from yingshang.core.audit import audited_write
from yingshang.core.auditlog import record_bulk
from yingshang.core.models import Enterprise, Unit, User

from . import services
from .models import BlacklistEntry, Penalty, TaxCredit

DEMO_PDF = b"%PDF-1.4\n% demo evidence\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
MATTERS = ["未按规定公示年度报告", "销售不符合食品安全标准的食品", "未取得许可从事经营活动", "虚假宣传", "安全生产隐患未整改",
           "违反价格管理规定", "未按规定办理环境影响评价", "使用未经检验的特种设备"]
UNIT_NAMES = ["市市场监督管理局", "市住房和城乡建设局", "市交通运输局", "国家税务总局大连市税务局"]


def _unit(name: str) -> Unit | None:
    return Unit.objects.filter(name=name).first()


def demo_step(seed: int, progress=None) -> str:
    say = progress or (lambda message: None)
    started = time.perf_counter()
    rng = np.random.default_rng(seed + 15)
    today = clock.today()
    admin = User.objects.filter(username="admin").first()
    units = [u for u in (_unit(name) for name in UNIT_NAMES) if u is not None]
    if not units:
        return "信用:无演示单位,跳过"
    services.ensure_model(admin)
    enterprise_user = User.objects.filter(username="enterprise").select_related("enterprise").first()
    demo_enterprise = enterprise_user.enterprise if enterprise_user else None
    ids = np.array(Enterprise.objects.filter(kind="enterprise").order_by("pk").values_list("pk", flat=True))
    if demo_enterprise is not None:
        ids = ids[ids != demo_enterprise.pk]
    n_penalties = max(int(len(ids) * 0.08), 12)  # about 8% of the enterprises have a penalty on record
    penalised = rng.choice(ids, size=min(n_penalties, len(ids)), replace=False)
    penalties = []
    for k, pk in enumerate(penalised.tolist()):
        decided = today - dt.timedelta(days=int(rng.integers(10, 900)))
        penalties.append(Penalty(enterprise_id=pk, unit=units[k % len(units)], decision_no=f"连罚〔{decided.year}〕{k + 1:05d}号",
                                 decided_on=decided, matter=MATTERS[k % len(MATTERS)],
                                 severity=Penalty.Severity.SERIOUS if rng.random() < 0.1 else Penalty.Severity.ORDINARY,
                                 amount=Decimal(int(rng.integers(1, 200)) * 1000)))
    blacklisted = penalised[: max(len(penalised) // 60, 3)].tolist()
    taxed = rng.choice(ids, size=int(len(ids) * 0.4), replace=False).tolist()  # the tax bureau rates about 40%
    levels = rng.choice(np.array(list("ABMCD")), size=len(taxed), p=[0.3, 0.45, 0.15, 0.07, 0.03])
    with audited_write(admin):
        Penalty.objects.bulk_create(penalties, batch_size=2000)
        record_bulk("credit.penalty.generate", Penalty, count=len(penalties), summary={"demo": True})
        entries = [BlacklistEntry(enterprise_id=pk, unit=units[0], listed_on=today - dt.timedelta(days=60),
                                  reason="拒不履行行政处罚决定", basis="《市场监督管理严重违法失信名单管理办法》") for pk in blacklisted]
        BlacklistEntry.objects.bulk_create(entries)
        record_bulk("credit.blacklist_entry.generate", BlacklistEntry, count=len(entries), summary={"demo": True})
        TaxCredit.objects.bulk_create([TaxCredit(enterprise_id=pk, year=today.year - 1, level=str(level)) for pk, level in zip(taxed, levels)],
                                      batch_size=2000)
        record_bulk("credit.tax_credit.generate", TaxCredit, count=len(taxed), summary={"demo": True})
    say(f"信用:行政处罚 {len(penalties)} 条,失信名单 {len(entries)} 个,纳税信用级别 {len(taxed)} 个")
    pending = ""
    if demo_enterprise is not None and enterprise_user is not None:
        # The demo enterprise has one penalty and a repair application waiting for the 市场监管局 (handler_scj).
        penalty = services.penalty_create(actor=admin, enterprise=demo_enterprise, unit=units[0], decision_no=f"连市监罚〔{today.year}〕00001号",
                                          decided_on=today - dt.timedelta(days=120), matter="未按规定公示年度报告", recompute=False)
        services.repair_apply(actor=enterprise_user, record_obj=penalty, statement="已补报并公示年度报告,罚款已缴清。",
                              files=[SimpleUploadedFile("罚款缴纳凭证.pdf", DEMO_PDF, content_type="application/pdf")])
        pending = ",演示企业有一件待审核的信用修复申请"
        _demo_arrears(admin, enterprise_user, demo_enterprise)
    run = services.run_evaluation(actor=admin)
    say(f"信用:评价 {run.enterprises} 个经营主体{pending},用时 {time.perf_counter() - started:.1f} 秒")
    return f"信用评价 {run.enterprises} 个"


def _demo_arrears(admin, enterprise_user, enterprise) -> None:
    """Two complaints: one waiting for verification, one verified with a plan and a first instalment paid."""
    debtor = _unit("甘井子区财政局") or _unit("市住房和城乡建设局")
    services.arrears_submit(actor=enterprise_user, enterprise=enterprise, debtor_unit=_unit("市住房和城乡建设局"), debtor_enterprise=None,
                            debtor_name="", contract="市政道路维修工程(2024)尾款", amount=Decimal("380000"))
    complaint = services.arrears_submit(actor=enterprise_user, enterprise=enterprise, debtor_unit=debtor, debtor_enterprise=None, debtor_name="",
                                        contract="区政务服务中心信息化设备采购合同", amount=Decimal("126000"))
    services.arrears_act(actor=admin, complaint=complaint, operation="verify", data={"amount_verified": "120000", "reason": "合同及验收单据核实无误"})
    today = clock.today()
    services.arrears_act(actor=admin, complaint=complaint, operation="plan", data={"first_due": today.isoformat(), "instalments": "3",
                                                                                  "reason": "分三期按月支付"})
    services.arrears_act(actor=admin, complaint=complaint, operation="pay", data={"amount": "40000", "paid_on": today.isoformat()})
