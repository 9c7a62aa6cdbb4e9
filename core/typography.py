"""French typography for rendered HTML: non-breaking spaces where French print puts them.

Writers type ordinary spaces; this turns the right ones into non-breaking spaces so that a line never
breaks between a word and its `:` `;` `!` `?` or `%`, inside « guillemets », inside a digit group
(`1 234 567`) or between a number and its unit (`60 jours`, `1 234,56 €`). Only existing spaces are
changed (nothing is inserted, so `12:30` or `http://` stay as they are), only in text nodes, never in
attributes nor inside `code`, `pre`, `kbd` or `samp`.

Characters follow the French convention also used by `core.frenchnum` (Babel's `fr` locale): a narrow
no-break space (U+202F) before `; ! ?` and as the thousands separator, a no-break space (U+00A0) before
`:` and `%`, inside guillemets, before units and between a day and its month (`1er juillet`, `14 avril`).

Text is processed run by run: a run is the text between two block-level tags, so a rule sees the
characters on both sides of an inline tag (`<strong>Délai</strong> : 60 jours`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from core.frenchnum import NBSP, NNBSP

# Units and currencies that stay on the same line as the number before them.
UNITS = (
    "€", "k€", "M€", "Md€", "$", "£", "‰", "jours", "jour", "j", "mois", "ans", "an", "années", "année",
    "semaines", "semaine", "heures", "heure", "h", "minutes", "min", "points", "point", "pts", "°",
)
_UNIT_ALTERNATION = "|".join(re.escape(unit) for unit in sorted(UNITS, key=len, reverse=True))
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")
_MONTH_ALTERNATION = "|".join(MONTHS)

# Each rule: a pattern whose group 1 is the run of spaces to replace, and the replacement character.
RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<=\S)( +)(?=[;!?])"), NNBSP),
    (re.compile(r"(?<=\S)( +)(?=:)"), NBSP),
    (re.compile(r"(?<=\S)( +)(?=%)"), NBSP),
    (re.compile(r"«( +)"), NBSP),
    (re.compile(r"( +)»"), NBSP),
    (re.compile(rf"(?<=\d)( +)(?=(?:{_UNIT_ALTERNATION})(?!\w))"), NBSP),
    (re.compile(rf"(?:(?<=\b\d)|(?<=\b\d\d)|(?<=\b1er))( +)(?=(?:{_MONTH_ALTERNATION})(?!\w))"), NBSP),  # 14 avril
)
# A digit group: 1 to 3 digits then groups of exactly 3, not glued to other digits or a decimal part.
_DIGIT_GROUPS = re.compile(r"(?<![\d,.])\d{1,3}(?: \d{3})+(?!\d)")

VERBATIM_TAGS = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea"})
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "ul",
})
# A tag, with quoted attribute values that may contain ">".
_TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9]*)")


def french_spaces(text: str) -> str:
    """Apply the French spacing rules to plain text (not HTML)."""
    return "".join(_apply(text, _positions(text)))


def french_typography(fragment: str) -> str:
    """Apply the French spacing rules to the text nodes of an HTML fragment."""
    pieces = _tokenize(fragment)
    for run in _runs(pieces):
        text = "".join(piece.text for piece in run)
        replacements = _positions(text)
        offset = 0
        for piece in run:
            end = offset + len(piece.text)
            if piece.editable:
                local = {pos - offset: char for pos, char in replacements.items() if offset <= pos < end}
                piece.text = "".join(_apply(piece.text, local))
            offset = end
    return "".join(html.escape(p.text, quote=False) if p.is_text else p.text for p in pieces)


@dataclass
class _Piece:
    text: str  # unescaped text for a text node, raw markup for a tag
    is_text: bool
    editable: bool = False
    tag: str = ""


def _tokenize(fragment: str) -> list[_Piece]:
    pieces: list[_Piece] = []
    verbatim_depth = 0
    position = 0
    for match in _TAG.finditer(fragment):
        if match.start() > position:
            pieces.append(_text_piece(fragment[position:match.start()], verbatim_depth))
        markup = match.group(0)
        name_match = _TAG_NAME.match(markup)
        name = name_match.group(1).lower() if name_match else ""
        if name in VERBATIM_TAGS and not markup.endswith("/>"):
            verbatim_depth = max(0, verbatim_depth + (-1 if markup.startswith("</") else 1))
        pieces.append(_Piece(markup, is_text=False, tag=name))
        position = match.end()
    if position < len(fragment):
        pieces.append(_text_piece(fragment[position:], verbatim_depth))
    return pieces


def _text_piece(raw: str, verbatim_depth: int) -> _Piece:
    return _Piece(html.unescape(raw), is_text=True, editable=verbatim_depth == 0)


def _runs(pieces: list[_Piece]) -> list[list[_Piece]]:
    """Text pieces grouped into runs separated by block-level tags."""
    runs: list[list[_Piece]] = [[]]
    for piece in pieces:
        if piece.is_text:
            runs[-1].append(piece)
        elif piece.tag in BLOCK_TAGS:
            runs.append([])
    return [run for run in runs if run]


def _positions(text: str) -> dict[int, str]:
    """Index of each space to replace -> its replacement (a run of spaces becomes one character)."""
    replacements: dict[int, str] = {}
    for pattern, char in RULES:
        for match in pattern.finditer(text):
            replacements[match.start(1)] = char
            replacements.update(dict.fromkeys(range(match.start(1) + 1, match.end(1)), ""))
    for match in _DIGIT_GROUPS.finditer(text):
        for index in range(match.start(), match.end()):
            if text[index] == " ":
                replacements[index] = NNBSP
    return replacements


def _apply(text: str, replacements: dict[int, str]):
    for index, char in enumerate(text):
        yield replacements.get(index, char) if char == " " else char
