"""Data Docs-style HTML for a check run, self-contained: one file, inline CSS, no script,
nothing fetched (GX's own Data Docs load CSS and JS from a CDN and render unstyled offline).

It is rendered from the run's results (which come from GX's validation results, kept
beside it as gx/<suite>.json): the outcome, a summary per suite, and every expectation
with its severity, what it checked and, when it failed, the failing rows' keys and values.
"""
from __future__ import annotations

import json
from html import escape
from typing import Any

from pipeline.quality.results import CheckResult, QualityRun
from pipeline.quality.suites import Suite

#: failing rows shown per expectation (all of them are in results.json and dq_results)
ROWS_SHOWN = 200
STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","Microsoft YaHei",sans-serif;
     margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1d2327;background:#fff}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;margin:2rem 0 .3rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
th,td{border:1px solid #e1e4e8;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{white-space:pre-wrap;margin:0}td code{overflow-wrap:anywhere}td td{font-size:.9em}
.badge{display:inline-block;padding:.1rem .55rem;border-radius:1rem;font-weight:600;font-size:.85rem}
.passed,.ok{background:#dafbe1;color:#116329}.warned,.warning{background:#fff8c5;color:#7d4e00}
.blocked,.blocking{background:#ffebe9;color:#a40e26}.muted{color:#656d76}
details{margin:.2rem 0}summary{cursor:pointer}
dl{display:grid;grid-template-columns:max-content auto;gap:.1rem 1rem}dt{color:#656d76}dd{margin:0}
"""


def _badge(text: str, css: str | None = None) -> str:
    return f'<span class="badge {escape(css or text)}">{escape(text)}</span>'


def _status(result: CheckResult) -> str:
    if result.success:
        return _badge("passed", "ok")
    return _badge("error" if result.error else "failed", result.severity)


def _kwargs(result: CheckResult) -> str:
    shown = {}
    for key, value in result.kwargs.items():
        if isinstance(value, list) and len(value) > 12:
            value = [*value[:12], f"… {len(value) - 12} more"]
        shown[key] = value
    return escape(json.dumps(shown, ensure_ascii=False))


def _rows_table(result: CheckResult) -> str:
    columns = [*result.key_columns, *result.value_columns]
    rows = [{**k, **v} for k, v in zip(result.failing_keys, result.failing_values, strict=False)]
    head = "".join(f"<th>{escape(c)}{' (key)' if c in result.key_columns else ''}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape('' if r.get(c) is None else str(r.get(c)))}</td>" for c in columns) + "</tr>"
        for r in rows[:ROWS_SHOWN]
    )
    more = (f'<p class="muted">{len(rows) - ROWS_SHOWN} more rows in results.json and the dq_results table.</p>'
            if len(rows) > ROWS_SHOWN else "")
    return f"<table><tr>{head}</tr>{body}</table>{more}"


def _check_row(result: CheckResult) -> str:
    """The expectation's row, and below it, across the table, its error or its failing rows."""
    failing = f"{result.failing_count:,}"
    if result.failing_percent is not None and result.failing_count:
        failing += f" ({result.failing_percent:.2f}%)"
    detail = ""
    if result.error:
        detail = f"<details open><summary>could not be evaluated</summary><pre>{escape(result.error)}</pre></details>"
    elif not result.success and result.failing_keys:
        flagged = f" (flagged in {', '.join(result.flag)})" if result.flag else ""
        detail = (f"<details open><summary>{len(result.failing_keys):,} failing rows{escape(flagged)}</summary>"
                  f"{_rows_table(result)}</details>")
    row = (
        f"<tr><td>{_status(result)}</td><td>{_badge(result.severity)}</td>"
        f"<td><code>{escape(result.check_id)}</code><br>{escape(result.description)}</td>"
        f"<td><code>{escape(result.expectation_type)}</code><br><code class=muted>{_kwargs(result)}</code></td>"
        f'<td class="n">{result.checked_rows:,}</td><td class="n">{failing}</td></tr>'
    )
    return row + (f'<tr><td></td><td colspan="5">{detail}</td></tr>' if detail else "")


def _summary(run: QualityRun, suites: list[Suite]) -> str:
    rows = []
    for suite in suites:
        mine = [r for r in run.results if r.suite == suite.name]
        rows.append(
            f'<tr><td><a href="#{escape(suite.name)}">{escape(suite.name)}</a></td><td class="n">{len(mine)}</td>'
            f'<td class="n">{sum(r.success for r in mine)}</td>'
            f'<td class="n">{sum(not r.success and r.severity == "blocking" for r in mine)}</td>'
            f'<td class="n">{sum(not r.success and r.severity == "warning" for r in mine)}</td>'
            f'<td class="n">{sum(r.failing_count for r in mine if not r.success):,}</td></tr>'
        )
    return ("<table><tr><th>suite</th><th>expectations</th><th>passed</th><th>failed, blocking</th>"
            "<th>failed, warning</th><th>failing rows</th></tr>" + "".join(rows) + "</table>")


def render_run(run: QualityRun, suites: list[Suite]) -> str:
    blocking, warnings = run.failed("blocking"), run.failed("warning")
    verdict = {
        "blocked": f"{len(blocking)} blocking expectation(s) failed: this build was not published "
                   "(the previous warehouse stays)" if run.run_kind == "build" else
                   f"{len(blocking)} blocking expectation(s) failed",
        "warned": f"no blocking failure; {len(warnings)} warning(s) — the rows are flagged dq_status = 'warn'",
        "passed": "every expectation passed",
    }[run.outcome]
    flagged = ", ".join(f"{t} {n:,}" for t, n in (run.flagged_rows or {}).items() if n) or "none"
    facts: list[tuple[str, Any]] = [
        ("run", run.run_id), ("kind", run.run_kind), ("build", run.build_id or "—"),
        ("started", run.started_at.isoformat(sep=" ", timespec="seconds")), ("took", f"{run.seconds:.1f} s"),
        ("expectations", len(run.results)), ("rows flagged", flagged if run.flagged_rows is not None else "—"),
        ("Great Expectations", run.gx_version), ("suites", run.suites_digest[:12]),
    ]
    sections = []
    for suite in suites:
        mine = [r for r in run.results if r.suite == suite.name]
        sections.append(
            f'<h2 id="{escape(suite.name)}">{escape(suite.name)}</h2><p class="muted">{escape(suite.about)} '
            f'Key: <code>{escape(", ".join(suite.key))}</code>. GX result: '
            f'<a href="gx/{escape(suite.name)}.json">gx/{escape(suite.name)}.json</a>.</p>'
            "<table><tr><th>status</th><th>severity</th><th>expectation</th><th>GX expectation</th>"
            "<th>rows</th><th>failing</th></tr>" + "".join(_check_row(r) for r in mine) + "</table>"
        )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>starboard data quality {escape(run.run_id)}</title><style>{STYLE}</style></head><body>"
        f'<p class="muted"><a href="../index.html">all runs</a></p>'
        f"<h1>Data quality {_badge(run.outcome)}</h1><p>{escape(verdict)}.</p>"
        "<dl>" + "".join(f"<dt>{escape(k)}</dt><dd>{escape(str(v))}</dd>" for k, v in facts) + "</dl>"
        + _summary(run, suites) + "".join(sections)
        + '<p class="muted">Rendered offline from the Great Expectations validation results; '
        "results.json holds every failing row.</p></body></html>\n"
    )


def render_index(runs: list[dict[str, Any]]) -> str:
    """The list of runs, newest first, each linking to its report."""
    rows = []
    for run in runs:
        results = run.get("results", [])
        failed = [r["check_id"] for r in results if not r["success"]]
        rows.append(
            f'<tr><td><a href="{escape(run["run_id"])}/index.html">{escape(run["run_id"])}</a></td>'
            f'<td>{escape(run["run_kind"])}</td><td>{escape(run.get("build_id") or "—")}</td>'
            f'<td>{_badge(run["outcome"])}</td><td class="n">{len(results)}</td>'
            f'<td>{escape(", ".join(failed)) or "—"}</td></tr>'
        )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>starboard data quality runs</title>'
        f"<style>{STYLE}</style></head><body><h1>Data quality runs</h1>"
        "<table><tr><th>run</th><th>kind</th><th>build</th><th>outcome</th><th>expectations</th>"
        "<th>failed</th></tr>" + "".join(rows) + "</table></body></html>\n"
    )
