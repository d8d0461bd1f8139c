"""A case's result: its parameters, what it counted and the checks those counts must pass;
written as JSON to chaos/results/<case>.json and printed as a table."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).resolve().parent / "results"


@dataclass
class CaseResult:
    """What one case did and counted."""

    case: str
    parameters: dict[str, Any]
    counts: dict[str, Any] = field(default_factory=dict)
    checks: dict[str, bool] = field(default_factory=dict)
    seconds: float = 0.0
    error: str | None = None

    @property
    def passed(self) -> bool:
        """Tell whether the case ran to the end and every check held."""
        return self.error is None and bool(self.checks) and all(self.checks.values())

    def as_dict(self) -> dict[str, Any]:
        """Return the result as plain JSON values."""
        return {
            "case": self.case,
            "passed": self.passed,
            "seconds": round(self.seconds, 1),
            "parameters": self.parameters,
            "counts": self.counts,
            "checks": self.checks,
            "error": self.error,
        }

    def write(self, directory: Path = RESULTS_DIR) -> Path:
        """Write the result to ``directory/<case>.json`` and return the path."""
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{self.case}.json"
        path.write_text(json.dumps(self.as_dict(), indent=2, sort_keys=False) + "\n")
        return path


def _flatten(prefix: str, value: Any) -> list[tuple[str, str]]:
    if isinstance(value, dict):
        rows: list[tuple[str, str]] = []
        for key, inner in value.items():
            rows += _flatten(f"{prefix}.{key}" if prefix else str(key), inner)
        return rows
    return [(prefix, str(value))]


def table(results: list[CaseResult]) -> str:
    """Return a plain-text table of every case's counts and checks."""
    lines: list[str] = []
    for result in results:
        verdict = "PASS" if result.passed else "FAIL"
        lines.append(f"== {result.case}: {verdict} in {result.seconds:.1f} s")
        if result.error:
            lines.append(f"   error: {result.error}")
        rows = _flatten("", result.parameters) + _flatten("", result.counts)
        rows += [(f"check {name}", "ok" if ok else "FAILED") for name, ok in result.checks.items()]
        width = max((len(name) for name, _ in rows), default=0)
        lines += [f"   {name.ljust(width)}  {value}" for name, value in rows]
    return "\n".join(lines)
