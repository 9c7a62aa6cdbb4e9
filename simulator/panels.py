"""The simulator's entries on the home pages, the module pages and in the navigation."""

from __future__ import annotations

from sqlalchemy import select

from accounts.models import User
from core.extensions import db
from core.home import home_panel
from core.navigation import nav_entry
from courseware.models import Module
from courseware.panels import module_panel
from simulator.attempts import attempts_of
from simulator.registry import LEVELS, all_kinds
from trainer.views import cohorts_of

HOME_ATTEMPTS = 5

nav_entry(("trainee", "trainer", "admin"), "Cas pratiques", "simulator.cases", order=40)


@home_panel(("trainee",), "simulator/_home_trainee.html", order=40)
def trainee_cases(user: User) -> dict:
    """Drafts to resume and the latest corrections."""
    recent = attempts_of(user.id, limit=HOME_ATTEMPTS)
    return {"drafts": [a for a in recent if a.is_draft], "results": [a for a in recent if not a.is_draft]}


@home_panel(("trainer", "admin"), "simulator/_home_trainer.html", order=40)
def trainer_cases(user: User) -> dict | None:
    """A link per cohort to its trainees' case attempts."""
    cohorts = [cohort for cohort, _count in cohorts_of(user)]
    return {"cohorts": cohorts} if cohorts else None


@module_panel("simulator/_module_panel.html", order=60, covers=("simulator",))
def module_cases(module_slug: str, user: User) -> dict | None:
    """The kinds that train this module (their own `module`, or named in the module's front matter), each
    with "Nouveau cas"."""
    named = db.session.scalar(select(Module.simulator_kinds).where(Module.slug == module_slug)) or []
    kinds = [kind for kind in all_kinds() if kind.module == module_slug or kind.slug in named]
    return {"kinds": kinds, "levels": LEVELS} if kinds else None
