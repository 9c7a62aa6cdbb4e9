"""Main navigation by role: each area adds its entries with `nav_entry`."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request, url_for


@dataclass(frozen=True)
class NavEntry:
    roles: frozenset[str]
    label: str
    endpoint: str
    order: int
    pages: frozenset[str]  # blueprints and endpoints whose pages belong to this entry


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    active: bool


_entries: list[NavEntry] = []


def nav_entry(roles: tuple[str, ...], label: str, endpoint: str, order: int = 50, pages: tuple[str, ...] = ()) -> None:
    """Add an entry. Its pages are those of its endpoint's blueprint, plus `pages`: endpoints (or blueprints) of
    other areas that belong to it, such as a trainer's page served by the simulator's blueprint."""
    _entries.append(NavEntry(frozenset(roles), label, endpoint, order, frozenset((endpoint.split(".")[0], *pages))))
    _entries.sort(key=lambda entry: entry.order)


def current_entry(endpoint: str | None) -> NavEntry | None:
    """The entry a page belongs to: the one naming its endpoint, else the one naming its blueprint."""
    if not endpoint:
        return None
    for key in (endpoint, endpoint.split(".")[0]):
        for entry in _entries:
            if key in entry.pages:
                return entry
    return None


def nav_items(user) -> list[NavLink]:
    current = current_entry(request.endpoint)
    return [
        NavLink(entry.label, url_for(entry.endpoint), entry is current)
        for entry in _entries
        if user.role in entry.roles
    ]


# A cohort's cases and a trainee's case attempt are trainer pages reached from the cohort page.
nav_entry(("trainer", "admin"), "Mes sessions", "trainer.cohorts", order=60,
          pages=("simulator.cohort_cases", "simulator.review"))
nav_entry(("admin",), "Administration", "admin.index", order=90)
