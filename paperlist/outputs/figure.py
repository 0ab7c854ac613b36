"""fig/papers.svg: papers per month, stacked by topic, as deterministic SVG text (no plotting library)."""

from __future__ import annotations

from html import escape
from typing import Any

from paperlist.config import Config
from paperlist.outputs.readme import MARKER, OTHER, topic_order
from paperlist.paper import Paper, date_parts
from paperlist.render import FIGURE_TEMPLATE, Renderer

FIGURE_PATH = "fig/papers.svg"
#: Colours that read on GitHub's light and dark backgrounds alike (a colour-blind-safe palette).
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f")
MAX_SERIES = len(PALETTE) - 1  # the last colour is for every other topic together
WIDTH, HEIGHT = 760, 300
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 40, 64


def _fmt(value: float) -> str:
    """A coordinate with one decimal, never '-0.0': the same bytes on every machine."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def render_figure(papers: dict[str, Paper], config: Config, renderer: Renderer) -> str:
    """The SVG text of the figure for ``papers``."""
    topics = topic_order(papers, config)
    rank = {name: i for i, name in enumerate(topics)}
    months: dict[tuple[int, int], dict[str, int]] = {}
    undated = 0
    for paper in papers.values():
        year, month, _ = date_parts(paper.date)
        if not month:
            undated += 1
            continue
        first = min(paper.topics, key=lambda t: rank.get(t, len(rank))) if paper.topics else OTHER
        counts = months.setdefault((year, month), {})
        counts[first] = counts.get(first, 0) + 1
    totals_by_topic: dict[str, int] = {}
    for counts in months.values():
        for name, n in counts.items():
            totals_by_topic[name] = totals_by_topic.get(name, 0) + n
    series = [t for t in [*topics, OTHER] if t in totals_by_topic]
    if len(series) > MAX_SERIES:
        shown, rest = series[: MAX_SERIES - 1], series[MAX_SERIES - 1 :]
        series = [*shown, "other topics"]
        for counts in months.values():
            counts["other topics"] = sum(counts.pop(t, 0) for t in rest)
        totals_by_topic["other topics"] = sum(totals_by_topic.pop(t) for t in rest)
    colour = {name: PALETTE[i] if name != "other topics" else PALETTE[-1] for i, name in enumerate(series)}

    span: list[tuple[int, int]] = []
    if months:
        (y0, m0), (y1, m1) = min(months), max(months)
        y, m = y0, m0
        while (y, m) <= (y1, m1):
            span.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    peak = max((sum(c.values()) for c in months.values()), default=0)
    step = _nice_step(peak)
    top = max(step * ((peak + step - 1) // step), step)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(span), 1)
    bars: list[dict[str, Any]] = []
    for i, ym in enumerate(span):
        base = 0
        for name in series:
            n = months.get(ym, {}).get(name, 0)
            if not n:
                continue
            height = plot_h * n / top
            y = TOP + plot_h - plot_h * (base + n) / top
            label = f"{ym[0]}-{ym[1]:02d}: {n} {escape(name)}"
            bars.append(
                {
                    "x": _fmt(LEFT + i * slot + slot * 0.1),
                    "y": _fmt(y),
                    "width": _fmt(max(slot * 0.8, 0.5)),
                    "height": _fmt(height),
                    "colour": colour[name],
                    "label": label,
                }
            )
            base += n
    ticks = [{"y": _fmt(TOP + plot_h - plot_h * v / top), "label": str(v)} for v in range(0, top + 1, step)]
    years = [{"x": _fmt(LEFT + i * slot), "label": str(ym[0])} for i, ym in enumerate(span) if ym[1] == 1 or i == 0]
    every = max(1, -(-len(years) // 12))  # at most about twelve year labels
    years = years[::every]
    legend = []
    x, row = float(LEFT), 0
    for name in series:
        text = f"{name} ({totals_by_topic[name]})"
        width = 24 + 7 * len(text)  # about 7 px a character at 12 px
        if x > LEFT and x + width > WIDTH - RIGHT:
            x, row = float(LEFT), row + 1
        legend.append({"x": _fmt(x), "dy": row * 18, "colour": colour[name], "label": escape(text)})
        x += width
    height = HEIGHT + 18 * row
    dated = sum(totals_by_topic.values())
    busiest = max(span, key=lambda ym: (sum(months.get(ym, {}).values()), ym)) if span else None
    description = (
        f"Stacked bar chart of {dated} papers by month of publication"
        + (f", from {span[0][0]}-{span[0][1]:02d} to {span[-1][0]}-{span[-1][1]:02d}" if span else "")
        + (
            f"; the busiest month is {busiest[0]}-{busiest[1]:02d} with {sum(months[busiest].values())} papers"
            if busiest
            else ""
        )
        + ". By topic: "
        + ", ".join(f"{escape(n)} {totals_by_topic[n]}" for n in series)
        + (f". {undated} papers dated by year only are not shown." if undated else ".")
    )
    svg = renderer.render(
        FIGURE_TEMPLATE,
        width=WIDTH,
        height=height,
        title="Papers per month, by topic",
        description=description,
        bars=bars,
        ticks=ticks,
        years=years,
        legend=legend,
        axis={"left": LEFT, "right": WIDTH - RIGHT, "bottom": _fmt(TOP + plot_h), "legend_y": HEIGHT - 16},
    )
    return MARKER + "\n" + svg


def _nice_step(peak: int) -> int:
    """A round tick step giving at most about five ticks up to ``peak``."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if peak <= step * 5:
            return step
    return 10 ** len(str(peak // 5))
