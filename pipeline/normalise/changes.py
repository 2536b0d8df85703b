"""How a plan changed between consecutive versions of one offering.

Each version is spoken for by its representative document (one with a project table,
budgets and a cap where there is one). Between consecutive versions that state a cap, the
raise is cut or increased; between consecutive versions with project tables, projects are
matched by name: identical names (ignoring spaces, punctuation and a trailing 项目) are the
same project, resized when the amount moved; of the names left over, pairs that are each
other's closest match and differ by little (edit distance at most 40% of the longer name)
are one project renamed; the rest were dropped or added.
"""
from __future__ import annotations

import duckdb
import polars as pl

from pipeline.normalise.offerings import stage_label
from pipeline.normalise.units import DECIMAL

#: two names are one project renamed when their similarity (1 - edit distance / longer length) reaches this
RENAME_SIMILARITY = 0.6
CHANGE_ORDER = {"raise_cut": 1, "raise_increased": 2, "project_dropped": 3, "project_added": 4,
                "project_renamed": 5, "project_resized": 6}
SCHEMA = {
    "offering_id": pl.String, "change_no": pl.Int32, "from_version": pl.Int32, "to_version": pl.Int32,
    "from_document_id": pl.String, "to_document_id": pl.String, "from_stage": pl.String, "to_stage": pl.String,
    "from_date": pl.Date, "to_date": pl.Date, "change": pl.String,
    "project_before": pl.String, "project_after": pl.String, "project_seq_before": pl.Int32,
    "project_seq_after": pl.Int32, "amount_before_wan": DECIMAL, "amount_after_wan": DECIMAL,
    "delta_wan": DECIMAL, "name_similarity": pl.Float64,
}


def name_key(name: pl.Expr) -> pl.Expr:
    """A project name as compared across versions: no spaces, punctuation or trailing 项目."""
    return name.fill_null("").str.normalize("NFKC").str.replace_all(r"[^\p{L}\p{N}]", "").str.replace(r"项目$", "")


def _pairs(docs: pl.DataFrame, condition: pl.Expr) -> pl.DataFrame:
    """Consecutive representative versions of each offering that satisfy `condition`."""
    side = ["document_id", "version_no", "stage", "version_date"]
    return (
        docs.filter(pl.col("is_version_representative"), condition, pl.col("offering_id").is_not_null())
        .with_columns(stage_label(pl.col("revision"), pl.col("kind")).alias("stage"))
        .sort("offering_id", "version_no")
        .with_columns([pl.col(c).shift(1).over("offering_id").alias(f"_prev_{c}") for c in [*side, "raise_total_wan"]])
        .filter(pl.col("_prev_document_id").is_not_null())
        .select(
            "offering_id",
            pl.col("_prev_version_no").alias("from_version"), pl.col("version_no").alias("to_version"),
            pl.col("_prev_document_id").alias("from_document_id"), pl.col("document_id").alias("to_document_id"),
            pl.col("_prev_stage").alias("from_stage"), pl.col("stage").alias("to_stage"),
            pl.col("_prev_version_date").alias("from_date"), pl.col("version_date").alias("to_date"),
            pl.col("_prev_raise_total_wan").alias("_raise_before"), pl.col("raise_total_wan").alias("_raise_after"),
        )
    )


def raise_changes(docs: pl.DataFrame) -> pl.DataFrame:
    pairs = _pairs(docs, pl.col("raise_total_wan").is_not_null())
    return (
        pairs.filter(pl.col("_raise_before") != pl.col("_raise_after"))
        .with_columns(
            pl.when(pl.col("_raise_after") < pl.col("_raise_before")).then(pl.lit("raise_cut"))
            .otherwise(pl.lit("raise_increased")).alias("change"),
            pl.col("_raise_before").alias("amount_before_wan"),
            pl.col("_raise_after").alias("amount_after_wan"),
        )
        .drop("_raise_before", "_raise_after")
    )


def _sides(pairs: pl.DataFrame, projects: pl.DataFrame, doc_col: str, suffix: str) -> pl.DataFrame:
    keyed = projects.select(
        pl.col("document_id").alias(doc_col),
        pl.col("seq").alias(f"seq{suffix}"),
        pl.col("name").alias(f"name{suffix}"),
        pl.coalesce("proceeds_wan", "total_investment_wan").alias(f"amount{suffix}"),
        name_key(pl.col("name")).alias("key"),
    ).with_columns(pl.int_range(pl.len()).over(doc_col, "key").alias("dup"))
    return pairs.select("offering_id", "to_version", doc_col).join(keyed, on=doc_col)


def _renames(before: pl.DataFrame, after: pl.DataFrame) -> pl.DataFrame:
    """Mutual closest names within one pair of versions, similar enough to be one project."""
    con = duckdb.connect()
    try:
        con.register("b", before.to_arrow())
        con.register("a", after.to_arrow())
        return con.sql(
            f"""
            WITH scored AS (
                SELECT b.offering_id, b.to_version, b.seq_b, a.seq_a,
                       1 - levenshtein(b.key, a.key) / greatest(length(b.key), length(a.key), 1) AS similarity
                FROM b JOIN a USING (offering_id, to_version)
            ), ranked AS (
                SELECT *,
                    row_number() OVER (PARTITION BY offering_id, to_version, seq_b ORDER BY similarity DESC, seq_a) AS rb,
                    row_number() OVER (PARTITION BY offering_id, to_version, seq_a ORDER BY similarity DESC, seq_b) AS ra
                FROM scored
            )
            SELECT offering_id, to_version, seq_b, seq_a, round(similarity, 4) AS similarity
            FROM ranked WHERE rb = 1 AND ra = 1 AND similarity >= {RENAME_SIMILARITY}
            """
        ).pl()
    finally:
        con.close()


def project_changes(docs: pl.DataFrame, projects: pl.DataFrame) -> pl.DataFrame:
    pairs = _pairs(docs, pl.col("project_count").fill_null(0) > 0).drop("_raise_before", "_raise_after")
    before = _sides(pairs, projects, "from_document_id", "_b")
    after = _sides(pairs, projects, "to_document_id", "_a")
    keys = ["offering_id", "to_version", "key", "dup"]
    matched = before.join(after.drop("to_document_id"), on=keys, how="full", coalesce=True)
    both = matched.filter(pl.col("seq_b").is_not_null() & pl.col("seq_a").is_not_null())
    only_b = matched.filter(pl.col("seq_a").is_null()).select(*keys, "seq_b", "name_b", "amount_b")
    only_a = matched.filter(pl.col("seq_b").is_null()).select(*keys, "seq_a", "name_a", "amount_a")
    renamed = (
        _renames(only_b, only_a)
        .with_columns(pl.col("to_version").cast(pl.Int32), pl.col("seq_b").cast(pl.Int32), pl.col("seq_a").cast(pl.Int32))
        .join(only_b.drop("key", "dup"), on=["offering_id", "to_version", "seq_b"])
        .join(only_a.drop("key", "dup"), on=["offering_id", "to_version", "seq_a"])
    )
    dropped = only_b.join(renamed, on=["offering_id", "to_version", "seq_b"], how="anti")
    added = only_a.join(renamed, on=["offering_id", "to_version", "seq_a"], how="anti")
    resized = pl.concat([both.select("offering_id", "to_version", "seq_b", "seq_a", "name_b", "name_a",
                                     "amount_b", "amount_a"),
                         renamed.select("offering_id", "to_version", "seq_b", "seq_a", "name_b", "name_a",
                                        "amount_b", "amount_a")])
    resized = resized.filter(pl.col("amount_b") != pl.col("amount_a"))
    frames = [
        dropped.with_columns(pl.lit("project_dropped").alias("change")),
        added.with_columns(pl.lit("project_added").alias("change")),
        renamed.with_columns(pl.lit("project_renamed").alias("change")),
        resized.with_columns(pl.lit("project_resized").alias("change")),
    ]
    rows = pl.concat(frames, how="diagonal_relaxed").with_columns(
        pl.col("seq_b").cast(pl.Int32), pl.col("seq_a").cast(pl.Int32),
        pl.col("amount_b").cast(DECIMAL), pl.col("amount_a").cast(DECIMAL),
    )
    return rows.join(pairs, on=["offering_id", "to_version"]).select(
        "offering_id", "from_version", "to_version", "from_document_id", "to_document_id", "from_stage",
        "to_stage", "from_date", "to_date", "change",
        pl.col("name_b").alias("project_before"), pl.col("name_a").alias("project_after"),
        pl.col("seq_b").alias("project_seq_before"), pl.col("seq_a").alias("project_seq_after"),
        pl.col("amount_b").alias("amount_before_wan"), pl.col("amount_a").alias("amount_after_wan"),
        pl.when(pl.col("change") == "project_renamed").then(pl.col("similarity")).alias("name_similarity"),
    )


def offering_changes(docs: pl.DataFrame, projects: pl.DataFrame) -> pl.DataFrame:
    """Every change between consecutive versions, in order: the raise first, then projects."""
    raises = raise_changes(docs)
    changes = pl.concat([raises, project_changes(docs, projects)], how="diagonal_relaxed")
    return (
        changes.with_columns(
            pl.col("change").replace_strict(CHANGE_ORDER, return_dtype=pl.Int32).alias("_order"),
            (pl.col("amount_after_wan").cast(DECIMAL).fill_null(0) - pl.col("amount_before_wan").cast(DECIMAL).fill_null(0))
            .cast(DECIMAL).alias("delta_wan"),
        )
        .sort("offering_id", "to_version", "_order", pl.coalesce("project_seq_before", "project_seq_after"),
              "project_seq_after", nulls_last=True)
        .with_columns(pl.int_range(1, pl.len() + 1).over("offering_id").cast(pl.Int32).alias("change_no"))
        .select([pl.col(c).cast(t) for c, t in SCHEMA.items()])
    )
