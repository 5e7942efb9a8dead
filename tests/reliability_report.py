"""Figures of `make reliability`: tests record them, the run prints one table at its end.

Tests count what they tried and what held on the one `FIGURES` object here
(``FIGURES.add("faults injected")``, ``FIGURES.peak(name, seconds)``). Loaded as a plugin (``-p tests.reliability_report``,
as `make reliability` does) it prints the table after the run; in a plain `make test` the
counts are kept and nothing is printed.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

# Order of the rows; figures not listed here follow in the order they were first recorded.
ROWS = [
    "hostile inputs tried",
    "hostile inputs refused or neutralised",
    "property-based inputs tried",
    "faults injected",
    "faults survived",
    "requests served",
    "requests failed (5xx)",
    "CSP violations",
    "seconds until a killed worker's task came back",
    "seconds until a killed extraction was written again",
    "rows lost",
]


class Figures:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.maxima: dict[str, float] = {}

    def add(self, name: str, amount: float = 1) -> None:
        self.counts[name] += amount  # type: ignore[assignment]

    def peak(self, name: str, value: float) -> None:
        self.maxima[name] = max(value, self.maxima.get(name, value))

    def rows(self) -> list[tuple[str, str]]:
        values: dict[str, Any] = {**self.counts, **self.maxima}
        values.setdefault("rows lost", 0)
        names = [name for name in ROWS if name in values]
        names += [name for name in values if name not in ROWS]
        names.remove("rows lost")
        names.append("rows lost")  # the last row, always
        return [(name, _format(values[name])) for name in names]


def _format(value: float) -> str:
    return f"{value:.1f}" if isinstance(value, float) and not value.is_integer() else f"{value:g}"


FIGURES = Figures()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    rows = FIGURES.rows()
    width = max(len(name) for name, _ in rows)
    terminalreporter.section("reliability figures")
    terminalreporter.write_line(f"{'figure'.ljust(width)} | value")
    terminalreporter.write_line(f"{'-' * width}-+------")
    for name, value in rows:
        terminalreporter.write_line(f"{name.ljust(width)} | {value}")
