"""The benchmark report: one JSON file with every run, one Markdown table for people."""
from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.harness import case_label, fmt


def markdown(report: dict[str, Any], module_docs: dict[str, str] | None = None) -> str:
    m = report["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in m["versions"].items() if v)
    loads = [run["load_1m"] for res in report["results"] for run in res["runs"] if run.get("load_1m") is not None]
    load_note = (f"; load average (1 min) as runs started: {min(loads):.1f} – {max(loads):.1f}"
                 f" on {m['cores_usable']} cores" if loads else "")
    lines = [
        f"# starboard benchmarks — {report['started'][:16].replace('T', ' ')}",
        "",
        f"- machine: {m['cpu']}, {m['cores']} cores ({m['cores_usable']} usable), {m['memory_gib']} GiB memory, {m['os']}",
        f"- Python {m['python']}; {versions}",
        f"- commit {m['commit'] or 'unknown'}; {report['runs_per_case']} runs per case, each in a fresh process{load_note}"
        + ("; QUICK mode (smoke test, tiny sizes: not for quoting)" if report["quick"] else ""),
        "- each figure: median (min – max) over the runs; `peak_rss_mb` is the largest resident set of the run's process tree",
        "",
    ]
    benches: dict[str, list[dict[str, Any]]] = {}
    for res in report["results"]:
        benches.setdefault(res["bench"], []).append(res)
    for bench, results in benches.items():
        lines.append(f"## {bench}")
        doc = (module_docs or {}).get(bench)
        if doc:
            lines += ["", doc]
        lines += ["", "| case | figure | median | min – max |", "|---|---|---:|---:|"]
        for res in results:
            label = case_label(res["case"])
            for figure, s in res["summary"].items():
                lines.append(f"| {label} | {figure} | {fmt(s['median'])} | {fmt(s['min'])} – {fmt(s['max'])} |")
            for err in res["errors"]:
                first = err.splitlines()[0].replace("|", "\\|")
                lines.append(f"| {label} | **error** | {first} | |")
        lines.append("")
    if report["scaling"]:
        lines += ["## scaling", "", "Exponent b of time ~ N^b, least squares over the medians.", "",
                  "| bench | cases | figure | N → median | exponent |", "|---|---|---|---|---:|"]
        for fit in report["scaling"]:
            group = case_label(fit["group"])
            pts = ", ".join(f"{fmt(x)} → {fmt(y)}" for x, y in fit["points"])
            lines.append(f"| {fit['bench']} | {group} | {fit['figure']} | {fit['by']}: {pts} | {fit['exponent']:.2f} |")
        lines.append("")
    return "\n".join(lines)


def write(report: dict[str, Any], out_dir: Path, module_docs: dict[str, str] | None = None) -> tuple[Path, Path]:
    """reports/bench/bench-<time>.{md,json}, and latest.{md,json} beside them."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.fromisoformat(report["started"]).strftime("%Y%m%d-%H%M%S")
    suffix = "-quick" if report["quick"] else ""
    md_path = out_dir / f"bench-{stamp}{suffix}.md"
    json_path = out_dir / f"bench-{stamp}{suffix}.json"
    md_path.write_text(markdown(report, module_docs), encoding="utf-8")
    json_path.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    shutil.copyfile(md_path, out_dir / f"latest{suffix}.md")
    shutil.copyfile(json_path, out_dir / f"latest{suffix}.json")
    return md_path, json_path
