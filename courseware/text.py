"""Plain-text helpers for the course: word counts, reading time, accent- and case-insensitive folding."""

from __future__ import annotations

import math
import unicodedata

WORDS_PER_MINUTE = 200
LIGATURES = {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"}


def count_words(text: str) -> int:
    """Words a reader reads: whitespace-separated tokens with at least one letter or digit (a lone `€`,
    `×` or `=` is not a word)."""
    return sum(1 for token in text.split() if any(char.isalnum() for char in token))


def reading_minutes(words: int) -> int:
    """Reading time at about 200 words a minute, at least one minute."""
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def _fold_char(char: str) -> str:
    if char.isspace():
        return " "
    if char in LIGATURES:
        return LIGATURES[char]
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold(text: str) -> str:
    """Lower case without accents, every kind of space as a plain space: `Échéance` -> `echeance`."""
    return "".join(_fold_char(char) for char in text)


def sort_key(term: str) -> str:
    """Where a term files alphabetically: folded, leading quotes and punctuation ignored."""
    folded = fold(term)
    for index, char in enumerate(folded):
        if char.isalnum():
            return folded[index:]
    return folded


def fold_with_positions(text: str) -> tuple[str, list[int]]:
    """`fold(text)` and, for each character of it, the index of the character of `text` it comes from
    (folding may change lengths: `œ` and `ß` become two characters), so that a match found in the
    folded text can be highlighted in the original."""
    folded: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        piece = _fold_char(char)
        folded.append(piece)
        positions.extend([index] * len(piece))
    return "".join(folded), positions


def format_duration(minutes: int) -> str:
    """`50` -> `50 min`, `240` -> `4 h`, `90` -> `1 h 30` (non-breaking spaces)."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}\u00a0min"
    return f"{hours}\u00a0h" + (f"\u00a0{rest:02d}" if rest else "")
