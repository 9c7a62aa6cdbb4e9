"""Throughput of the case engines: complete generate + solve + grade cycles per second, per kind, on one core.

    .venv/bin/python bench/cases.py [--seconds S | --cycles N] [--level LEVEL] [--kind SLUG]

Each cycle generates a new seed's case, solves it, grades the model answer and serialises the grade as
the CLI and the pages do (`Grade.to_dict`). Target: >= 500 financial-analysis cycles per second (wall clock).
The rate is also given per CPU-second of this process, which other work on the machine disturbs less, with
the load average before and after each kind's run, so that a figure can be read against the machine's load.
`--cycles N` runs exactly N cycles instead, for counting instructions (see bench/RESULTS.md, "Cas").
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulator.registry import LEVELS, all_kinds  # noqa: E402

TARGETS = {"financial-analysis": 500}


@dataclass(frozen=True)
class Throughput:
    cycles: int
    wall_seconds: float
    cpu_seconds: float

    @property
    def per_second(self) -> float:
        return self.cycles / self.wall_seconds

    @property
    def per_cpu_second(self) -> float:
        return self.cycles / self.cpu_seconds


def measure(kind, level: str, seconds: float, cycles: int | None = None) -> Throughput:
    """Run cycles on new seeds for about `seconds` of wall-clock time, or exactly `cycles` cycles."""
    kind.grade(kind.generate(0, level), kind.solve(kind.generate(0, level)))  # warm-up: data files, imports
    seed = 1
    start, cpu_start = time.perf_counter(), time.process_time()
    while True:
        case = kind.generate(seed, level)
        kind.grade(case, kind.solve(case)).to_dict()
        elapsed = time.perf_counter() - start
        if seed == cycles or (cycles is None and elapsed >= seconds):
            return Throughput(seed, elapsed, time.process_time() - cpu_start)
        seed += 1


def _load() -> str:
    return f"{os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else "?"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="duration per kind (default 3)")
    parser.add_argument("--cycles", type=int, help="run exactly this many cycles per kind instead")
    parser.add_argument("--level", choices=LEVELS, default="standard")
    parser.add_argument("--kind", help="only this kind (slug)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    kinds = [kind for kind in all_kinds() if args.kind in (None, kind.slug)]
    if not kinds:
        parser.error(f"unknown kind: {args.kind}")
    below = False
    for kind in kinds:
        load_before = _load()
        result = measure(kind, args.level, args.seconds, args.cycles)
        target = TARGETS.get(kind.slug)
        reached = target is None or result.per_second >= target
        verdict = "" if target is None else f"  (objectif {target}/s : {'atteint' if reached else 'NON atteint'})"
        below |= not reached
        print(f"{kind.slug:<24} {result.per_second:8.0f} cycles/s  {result.per_cpu_second:8.0f} par s CPU  "
              f"({result.cycles} cycles, niveau {args.level}, charge {load_before} -> {_load()}){verdict}")
    return 1 if below else 0


if __name__ == "__main__":
    raise SystemExit(main())
