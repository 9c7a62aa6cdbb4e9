"""The course on the home page ("Reprendre où j'en étais", progress) and in the main navigation."""

from __future__ import annotations

from accounts.models import User
from core.home import home_panel
from core.navigation import nav_entry
from courseware import progress

nav_entry(("trainee", "trainer", "admin"), "Cours", "courseware.modules", order=20)
nav_entry(("trainee", "trainer", "admin"), "Glossaire", "glossary.index", order=25)


@home_panel(("trainee",), "courseware/_home_panel.html", order=20)
def course_panel(user: User) -> dict | None:
    by_module = progress.progress_by_module(user.id)
    if not by_module:
        return None  # no course loaded yet
    return {
        "resume": progress.last_seen_lesson(user.id),
        "start": progress.first_lesson(),
        "done": sum(p.done for p in by_module.values()),
        "total": sum(p.total for p in by_module.values()),
        "modules_done": sum(1 for p in by_module.values() if p.done == p.total),
        "module_count": len(by_module),
    }
