"""Trend charts as PNG or SVG bytes, for ``newsmon stats --plot`` and the web UI.

Uses ``matplotlib.figure.Figure`` with the Agg canvas directly (never pyplot), so
no display is needed and no global backend is switched for other code. Output is
reproducible: SVG ids are salted with a constant and no creation date is written.
Stored text (topic and source names) is drawn literally: math text is off, and
the SVG writer escapes it.
"""

from __future__ import annotations

import io
import threading
from typing import Literal

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from newsmon.analysis.trends import SpikeMark, Trend

_SIZE_INCHES = (9.0, 3.6)
_DPI = 100  # 900 x 360 px
_MAX_SERIES = 10
"""More sources than this: the largest ``_MAX_SERIES - 1`` and one "other" line."""
_RC = {"svg.hashsalt": "newsmon", "svg.fonttype": "none"}
# rcParams are process-global; rendering under a lock keeps the temporary
# settings from leaking into (or racing with) charts drawn on other threads.
_LOCK = threading.Lock()


def _readable_series(trend: Trend) -> dict[str, list[int]]:
    """Series largest first, the tail folded into "other" so the legend stays legible."""
    ranked = sorted(trend.series.items(), key=lambda item: (-sum(item[1]), item[0]))
    if len(ranked) <= _MAX_SERIES:
        return dict(ranked)
    kept, rest = ranked[: _MAX_SERIES - 1], ranked[_MAX_SERIES - 1 :]
    other = [sum(counts) for counts in zip(*(c for _, c in rest), strict=True)]
    return {**dict(kept), f"other ({len(rest)})": other}


def render_trend(
    trend: Trend,
    *,
    title: str,
    fmt: Literal["png", "svg"],
    spikes: list[SpikeMark] | None = None,
) -> bytes:
    """The trend as a line chart (one line per series, legend when split by source).

    ``spikes`` are drawn as red triangles over their points, with "spike" in the legend.
    """
    if fmt not in ("png", "svg"):
        raise ValueError(f"chart format must be png or svg, not {fmt!r}")
    with _LOCK, matplotlib.rc_context(_RC):
        figure = Figure(figsize=_SIZE_INCHES, dpi=_DPI, layout="constrained")
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        axes.set_title(title, loc="left", fontsize=11, parse_math=False)
        series = _readable_series(trend)
        if trend.periods:
            marker = "o" if len(trend.periods) <= 60 else None
            for label, counts in series.items():
                axes.plot(trend.periods, counts, label=label, marker=marker, markersize=3)
            shown = [m for m in spikes or [] if m.series in series]
            if shown:
                axes.scatter(
                    [m.period for m in shown],
                    [m.count for m in shown],
                    marker="^",
                    s=70,
                    color="#c0392b",
                    zorder=3,
                    label=f"spike ({len(shown)})",
                    gid="spikes",
                )
            locator = AutoDateLocator(minticks=3, maxticks=10)
            axes.xaxis.set_major_locator(locator)
            axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
        else:
            axes.text(0.5, 0.5, "no stories", ha="center", va="center", transform=axes.transAxes)
            axes.set_xticks([])
        axes.set_ylabel(f"stories per {trend.by}")
        axes.set_ylim(bottom=0)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.grid(axis="y", alpha=0.3)
        if len(series) > 1 or (series and next(iter(series)) != "all") or spikes:
            legend = axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
            for text in legend.get_texts():
                text.set_parse_math(False)
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        figure.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()
