"""Loaders for the case library's data files (the YAML files next to this module).

Each file is read once per process; callers get the parsed mappings and must treat them as read-only.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent


@cache
def _load(name: str) -> dict[str, Any]:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def sectors() -> dict[str, dict[str, Any]]:
    """Sector profiles by slug (industrie, negoce, distribution, services, btp): see sectors.yaml."""
    return _load("sectors.yaml")["sectors"]


def archetypes() -> dict[str, dict[str, Any]]:
    """Company archetypes and their three-year stories by slug: see archetypes.yaml."""
    return _load("archetypes.yaml")["archetypes"]


def identities() -> dict[str, Any]:
    """Names, cities, legal forms for fictional identities: see identities.yaml."""
    return _load("identities.yaml")


def risk_grid() -> dict[str, Any]:
    """The in-house risk-class grid: see risk_classes.yaml."""
    return _load("risk_classes.yaml")
