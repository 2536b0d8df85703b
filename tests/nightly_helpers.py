"""Helpers for the nightly tests: invented filings dated relative to today, a mirror that can
be given new filings between runs, and readers for what a nightly leaves behind.

The invented filings are about two companies that do not exist, written for starboard in
the layout of such filings: 青穹数智 (688993), whose plan (预案) raises 100,000.00 万元 for
three projects and whose revision (修订稿) cuts the raise to 80,000.00 万元 by dropping one
of them; and 岚峰智能 (688994), whose plan for two AI projects arrives later (AI, so that any
dashboard lists it among 云从科技's peers). Their dates are days before today (Beijing), so an
incremental crawl lists them the way it lists real new filings.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from crawler.mirror.corpus import Fixture, load_corpus
from crawler.mirror.filings import BEIJING, Filing
from crawler.mirror.server import Mirror
from tests.conftest import ROOT, starboard

#: bundled filings every nightly test serves: 云从科技's chain (the dashboard's focal raise)
#: and one more company; none of them is broken, so a clean run exits 0
BASE_FILES = ("688327_2023_feasibility.json", "688327_2023_demonstration_r2.json", "688327_2023_statement.json",
              "688707_2022_plan.json")


def today() -> date:
    return datetime.now(BEIJING).date()


@dataclass(frozen=True)
class Company:
    code: str
    short_name: str
    full_name: str


QINGQIONG = Company("688993", "青穹数智", "青穹数智科技股份有限公司")
LANFENG = Company("688994", "岚峰智能", "岚峰智能科技股份有限公司")


def _cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def plan_filing(company: Company, announcement_id: str, day: date, plan_year: int, projects: list[tuple[str, float]],
                revision: str | None = None, note: str = "") -> Fixture:
    """A 预案 (or its revision) with a project table; the cap is the sum of the projects."""
    cap = sum(amount for _, amount in projects)
    suffix = f"（{revision}）" if revision else ""
    title = f"{plan_year}年度向特定对象发行A股股票预案{suffix}"
    rows = [[str(i), name, f"{amount:,.2f}"] for i, (name, amount) in enumerate(projects, 1)]
    rows.append(["合计", "", f"{cap:,.2f}"])
    blocks: list[dict[str, Any]] = [
        {"right": f"证券代码：{company.code}    证券简称：{company.short_name}"},
        {"gap": 3},
        {"h": company.full_name},
        {"h": f"{plan_year}年度向特定对象发行A股股票预案"},
        *([{"h": suffix}] if suffix else []),
        {"gap": 10},
        {"center": f"{day.year}年{day.month}月"},
        {"page_break": True},
        {"p": "第一节 本次向特定对象发行股票方案概要"},
        {"p": "一、本次募集资金投向"},
        {"p": f"本次向特定对象发行A股股票募集资金总额不超过人民币{cap:,.2f}万元（含本数），扣除发行费用后拟全部用于以下项目："},
        {"table": {"unit": "万元", "header": ["序号", "项目名称", "拟投入募集资金"], "rows": rows,
                   "widths": [0.6, 3.6, 2.0]}},
        {"p": note or "募集资金到位前，公司可以自筹资金先行投入，到位后予以置换。"},
        {"gap": 2},
        {"right": f"{company.full_name}董事会"},
        {"right": _cn_date(day)},
    ]
    spec = {
        "announcement_id": announcement_id, "code": company.code, "short_name": company.short_name,
        "full_name": company.full_name, "org_id": f"gssh0{company.code}", "title": title,
        "published": f"{day.isoformat()}T00:00:00+08:00", "form": "plan", "stage": revision or "预案",
        "provenance": {"real_figures": False, "note": "invented company and figures, written for the nightly tests"},
        "running_head": f"{company.full_name}{title}", "blocks": blocks,
    }
    return Fixture(spec, Path(f"<nightly test {announcement_id}>"))


def qingqiong_plan() -> Fixture:
    day = today() - timedelta(days=3)
    return plan_filing(QINGQIONG, "9900000001", day, day.year, [
        ("青穹智算中心建设项目", 50_000.00), ("行业大模型研发项目", 30_000.00), ("补充流动资金", 20_000.00)])


def qingqiong_revision() -> Fixture:
    """The 修订稿: the working-capital project is dropped, so the raise is cut by 20,000.00 万元."""
    first = today() - timedelta(days=3)
    return plan_filing(QINGQIONG, "9900000002", today(), first.year, [
        ("青穹智算中心建设项目", 50_000.00), ("行业大模型研发项目", 30_000.00)], revision="修订稿",
        note="经公司董事会审议，本次发行方案调减募集资金总额，不再将募集资金用于补充流动资金。")


def lanfeng_plan() -> Fixture:
    day = today()
    return plan_filing(LANFENG, "9900000003", day, day.year, [
        ("多模态大模型训练平台项目", 42_000.00), ("AI推理芯片研发项目", 18_000.00)])


def base_fixtures() -> list[Fixture]:
    by_name = {f.path.name: f for f in load_corpus()}
    return [by_name[name] for name in BASE_FILES] + [qingqiong_plan()]


def add_filings(mirror: Mirror, fixtures: list[Fixture]) -> None:
    """Serve more filings from a running mirror (the next listing shows them)."""
    server = mirror.httpd
    for fixture in fixtures:
        filing = Filing.from_fixture(fixture)
        _ = filing.pdf
        server.filings.append(filing)
        server.by_adjunct[filing.adjunct_url] = filing
        server.by_sse_url[filing.sse_url] = filing


# -- running and reading ----------------------------------------------------------------------------

def nightly(home: Path, url: str, *args: str, env: dict[str, str] | None = None, check: bool = False,
            timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return starboard("nightly", "--base-url", url, "--no-progress", *args, home=home, env=env, check=check,
                     timeout=timeout)


def start_nightly(home: Path, url: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "pipeline.cli", "--home", str(home), "nightly", "--base-url", url, "--no-progress",
           *args]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "GX_ANALYTICS_ENABLED": "false", **(env or {})})


def wait_for(path: Path, proc: subprocess.Popen[str] | None = None, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists():
            return
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"the nightly ended ({proc.returncode}) before {path.name} appeared:\n"
                                 f"{proc.stdout.read()}\n{proc.stderr.read()}")
        time.sleep(0.05)
    raise AssertionError(f"{path} did not appear")


def latest_json(home: Path) -> dict[str, Any]:
    return json.loads((home / "reports" / "nightly" / f"{datetime.now().date().isoformat()}.json")
                      .read_text(encoding="utf-8"))


def published(home: Path) -> tuple[str, dict[str, str]]:
    """The build `current` points at, and the sha256 of every file of it the readers see."""
    target = os.readlink(home / "current")
    files = [home / "warehouse.duckdb", *sorted((home / "exports").glob("*.parquet"))]
    return target, {str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
