"""The simulator's entries on the home pages and in the navigation."""

from __future__ import annotations

from accounts.models import User
from core.home import home_panel
from core.navigation import nav_entry
from simulator.attempts import attempts_of
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
