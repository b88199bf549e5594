"""Charts drawn on the server as PNG (matplotlib's Agg renderer, no pyplot, no JavaScript in the browser).

``picture_png`` draws the termly picture (``bot.review.picture``) for a governors' report; ``missed_png`` the
features most often missed in practice (``bot.scenarios.results.CohortView``). Each takes numbers, ids and the
guideline's titles only, never a conversation's words. Levels have the app's colours (the stylesheet's
``--<level>-bg``) and a hatching each, so no level is told by colour alone; every chart has its numbers written
beside the bars, and the pages that show a chart give the same numbers as a table.

matplotlib keeps some global state (its font cache), so one chart is drawn at a time.
"""
from __future__ import annotations

import io
import re
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

from bot.review.picture import LEVEL_NAMES, Picture

STYLESHEET = Path(__file__).resolve().parent / "static" / "review.css"
HATCHES = {"danger": "xx", "suspect": "//", "consider": "..", "none": ""}
FALLBACK = {"danger": "#8e1b10", "suspect": "#9c3d00", "consider": "#ffe98a", "none": "#e8e7e6",
            "page-fg": "#0b0c0c", "link-fg": "#1a5aa6", "border": "#6f777b"}
WIDTH, HEIGHT, DPI = 12.0, 9.0, 100
_lock = threading.Lock()


@lru_cache(maxsize=1)
def palette() -> dict[str, str]:
    """The levels' colours and the text colour, from the app's stylesheet (so the charts match the pages)."""
    found = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})\s*;", STYLESHEET.read_text()))
    colours = dict(FALLBACK)
    for level in HATCHES:
        colours[level] = found.get(f"{level}-bg", FALLBACK[level])
    for name in ("page-fg", "link-fg", "border"):
        colours[name] = found.get(name, FALLBACK[name])
    return colours


def _figure(width: float, height: float) -> Any:
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=DPI, constrained_layout=True)  # room for every label
    figure.patch.set_facecolor("#ffffff")
    return figure


def _png(figure: Any) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()


def _short(text: str, limit: int = 42) -> str:
    """A label cut to ``limit`` characters, with ``$`` escaped (matplotlib would read it as mathematics)."""
    text = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    return text.replace("$", r"\$")


def _empty(axes: Any, message: str) -> None:
    axes.text(0.5, 0.5, message, ha="center", va="center", transform=axes.transAxes, fontsize=11,
              color=palette()["page-fg"])
    axes.set_xticks([])
    axes.set_yticks([])


def _bars(axes: Any, labels: Sequence[str], counts: Sequence[int], title: str, empty: str) -> None:
    """Horizontal bars, largest at the top, each with its count written at its end."""
    from matplotlib.ticker import MaxNLocator

    axes.set_title(title, fontsize=12, fontweight="bold")
    if not labels or not any(counts):
        _empty(axes, empty)
        return
    positions = list(range(len(labels)))[::-1]
    axes.barh(positions, counts, color=palette()["link-fg"], edgecolor=palette()["page-fg"], linewidth=0.5)
    axes.set_yticks(positions)
    axes.set_yticklabels([_short(label) for label in labels], fontsize=9)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlim(0, max(counts) * 1.15 + 0.5)
    for position, count in zip(positions, counts):
        axes.text(count + max(counts) * 0.01 + 0.05, position, str(count), va="center", fontsize=9)
    axes.spines[["top", "right"]].set_visible(False)


def _weeks(axes: Any, picture: Picture) -> None:
    from matplotlib.ticker import MaxNLocator

    axes.set_title("Concerns per week, by level", fontsize=12, fontweight="bold")
    if not picture.concerns:
        _empty(axes, "No concerns in this period")
        return
    colours = palette()
    positions = list(range(len(picture.weeks)))
    bottoms = [0] * len(picture.weeks)
    for level in ("danger", "suspect", "consider", "none"):   # the most serious at the bottom, where it is read
        heights = [week.counts[level] for week in picture.weeks]
        axes.bar(positions, heights, bottom=bottoms, color=colours[level], hatch=HATCHES[level],
                 edgecolor=colours["page-fg"], linewidth=0.5, label=LEVEL_NAMES[level])
        bottoms = [b + h for b, h in zip(bottoms, heights)]
    for position, total in zip(positions, bottoms):
        if total:
            axes.text(position, total + 0.05, str(total), ha="center", va="bottom", fontsize=8)
    step = max(1, len(positions) // 13)
    axes.set_xticks(positions[::step])
    axes.set_xticklabels([f"{w.starts:%d %b}" for w in picture.weeks][::step], rotation=45, ha="right",
                         fontsize=8)
    axes.set_xlabel("Week starting (Monday)", fontsize=9)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(0, max(bottoms) * 1.2 + 0.5)
    axes.legend(fontsize=8, loc="upper left", frameon=False, ncol=2)
    axes.spines[["top", "right"]].set_visible(False)


def picture_png(picture: Picture) -> bytes:
    """The termly picture as one PNG (1200 x 900): weeks by level, top features, routes, review waits."""
    share = picture.share_within_day
    share_text = ("no concern is due for review yet" if share is None else
                  f"{share:.0%} of those due reviewed\nwithin one working day ({picture.within_day} of {picture.due})")
    with _lock:
        figure = _figure(WIDTH, HEIGHT)
        figure.suptitle(f"Safeguarding concerns, {picture.start:%d %b %Y} to {picture.end:%d %b %Y}: "
                        f"{picture.concerns} concern{'' if picture.concerns == 1 else 's'}", fontsize=14,
                        fontweight="bold")
        grid = figure.add_gridspec(2, 2)
        _weeks(figure.add_subplot(grid[0, 0]), picture)
        _bars(figure.add_subplot(grid[0, 1]), [f"{f.id} {f.title}" for f in picture.features],
              [f.count for f in picture.features], "Ten most frequent alerting features",
              "No alerting feature in this period")
        _bars(figure.add_subplot(grid[1, 0]), [r.title for r in picture.routes], [r.count for r in picture.routes],
              "Routes", "No route in this period")
        waits = figure.add_subplot(grid[1, 1])
        _bars(waits, [w.title for w in picture.waits], [w.count for w in picture.waits],
              "Waited for review", "No concerns in this period")
        waits.set_xlabel(share_text, fontsize=9)
        figure.supxlabel("Working days are Monday to Friday. Counts of conversations with the assistant; "
                         "practice is left out.", fontsize=8, color=palette()["border"])
        return _png(figure)


def missed_png(missed: Sequence[Any], label: str = "") -> bytes:
    """The features (and routes) most often missed in practice, as a PNG (1000 x 500); the ten most missed."""
    from bot.review.conversations import feature_title, route_info

    top = list(missed)[:10]
    labels = [f"{m.feature_id} {feature_title(m.feature_id) or route_info(m.feature_id)['title']}".strip()
              for m in top]
    with _lock:
        figure = _figure(10.0, 5.0)
        axes = figure.add_subplot()
        _bars(axes, labels, [m.missed for m in top],
              "Features most often missed in practice" + (f" (cohort {label})" if label else ""),
              "No feature missed")
        axes.set_xlabel("Times missed", fontsize=9)
        return _png(figure)
