"""The three-year evolution chart of a case's accounts (CA, EBE, CAF, BFR, trésorerie nette) as inline SVG.

matplotlib object API only (`Figure`, never pyplot: no global state shared between requests). The figures
come from `simulator.finance`, the single source of every formula. Some of them are what a trainee computes,
so pages show this chart with the correction, not before.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from core.frenchnum import NBSP, format_number
from simulator import finance
from simulator.statements import has_statements

TITLE = "Évolution sur trois exercices"
TURNOVER = ("ca", "Chiffre d’affaires")
AGGREGATES = (("ebe", "EBE"), ("caf", "CAF"), ("bfr", "BFR"), ("tresorerie_nette", "Trésorerie nette"))
SERIES = (TURNOVER, *AGGREGATES)
_TURNOVER_COLOUR = "#0b5563"
_COLOURS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7")  # Okabe-Ito: distinguishable by colour-blind readers


def evolution(case: Mapping[str, Any]) -> dict[str, dict[str, float]]:
    """{year: {"ca", "ebe", "caf", "bfr", "tresorerie_nette"}} oldest year first; empty without accounts."""
    if not has_statements(case):
        return {}
    figures = {}
    for year in case["years"]:
        acc = case["accounts"][str(year)]
        aggregates = finance.aggregates(acc)
        figures[str(year)] = {"ca": float(acc.get("FL") or 0), "ebe": finance.sig(acc)["ebe"],
                              "caf": finance.caf(acc), "bfr": aggregates["bfr"],
                              "tresorerie_nette": aggregates["tresorerie_nette"]}
    return figures


def thousands(value: float) -> str:
    """An amount in thousands of euros, the French way: `1234567` -> `1 235 k€`."""
    return f"{format_number(value / 1000)}{NBSP}k€"


def evolution_svg(case: Mapping[str, Any]) -> str | None:
    """The chart as an `<svg>` element (no XML prolog) to inline in a page; None without accounts."""
    figures = evolution(case)
    if not figures:
        return None
    years = list(figures)
    figure = Figure(figsize=(4.8, 7.2), dpi=96, layout="constrained")  # portrait: still legible on a phone
    figure.suptitle(TITLE, fontsize=16, fontweight="bold")
    top, bottom = figure.subplots(2, 1, height_ratios=(2, 3))
    axis_format = FuncFormatter(lambda value, _position: format_number(value / 1000))  # unit in the titles

    bars = top.bar(years, [figures[y]["ca"] for y in years], width=0.55, color=_TURNOVER_COLOUR)
    top.bar_label(bars, labels=[thousands(figures[y]["ca"]) for y in years], padding=3, fontsize=13)
    top.set_title(f"{TURNOVER[1]} (k€)", fontsize=14, loc="left")
    top.margins(y=0.2)

    width = 0.8 / len(AGGREGATES)
    for index, ((key, label), colour) in enumerate(zip(AGGREGATES, _COLOURS)):
        offset = (index - (len(AGGREGATES) - 1) / 2) * width
        bottom.bar([i + offset for i in range(len(years))], [figures[y][key] for y in years], width=width,
                   label=label, color=colour)
    bottom.set_xticks(range(len(years)), years)
    bottom.axhline(0, color="#1d2430", linewidth=0.8)
    bottom.set_title("Soldes de gestion et trésorerie (k€)", fontsize=14, loc="left")
    bottom.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncols=2, frameon=False, fontsize=13)

    for axes in (top, bottom):
        axes.yaxis.set_major_formatter(axis_format)
        axes.tick_params(labelsize=13)
        axes.spines[["top", "right"]].set_visible(False)
        axes.grid(axis="y", color="#d5dae1", linewidth=0.6)
        axes.set_axisbelow(True)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    return svg[svg.index("<svg"):].replace("<svg ", f'<svg role="img" aria-label="{TITLE}" ', 1)
