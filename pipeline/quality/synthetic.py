"""Synthetic data homes pass the same gate as real ones, with the code and URL patterns widened.

`starboard synth` issues company codes no exchange uses (Z + five digits) and URLs that name
the generator (synth://…), so that its filings can never pass for real ones; six-digit STAR
codes could not be spared for them (688001–689999 holds 2,000 codes, some already listed, and
a 100k-offering corpus needs tens of thousands of distinct companies). In a data home marked
SYNTHETIC (synth writes the marker and refuses to write into a real home), the expectations
named in ALSO_ACCEPTED accept that pattern besides their own; every other expectation, and
every severity, stays as the suite files say. A real home has no marker, so there a
synthetic code or URL still blocks the build.
"""
from __future__ import annotations

import copy
import re
from dataclasses import replace
from pathlib import Path

from pipeline.quality.suites import Suite, SuiteError
from pipeline.synth import CODE_PATTERN, MARKER, URL_SCHEME

#: check id → the pattern it also accepts in a synthetic home
ALSO_ACCEPTED = {
    "catalog.code_is_star_market": CODE_PATTERN,
    "documents.code_is_star_market": CODE_PATTERN,
    "catalog.url_on_allowed_host": "^" + re.escape(URL_SCHEME),
}


def is_synthetic(home_root: Path) -> bool:
    return (home_root / MARKER).is_file()


def widened_regex(regex: str, also: str) -> str:
    return f"(?:{regex})|(?:{also})"


def widen(suites: list[Suite]) -> list[Suite]:
    """The suites with each ALSO_ACCEPTED check's regex widened, in the GX spec and in the
    Check alike (what GX evaluates and what the report shows). A named check that a loaded
    suite does not have, or that takes no regex, is an error: the rule must not go stale."""
    out = []
    seen = set()
    for suite in suites:
        spec = copy.deepcopy(suite.spec)
        by_id = {(e.get("meta") or {}).get("check"): e for e in spec.get("expectations") or []}
        checks = []
        for check in suite.checks:
            also = ALSO_ACCEPTED.get(check.check_id)
            if also is None:
                checks.append(check)
                continue
            seen.add(check.check_id)
            if "regex" not in check.kwargs:
                raise SuiteError(f"{check.check_id}: the synthetic-home rule widens a regex, and this check has none")
            kwargs = {**check.kwargs, "regex": widened_regex(check.kwargs["regex"], also)}
            note = f" In this synthetic data home (a {MARKER} file), values matching {also} are accepted too."
            by_id[check.check_id]["kwargs"] = kwargs
            by_id[check.check_id]["description"] = check.description + note
            checks.append(replace(check, kwargs=kwargs, description=check.description + note))
        out.append(replace(suite, checks=tuple(checks), spec=spec))
    loaded = {s.name for s in suites}
    stale = [c for c in ALSO_ACCEPTED if c.split(".")[0] in loaded and c not in seen]
    if stale:
        raise SuiteError(f"the synthetic-home rule names checks the suites do not have: {stale}")
    return out


def for_home(suites: list[Suite], home_root: Path) -> list[Suite]:
    """The suites a check run in this home uses: as written, or widened in a synthetic home."""
    return widen(suites) if is_synthetic(home_root) else suites
