"""Demo data of the reports area (called by demo.py, after places, duplicates and warnings): the cockpit's
daily rollup, the 每月一题 shortlist of last month and last month's bulletins (files under MEDIA_ROOT).
Everything is computed from the demo city's appeals, so it is as reproducible as they are."""

from __future__ import annotations


def build(*, seed: int, say) -> str:
    from yingshang.core.modules import demo_scale

    from .selectors import previous_month
    from .services import bulletin_generate, rollup_refresh, topics_generate

    say("分析研判:诉求日汇总")
    rollup = rollup_refresh(full=True)
    period = previous_month()
    say(f"分析研判:{period} 每月一题")
    # The scaled-down test city has a few dozen appeals a month: candidates of two appeals keep its
    # 每月一题 page from being empty; the demo city uses the production threshold.
    topics = topics_generate(actor=None, period=period, min_volume=3 if demo_scale() >= 0.5 else 2)
    say(f"分析研判:{period} 诉求通报")
    bulletin_generate(actor=None, period=period)
    return f"日汇总 {rollup['rows']} 行,{period} 每月一题 {len(topics)} 项,通报 2 份"
