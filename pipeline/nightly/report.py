"""The nightly run report: what it holds (NightlyReport), how it reads (Markdown), where it goes.

One report per night: reports/nightly/<date>.json (for programs: the dashboard's About page,
monitoring) and <date>.md (for people), the JSON written first, each file atomically. The
date is the local date the run started. When a night has several runs (a re-run after a
failure), <date>.* is always the latest and the earlier ones move to
reports/nightly/earlier/<date>-<HHMMSS>-<pid>.*, so the newest file of the folder is the latest run.
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pipeline.nightly.changes import CHANGE_WORDS

REPORT_VERSION = 1
NO_CHANGES = "no changes"
#: rows of a long list the Markdown shows (the JSON has them all)
MD_ROWS = 50


@dataclass
class NightlyReport:
    date: str
    run_id: str
    started_at: str
    options: dict[str, Any] = field(default_factory=dict)
    finished_at: str | None = None
    seconds: float = 0.0
    outcome: str = "running"  # ok | partial | failed | interrupted
    exit_code: int | None = None
    failed_stage: str | None = None
    error: str | None = None
    summary: str = ""
    lock_takeover: dict[str, Any] | None = None
    stages: list[dict[str, Any]] = field(default_factory=list)
    crawl: dict[str, Any] = field(default_factory=lambda: {"sources": [], "failed_files": []})
    build: dict[str, Any] | None = None
    changes: dict[str, Any] | None = None
    data_quality: dict[str, Any] = field(default_factory=lambda: {"ran": False, "note": "no checks run"})
    earlier_reports: list[str] = field(default_factory=list)
    report_version: int = REPORT_VERSION

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


# -- the one-line summary ------------------------------------------------------------------------

def _n(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def changes_line(changes: dict[str, Any] | None) -> str:
    """"3 new documents, 1 new offering, 1 changed plan (2 changes)" or "no changes"."""
    if not changes:
        return NO_CHANGES
    c = changes["counts"]
    parts = []
    if c["new_documents"]:
        parts.append(_n(c["new_documents"], "new document"))
    if c["new_offerings"]:
        parts.append(_n(c["new_offerings"], "new offering"))
    if c["changed_plans"]:
        parts.append(f"{_n(c['changed_plans'], 'changed plan')} ({_n(c['plan_changes'], 'change')})")
    if c["removed_documents"]:
        parts.append(f"{_n(c['removed_documents'], 'document')} no longer published")
    if c["new_parse_warnings"]:
        parts.append(_n(c["new_parse_warnings"], "new parse warning"))
    if c["warnings_cleared"]:
        parts.append(f"{_n(c['warnings_cleared'], 'parse warning')} cleared")
    return ", ".join(parts) or NO_CHANGES


# -- Markdown ---------------------------------------------------------------------------------------

def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows[:MD_ROWS]]
    if len(rows) > MD_ROWS:
        lines.append(f"\n… and {len(rows) - MD_ROWS} more (see the .json report)")
    return lines


def _wan(value: Any) -> str:
    return "?" if value is None else f"{float(value):,.2f}"


def _delta(value: Any) -> str:
    return "" if value is None else f"{float(value):+,.2f}"


def change_text(change: dict[str, Any]) -> str:
    """One change of a plan in words, with its amounts in 万元."""
    kind = change["change"]
    words = CHANGE_WORDS.get(kind, kind)
    before, after = change.get("amount_before_wan"), change.get("amount_after_wan")
    if kind.startswith("raise_"):
        return f"{words}: {_wan(before)} → {_wan(after)} 万元 ({_delta(change.get('delta_wan'))})"
    if kind == "project_dropped":
        return f"{words}: {change['project_before']}" + (f" ({_wan(before)} 万元)" if before is not None else "")
    if kind == "project_added":
        return f"{words}: {change['project_after']}" + (f" ({_wan(after)} 万元)" if after is not None else "")
    if kind == "project_renamed":
        return f"{words}: {change['project_before']} → {change['project_after']}"
    if kind == "project_resized":
        return (f"{words}: {change['project_after'] or change['project_before']}: {_wan(before)} → {_wan(after)} 万元 "
                f"({_delta(change.get('delta_wan'))})")
    return f"{words}: {change.get('project_before') or ''} → {change.get('project_after') or ''}"


def _changes_md(report: NightlyReport) -> list[str]:
    lines = ["## What changed", ""]
    changes = report.changes
    if changes is None:
        lines.append("Nothing was published by this run, so nothing changed in the warehouse.")
        return lines
    since = changes.get("baseline_build_id")
    lines.append(f"Compared with build `{since}`, the last one reported." if since
                 else "Compared with nothing: no build had been reported before, so everything is new.")
    lines.append("")
    if changes_line(changes) == NO_CHANGES:
        lines.append("**No changes**: no new documents, offerings or plan changes.")
        return lines
    docs = changes["new_documents"]
    if docs:
        lines += [f"### New documents ({len(docs)})", ""]
        lines += _table(["published", "code", "company", "title", "kind", "offering", "cap (万元)", "parse"], [
            [str(d.get("published_at") or "")[:10], d["code"], d["short_name"], d["title"], d["kind"],
             d["offering_id"], d["raise_total_wan"], d["parse_status"]] for d in docs])
        lines.append("")
    offerings = changes["new_offerings"]
    if offerings:
        lines += [f"### New offerings ({len(offerings)})", ""]
        lines += _table(["offering", "code", "company", "type", "year", "documents", "stage", "latest cap (万元)"], [
            [o["offering_id"], o["code"], o["short_name"], o["offering_type"], o["plan_year"], o["document_count"],
             o["stage"], o["latest_raise_total_wan"]] for o in offerings])
        lines.append("")
    plans = changes["changed_plans"]
    if plans:
        lines += [f"### Changed plans ({len(plans)})", ""]
        for plan in plans[:MD_ROWS]:
            lines.append(f"**{plan['short_name'] or ''} ({plan['code'] or ''})**, `{plan['offering_id']}`: "
                         f"{plan['from_stage'] or '?'} ({plan['from_date'] or '?'}) → "
                         f"{plan['to_stage'] or '?'} ({plan['to_date'] or '?'})")
            lines += [f"- {change_text(c)}" for c in plan["changes"]]
            lines.append("")
    removed = changes["removed_documents"]
    if removed:
        lines += [f"### No longer published ({len(removed)})", ""]
        lines += _table(["document", "code", "company", "title"],
                        [[d["document_id"], d["code"], d["short_name"], d["title"]] for d in removed])
        lines.append("")
    return lines


def _warnings_md(report: NightlyReport) -> list[str]:
    lines = ["## Parse warnings", ""]
    changes = report.changes
    if changes is None:
        return lines + ["Not built by this run."]
    totals = changes.get("parse_status_totals") or {}
    lines.append(f"Published build: {totals.get('ok', 0)} documents parsed cleanly, {totals.get('warn', 0)} with "
                 f"warnings, {totals.get('failed', 0)} unreadable.")
    if changes.get("warnings_cleared"):
        lines.append(f"{_n(changes['warnings_cleared'], 'document')} no longer warn.")
    lines.append("")
    rows = changes["parse_warnings"]
    if not rows:
        lines.append("No new parse warnings.")
        return lines
    lines.append(f"New or changed since the last report ({len(rows)}):")
    lines.append("")
    lines += _table(["document", "code", "company", "title", "status", "warnings"], [
        [w["document_id"], w["code"], w["short_name"], w["title"], w["parse_status"], w["warnings"]] for w in rows])
    return lines


def _quality_md(report: NightlyReport) -> list[str]:
    dq = report.data_quality or {}
    lines = ["## Data quality", ""]
    if not dq.get("ran"):
        return lines + [f"{dq.get('note') or 'no checks run'}."]
    failed = f"{dq.get('failed_blocking') or 0} blocking, {_n(dq.get('failed_warning') or 0, 'warning')} failed"
    lines.append(f"**{dq.get('outcome', '?')}**: {dq.get('passed', '?')} of {dq.get('expectations', '?')} "
                 f"expectations passed; {failed}"
                 + (f"; {_n(dq['flagged_rows'], 'row')} flagged" if dq.get("flagged_rows") else "")
                 + (f". Report: `{dq['report_path']}`" if dq.get("report_path") else "") + ".")
    failed = dq.get("failed_checks") or []
    if failed:
        lines.append("")
        lines += _table(["check", "severity", "failing rows", "what it asks"], [
            [f.get("check_id"), f.get("severity"), f.get("failing_rows"), f.get("error") or f.get("description")]
            for f in failed])
    return lines


def _crawl_md(report: NightlyReport) -> list[str]:
    lines = ["## Crawl", ""]
    sources = report.crawl.get("sources") or []
    if not sources:
        return lines + ["The crawl did not run." if report.failed_stage != "crawl" else "The crawl did not finish."]
    lines += _table(["source", "status", "mode", "window", "listed", "wanted", "downloaded", "already held",
                     "failed", "note"], [
        [s["source"], s["status"], s["mode"], f"{s.get('since') or ''} – {s.get('until') or ''}",
         s["counts"].get("listed", 0), s["counts"].get("wanted", 0), s["counts"].get("downloaded", 0),
         s["counts"].get("already_held", 0), s["counts"].get("failed", 0), s.get("message") or ""]
        for s in sources])
    down = [s for s in sources if s["status"] in ("failed", "partial", "interrupted")]
    for s in down:
        for error in (s.get("errors") or [])[:5]:
            lines.append(f"- {s['source']}: {error}")
    files = report.crawl.get("failed_files") or []
    lines.append("")
    if files:
        lines += [f"Files that failed this run ({len(files)}; retried by the next runs):", ""]
        lines += _table(["source", "announcement", "code", "title", "attempts", "reason"], [
            [f["source"], f["announcement_id"], f["sec_code"], f["title"], f["attempts"], f["reason"]] for f in files])
    else:
        lines.append("No file failed this run.")
    return lines


def _stages_md(report: NightlyReport) -> list[str]:
    lines = ["## Stages", ""]
    lines += _table(["stage", "status", "seconds", "detail"], [
        [s["name"], s["status"], f"{s['seconds']:.1f}", s.get("detail") or ""] for s in report.stages])
    return lines


def render_markdown(report: NightlyReport) -> str:
    """The report for people: outcome first, then what changed, warnings, quality, crawl, stages."""
    head = [f"# Nightly report {report.date}", ""]
    code = f" (exit {report.exit_code})" if report.exit_code is not None else ""
    head.append(f"**{report.outcome}**{code}: {report.summary}")
    head.append("")
    facts = [f"run `{report.run_id}`", f"started {report.started_at}", f"{report.seconds:.1f} s"]
    if report.build and report.build.get("build_id"):
        facts.append(f"build `{report.build['build_id']}`" + (" published" if report.build.get("published") else ""))
    head.append(" · ".join(facts))
    if report.failed_stage:
        head += ["", f"**Failed stage: {report.failed_stage}** — {report.error or ''}".rstrip(" —")]
        head.append("The published warehouse and exports were left as they were." if not (
            report.build and report.build.get("published")) else "The new build was published before the failure.")
    if report.lock_takeover:
        prev = report.lock_takeover.get("previous") or {}
        head += ["", f"Took over the nightly lock of pid {prev.get('pid', '?')} (started {prev.get('started_at', '?')}): "
                     f"{report.lock_takeover.get('reason')}."]
    if report.earlier_reports:
        head += ["", "Earlier runs this night: " + ", ".join(f"`{p}`" for p in report.earlier_reports) + "."]
    body = [*_changes_md(report), "", *_warnings_md(report), "", *_quality_md(report), "", *_crawl_md(report), "",
            *_stages_md(report)]
    return "\n".join([*head, "", *body]).rstrip() + "\n"


# -- files ------------------------------------------------------------------------------------------

def nightly_dir(reports_dir: Path) -> Path:
    return reports_dir / "nightly"


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def set_aside_earlier(reports_dir: Path, date: str) -> list[str]:
    """Move an earlier report of `date` to earlier/; the earlier reports of that date, oldest first."""
    folder = nightly_dir(reports_dir)
    earlier = folder / "earlier"
    current = folder / f"{date}.json"
    if current.exists():
        try:  # run ids are <YYYYMMDD>T<HHMMSS>-<pid>: unique, and in time order within a date
            stamp = str(json.loads(current.read_text(encoding="utf-8"))["run_id"]).split("T", 1)[1]
        except (ValueError, OSError, KeyError, IndexError):
            stamp = datetime.fromtimestamp(current.stat().st_mtime).strftime("%H%M%S%f")
        earlier.mkdir(parents=True, exist_ok=True)
        for suffix in (".json", ".md"):
            src = folder / f"{date}{suffix}"
            if src.exists():
                os.replace(src, earlier / f"{date}-{stamp}{suffix}")
    if not earlier.is_dir():
        return []
    return sorted(f"earlier/{p.name}" for p in earlier.glob(f"{date}-*.md"))


def write_report(report: NightlyReport, reports_dir: Path) -> tuple[Path, Path]:
    """Write <date>.json then <date>.md (each atomically); returns their paths."""
    folder = nightly_dir(reports_dir)
    folder.mkdir(parents=True, exist_ok=True)
    for left in folder.glob(".*.tmp"):  # a killed run's half-written report (only the lock holder writes here)
        left.unlink(missing_ok=True)
    json_path, md_path = folder / f"{report.date}.json", folder / f"{report.date}.md"
    _atomic_write(json_path, json.dumps(report.to_json(), ensure_ascii=False, indent=2, default=str) + "\n")
    _atomic_write(md_path, render_markdown(report))
    return json_path, md_path


def report_paths(reports_dir: Path) -> list[Path]:
    """The nightly reports (.json), newest night first."""
    folder = nightly_dir(reports_dir)
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.glob("*.json") if p.stem[:4].isdigit()), key=lambda p: p.stem, reverse=True)


def latest_report(reports_dir: Path, date: str | None = None) -> Path | None:
    """The JSON report of `date` (YYYY-MM-DD), else of the latest night; None when there is none."""
    paths = report_paths(reports_dir)
    if date is not None:
        paths = [p for p in paths if p.stem == date]
    return paths[0] if paths else None
