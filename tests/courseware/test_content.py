"""The course content itself: the 15 modules, their lessons, fiches, question banks and worked examples.

These tests read the real files of `courseware/content/` and `quizzes/banks/`. A module that is not
written yet FAILS its tests (nothing is skipped): the course is complete only when all pass.

Word counts are the words a trainee reads: the rendered lessons and fiche, without front matter and
Markdown syntax (`courseware.text.count_words`), which is lower than `wc -w` on the source files.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
import typing
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from courseware.source import EXAMPLES_FILE, MODULE_KEYS, ModuleSource, split_front_matter

MODULE_SLUGS = [
    "01-enjeux-credit-client", "02-connaissance-clients", "03-analyse-financiere", "04-protection-juridique",
    "05-notation-limites", "06-commerciaux", "07-cadre-juridique-relance", "08-organisation-relance",
    "09-relance-telephonique", "10-litiges", "11-contentieux", "12-procedures-collectives", "13-pilotage",
    "14-diagnostic-dso", "15-international-public",
]
BANKS_DIR = Path(__file__).resolve().parents[2] / "quizzes" / "banks"
MIN_WORDS, MAX_WORDS = 3000, 4500
MIN_LESSONS, MAX_LESSONS = 3, 6
MIN_QUESTIONS = 30
MIN_DEFINITIONS = 5
FLOAT_TOLERANCE = 0.005
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
MODULE_LINK = re.compile(r"\]\((/modules/[^)\s]+)\)")


def _module(sources: list[ModuleSource], slug: str) -> ModuleSource:
    found = {module.slug: module for module in sources}.get(slug)
    assert found is not None, f"module {slug} absent de courseware/content/ (pas encore rédigé ?)"
    return found


def _exists(sources: list[ModuleSource], path: str) -> bool:
    """`/modules/<module>` or `/modules/<module>/<lesson>` (or `/fiche`) names something in the course."""
    parts = urlsplit(path).path.strip("/").split("/")
    modules = {module.slug: module for module in sources}
    if len(parts) < 2 or parts[0] != "modules" or parts[1] not in modules:
        return False
    if len(parts) == 2:
        return True
    module = modules[parts[1]]
    return len(parts) == 3 and (parts[2] in {lesson.slug for lesson in module.lessons}
                                or (parts[2] == "fiche" and module.fiche is not None))


# --- Structure ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", MODULE_SLUGS)
def test_module_structure(course_sources, slug):
    module = _module(course_sources, slug)
    meta, _ = split_front_matter(module.path, MODULE_KEYS)
    assert set(meta) == MODULE_KEYS, f"{slug}/module.md : champs manquants {sorted(MODULE_KEYS - set(meta))}"
    assert module.objectives
    assert MIN_LESSONS <= len(module.lessons) <= MAX_LESSONS, f"{slug} : {len(module.lessons)} leçons"
    for lesson in module.lessons:
        assert lesson.title and lesson.objectives, lesson.path
        html = str(lesson.page.document.html)
        assert '<div class="admonition retenir">' in html, f"{lesson.path} : pas d'encadré « À retenir »"
        assert '<div class="admonition attention">' in html, f"{lesson.path} : pas d'encadré « Attention »"
        assert "Exemple chiffré" in html, f"{lesson.path} : pas d'exemple chiffré"
    assert module.fiche is not None, f"{slug} : fiche.md manquante"
    assert MIN_WORDS <= module.word_count <= MAX_WORDS, f"{slug} : {module.word_count} mots (leçons + fiche)"
    definitions = sum(len(lesson.page.document.definitions) for lesson in module.lessons)
    assert definitions >= MIN_DEFINITIONS, f"{slug} : {definitions} définitions pour le glossaire"


def test_modules_are_ordered_and_prerequisites_exist(course_sources):
    modules = {module.slug: module for module in course_sources}
    assert sorted(modules) == MODULE_SLUGS, f"modules manquants : {sorted(set(MODULE_SLUGS) - set(modules))}"
    assert [modules[slug].order for slug in MODULE_SLUGS] == list(range(1, 16))
    missing = {slug: [p for p in module.prerequisites if p not in modules] for slug, module in modules.items()}
    assert {slug: names for slug, names in missing.items() if names} == {}


# --- Question banks ----------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", MODULE_SLUGS)
def test_question_bank(course_sources, slug):
    from quizzes.formats import import_questions
    from quizzes.formats.gift import GiftQuestion, parse_gift

    number = slug[:2]
    path = BANKS_DIR / f"module-{number}.gift"
    assert path.is_file(), f"banque {path.name} absente"
    text = path.read_text(encoding="utf-8")
    result = import_questions(text, "gift")
    assert result.skipped == [], f"{path.name} : questions ignorées {result.skipped}"
    assert len(result.questions) >= MIN_QUESTIONS, f"{path.name} : {len(result.questions)} questions"
    untitled = [item.line for item in parse_gift(text) if isinstance(item, GiftQuestion) and not item.title]
    assert untitled == [], f"{path.name} : questions sans ::titre:: aux lignes {untitled}"
    for question in result.questions:
        assert question.category.startswith(f"module-{number}"), question.title
        links = MODULE_LINK.findall(question.general_feedback)
        assert any(link.count("/") == 3 and _exists(course_sources, link) for link in links), (
            f"{path.name} « {question.title} » : le feedback général ne renvoie à aucune leçon existante")
    broken = sorted({link for link in MODULE_LINK.findall(text) if not _exists(course_sources, link)})
    assert broken == [], f"{path.name} : liens vers des pages inexistantes {broken}"


# --- Worked examples ---------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", MODULE_SLUGS)
def test_worked_examples_match_the_shared_code(course_sources, slug):
    module = _module(course_sources, slug)
    path = module.path.parent / EXAMPLES_FILE
    assert path.is_file(), f"{slug} : {EXAMPLES_FILE} manquant"
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    assert entries, f"{slug} : {EXAMPLES_FILE} ne déclare aucun exemple"
    pages = {lesson.slug: lesson.page for lesson in module.lessons} | ({"fiche": module.fiche.page} if module.fiche else {})
    texts = {name: page.markdown + "\n" + page.text for name, page in pages.items()}
    problems = [problem for index, entry in enumerate(entries) for problem in _check(entry, index, texts)]
    assert problems == [], "\n".join(problems)


def _check(entry: dict, index: int, texts: dict[str, str]) -> list[str]:
    """Problems with one examples.yaml entry; `shown` may quote the Markdown source or the rendered text."""
    where = f"exemple {index + 1} ({entry.get('lesson')}, {entry.get('call')}, {entry.get('key')})"
    if entry.get("lesson") not in texts:
        return [f"{where} : leçon inconnue"]
    function = _function(entry["call"])
    value = function(**_arguments(function, entry.get("args") or {}))
    if entry.get("key") not in (None, ""):
        value = _pick(value, str(entry["key"]))
    problems = []
    if not _same(value, entry.get("expect")):
        problems.append(f"{where} : le code donne {value!r}, attendu {entry.get('expect')!r}")
    shown = _spaces(str(entry.get("shown", "")))
    if not shown or shown not in _spaces(texts[entry["lesson"]]):
        problems.append(f"{where} : « {entry.get('shown')} » n'apparaît pas dans la leçon")
    return problems


def _function(dotted: str):
    module_name, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module_name), name)


def _arguments(function, args: dict) -> dict:
    hints = typing.get_type_hints(function)
    return {name: _convert(value, _wants_decimal(hints.get(name))) for name, value in args.items()}


def _wants_decimal(hint) -> bool:
    return hint is Decimal or Decimal in typing.get_args(hint)


def _convert(value, decimal: bool):
    """ISO date strings become dates (at any depth); numeric strings become Decimal for Decimal parameters."""
    if isinstance(value, str) and ISO_DATE.match(value):
        return dt.date.fromisoformat(value)
    if isinstance(value, str) and decimal and NUMBER.match(value):
        return Decimal(value)
    if isinstance(value, list):
        return [_convert(item, False) for item in value]
    if isinstance(value, dict):
        return {key: _convert(item, False) for key, item in value.items()}
    return value


def _pick(value, key: str):
    for part in key.split("."):
        if isinstance(value, typing.Mapping):
            value = value[part] if part in value else value[int(part)]
        elif isinstance(value, (list, tuple)):
            value = value[int(part)]
        else:
            value = getattr(value, part)
    return value


def _same(value, expect) -> bool:
    """Floats within 0.005; Decimals exactly once rounded (half up) to the expected figure's decimals,
    never coarser than the cent (an unrounded present value shown to the cent); the rest exactly."""
    if isinstance(value, dt.date) and isinstance(expect, str):
        return value.isoformat() == expect
    if isinstance(value, bool) or isinstance(expect, bool) or value is None or expect is None:
        return value == expect
    if isinstance(value, float) and isinstance(expect, (int, float)):
        return abs(value - expect) <= FLOAT_TOLERANCE
    if isinstance(value, Decimal) and isinstance(expect, (int, float, str)):
        wanted = Decimal(str(expect))
        places = min(wanted.as_tuple().exponent, -2)
        return value.quantize(Decimal(1).scaleb(places), rounding=ROUND_HALF_UP) == wanted
    return value == expect


def _spaces(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ").split())


# --- Internal links in the rendered course -----------------------------------------------------------


LINK = re.compile(r'href="(/[^"]*)"')
ANCHOR_ID = re.compile(r'\bid="([^"]+)"')


def test_every_internal_link_of_the_rendered_course_resolves(client, auth, factory, course):
    """Every link of every module, lesson and fiche page leads to a page that answers 200, and every
    `#anchor` exists in its target page."""
    auth.login(factory.user("trainee"))
    cache: dict[str, tuple[int, str]] = {}

    def get(path: str) -> tuple[int, str]:
        if path not in cache:
            response = client.get(path)
            cache[path] = (response.status_code, response.text)
        return cache[path]

    pages = ["/modules", "/glossaire"]
    for module in course:
        pages.append(f"/modules/{module.slug}")
        pages += [f"/modules/{module.slug}/{lesson.slug}" for lesson in module.lessons]
        pages += [f"/modules/{module.slug}/fiche"] if module.fiche else []
    broken = []
    for page in pages:
        status, html = get(page)
        assert status == 200, page
        for href in sorted(set(LINK.findall(html))):
            target = urlsplit(href.replace("&amp;", "&"))
            if target.path.startswith("/static/") or target.path == "/logout":
                continue
            target_status, target_html = get(target.path + (f"?{target.query}" if target.query else ""))
            if target_status != 200:
                broken.append(f"{page} -> {href} ({target_status})")
            elif target.fragment and target.fragment not in ANCHOR_ID.findall(target_html):
                broken.append(f"{page} -> {href} (ancre absente)")
    assert broken == [], "\n".join(broken)


# --- The checker itself --------------------------------------------------------------------------------


def test_example_checker_recomputes_and_finds_the_figure():
    texts = {"01-lecon": "Pénalités : **90,79\u00a0€** ; échéance le 6 avril 2025 ; ratio 6,1 %."}
    good = [
        {"lesson": "01-lecon", "call": "simulator.law.late_penalty",
         "args": {"amount": "8400.00", "due_date": "2025-03-15", "end_date": "2025-04-14"},
         "key": None, "expect": 90.79, "shown": "**90,79 €**"},
        {"lesson": "01-lecon", "call": "simulator.law.default_due_date", "args": {"delivery_date": "2025-03-07"},
         "key": None, "expect": "2025-04-06", "shown": "6 avril 2025"},
        {"lesson": "01-lecon", "call": "simulator.law.present_value",
         "args": {"cashflows": [[1, "5993.00"]], "annual_rate": "0.08"}, "key": None, "expect": 5549.07,
         "shown": "Pénalités"},
        {"lesson": "01-lecon", "call": "simulator.law.claim_lines",
         "args": {"invoices": [{"id": "F1", "customer": "C", "date": "2025-01-02", "due_date": "2025-02-01",
                                "amount": "1000.00"}], "payments": [], "credit_notes": [],
                  "judgment_date": "2025-01-20"},
         "key": "lines.0.status", "expect": "a_echoir", "shown": "6,1 %"},
    ]
    assert [problem for index, entry in enumerate(good) for problem in _check(entry, index, texts)] == []
    wrong_figure = good[0] | {"expect": 90.8}
    assert "le code donne Decimal('90.79'), attendu 90.8" in _check(wrong_figure, 0, texts)[0]
    not_shown = good[1] | {"shown": "7 avril 2025"}
    assert "« 7 avril 2025 » n'apparaît pas" in _check(not_shown, 0, texts)[0]
    unrounded = good[2] | {"expect": 5549}
    assert _check(unrounded, 0, texts)  # an integer expectation is not a licence to round to the euro
    assert "leçon inconnue" in _check(good[0] | {"lesson": "02-autre"}, 0, texts)[0]
