"""A :class:`Chart` as a PNG picture, for the DOCX (Word has no chart engine we can drive without
Office; the PDF draws the same chart as vector graphics). Drawn with Pillow in the embedded CJK font."""

from __future__ import annotations

import io
import math

from .fonts import font_path
from .model import Chart

WIDTH, HEIGHT = 1500, 750
LEFT, RIGHT, TOP, BOTTOM = 110, 40, 70, 70


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    step = (high - low) / count if high > low else 1
    return [low + step * i for i in range(count + 1)]


def chart_png(chart: Chart) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    series = [s for s in chart.series if s.points]
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font_path("regular")), 24)
    xs = [x for s in series for x, _y in s.points] or [0, 1]
    ys = [y for s in series for _x, y in s.points] or [0, 1]
    x_low, x_high = min(0, min(xs)), max(xs) or 1
    y_low = chart.y_min if chart.y_min is not None else min(ys)
    y_high = chart.y_max if chart.y_max is not None else max(ys)
    if y_high <= y_low:
        y_high = y_low + 1
    if x_high <= x_low:
        x_high = x_low + 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def at(x: float, y: float) -> tuple[float, float]:
        return LEFT + (x - x_low) / (x_high - x_low) * plot_w, TOP + plot_h - (y - y_low) / (y_high - y_low) * plot_h

    for value in _ticks(y_low, y_high):
        _x, y = at(x_low, value)
        draw.line([(LEFT, y), (LEFT + plot_w, y)], fill="#e5e5e5", width=1)
        label = f"{value * 100:.0f}%" if chart.y_percent else f"{value:g}"
        draw.text((LEFT - 10, y), label, fill="#333333", font=font, anchor="rm")
    for value in _ticks(x_low, x_high):
        x, _y = at(value, y_low)
        draw.text((x, TOP + plot_h + 10), f"{value:.0f}" if abs(x_high - x_low) >= 5 else f"{value:g}", fill="#333333", font=font, anchor="mt")
    draw.line([(LEFT, TOP), (LEFT, TOP + plot_h), (LEFT + plot_w, TOP + plot_h)], fill="#333333", width=2)
    legend = ";".join(p for p in (f"横轴:{chart.x_label}" if chart.x_label else "", f"纵轴:{chart.y_label}" if chart.y_label else "") if p)
    if legend:
        draw.text((LEFT, TOP - 45), legend, fill="#333333", font=font)

    for item in series:
        points = [at(x, y) for x, y in item.points]
        if not item.line:
            for x, y in points:
                draw.ellipse([x - 6, y - 6, x + 6, y + 6], fill=item.color)
        elif item.dashed:
            for start, end in zip(points, points[1:]):
                length = math.dist(start, end)
                pieces = max(1, int(length // 12))
                for i in range(0, pieces, 2):
                    a, b = i / pieces, min(1, (i + 1) / pieces)
                    draw.line([(start[0] + (end[0] - start[0]) * a, start[1] + (end[1] - start[1]) * a),
                               (start[0] + (end[0] - start[0]) * b, start[1] + (end[1] - start[1]) * b)], fill=item.color, width=3)
        else:
            draw.line(points, fill=item.color, width=3, joint="curve")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
