"""Demo data of the appeals hub: the default taxonomy and routing table, a year of the city's appeals
and a first classifier trained on them.

Appeals come from the classifier package's synthetic generator (text and label), are placed in the
city's districts and streets, routed through the routing table and walked through the closed loop with
realistic delays on the working calendar: older appeals are archived, recent ones stand in every state
(受理 to 归档, with returns, re-dispatches, extensions, 督办, bad ratings and 重办, merges). Everything
derives from the seed; times are laid out backwards from "now", so the overdue lists stay current.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
from collections import Counter
from pathlib import Path

import numpy as np
from django.conf import settings
from django.utils import timezone

from yingshang.core import clock
from yingshang.core.audit import audited_write
from yingshang.core.auditlog import record_bulk
from yingshang.core.demo import DISTRICT_WEIGHTS, GIVEN, SURNAMES
from yingshang.core.models import Division, Enterprise, Unit

from . import services, suggest, taxonomy
from .models import Appeal, AppealEvent, Dispatch, RoutingRule
from .routing import Router
from .routing_eval import history_rows
from yingshang.core.workcalendar import WorkCalendar

from .sla import PolicyBook
from .workflow import State

MIN_APPEALS, MAX_APPEALS = 1500, 4000
# A scaled-down city (the test city, core.modules.demo_scale) has too little history to learn ~340
# labels from; its training set is topped up with more synthetic history from the same generator.
MIN_TRAINING = 1000
# The classifier's training time grows with its sample; beyond this the demo's model gains little.
MAX_TRAINING = 1200
CHANNELS = {"hotline": 60, "web": 14, "app": 10, "mailbox": 3, "enterprise_line": 8, "monitor": 5}
TYPES = {"complaint": 40, "help": 20, "consult": 18, "report": 8, "suggestion": 11, "praise": 3}
URGENCIES = {"normal": 93, "urgent": 6, "critical": 1}
RATINGS = {5: 45, 4: 30, 3: 13, 2: 8, 1: 4}
# District branches take some matters from the city departments (权责清单 of the districts).
DISTRICT_RULES = {"拖欠账款": "{district}财政局", "环境保护": "{district}生态环境分局"}


def appeal_count() -> int:
    """A year of appeals in proportion to the city (about one per three 经营主体), within bounds, times
    the demo scale (1.0 for `yingshang demo`, small for the test city)."""
    from yingshang.core.modules import demo_scale

    full = min(MAX_APPEALS, max(MIN_APPEALS, Enterprise.objects.count() // 3))
    return max(60, round(full * demo_scale()))


def demo_step(seed: int, progress=None) -> str:
    say = progress or (lambda message: None)
    started = time.perf_counter()
    if not taxonomy.TAXONOMY_CSV.exists():
        return "诉求:未找到默认标签体系 yingshang/appeals/data/taxonomy.csv,跳过诉求演示数据"
    summary = install_reference_data()
    handlers = ensure_unit_handlers()
    if handlers:
        say(f"为 {handlers} 个派单单位各建一名办理员(用户名 handler_<单位编码>,密码同其他演示账号)")
    try:
        from .classification.synthetic import generate_appeals
    except ImportError:
        return f"诉求:{summary};分类器包未安装,跳过诉求与模型的演示数据"
    rng = np.random.default_rng(seed + 311)
    count = appeal_count()
    made = generate_year(count, rng, generate_appeals)
    say(f"诉求 {made} 条(一年,覆盖全部办理状态)")
    model_line = train_demo_model(seed, generate_appeals)
    say(model_line)
    attach_queue_suggestions()
    reminders = services.send_reminders()
    return f"诉求:{summary};{made} 条诉求;{model_line};提醒 {reminders['overdue'] + reminders['soon']} 条;用时 {time.perf_counter() - started:.1f} 秒"


def install_reference_data() -> str:
    """The default taxonomy and routing table (also `yingshang appeals load-defaults`)."""
    parts = []
    if taxonomy.current_version() is None:
        version = services.taxonomy_install(actor=None, paths=taxonomy.read_taxonomy_csv(), note="默认标签体系(12345 常见领域 + 营商环境/涉企)")
        parts.append(f"标签体系 v{version.number}({version.labels.filter(is_leaf=True).count()} 个末级标签)")
    if taxonomy.ROUTING_CSV.exists():
        saved, problems = services.routing_install_defaults(actor=None, rows=taxonomy.read_routing_csv())
        parts.append(f"派单规则 {saved} 条" + (f"(未能载入 {len(problems)} 条)" if problems else ""))
        parts.append(f"区县派单规则 {_district_rules()} 条")
    return ",".join(parts) or "参考数据已存在"


def ensure_unit_handlers() -> int:
    """A handler account for every unit the routing rules name that has none, so that whatever the routing
    suggests can be signed for and handled in the demo (handler_u042 for 市营商局 …). One password hash
    for all of them: they share the demo password."""
    from django.contrib.auth.hashers import make_password

    from yingshang.core.demo import DEMO_PASSWORD
    from yingshang.core.models import User
    from yingshang.core.services import user_create

    covered = set(User.objects.filter(role=User.Role.HANDLER, unit__isnull=False).values_list("unit_id", flat=True))
    units = Unit.objects.filter(pk__in=RoutingRule.objects.values("unit_id")).exclude(pk__in=covered).order_by("code")
    hashed = None
    made = 0
    for unit in units:
        username = f"handler_{unit.code.lower()}"
        if User.objects.filter(username=username).exists():
            continue
        hashed = hashed or make_password(DEMO_PASSWORD)
        user_create(actor=None, username=username, password="", hashed_password=hashed, role=User.Role.HANDLER,
                    display_name=f"{unit.name}办理员", unit=unit, phone="13900000000")
        made += 1
    return made


def _district_rules() -> int:
    from yingshang.core.selectors import unit_resolve

    labels = taxonomy.current_labels()
    made = 0
    governments = Unit.objects.filter(kind=Unit.Kind.DISTRICT_GOV, division__is_pilot_zone=False).select_related("division")
    for keyword, template in DISTRICT_RULES.items():
        prefixes = sorted({path for path in labels if path.split("/")[-1] == keyword and labels[path].level <= 2})
        for prefix in prefixes:
            for government in governments:
                unit = next(iter(unit_resolve(template.format(district=government.division.name), within=government)), None)
                if unit is None or RoutingRule.objects.filter(label_prefix=prefix, district=government.division).exists():
                    continue
                services.routing_rule_save(actor=None, label_prefix=prefix, unit=unit, district=government.division, note="区县权责清单(演示)")
                made += 1
    return made


# --- a year of appeals -----------------------------------------------------------------------------------

def _pick(rng, weights: dict, size: int):
    keys = list(weights)
    p = np.array(list(weights.values()), dtype=float)
    return [keys[i] for i in rng.choice(len(keys), size=size, p=p / p.sum())]


class _Life:
    """One appeal walked through the loop; collects its events and dispatches."""

    def __init__(self, appeal: Appeal, now, calendar: WorkCalendar, limits, rng):
        self.a, self.now, self.cal, self.limits, self.rng = appeal, now, calendar, limits, rng
        self.events: list[AppealEvent] = []
        self.dispatches: list[Dispatch] = []
        self.t = appeal.accepted_at
        # A showcase appeal stops once it reaches this state, so that the demo holds every state of the loop
        # whatever day it is built on (see _showcase).
        self.stop_at: str | None = None

    def hours(self, low, high) -> dt.datetime:
        return self.cal.add_working_hours(self.t, float(self.rng.uniform(low, high)))

    def step(self, when, action, to_state, *, unit=None, note="", data=None) -> bool:
        """Record the step if it happened before now; False means the appeal's life stops here."""
        if when > self.now or (self.stop_at is not None and self.a.state == self.stop_at):
            return False
        self.events.append(AppealEvent(appeal=self.a, action=action, from_state=self.a.state, to_state=to_state, at=when,
                                       unit=unit or self.a.unit, note=note, data=data or {}))
        self.a.state, self.t = to_state, when
        return True

    def dispatch(self, when, unit, *, automatic=False) -> bool:
        if not self.step(when, "dispatch", State.DISPATCHED, unit=unit, data={"unit": unit.name, "automatic": automatic}):
            return False
        a = self.a
        a.unit = unit
        if a.dispatched_at is None:
            a.dispatched_at, a.dispatched_on_time = when, when <= a.dispatch_due
            a.feedback_due = self.cal.add(when, *self.limits.feedback)
        a.dispatch_due = None
        self.dispatches.append(Dispatch(appeal=a, unit=unit, label_path=a.label.path, district=a.district, at=when, automatic=automatic))
        return True

    def end_dispatch(self, outcome, when, reason=""):
        self.dispatches[-1].outcome, self.dispatches[-1].outcome_at, self.dispatches[-1].reason = outcome, when, reason

    def feedback(self, when):
        if self.a.first_feedback_at is None:
            self.a.first_feedback_at, self.a.feedback_on_time = when, when <= self.a.feedback_due


def generate_year(count: int, rng, generate_appeals) -> int:
    now = clock.now()
    calendar, policies = WorkCalendar.load(), PolicyBook.load()
    router = Router.load()
    labels = taxonomy.current_labels()
    districts = {d.code: d for d in Division.objects.filter(code__in=DISTRICT_WEIGHTS)}
    streets: dict[str, list[Division]] = {}
    for street in Division.objects.filter(level=Division.Level.STREET, parent__code__in=DISTRICT_WEIGHTS).select_related("parent"):
        streets.setdefault(street.parent.code, []).append(street)
    weights = np.array([DISTRICT_WEIGHTS[c] for c in districts], dtype=float)
    district_codes = list(districts)
    per_district = rng.multinomial(count, weights / weights.sum())
    samples: list[tuple[str, str, Division]] = []
    for code, n in zip(district_codes, per_district):
        places = [s.name for s in streets.get(code, [])] or None
        for text, label_path in generate_appeals(int(n), rng, places=places):
            samples.append((text, label_path, districts[code]))
    order = rng.permutation(len(samples))
    samples = [samples[i] for i in order]
    enterprises_by_district: dict[int, list[Enterprise]] = {}
    for enterprise in Enterprise.objects.filter(kind="enterprise").order_by("id")[:3000]:
        enterprises_by_district.setdefault(enterprise.district_id, []).append(enterprise)
    fallback_units = {g.division_id: g for g in Unit.objects.filter(kind=Unit.Kind.DISTRICT_GOV)}
    hotline_alternative = Unit.objects.filter(name="市城市管理局").first()
    n = len(samples)
    # Hours before now, oldest first: spread over the year, with one in sixteen in the last 12 days so
    # that even a small city has appeals still moving through the loop.
    recent = rng.random(n) < 0.06
    ages = np.sort(np.where(recent, rng.uniform(0, 12 * 24, n), rng.uniform(0, 365 * 24, n)))[::-1]
    channels, types, urgencies = _pick(rng, CHANNELS, n), _pick(rng, TYPES, n), _pick(rng, URGENCIES, n)
    phones = rng.integers(10**8, 10**9, n)
    appeals, lives = [], []
    used = set()
    for i, (text, label_path, district) in enumerate(samples):
        label = labels.get(label_path)
        if label is None:
            continue
        accepted = now - dt.timedelta(hours=float(ages[i]))
        local = timezone.localtime(accepted)
        accepted = local.replace(hour=int(7 + rng.integers(0, 14)), minute=int(rng.integers(0, 60)), second=0, microsecond=0)
        if accepted > now:
            accepted = now - dt.timedelta(minutes=int(rng.integers(5, 90)))
        limits = policies.limits(types[i], urgencies[i])
        street_list = streets.get(district.code) or [None]
        street = street_list[int(rng.integers(0, len(street_list)))]
        is_enterprise = label_path.startswith("营商环境") or channels[i] == "enterprise_line"
        enterprise = None
        if is_enterprise and enterprises_by_district.get(district.pk):
            pool = enterprises_by_district[district.pk]
            enterprise = pool[int(rng.integers(0, len(pool)))]
        tracking_no = f"{timezone.localtime(accepted):%Y%m%d}{int(rng.integers(0, 10**6)):06d}"
        while tracking_no in used:
            tracking_no = f"{timezone.localtime(accepted):%Y%m%d}{int(rng.integers(0, 10**6)):06d}"
        used.add(tracking_no)
        appeal = Appeal(
            tracking_no=tracking_no, channel=channels[i], appeal_type=types[i], urgency=urgencies[i], content=text,
            address=f"{district.name}{street.name if street else ''}", district=district, street=street,
            person_name=SURNAMES[int(phones[i]) % len(SURNAMES)] + GIVEN[int(phones[i] // 7) % len(GIVEN)],
            person_phone=f"1{3 + int(phones[i]) % 7}{int(phones[i]):09d}"[:11], is_confidential=bool(rng.random() < 0.05),
            is_enterprise=is_enterprise, enterprise=enterprise, enterprise_name=enterprise.name if enterprise else "",
            credit_code=enterprise.credit_code if enterprise else "", label=label, state=State.RECEIVED, accepted_at=accepted, triaged_at=accepted,
            dispatch_due=calendar.add(accepted, *limits.dispatch), completion_due=calendar.add(accepted, *limits.completion),
        )
        appeal.created_at = accepted
        life = _Life(appeal, now, calendar, limits, rng)
        life.events.append(AppealEvent(appeal=appeal, action="intake", from_state="", to_state=State.RECEIVED, at=accepted, data={"channel": channels[i]}))
        appeals.append(appeal)
        lives.append(life)
    _repeats_and_merges(appeals, lives, rng)
    _showcase(lives, router, now)
    for life in lives:
        if life.a.state != State.MERGED:
            _live(life, router, fallback_units, hotline_alternative)
    _save(appeals, lives)
    return len(appeals)


# Where the loop's showcase appeals stop, and the least age each needs (on the working calendar, holidays
# and a late completion included) to have got there.
SHOWCASE = ((State.RECEIVED, 0), (State.DISPATCHED, 10), (State.SIGNED, 15), (State.IN_PROGRESS, 20),
            (State.COMPLETED, 60), (State.CALLED_BACK, 60), (State.VERIFIED, 60))


def _showcase(lives: list[_Life], router: Router, now) -> None:
    """Pin one routable appeal to each state of the loop. Random ages alone leave a small city (the test
    city has a few dozen appeals) without, say, a signed one on some days; the demo and its tour need them all.
    Each is the youngest appeal old enough for its state, so the year's shape is unchanged."""
    taken: set[int] = set()
    for state, days in SHOWCASE:
        oldest_allowed = now - dt.timedelta(days=days)
        candidates = [i for i, life in enumerate(lives) if i not in taken and life.a.state == State.RECEIVED
                      and life.a.accepted_at <= oldest_allowed and router.rule_for(life.a.label.path, life.a.district_id) is not None]
        if candidates:
            index = max(candidates, key=lambda i: lives[i].a.accepted_at)
            taken.add(index)
            lives[index].stop_at = state


def _repeats_and_merges(appeals, lives, rng) -> None:
    """Some callers call again about the same matter within a month (一事多诉); a quarter are merged."""
    by_label: dict[int, list[int]] = {}
    for index, appeal in enumerate(appeals):
        earlier = [j for j in by_label.get(appeal.label_id, []) if appeal.accepted_at - appeals[j].accepted_at < dt.timedelta(days=30)]
        if earlier and rng.random() < 0.08:
            first = appeals[earlier[-1]]
            appeal.person_phone, appeal.person_name, appeal.repeat_of = first.person_phone, first.person_name, first
            if rng.random() < 0.25 and appeal.accepted_at + dt.timedelta(hours=1) < lives[index].now:
                life = lives[index]
                life.step(appeal.accepted_at + dt.timedelta(hours=1), "merge", State.MERGED, note=f"与 {first.tracking_no} 为同一事项,合并办理",
                          data={"target": first.tracking_no})
                appeal.merged_into = first
        by_label.setdefault(appeal.label_id, []).append(index)


def _live(life: _Life, router: Router, fallback_units: dict, hotline_alternative) -> None:
    a, rng, cal = life.a, life.rng, life.cal
    rule = router.rule_for(a.label.path, a.district_id)
    if rule is None:
        return  # no unit for this label: it waits for the operator
    amount, measure = life.limits.dispatch
    limit_hours = float(amount) * (8 if measure == "days" else 1)
    factor = rng.uniform(1.1, 3.0) if rng.random() < 0.06 else rng.uniform(0.05, 0.9)  # 6% dispatched late
    if life.stop_at is not None:
        factor = min(factor, 0.9)  # a showcase appeal must get past dispatch whatever holiday precedes today
    dispatch_at = cal.add_working_hours(a.accepted_at, limit_hours * float(factor))
    if not life.dispatch(dispatch_at, rule.unit, automatic=bool(rng.random() < 0.55)):
        return
    if rng.random() < 0.06:  # 退单: the unit says it is not theirs; the hotline re-dispatches
        back = life.hours(0.5, 6)
        if not life.step(back, "return", State.RECEIVED, note="经核实,该事项不属于本单位职责范围"):
            return
        life.end_dispatch(Dispatch.Outcome.RETURNED, back, "不属于本单位职责范围")
        a.return_count += 1
        a.unit = None
        alternative = fallback_units.get(a.district_id) or hotline_alternative or rule.unit
        if not life.dispatch(life.hours(0.2, 3), alternative):
            a.dispatch_due = cal.add(back, *life.limits.dispatch)
            return
    elif rng.random() < 0.03:  # 改派
        other = fallback_units.get(a.district_id) or hotline_alternative
        when = life.hours(0.5, 8)
        if other and other.pk != a.unit_id:
            if not life.step(when, "reassign", State.DISPATCHED, unit=other, note="根据属地管理原则改派", data={"to_unit": other.name}):
                return
            life.end_dispatch(Dispatch.Outcome.REASSIGNED, when, "属地管理")
            a.unit = other
            life.dispatches.append(Dispatch(appeal=a, unit=other, label_path=a.label.path, district=a.district, at=when))
    if not _handle_until_completed(life, first=True):
        return
    rating = int(rng.choice(list(RATINGS), p=np.array(list(RATINGS.values())) / sum(RATINGS.values())))
    if life.stop_at in (State.CALLED_BACK, State.VERIFIED):
        rating = max(rating, 4)  # a showcase of the closing steps, not of a reopening
    if not _callback(life, rating):
        return
    if rating <= 2:
        if not _handle_until_completed(life, first=False):
            return
        if not _callback(life, int(rng.choice([5, 4, 3, 2], p=[0.35, 0.35, 0.2, 0.1]))):
            return
        if a.rating <= 2:
            return  # reopened a second time, still being handled
    if not life.step(life.hours(2, 16), "verify", State.VERIFIED, note="电话核实,办理情况属实"):
        return
    if life.step(life.hours(1, 24), "archive", State.ARCHIVED):
        a.archived_at = life.t


def _handle_until_completed(life: _Life, *, first: bool) -> bool:
    a, rng, cal = life.a, life.rng, life.cal
    if not life.step(life.hours(0.1, 5), "sign", State.SIGNED):
        return False
    life.end_dispatch(Dispatch.Outcome.SIGNED, life.t)
    amount, measure = life.limits.completion
    budget_days = float(amount) if measure == "days" else float(amount) / 8
    late = rng.random() < (0.1 if first else 0.05)
    days = budget_days * (rng.uniform(1.05, 1.8) if late else rng.beta(2, 3) * 0.95)
    completion_at = cal.add_working_days(a.accepted_at if first else life.t, max(days, 0.1))
    if rng.random() < 0.7 or life.stop_at == State.IN_PROGRESS:
        feedback_at = min(cal.add_working_hours(life.t, float(rng.uniform(1, 20))), completion_at - dt.timedelta(minutes=5))
        if feedback_at > life.t and not life.step(feedback_at, "feedback", State.IN_PROGRESS, note="已安排人员现场核查,正在协调处理"):
            _while_open(life)
            return False
        life.feedback(life.t)
    if late and rng.random() < 0.4 and a.completion_due and a.completion_due > life.t:
        until = cal.add_working_days(a.completion_due, 5)
        if life.step(max(a.completion_due - dt.timedelta(hours=6), life.t + dt.timedelta(minutes=5)), "request_extension", a.state, note="涉及多个部门,需协调后处理", data={"until": until.isoformat()}):
            life.feedback(life.t)
            if life.step(life.hours(1, 4), "approve_extension", a.state, note="同意延期", data={"until": until.isoformat()}):
                a.completion_due = until
            else:
                a.extension_requested_until, a.extension_reason = until, "涉及多个部门,需协调后处理"
                return False
    if not life.step(max(completion_at, life.t + dt.timedelta(minutes=10)), "complete", State.COMPLETED, note=_reply(a)):
        _while_open(life)
        return False
    life.feedback(life.t)
    a.reply = _reply(a)
    a.completed_at, a.completed_on_time = life.t, life.t <= a.completion_due
    return True


def _while_open(life: _Life) -> None:
    """An appeal still at its unit now: overdue ones may have been escalated (督办)."""
    a = life.a
    if a.completion_due and a.completion_due < life.now and life.rng.random() < 0.5:
        when = max(a.completion_due + dt.timedelta(hours=2), life.t + dt.timedelta(minutes=5))
        if life.step(when, "supervise", a.state, note="已超办结时限,请加快办理并及时反馈"):
            a.supervision_count += 1


def _callback(life: _Life, rating: int) -> bool:
    from .models import Rating

    a = life.a
    if not life.step(life.hours(2, 20), "callback", State.CALLED_BACK, data={"rating": rating, "rating_label": str(Rating(rating).label)}):
        return False
    if a.bad_rating_count:
        a.callback_after_bad = True
    a.rating, a.callback_count = rating, a.callback_count + 1
    if rating <= 2:
        a.bad_rating_count += 1
        a.callback_after_bad = False
        life.step(life.t, "reopen", State.DISPATCHED, note=f"回访评价“{Rating(rating).label}”,按规定重办")
        a.reopen_count += 1
        a.completed_at = a.completed_on_time = None
        a.completion_due = life.cal.add(life.t, *life.limits.completion)
        life.dispatches.append(Dispatch(appeal=a, unit=a.unit, label_path=a.label.path, district=a.district, at=life.t))
    return True


def _reply(appeal: Appeal) -> str:
    matter = appeal.label.path.split("/")[-1] if appeal.label_id else "您反映的问题"
    return f"您好!关于您反映的“{matter}”问题,{appeal.unit.name if appeal.unit_id else '承办单位'}已安排专人核查处理,现已办结。感谢您的监督。"


def _save(appeals: list[Appeal], lives: list[_Life]) -> None:
    with audited_write(None):
        merged_targets = {a.tracking_no: a.merged_into for a in appeals if a.merged_into_id is None and a.merged_into is not None}
        repeat_targets = {a.tracking_no: a.repeat_of for a in appeals if a.repeat_of is not None}
        for appeal in appeals:
            appeal.merged_into = appeal.repeat_of = None
        Appeal.objects.bulk_create(appeals, batch_size=500)
        from .imports import _refetch_ids

        _refetch_ids(appeals)
        # Links to earlier appeals are set once those have their ids.
        linked = []
        for appeal in appeals:
            if appeal.tracking_no in repeat_targets or appeal.tracking_no in merged_targets:
                appeal.repeat_of = repeat_targets.get(appeal.tracking_no)
                appeal.merged_into = merged_targets.get(appeal.tracking_no)
                linked.append(appeal)
        Appeal.objects.bulk_update(linked, ["repeat_of", "merged_into"], batch_size=500)
        events = [e for life in lives for e in life.events]
        dispatches = [d for life in lives for d in life.dispatches]
        for row in events + dispatches:
            row.appeal_id = row.appeal.pk
        AppealEvent.objects.bulk_create(events, batch_size=2000)
        Dispatch.objects.bulk_create(dispatches, batch_size=2000)
        states = Counter(a.state for a in appeals)
        record_bulk("appeals.appeal.generate", Appeal, count=len(appeals) + len(linked), summary={"appeals": len(appeals), "states": dict(states)})
        record_bulk("appeals.appeal_event.generate", AppealEvent, count=len(events), summary={"events": len(events)})
        record_bulk("appeals.dispatch.generate", Dispatch, count=len(dispatches), summary={"dispatches": len(dispatches)})


# --- the first classifier ----------------------------------------------------------------------------------

def train_demo_model(seed: int, generate_appeals) -> str:
    """Train on 80% of the year's appeals (at most MAX_TRAINING), measure on the other 20%, register and
    activate the model.

    Training is a pure function of its data, so the model file is named after a hash of the training and
    test rows: a demo city rebuilt from the same seed (a test session, a second worker) finds the file
    and its figures and skips the training."""
    train, load = suggest.classifier_functions()
    rows = list(Appeal.objects.filter(label__isnull=False).order_by("id").values_list("content", "label__path"))
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(rows))
    cut = min(int(len(rows) * 0.8), MAX_TRAINING)
    train_rows = [rows[i] for i in order[:cut]]
    if len(train_rows) < MIN_TRAINING:
        train_rows += generate_appeals(MIN_TRAINING - len(train_rows), np.random.default_rng(seed + 977))
    test_rows = [rows[i] for i in order[cut:cut + max(200, len(rows) // 5)]]
    if len(test_rows) < 200:
        test_rows += generate_appeals(200 - len(test_rows), np.random.default_rng(seed + 978))
    history = [row[:3] for row in history_rows()]  # (text, label, final unit): JSON-able for the digest
    digest = hashlib.sha256(json.dumps([train_rows, test_rows, history, _classifier_fingerprint()], ensure_ascii=False).encode()).hexdigest()[:20]
    relative = f"appeals/models/demo-{digest}.model"
    target = Path(settings.MEDIA_ROOT) / relative
    figures = target.with_name(target.name + ".metrics.json")
    started = time.perf_counter()
    if target.exists() and figures.exists():
        metrics = json.loads(figures.read_text(encoding="utf-8"))
        os.utime(target)  # recently used: kept by _prune_model_cache
        cached = True
    else:
        model = train([t for t, _ in train_rows], [label for _, label in train_rows], level_sep="/")
        seconds = time.perf_counter() - started
        metrics = holdout_metrics(model, test_rows)
        attach_routing(model, history)
        metrics.update(method="留出法:80% 训练,20% 测试" + ("(训练集以合成历史补足)" if cut < MIN_TRAINING else ""), n_train=len(train_rows), n_test=len(test_rows), train_seconds=round(seconds, 1))
        model.save(target)
        partial = figures.with_name(figures.name + ".partial")
        partial.write_text(json.dumps(metrics, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, figures)
        cached = False
        _prune_model_cache(target.parent)
    services.classifier_register(actor=None, name=f"演示城市首个模型(种子 {seed})", file=relative, metrics=metrics,
                                 trained_on="演示城市一年诉求(合成)", training_size=len(train_rows), activate=True)
    suggest.forget_loaded_model()
    level1 = metrics["levels"].get("1", {})
    how = "沿用相同数据训练过的模型文件" if cached else f"训练 {metrics['train_seconds']:.1f} 秒"
    return f"分类模型已启用(一级准确率 {level1.get('accuracy', 0):.1%},末级准确率 {metrics['leaf_accuracy']:.1%},{how})"


# Below this many handled appeals the routing history says too little to learn units from (the test city).
MIN_ROUTING_HISTORY = 300


def attach_routing(model, history: list[tuple[str, str, str]]) -> None:
    """Teach the model which unit finally handles what (classification.unit_routing), where there is
    enough history; the routing rules' units (city-wide) are its prior."""
    if len(history) < MIN_ROUTING_HISTORY or not hasattr(model, "rank_units"):
        return
    from .classification.unit_routing import fit_unit_routing

    router = Router.load()

    def rule_unit(label: str):
        rule = router.rule_for(label, None)
        return rule.unit.name if rule else None

    model.routing = fit_unit_routing(model, [t for t, _, _ in history], [p for _, p, _ in history],
                                     [u for _, _, u in history], rule_unit)


def _prune_model_cache(folder: Path, keep: int = 6) -> None:
    """Demo models are a cache keyed by their data: keep the most recently used few, not every one ever trained."""
    models = sorted(folder.glob("demo-*.model"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in models[keep:]:
        for path in (stale, stale.with_name(stale.name + ".metrics.json")):
            path.unlink(missing_ok=True)


def _classifier_fingerprint() -> str:
    """What else decides the trained model: the classifier's code and its library versions."""
    from . import classification

    package = Path(classification.__file__).parent
    code = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(package.glob("*.py")))).hexdigest()
    import sklearn

    return f"{code}-{sklearn.__version__}"


def holdout_metrics(model, rows: list[tuple[str, str]]) -> dict:
    """Accuracy and macro-F1 per level, leaf and top-3 accuracy of ``model`` on held-out rows."""
    if not rows:
        return {"levels": {}, "leaf_accuracy": 0.0, "top3_accuracy": 0.0}
    predictions = model.suggest_many([t for t, _ in rows], k=3)
    truth = [label for _, label in rows]
    top1 = [p[0].label if p else "" for p in predictions]
    levels = {}
    depth = max(label.count("/") + 1 for label in truth)
    for level in range(1, depth + 1):
        pairs = [("/".join(t.split("/")[:level]), "/".join(p.split("/")[:level])) for t, p in zip(truth, top1) if t.count("/") + 1 >= level]
        if pairs:
            levels[str(level)] = {"accuracy": round(sum(t == p for t, p in pairs) / len(pairs), 4), "macro_f1": round(macro_f1(pairs), 4), "n": len(pairs)}
    return {
        "levels": levels, "leaf_accuracy": round(sum(t == p for t, p in zip(truth, top1)) / len(rows), 4),
        "top3_accuracy": round(sum(t in [s.label for s in p] for t, p in zip(truth, predictions)) / len(rows), 4),
    }


def macro_f1(pairs: list[tuple[str, str]]) -> float:
    classes = {t for t, _ in pairs}
    scores = []
    for cls in classes:
        tp = sum(1 for t, p in pairs if t == cls and p == cls)
        fp = sum(1 for t, p in pairs if t != cls and p == cls)
        fn = sum(1 for t, p in pairs if t == cls and p != cls)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def attach_queue_suggestions() -> int:
    """Suggestions for the appeals waiting in the queue, as intake would have made them."""
    waiting = list(Appeal.objects.filter(state=State.RECEIVED, merged_into__isnull=True).order_by("id"))
    if not waiting:
        return 0
    results, version = suggest.suggest_many([a.content for a in waiting], [a.district_id for a in waiting])
    if version is None:
        return 0
    for appeal, items in zip(waiting, results):
        appeal.suggestions, appeal.classifier = [s.as_dict() for s in items], version
    with audited_write(None):
        Appeal.objects.bulk_update(waiting, ["suggestions", "classifier"], batch_size=500)
        record_bulk("appeals.appeal.generate_suggestions", Appeal, count=len(waiting), summary={"appeals": len(waiting), "model": version.name})
    return len(waiting)

