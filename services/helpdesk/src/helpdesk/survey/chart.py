"""The results' bar chart as inline SVG drawn on the server: U1–U9 on the scale 0–4 and the IKM as a line.

No script and nothing fetched (the pages' CSP allows neither), colours as presentation attributes, and an accessible
name and description, so a screen reader hears what the table beside it says. Pure.
"""

from __future__ import annotations

from decimal import Decimal

from markupsafe import Markup, escape

from helpdesk.survey.skm import CONVERSION, ELEMENTS, decimal_id, verdict

WIDTH, HEIGHT = 480, 300  # narrow enough that the labels stay legible when a phone shrinks it to ~340 px
LEFT, RIGHT, TOP, BOTTOM = 30, 82, 26, 30
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
SCALE_TOP = 4  # the highest score
UNIT = PLOT_H / SCALE_TOP  # SVG units per score point
SLOT = PLOT_W / len(ELEMENTS)
BAR = SLOT * 0.6
FONT = 15
BAR_FILL, LINE_STROKE, GRID_STROKE, INK = "#14539a", "#b42318", "#d0d5dd", "#1d2430"


def _y(value: float) -> float:
    """The height on the page of a value on the 0–4 scale."""
    return round(TOP + PLOT_H - value * UNIT, 2)


def _grid() -> list[str]:
    """The horizontal lines and labels of scores 0–4."""
    parts = []
    for score in range(SCALE_TOP + 1):
        y = _y(score)
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + PLOT_W}" y1="{y}" y2="{y}" stroke="{GRID_STROKE}"/>')
        parts.append(
            f'<text x="{LEFT - 8}" y="{y + 4}" text-anchor="end" font-size="{FONT}" fill="{INK}">{score}</text>'
        )
    return parts


def _bars(means: tuple[Decimal, ...]) -> list[str]:
    """One bar per element, its mean written above it and its name in its tooltip."""
    parts = []
    for n, (element, mean) in enumerate(zip(ELEMENTS, means, strict=True)):
        x = round(LEFT + n * SLOT + (SLOT - BAR) / 2, 2)
        height = round(float(mean) * UNIT, 2)
        label = escape(f"{element.code} {element.name}: {decimal_id(mean)}")
        parts.append(
            f'<rect class="bar" data-element="{element.code}" x="{x}" y="{_y(float(mean))}" width="{round(BAR, 2)}" '
            f'height="{height}" fill="{BAR_FILL}"><title>{label}</title></rect>'
        )
        centre = round(x + BAR / 2, 2)
        parts.append(
            f'<text x="{centre}" y="{_y(float(mean)) - 5}" text-anchor="middle" font-size="{FONT}" fill="{INK}">'
            f"{decimal_id(mean)}</text>"
        )
        parts.append(
            f'<text x="{centre}" y="{TOP + PLOT_H + 18}" text-anchor="middle" font-size="{FONT}" fill="{INK}">'
            f"{element.code}</text>"
        )
    return parts


def _index_line(index: Decimal) -> list[str]:
    """The IKM drawn where it stands on the 0–4 scale (IKM ÷ 25), labelled on the right."""
    y = _y(float(index / CONVERSION))
    return [
        f'<line class="ikm" x1="{LEFT}" x2="{LEFT + PLOT_W}" y1="{y}" y2="{y}" stroke="{LINE_STROKE}" '
        'stroke-width="2" stroke-dasharray="6 4"/>',
        f'<text x="{LEFT + PLOT_W + 6}" y="{y + 4}" font-size="{FONT}" fill="{LINE_STROKE}">'
        f"IKM {decimal_id(index)}</text>",
    ]


def bar_chart(means: tuple[Decimal, ...], index: Decimal, title: str) -> Markup:
    """The chart of nine element means (0–4) with the IKM line, as one inline `<svg role="img">`."""
    described = "; ".join(f"{e.code} {e.name} {decimal_id(m)}" for e, m in zip(ELEMENTS, means, strict=True))
    desc = f"Nilai rata-rata per unsur pada skala 1–4: {described}. IKM {verdict(index)}."
    body = [*_grid(), *_bars(means), *_index_line(index)]
    return Markup(
        f'<svg class="skm-chart" role="img" aria-labelledby="skm-chart-title skm-chart-desc" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" preserveAspectRatio="xMidYMid meet" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="skm-chart-title">{escape(title)}</title><desc id="skm-chart-desc">{escape(desc)}</desc>'
        f"{''.join(body)}</svg>"
    )
