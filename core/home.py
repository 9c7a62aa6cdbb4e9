"""The home page: one page per role, assembled from panels that each area registers.

An area (courseware, simulator, quizzes, trainer) adds what it has to show on a role's home page with
`@home_panel(roles, template)`: the function receives the user and returns the template's context, or None
to show nothing. So the home page grows with the product without knowing every area.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask import Blueprint, render_template
from flask_login import current_user
from markupsafe import Markup

from accounts.access import trainee

bp = Blueprint("home", __name__)


@dataclass(frozen=True)
class Panel:
    roles: frozenset[str]
    template: str
    context: Callable
    order: int


_panels: list[Panel] = []


def home_panel(roles: tuple[str, ...], template: str, order: int = 50):
    def register(func: Callable):
        _panels.append(Panel(frozenset(roles), template, func, order))
        _panels.sort(key=lambda panel: panel.order)
        return func

    return register


@bp.route("/")
@trainee
def index():
    rendered = []
    for panel in _panels:
        if current_user.role in panel.roles:
            context = panel.context(current_user)
            if context is not None:
                rendered.append(Markup(render_template(panel.template, **context)))
    return render_template("home/index.html", panels=rendered)
