"""The module page's panel of the quizzes area: the module's practice quiz (and module test), with the
trainee's attempts and result. Quizzes name their module by the bank category (`module-07`)."""

from __future__ import annotations

from courseware.panels import module_panel
from quizzes.catalogue import quiz_statuses


def module_category(module_slug: str) -> str:
    """`07-cadre-juridique-relance` -> `module-07`, the category of that module's bank."""
    return f"module-{module_slug.split('-', 1)[0]}"


@module_panel("quizzes/_module_panel.html", order=40)
def module_quizzes(module_slug: str, user) -> dict | None:
    category = module_category(module_slug)
    statuses = [status for status in quiz_statuses(user) if status.quiz.module == category]
    return {"statuses": statuses} if statuses else None
