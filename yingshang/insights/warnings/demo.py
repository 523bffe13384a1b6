"""Demo data of the warnings area (called by demo.py): an injected outbreak, then a detection run.

The demo city has about a year of a few thousand appeals, spread thinly over ~340 labels × districts,
so nothing in it stands out on its own. To show what a warning looks like, an outbreak is injected
openly: a burst of appeals about one label in one district over the last three days, submitted through
the ordinary intake service (appeals.services.appeal_submit, with the clock set to each appeal's time,
so they are classified, routed and dispatched like any other). Then run_detection runs over the whole
history; the outbreak and whatever else the detectors find in the demo history become warnings.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.db.models import Count
from django.utils import timezone

from yingshang.appeals.public import appeal_rows, current_labels, labels_with_example_phrases, routed_label_prefixes, submit_appeal, synthetic_appeal_texts
from yingshang.core import clock
from yingshang.core.demo import GIVEN, SURNAMES
from yingshang.core.models import Division
from yingshang.core.modules import demo_scale

OUTBREAK_DAYS = 3
OUTBREAK_APPEALS = 36  # at demo scale 1.0


def _outbreak_target(rng):
    """A leaf label with example phrases and a routing rule, in the district with the most appeals."""
    phrases = labels_with_example_phrases()
    prefixes = routed_label_prefixes()
    labels = current_labels()
    candidates = sorted(path for path, label in labels.items()
                        if label.is_leaf and path in phrases and any(path == p or path.startswith(p + "/") for p in prefixes))
    busiest = (appeal_rows().filter(district__isnull=False).values("district").annotate(n=Count("id")).order_by("-n", "district").first())
    if not candidates or busiest is None:
        return None, None
    return labels[candidates[int(rng.integers(0, len(candidates)))]], Division.objects.get(pk=busiest["district"])


def inject_outbreak(*, seed: int, label, district, count: int, days: int = OUTBREAK_DAYS, street=None) -> list:
    """Submit ``count`` appeals about ``label`` in ``district`` spread over the last ``days`` days (also
    used by the tests to inject an outbreak)."""
    rng = np.random.default_rng(seed)
    now = clock.now()
    texts = synthetic_appeal_texts(count, rng, places=[street.name if street else district.name], labels=[label.path])
    today = timezone.localtime(now).date()
    moments = []
    for _ in range(count):  # calls come in by day (08:00–21:00), on each of the last ``days`` days
        day = today - dt.timedelta(days=int(rng.integers(0, days)))
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(int(rng.integers(8, 21)), int(rng.integers(0, 60)))))
        moments.append(moment if moment < now else now - dt.timedelta(minutes=int(rng.integers(5, 120))))
    made = []
    for (text, _), moment in zip(texts, sorted(moments)):
        phone = int(rng.integers(10**8, 10**9))
        with clock.frozen_at(moment):
            result = submit_appeal(
                actor=None, channel="hotline", appeal_type="complaint", content=text, address=f"{district.name}{street.name if street else ''}",
                district=district, street=street, person_name=SURNAMES[phone % len(SURNAMES)] + GIVEN[(phone // 7) % len(GIVEN)],
                person_phone=f"13{phone:09d}", label=label, dispatch=True,
            )
        made.append(result.appeal)
    return made


def build(*, seed: int, say) -> str:
    from .services import run_detection

    rng = np.random.default_rng(seed + 404)
    label, district = _outbreak_target(rng)
    injected = []
    if label is not None:
        street = Division.objects.filter(parent=district, level=Division.Level.STREET).order_by("code").first()
        injected = inject_outbreak(seed=seed + 405, label=label, district=district, street=street,
                                   count=max(6, round(OUTBREAK_APPEALS * demo_scale())))
        say(f"注入暴发:{label.path} · {district.name} 近 {OUTBREAK_DAYS} 天 {len(injected)} 件诉求")
    run = run_detection(as_of=clock.today(), actor=None)
    say(f"预警检测:{run.series_count} 条序列,预警 {run.warning_count} 条")
    return f"监测预警:注入 {len(injected)} 件暴发诉求,检测 {run.series_count} 条序列,预警 {run.warning_count} 条"
