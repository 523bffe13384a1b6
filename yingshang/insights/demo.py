"""Demo data of the insights app: runs each area's demo builder in dependency order on the demo city's
appeals (places first, as duplicates and warnings read them; reports last, as they summarise the rest)."""

from __future__ import annotations

import importlib
import time

AREAS = ("places", "duplicates", "warnings", "reports")


def demo_step(seed: int, progress=None) -> str:
    say = progress or (lambda message: None)
    started = time.perf_counter()
    lines = []
    for area in AREAS:
        line = importlib.import_module(f"yingshang.insights.{area}.demo").build(seed=seed, say=say)
        if line:
            lines.append(line)
    return f"分析研判:{';'.join(lines) or '无'};用时 {time.perf_counter() - started:.1f} 秒"
