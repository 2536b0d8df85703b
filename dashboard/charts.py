"""Altair charts of the Benchmark page: frames in, Vega-Lite specs out (no Streamlit calls)."""
from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import polars as pl

FOCAL_COLOUR = "#d62728"
PEER_COLOUR = "#8c9db5"
# one colour per category, stable across charts and languages (Tableau 10, then greys)
PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f",
           "#ff9da7", "#bab0ac"]


def stacked_shares(frame: pl.DataFrame, bar_order: Sequence[str], category_order: Sequence[str],
                   share_title: str) -> alt.Chart:
    """Horizontal 100 % bars, one per row label (`bar`), split by `category`.

    `frame` columns: bar, category (label), share (0..1), amount (optional, for the tooltip).
    Categories keep one colour each in `category_order`, whichever of them are present.
    """
    colours = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(category_order)}
    present = [c for c in category_order if c in set(frame.get_column("category").to_list())]
    tooltip = [alt.Tooltip("bar:N", title=" "), alt.Tooltip("category:N", title=" "),
               alt.Tooltip("share:Q", format=".1%", title=share_title)]
    if "amount" in frame.columns:
        tooltip.append(alt.Tooltip("amount:Q", format=",.2f", title="万元"))
    ordered = frame.with_columns(
        pl.col("category").replace_strict({c: i for i, c in enumerate(category_order)}, default=99,
                                          return_dtype=pl.Int32).alias("order")
    )
    return alt.Chart(ordered.to_pandas()).mark_bar(size=20).encode(
        y=alt.Y("bar:N", sort=list(bar_order), title=None, axis=alt.Axis(labelLimit=220)),
        x=alt.X("share:Q", stack="normalize", title=share_title, axis=alt.Axis(format="%", tickCount=5)),
        color=alt.Color("category:N", sort=present, title=None,
                        scale=alt.Scale(domain=present, range=[colours[c] for c in present]),
                        legend=alt.Legend(orient="top", columns=4, title=None, labelLimit=160)),
        order=alt.Order("order:Q"),
        tooltip=tooltip,
    ).properties(height=alt.Step(28))


def raise_vs_share(frame: pl.DataFrame, focal_label: str, x_title: str, y_title: str,
                   median_y: float | None = None) -> alt.LayerChart:
    """Scatter of raise size (log scale) against a share; the focal point big, red and labelled.

    `frame` columns: label, raise_wan, value, is_focal.
    """
    pdf = frame.to_pandas()
    x = alt.X("raise_wan:Q", scale=alt.Scale(type="log"), title=x_title,
              axis=alt.Axis(format=",.0f", tickCount=4, grid=False))
    y = alt.Y("value:Q", title=y_title, axis=alt.Axis(format="%"), scale=alt.Scale(zero=True))
    tooltip = [alt.Tooltip("label:N", title=" "), alt.Tooltip("raise_wan:Q", format=",.2f", title=x_title),
               alt.Tooltip("value:Q", format=".1%", title=y_title)]
    peers = alt.Chart(pdf).transform_filter("!datum.is_focal").mark_circle(
        size=70, color=PEER_COLOUR, opacity=0.75).encode(x=x, y=y, tooltip=tooltip)
    focal = alt.Chart(pdf).transform_filter("datum.is_focal")
    layers: list[alt.Chart] = [
        peers,
        focal.mark_point(shape="diamond", size=260, filled=True, color=FOCAL_COLOUR).encode(x=x, y=y, tooltip=tooltip),
        focal.mark_text(align="left", dx=10, dy=-8, fontWeight="bold", color=FOCAL_COLOUR).encode(
            x=x, y=y, text=alt.value(focal_label)),
    ]
    if median_y is not None:
        layers.append(alt.Chart(pl.DataFrame({"m": [median_y]}).to_pandas()).mark_rule(
            strokeDash=[4, 4], color="#666").encode(y="m:Q"))
    return alt.layer(*layers).properties(height=340)


def raise_timeline(frame: pl.DataFrame, lane_order: Sequence[str], date_title: str) -> alt.LayerChart:
    """A raise from plan to its last report: one lane per kind of event, one point per event.

    `frame` columns: date, lane (label), short (the label beside the point), detail (the tooltip's
    sentence), title (its document).
    Points of a lane share its colour, in the order events happen along the raise.
    """
    pdf = frame.to_pandas()
    colours = {lane: PALETTE[i % len(PALETTE)] for i, lane in enumerate(lane_order)}
    present = [lane for lane in lane_order if lane in set(frame.get_column("lane").to_list())]
    x = alt.X("date:T", title=date_title, axis=alt.Axis(format="%Y-%m", labelAngle=0, grid=True))
    y = alt.Y("lane:N", sort=present, title=None, axis=alt.Axis(labelLimit=160))
    points = alt.Chart(pdf).mark_circle(size=140, opacity=0.9).encode(
        x=x, y=y,
        color=alt.Color("lane:N", sort=present, legend=None,
                        scale=alt.Scale(domain=present, range=[colours[lane] for lane in present])),
        tooltip=[alt.Tooltip("date:T", format="%Y-%m-%d", title=date_title), alt.Tooltip("lane:N", title=" "),
                 alt.Tooltip("detail:N", title=" "), alt.Tooltip("title:N", title=" ")],
    )
    labels = alt.Chart(pdf).mark_text(align="left", dx=9, fontSize=11, color="#444").encode(
        x=x, y=y, text="short:N")
    return alt.layer(points, labels).properties(height=alt.Step(38))
