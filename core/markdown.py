"""Markdown to safe HTML, shared by the course and the question bank.

python-markdown with tables, footnotes, admonitions (`!!! retenir "À retenir"`), definition lists and
heading ids; then nh3 with an explicit allow-list of tags, attributes and classes (raw HTML in the source
is never trusted: `<script>`, `onerror=`, `javascript:` links are removed); then French typography on the
text nodes. `render_markdown` is what templates and other areas call; `render_document` also returns the
definitions found in the text, for the glossary.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

import nh3
from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.toc import slugify
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from core.typography import french_typography

ALLOWED_TAGS = frozenset({
    "a", "abbr", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt", "em", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "kbd", "li", "mark", "ol", "p", "pre", "s", "span", "strong", "sub",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "abbr": {"title"},
    "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "dt": {"id"},
    "li": {"id"},
    "sup": {"id"},
    "ol": {"start"},
}
ALIGNED_CELLS = {cell: {"align": {"left", "right", "center"}} for cell in ("th", "td")}
ALLOWED_CLASSES = {
    "div": {"admonition", "retenir", "attention", "note", "exemple", "footnote"},
    "p": {"admonition-title"},
    "a": {"footnote-ref", "footnote-backref"},
    "span": {"task"},
    "li": {"task"},
}
_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags={"script", "style"},
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    tag_attribute_values=ALIGNED_CELLS,
    allowed_classes={tag: set(names) for tag, names in ALLOWED_CLASSES.items()},
    url_schemes={"http", "https", "mailto"},
    strip_comments=True,
)

DEFINITION_ID_PREFIX = "def-"
TASK_MARKERS = {"[ ]": "☐", "[x]": "☑", "[X]": "☑"}


@dataclass(frozen=True)
class Definition:
    term: str  # plain text
    anchor: str  # id of the term in the rendered document
    html: str  # the definition, sanitised


@dataclass(frozen=True)
class RenderedDocument:
    html: Markup
    definitions: tuple[Definition, ...]


def render_markdown(text: str) -> Markup:
    """Markdown source -> sanitised HTML with French typography, safe to insert in a template."""
    return render_document(text).html


def render_document(text: str) -> RenderedDocument:
    markdown = Markdown(
        extensions=["tables", "footnotes", "admonition", "def_list", "toc", "sane_lists", _EncoursExtension()],
        extension_configs={
            "tables": {"use_align_attribute": True},
            "footnotes": {"BACKLINK_TITLE": "Revenir à l'appel de note {}", "BACKLINK_TEXT": "↩"},
            "toc": {"slugify": slugify, "toc_depth": "2-4"},
        },
        output_format="html",
    )
    safe = sanitize(markdown.convert(text))
    return RenderedDocument(Markup(safe), tuple(_definitions(safe)))


def sanitize(fragment: str) -> str:
    """Clean an HTML fragment with the allow-list, then apply French typography."""
    return french_typography(_cleaner.clean(fragment))


_ASCII_SPACES = re.compile(r"[ \t\r\n\f\v]+")  # not the non-breaking spaces typography put there
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|dt|dd|td|th|tr|blockquote|pre|div)>|<br\s*/?>|<hr\s*/?>", re.IGNORECASE)


def plain_text(fragment: str) -> str:
    """The visible text of an HTML fragment: one line per block (paragraph, heading, item, cell), other
    whitespace collapsed, non-breaking spaces kept."""
    marked = _BLOCK_END.sub("\n", _ASCII_SPACES.sub(" ", fragment))
    lines = html.unescape(re.sub(r"<[^>]*>", "", marked)).split("\n")
    return "\n".join(line for line in (_ASCII_SPACES.sub(" ", raw).strip(" ") for raw in lines) if line)


class _EncoursExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_DefinitionAnchors(md), "encours_definition_anchors", 5)
        md.treeprocessors.register(_TaskMarkers(md), "encours_task_markers", 4)


class _DefinitionAnchors(Treeprocessor):
    """Gives every definition-list term an id, so the glossary can link to the place it is defined."""

    def run(self, root: etree.Element) -> None:
        used: set[str] = set()
        for term in root.iter("dt"):
            base = DEFINITION_ID_PREFIX + (slugify("".join(term.itertext()), "-") or "terme")
            anchor, n = base, 1
            while anchor in used:
                n += 1
                anchor = f"{base}-{n}"
            used.add(anchor)
            term.set("id", anchor)


class _TaskMarkers(Treeprocessor):
    """`- [ ] Vérifier...` (a checklist in a fiche) shows a box to tick on paper."""

    def run(self, root: etree.Element) -> None:
        for item in root.iter("li"):
            holder = item[0] if len(item) and item[0].tag == "p" and not (item.text or "").strip() else item
            text = holder.text or ""
            for marker, box in TASK_MARKERS.items():
                if text.startswith(marker + " "):
                    span = etree.Element("span", {"class": "task"})
                    span.text = box
                    span.tail = " " + text[len(marker) + 1:]
                    holder.text = ""
                    holder.insert(0, span)
                    item.set("class", "task")
                    break


_DEFINITION = re.compile(r'<dt id="([^"]+)">(.*?)</dt>\s*((?:<dd>.*?</dd>\s*)+)', re.DOTALL)
_DD = re.compile(r"<dd>(.*?)</dd>", re.DOTALL)


def _definitions(safe_html: str):
    """Term/definition pairs of the sanitised output (its markup is regular: our own serialiser's)."""
    for match in _DEFINITION.finditer(safe_html):
        anchor, term_html, definitions = match.groups()
        body = "\n".join(part.strip() for part in _DD.findall(definitions))
        yield Definition(plain_text(term_html), anchor, body)
