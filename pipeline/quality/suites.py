"""The expectation suites: GX's own JSON format, one file per checked frame, in `expectations/`.

Each file is what `ExpectationSuite.to_json_dict()` writes (name, expectations with type,
kwargs, severity, description, meta) minus the generated ids, so it can be reviewed in a
diff and loaded by GX unchanged. What GX does not know lives in `meta`:

- suite meta: `frame` (the frame it checks, see frames.py), `key` (the columns that name a
  row), `flag_joins` (for each warehouse table a failing row can flag, how its columns map
  onto the frame's) and `about`;
- expectation meta: `check` (a stable id, `<suite>.<name>`), `flag` (tables to flag when a
  warning fails) and `show` (extra columns worth reporting beside the checked ones).

GX severity `critical` is *blocking* (the build is not published); `warning` flags rows.
The loader refuses a file that breaks these rules, so a typo cannot silently disable a check.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SUITES_DIR = Path(__file__).resolve().parents[2] / "expectations"
SEVERITIES = {"critical": "blocking", "warning": "warning"}
#: suites in the order data flows through them (reports and summaries follow it)
FLOW = ("catalog", "documents", "projects", "budget_lines", "offerings", "peer_metrics", "raises_actual",
        "project_progress", "project_changes")
#: kwargs that name the columns an expectation reads
COLUMN_KWARGS = ("column", "column_A", "column_B", "column_list")


class SuiteError(ValueError):
    """A suite file is malformed: the message names the file and the expectation."""


@dataclass(frozen=True)
class Check:
    """One expectation, with what starboard needs to act on its result."""

    check_id: str
    suite: str
    expectation_type: str
    kwargs: dict[str, Any]
    severity: str  # blocking | warning
    description: str
    flag: tuple[str, ...] = ()
    show: tuple[str, ...] = ()

    @property
    def columns(self) -> list[str]:
        out: list[str] = []
        for name in COLUMN_KWARGS:
            value = self.kwargs.get(name)
            for col in value if isinstance(value, list) else [value] if value else []:
                if col not in out:
                    out.append(col)
        return out


@dataclass(frozen=True)
class Suite:
    name: str
    frame: str
    key: tuple[str, ...]
    about: str
    flag_joins: dict[str, dict[str, str]]
    checks: tuple[Check, ...]
    spec: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)

    @property
    def columns(self) -> list[str]:
        """Every column the suite reads: the key, the checked columns and the ones it shows."""
        out = list(self.key)
        for check in self.checks:
            out += [c for c in [*check.columns, *check.show] if c not in out]
        return out


def _fail(path: Path, where: str, message: str) -> SuiteError:
    return SuiteError(f"{path.name}: {where}: {message}")


def parse_suite(spec: dict[str, Any], path: Path) -> Suite:
    meta = spec.get("meta") or {}
    name = spec.get("name")
    if not name or not meta.get("frame") or not meta.get("key"):
        raise _fail(path, "suite", "needs a name and meta.frame and meta.key")
    joins = meta.get("flag_joins") or {}
    checks = []
    for n, exp in enumerate(spec.get("expectations") or [], start=1):
        emeta = exp.get("meta") or {}
        check_id = emeta.get("check") or ""
        where = f"expectation {n} ({check_id or exp.get('type')})"
        if not check_id.startswith(f"{name}."):
            raise _fail(path, where, f"meta.check must be '{name}.<name>'")
        if exp.get("severity") not in SEVERITIES:
            raise _fail(path, where, f"severity must be one of {sorted(SEVERITIES)}")
        if not exp.get("description"):
            raise _fail(path, where, "needs a description (it is what the report and dq_reason say)")
        severity = SEVERITIES[exp["severity"]]
        flag = tuple(emeta.get("flag") or ())
        if severity == "warning" and not flag:
            raise _fail(path, where, "a warning must name the tables it flags (meta.flag)")
        if severity == "blocking" and flag:
            raise _fail(path, where, "a blocking check publishes nothing, so it flags nothing")
        unknown = [t for t in flag if t not in joins]
        if unknown:
            raise _fail(path, where, f"flags {unknown} but meta.flag_joins does not say how")
        checks.append(Check(check_id, name, exp["type"], dict(exp.get("kwargs") or {}), severity,
                            exp["description"], flag, tuple(emeta.get("show") or ())))
    ids = [c.check_id for c in checks]
    if len(set(ids)) != len(ids):
        raise _fail(path, "suite", f"check ids repeat: {sorted({i for i in ids if ids.count(i) > 1})}")
    return Suite(name, meta["frame"], tuple(meta["key"]), meta.get("about", ""), joins, tuple(checks), spec)


def load_suites(directory: Path = SUITES_DIR) -> list[Suite]:
    """Every suite file in `directory`, in the order data flows (FLOW), then by name."""
    paths = sorted(directory.glob("*.json"))
    if not paths:
        raise SuiteError(f"no expectation suites in {directory}")
    suites = []
    for path in paths:
        try:
            spec = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise SuiteError(f"{path.name}: not JSON: {exc}") from None
        suites.append(parse_suite(spec, path))
    return sorted(suites, key=lambda s: (FLOW.index(s.name) if s.name in FLOW else len(FLOW), s.name))


def suites_digest(directory: Path = SUITES_DIR) -> str:
    """SHA-256 over the suite files: which version of the checks a run used."""
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.json")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
