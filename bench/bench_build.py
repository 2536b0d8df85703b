"""Benchmark: a full `starboard build` from cached parses of N synthetic offerings.

Each case builds a data home once (catalog rows, a small raw file per document and one
cached parse of it, written as the parse cache writes them) and reuses it across runs; `measure` then times one full
build: read the catalog and every cached parse, normalise, check (the data-quality suites),
publish warehouse + exports.
Offerings are invented: a company, a raise of 1-5 projects, 1-4 versions (预案 with a
statement carrying budgets, 修订稿 with the cap cut and a project renamed or dropped,
注册稿), and sometimes a second raise of the same company. Three in five raises are then
issued and followed (docs/contract-after-the-raise.md): an issuance report raising 70-100 %
of the cap, one to three half-yearly use reports, and now and then a delay or a completion
whose surplus goes to working capital.

    .venv/bin/python bench/bench_build.py 1000       # one run, figures printed as JSON
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

CASES: list[dict[str, Any]] = [{"offerings": 1000}, {"offerings": 10000}]
SEED = 20231
PROJECTS = [
    ("{}大模型研发项目", 0), ("{}智能计算平台建设项目", 0), ("{}芯片研发及产业化项目", 1), ("年产{}万片晶圆生产线项目", 1),
    ("{}创新药研发项目", 2), ("{}医疗器械产业化项目", 2), ("年产{}GW高效电池生产线项目", 3), ("{}储能系统扩产项目", 3),
    ("{}研发中心建设项目", 4), ("{}营销网络建设项目", 4), ("{}信息化系统升级项目", 4),
]
ITEMS = ["场地购置及装修费", "建筑工程费", "设备购置费", "研发设备购置费", "软件购置费", "研发人员薪酬", "材料费",
         "测试化验加工费", "技术服务费", "铺底流动资金", "基本预备费", "其他费用", "服务器购置费", "数据采购费"]
STAGES = [(None, "预案", "plan"), ("修订稿", "预案(修订稿)", "plan"), ("二次修订稿", "预案(二次修订稿)", "plan"),
          ("注册稿", "募集说明书(注册稿)", "prospectus")]


def _wan(rng: random.Random, low: int, high: int) -> float:
    return round(rng.randint(low * 100, high * 100) / 100, 2)


def _budget(rng: random.Random, total: float) -> list[dict[str, Any]]:
    items = rng.sample(ITEMS, rng.randint(3, 8))
    weights = [rng.random() + 0.1 for _ in items]
    amounts = [round(total * w / sum(weights), 2) for w in weights]
    amounts[-1] = round(total - sum(amounts[:-1]), 2)
    return [{"item": it, "category": None, "amount_wan": a, "proceeds_wan": None,
             "evidence": {"page": 5, "text": f"{it}\t{a:,.2f}"}} for it, a in zip(items, amounts, strict=True)]


def _offering(rng: random.Random, code: str, name: str, year: int, start: date) -> list[tuple[dict, dict]]:
    """(catalog row, contract) for every document of one raise."""
    projects = []
    for _ in range(rng.randint(1, 5)):
        pattern, _ = rng.choice(PROJECTS)
        total = _wan(rng, 5_000, 200_000)
        projects.append({"name": pattern.format(rng.choice(["新一代", "高端", "智能", "第三代", str(rng.randint(2, 60))])),
                         "total_investment_wan": total, "proceeds_wan": round(total * rng.uniform(0.6, 1.0), 2),
                         "construction_months": rng.choice([12, 24, 36, 48, None])})
    versions = rng.randint(1, 4)
    docs = []
    day = start
    for v in range(versions):
        revision, suffix, kind = STAGES[v]
        if v:
            day += timedelta(days=rng.randint(30, 120))
            if len(projects) > 1 and rng.random() < 0.3:
                projects = projects[:-1]  # a project dropped
            projects = [{**p, "proceeds_wan": round(p["proceeds_wan"] * rng.choice([1.0, 1.0, 0.9]), 2)} for p in projects]
            if rng.random() < 0.2:
                projects[0] = {**projects[0], "name": projects[0]["name"].replace("项目", "工程项目")}
        cap = round(sum(p["proceeds_wan"] for p in projects), 2)
        titles = [(f"{year}年度向特定对象发行A股股票{suffix}", kind, revision, False)]
        if v in (0, 1):
            titles.append(("关于本次募集资金投向属于科技创新领域的说明" + ("(修订稿)" if v else ""), "sci_tech_statement",
                           revision, True))
        for title, doc_kind, rev, with_budget in titles:
            contract = {
                "schema_version": 1,
                "company": {"code": code, "short_name": name, "full_name": f"{name}股份有限公司"},
                "document": {"title": title, "kind": doc_kind, "revision": rev, "date": day.isoformat(),
                             "offering": "specific_targets", "pages": 30, "pages_without_text": [], "needs_ocr": False},
                "raise_total_wan": cap,
                "raise_total_evidence": {"page": 1, "text": f"募集资金总额不超过人民币{cap:,.2f}万元"},
                "projects": [
                    {"seq": i, "name": p["name"], "type": None, "total_investment_wan": p["total_investment_wan"],
                     "proceeds_wan": p["proceeds_wan"], "construction_months": p["construction_months"],
                     "location": None, "entity": None, "themes": [],
                     "evidence": {"page": 2, "text": f"{i}\t{p['name']}\t{p['total_investment_wan']:,.2f}\t{p['proceeds_wan']:,.2f}"},
                     "budget": _budget(rng, p["total_investment_wan"]) if with_budget else []}
                    for i, p in enumerate(projects, start=1)],
                "warnings": [],
            }
            contract.update(raise_actual=None, progress=[], changes=[])
            docs.append(({"title": f"{name}:{title}", "kind": doc_kind, "revision": rev, "published": day}, contract))
    if rng.random() < 0.6:
        docs += _after_raise(rng, code, name, year, day, projects)
    return docs


def _after_contract(code: str, name: str, title: str, kind: str, day: date, **sections: Any) -> dict[str, Any]:
    return {
        "schema_version": 1, "company": {"code": code, "short_name": name, "full_name": f"{name}股份有限公司"},
        "document": {"title": title, "kind": kind, "revision": None, "date": day.isoformat(), "offering": None,
                     "pages": 12, "pages_without_text": [], "needs_ocr": False,
                     "period_end": sections.pop("period_end", None)},
        "raise_total_wan": None, "raise_total_evidence": None, "projects": [], "warnings": [],
        "raise_actual": None, "progress": [], "changes": [], **sections,
    }


def _after_raise(rng: random.Random, code: str, name: str, year: int, day: date,
                 projects: list[dict[str, Any]]) -> list[tuple[dict, dict]]:
    """The documents that follow an issued raise: what it raised, how it is spent, what changed."""
    hint = f"{year}年度向特定对象发行A股股票"
    cap = round(sum(p["proceeds_wan"] for p in projects), 2)
    gross = round(cap * rng.uniform(0.7, 1.0), 2)
    received = day + timedelta(days=rng.randint(30, 90))
    issued = received + timedelta(days=3)
    title = f"{hint}发行情况报告书"
    docs = [({"title": f"{name}:{title}", "kind": "issuance_result", "revision": None, "published": issued},
             _after_contract(code, name, title, "issuance_result", issued, raise_actual={
                 "gross_wan": gross, "net_wan": round(gross * 0.985, 2), "received_date": received.isoformat(),
                 "shares": None, "price_yuan": None, "offering_hint": hint,
                 "evidence": {"page": 3, "text": f"募集资金总额为人民币{gross * 10000:,.2f}元"}}))]
    ratio = gross / cap
    spent = [0.0] * len(projects)
    ready = [received + timedelta(days=30 * (p["construction_months"] or 24)) for p in projects]
    period = date(received.year, 6, 30) if received.month <= 6 else date(received.year, 12, 31)
    for n in range(rng.randint(1, 3)):
        published = period + timedelta(days=rng.randint(50, 110))
        rows = []
        for i, p in enumerate(projects):
            committed = round(p["proceeds_wan"] * ratio, 2)
            step = round(committed * rng.uniform(0.05, 0.35), 2)
            spent[i] = min(committed, round(spent[i] + step, 2))
            rows.append({"seq": i + 1, "project": p["name"], "offering_hint": hint, "committed_wan": p["proceeds_wan"],
                         "adjusted_wan": committed, "invested_period_wan": step, "invested_to_date_wan": spent[i],
                         "progress_pct": round(100 * spent[i] / committed, 2) if committed else None,
                         "ready_date": ready[i].strftime("%Y-%m"), "ready_date_text": ready[i].strftime("%Y年%m月"),
                         "changed": False, "evidence": {"page": 6, "text": f"{p['name']}\t{committed:,.2f}\t{spent[i]:,.2f}"}})
        title = f"{period.year}年{'半年度' if period.month == 6 else '年度'}募集资金存放与实际使用情况的专项报告"
        docs.append(({"title": f"{name}:{title}", "kind": "use_report", "revision": None, "published": published},
                     _after_contract(code, name, title, "use_report", published, period_end=period.isoformat(),
                                     progress=rows)))
        period = date(period.year, 12, 31) if period.month == 6 else date(period.year + 1, 6, 30)
    notice = period + timedelta(days=rng.randint(10, 60))
    if rng.random() < 0.2:
        new = ready[0] + timedelta(days=365)
        title = "关于部分募投项目延期的公告"
        docs.append(({"title": f"{name}:{title}", "kind": "use_change", "revision": None, "published": notice},
                     _after_contract(code, name, title, "use_change", notice, changes=[{
                         "kind": "delay", "project": projects[0]["name"], "new_project": None,
                         "committed_before_wan": None, "committed_after_wan": None, "amount_wan": None,
                         "to_working_capital": False, "old_ready_date": ready[0].strftime("%Y-%m"),
                         "new_ready_date": new.strftime("%Y-%m"), "evidence": {"page": 1, "text": "延期"}}])))
    elif rng.random() < 0.15:
        surplus = round(projects[-1]["proceeds_wan"] * ratio * rng.uniform(0.01, 0.1), 2)
        title = "关于部分募投项目结项并将节余募集资金永久补充流动资金的公告"
        docs.append(({"title": f"{name}:{title}", "kind": "use_change", "revision": None, "published": notice},
                     _after_contract(code, name, title, "use_change", notice, changes=[{
                         "kind": "completion", "project": projects[-1]["name"], "new_project": None,
                         "committed_before_wan": None, "committed_after_wan": None, "amount_wan": surplus,
                         "to_working_capital": True, "old_ready_date": None, "new_ready_date": None,
                         "evidence": {"page": 1, "text": "结项"}}])))
    return docs


def make_home(offerings: int, root: Path) -> Path:
    """A data home with `offerings` synthetic raises, every document already in the parse cache."""
    import duckdb
    import polars as pl

    from crawler.catalog import open_catalog
    from pipeline.build import parse_cache_dir
    from pipeline.home import DataHome
    from pipeline.normalise.taxonomy import load_taxonomy
    from pipeline.parse import PARSER_VERSION
    from pipeline.parse_cache import ParseCache

    home = DataHome(root).ensure()
    cache = ParseCache(parse_cache_dir(home), str(PARSER_VERSION), load_taxonomy().version)
    rng = random.Random(SEED)
    rows = []
    made = 0
    company = 0
    #: STAR codes are 688000-689999 (what the data checks accept): past 2,000 raises codes are
    #: reused, the n-th raise of a code in year 2020+n and after the last document of the one
    #: before (a raise is a company, an offering type and a plan year: each one here stays one)
    free: dict[str, date] = {}
    while made < offerings:
        company += 1
        name = f"合成{company}号"
        year = rng.randint(2020, 2023)
        for k in range(1 if rng.random() < 0.85 else 2):
            if made >= offerings:
                break
            nth, slot = divmod(made, 2000)
            code = f"{688000 + slot:06d}"
            start = date(year + 2 * k, rng.randint(1, 12), rng.randint(1, 28))
            if offerings > 2000:
                start = max(start.replace(year=2020 + nth), free.get(code, date.min))
            for meta, contract in _offering(rng, code, name, start.year, start):
                free[code] = max(meta["published"] + timedelta(days=30), date(start.year + 1, 1, 1))
                aid = f"{len(rows) + 1:09d}"
                data = f"synthetic:{aid}".encode()
                sha = hashlib.sha256(data).hexdigest()
                raw = home.raw_dir("cninfo") / f"{aid}.pdf"  # the raw file of that hash, as the data checks expect
                raw.parent.mkdir(parents=True, exist_ok=True)
                raw.write_bytes(data)
                cache.store({"sha256": sha, "parser_version": cache.parser_version,
                             "taxonomy_version": cache.taxonomy_version, "error": None, "contract": contract})
                rows.append({"source": "cninfo", "announcement_id": aid, "sec_code": code, "sec_name": name,
                             "title": meta["title"], "kind": meta["kind"], "revision": meta["revision"],
                             "offering": "specific_targets", "published_at": f"{meta['published']} 18:00:00",
                             "url": f"http://127.0.0.1/{aid}.PDF", "state": "downloaded", "sha256": sha,
                             "path": f"raw/cninfo/{aid}.pdf"})
            made += 1
    frame = pl.DataFrame(rows).with_columns(pl.col("published_at").str.to_datetime())
    with open_catalog(home.catalog) as con:
        con.register("incoming", frame.to_arrow())
        con.execute("""INSERT INTO announcements BY NAME SELECT *, 1 AS attempts, now() AS first_seen FROM incoming""")
    del duckdb
    return root


def _home_for(offerings: int) -> Path:
    base = Path(os.environ.get("STARBOARD_BENCH_DIR", Path(tempfile.gettempdir()) / "starboard-bench-build"))
    from pipeline.normalise.taxonomy import load_taxonomy
    from pipeline.parse import PARSER_VERSION

    key = hashlib.sha256(f"{offerings}:{SEED}:{PARSER_VERSION}:{load_taxonomy().version}:v4".encode()).hexdigest()[:12]
    root = base / f"{offerings}-{key}"
    if not (root / ".complete").exists():
        # made aside and renamed into place, so two runs starting at once cannot mix
        import shutil

        from pipeline.build import build
        from pipeline.home import DataHome

        base.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{offerings}-", dir=base))
        make_home(offerings, scratch)
        build(DataHome(scratch), jobs=1)  # packs the cache, as any build after the first finds it
        (scratch / ".complete").write_text("ok", encoding="utf-8")
        try:
            os.rename(scratch, root)
        except OSError:  # another run got there first (or a stale copy is in the way)
            shutil.rmtree(scratch, ignore_errors=True)
            if not (root / ".complete").exists():
                shutil.rmtree(root, ignore_errors=True)
                return _home_for(offerings)
    return root


def measure(offerings: int) -> dict[str, float]:
    """One full build from cached parses; the synthetic home is made on first use and kept."""
    from pipeline.build import build
    from pipeline.home import DataHome

    home = DataHome(_home_for(offerings))
    started = time.perf_counter()
    summary = build(home, jobs=1)
    seconds = time.perf_counter() - started
    if summary.parsed_now:
        raise RuntimeError(f"{summary.parsed_now} documents were parsed: the bench must run from cached parses")
    return {
        "seconds": seconds,
        "offerings_per_s": summary.offerings / seconds,
        "documents": float(summary.documents),
        "offerings": float(summary.offerings),
        "budget_lines": float(summary.budget_lines),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    n = int(sys.argv[1]) if len(sys.argv) > 1 else CASES[0]["offerings"]
    print(json.dumps(measure(offerings=n), indent=1))
