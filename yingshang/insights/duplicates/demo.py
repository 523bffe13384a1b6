"""Demo data of the duplicates area (called by demo.py): the fingerprint index of the demo city's
appeals (bulk-created, so the intake signal never saw them), and on the full demo city a few callers
who ring again about an open appeal in other words, so that the 一事多诉 pages have something to show."""

from __future__ import annotations

import random


def build(*, seed: int, say) -> str:
    from yingshang.appeals.public import OPEN_STATES, appeal_rows, submit_appeal
    from yingshang.core.modules import demo_scale

    from .cli import paraphrase
    from .services import fingerprint_backfill

    result = fingerprint_backfill()
    say(f"一事多诉:已为 {result['fingerprinted']} 件诉求建立指纹")
    rng = random.Random(seed)
    examples = round(2 * demo_scale())  # none in the small test city: its appeals stay as the appeals demo made them
    open_with_address = list(
        appeal_rows().filter(state__in=OPEN_STATES, merged_into__isnull=True).exclude(address="").exclude(district=None).order_by("id")[:200]
    )
    callers = 0
    for original in rng.sample(open_with_address, min(examples, len(open_with_address))):
        for _ in range(2):
            content, _ops = paraphrase(original.content, rng)
            submit_appeal(
                actor=None, channel="hotline", appeal_type=original.appeal_type, content=content, title=original.title,
                address=original.address, district=original.district, street=original.street, person_name="王先生",
                person_phone=f"139{rng.randint(10_000_000, 99_999_999)}", dispatch=False,
            )
            callers += 1
    return f"一事多诉:指纹 {result['fingerprinted']} 件,示例重复来电 {callers} 件"
