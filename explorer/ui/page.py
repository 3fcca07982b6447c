"""What every page does first: load the case, show the problems banner, keep the settings and the URL."""

from __future__ import annotations

import threading
from collections import OrderedDict

import streamlit as st

from explorer import charts, vocabulary, weigh
from explorer.model import MAIN_QUESTION, Case, Question, source_names
from explorer.problem import Problem
from explorer.text import literal
from explorer.ui import case as chosen_case
from explorer.ui import settings, sure
from explorer.ui.case import current_case
from explorer.ui.widgets import plain, problems_banner
from explorer.weighting import Weighting

SAMPLES = vocabulary.SAMPLES
# The words beside Streamlit's » that opens the sidebar when it is closed (on a phone, always at first): the sliders are
# behind it, and students did not guess that an unlabelled » hides them (a teacher's review). Its name for a screen
# reader stays Streamlit's "Expand sidebar".
SIDEBAR_BUTTON = "Sliders and pages"
# Quotations in full black and a little larger: they are what a class reads on the projector. An image's caption
# (the join address under the QR code) at full strength: Streamlit draws captions at 60% opacity, which leaves a
# link in one (blue) at 3:1 against white, under WCAG's 4.5:1 (axe: color-contrast). A page link's label wraps
# onto a second line instead of being cut at the column's edge: Streamlit keeps it on one line, and on a phone a long
# explanation's title lost its end. The sidebar's » says what it opens (SIDEBAR_BUTTON).
STYLE = (
    "<style>blockquote { opacity: 1 !important; border-left-color: #0b5cad !important; }"
    " blockquote p { color: #1f1f1f !important; font-size: 1.08rem; }"
    ' [data-testid="stImageCaption"] [data-testid="stCaptionContainer"] { opacity: 1 !important; }'
    ' [data-testid="stPageLink-NavLink"] span, [data-testid="stPageLink-NavLink"] p'
    " { white-space: normal !important; }"
    f' [data-testid="stExpandSidebarButton"]::after {{ content: "{SIDEBAR_BUTTON}"; margin-left: 0.3rem;'
    " font-size: 0.95rem; color: #31333f; white-space: nowrap; }</style>"
)


def start(room: str | None = None, style: bool = True) -> tuple[Case, list[Problem]]:
    """The case and its problems; a clear page (and a stop) when there is no case to show. With `room` (a debate
    room's code, from the address), the case that room was set up on, when this server offers it. With
    `style=False` the page sends its style itself, after what it shows first (see `send_style`)."""
    if style:
        send_style()
    keep_fields()
    if room:
        follow_room(room)
    case, problems = current_case()
    asked = chosen_case.unknown_asked()
    if asked is not None:
        st.warning(literal(f"This server offers no case named “{asked}”, so the page shows “{case.title}”. The "
                           "page “Choose a case” lists the cases it offers."))
    problems_banner(problems)
    if case.info is None and not case.theses:
        st.title("No case here")
        st.write("The folder given to the explorer does not hold a case. Start it with a case folder, "
                 "for example the Khrushchev case in claims/:")
        st.code("streamlit run app.py -- --case claims", language="bash")
        for problem in problems:
            plain(str(problem))
        st.stop()
    if len(chosen_case.shelf()) > 1:
        st.sidebar.page_link("explorer/ui/pages/cases.py", label=literal(f"Case: {case.title} (choose another)"),
                             icon=":material/folder_open:")
    settings.keep(case)
    settings.to_url(case)
    return case, problems


def send_style() -> None:
    """The page's style (STYLE). It goes to Streamlit's event container, so it takes no room, wherever it is sent;
    but the browser draws it with a component it fetches on a first visit (Streamlit's Html element and its HTML
    sanitiser), so a page whose answer comes first (Compare) sends it after the answer: on a cold start the answer
    need not wait for that fetch."""
    st.html(STYLE)


def asked(case: Case, choice: bool = True) -> tuple[Case, Question]:
    """The case as the question the reader chose sees it, and that question. A case with more than one question
    gets a choice in the sidebar (shared in the address as ?question=); the ranking, the debate and the essay then
    compare only the explanations that answer it. With `choice=False` the page draws the choice itself later
    (question_choice), after what it shows first."""
    questions = case.questions()
    words = {q.id: q.question for q in questions}
    if len(questions) < 2:
        return case, questions[0]
    ids = list(words)
    url_param("question", ids, MAIN_QUESTION)
    if choice:
        question_choice(case)
    chosen = st.session_state.question
    write_param("question", chosen, MAIN_QUESTION)
    return _within.get(case, chosen, lambda: case.within(chosen)), next(q for q in questions if q.id == chosen)


def question_choice(case: Case) -> None:
    """The choice of the question in the sidebar, for a case with more than one (see asked)."""
    questions = case.questions()
    if len(questions) < 2:
        return
    words = {q.id: q.question for q in questions}
    st.sidebar.selectbox(vocabulary.QUESTION_LABEL, list(words), format_func=words.get, key="question",
                         help=vocabulary.QUESTION_HELP, on_change=sync("question", MAIN_QUESTION))


def keep_fields() -> None:
    """The workshop's typed fields are kept while an exploring page runs (explorer.ui.building.remember)."""
    from explorer.ui import building

    building.remember()


def follow_room(code: str) -> None:
    """Open the case a debate room was set up on (a room made before rooms recorded their case keeps the case
    chosen)."""
    from explorer.classroom.debate import Refused
    from explorer.classroom.store import StoreError
    from explorer.ui import polls

    code = str(code).strip().upper()[:40]
    if st.session_state.get("room_followed") == code:  # once per room: the page reads the room itself after
        return
    st.session_state["room_followed"] = code
    try:
        setup = polls.store().room(code).setup
    except (Refused, StoreError):  # no such room, a busy store: the page itself says so where it reads the room
        return
    if setup.case:
        chosen_case.choose(setup.case)


def colours(case: Case, whole: Case | None = None) -> dict[str, str]:
    """Each explanation's colour, the same on every page: given by its place in the whole case (every question's
    explanations), not in the part a page shows, so Compare (one question) and Sources (all) agree. A page that has
    the whole case at hand (from start) passes it, and the case is not read again."""
    if whole is None:
        whole, _ = current_case()
    return charts.thesis_colours([*whole.theses, *(t for t in case.theses if t not in whole.theses)])


def titles(case: Case) -> dict[str, str]:
    return {tid: t.title for tid, t in case.theses.items()}


def source_titles(case: Case) -> dict[str, str]:
    """Each source's name, told apart from another of the same title."""
    return source_names(case.sources)


def ranking(case: Case, chosen: Weighting, model: str = "evidence", samples: int = SAMPLES,
            matrices: weigh.Matrices | None = None, later: bool = False) -> weigh.Ranking:
    """Weigh the case under the reader's settings. The robustness figures come from explorer.ui.sure: when they
    are not ready at once the ranking comes without them (its `samples` is 0), a line says that they are being
    tested, and the page reruns by itself when they are. With `later` (and when pages do not wait for the figures),
    they are only looked up here: the page asks for them with `test` once its answer is on the screen."""
    m = matrices or weigh.matrices(case, chosen)
    base = weighed(m, chosen, model)
    if not samples or not base.theses:
        return base
    if later and not sure.wait_seconds():
        robust = sure.ready(m, chosen, model, samples)
    else:
        robust = sure.figures(m, chosen, model, samples)
        if robust is None:
            sure.follow()
    return base if robust is None else weigh.with_robustness(base, robust)


def test(ranking: weigh.Ranking, m: weigh.Matrices, chosen: Weighting, samples: int = SAMPLES) -> None:
    """Ask for the samplings of a ranking drawn without them (ranking(..., later=True)), and rerun the page when
    they are drawn (with a line that says they are being tested, where this is called)."""
    if pending(ranking, samples) and not sure.wait_seconds():  # a page that waits asked in ranking()
        sure.job(m, chosen, ranking.model, samples)
        sure.follow()


class _Kept:
    """A few things worked out from one case object, kept while it is that very object: the loaded case is shared
    as it is by every reader (explorer.ui.case), so that its question's part and its compiled matrices are worked
    out once, not on every rerun. Each entry holds its case, so that no other object can take its id."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.found: OrderedDict[tuple, tuple[object, object]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, owner: object, extra: object, make):
        key = (id(owner), extra)
        with self.lock:
            found = self.found.get(key)
            if found is not None and found[0] is owner:
                self.found.move_to_end(key)
                return found[1]
        value = make()
        with self.lock:
            self.found[key] = (owner, value)
            while len(self.found) > self.size:
                self.found.popitem(last=False)
        return value


_within = _Kept(16)
_compiled = _Kept(16)


def matrices(case: Case, chosen: Weighting) -> weigh.Matrices:
    """The case compiled for weighing (weigh.matrices), once for each case object and each set of points (the
    points are the only part of the reader's settings it depends on)."""
    return _compiled.get(case, tuple(sorted(chosen.points.items())), lambda: weigh.matrices(case, chosen))


_weighed: OrderedDict[tuple, weigh.Ranking] = OrderedDict()
_weighed_lock = threading.Lock()
WEIGHED_KEPT = 32


def weighed(m: weigh.Matrices, chosen: Weighting, model: str) -> weigh.Ranking:
    """The ranking without its robustness figures, kept for the last WEIGHED_KEPT weightings of any compiled case:
    the rerun that adds the figures when they arrive, and a slider moved back, weigh nothing again."""
    key = sure.key(m, chosen, model)
    with _weighed_lock:
        found = _weighed.get(key)
        if found is not None:
            _weighed.move_to_end(key)
            return found
    found = weigh.weigh(m, chosen, model, samples=0)
    with _weighed_lock:
        _weighed[key] = found
        while len(_weighed) > WEIGHED_KEPT:
            _weighed.popitem(last=False)
    return found


def pending(ranking: weigh.Ranking, samples: int = SAMPLES) -> bool:
    """Whether the ranking's robustness figures are still being drawn."""
    return bool(samples and ranking.theses and not ranking.robustness)


def url_param(key: str, allowed: list[str], default: str | None = None) -> str | None:
    """A choice shared through the URL (a thesis, a source, a view). A valid value in the URL wins, so a
    link opens what it names; widgets keyed `key` write their changes back with `on_change=sync(key)`."""
    wanted = st.query_params.get(key)
    fallback = default if default in allowed else (allowed[0] if allowed else None)
    if wanted in allowed:
        st.session_state[key] = wanted
    elif st.session_state.get(key) not in allowed:
        st.session_state[key] = fallback
    return st.session_state[key]


def write_param(key: str, value: str | None, default: str | None = None) -> None:
    if value is None or value == default:
        if key in st.query_params:
            del st.query_params[key]
    else:
        st.query_params[key] = value


def sync(key: str, default: str | None = None):
    """An on_change callback that writes the widget's new value into the URL before the page reruns."""
    return lambda: write_param(key, st.session_state.get(key), default)
