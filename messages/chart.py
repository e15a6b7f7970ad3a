"""Control charts as PNG, drawn to be read on a phone: big type, few ticks, direct labels.

Drawn with matplotlib's object API on the Agg canvas (no pyplot: no global state, safe on the
bot's worker threads).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from detectors.finding import Limits
from messages.formats import level, lower_shown, month_short, upper_shown, value_shown
from messages.limits import ALT_TEXT, truncate
from messages.model import Chart, IndicatorInfo

# 7 x 4.2 inches at 170 dpi = 1190 x 714 px: shown about 360 px wide on a phone, 17 pt type
# comes out near 12 px there, which is still readable.
SIZE_INCHES = (7.0, 4.2)
DPI = 170
FONT = 17
INK = "#1f2937"
MUTED = "#6b7280"
LINE = "#1d4ed8"
FLAG = "#dc2626"
LIMIT = "#b91c1c"
AVERAGE = "#4b5563"
GAP = "#e5e7eb"
TITLE_IN_IMAGE = 46  # characters of title that fit across the image
SUBTITLE_IN_IMAGE = 60
FILE_TITLE = 150
OUTSIDE = "may-overhang"  # gid of texts that may reach past the plot's right edge


@dataclass(frozen=True)
class Level:
    """A horizontal segment from ``first`` to ``last`` (YYYY-MM), named at the right edge."""

    first: str
    last: str
    value: float
    label: str


@dataclass(frozen=True)
class ChartData:
    """What a chart shows. ``series``: monthly values (PeriodIndex, freq M), NaN = missing."""

    series: pd.Series
    limits: Limits | None = None
    limits_from: str | None = None  # YYYY-MM the limits apply from (baseline start); None: all
    seasonal: bool = False  # the limits hold for the month ``limits_from`` only
    flagged: tuple[str, ...] = ()  # months to highlight
    step_changes: tuple[str, ...] = ()  # first months at a new level
    levels: tuple[
        Level, ...
    ] = ()  # labelled segments: an average, the levels either side of a step
    run: tuple[str, str] | None = None  # first and last month of a shift or trend, shaded


def monthly(series: pd.Series) -> pd.Series:
    """``series`` on a complete monthly index, so a month absent from the index is a NaN gap."""
    if series.empty:
        return series.astype(float)
    index = (
        series.index
        if isinstance(series.index, pd.PeriodIndex)
        else pd.PeriodIndex(series.index, freq="M")
    )
    series = pd.Series(series.to_numpy(dtype=float), index=index.asfreq("M"))
    full = pd.period_range(series.index.min(), series.index.max(), freq="M")
    return series.groupby(level=0).last().reindex(full)


def render_chart(
    data: ChartData,
    *,
    indicator: IndicatorInfo,
    title: str,
    subtitle: str,
    alt_text: str,
    filename: str,
) -> Chart:
    """Draw ``data`` and return it as a PNG ``Chart``."""
    series = monthly(data.series)
    scale = 100.0 if indicator.unit == "proportion" else 1.0
    fig = Figure(figsize=SIZE_INCHES, dpi=DPI)
    FigureCanvasAgg(fig)
    # parse_math off: a "$" in an area name must print, not start TeX (and fail to parse).
    fig.text(
        0.02,
        0.955,
        truncate(title, TITLE_IN_IMAGE),
        fontsize=FONT + 3,
        fontweight="bold",
        color=INK,
        va="top",
        parse_math=False,
    )
    fig.text(
        0.02,
        0.87,
        truncate(subtitle, SUBTITLE_IN_IMAGE),
        fontsize=FONT - 2,
        color=MUTED,
        va="top",
        parse_math=False,
    )
    ax = fig.add_axes((0.1, 0.14, 0.63, 0.66))  # the right margin holds the line labels
    _style_axes(ax, indicator)
    if series.notna().sum() == 0:
        ax.text(
            0.5,
            0.5,
            "No data",
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=FONT + 2,
            color=MUTED,
        )
    else:
        _draw(ax, fig, series, data, scale, indicator)
    _fit_margins(fig, ax)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, facecolor="white", metadata={"Software": None})
    return Chart(
        png=buffer.getvalue(),
        filename=filename,
        title=truncate(title, FILE_TITLE),
        alt_text=truncate(alt_text, ALT_TEXT),
    )


def _style_axes(ax, indicator: IndicatorInfo) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(MUTED)
    ax.tick_params(labelsize=FONT - 1, colors=INK, length=4)
    ax.grid(axis="y", color="#e5e7eb", linewidth=1)
    ax.set_axisbelow(True)
    ax.yaxis.set_major_locator(
        MaxNLocator(
            nbins=4, steps=[1, 2, 2.5, 5, 10], integer=indicator.unit == "count", min_n_ticks=3
        )
    )
    suffix = "%" if indicator.unit == "proportion" else ""
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}{suffix}"))


def _draw(
    ax, fig: Figure, series: pd.Series, data: ChartData, scale: float, indicator: IndicatorInfo
) -> None:
    months = [str(p) for p in series.index]
    position = {m: i for i, m in enumerate(months)}
    x = np.arange(len(series))
    y = series.to_numpy() * scale
    missing = np.isnan(y)
    for i in np.flatnonzero(missing):
        ax.axvspan(i - 0.5, i + 0.5, color=GAP, linewidth=0, zorder=0)
    # NaN breaks the line, so a missing month shows as a gap, never as a zero.
    ax.plot(x, y, color=LINE, linewidth=2.6, marker="o", markersize=4.5, zorder=3)
    right_labels: list[tuple[float, str, str]] = []
    if data.limits is not None:
        start = position.get(data.limits_from, 0) if data.limits_from else 0
        if data.limits_from and data.limits_from < months[0]:
            start = 0
        right_labels += _draw_limits(
            ax, data.limits, start, len(x), scale, indicator, data.seasonal
        )
    for segment in data.levels:
        lo, hi = position.get(segment.first, 0), position.get(segment.last, len(x) - 1)
        ax.hlines(segment.value * scale, lo - 0.4, hi + 0.4, color=AVERAGE, linewidth=2.2, zorder=2)
        right_labels.append(
            (segment.value * scale, f"{segment.label} {level(segment.value, indicator)}", AVERAGE)
        )
    if data.run is not None:
        lo, hi = position.get(data.run[0], 0), position.get(data.run[1], len(x) - 1)
        ax.axvspan(lo - 0.5, hi + 0.5, color=FLAG, alpha=0.08, linewidth=0, zorder=0)
    for month in data.step_changes:
        if month in position:
            ax.axvline(
                position[month] - 0.5, color=INK, linestyle=(0, (2, 2)), linewidth=1.6, zorder=2
            )
            # At the foot of the line: the top is where a flagged month's value goes.
            ax.text(
                position[month] - 1,
                0.03,
                "Step change",
                transform=ax.get_xaxis_transform(),
                fontsize=FONT - 3,
                color=INK,
                va="bottom",
                ha="right",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
            )
    flagged = [position[m] for m in data.flagged if m in position and not missing[position[m]]]
    if flagged:
        ax.plot(
            x[flagged],
            y[flagged],
            linestyle="none",
            marker="o",
            markersize=12,
            markerfacecolor=FLAG,
            markeredgecolor="white",
            markeredgewidth=1.5,
            zorder=4,
        )
        last = max(flagged)
        # Label a high point above it and a low point below, away from the rest of the line.
        below = y[last] < np.nanmedian(y)
        ax.annotate(
            # As the alert prints it: a count (which may be a share of crimes with no
            # location) as a whole number.
            level(value_shown(y[last] / scale, indicator), indicator),
            (x[last], y[last]),
            xytext=(0, -14 if below else 12),
            textcoords="offset points",
            ha="center",
            va="top" if below else "bottom",
            fontsize=FONT,
            fontweight="bold",
            color=FLAG,
            zorder=5,
            annotation_clip=False,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
            gid=OUTSIDE,
        )
    _x_ticks(ax, months)
    ax.set_xlim(-0.8, len(x) - 0.2)
    _fit_y(ax, y, right_labels)
    _label_right(ax, right_labels)
    notes = [
        *(["Grey: no data"] if missing.any() else []),
        *(["Pink: the run behind the alert"] if data.run is not None else []),
        *(["Band: this month's expected range"] if data.seasonal and data.limits else []),
    ]
    if notes:
        fig.text(0.02, 0.025, " · ".join(notes), fontsize=FONT - 4, color=MUTED)


def _draw_limits(
    ax, limits: Limits, start: int, end: int, scale: float, indicator: IndicatorInfo, seasonal: bool
) -> list[tuple[float, str, str]]:
    """Average and control limits as lines from the baseline's start; seasonal limits hold for
    one calendar month only, so they are drawn as that month's range, not as lines."""
    centre, upper, lower = (v * scale for v in (limits.centre, limits.upper, limits.lower))
    # A count cannot go below zero: a lower limit at or under zero is not a limit at all.
    has_lower = limits.lower > 0 or indicator.unit == "proportion"
    if seasonal:
        ax.vlines(start, lower if has_lower else 0, upper, color=LIMIT, linewidth=9, alpha=0.2)
        ax.hlines(centre, start - 0.5, start + 0.5, color=AVERAGE, linewidth=2.5, zorder=2)
    else:
        span = (start - 0.4, end - 0.6)
        dashed = {"color": LIMIT, "linewidth": 1.8, "linestyles": (0, (5, 3)), "zorder": 2}
        ax.hlines(centre, *span, color=AVERAGE, linewidth=2, zorder=2)
        ax.hlines(upper, *span, **dashed)
        if has_lower:
            ax.hlines(lower, *span, **dashed)
    name = "Seasonal average" if seasonal else "Average"
    labels = [
        (centre, f"{name} {level(limits.centre, indicator)}", AVERAGE),
        # Whole counts for a count, as the alert prints them ("above the upper control limit
        # of 805" under a limit of 805.6).
        (upper, f"Upper limit {level(upper_shown(limits, indicator), indicator)}", LIMIT),
    ]
    if has_lower:
        labels.append(
            (lower, f"Lower limit {level(lower_shown(limits, indicator), indicator)}", LIMIT)
        )
    return labels


def _x_ticks(ax, months: list[str]) -> None:
    """Label Januaries with the year (every other year on long charts); short charts get
    January and July with the month name."""
    januaries = [i for i, m in enumerate(months) if m.endswith("-01")]
    if len(januaries) >= 3:
        step = max(1, math.ceil(len(januaries) / 6))
        ticks = januaries[::step]
        labels = [months[i][:4] for i in ticks]
    else:
        ticks = [i for i, m in enumerate(months) if m[5:] in ("01", "07")] or [0]
        labels = [month_short(months[i]) for i in ticks]
    ax.set_xticks(ticks, labels)


def _fit_y(ax, y: np.ndarray, labels: list[tuple[float, str, str]]) -> None:
    values = np.concatenate([y[~np.isnan(y)], [v for v, _, _ in labels if math.isfinite(v)]])
    low, high = float(values.min()), float(values.max())
    pad = (high - low) * 0.12 or max(abs(high) * 0.1, 1.0)
    ax.set_ylim(low - pad * 2, high + pad * 2)  # room for a flagged month's label


def _label_right(ax, labels: list[tuple[float, str, str]]) -> None:
    """Name each horizontal line at the right edge, nudged apart so labels never overlap."""
    if not labels:
        return
    low, high = ax.get_ylim()
    placed: list[float] = []
    gap = 0.1  # axes fraction between label centres
    for value, text, colour in sorted(labels, key=lambda item: item[0]):
        frac = (value - low) / (high - low)
        if placed and frac - placed[-1] < gap:
            frac = placed[-1] + gap
        placed.append(frac)
        ax.text(
            1.02,
            frac,
            text,
            transform=ax.transAxes,
            fontsize=FONT - 3,
            color=colour,
            va="center",
            ha="left",
            clip_on=False,
            gid=OUTSIDE,
        )


def _fit_margins(fig: Figure, ax) -> None:
    """Widen the plot until the tick labels (left), line labels and the last month's value
    (right) just fit, whatever their length: "1,500" or "Upper limit 86.5%" must not be cut
    off at the image edge."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg canvas
    width = fig.bbox.width
    ticks = ax.yaxis.get_tightbbox(renderer)
    left_needed = (ax.bbox.x0 - ticks.x0) / width if ticks is not None else 0.0
    labels = [t.get_window_extent(renderer) for t in ax.texts if t.get_gid() == OUTSIDE]
    right_needed = max((b.x1 - ax.bbox.x1 for b in labels), default=0.0) / width
    left = 0.02 + left_needed
    right = 0.98 - right_needed
    box = ax.get_position()
    ax.set_position((left, box.y0, max(right - left, 0.3), box.height))
