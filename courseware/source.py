"""Reading the course from `courseware/content/`: front matter, validation, rendering. No database.

Layout (one folder per module, as CONTENT.md describes):
`NN-slug/module.md` (front matter: title, order, duration_minutes, objectives, prerequisites, simulator;
body = introduction), lessons `NN-lesson-slug.md` (title, objectives, optional duration_minutes),
optional `fiche.md` (title) and `examples.yaml` (read by the content tests only).

Every problem raises `ContentError` (a ValueError) with a French message that names the file, so that
`flask --app app content sync` tells the writer what to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from core.markdown import RenderedDocument, plain_text, render_document
from courseware.text import count_words, reading_minutes

CONTENT_DIR = Path(__file__).resolve().parent / "content"
MODULE_FILE, FICHE_FILE, EXAMPLES_FILE = "module.md", "fiche.md", "examples.yaml"
MODULE_FOLDER = re.compile(r"^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")
LESSON_FILE = re.compile(r"^(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.md$")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)(.*)\Z", re.DOTALL)

# Simulator case kinds a module may name (CONTRACT.md), with the label shown when no panel shows them.
SIMULATOR_KINDS = {
    "financial-analysis": "Analyse financière",
    "credit-limit": "Limite de crédit",
    "aged-balance": "Balance âgée et indicateurs",
    "dunning-plan": "Plan de relance",
    "phone-call": "Relance téléphonique",
    "insolvency-claim": "Déclaration de créances",
    "litigation": "Voie contentieuse",
}
MODULE_KEYS = {"title", "order", "duration_minutes", "objectives", "prerequisites", "simulator"}
LESSON_KEYS = {"title", "objectives", "duration_minutes"}
FICHE_KEYS = {"title"}


class ContentError(ValueError):
    """A content file that cannot be loaded; the message is French and names the file."""


@dataclass(frozen=True)
class Page:
    """A Markdown file's body, rendered: the document, its visible text and word count."""

    markdown: str
    document: RenderedDocument
    text: str
    words: int

    @classmethod
    def render(cls, body: str) -> Page:
        document = render_document(body)
        text = plain_text(str(document.html))
        return cls(body, document, text, count_words(text))


@dataclass(frozen=True)
class LessonSource:
    path: Path
    slug: str
    order: int
    title: str
    objectives: list[str]
    duration_minutes: int | None
    page: Page

    @property
    def reading_minutes(self) -> int:
        return reading_minutes(self.page.words)


@dataclass(frozen=True)
class FicheSource:
    path: Path
    title: str
    page: Page


@dataclass(frozen=True)
class ModuleSource:
    path: Path
    slug: str
    title: str
    order: int
    duration_minutes: int
    objectives: list[str]
    prerequisites: list[str]
    simulator: list[str]
    intro: Page
    lessons: list[LessonSource] = field(default_factory=list)
    fiche: FicheSource | None = None

    @property
    def word_count(self) -> int:
        """Words of the lessons and the fiche (the introduction is not counted: CONTENT.md's measure)."""
        return sum(lesson.page.words for lesson in self.lessons) + (self.fiche.page.words if self.fiche else 0)


def read_course(content_dir: Path = CONTENT_DIR) -> list[ModuleSource]:
    """Every module of the content folder, validated, ordered by `order`."""
    if not content_dir.is_dir():
        raise ContentError(f"{content_dir} : dossier du cours introuvable.")
    modules = [read_module(folder) for folder in sorted(content_dir.iterdir()) if folder.is_dir()]
    _check_course(modules)
    return sorted(modules, key=lambda module: module.order)


def read_module(folder: Path) -> ModuleSource:
    if not MODULE_FOLDER.match(folder.name):
        raise ContentError(f"{_shown(folder)} : nom de dossier invalide (attendu « NN-slug » en minuscules, "
                           "par exemple « 03-analyse-financiere »).")
    module_path = folder / MODULE_FILE
    if not module_path.is_file():
        raise ContentError(f"{_shown(folder)} : fichier {MODULE_FILE} manquant.")
    meta, body = split_front_matter(module_path, MODULE_KEYS)
    lessons = [read_lesson(path) for path in sorted(folder.glob("*.md")) if path.name not in (MODULE_FILE, FICHE_FILE)]
    if not lessons:
        raise ContentError(f"{_shown(folder)} : aucune leçon (fichiers « NN-slug.md »).")
    numbers = [lesson.order for lesson in lessons]
    if len(set(numbers)) != len(numbers):
        twice = sorted({n for n in numbers if numbers.count(n) > 1})
        raise ContentError(f"{_shown(folder)} : deux leçons portent le même numéro ({', '.join(f'{n:02d}' for n in twice)}).")
    fiche_path = folder / FICHE_FILE
    return ModuleSource(
        path=module_path,
        slug=folder.name,
        title=_text(meta, "title", module_path),
        order=_positive_int(meta, "order", module_path),
        duration_minutes=_positive_int(meta, "duration_minutes", module_path),
        objectives=_strings(meta, "objectives", module_path, required=True),
        prerequisites=_prerequisites(meta, module_path, folder.name),
        simulator=_simulator_kinds(meta, module_path),
        intro=Page.render(body),
        lessons=lessons,
        fiche=read_fiche(fiche_path) if fiche_path.is_file() else None,
    )


def read_lesson(path: Path) -> LessonSource:
    match = LESSON_FILE.match(path.name)
    if not match:
        raise ContentError(f"{_shown(path)} : nom de leçon invalide (attendu « NN-slug.md », "
                           "par exemple « 02-caf.md »).")
    meta, body = split_front_matter(path, LESSON_KEYS)
    if not body.strip():
        raise ContentError(f"{_shown(path)} : la leçon est vide.")
    duration = _positive_int(meta, "duration_minutes", path) if "duration_minutes" in meta else None
    return LessonSource(
        path=path,
        slug=path.stem,
        order=int(match.group(1)),
        title=_text(meta, "title", path),
        objectives=_strings(meta, "objectives", path, required=True),
        duration_minutes=duration,
        page=Page.render(body),
    )


def read_fiche(path: Path) -> FicheSource:
    meta, body = split_front_matter(path, FICHE_KEYS)
    return FicheSource(path=path, title=_text(meta, "title", path), page=Page.render(body))


def split_front_matter(path: Path, allowed: set[str]) -> tuple[dict[str, Any], str]:
    """The YAML front matter (between two `---` lines at the top) and the Markdown body of a file."""
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(f"{_shown(path)} : le fichier n'est pas encodé en UTF-8.") from exc
    match = _FRONT_MATTER.match(raw.lstrip("\ufeff"))
    if not match:
        raise ContentError(f"{_shown(path)} : en-tête YAML absent (le fichier doit commencer par une ligne « --- », "
                           "puis les champs, puis une ligne « --- »).")
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise ContentError(f"{_shown(path)} : en-tête YAML invalide : {exc}") from exc
    if not isinstance(meta, dict):
        raise ContentError(f"{_shown(path)} : l'en-tête YAML doit être une liste de champs « clé: valeur ».")
    unknown = sorted(set(map(str, meta)) - allowed)
    if unknown:
        raise ContentError(f"{_shown(path)} : champ(s) inconnu(s) dans l'en-tête : {', '.join(unknown)} "
                           f"(champs possibles : {', '.join(sorted(allowed))}).")
    return meta, match.group(2)


def missing_prerequisites(modules: list[ModuleSource]) -> dict[str, list[str]]:
    """Prerequisites naming a module that is not (yet) in the content folder -> the modules that name them.

    A well-formed slug of a module still being written is not an error while the course is under
    construction: the sync reports it and the content tests fail until the module exists."""
    present = {module.slug for module in modules}
    missing: dict[str, list[str]] = {}
    for module in modules:
        for prerequisite in module.prerequisites:
            if prerequisite not in present:
                missing.setdefault(prerequisite, []).append(module.slug)
    return missing


def _check_course(modules: list[ModuleSource]) -> None:
    by_order: dict[int, str] = {}
    for module in modules:
        if module.order in by_order:
            raise ContentError(f"{_shown(module.path)} : l'ordre {module.order} est déjà celui du module "
                               f"{by_order[module.order]}.")
        by_order[module.order] = module.slug


def _text(meta: dict, key: str, path: Path) -> str:
    value = meta.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{_shown(path)} : titre manquant (champ « {key} » de l'en-tête)." if key == "title"
                           else f"{_shown(path)} : champ « {key} » manquant ou vide.")
    return value.strip()


def _positive_int(meta: dict, key: str, path: Path) -> int:
    value = meta.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        shown = "absent" if value is None else f"« {value} »"
        raise ContentError(f"{_shown(path)} : champ « {key} » invalide ({shown}) : un entier positif est attendu.")
    return value


def _strings(meta: dict, key: str, path: Path, *, required: bool) -> list[str]:
    value = meta.get(key, None if required else [])
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise ContentError(f"{_shown(path)} : champ « {key} » invalide : une liste de textes est attendue.")
    if required and not value:
        raise ContentError(f"{_shown(path)} : champ « {key} » vide : au moins un élément est attendu.")
    return [item.strip() for item in value]


def _prerequisites(meta: dict, path: Path, slug: str) -> list[str]:
    prerequisites = _strings(meta, "prerequisites", path, required=False)
    for prerequisite in prerequisites:
        if not MODULE_FOLDER.match(prerequisite) or prerequisite == slug:
            raise ContentError(f"{_shown(path)} : prérequis inconnu « {prerequisite} » (indiquer le nom du dossier "
                               "d'un autre module, par exemple « 01-enjeux-credit-client »).")
    return prerequisites


def _simulator_kinds(meta: dict, path: Path) -> list[str]:
    kinds = _strings(meta, "simulator", path, required=False)
    unknown = [kind for kind in kinds if kind not in SIMULATOR_KINDS]
    if unknown:
        raise ContentError(f"{_shown(path)} : type de cas inconnu dans « simulator » : {', '.join(unknown)} "
                           f"(types possibles : {', '.join(SIMULATOR_KINDS)}).")
    return kinds


def _shown(path: Path) -> str:
    """The path as the writer knows it: from the repository root when the file is in it."""
    root = CONTENT_DIR.parent.parent
    try:
        return str(path.resolve().relative_to(root))
    except ValueError:
        return str(path)
