"""Question bank import and export: GIFT, Aiken, Moodle XML, all producing `QuestionData`.

`import_questions(text, fmt, category=None)` never half-imports a question: each one is either in
`ImportResult.questions` or listed in `ImportResult.skipped` with its line and a French reason.
`category` is the category of questions whose file does not name one.
"""

from __future__ import annotations

from typing import Callable, Iterable

from quizzes.formats.aiken import import_aiken
from quizzes.formats.common import ImportResult, Skipped
from quizzes.formats.gift import export_gift, import_gift
from quizzes.formats.moodlexml import export_moodlexml, import_moodlexml
from quizzes.questions import QuestionData

__all__ = ["IMPORT_FORMATS", "EXPORT_FORMATS", "ImportResult", "Skipped", "import_questions",
           "export_questions"]

IMPORTERS: dict[str, Callable[..., ImportResult]] = {
    "gift": import_gift,
    "aiken": import_aiken,
    "moodlexml": import_moodlexml,
}
EXPORTERS: dict[str, Callable[[Iterable[QuestionData]], str]] = {
    "gift": export_gift,
    "moodlexml": export_moodlexml,
}
IMPORT_FORMATS = tuple(IMPORTERS)
EXPORT_FORMATS = tuple(EXPORTERS)


def import_questions(text: str | bytes, fmt: str, category: str | None = None) -> ImportResult:
    """Import a file's content; bytes are read as UTF-8, except Moodle XML which declares its encoding."""
    if fmt not in IMPORTERS:
        raise ValueError(f"Format d’import inconnu : « {fmt} » (formats : {', '.join(IMPORT_FORMATS)}).")
    if isinstance(text, bytes) and fmt != "moodlexml":
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = text[: exc.start].count(b"\n") + 1
            return ImportResult(skipped=[Skipped(line, "Fichier illisible : il n’est pas encodé en UTF-8.")])
    return IMPORTERS[fmt](text, category)


def export_questions(questions: Iterable[QuestionData], fmt: str) -> str:
    if fmt not in EXPORTERS:
        raise ValueError(f"Format d’export inconnu : « {fmt} » (formats : {', '.join(EXPORT_FORMATS)}).")
    return EXPORTERS[fmt](questions)
