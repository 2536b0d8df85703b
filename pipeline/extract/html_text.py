"""HTML pages (disclosure mirrors, news reposts) → lines, table rows as tab-separated cells.

Table structure is kept by turning each <tr> into one line of tab-separated cells, the
same shape a tab-separated text export has, so the table reader has one input form.
"""
from __future__ import annotations

from html.parser import HTMLParser

BLOCK_TAGS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article",
              "header", "footer", "title", "table", "ul", "ol", "pre", "blockquote", "hr"}
SKIP_TAGS = {"script", "style", "noscript", "head"}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.span: tuple[int, int] = (1, 1)  # (rowspan, colspan) of the open cell
        self.carry: dict[int, tuple[int, str]] = {}  # column → (rows still spanned, text)
        self.skip_depth = 0
        self.in_title = False
        self.title: str | None = None

    def _flush(self) -> None:
        text = "".join(self.current).strip()
        if text:
            self.lines.append(text)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
            return
        if tag in SKIP_TAGS:
            self.skip_depth += 1
            return
        if tag == "tr":
            self._flush()
            self.row = []
            self._fill_carried()
        elif tag in {"td", "th"}:
            self.cell = []
            found = dict(attrs)
            self.span = (_int(found.get("rowspan")), _int(found.get("colspan")))
        elif tag in BLOCK_TAGS and self.cell is None:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
            return
        if tag in SKIP_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag in {"td", "th"} and self.cell is not None:
            cell = " ".join("".join(self.cell).split())
            if self.row is not None:
                rowspan, colspan = self.span
                for n in range(colspan):
                    if rowspan > 1:
                        self.carry[len(self.row)] = (rowspan - 1, cell if n == 0 else "")
                    self.row.append(cell if n == 0 else "")
                    self._fill_carried()
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if any(c for c in self.row):
                self.lines.append("\t".join(self.row))
            self.row = None
        elif tag in BLOCK_TAGS and self.cell is None:
            self._flush()

    def _fill_carried(self) -> None:
        """Cells that a rowspan above carries into this row keep their column."""
        while self.row is not None and len(self.row) in self.carry:
            left, text = self.carry.pop(len(self.row))
            col = len(self.row)
            self.row.append(text)
            if left > 1:
                self.carry[col] = (left - 1, text)

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title = (self.title or "") + data.strip()
            return
        if self.skip_depth:
            return
        if self.cell is not None:
            self.cell.append(data)
        else:
            self.current.append(data.replace("\n", " ") if data.strip() else data.strip("\n"))


def html_to_lines(html: str) -> tuple[str | None, list[str]]:
    parser = _Collector()
    parser.feed(html)
    parser.close()
    parser._flush()
    return parser.title, parser.lines


def _int(value: str | None) -> int:
    try:
        return max(1, min(50, int(value or 1)))
    except ValueError:
        return 1
