"""Draw fictional offerings (company, projects, budgets, revision chain) from the shape files.

Offering `i` of seed `s` depends on nothing but (s, i): the first thousand offerings of a
100k corpus are the 1k corpus, so scale runs nest and a cached corpus can be extended.
Amounts are Decimals in 万元, exact to the cent, so every table adds up the way a filing's
does. The distributions are data (`shape.json`, `vocabulary.json`), documented in the README.
"""
from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

#: 2: 品牌推广费 is `other` (the taxonomy's marketing costs); catalog rows carry a synth:// URL
GENERATOR_VERSION = 2
HERE = Path(__file__).resolve().parent
CENT = Decimal("0.01")
HUNDRED = Decimal("100")
#: raw-store source and id prefixes: no cninfo or SSE id starts with letters
SOURCE = "synth"
WORKING_CAPITAL = "working_capital"
#: codes are Z + five digits, one per company: at most this many offerings get distinct codes
MAX_OFFERINGS = 100_000


@lru_cache(maxsize=1)
def load_shape() -> dict[str, Any]:
    return json.loads((HERE / "shape.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def load_vocabulary() -> dict[str, Any]:
    return json.loads((HERE / "vocabulary.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Company:
    id: int
    code: str
    short_name: str
    full_name: str
    brand: str  # the full name without 股份有限公司, for subsidiaries' names
    theme: str


@dataclass
class Item:
    item: str
    category: str
    amount: Decimal
    capex: bool
    sub: bool  # belongs under the sub-total row (建设投资 / 工程费用) when one is printed


@dataclass
class Project:
    name: str
    type: str
    total: Decimal
    proceeds: Decimal
    months: int | None = None
    place: str | None = None
    entity: str | None = None
    budget: list[Item] = field(default_factory=list)
    subtotal: str | None = None  # the name of the sub-total row this budget may print

    @property
    def is_working_capital(self) -> bool:
        return self.type == WORKING_CAPITAL


@dataclass
class Version:
    revision: str | None  # None (预案), 修订稿, 二次修订稿
    date: date
    projects: list[Project]
    cut: Decimal = Decimal(0)  # how much the cap fell from the version before

    @property
    def cap(self) -> Decimal:
        return sum((p.proceeds for p in self.projects), Decimal(0))


@dataclass
class Offering:
    index: int
    seed: int
    company: Company
    offering: str  # specific_targets | simplified | convertible_bond
    year: int
    versions: list[Version]

    @property
    def id(self) -> str:
        return f"S{self.index:07d}"


# --- small helpers -------------------------------------------------------------------------

def pick(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[float(weights[k]) for k in keys])[0]


def to_cents(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def round_amount(rng: random.Random, value: float) -> Decimal:
    """Half the figures filings print are round hundreds of 万元, half are exact to the cent."""
    if rng.random() < load_shape()["rounding"]["round_hundred_probability"] and value >= 200:
        return (Decimal(str(value)) / HUNDRED).quantize(Decimal(1), rounding=ROUND_HALF_UP) * HUNDRED
    return to_cents(value)


def dirichlet(rng: random.Random, means: list[float], concentration: float, floor: float = 0.005) -> list[float]:
    draws = [rng.gammavariate(max(m * concentration, 0.05), 1.0) for m in means]
    total = sum(draws) or 1.0
    shares = [max(d / total, floor) for d in draws]
    norm = sum(shares)
    return [s / norm for s in shares]


def split_exact(total: Decimal, shares: list[float]) -> list[Decimal]:
    """Split `total` into cent amounts in these proportions that add up to it exactly."""
    raw = [total * Decimal(str(s)) for s in shares]
    floored = [r.quantize(CENT, rounding=ROUND_DOWN) for r in raw]
    missing = int((total - sum(floored)) / CENT)
    order = sorted(range(len(raw)), key=lambda i: raw[i] - floored[i], reverse=True)
    for i in order[:missing]:
        floored[i] += CENT
    return floored


def allocate_proceeds(items: list[Item], proceeds: Decimal) -> list[Decimal]:
    """How a project's proceeds spread over its budget: capital items first, as filings do."""
    amounts = [it.amount for it in items]
    total = sum(amounts, Decimal(0))
    if proceeds >= total:
        return amounts
    capex = [i for i, it in enumerate(items) if it.capex]
    capex_sum = sum((amounts[i] for i in capex), Decimal(0))
    result = [Decimal(0)] * len(items)
    if capex and capex_sum >= proceeds:
        for i, v in zip(capex, split_exact(proceeds, [float(amounts[i] / capex_sum) for i in capex]), strict=True):
            result[i] = v
        return result
    others = [i for i in range(len(items)) if i not in capex]
    for i in capex:
        result[i] = amounts[i]
    rest = proceeds - capex_sum
    other_sum = sum((amounts[i] for i in others), Decimal(0))
    for i, v in zip(others, split_exact(rest, [float(amounts[i] / other_sum) for i in others]), strict=True):
        result[i] = v
    return result


# --- the draw ------------------------------------------------------------------------------

def company(seed: int, company_id: int) -> Company:
    """A fictional company: syllables picked by id (so names rarely repeat), theme by weight."""
    vocab = load_vocabulary()["company"]
    rng = random.Random(f"starboard-synth:{seed}:company:{company_id}")
    theme = pick(rng, load_shape()["theme"]["weights"])
    first, second, third = vocab["first"], vocab["second"], vocab["third"]
    n = company_id * 7919 + seed  # a stride through the syllable grid, not a sequence
    stem = first[n % len(first)] + second[(n // len(first)) % len(second)]
    stem += third[(n // (len(first) * len(second))) % len(third)]
    long_word, short_word = rng.choice(vocab["industry"][theme])
    brand = stem + long_word
    return Company(
        id=company_id,
        code=f"Z{company_id:05d}",
        short_name=stem[:2] + short_word,
        full_name=brand + vocab["suffix"][0],
        brand=brand,
        theme=theme,
    )


def draw_offering(seed: int, index: int) -> Offering:
    shape = load_shape()
    rng = random.Random(f"starboard-synth:{seed}:offering:{index}")
    company_id = index
    if index > 0 and rng.random() < shape["layout"]["repeat_raiser_probability"]:
        company_id = rng.randrange(index)  # a company raising again
    co = company(seed, company_id)
    kind = pick(rng, shape["offering"]["weights"])
    year = int(pick(rng, shape["year"]["weights"]))
    first_day = date(year, 1, 1) + timedelta(days=rng.randrange(0, 330))
    projects = draw_projects(rng, co, kind)
    versions = [Version(None, first_day, projects)]
    rev = shape["revision"]
    if rng.random() < rev["probability"]:
        versions.append(revise(rng, versions[-1], "修订稿"))
        if rng.random() < rev["second_probability"]:
            versions.append(revise(rng, versions[-1], "二次修订稿"))
    return Offering(index=index, seed=seed, company=co, offering=kind, year=year, versions=versions)


def draw_raise_total(rng: random.Random, kind: str) -> float:
    spec = load_shape()["raise_total"][kind]
    if spec["dist"] == "uniform":
        return rng.uniform(spec["min"], spec["max"])
    value = rng.lognormvariate(0.0, spec["sigma"]) * spec["median"]
    return min(max(value, spec["min"]), spec["max"])


def draw_projects(rng: random.Random, co: Company, kind: str) -> list[Project]:
    shape = load_shape()
    target = draw_raise_total(rng, kind)
    count = int(pick(rng, shape["project_count"]["weights"]))
    wc_spec = shape["working_capital"]
    working_capital: Project | None = None
    if count >= 2 and rng.random() < wc_spec["probability_when_several_projects"]:
        share = wc_spec["share_of_raise"]
        if rng.random() < share["above_cap_probability"]:
            fraction = rng.uniform(*share["above_cap"])
        elif rng.random() < share["at_cap"]:
            fraction = share["cap"]
        else:
            fraction = rng.uniform(*share["below_cap"])
        amount = round_amount(rng, target * fraction)
        working_capital = Project(name=pick(rng, wc_spec["names"]), type=WORKING_CAPITAL, total=amount, proceeds=amount)
        target -= float(amount)
        count -= 1
    shares = dirichlet(rng, [1.0 / count] * count, 1.5 * count, floor=0.05)
    projects: list[Project] = []
    names: set[str] = set()
    for share in shares:
        project = draw_project(rng, co, max(target * share, 300.0), names)
        names.add(project.name)
        projects.append(project)
    projects.sort(key=lambda p: p.proceeds, reverse=True)
    if working_capital is not None:
        projects.append(working_capital)  # filings list working capital last
    return projects


def draw_project(rng: random.Random, co: Company, proceeds_target: float, taken: set[str]) -> Project:
    shape, vocab = load_shape(), load_vocabulary()
    ptype = pick(rng, shape["project_type"]["weights"])
    place, city = rng.choice(vocab["places"])
    name = ""
    for _ in range(20):
        template = rng.choice(vocab["projects"][ptype])["template"]
        name = template.format(product=rng.choice(vocab["products"][co.theme]), city=city,
                               capacity=_capacity(rng, co.theme))
        if name not in taken:
            break
    proceeds = round_amount(rng, proceeds_target)
    ratio_spec = shape["proceeds_ratio"]
    if rng.random() < ratio_spec["equal_probability"]:
        total = proceeds
    else:
        ratio = ratio_spec["low"] + (ratio_spec["high"] - ratio_spec["low"]) * rng.betavariate(*ratio_spec["beta"])
        total = max(to_cents(float(proceeds) / ratio), proceeds)
    entity = co.full_name
    if rng.random() < shape["layout"]["subsidiary_entity_probability"]:
        entity = f"{co.brand}（{city}）有限公司"
    project = Project(name=name, type=ptype, total=total, proceeds=proceeds,
                      months=int(pick(rng, shape["construction_months"][ptype])), place=place, entity=entity)
    if rng.random() < shape["budget"]["probability"]:
        key = "rnd_biomedicine" if ptype == "rnd" and co.theme == "biomedicine" else ptype
        project.budget, project.subtotal = draw_budget(rng, key, total)
    return project


def _capacity(rng: random.Random, theme: str) -> str:
    units = load_vocabulary()["capacity_units"]
    unit, low, high = rng.choice(units.get(theme, units["default"]))
    return f"{rng.randint(low, high)}{unit}"


def draw_budget(rng: random.Random, key: str, total: Decimal) -> tuple[list[Item], str | None]:
    spec = load_vocabulary()["budgets"][key]
    chosen = [it for it in spec["items"] if rng.random() >= it.get("optional", 0.0)]
    means = [it["share"] for it in chosen]
    shares = dirichlet(rng, means, load_shape()["budget"]["concentration"])
    amounts = split_exact(total, shares)
    items = []
    for it, amount in zip(chosen, amounts, strict=True):
        label = it["item"] if isinstance(it["item"], str) else rng.choice(it["item"])
        items.append(Item(label, it["category"], amount, bool(it.get("capex")), bool(it.get("sub"))))
    return items, spec.get("subtotal")


def revise(rng: random.Random, before: Version, revision: str) -> Version:
    """The next version: most cut the cap, a little (financial investments deducted, taken
    from working capital first) or a lot (spread over projects, sometimes dropping one)."""
    rev = load_shape()["revision"]
    low, high = rev["months_between"]
    when = before.date + timedelta(days=rng.randint(low * 30, high * 30))
    projects = [replace(p, budget=list(p.budget)) for p in before.projects]
    version = Version(revision, when, projects)
    if rng.random() >= rev["cut_probability"]:
        return version
    cap = before.cap
    if rng.random() < rev["small_cut_probability"]:
        cut = to_cents(float(cap) * rng.uniform(*rev["small_cut"]))
        wc = next((p for p in projects if p.is_working_capital and p.proceeds - cut >= p.proceeds / 10), None)
        target = wc or max(projects, key=lambda p: p.proceeds)
        cut = min(cut, target.proceeds - CENT)
        target.proceeds -= cut
        if target.is_working_capital:
            target.total = target.proceeds
    else:
        goal = to_cents(float(cap) * (1 - rng.uniform(*rev["large_cut"])))
        non_wc = [p for p in projects if not p.is_working_capital]
        if len(projects) >= 3 and len(non_wc) >= 2 and rng.random() < rev["drop_project_probability_on_large_cut"]:
            projects.remove(min(non_wc, key=lambda p: p.proceeds))
        remaining = sum((p.proceeds for p in projects), Decimal(0))
        if remaining > goal:
            new = split_exact(goal, [float(p.proceeds / remaining) for p in projects])
            for p, value in zip(projects, new, strict=True):
                p.proceeds = max(value, CENT)
                if p.is_working_capital:
                    p.total = p.proceeds
    version.cut = cap - version.cap
    return version


def offerings(n: int, seed: int = 0, start: int = 0) -> Iterator[Offering]:
    for index in range(start, start + n):
        yield draw_offering(seed, index)
