"""Course pages: module list, module, lesson, fiche pratique, glossary and search."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from accounts.access import trainee
from core.database import begin_write
from core.extensions import db
from courseware import progress
from courseware.models import Lesson, Module
from courseware.panels import render_module_panels
from courseware.search import by_initial, glossary_terms, query_words, search_lessons
from courseware.source import SIMULATOR_KINDS
from courseware.text import format_duration

bp = Blueprint("courseware", __name__)
bp.add_app_template_filter(format_duration, "duree")
glossary_bp = Blueprint("glossary", __name__)  # its own blueprint: its own highlighted entry in the navigation


def _module_or_404(slug: str) -> Module:
    module = db.session.scalar(
        select(Module).where(Module.slug == slug).options(selectinload(Module.lessons)))
    if module is None:
        abort(404, "Ce module n'existe pas.")
    return module


def _lesson_or_404(module: Module, slug: str) -> Lesson:
    for lesson in module.lessons:
        if lesson.slug == slug:
            return lesson
    abort(404, "Cette leçon n'existe pas dans ce module.")


@bp.get("/modules")
@trainee
def modules():
    all_modules = db.session.scalars(
        select(Module).options(selectinload(Module.lessons)).order_by(Module.order)).all()
    return render_template(
        "courseware/modules.html",
        modules=all_modules,
        progress=progress.progress_by_module(current_user.id),
        resume=progress.last_seen_lesson(current_user.id),
    )


@bp.get("/modules/<module>")
@trainee
def module(module: str):
    found = _module_or_404(module)
    panels, covered = render_module_panels(found.slug, current_user)
    titles = dict(db.session.execute(
        select(Module.slug, Module.title).where(Module.slug.in_(found.prerequisites))).all())
    return render_template(
        "courseware/module.html",
        module=found,
        completed=progress.completed_lesson_ids(current_user.id),
        prerequisites=[(slug, titles.get(slug)) for slug in found.prerequisites],
        panels=panels,
        simulator_kinds=None if "simulator" in covered else [SIMULATOR_KINDS[k] for k in found.simulator_kinds],
    )


@bp.get("/modules/<module>/fiche")
@trainee
def fiche(module: str):
    found = _module_or_404(module)
    if found.fiche_html is None:
        abort(404, "Ce module n'a pas encore de fiche pratique.")
    return render_template("courseware/fiche.html", module=found)


@bp.get("/modules/<module>/<lesson>")
@trainee
def lesson(module: str, lesson: str):
    found_module = _module_or_404(module)
    found = _lesson_or_404(found_module, lesson)
    begin_write(db.session())
    progress.record_visit(current_user.id, found.id)
    db.session.commit()
    lessons = found_module.lessons
    index = lessons.index(found)
    return render_template(
        "courseware/lesson.html",
        module=found_module,
        lesson=found,
        previous=lessons[index - 1] if index > 0 else None,
        next=lessons[index + 1] if index + 1 < len(lessons) else None,
        position=index + 1,
        done=found.id in progress.completed_lesson_ids(current_user.id),
    )


@bp.post("/modules/<module>/<lesson>/terminee")
@trainee
def complete(module: str, lesson: str):
    found_module = _module_or_404(module)
    found = _lesson_or_404(found_module, lesson)
    done = request.form.get("terminee", "1") != "0"
    progress.set_completed(current_user.id, found.id, done)
    db.session.commit()
    if not done:
        flash(f"Leçon « {found.title} » marquée comme non terminée.", "info")
        return redirect(url_for(".lesson", module=found_module.slug, lesson=found.slug))
    flash(f"Leçon « {found.title} » terminée.", "success")
    lessons = found_module.lessons
    index = lessons.index(found)
    if index + 1 < len(lessons):
        return redirect(url_for(".lesson", module=found_module.slug, lesson=lessons[index + 1].slug))
    return redirect(url_for(".module", module=found_module.slug))


@glossary_bp.get("/glossaire")
@trainee
def index():
    query = request.args.get("q", "").strip()
    terms = glossary_terms(query)
    letters = by_initial(terms)
    return render_template("courseware/glossary.html", query=query, letters=letters, count=len(terms),
                           alphabet=[chr(c) for c in range(ord("A"), ord("Z") + 1)],
                           present={letter for letter, _ in letters})


@bp.get("/recherche")
@trainee
def search():
    query = request.args.get("q", "").strip()
    searchable = bool(query_words(query))
    hits = search_lessons(query) if searchable else []
    terms = glossary_terms(query) if searchable else []
    return render_template("courseware/search.html", query=query, searchable=searchable, hits=hits, terms=terms)
