"""The report's charts as Vega-Lite specs, written with Altair.

Why Vega-Lite through Altair rather than matplotlib SVGs: every mark can carry a link (`href`)
to the facts behind it and a tooltip with its exact numbers, which is what makes "every number
links to its facts" true of the charts too; the charts resize with the page; and Altair is
already in the pinned stack (Great Expectations depends on it). The price is JavaScript at view
time, which `vendor.py` ships next to the pages (no CDN), so the report works offline.

Each function takes rows already aggregated by `queries` plus an `href` per row (and `type`, the
incident type as a reader says it), and returns the spec as a plain dict the page inlines as JSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt

from news_warehouse.report.queries import Row

FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
INK, MUTED, GRID = "#1f2937", "#6b7280", "#e5e7eb"
# Twelve distinct, colour-blind-friendlier hues (Tableau 10 + 2); incident types keep the same
# colour in every chart because every chart gets the same domain.
PALETTE = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
    "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#1f77b4", "#8c564b",
]
ACTOR_TYPE_COLOURS = {
    "person": "#4e79a7", "organisation": "#f28e2b", "media": "#76b7b2",
    "state": "#e15759", "institution": "#59a14f", "group": "#b07aa1",
}
UNIT_COLOURS = {
    "followers": "#4e79a7", "users": "#f28e2b", "tweets": "#76b7b2", "posts": "#59a14f",
    "accounts": "#e15759", "people": "#b07aa1", "ads": "#edc948", "views": "#9c755f",
}

Spec = dict[str, Any]


def _config(chart: alt.TopLevelMixin) -> Spec:
    """The house style: system fonts, quiet axes, no chart border, no export menu."""
    return (
        chart.configure(font=FONT, background="transparent")
        .configure_view(stroke=None)
        .configure_axis(labelColor=MUTED, titleColor=INK, gridColor=GRID, domainColor=GRID, tickColor=GRID,
                        labelFontSize=11, titleFontSize=12, titleFontWeight=600)
        .configure_legend(labelColor=INK, titleColor=INK, labelFontSize=11, titleFontSize=12, orient="bottom",
                          columns=4, symbolType="circle")
        .to_dict()
    )


def _count_axis(data: list[Row], key: str, value: str) -> alt.Axis:
    """Whole-number ticks: at most one per unit, so small counts never read 0, 0.5, 1."""
    largest = max(_totals(data, key, value).values(), default=1)
    return alt.Axis(format="d", tickCount=max(1, min(int(largest), 6)))


def _type_scale(types: Sequence[str]) -> alt.Scale:
    domain = sorted(set(types))
    return alt.Scale(domain=domain, range=[PALETTE[i % len(PALETTE)] for i in range(len(domain))])


def incidents_per_month(data: list[Row], types: Sequence[str]) -> Spec:
    """Stacked bars, one per month that has incidents ("YYYY-MM", in order).

    Only months with incidents get a bar: articles reach back decades, and on a continuous time
    axis thirty years of months leave every bar a hairline.
    """
    chart = (
        alt.Chart(alt.Data(values=data))
        .mark_bar(cornerRadiusTopLeft=2, cornerRadiusTopRight=2, cursor="pointer")
        .encode(
            x=alt.X("month:O", title=None, sort="ascending", axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("sum(incidents):Q", title="incidents", axis=_count_axis(data, "month", "incidents")),
            color=alt.Color("type:N", title="type", scale=_type_scale(types)),
            order=alt.Order("type:N"),
            href="href:N",
            tooltip=[
                alt.Tooltip("month:O", title="month"),
                alt.Tooltip("type:N", title="type"),
                alt.Tooltip("incidents:Q", title="incidents"),
            ],
        )
        .properties(width="container", height=260)
    )
    return _config(chart)


def incidents_by_platform(data: list[Row], types: Sequence[str]) -> Spec:
    platforms = _ordered(data, "platform_name", "incidents")
    chart = (
        alt.Chart(alt.Data(values=data))
        .mark_bar(cornerRadiusEnd=2, cursor="pointer")
        .encode(
            y=alt.Y("platform_name:N", title=None, sort=platforms),
            x=alt.X("sum(incidents):Q", title="incidents", axis=_count_axis(data, "platform_name", "incidents")),
            color=alt.Color("type:N", title="type", scale=_type_scale(types), legend=alt.Legend(columns=3)),
            order=alt.Order("type:N"),
            href="href:N",
            tooltip=[
                alt.Tooltip("platform_name:N", title="platform"),
                alt.Tooltip("type:N", title="type"),
                alt.Tooltip("incidents:Q", title="incidents"),
            ],
        )
        .properties(width="container", height=max(120, 24 * len(platforms)))
    )
    return _config(chart)


def money_by_payer(data: list[Row], top: int) -> Spec:
    """The `top` payers by euro total, one bar each, stacked by original currency."""
    payers = _ordered(data, "payer", "amount_eur")[:top]
    data = [row for row in data if row["payer"] in set(payers)]
    chart = (
        alt.Chart(alt.Data(values=data))
        .mark_bar(cornerRadiusEnd=2, cursor="pointer")
        .encode(
            y=alt.Y("payer:N", title=None, sort=payers),
            x=alt.X("sum(amount_eur):Q", title="euros",
                    axis=alt.Axis(format="~s", labelExpr="replace(datum.label, 'G', ' bn')")),
            color=alt.Color("currency_code:N", title="original currency", scale=alt.Scale(scheme="tableau10")),
            order=alt.Order("currency_code:N"),
            href="href:N",
            tooltip=[
                alt.Tooltip("payer:N", title="payer"),
                alt.Tooltip("currency_code:N", title="currency"),
                alt.Tooltip("amount:Q", title="amount (original)", format=",.0f"),
                alt.Tooltip("amount_eur:Q", title="amount in EUR", format=",.0f"),
                alt.Tooltip("figures:Q", title="figures"),
            ],
        )
        .properties(width="container", height=max(120, 26 * len(payers)))
    )
    return _config(chart)


def top_actors(data: list[Row]) -> Spec:
    chart = (
        alt.Chart(alt.Data(values=data))
        .mark_bar(cornerRadiusEnd=2, cursor="pointer")
        .encode(
            y=alt.Y("canonical_name:N", title=None, sort=[row["canonical_name"] for row in data]),
            x=alt.X("mentions:Q", title="mentions", axis=_count_axis(data, "canonical_name", "mentions")),
            color=alt.Color(
                "actor_type:N", title="actor type",
                scale=alt.Scale(domain=list(ACTOR_TYPE_COLOURS), range=list(ACTOR_TYPE_COLOURS.values())),
            ),
            href="href:N",
            tooltip=[
                alt.Tooltip("canonical_name:N", title="actor"),
                alt.Tooltip("actor_type:N", title="type"),
                alt.Tooltip("mentions:Q", title="mentions"),
                alt.Tooltip("articles:Q", title="articles"),
            ],
        )
        .properties(width="container", height=max(120, 22 * len(data)))
    )
    return _config(chart)


def relations(data: list[Row]) -> Spec:
    """A matrix per relation: rows are who acts (accuses, meets), columns whom."""
    base = alt.Chart(alt.Data(values=data)).encode(
        y=alt.Y("source:N", title="who", sort="ascending"),
        x=alt.X("target:N", title="whom", sort="ascending", axis=alt.Axis(labelAngle=-35, labelLimit=140)),
    )
    cells = base.mark_rect(cornerRadius=3, cursor="pointer").encode(
        color=alt.Color("relation:N", title="relation",
                        scale=alt.Scale(domain=["accuses", "meets"], range=["#e15759", "#4e79a7"])),
        opacity=alt.Opacity("incidents:Q", legend=None, scale=alt.Scale(range=[0.45, 1])),
        href="href:N",
        tooltip=[
            alt.Tooltip("source:N", title="who"),
            alt.Tooltip("relation:N", title="relation"),
            alt.Tooltip("target:N", title="whom"),
            alt.Tooltip("incidents:Q", title="incidents"),
        ],
    )
    labels = base.mark_text(color="white", fontWeight=600, fontSize=11).encode(text="incidents:Q", href="href:N")
    rows_ = len({row["source"] for row in data})
    chart = (cells + labels).properties(width="container", height=max(80, 28 * rows_))
    return _config(chart)


def quantities_over_time(data: list[Row]) -> Spec:
    units = sorted({row["unit"] for row in data})
    chart = (
        alt.Chart(alt.Data(values=data))
        .mark_circle(size=90, opacity=0.8, stroke="white", strokeWidth=1, cursor="pointer")
        .encode(
            x=alt.X("published_date:T", timeUnit="utcyearmonthdate", title="article published",
                    axis=alt.Axis(format="%b %Y", labelAngle=0)),
            y=alt.Y("value:Q", title="count (log scale)", scale=alt.Scale(type="log"), axis=alt.Axis(format="~s")),
            color=alt.Color(
                "unit:N", title="unit",
                scale=alt.Scale(domain=units, range=[UNIT_COLOURS.get(u, MUTED) for u in units]),
            ),
            href="href:N",
            tooltip=[
                alt.Tooltip("surface_text:N", title="as written"),
                alt.Tooltip("value:Q", title="value", format=","),
                alt.Tooltip("unit:N", title="unit"),
                alt.Tooltip("subject:N", title="about"),
                alt.Tooltip("published_date:T", timeUnit="utcyearmonthdate", title="published", format="%d %b %Y"),
            ],
        )
        .properties(width="container", height=280)
    )
    return _config(chart)


def _totals(data: list[Row], key: str, value: str) -> dict[str, float]:
    totals: dict[str, float] = {}
    for row in data:
        totals[row[key]] = totals.get(row[key], 0) + float(row[value] or 0)
    return totals


def _ordered(data: list[Row], key: str, value: str) -> list[str]:
    """Category names by descending total of `value` (largest bar on top)."""
    totals = _totals(data, key, value)
    return sorted(totals, key=lambda name: (-totals[name], name))
