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


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    active: bool


_entries: list[NavEntry] = []


def nav_entry(roles: tuple[str, ...], label: str, endpoint: str, order: int = 50) -> None:
    _entries.append(NavEntry(frozenset(roles), label, endpoint, order))
    _entries.sort(key=lambda entry: entry.order)


def nav_items(user) -> list[NavLink]:
    prefix = (request.endpoint or "").split(".")[0]
    return [
        NavLink(entry.label, url_for(entry.endpoint), entry.endpoint.split(".")[0] == prefix)
        for entry in _entries
        if user.role in entry.roles
    ]


nav_entry(("trainer", "admin"), "Mes sessions", "trainer.cohorts", order=60)
nav_entry(("admin",), "Administration", "admin.index", order=90)
