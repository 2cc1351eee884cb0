"""The results' chart: nine bars as tall as their means, the IKM line, no script, a name and a description."""

from __future__ import annotations

import re
from decimal import Decimal

from helpdesk.survey.chart import bar_chart

MEANS = tuple(Decimal(m) for m in ("3.5", "3.2", "2.9", "4.0", "3.1", "3.6", "3.8", "3.0", "3.3"))
BAR = re.compile(r'<rect class="bar" data-element="(U\d)" x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"')
IKM_LINE = re.compile(r'<line class="ikm" x1="[\d.]+" x2="[\d.]+" y1="([\d.]+)" y2="([\d.]+)"')


def test_nine_bars_as_tall_as_their_means() -> None:
    bars = BAR.findall(bar_chart(MEANS, Decimal("84.44"), "Hasil SKM"))
    assert [code for code, _, _ in bars] == [f"U{n}" for n in range(1, 10)]
    per_point = [float(height) / float(mean) for (_, _, height), mean in zip(bars, MEANS, strict=True)]
    assert max(per_point) - min(per_point) < 0.01, per_point
    tallest = max(bars, key=lambda bar: float(bar[2]))
    assert tallest[0] == "U4", "U4 has the highest mean, 4,0"


def test_the_ikm_line_stands_at_the_index_over_25() -> None:
    # Every element 3,00 makes an IKM of 75,00, i.e. 3,00 on the bars' scale: the line meets every bar's top.
    chart = bar_chart((Decimal(3),) * 9, Decimal("75.00"), "Hasil SKM")
    tops = {y for _, y, _ in BAR.findall(chart)}
    (line,) = IKM_LINE.findall(chart)
    assert tops == {line[0]} == {line[1]}
    assert "IKM 75,00" in chart


def test_no_script_and_an_accessible_name_and_description() -> None:
    chart = bar_chart(MEANS, Decimal("84.44"), "Nilai rata-rata unsur SKM LPSE Kota Depok")
    assert "<script" not in chart.lower() and "javascript:" not in chart.lower() and " on" not in chart.split(">")[0]
    assert chart.startswith('<svg class="skm-chart" role="img" aria-labelledby="skm-chart-title skm-chart-desc"')
    assert '<title id="skm-chart-title">Nilai rata-rata unsur SKM LPSE Kota Depok</title>' in chart
    desc = re.search(r'<desc id="skm-chart-desc">(.*?)</desc>', chart)
    assert desc is not None
    assert "U1 Persyaratan 3,50" in desc[1] and "U9 Sarana dan prasarana 3,30" in desc[1]
    assert "IKM 84,44 — B (Baik)" in desc[1]


def test_the_title_is_escaped() -> None:
    chart = bar_chart(MEANS, Decimal("84.44"), "<b>LPSE</b> & co")
    assert "<b>" not in chart and "&lt;b&gt;LPSE&lt;/b&gt; &amp; co" in chart
