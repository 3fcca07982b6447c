"""The reader's settings: criterion weights, what a passage counts for, and trust in each source.

They live in session state under widget keys and in the URL (only where they differ from the defaults), so a
copied link reproduces the view. Every page calls `keep()` so the settings survive pages that do not show
the sliders, and `to_url()` so the link keeps them.
"""

from __future__ import annotations

import math

import streamlit as st

from explorer import vocabulary, weigh
from explorer.model import Case, kind_and_name, source_names
from explorer.text import literal
from explorer.weighting import POINTS_KEY, TRUST_KEY, WEIGHT_KEY, Weighting, backing_reach, key_bounds


def criterion_help(criterion: vocabulary.Criterion) -> str:
    """A slider's help: what the criterion measures, and the raw value at which it is full."""
    against = "; it takes away from the score" if criterion.sign < 0 else ""
    return (f"{criterion.description[:1].upper()}{criterion.description[1:]}{against}. Full at {criterion.unit}. "
            f"Default {criterion.weight:g}; 0 leaves it out.")


def points_caption() -> str:
    """What a passage of each strength counts for by default, in the strengths' own words."""
    counts = ", ".join(f"{s.label} {s.points:g}" for s in vocabulary.STRENGTHS.values())
    return f"By default a passage counts for (times your trust in its source): {counts}."


def defaults(case: Case) -> dict[str, float]:
    """Every settings key with its default value."""
    return Weighting.of(case).keys()


def keep(case: Case) -> None:
    """Seed the settings from the URL the first time, and keep them alive on every page."""
    for key, default in defaults(case).items():
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]  # survives pages that do not draw the slider
            continue
        value = default
        if key in st.query_params:
            try:
                low, high = key_bounds(key)
                value = min(high, max(low, float(st.query_params[key])))
            except ValueError:
                value = default
            if math.isnan(value):
                value = default
        st.session_state[key] = value


def current(case: Case) -> Weighting:
    state = st.session_state
    return Weighting(
        weights={c: float(state[WEIGHT_KEY.format(c)]) for c in vocabulary.CRITERIA},
        points={k: float(state[POINTS_KEY.format(k)]) for k in vocabulary.DEFAULT_POINTS},
        trust={sid: float(state[TRUST_KEY.format(sid)]) for sid in case.sources},
    )


def to_url(case: Case) -> None:
    """Write the settings that differ from the defaults into the URL; remove the others."""
    for key, default in defaults(case).items():
        value = st.session_state.get(key, default)
        if math.isclose(value, default):
            if key in st.query_params:
                del st.query_params[key]
        else:
            st.query_params[key] = f"{value:g}"


def _reset(case: Case) -> None:
    for key, value in defaults(case).items():
        st.session_state[key] = value


def sidebar(case: Case, show_trust: bool = True, show_weights: bool = True, show_points: bool | None = None) -> Weighting:
    """The sliders, in the sidebar, with a reset to the defaults. `show_weights=False` leaves out the criteria
    (a view that ignores them); what a passage counts for follows it unless `show_points` says otherwise."""
    bar = st.sidebar
    if show_weights:
        bar.header("How much each thing counts", anchor=False)
        for name, criterion in vocabulary.CRITERIA_TABLE.items():
            reach = literal(backing_reach(case)) if name == "backing" else ""
            bar.slider(criterion.label, 0.0, vocabulary.WEIGHT_MAX, step=0.1, key=WEIGHT_KEY.format(name),
                       help=f"{criterion_help(criterion)} {reach}".rstrip())
    if show_weights if show_points is None else show_points:
        with bar.expander("What a passage counts for"):
            st.caption(points_caption())
            for level, strength in vocabulary.STRENGTHS.items():
                # "Background passages", not "Background (strength 1)": a teacher read "strength 1" beside 0.00
                st.slider(f"{strength.name.capitalize()} passages", 0.0, vocabulary.POINTS_MAX,
                          step=0.5, key=POINTS_KEY.format(level), help=f"A {strength.label} passage "
                          f"{strength.plain}. Default {strength.points:g}.")
    if show_trust:
        bar.header("How much you trust each source", anchor=False)
        quotable = [s for s in case.sources.values() if s.quotable]
        names = source_names(case.sources)
        bar.caption("0 = not at all, 1 = fully. Tap or hover over the ? to see why a source starts where it does.")
        for source in quotable:
            # in hundredths: a default such as 0.34 (the kind's trust less its faults) is a value the slider
            # can hold and show; in steps of 0.05 it showed 0.34 and moved to 0.30 or 0.35
            bar.slider(literal(kind_and_name(source, names[source.id])), 0.0, 1.0, step=0.01,
                       key=TRUST_KEY.format(source.id),
                       help=literal(f"{weigh.trust_reason(source)} Default {weigh.source_trust(source):.2f}."))
        # a book's trust counts only where the case cites it for a historian's view; the others' sliders would do
        # nothing, so they are not offered
        counted = weigh.counted_sources(case)
        others = [s for s in case.sources.values() if not s.quotable and s.id in counted]
        if others:
            with bar.expander("Books cited for historians' views"):
                for source in others:
                    st.slider(literal(kind_and_name(source, names[source.id])), 0.0, 1.0, step=0.01,
                              key=TRUST_KEY.format(source.id),
                              help=literal(f"{weigh.trust_reason(source)} It counts only for the historians' views "
                                           "that this book is cited for."))
    bar.button("Reset to the defaults", on_click=_reset, args=(case,), width="stretch", key="reset_settings")
    return current(case)
