"""The demo city's 监管执法: inspection items of seven departments with their legal bases, 场景式清单, the
首违不罚 list, inspectors (two of them with logins), and one drawn plan per two departments with a few
records — built through the same services as the pages, so the draws are reproducible from the public files."""

from __future__ import annotations

import datetime as dt

from yingshang.core import clock
from yingshang.core.audit import audited_write
from yingshang.core.auditlog import record
from yingshang.core.demo import DEMO_PASSWORD
from yingshang.core.models import Enterprise, Unit, User
from yingshang.core.services import user_create
from yingshang.core.workflow import run_operation

from . import services
from .models import InspectionItem, InspectionTask, Inspector, MinorViolation, SamplingPlan, Scenario
from .workflow import PLANS

# code, unit, name, legal basis, checklist, industries (GB/T 4754 大类 prefixes; "" = every industry), yearly ratio
ITEMS = [
    ("SCJ-SP-01", "市市场监督管理局", "食品经营安全检查",
     "《中华人民共和国食品安全法》第一百一十条;《食品经营许可和备案管理办法》;国发〔2019〕5号",
     ["食品经营许可证在有效期内并在醒目位置公示", "从业人员持有效健康证明上岗", "进货查验记录和票据留存完整", "食品贮存条件符合要求,无过期食品", "餐饮具清洗消毒设施正常使用"],
     "62,51,52", "0.05"),
    ("SCJ-GS-01", "市市场监督管理局", "营业执照公示与年度报告检查",
     "《企业信息公示暂行条例》;《中华人民共和国市场主体登记管理条例》;国办发〔2015〕58号",
     ["营业执照置于住所或者主要经营场所的醒目位置", "按时报送并公示年度报告", "登记住所与实际经营场所一致"], "", "0.03"),
    ("SCJ-JL-01", "市市场监督管理局", "贸易结算计量器具检查",
     "《中华人民共和国计量法》第九条;《中华人民共和国强制检定的工作计量器具检定管理办法》",
     ["用于贸易结算的计量器具经强制检定合格并在有效期内", "计量器具无改装、无作弊装置"], "51,52,62", "0.03"),
    ("XF-JC-01", "大连市消防救援支队", "消防安全检查",
     "《中华人民共和国消防法》第十六条、第五十三条;《消防监督检查规定》(公安部令第120号)",
     ["疏散通道、安全出口畅通,无锁闭、堵塞", "消防设施、器材完好有效", "明确消防安全责任人并落实防火检查", "员工经消防安全培训"],
     "61,62,52,80,72", "0.05"),
    ("WJ-GG-01", "市卫生健康委员会", "公共场所卫生监督检查",
     "《公共场所卫生管理条例》;《公共场所卫生管理条例实施细则》",
     ["取得公共场所卫生许可证并公示", "从业人员取得健康合格证明", "按规定开展卫生检测并公示结果"], "61,62,80", "0.05"),
    ("HB-PW-01", "市生态环境局", "排污许可执行情况检查",
     "《中华人民共和国环境保护法》第二十四条;《排污许可管理条例》",
     ["按排污许可证规定排放污染物", "按规定开展自行监测并记录", "污染防治设施正常运行"], "25,26,27,30,31,32,33", "0.05"),
    ("HB-YY-01", "市生态环境局", "餐饮服务油烟排放检查",
     "《中华人民共和国大气污染防治法》第八十一条",
     ["安装油烟净化设施并保持正常使用", "油烟达标排放"], "62", "0.03"),
    ("YJ-AQ-01", "市应急管理局", "工贸企业安全生产检查",
     "《中华人民共和国安全生产法》第六十五条;《工贸企业重大事故隐患判定标准》(应急管理部令第10号)",
     ["建立全员安全生产责任制", "开展安全生产教育和培训并记录", "重大危险源登记建档并监控", "隐患排查治理记录完整"],
     "13,14,17,22,26,29,30,31,32,33,34", "0.05"),
    ("JT-YS-01", "市交通运输局", "道路运输经营检查",
     "《中华人民共和国道路运输条例》;《道路货物运输及站场管理规定》",
     ["持有有效的道路运输经营许可证", "营运车辆持有效道路运输证并按期年审", "驾驶员持从业资格证"], "54", "0.05"),
]

SCENARIOS = [
    ("CJ-CY", "餐饮店", "62", ["SCJ-SP-01", "XF-JC-01", "WJ-GG-01", "HB-YY-01"]),
    ("CJ-ZS", "宾馆酒店", "61", ["XF-JC-01", "WJ-GG-01", "SCJ-GS-01"]),
    ("CJ-HG", "化工企业", "26", ["YJ-AQ-01", "HB-PW-01", "XF-JC-01"]),
]

MINOR = [
    ("SCJ-M01", "市市场监督管理局", "未将营业执照置于住所或者主要经营场所的醒目位置(首次,当场改正)",
     "《中华人民共和国行政处罚法》第三十三条;《辽宁省市场监管领域轻微违法行为不予处罚清单》", 5),
    ("SCJ-M02", "市市场监督管理局", "食品经营许可证未在经营场所醒目位置公示(首次)",
     "《中华人民共和国行政处罚法》第三十三条", 5),
    ("SCJ-M03", "市市场监督管理局", "从业人员健康证明过期未及时更换(首次,危害后果轻微)",
     "《中华人民共和国行政处罚法》第三十三条", 10),
    ("XF-M01", "大连市消防救援支队", "消防设施、器材未保持完好有效,首次发现且当场改正",
     "《中华人民共和国行政处罚法》第三十三条", 3),
    ("WJ-M01", "市卫生健康委员会", "未按规定公示卫生检测结果(首次)", "《中华人民共和国行政处罚法》第三十三条", 5),
]

INSPECTORS = {  # unit → names (certificate numbers are generated: 21 + unit code digits + sequence)
    "市市场监督管理局": ["王建国", "李晓红", "张伟", "刘洋", "陈静"],
    "大连市消防救援支队": ["赵磊", "孙鹏", "周敏", "吴强"],
    "市卫生健康委员会": ["郑丽", "冯涛", "何芳"],
    "市生态环境局": ["高峰", "林波", "许静"],
    "市应急管理局": ["马超", "罗军", "梁雪"],
    "市交通运输局": ["宋海", "唐宁", "韩明"],
}
LOGINS = [("inspector_scj", "市市场监督管理局", 0), ("inspector_scj2", "市市场监督管理局", 1), ("inspector_xf", "大连市消防救援支队", 0)]
DEMO_SEED = "2026-11-30 深证成指收盘 11523.47"


def _unit(name: str) -> Unit:
    return Unit.objects.get(name=name, is_active=True)


def build_catalogue() -> dict[str, InspectionItem]:
    items = {}
    for code, unit, name, basis, checklist, industries, ratio in ITEMS:
        items[code] = services.item_save(actor=None, unit=_unit(unit), code=code, name=name, legal_basis=basis, checklist=checklist,
                                         industries=industries, yearly_ratio=ratio)
    with audited_write(None):
        for code, name, industries, codes in SCENARIOS:
            scenario = Scenario(code=code, name=name, industries=industries)
            scenario.save()
            scenario.items.set([items[c] for c in codes])
            record("supervision.scenario.create", scenario, after=scenario.audit_snapshot() | {"items": codes})
        for code, unit, title, basis, days in MINOR:
            violation = MinorViolation(code=code, unit=_unit(unit), title=title, legal_basis=basis, rectify_days=days)
            violation.save()
            record("supervision.minorviolation.create", violation, after=violation.audit_snapshot())
    return items


def build_inspectors(today: dt.date) -> list[tuple[str, str, str]]:
    logins = []
    with audited_write(None):
        for unit_name, names in INSPECTORS.items():
            unit = _unit(unit_name)
            for n, name in enumerate(names, start=1):
                inspector = Inspector(name=name, unit=unit, certificate_no=f"21{unit.code[1:]}{n:05d}",
                                      valid_until=today + dt.timedelta(days=365 * 2 if n != len(names) else 30))
                inspector.save()
                record("supervision.inspector.create", inspector, after=inspector.audit_snapshot())
        for username, unit_name, index in LOGINS:
            inspector = Inspector.objects.filter(unit__name=unit_name).order_by("certificate_no")[index]
            user = user_create(actor=None, username=username, password=DEMO_PASSWORD, role=User.Role.HANDLER,
                               display_name=inspector.name, unit=inspector.unit, phone="13900000000")
            before = inspector.audit_snapshot()
            inspector.user = user
            inspector.save()
            record("supervision.inspector.update", inspector, before=before, after=inspector.audit_snapshot())
            logins.append((username, "执法人员", unit_name))
    return logins


def draw_plan(unit_name: str, title: str, codes: list[str], today: dt.date, seed: str = DEMO_SEED) -> SamplingPlan:
    unit = _unit(unit_name)
    plan = services.plan_create(actor=None, unit=unit, title=title, items=InspectionItem.objects.filter(code__in=codes),
                                period_start=today, period_end=today + dt.timedelta(days=90),
                                ratios={"A": "0", "B": "0.1", "C": "0.3", "D": "0.5"},
                                seed_source="名录公示后第一个交易日深圳证券交易所成份指数收盘值")
    for operation, data in (("publish_frame", {}), ("enter_seed", {"seed": seed}), ("draw", {})):
        run_operation(PLANS, plan, operation, None, data)
    return plan


def build_demo(*, seed: int = 2026, progress=None) -> str:
    say = progress or (lambda message: None)
    today = clock.today()
    if not Enterprise.objects.exists():
        return "监管执法:无经营主体,跳过"
    build_catalogue()
    logins = build_inspectors(today)
    food = draw_plan("市市场监督管理局", "餐饮食品安全双随机抽查", ["SCJ-SP-01", "SCJ-GS-01"], today)
    fire = draw_plan("大连市消防救援支队", "人员密集场所消防安全双随机抽查", ["XF-JC-01"], today)
    merged = services.merge_plans(actor=None, plans=[food, fire])
    say(f"监管执法:综合查一次合并 {merged['separate_visits']} 次入企为 {merged['tasks']} 个任务(联合 {merged['joint_tasks']})")
    _record_examples(food)
    accounts = ",".join(f"{u}({unit})" for u, _role, unit in logins)
    return f"监管执法:检查事项 {len(ITEMS)} 项,抽查计划 2 个,检查任务 {InspectionTask.objects.count()} 个;执法人员演示账号 {accounts},密码 {DEMO_PASSWORD}"


def _record_examples(plan: SamplingPlan) -> None:
    """Two visits done: one without problems, one minor first violation (首违不罚); both results public."""
    tasks = [t for t in plan.tasks.filter(state=InspectionTask.State.PLANNED).order_by("code") if t.inspectors.filter(user__isnull=False).exists()][:2]
    violation = MinorViolation.objects.filter(code="SCJ-M01").first()
    for n, task in enumerate(tasks):
        inspector = task.inspectors.filter(user__isnull=False).first()
        token = services.task_token(task)
        services.start_inspection(actor=inspector.user, task=task, token=token)
        task.refresh_from_db()
        lines = {f"{item.code}:{i}": "pass" for item in task.items.all() for i in range(len(item.checklist))}
        failing = next((k for k in lines if k.startswith("SCJ-GS-01")), None)
        if n == 1 and failing:
            lines[failing] = "fail"
        services.record_check(actor=inspector.user, task=task, token=token, results=lines,
                              problems="营业执照未悬挂于经营场所醒目位置,已当场改正" if n == 1 else "",
                              minor_violation=violation if n == 1 else None)
        task.refresh_from_db()
        services.task_act(actor=None, task=task, operation="publish", data={"version": task.version})
