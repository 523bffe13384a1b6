"""Demo data of 政务服务: the catalogue from ``yingshang/affairs/data/`` (when present), the service halls
(the city's and one district's: 市内通办), a handler for each implementing department, and cases in every
state over the last weeks — some late, some with special procedures, rated, one bad rating in 整改.

Cases are played through the real services with the platform clock set to each step's moment, so every
figure the monitoring shows comes from the same code as in production. Scaled by ``demo_scale()``."""

from __future__ import annotations

import datetime as dt
import random
import time
from pathlib import Path

from django.utils import timezone

from yingshang.core import clock, workcalendar
from yingshang.core.models import Division, Unit, User

DATA_DIR = Path(__file__).resolve().parent / "data"
HALL_NAME = "市政务服务中心"
DISTRICT_HALL = ("甘井子区政务服务中心", "甘井子区人民政府", "window_clerk_gjz")


def demo_step(seed: int, progress=None) -> str:
    say = progress or (lambda message: None)
    if not (DATA_DIR / "shared.toml").is_file():
        return "政务服务:未找到事项目录 yingshang/affairs/data/(shared.toml、items/*.toml、bundles.toml),跳过政务服务演示数据"
    started = time.perf_counter()
    summary = populate(DATA_DIR, seed=seed)
    say(f"政务服务:{summary}")
    return f"政务服务:{summary};用时 {time.perf_counter() - started:.1f} 秒"


def populate(directory: Path, *, seed: int = 2026, cases: int | None = None) -> str:
    from yingshang.core.modules import demo_scale

    from .loader import read_catalogue
    from .services.catalogue import catalogue_import

    result = catalogue_import(actor=None, catalogue=read_catalogue(directory))
    halls = ensure_halls()
    handlers = ensure_handlers()
    count = cases if cases is not None else max(20, int(400 * demo_scale()))
    made = build_cases(count, seed=seed)
    return f"{result['items']} 个事项、{result['bundles']} 个一件事、{halls} 个大厅、{handlers} 名部门审批人员、{made} 件办件"


def ensure_halls() -> int:
    from yingshang.core.services import unit_create, user_create

    from .services.cases import hall_ensure

    city = Unit.objects.filter(name=HALL_NAME).first()
    if city is None:
        return 0
    hall_ensure(actor=None, unit=city, district=None, address="市民中心(政务服务中心)一楼综合窗口")
    name, parent_name, clerk = DISTRICT_HALL
    parent = Unit.objects.filter(name=parent_name).first()
    if parent is not None:
        unit = Unit.objects.filter(name=name).first() or unit_create(actor=None, code=f"{parent.code}ZW", name=name, kind=Unit.Kind.OTHER,
                                                                       parent=parent, division=parent.division)
        hall_ensure(actor=None, unit=unit, district=parent.division if parent.division_id else None, address="甘井子区政务服务中心二楼综合窗口")
        if not User.objects.filter(username=clerk).exists():
            from yingshang.core.demo import DEMO_PASSWORD

            user_create(actor=None, username=clerk, password=DEMO_PASSWORD, role=User.Role.WINDOW_CLERK, display_name="甘井子区窗口人员", unit=unit,
                        phone="13900000001")
    from .models import ServiceHall

    return ServiceHall.objects.count()


def ensure_handlers() -> int:
    """One handler per implementing department without one (username handler_<unit code>)."""
    from django.contrib.auth.hashers import make_password

    from yingshang.core.demo import DEMO_PASSWORD
    from yingshang.core.services import user_create

    from .models import Item

    hashed = None
    made = 0
    for unit in Unit.objects.filter(pk__in=Item.objects.values("unit_id")).order_by("code"):
        if User.objects.filter(unit=unit, role=User.Role.HANDLER).exists():
            continue
        hashed = hashed or make_password(DEMO_PASSWORD)
        user_create(actor=None, username=f"handler_{unit.code.lower()}", password=DEMO_PASSWORD, hashed_password=hashed, role=User.Role.HANDLER,
                    display_name=f"{unit.name}审批员", unit=unit, phone="13900000002")
        made += 1
    return made


def _moment(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


DEMO_PDF = b"%PDF-1.4\n% demo material\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _pdf(key: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(f"{key}.pdf", DEMO_PDF, content_type="application/pdf")


def build_cases(count: int, *, seed: int = 2026) -> int:
    """``count`` cases over the last ~30 working days, played through the services at their moments."""
    from yingshang.core.models import Enterprise

    from .models import Bundle, Case, Item, Rating, ServiceHall
    from .services import cases as case_services
    from .services import ratings as rating_services

    rng = random.Random(seed + 16)
    items = list(Item.objects.filter(published_version__gt=0).order_by("pk"))
    if not items:
        return 0
    bundles = list(Bundle.objects.order_by("key"))
    halls = list(ServiceHall.objects.select_related("unit").order_by("unit__tree_path"))
    clerk = User.objects.filter(role=User.Role.WINDOW_CLERK, unit=halls[0].unit).first() if halls else None
    applicant = User.objects.filter(username="enterprise").first()
    enterprises = list(Enterprise.objects.order_by("pk")[:50])
    calendar = workcalendar.current()
    today = clock.today()
    handlers = {}
    for user in User.objects.filter(role=User.Role.HANDLER).select_related("unit").order_by("pk"):
        handlers.setdefault(user.unit_id, user)
    # Final states in turn, so every state appears whatever the count; then 送达 dominates.
    finals = ["submitted", "correction", "refused", "reviewing", "suspended", "decided", "completed", "delivered", "delivered_bad"]
    made = 0
    for index in range(count):
        final = finals[index] if index < len(finals) else rng.choice(["delivered"] * 6 + ["reviewing", "completed"])
        start = calendar.add_workdays(today - dt.timedelta(days=45), rng.randint(0, 22))
        bundle = bundles[index % len(bundles)] if bundles and index % 4 == 0 else None
        item = None if bundle else items[rng.randrange(len(items))]
        enterprise = enterprises[index % len(enterprises)] if enterprises else None
        online = rng.random() < 0.6
        by_applicant = online and applicant is not None and enterprise == applicant.enterprise
        with clock.frozen_at(_moment(start, 9)):
            # The form as the submitter sees it: at the window nobody's account prefills the 经办人's fields.
            form = case_services.merged_form_for(case_services.items_for(item=item, bundle=bundle),
                                                 applicant if by_applicant else None, enterprise)
            data = {f.spec.key: (f.spec.choices[0] if f.spec.choices else "演示填写") for f in form.fields_to_ask}
            keys = [m.need.key for m in form.materials_to_submit]
            if final == "correction":
                keys = keys[:-1]
            if by_applicant:
                case = case_services.case_submit(actor=applicant, item=item, bundle=bundle, form_data=data, files={k: _pdf(k) for k in keys})
            else:  # at the window: the first material scanned, the others' paper originals seen
                case = case_services.case_submit(actor=clerk, item=item, bundle=bundle, form_data=data, files={k: _pdf(k) for k in keys[:1]},
                                                 paper=keys[1:], channel=Case.Channel.WINDOW,
                                                 enterprise=enterprise, applicant_name=enterprise.name if enterprise else "演示申请人")
        made += 1
        if final == "submitted":
            continue
        day = calendar.add_workdays(start, 0)
        with clock.frozen_at(_moment(day, 10)):
            if final == "correction" or (keys and final != "refused" and any(m.required and m.need.key not in case.materials
                                                                              for m in case_services.materials_to_submit(case))):
                missing = [m.need.key for m in case_services.materials_to_submit(case) if m.need.key not in case.materials] or keys[-1:]
                case_services.case_act(actor=clerk, case=case, operation="request_correction", data={"missing": missing})
                if final == "correction":
                    continue
                case.refresh_from_db()
                case_services.case_act(actor=clerk, case=case, operation="resubmit", data={f"paper_{k}": "on" for k in case.missing})
            if final == "refused":
                case.refresh_from_db()
                case_services.case_act(actor=clerk, case=case, operation="refuse", data={"reason": "不属于本市管辖范围(演示)"})
                continue
            case.refresh_from_db()
            case_services.case_act(actor=clerk, case=case, operation="accept", data={})
        subs = list(case.subcases.select_related("unit"))
        for sub in subs:
            handler = handlers.get(sub.unit_id)
            used = max(0, sub.promised_days + rng.choice([-3, -2, -1, -1, 0, 0, 1, 3]) if sub.promised_days else 0)
            decide_day = calendar.add_workdays(day, used)
            if final in ("reviewing",) or decide_day > today:
                continue
            if final == "suspended" or rng.random() < 0.1:
                with clock.frozen_at(_moment(calendar.add_workdays(day, 1), 11)):
                    sub.refresh_from_db()
                    case_services.subcase_act(actor=handler, sub=sub, operation="suspend", data={"kind": rng.choice(["专家评审", "公示"])})
                if final == "suspended":
                    continue
                with clock.frozen_at(_moment(calendar.add_workdays(day, 4), 11)):
                    sub.refresh_from_db()
                    case_services.subcase_act(actor=handler, sub=sub, operation="resume", data={})
                decide_day = calendar.add_workdays(decide_day, 3)
                if decide_day > today:
                    continue
            with clock.frozen_at(_moment(decide_day, 15)):
                sub.refresh_from_db()
                case_services.subcase_act(actor=handler, sub=sub, operation="approve", data={"reason": "符合条件,准予许可"})
        case.refresh_from_db()
        if case.status != Case.Status.DECIDED or final in ("decided", "reviewing", "suspended"):
            continue
        finish = max(timezone.localdate(case.decided_at), day)
        with clock.frozen_at(_moment(finish, 16)):
            case_services.case_act(actor=clerk, case=case, operation="complete", data={"delivery": "window"})
        if final == "completed":
            continue
        with clock.frozen_at(_moment(finish, 17)):
            case.refresh_from_db()
            case_services.case_act(actor=clerk, case=case, operation="deliver", data={})
            level = Rating.Level.DISSATISFIED if final == "delivered_bad" else rng.choice([5, 5, 5, 4, 4, 3])
            rating_services.rating_submit(actor=clerk, case=case, level=level, channel=Rating.Channel.WINDOW,
                                          comment="窗口排队时间较长(演示)" if level <= 2 else "")
    return made
