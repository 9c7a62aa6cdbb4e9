"""Throughput of the case engines: complete generate + solve + grade cycles per second, per kind, on one core.

    .venv/bin/python bench/cases.py [--seconds S] [--level LEVEL]

Each cycle generates a new seed's case, solves it, grades the model answer and serialises the grade as
the CLI and the pages do (`Grade.to_dict`). Target: >= 500 financial-analysis cycles per second.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulator.registry import LEVELS, all_kinds  # noqa: E402

TARGETS = {"financial-analysis": 500}


def cycles_per_second(kind, seconds: float, level: str) -> tuple[float, int]:
    """Run cycles for about `seconds`; returns (cycles per second, cycles run)."""
    kind.grade(kind.generate(0, level), kind.solve(kind.generate(0, level)))  # warm-up: data files, imports
    seed = 1
    start = time.perf_counter()
    while True:
        case = kind.generate(seed, level)
        kind.grade(case, kind.solve(case)).to_dict()
        seed += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return (seed - 1) / elapsed, seed - 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="duration per kind (default 3)")
    parser.add_argument("--level", choices=LEVELS, default="standard")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    below = False
    for kind in all_kinds():
        rate, count = cycles_per_second(kind, args.seconds, args.level)
        target = TARGETS.get(kind.slug)
        reached = target is None or rate >= target
        verdict = "" if target is None else f"  (objectif {target}/s : {'atteint' if reached else 'NON atteint'})"
        below |= not reached
        print(f"{kind.slug:<24} {rate:8.0f} cycles/s  ({count} cycles, niveau {args.level}){verdict}")
    return 1 if below else 0


if __name__ == "__main__":
    raise SystemExit(main())
