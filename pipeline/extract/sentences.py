"""Prose read as sentences, each character remembering the printed line it came from.

Sentences wrap over lines (and over page breaks), so facts stated in prose are read from
the lines joined; the evidence for a fact is the line its first character sat on.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from pipeline.extract.amounts import NUMBER, parse_number, to_wan
from pipeline.extract.lines import Line

_SPACE_NEAR_CJK = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")
UNIT = r"(?:亿元|万元|元)"
AMOUNT = rf"(?:人民币)?\s?(?P<num>{NUMBER})\s?(?P<unit>{UNIT})"


@dataclass
class Prose:
    text: str
    owners: list[int]  # for each character, the index of its line
    lines: list[Line]

    def line_at(self, pos: int) -> Line:
        return self.lines[self.owners[min(max(pos, 0), len(self.owners) - 1)]]

    def sentences(self) -> Iterator[tuple[int, str]]:
        """(start, sentence) for each sentence ended by 。 (or by the end of the text)."""
        start = 0
        for m in re.finditer(r"[。；;]|$", self.text):
            if m.start() > start:
                yield start, self.text[start:m.start()]
            start = m.end()
            if m.end() >= len(self.text):
                break


def join_lines(lines: list[Line], start: int = 0, end: int | None = None) -> Prose:
    """Lines joined into one text, spaces next to CJK characters removed (a text layer puts
    them between glyphs); `AI 大模型` keeps its space."""
    text = ""
    owners: list[int] = []
    for idx in range(start, len(lines) if end is None else end):
        piece = _SPACE_NEAR_CJK.sub("", lines[idx].text.replace("\t", " ").strip())
        text += piece
        owners.extend([idx] * len(piece))
    return Prose(text, owners, lines)


def wan(m: re.Match[str], num: str = "num", unit: str = "unit") -> Decimal | None:
    """The amount a match printed, in 万元 (None if the number does not parse)."""
    value = parse_number(m.group(num))
    return None if value is None else to_wan(value, m.group(unit))
