"""The per-module profile of an attempt as an SVG bar chart (matplotlib object API, never pyplot)."""

from __future__ import annotations

import io

from matplotlib.figure import Figure

from core.frenchnum import format_percent
from quizzes.grading import ModuleResult


def profile_svg(profile: dict[str, ModuleResult], labels: dict[str, str], title: str) -> str:
    """Horizontal bars, one per module, in percent; `labels` maps `module-07` to a readable name."""
    modules = list(profile)
    figure = Figure(figsize=(7.5, 0.45 * len(modules) + 1.2), dpi=96)
    axes = figure.add_subplot()
    scores = [profile[m].score * 100 for m in modules]
    bars = axes.barh([labels.get(m, m) for m in modules], scores, color="#0b5563")
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel("Réussite (%)")
    axes.set_title(title, fontsize=11)
    axes.bar_label(bars, labels=[format_percent(profile[m].score, 0) for m in modules], padding=3, fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    svg = buffer.getvalue()
    return svg[svg.index("<svg"):]
