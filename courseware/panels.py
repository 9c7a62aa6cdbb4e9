"""Panels other areas add to a module page (the quizzes area its practice quiz, the simulator its cases).

`@module_panel(template, order, covers=("simulator",))` registers a function(module_slug, user) that
returns the template's context, or None to show nothing for that module. `covers` names what the panel
shows among the module page's defaults ("simulator": the case kinds of the module's front matter, which
the page lists as plain text when no panel covers them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask import render_template
from markupsafe import Markup


@dataclass(frozen=True)
class ModulePanel:
    template: str
    context: Callable
    order: int
    covers: frozenset[str]


_panels: list[ModulePanel] = []


def module_panel(template: str, order: int = 50, covers: tuple[str, ...] = ()):
    def register(func: Callable):
        _panels.append(ModulePanel(template, func, order, frozenset(covers)))
        _panels.sort(key=lambda panel: panel.order)
        return func

    return register


def render_module_panels(module_slug: str, user) -> tuple[list[Markup], frozenset[str]]:
    """The rendered panels for this module and user, and the defaults they cover."""
    rendered, covered = [], frozenset()
    for panel in _panels:
        context = panel.context(module_slug, user)
        if context is not None:
            rendered.append(Markup(render_template(panel.template, **context)))
            covered |= panel.covers
    return rendered, covered
