"""Data homes for warehouse tests: a catalog and raw files, as if the crawler had run.

The filings are text fixtures (tests/fixtures/warehouse/chain/) written for starboard about
an invented company, 星河智算 (688000), whose 2023 raise goes 预案 → 修订稿 → 二次修订稿 →
注册稿 with the cap cut twice, one project renamed and resized, and one dropped; a new raise
follows in 2025. The 二次修订稿 is on two sites (same bytes), and a feasibility report of
the 修订稿 version arrived broken.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from crawler.catalog import DOWNLOADED, CatalogWriter, open_catalog
from crawler.titles import classify_title
from pipeline.extract.pages import sha256_bytes
from pipeline.home import DataHome
from tests.conftest import FIXTURES

CHAIN_DIR = FIXTURES / "warehouse" / "chain"
BROKEN_PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nthe rest of this file never arrived"


@dataclass(frozen=True)
class Filed:
    source: str
    announcement_id: str
    fixture: str | None  # file in CHAIN_DIR, or None for BROKEN_PDF
    title: str
    published: str

    def data(self) -> bytes:
        return BROKEN_PDF if self.fixture is None else (CHAIN_DIR / self.fixture).read_bytes()

    @property
    def suffix(self) -> str:
        return ".pdf" if self.fixture is None else Path(self.fixture).suffix


CHAIN = [
    Filed("cninfo", "9000000001", "688000_2023_plan.txt", "星河智算:2023年度向特定对象发行A股股票预案", "2023-04-10 18:00"),
    Filed("cninfo", "9000000002", "688000_2023_statement.txt",
          "星河智算:关于本次募集资金投向属于科技创新领域的说明", "2023-04-10 18:00"),
    Filed("cninfo", "9000000003", "688000_2023_plan_r1.txt",
          "星河智算:2023年度向特定对象发行A股股票预案(修订稿)", "2023-08-20 17:30"),
    Filed("cninfo", "9000000007", None,
          "星河智算:2023年度向特定对象发行A股股票募集资金使用可行性分析报告(修订稿)", "2023-08-20 17:30"),
    Filed("cninfo", "9000000004", "688000_2023_plan_r2.txt",
          "星河智算:2023年度向特定对象发行A股股票预案(二次修订稿)", "2023-11-02 19:00"),
    Filed("sse", "688000_20231102_3", "688000_2023_plan_r2.txt",
          "2023年度向特定对象发行A股股票预案(二次修订稿)", "2023-11-02 19:00"),
    Filed("cninfo", "9000000005", "688000_2023_prospectus.txt",
          "星河智算:2023年度向特定对象发行A股股票募集说明书(注册稿)", "2024-01-15 20:00"),
    Filed("cninfo", "9000000006", "688000_2025_plan.txt", "星河智算:2025年度向特定对象发行A股股票预案", "2025-03-01 18:00"),
]
OFFERING_2023 = "688000-specific_targets-2023"
OFFERING_2025 = "688000-specific_targets-2025"


def make_home(root: Path, filed: list[Filed] = CHAIN) -> DataHome:
    """A data home holding `filed` as downloaded announcements."""
    home = DataHome(root).ensure()
    with open_catalog(home.catalog) as con:
        writer = CatalogWriter(con)
        for f in filed:
            data = f.data()
            rel = f"raw/{f.source}/{f.announcement_id}{f.suffix}"
            (home.root / rel).parent.mkdir(parents=True, exist_ok=True)
            (home.root / rel).write_bytes(data)
            cls = classify_title(f.title)
            writer.record({
                "source": f.source, "announcement_id": f.announcement_id, "sec_code": "688000",
                "sec_name": "星河智算", "title": f.title, "kind": cls.kind, "revision": cls.revision,
                "offering": cls.offering, "published_at": datetime.fromisoformat(f.published),
                "url": f"http://127.0.0.1/{f.source}/{f.announcement_id}", "state": DOWNLOADED,
                "sha256": sha256_bytes(data), "bytes": len(data), "path": rel,
            }, run_id=None, attempted=True)
        writer.flush()
    return home
