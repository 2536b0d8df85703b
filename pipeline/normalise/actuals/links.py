"""Attach what a document says after the raise to the raise it names and to its planned projects.

A use report, an issuance report or a notice names its raise (its offering hint: a year and
an offering type, or the IPO) and its projects by name. Each is linked to one of the
company's raises (offerings, grouped from the plan documents) by the first rule that holds:

1. `named`: the hint's year is the plan's year, and the offering type agrees;
2. `named_issue_year`: the hint's year is the year after the plan's (reports often name a
   raise by the year its money arrived: a 2022年度 plan issued in 2023);
3. `projects`: the projects it names match the raise's planned projects by name (on average
   at least RENAME_SIMILARITY, as for renamed projects between versions);
4. `running`: it names no year, and the raise is the company's latest of that type whose
   first document came before it (as yearless plan documents join the raise running).

IPO money (首次公开发行) is its own kind of raise: it is never linked to a refinancing
(`ipo`). What no rule links stays `unlinked`, with its figures kept. Within a raise, a row's
project is matched to a planned project the same way versions match projects: a name at least
RENAME_SIMILARITY alike (one contained in the other counts as CONTAINED_SIMILARITY), in the
latest plan if it has one, else in the newest earlier version; the closest such name wins.
"""
from __future__ import annotations

import duckdb
import polars as pl

from pipeline.normalise.changes import RENAME_SIMILARITY, name_key

#: one name inside the other (先进工艺平台芯片项目 / 先进工艺平台芯片研发及产业化项目) is this alike
CONTAINED_SIMILARITY = 0.9
#: ... when the shorter key has at least this many characters
CONTAINED_MIN_LENGTH = 4
#: order of the rules (module docstring)
RULES = {"named": 1, "named_issue_year": 2, "projects": 3, "running": 4}
LINKS = {"offering_id": pl.String, "link_rule": pl.String, "name_score": pl.Float64}


def similarities(left: pl.DataFrame, right: pl.DataFrame, on: list[str]) -> pl.DataFrame:
    """Every pair of `left` and `right` rows agreeing on `on`, with how alike their `key`s are.

    `left` has `l_id` and `key`, `right` has `r_id` and `key`; returns (l_id, r_id, similarity):
    1 - edit distance / longer length, or CONTAINED_SIMILARITY when one key holds the other.
    """
    con = duckdb.connect()
    try:
        con.register("l", left.select(*on, "l_id", "key").to_arrow())
        con.register("r", right.select(*on, "r_id", "key").to_arrow())
        using = ", ".join(on)
        frame = con.sql(
            f"""
            SELECT l.l_id, r.r_id, round(greatest(
                1 - levenshtein(l.key, r.key) / greatest(length(l.key), length(r.key), 1),
                CASE WHEN least(length(l.key), length(r.key)) >= {CONTAINED_MIN_LENGTH}
                      AND (contains(l.key, r.key) OR contains(r.key, l.key))
                     THEN {CONTAINED_SIMILARITY} ELSE 0 END), 4)::DOUBLE AS similarity
            FROM l JOIN r USING ({using})
            WHERE length(l.key) > 0 AND length(r.key) > 0
            """
        ).pl()
    finally:
        con.close()
    return frame.with_columns(pl.col("l_id").cast(left.schema["l_id"]), pl.col("r_id").cast(right.schema["r_id"]))


def _name_scores(candidates: pl.DataFrame, plan_names: pl.DataFrame) -> pl.DataFrame:
    """(item_id, offering_id, name_score): how well an item's names match each candidate's plan."""
    names = (
        candidates.select("item_id", "offering_id", "names")
        .explode("names").drop_nulls("names")
        .with_columns(name_key(pl.col("names")).alias("key"))
        .with_columns(pl.int_range(pl.len()).over("item_id", "offering_id").alias("n"))
        .with_columns(pl.format("{}|{}|{}", "item_id", "offering_id", "n").alias("l_id"))
    )
    planned = (
        plan_names.select("offering_id", name_key(pl.col("name")).alias("key")).unique()
        .with_columns(pl.col("key").alias("r_id"))
    )
    if names.is_empty() or planned.is_empty():
        return pl.DataFrame(schema={"item_id": pl.String, "offering_id": pl.String, "name_score": pl.Float64})
    best = similarities(names, planned, ["offering_id"]).group_by("l_id").agg(pl.col("similarity").max())
    return (
        names.join(best, on="l_id", how="left")
        .group_by("item_id", "offering_id")
        .agg(pl.col("similarity").fill_null(0.0).mean().alias("name_score"))
    )


def _type_agrees(hint_type: pl.Expr, offering_type: pl.Expr) -> pl.Expr:
    """An unstated type (in the hint, or `other` for a raise no document typed) agrees with any."""
    return hint_type.is_null() | (offering_type == "other") | (hint_type == offering_type)


def link_to_offerings(items: pl.DataFrame, offerings: pl.DataFrame, plan_names: pl.DataFrame) -> pl.DataFrame:
    """items (item_id, code, item_date, hint_year, hint_type, is_ipo, names) → the same rows with
    offering_id, link_rule (named | named_issue_year | projects | running | ipo | unlinked) and
    name_score (how alike its names are to the linked raise's planned projects, where it names any)."""
    offers = offerings.select("offering_id", "code", "offering_type", "plan_year", "first_date")
    candidates = (
        items.filter(~pl.col("is_ipo"))
        .join(offers, on="code", how="inner")
        .filter(
            _type_agrees(pl.col("hint_type"), pl.col("offering_type")),
            pl.col("item_date").is_null() | (pl.col("first_date") <= pl.col("item_date")),
        )
    )
    scored = candidates.join(_name_scores(candidates, plan_names), on=["item_id", "offering_id"], how="left")
    rule = (
        pl.when(pl.col("hint_year") == pl.col("plan_year")).then(pl.lit("named"))
        .when(pl.col("hint_year") == pl.col("plan_year") + 1).then(pl.lit("named_issue_year"))
        .when(pl.col("name_score") >= RENAME_SIMILARITY).then(pl.lit("projects"))
        .when(pl.col("hint_year").is_null()).then(pl.lit("running"))
    )
    chosen = (
        scored.with_columns(rule.alias("link_rule"))
        .drop_nulls("link_rule")
        .with_columns(pl.col("link_rule").replace_strict(RULES, return_dtype=pl.Int32).alias("_rank"))
        .sort(["item_id", "_rank", "name_score", "first_date", "offering_id"],
              descending=[False, False, True, True, False], nulls_last=True)
        .unique("item_id", keep="first", maintain_order=True)
        .select("item_id", "offering_id", "link_rule", "name_score")
    )
    return (
        items.join(chosen, on="item_id", how="left")
        .with_columns(
            pl.when(pl.col("is_ipo")).then(pl.lit("ipo"))
            .otherwise(pl.col("link_rule").fill_null("unlinked")).alias("link_rule"),
        )
    )


def match_projects(rows: pl.DataFrame, plan_projects: pl.DataFrame) -> pl.DataFrame:
    """rows (row_id, offering_id, name) → (row_id, planned_document_id, planned_seq, planned_project,
    name_similarity): the planned project each row reports on, or nulls.

    plan_projects: (offering_id, document_id, seq, name, is_latest_plan, version_no) for every
    project of every plan document of the raises.
    """
    empty = pl.DataFrame(schema={"row_id": rows.schema["row_id"], "planned_document_id": pl.String,
                                 "planned_seq": pl.Int32, "planned_project": pl.String,
                                 "name_similarity": pl.Float64})
    left = rows.filter(pl.col("offering_id").is_not_null()).select(
        "offering_id", pl.col("row_id").alias("l_id"), name_key(pl.col("name")).alias("key"))
    right = plan_projects.with_columns(pl.int_range(pl.len()).alias("r_id"))
    if left.is_empty() or right.is_empty():
        return empty
    scored = similarities(left, right.with_columns(name_key(pl.col("name")).alias("key")), ["offering_id"])
    return (
        scored.filter(pl.col("similarity") >= RENAME_SIMILARITY)
        .join(right, on="r_id")
        .sort(["l_id", "is_latest_plan", "similarity", "version_no", "document_id", "seq"],
              descending=[False, True, True, True, False, False], nulls_last=True)
        .unique("l_id", keep="first", maintain_order=True)
        .select(pl.col("l_id").alias("row_id"), pl.col("document_id").alias("planned_document_id"),
                pl.col("seq").cast(pl.Int32).alias("planned_seq"), pl.col("name").alias("planned_project"),
                pl.col("similarity").alias("name_similarity"))
    )
