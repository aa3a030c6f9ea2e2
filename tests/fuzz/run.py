"""The knobs of a fuzz run and its cases: bounded in count and time, seeded and reproducible.

- ``WS_FUZZ_SEED`` (default ``DEFAULT_SEED``): the run's seed; every case draws from its own
  ``random.Random(f"{seed}:{test}:{index}")``, so a case depends on nothing but the seed, the test and its index;
- ``WS_FUZZ_BUDGET`` (default ``DEFAULT_BUDGET``): cases per test (``make test`` keeps the default small; a long run
  sets e.g. ``WS_FUZZ_BUDGET=600``);
- ``WS_FUZZ_SECONDS`` (default: ``SECONDS_PER_CASE`` seconds per case of the budget, at least
  ``MIN_SECONDS``): the most one test's loop may run; it stops there (and says so) rather than overrun;
- ``WS_FUZZ_CASE``: run only that case index (with the seed of the failure), to replay it.

Each test prints its seed and budget when it starts and its figures when it ends (through ``capsys.disabled()``, so
they show with ``-q`` too); a failing case names its seed, index and the command that replays it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import random
import time
import typing as t
from collections import Counter

DEFAULT_SEED = 20261212
DEFAULT_BUDGET = 40
SECONDS_PER_CASE = 3.0
MIN_SECONDS = 60.0


def _int(name: str, default: int | None) -> int | None:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


@dataclasses.dataclass
class Case:
    run: FuzzRun
    index: int
    rng: random.Random

    @property
    def label(self) -> str:
        """Unique per run and case (handshakes carry it, so the recorded events can be told apart)."""
        return f"{self.run.seed}-{self.index}"

    def replay(self) -> str:
        return (
            f"seed={self.run.seed} case={self.index}; replay: WS_FUZZ_SEED={self.run.seed} "
            f"WS_FUZZ_CASE={self.index} .venv/bin/python -m pytest -q {self.run.test_file}"
        )


@dataclasses.dataclass
class FuzzRun:
    """One test's fuzz loop: ``for case in run.cases(): ...``; figures in ``run.counts``."""

    name: str
    test_file: str
    seed: int
    budget: int
    seconds: float
    only_case: int | None
    counts: Counter = dataclasses.field(default_factory=Counter)
    ran: int = 0
    started: float = 0.0
    stopped_by_time: bool = False

    @classmethod
    def from_environment(cls, name: str, test_file: str, per_case: float = SECONDS_PER_CASE) -> FuzzRun:
        budget = _int("WS_FUZZ_BUDGET", DEFAULT_BUDGET)
        if budget < 1:
            raise ValueError("WS_FUZZ_BUDGET must be >= 1")
        seconds = _int("WS_FUZZ_SECONDS", None)
        return cls(
            name=name,
            test_file=test_file,
            seed=_int("WS_FUZZ_SEED", DEFAULT_SEED),
            budget=budget,
            seconds=float(seconds) if seconds is not None else max(MIN_SECONDS, budget * per_case),
            only_case=_int("WS_FUZZ_CASE", None),
        )

    def rng(self, index: int) -> random.Random:
        return random.Random(f"{self.seed}:{self.name}:{index}")

    def cases(self) -> t.Iterator[Case]:
        self.started = time.monotonic()
        indexes = [self.only_case] if self.only_case is not None else range(self.budget)
        for index in indexes:
            if time.monotonic() - self.started > self.seconds:
                self.stopped_by_time = True
                return
            self.ran += 1
            yield Case(self, index, self.rng(index))

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started if self.started else 0.0

    def header(self) -> str:
        return (
            f"fuzz {self.name}: seed={self.seed} budget={self.budget} cases, at most {self.seconds:.0f} s"
            + (f", only case {self.only_case}" if self.only_case is not None else "")
            + " (WS_FUZZ_SEED, WS_FUZZ_BUDGET, WS_FUZZ_SECONDS, WS_FUZZ_CASE)"
        )

    def figures(self) -> str:
        counts = ", ".join(f"{key}={value}" for key, value in sorted(self.counts.items()))
        stop = " (stopped by WS_FUZZ_SECONDS)" if self.stopped_by_time else ""
        return f"fuzz {self.name}: seed={self.seed} {self.ran} cases in {self.elapsed:.1f} s{stop}; {counts}"

    @property
    def timeout(self) -> float:
        """For pytest-timeout: the loop's bound plus the fixtures' and the final checks' time."""
        return self.seconds + 240


def say(capsys, line: str) -> None:
    """A line on the terminal even when pytest captures output."""
    with capsys.disabled() if capsys is not None else contextlib.nullcontext():
        print(f"\n{line}", flush=True)
