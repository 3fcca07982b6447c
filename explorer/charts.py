"""DataFrames -> plotly figures. Pure: no streamlit, no I/O.

Colours are chosen for colour-blind readers and classroom projectors: thesis colours come from Paul Tol's
"muted" scheme and the Okabe-Ito palette, criteria and stances from Okabe-Ito, and every chart also labels
what it colours, so nothing depends on colour alone. Fonts are large enough to read from the back of a room.
"""

from __future__ import annotations

import math
import textwrap

import pandas as pd
import plotly.graph_objects as go

from explorer.tables import percent, rank_interval, stance_rows
from explorer.text import literal_html
from explorer.vocabulary import CRITERIA_TABLE, PHASES, SHARE, STANCES

# Thesis colours, in the order theses are listed: Paul Tol's muted scheme plus three of his light colours,
# none of them used for the criteria or the stances. Dark and light alternate so neighbours differ.
PALETTE: tuple[str, ...] = (
    "#332288", "#DDCC77", "#117733", "#CC6677", "#88CCEE", "#882255",
    "#44AA99", "#BBCC33", "#AA4499", "#999933", "#661100", "#FFAABB",
)
CRITERION_COLOURS = {name: criterion.colour for name, criterion in CRITERIA_TABLE.items()}
CRITERION_LABELS = {name: criterion.label for name, criterion in CRITERIA_TABLE.items()}
STANCE_COLOURS = {name: stance.colour for name, stance in STANCES.items()}
NEUTRAL = "#f7f7f7"  # where a heatmap's value is 0
HEAT_BLUES = [[0, "#f7fbff"], [0.5, "#6baed6"], [1, "#08306b"]]  # ColorBrewer's Blues: pale for 0%, dark for 100%
FONT = {"family": "Source Sans Pro, Arial, sans-serif", "size": 16, "color": "#1f1f1f"}
LABEL_WIDTH = 34


def thesis_colours(ids: list[str] | tuple[str, ...]) -> dict[str, str]:
    """The same thesis gets the same colour on every page: colours follow the case's order of theses."""
    return {tid: PALETTE[i % len(PALETTE)] for i, tid in enumerate(ids)}


def wrap(text: str, width: int = LABEL_WIDTH) -> str:
    """Case text as a chart label: wrapped into lines of `width` characters, each shown as text (plotly reads
    `<b>`, `<a href>` and entities in labels; `text.literal_html` makes them text)."""
    return "<br>".join(literal_html(line) for line in textwrap.wrap(text, width)) or literal_html(text)


def figure(traces: list[dict], height: int, xaxis: dict | None = None, yaxis: dict | None = None,
           **layout) -> go.Figure:
    """A figure from plain dicts. Plotly's validation of every property costs tens of milliseconds a chart on
    every rerun; the tests validate each chart once instead (go.Figure(fig.to_dict()))."""
    base = {"font": FONT, "height": height, "margin": {"l": 10, "r": 40, "t": 40, "b": 10},
            "plot_bgcolor": "white", "paper_bgcolor": "white", "hoverlabel": {"font": {"size": 15}}}
    base["xaxis"] = {"tickfont": {"size": 14, "color": "#1f1f1f"}, "automargin": True, **(xaxis or {})}
    base["yaxis"] = {"tickfont": {"size": 15, "color": "#1f1f1f"}, "automargin": True, **(yaxis or {})}
    return go.Figure(data=traces, layout={**base, **layout}, _validate=False)


LINE_PX = 20  # one line of a wrapped label at the charts' tick font
ROW_PAD = 14  # room between the labels of two rows
LEGEND_ROW_PX = 24  # one entry of a legend in a column, at 15 px
AXIS_PX = 70  # a horizontal axis below a plot: its tick labels and its title
SLOT_PX = 20  # the height one timeline marker (16 px) takes in its lane
TICKS_MOST = 10  # labelled ticks on a time axis, so that they stand upright without crowding
TICK_MONTHS = (1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200)  # steps between ticks, in months


def label_lines(label: str) -> int:
    """How many lines a chart label wrapped by `wrap` takes."""
    return label.count("<br>") + 1


def row_px(labels: list[str], least: int = 40) -> int:
    """The height of one row of a chart whose rows are labelled by `labels`: plotly gives every row the same
    height, so the row is as tall as the label with the most lines, and no label runs into the next."""
    return max(least, max((label_lines(label) for label in labels), default=1) * LINE_PX + ROW_PAD)


TITLE_WIDTH = 40  # characters of a line of a title above its bar: whole on a phone's 390 px at the tick font
BAR_PX = 22  # the thickness of a bar whose title stands above it
TITLE_GAP = 2  # between a title and its bar
BAR_GAP = 10  # between a bar and the next title


def rows_below_titles(labels: list[str]) -> tuple[list[float], list[float], float]:
    """A chart's rows, each a title (a label wrapped by `wrap`) with its bar under it, laid out in pixels from
    the top: each title's top, each bar's middle and the height of them all. Above its bar, a title leaves the
    bars the chart's whole width: beside them, titles took about 70% of a phone's 390 px and left the bars 90."""
    tops, middles, top = [], [], 0.0
    for label in labels:
        tops.append(top)
        top += label_lines(label) * LINE_PX + TITLE_GAP
        middles.append(top + BAR_PX / 2)
        top += BAR_PX + BAR_GAP
    return tops, middles, top


TITLE_NOTE = {"xref": "paper", "x": 0, "xanchor": "left", "yref": "y", "yanchor": "top", "align": "left",
              "showarrow": False, "font": {"size": 15, "color": "#1f1f1f"}, "bgcolor": "white", "borderpad": 0}


def titles_above(labels: list[str], tops: list[float]) -> dict:
    """Layout for the titles of rows laid out by `rows_below_titles`: each a note at the plot's left edge, its top
    at its row's top; on white, so that the zero line and the grid pass behind a title, not through it. What every
    note shares is said once, as the notes' defaults (a template): written into each of a hundred notes, it cost
    a rerun of Compare several milliseconds to build and send."""
    return {"annotations": [{"text": label, "y": y} for label, y in zip(labels, tops)],
            "template": {"layout": {"annotationdefaults": TITLE_NOTE}}}


def rows_axis(height: float) -> dict:
    """The y axis of rows laid out by `rows_below_titles`: one unit a pixel, top down, no ticks (the titles say
    which row is which)."""
    return {"range": [height, 0], "showticklabels": False, "showgrid": False, "zeroline": False,
            "fixedrange": True, "automargin": False}


def score_parts(ranking: pd.DataFrame, parts: pd.DataFrame) -> go.Figure:
    """One horizontal bar per thesis, split into each criterion's part; contestation pulls to the left.
    `ranking` has the theses in rank order with columns rank, title and score; `parts` is indexed by thesis.
    Each title stands above its bar (`rows_below_titles`), so that the bars have the chart's whole width."""
    order = list(ranking.index)
    labels = [wrap(f"{rank}. {title}", TITLE_WIDTH) for rank, title in zip(ranking["rank"], ranking["title"])]
    parts = parts.reindex(order)  # once: a .loc by list on each use cost a rerun of Compare tens of milliseconds
    tops, bars, top = rows_below_titles(labels)
    traces = [
        {"type": "bar", "y": bars, "x": parts[criterion].tolist(), "name": CRITERION_LABELS[criterion],
         "orientation": "h", "width": BAR_PX, "marker": {"color": colour}, "customdata": labels,
         "hovertemplate": "%{customdata}<br>" + CRITERION_LABELS[criterion] + ": %{x:.2f}<extra></extra>"}
        for criterion, colour in CRITERION_COLOURS.items()
    ]
    positive = parts[["support", "corroboration", "backing"]].clip(lower=0).sum(axis=1)
    traces.append({"type": "scatter", "y": bars, "x": ranking["score"].tolist(), "mode": "markers",
                   "name": "Score", "hoverinfo": "skip",
                   "marker": {"symbol": "line-ns-open", "size": BAR_PX, "color": "black", "line": {"width": 3}}})
    traces.append({"type": "scatter", "y": bars, "x": positive.tolist(), "mode": "text",
                   "text": [f"  = {s:.2f}" for s in ranking["score"]], "textposition": "middle right",
                   "textfont": {"size": 15, "color": "#1f1f1f"}, "showlegend": False, "cliponaxis": False,
                   "customdata": labels, "hovertemplate": "%{customdata}<br>Score %{text}<extra></extra>"})
    right = float(positive.max()) if len(positive) else 1.0
    left = float(min(0.0, parts["contestation"].min())) if order else 0.0
    # The legend is a column above the plot, in a band of its own: plotly wraps a horizontal legend to the
    # width of the plot, so its height would not be known beforehand.
    band = LEGEND_ROW_PX * len(CRITERION_COLOURS) + LEGEND_ROW_PX + 12  # the criteria and the score
    return figure(
        traces, band + AXIS_PX + top, barmode="relative", **titles_above(labels, tops),
        margin={"l": 10, "r": 40, "t": band, "b": AXIS_PX},
        legend={"orientation": "v", "x": 0, "xanchor": "left", "y": 1, "yanchor": "bottom", "title": {"text": ""},
                "font": {"size": 15}, "tracegroupgap": 0},
        yaxis=rows_axis(top),
        # upright, few ticks and a two-line title: each line whole on a phone's 390 px
        xaxis={"title": {"text": "Each criterion's part;<br>the black mark is the score"}, "zeroline": True,
               "zerolinecolor": "#444", "gridcolor": "#e5e5e5", "range": [left - 0.05, right * 1.25 + 0.05],
               "tickangle": 0, "nticks": 6},
    )


def shares(ranking: pd.DataFrame, colours: dict[str, str]) -> go.Figure:
    """Each thesis's share of the evidence (vocabulary.SHARE), as labelled horizontal bars in its colour, each under its
    title (`rows_below_titles`), as the ranking's."""
    order = list(ranking.index)
    labels = [wrap(t, TITLE_WIDTH) for t in ranking["title"]]
    tops, middles, height = rows_below_titles(labels)
    trace = {"type": "bar", "y": middles, "x": (ranking["share"] * 100).tolist(), "width": BAR_PX,
             "orientation": "h", "customdata": labels,
             "marker": {"color": [colours[t] for t in order], "line": {"color": "#333", "width": 1}},
             "text": [f"{s:.0%}" for s in ranking["share"]], "textposition": "outside", "cliponaxis": False,
             "hovertemplate": "%{customdata}<br>%{x:.1f}% of the explanation<extra></extra>"}
    return figure(
        [trace], 20 + AXIS_PX + height, showlegend=False, **titles_above(labels, tops),
        margin={"l": 10, "r": 40, "t": 20, "b": AXIS_PX}, yaxis=rows_axis(height),
        xaxis={"title": {"text": SHARE}, "showticklabels": False, "showgrid": False,
               "zeroline": True, "zerolinecolor": "#444",
               "range": [0, max(5.0, float(ranking["share"].max()) * 125)]},
    )


def rank_ranges(distribution: pd.DataFrame, ranking: pd.DataFrame, colours: dict[str, str]) -> go.Figure:
    """Robustness as intervals: for each thesis, the range of ranks it takes in 90% of the samples (5th to
    95th percentile) as a bar, its most common rank as a dot, and how often it ranks first in its title; each
    bar under its title (`rows_below_titles`), as the ranking's."""
    order = list(ranking.index)
    n = distribution.shape[1]
    labels = [wrap(f"{ranking.at[tid, 'title']} (first in {percent(ranking.at[tid, 'p_first'])})", TITLE_WIDTH)
              for tid in order]
    tops, middles, height = rows_below_titles(labels)
    ranges = [rank_interval(distribution.loc[tid]) for tid in order]
    lows = [r[0] for r in ranges]
    highs = [r[1] for r in ranges]
    traces = [
        {"type": "bar", "y": middles, "base": [lo - 0.15 for lo in lows],
         "x": [hi - lo + 0.3 for lo, hi in zip(lows, highs)], "orientation": "h", "width": BAR_PX,
         "marker": {"color": [colours[t] for t in order]}, "showlegend": False,
         "customdata": [[label, lo, hi] for label, lo, hi in zip(labels, lows, highs)],
         "hovertemplate": "%{customdata[0]}<br>ranks %{customdata[1]} to %{customdata[2]} in 90% of samples"
                          "<extra></extra>"},
        {"type": "scatter", "y": middles, "x": [r[2] for r in ranges], "mode": "markers", "showlegend": False,
         "marker": {"size": 16, "color": "white", "line": {"color": "black", "width": 2}}, "customdata": labels,
         "hovertemplate": "%{customdata}<br>most often rank %{x}<extra></extra>"},
    ]
    return figure(
        traces, 20 + AXIS_PX + height, **titles_above(labels, tops),
        margin={"l": 10, "r": 40, "t": 20, "b": AXIS_PX}, yaxis=rows_axis(height),
        xaxis={"title": {"text": "Rank (1 = first) in 90% of the samples;<br>the dot is the most common rank"},
               "range": [0.5, n + 0.5], "tickvals": list(range(1, n + 1)), "gridcolor": "#e5e5e5",
               "zeroline": False},
    )


def rank_heatmap(distribution: pd.DataFrame, ranking: pd.DataFrame) -> go.Figure:
    """The whole rank distribution: how often each thesis takes each place, each in its cell, each thesis's row
    of cells under its title (`rows_below_titles`), as the ranking's: beside them, the titles and a colour bar
    left a phone's 390 px no room for eleven columns. Between two rows, a blank band holds the title."""
    order = list(ranking.index)
    values = (distribution.loc[order].to_numpy() * 100).round(1)
    labels = [wrap(t, TITLE_WIDTH) for t in ranking["title"]]
    tops, middles, height = rows_below_titles(labels)
    edges, z, text, hover = [0.0], [], [], []
    for label, middle, row in zip(labels, middles, values):
        blank = [None] * len(row)
        edges += [middle - BAR_PX / 2, middle + BAR_PX / 2 + BAR_GAP]
        z += [blank, row.tolist()]
        text += [[""] * len(row), [f"{v:.0f}%" if v >= 0.5 else "" for v in row]]
        hover += [[""] * len(row), [label] * len(row)]
    edges[-1] = height
    trace = {"type": "heatmap", "z": z, "x": [str(r) for r in distribution.columns], "y": edges,
             "colorscale": HEAT_BLUES, "zmin": 0, "zmax": 100, "showscale": False, "xgap": 1, "hoverongaps": False,
             "text": text, "texttemplate": "%{text}", "textfont": {"size": 13}, "customdata": hover,
             "hovertemplate": "%{customdata}<br>rank %{x}: %{z:.1f}% of samples<extra></extra>"}
    return figure([trace], 20 + AXIS_PX + height, **titles_above(labels, tops),
                  margin={"l": 10, "r": 10, "t": AXIS_PX, "b": 20}, yaxis=rows_axis(height),
                  xaxis={"title": {"text": "Rank; in each cell, the % of the samples<br>that put the explanation there"},
                         "side": "top", "fixedrange": True})


ACH_ROW_PX = 38  # a row of the evidence matrix: two lines of its label (the first words, then the source)
ACH_LABEL = 42  # characters of each line of a row's label; the hover box has the whole passage
ACH_CHAR_PX = 7  # about the width of a character of the titles, upright: the height their band needs
# Each stance's mark in its cell, so that the matrix reads without its colours (in print, or for a reader who
# does not tell blue from red); the page says what each means.
ACH_MARKS = {name: stance.mark for name, stance in STANCES.items()}


def clip(text: str, width: int) -> str:
    """Text cut to `width` characters at a word, with an ellipsis where it was cut; a quotation cut keeps its
    closing mark: '“Abroad, the retreat over …”'."""
    words = " ".join(text.split())
    if len(words) <= width:
        return words
    closing = "”" if words.startswith("“") and words.endswith("”") else ""
    return textwrap.shorten(words.removesuffix(closing), width - len(closing), placeholder=" …") + closing


def two_lines(text: str) -> str:
    """Case text as a label of two lines of about equal length (split at the space that makes the longer line
    shortest), each shown as text; one line when it has one word."""
    words = " ".join(text.split()).split(" ")
    if len(words) < 2:
        return literal_html(" ".join(words))
    cut = min(range(1, len(words)), key=lambda i: max(len(" ".join(words[:i])), len(" ".join(words[i:]))))
    return literal_html(" ".join(words[:cut])) + "<br>" + literal_html(" ".join(words[cut:]))


def ach_heatmap(matrix: pd.DataFrame, names: pd.DataFrame, titles: dict[str, str]) -> go.Figure:
    """Passages (rows, in the given order) x theses: each stance's ACH value (+1 supports, -0.5 qualifies,
    -1 disputes) as its colour and its mark (ACH_MARKS), blank where the passage says nothing about the thesis.
    A row is named as a person reads a passage (`tables.passage_names`: its first words, then its source, each
    cut to a line), never by its reference; a column by the thesis's title, whole, standing upright on two
    lines (`two_lines`). The rows sit at 0, 1, 2 ... so that two passages with the same first words stay two rows. No colour
    bar: the marks say what each colour means, and the bar would take the columns' room."""
    z = matrix.to_numpy(dtype=float)
    stances = {stance.ach: name for name, stance in STANCES.items()}  # a blank (NaN) equals none of them

    def named(ref: str, field: str) -> str:
        return str(names.at[ref, field]) if ref in names.index else ""

    def said(v: float) -> str:
        return STANCES[stances[v]].label if v in stances else "says nothing about it"

    hover = [[
        f"<b>{wrap(named(ref, 'source'), 70)}</b><br>{wrap(named(ref, 'quote'), 70)}<br>"
        f"On <b>{wrap(titles.get(col, col), 70)}</b>: {said(v)}"
        for col, v in zip(matrix.columns, row)]
        for ref, row in zip(matrix.index, z)]
    labels = [f"{literal_html(clip(named(ref, 'opening'), ACH_LABEL))}<br>"
              f"<i>{literal_html(clip(named(ref, 'source'), ACH_LABEL))}</i>" for ref in matrix.index]
    columns = [two_lines(titles.get(c, c)) for c in matrix.columns]
    rows = list(range(len(matrix)))
    trace = {
        "type": "heatmap", "z": [[None if math.isnan(v) else v for v in row] for row in z.tolist()],
        "x": columns, "y": rows, "zmin": -1, "zmax": 1, "showscale": False,
        "colorscale": ach_colourscale(), "customdata": hover, "hovertemplate": "%{customdata}<extra></extra>",
        "text": [[ACH_MARKS[stances[v]] if v in stances else "" for v in row] for row in z.tolist()],
        "texttemplate": "%{text}", "textfont": {"size": 18, "color": "#111111"},
        "xgap": 1, "ygap": 1,
    }
    longest = max((len(line) for c in columns for line in c.split("<br>")), default=10)
    head = longest * ACH_CHAR_PX + 20  # the titles standing upright above the columns
    return figure([trace], head + 20 + ACH_ROW_PX * max(1, len(matrix)),
                  margin={"l": 10, "r": 10, "t": 10, "b": 10},
                  yaxis={"autorange": "reversed", "tickmode": "array", "tickvals": rows, "ticktext": labels,
                         "tickfont": {"size": 13, "color": "#1f1f1f"}, "fixedrange": True},
                  xaxis={"side": "top", "tickfont": {"size": 13, "color": "#1f1f1f"}, "tickangle": -90,
                         "fixedrange": True})


def ach_colourscale() -> list[list]:
    """Each stance's colour at its ACH value on the -1..1 scale, and a pale grey at 0."""
    stops = [((stance.ach + 1) / 2, stance.colour) for stance in STANCES.values()] + [(0.5, NEUTRAL)]
    return [[position, colour] for position, colour in sorted(stops)]


def source_profile(counts: pd.DataFrame, titles: dict[str, str]) -> go.Figure:
    """For one source: how many of its passages support (right) or dispute and qualify (left) each thesis.
    `counts` has columns thesis and one per stance; bars run from the most favourable stance to the least."""
    rows = stance_rows(counts)
    labels = [wrap(titles.get(t, t)) for t in rows["thesis"]]
    traces = [
        {"type": "bar", "y": labels, "x": ((-1 if how.against else 1) * rows[stance]).tolist(), "name": stance,
         "orientation": "h", "marker": {"color": how.colour}, "customdata": rows[stance].tolist(),
         "hovertemplate": "%{y}<br>%{customdata} passages " + stance + "<extra></extra>"}
        for stance, how in sorted(STANCES.items(), key=lambda item: -item[1].ach)
    ]
    return figure(traces, 90 + row_px(labels) * max(1, len(rows)), barmode="relative",
                  legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
                  yaxis={"autorange": "reversed"},
                  xaxis={"title": {"text": "Passages against (left) and for (right)"}, "zeroline": True,
                         "zerolinecolor": "#444", "gridcolor": "#e5e5e5"})


def who_argues_what(views: pd.DataFrame, titles: dict[str, str]) -> go.Figure:
    """Historians x theses: a mark where a source attributes the thesis to the historian."""
    historians = sorted(views["historian"].unique())
    theses = list(dict.fromkeys(views["thesis"]))
    z = [[1 if ((views["historian"] == h) & (views["thesis"] == t)).any() else 0 for t in theses] for h in historians]
    trace = {"type": "heatmap", "z": z, "x": [wrap(titles.get(t, t), 20) for t in theses],
             "y": [literal_html(h) for h in historians],
             "colorscale": [[0, "#ffffff"], [1, "#0072B2"]], "showscale": False, "xgap": 2, "ygap": 2,
             "hoverinfo": "skip", "text": [["argues it" if v else "" for v in row] for row in z],
             "texttemplate": "%{text}", "textfont": {"color": "white", "size": 15}}
    return figure([trace], 120 + 50 * len(historians), xaxis={"side": "top"})


def time_range(starts: list[pd.Timestamp]) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The span of a time axis: the first to the last date, with a little room either side."""
    low, high = min(starts), max(starts)
    pad = max((high - low) * 0.04, pd.Timedelta(days=20))
    return low - pad, high + pad


def date_ticks(low: pd.Timestamp, high: pd.Timestamp, most: int = TICKS_MOST) -> list[tuple[pd.Timestamp, str]]:
    """Labelled ticks between two dates: the shortest step of TICK_MONTHS that gives at most `most` ticks, each
    on a multiple of the step (every second year, every fifth...). Yearly ticks read '1964'; monthly ones 'Aug',
    with the year on the first tick ('Jul 1914') and on each January ('1915'), so that they stay short."""
    first = low.year * 12 + low.month - 1 + (low.day > 1 or low != low.normalize())  # months since year 0
    last = high.year * 12 + high.month - 1
    for step in TICK_MONTHS:
        months = range(-(-first // step) * step, last + 1, step)
        if len(months) <= most:
            break
    stamps = [pd.Timestamp(year=m // 12, month=m % 12 + 1, day=1) for m in months]
    if step >= 12:
        return [(t, t.strftime("%Y")) for t in stamps]
    return [(t, t.strftime("%b %Y" if i == 0 else "%Y" if t.month == 1 else "%b")) for i, t in enumerate(stamps)]


def _slots():
    yield 0
    k = 1
    while True:
        yield k
        yield -k
        k += 1


def spread(starts: list[pd.Timestamp], near: pd.Timedelta) -> list[int]:
    """Slots for the points of one lane of a timeline, taken in the order given: 0 is on the lane's line, then 1,
    -1, 2, -2... A point takes the first slot that no point within `near` of it in time already holds, so
    events of the same month stack one above another instead of hiding each other; a point alone stays on 0."""
    placed: list[tuple[pd.Timestamp, int]] = []
    for when in starts:
        taken = {slot for other, slot in placed if abs(when - other) < near}
        placed.append((when, next(slot for slot in _slots() if slot not in taken)))
    return [slot for _, slot in placed]


def timeline(events: pd.DataFrame, titles: dict[str, str], colours: dict[str, str],
             highlight: str | None = None) -> go.Figure:
    """Events on a time axis, one lane per thesis they bear on (an event appears in each of its lanes).
    With a thesis highlighted, its events are drawn in colour and the others greyed. Events closer in time than
    a thirtieth of the axis (20 px of a 600 px plot) share a spot: they are stacked within their lane (`spread`), each lane as tall as its
    label or its stack; the axis has at most TICKS_MOST upright ticks (`date_ticks`)."""
    lanes = [t for t in titles if any(t in ts for ts in events["theses"])]
    general = events[events["theses"].map(len) == 0]
    low, high = time_range(list(events["start"]))
    near = (high - low) / 30
    traces, ticks, labels = [], [], []
    top = 0.0
    for tid in lanes + ["(general)"]:
        rows = general if tid == "(general)" else events[events["theses"].map(lambda ts, t=tid: t in ts)]
        if rows.empty:
            continue
        rows = rows.sort_values("start", kind="stable")
        slots = spread(list(rows["start"]), near)
        label = wrap(titles.get(tid, "Not linked to an explanation"), 28)
        height = max(label_lines(label) * LINE_PX + ROW_PAD, (max(slots) - min(slots) + 1) * SLOT_PX + ROW_PAD)
        middle = top + height / 2
        centre = (max(slots) + min(slots)) / 2
        lit = highlight is None or highlight == tid
        colour = colours.get(tid, "#777777") if lit else "#d0d0d0"
        hover = [f"<b>{literal_html(d)}</b> {wrap(t, 60)}<br><i>{wrap(q, 70)}</i><br>source: {literal_html(s)}"
                 for d, t, q, s in zip(rows["date"], rows["title"], rows["quote"], rows["source"])]
        traces.append({
            "type": "scatter", "x": [d.isoformat() for d in rows["start"]],
            "y": [middle + (slot - centre) * SLOT_PX for slot in slots],
            "mode": "markers", "name": literal_html(titles.get(tid, "Not linked")), "showlegend": False,
            "customdata": hover,
            "hovertemplate": "%{customdata}<extra></extra>",
            "marker": {"size": 16 if lit else 11, "color": colour,
                       "line": {"color": "#222" if lit else "#aaa", "width": 1},
                       "symbol": ["diamond" if d else "circle" for d in rows["disputed"]]},
        })
        ticks.append(middle)
        labels.append(label)
        top += height
    dates = date_ticks(low, high)
    return figure(traces, int(top) + 100, margin={"l": 10, "r": 40, "t": 20, "b": 80}, hovermode="closest",
                  yaxis={"range": [top, 0], "tickvals": ticks, "ticktext": labels, "gridcolor": "#eeeeee",
                         "zeroline": False, "fixedrange": True},
                  xaxis={"title": {"text": "Date (diamonds: dates or facts the sources dispute)"},
                         "gridcolor": "#e5e5e5", "type": "date", "range": [low.isoformat(), high.isoformat()],
                         "tickmode": "array", "tickvals": [t.isoformat() for t, _ in dates],
                         "ticktext": [text for _, text in dates], "tickangle": 0})


def whole_ticks(top: float, most: int = 8) -> dict:
    """An axis of whole numbers from 0 (votes, students): a tick every 1, 2, 5, 10, 20, 50... so that at most `most`
    ticks show and none falls between two whole numbers (no half a vote)."""
    step, scale = 1, 1
    while top / step > most:
        step = next((m * scale for m in (1, 2, 5) if m * scale > step and top / (m * scale) <= most), 10 * scale)
        scale = step if step % 10 == 0 else scale
    return {"tick0": 0, "dtick": step, "tickformat": "d", "range": [0, max(1.0, top) * 1.15]}


def poll_results(tallies: dict[str, dict[str, float]], titles: dict[str, str], unit: str,
                 whole: bool | None = None) -> go.Figure:
    """The class poll: one bar per thesis for each phase (before: light, after: dark), labelled.
    `tallies` is phase -> thesis -> votes (or average points); `unit` names what the bars count. A count of whole
    things (`whole`; by default when the unit is votes) has whole-number ticks only."""
    shades = {"before": "#9ecae1", "after": "#08519c"}
    theses = list(dict.fromkeys(t for tally in tallies.values() for t in tally))
    labels = [wrap(titles.get(t, t), 28) for t in theses]
    traces = [
        {"type": "bar", "y": labels, "x": [tally.get(t, 0.0) for t in theses], "name": PHASES.get(phase, phase),
         "orientation": "h", "marker": {"color": shades.get(phase, "#777777")},
         "text": [f"{tally.get(t, 0.0):.0f}" for t in theses], "textposition": "outside", "cliponaxis": False,
         "hovertemplate": "%{y}<br>" + PHASES.get(phase, phase) + ": %{x:.1f} " + unit + "<extra></extra>"}
        for phase, tally in tallies.items()
    ]
    return figure(traces, 120 + 70 * max(1, len(theses)), barmode="group",
                  legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0}, yaxis={"autorange": "reversed"},
                  xaxis={"title": {"text": unit.capitalize()}, "gridcolor": "#e5e5e5", "rangemode": "tozero",
                         **(whole_ticks(max([v for t in tallies.values() for v in t.values()] or [0]))
                            if (unit == "votes" if whole is None else whole) else {})})


def class_and_engine(class_shares: dict[str, float], engine_shares: dict[str, float], titles: dict[str, str],
                     colours: dict[str, str]) -> go.Figure:
    """The class's weighting beside the engine's shares, both in % of the explanation."""
    theses = list(class_shares)
    labels = [wrap(titles.get(t, t), 28) for t in theses]
    traces = [
        {"type": "bar", "y": labels, "x": [class_shares[t] * 100 for t in theses], "name": "The class",
         "orientation": "h",
         "marker": {"color": [colours.get(t, "#777777") for t in theses], "line": {"color": "#222", "width": 1}},
         "text": [f"{class_shares[t]:.0%}" for t in theses], "textposition": "outside", "cliponaxis": False},
        {"type": "bar", "y": labels, "x": [engine_shares.get(t, 0.0) * 100 for t in theses],
         "name": "The evidence engine", "orientation": "h",
         "marker": {"color": "#ffffff", "line": {"color": "#222", "width": 2}},
         "text": [f"{engine_shares[t]:.0%}" if t in engine_shares else "not loaded" for t in theses],
         "textposition": "outside",
         "cliponaxis": False},
    ]
    return figure(traces, 120 + 70 * max(1, len(theses)), barmode="group",
                  legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0}, yaxis={"autorange": "reversed"},
                  xaxis={"title": {"text": "% of the explanation"}, "gridcolor": "#e5e5e5", "rangemode": "tozero"})
