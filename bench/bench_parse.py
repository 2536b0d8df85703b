"""Parsing speed: filings per second from cached page text (the nightly rebuild's path),
and a cached parse (text cache hit) against re-extracting the PDF, on the bundled corpus
plus the parser's layout fixtures (text, HTML and rendered PDFs); and, as a second case,
on use reports (募集资金存放与实际使用情况的专项报告), whose wide 对照表 are read by column:
the after-the-raise fixtures' use reports plus a long one rendered here (five raises of
twelve projects each, an eleven-column table per raise).

Convention (HELPERS.md): CASES are parameter sets; measure(**case) does ONE run and returns
named figures; the bench harness repeats it in fresh processes.
"""
from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from crawler.mirror.corpus import load_corpus
from crawler.mirror.render import render_pdf
from pipeline.extract import grid, tables
from pipeline.extract.pages import Document, load_bytes
from pipeline.normalise.taxonomy import load_taxonomy
from pipeline.parse import parse_document

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
LAYOUTS = FIXTURES / "layouts"
AFTER_RAISE = FIXTURES / "after_raise"
CASES: list[dict] = [{"rounds": 30}, {"rounds": 30, "sample": "use_reports"}]


def _fixture_files(folder: Path, prefix: str = "") -> list[tuple[bytes, str]]:
    files = []
    for path in sorted(folder.iterdir()):
        if path.name.endswith(".expected.json") or not path.name.startswith(prefix):
            continue
        if path.name.endswith(".pdf.json"):
            spec = json.loads(path.read_text(encoding="utf-8"))
            files.append((render_pdf(spec["blocks"], spec.get("running_head")), ".pdf"))
        else:
            files.append((path.read_bytes(), path.suffix))
    return files


def sample_files(sample: str = "plans") -> list[tuple[bytes, str]]:
    if sample == "use_reports":
        return _fixture_files(AFTER_RAISE, "use_report") + [(render_pdf(_long_use_report()), ".pdf")]
    return [(f.pdf, ".pdf") for f in load_corpus() if not f.spec.get("broken")] + _fixture_files(LAYOUTS)


def _long_use_report(raises: int = 5, projects: int = 12) -> list[dict]:
    """A use report of several raises, each 对照表 wide and long enough to cross pages."""
    header = ["承诺投资项目", "已变更项目，含部分变更", "募集资金承诺投资总额", "调整后投资总额", "本年度投入金额",
              "截至期末累计投入金额(2)", "差额(3)=(2)-(1)", "截至期末投入进度(%)(4)=(2)/(1)",
              "项目达到预定可使用状态日期", "本年度实现的效益", "项目可行性是否发生重大变化"]
    blocks: list[dict] = [{"h": "基准科技股份有限公司"}, {"h": "关于2024年度募集资金存放与实际使用情况的专项报告"},
                          {"p": "公司董事会编制了截至2024年12月31日的募集资金存放与实际使用情况的专项报告。"}]
    for r in range(raises):
        rows = []
        for p in range(projects):
            committed = 10000 + 731 * p + 97 * r
            spent = committed * (p + 1) // (projects + 1)
            rows.append([f"基准第{r + 1}次募投第{p + 1}号建设项目", "否", f"{committed:,.2f}", f"{committed:,.2f}",
                         f"{spent // 3:,.2f}", f"{spent:,.2f}", f"{spent - committed:,.2f}",
                         f"{100 * spent / committed:.2f}", f"{2025 + p % 3}年{1 + p % 12}月", "不适用", "否"])
        blocks += [{"p": f"附表{r + 1}：{2019 + r}年度向特定对象发行A股股票募集资金使用情况对照表"},
                   {"table": {"unit": "万元", "header": header, "rows": rows,
                              "widths": [60, 26, 44, 44, 44, 44, 48, 36, 40, 28, 37]}}]
    return blocks


def _cold() -> None:
    tables.classify_cell.cache_clear()
    tables._is_header_text.cache_clear()
    for cached in (grid._spans, grid.cell_kinds, grid._is_value, grid._value_line, grid._header_ish):
        cached.cache_clear()


def measure(rounds: int = 30, sample: str = "plans") -> dict[str, float]:
    files = sample_files(sample)
    taxonomy = load_taxonomy()
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp)
        docs: list[Document] = [load_bytes(data, suffix, cache) for data, suffix in files]  # warms the cache
        start = time.perf_counter()
        for _ in range(rounds):
            _cold()  # no credit for having read the same cells in the previous round
            for doc in docs:
                parse_document(doc, taxonomy)
        from_text = rounds * len(docs) / (time.perf_counter() - start)

        pdfs = [(d, s) for d, s in files if s == ".pdf"]
        start = time.perf_counter()
        for _ in range(rounds):
            _cold()
            for data, suffix in pdfs:
                parse_document(load_bytes(data, suffix, cache), taxonomy)
        cached = rounds * len(pdfs) / (time.perf_counter() - start)
        start = time.perf_counter()
        for _ in range(rounds):
            _cold()
            for data, suffix in pdfs:
                parse_document(load_bytes(data, suffix, None), taxonomy)
        extracted = rounds * len(pdfs) / (time.perf_counter() - start)
    return {
        "filings": float(len(docs)),
        "parse_from_text_filings_per_s": round(from_text, 1),
        "pdf_cached_text_filings_per_s": round(cached, 1),
        "pdf_reextract_filings_per_s": round(extracted, 1),
        "cache_speedup": round(cached / extracted, 2),
    }


if __name__ == "__main__":
    for case in CASES:
        print(json.dumps({**case, **measure(**case)}, indent=1))
