"""Course fixtures: the real content loaded into the test database, and small synthetic courses on disk."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml

from core.extensions import db as _db
from courseware.loader import apply_course, sync_course
from courseware.source import read_course


@cache
def real_course():
    """The repository's course, read and rendered once per test session."""
    return read_course()


@pytest.fixture(scope="session")
def course_sources():
    return real_course()


@pytest.fixture
def course(app):
    """The real course in the database; returns the sources (modules with their lessons)."""
    sources = real_course()
    with app.app_context():
        apply_course(sources)
        _db.session.commit()
    return sources


class CourseFolder:
    """Writes a small course in the real layout (module.md, NN-lesson.md, fiche.md) under a folder."""

    def __init__(self, root: Path):
        self.root = root

    def module(self, slug: str = "01-premier-module", order: int = 1, lessons: dict[str, str] | None = None,
               fiche: str | None = "## Formules\n\n- Une règle : 60 jours.\n", intro: str = "Introduction du module.",
               **meta) -> Path:
        folder = self.root / slug
        folder.mkdir(parents=True, exist_ok=True)
        header = {"title": f"Module {order}", "order": order, "duration_minutes": 120,
                  "objectives": ["Savoir faire une chose"], "prerequisites": [], "simulator": []} | meta
        self.write(folder / "module.md", header, intro)
        for name, body in (lessons or {"01-premiere-lecon": "## Ce que vous saurez faire\n\nLire.\n"}).items():
            self.lesson(slug, name, body)
        if fiche is not None:
            self.write(folder / "fiche.md", {"title": "Fiche pratique"}, fiche)
        return folder

    def lesson(self, module: str, name: str, body: str, **meta) -> Path:
        header = {"title": f"Leçon {name}", "objectives": ["Comprendre"]} | meta
        path = self.root / module / f"{name}.md"
        self.write(path, header, body)
        return path

    @staticmethod
    def write(path: Path, header: dict | None, body: str) -> None:
        front = "" if header is None else "---\n" + yaml.safe_dump(header, allow_unicode=True, sort_keys=False) + "---\n"
        path.write_text(front + body, encoding="utf-8")

    def sync(self, app):
        with app.app_context():
            report = sync_course(self.root)
            _db.session.commit()
            return report


@pytest.fixture
def course_folder(tmp_path) -> CourseFolder:
    return CourseFolder(tmp_path / "content")
