"""The students' weighing on a phone, as plain HTML (served by explorer/classroom/phone_app.py beside the vote): pure
functions from a room, the case and a student's perspective to a page, and from a sent form to a perspective.

A student either weighs the evidence (how far they trust each source the debate quotes, whether background
passages count, how much each criterion counts: the engine's own settings, explorer/classroom/perspective.py) or puts the
explanations in their own order; then sees their ranking beside the class's and the engine's. Each source is
described in one plain line (what it is, why it starts at its trust: the vocabulary's words), each criterion in
one plain sentence. A slider's step holds its starting value (a trust of 0.44 stays 0.44 when the slider is
touched), and the page works without JavaScript: a form, then the page again; the only script, inline, shows a
slider's value as it moves and reloads the page when the poll opens or closes.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from dataclasses import dataclass

from explorer.classroom import debate, phone
from explorer.classroom import perspective as pv
from explorer.classroom.debate import PHASE_NAMES, Setup, State
from explorer.model import Case, Source, source_names, year_of
from explorer.problem import ExplorerError
from explorer.text import ordinal
from explorer.vocabulary import CRITERIA_TABLE, DEFECT_KINDS, SOURCE_KINDS, WEIGHT_MAX
from explorer.weighting import default_trust, source_trust

PATH = "/weigh"
OTHERS_NEEDED = 3  # the class's column only once this many others have sent theirs: no one's ranking shows alone
TRUST_STEP = 0.05  # a trust slider's step where the starting value lies on it; else 0.01 (see `step_for`)
WEIGHT_STEP = 0.5
SENT = "Sent. You can change it until the poll closes."
STYLE = (phone.STYLE + ".setting{margin:.9rem 0}.setting label{font-weight:600}"
         ".setting input[type=range]{width:100%;margin:.3rem 0;height:2rem}"
         ".value{float:right;font-variant-numeric:tabular-nums;font-weight:600}"
         "table{border-collapse:collapse;width:100%;font-size:1rem}th,td{text-align:left;padding:.35rem .3rem;"
         "border-bottom:1px solid #ccc;vertical-align:top}th{font-weight:600}"
         "select{font-size:1.1rem;padding:.4rem;width:100%}.order label{display:block;margin:.6rem 0 .2rem}"
         ".check{display:flex;gap:.6rem;align-items:center}.check input{width:1.4rem;height:1.4rem}")


# --- the words: a source in one line, a criterion in one sentence -----------------------------------------------


def _people(names: list[str]) -> str:
    """'Taubman, William' -> 'William Taubman'; two or more joined with 'and'."""
    turned = [" ".join(reversed([p.strip() for p in n.split(",", 1)])) if "," in n else n.strip() for n in names]
    return turned[0] if len(turned) == 1 else ", ".join(turned[:-1]) + " and " + turned[-1]


def source_line(source: Source) -> str:
    """One plain line: what the source is (its kind, who wrote it and when, where known, and what a source of its
    kind is) and why it starts at its trust (the kind's trust, lowered for the faults recorded against it, or the
    case's own figure)."""
    kind = SOURCE_KINDS[source.kind]
    who = f" by {_people(source.authors)}" if source.authors else ""
    when = f", {year_of(source.issued)}" if source.issued else ""
    said = f"{kind.label}{who}{when}: {kind.why}. "
    start, base = source_trust(source), kind.base_trust
    if source.trust is not None and not math.isclose(float(source.trust), default_trust(source)):
        return said + f"The case sets its trust at {start:.2f}."
    if source.defects and default_trust(source) < base:
        labels = list(dict.fromkeys(DEFECT_KINDS[d.kind].label for d in source.defects))
        faults = f"{len(source.defects)} fault{'s' if len(source.defects) != 1 else ''} recorded in it"
        return said + (f"It starts at {start:.2f}, not {base:.2f}, for the {faults} "
                       f"({', '.join(labels[:3])}{', ...' if len(labels) > 3 else ''}).")
    return said + f"It starts at {start:.2f}, as every source of its kind."


def criterion_line(name: str) -> str:
    """One plain sentence: what the criterion measures, and the weight the engine gives it."""
    return pv.criterion_help(name)


def step_for(value: float, coarse: float) -> str:
    """A slider's step that holds `value` (from 0): `coarse` where the value lies on it, else 0.01 where it has two
    decimals, else any value. A 0.44 trust on a 0.05 step would jump to 0.45 when touched."""
    for step in (coarse, 0.01):
        ratio = value / step
        if math.isclose(ratio, round(ratio), abs_tol=1e-9):
            return f"{step:g}"
    return "any"


# --- a sent form -> a perspective -------------------------------------------------------------------------


class FormError(ExplorerError, ValueError):
    """A sent form that is not a weighing or an order of this debate; the message says what to fix."""


def _number(form: Mapping[str, str], name: str, default: float, top: float, what: str) -> float:
    text = form.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise FormError(f"{what} must be a number from 0 to {top:g}, not “{text[:20]}”") from None
    if not (0.0 <= value <= top):  # NaN fails too
        raise FormError(f"{what} must be a number from 0 to {top:g}, not “{text[:20]}”")
    return value


def reason(err: ValueError) -> str:
    """A refused form in words: FormError's own, or the first of a perspective's checks (pydantic's message
    without its "Value error, " prefix)."""
    from pydantic import ValidationError

    if isinstance(err, ValidationError):
        first = err.errors()[0]
        return str(first.get("msg", "")).removeprefix("Value error, ")
    return str(err)


def read_form(playing: Case, form: Mapping[str, str], titles: Mapping[str, str]) -> pv.Perspective:
    """The perspective a form sent: `way=weigh` with `trust-<source>`, `w-<criterion>` and `background=on`, or
    `way=order` with `place-1` .. `place-n` (thesis ids). A setting left out keeps the engine's value; FormError
    says what is wrong."""
    if form.get("way") == "order":
        order = [form.get(f"place-{n}", "") for n in range(1, len(playing.theses) + 1)]
        unknown = [t for t in order if t not in playing.theses]
        if unknown:
            raise FormError("choose an explanation for every place")
        twice = next((t for t in order if order.count(t) > 1), None)
        if twice is not None:
            raise FormError(f"“{titles.get(twice, twice)}” is in two places; put each explanation in once")
        return pv.Perspective(order=tuple(order))
    defaults = pv.weighting(playing)
    names = source_names(playing.sources)
    trust = {sid: _number(form, f"trust-{sid}", defaults.trust[sid], 1.0, f"the trust in “{names[sid]}”")
             for sid in pv.weighed_sources(playing)}
    weights = {name: _number(form, f"w-{name}", defaults.weights[name], WEIGHT_MAX, f"“{c.label}”")
               for name, c in CRITERIA_TABLE.items()}
    background = pv.BACKGROUND_ON if form.get("background") == "on" else pv.DEFAULT_BACKGROUND
    return pv.Perspective(weights=weights, trust=trust, points={pv.BACKGROUND: background})


# --- the result: the student's ranking beside the class's and the engine's -----------------------------------


@dataclass(frozen=True)
class Result:
    """What the student's page shows once they have sent something."""

    rows: list[tuple[str, str, str | None, str]]  # explanation, you, the class (None: not shown yet), the engine
    caption: str
    alike: list[str]  # "With the engine: +0.33", ...
    difference: str  # the setting that makes the biggest difference, in words ("" when none is said)
    tied: bool  # every explanation scores 0 on the student's settings


def result(playing: Case, mine: pv.Perspective, everyone: list[pv.Perspective], titles: Mapping[str, str],
           places=pv.places_of) -> Result:
    """The student's ranking beside the engine's and, once at least OTHERS_NEEDED others have sent theirs, the
    class's (the average place of every ranking sent, this student's too); how alike they are (Kendall's tau-b);
    the setting that makes the biggest difference. `places` computes a perspective's places (a cache may stand in)."""
    yours = places(playing, mine)
    engine_places = places(playing, None)
    engine = tuple(engine_places)  # places are in the order of the engine's ranking (perspective.places)
    others = max(len(everyone) - 1, 0)
    together = (pv.class_ranking([places(playing, p) for p in everyone], engine) if others >= OTHERS_NEEDED
                else None)
    rows = [(titles.get(t, t), pv.place_words(t, yours), pv.place_words(t, together.places) if together else None,
             pv.place_words(t, engine_places)) for t in engine]
    last = ordinal(len(engine))
    if together is not None:
        caption = (f"Places 1st to {last}; =1st is a shared place. The class: the average place of {len(everyone)} "
                   "students' rankings so far, weighings and orders alike. The engine: the evidence engine on its "
                   "default settings.")
    else:
        caption = (f"Places 1st to {last}; =1st is a shared place. The engine: the evidence engine on its default "
                   f"settings. The class's ranking shows once at least {OTHERS_NEEDED} other students have sent "
                   f"theirs (so far: {others}), so that no one's ranking can be read from it.")
    alike = []
    for other, whose in ((together.places if together else None, "the class"), (engine_places, "the engine")):
        tau = pv.kendall_tau(yours, other) if other is not None else None
        if tau is not None:
            alike.append(f"With {whose}: {tau:+.2f}")
    return Result(rows, caption, alike, difference_words(playing, mine, yours, engine_places), pv.all_tied(yours))


def difference_words(playing: Case, mine: pv.Perspective, yours: pv.Places, engine: pv.Places) -> str:
    """The setting that makes the biggest difference to the student's ranking, or why there is none."""
    if mine.is_order:
        return "You put the explanations in your own order, so no setting of the engine is involved."
    found = pv.effects(playing, mine)  # once: each is a scoring of the case
    effect = pv.biggest_of(found)
    if effect is not None:
        words = (lambda v: "on" if v > 0 else "off") if effect.setting.is_switch else (lambda v: f"{v:g}")
        pairs = "two explanations change places" if effect.swapped == 1 else (
            f"{effect.swapped} pairs of explanations change places")
        return (f"The setting that makes the biggest difference: {pv.label(playing, effect.setting)}. You chose "
                f"{words(effect.mine)}, the engine {words(effect.reference)}; put back to "
                f"{words(effect.reference)}, {pairs} in your ranking.")
    if found and pv.swapped_pairs(yours, engine):
        return ("No single setting moves your ranking on its own: it is the combination of your settings that makes "
                "it differ from the engine's.")
    if found:
        return "Your settings differ from the engine's, but your ranking is the engine's."
    return "You kept the engine's settings, so your ranking is the engine's."


# --- the page ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """What one phone's weighing page shows."""

    code: str
    setup: Setup
    state: State
    titles: dict[str, str]  # thesis -> its title as the room shows it
    participant: str
    remembered: bool  # the browser sent the id's cookie back
    playing: Case | None = None  # the case with the theses in play (None: they cannot be weighed just now)
    mine: pv.Perspective | None = None  # what this phone sent in the open poll
    shown: pv.Perspective | None = None  # what the form starts from (what was sent, or a form kept after a failure)
    result: Result | None = None
    note: phone.Note | None = None
    vote: str = ""  # the vote's page, for a link back


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _document(body: str, script: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Weigh the evidence yourself</title><style>{STYLE}</style></head>"
            f"<body><main>{body}</main>{script}</body></html>\n")


SLIDER_SCRIPT = ("<script>(function(){document.querySelectorAll('input[type=range]').forEach(function(i){"
                 "var o=document.getElementById(i.id+'-v');if(o){i.addEventListener('input',function(){"
                 "o.textContent=Number(i.value).toFixed(2)})}})})();</script>")


def _slider(ident: str, name: str, label: str, line: str, value: float, top: float, coarse: float) -> str:
    return (f'<div class="setting"><label for="{ident}">{_e(label)}</label>'
            f'<output id="{ident}-v" class="value" for="{ident}">{value:.2f}</output>'
            f'<p class="small" id="{ident}-d" style="margin:.2rem 0">{_e(line)}</p>'
            f'<input type="range" id="{ident}" name="{_e(name)}" min="0" max="{top:g}" step="{step_for(value, coarse)}" '
            f'value="{value:g}" aria-describedby="{ident}-d"></div>')


def _hidden(page: Page, phase: str, way: str) -> str:
    out = (f'<input type="hidden" name="room" value="{_e(page.code)}">'
           f'<input type="hidden" name="phase" value="{_e(phase)}"><input type="hidden" name="way" value="{way}">')
    if not page.remembered:
        out += f'<input type="hidden" name="me" value="{_e(page.participant)}">'
    return out


def weigh_form(page: Page, phase: str) -> str:
    playing = page.playing
    start = page.shown if page.shown is not None and not page.shown.is_order else None
    chosen = pv.weighting(playing, start)
    names = source_names(playing.sources)
    sources = "".join(_slider(f"t{n}", f"trust-{sid}", names[sid], source_line(playing.sources[sid]),
                              chosen.trust[sid], 1.0, TRUST_STEP)
                      for n, sid in enumerate(pv.weighed_sources(playing)))
    criteria = "".join(_slider(f"w{n}", f"w-{name}", c.label, criterion_line(name), chosen.weights[name],
                               WEIGHT_MAX, WEIGHT_STEP) for n, (name, c) in enumerate(CRITERIA_TABLE.items()))
    on = " checked" if chosen.points[pv.BACKGROUND] > 0 else ""
    background = (f'<div class="setting"><div class="check"><input type="checkbox" id="bg" name="background" '
                  f'value="on"{on} aria-describedby="bg-d"><label for="bg">{_e(pv.BACKGROUND_SWITCH)}</label></div>'
                  f'<p class="small" id="bg-d">{_e(pv.background_help())}</p></div>')
    button = "Change what I sent" if page.mine and not page.mine.is_order else "Send my weighing"
    return (f'<form method="post" action="{PATH}">{_hidden(page, phase, "weigh")}'
            "<h2>How far do you trust each source?</h2>"
            '<p class="small">0 is not at all, 1 is completely. Each starts where the evidence engine puts it.</p>'
            f"{sources}<h2>What should count?</h2>"
            '<p class="small">0 is not at all, 5 is five times as much as 1.</p>'
            f"{background}{criteria}<button type=\"submit\">{button}</button></form>")


def order_form(page: Page, phase: str) -> str:
    theses = list(page.playing.theses)
    before = list(page.shown.order) if page.shown is not None and page.shown.is_order else []
    selects = []
    for n in range(1, len(theses) + 1):
        preset = before[n - 1] if len(before) >= n else ""
        options = '<option value="">Choose</option>' + "".join(
            f'<option value="{_e(t)}"{" selected" if t == preset else ""}>{_e(page.titles.get(t, t))}</option>'
            for t in theses)
        said = f"{ordinal(n)}" + (": the most convincing" if n == 1 else "")
        selects.append(f'<label for="place-{n}">{_e(said)}</label>'
                       f'<select id="place-{n}" name="place-{n}" required>{options}</select>')
    button = "Change what I sent" if page.mine and page.mine.is_order else "Send my order"
    return (f'<form method="post" action="{PATH}" class="order">{_hidden(page, phase, "order")}'
            "<h2>Or put the explanations in your own order</h2>"
            f"{''.join(selects)}<button type=\"submit\">{button}</button></form>")


def result_html(found: Result) -> str:
    class_column = found.rows and found.rows[0][2] is not None
    head = "<tr><th scope=\"col\">Explanation</th><th scope=\"col\">You</th>" + (
        "<th scope=\"col\">The class</th>" if class_column else "") + "<th scope=\"col\">The engine</th></tr>"
    rows = "".join("<tr><th scope=\"row\">" + _e(title) + f"</th><td>{_e(you)}</td>"
                   + (f"<td>{_e(together)}</td>" if class_column else "") + f"<td>{_e(engine)}</td></tr>"
                   for title, you, together, engine in found.rows)
    out = ("<h2>Your ranking beside the class's and the engine's</h2>"
           f"<table><thead>{head}</thead><tbody>{rows}</tbody></table><p class=\"small\">{_e(found.caption)}</p>")
    if found.tied:
        out += phone.note_html(phone.Note("info", "Every explanation scores 0 on your settings (every criterion "
                                                  "counts 0, or you trust no source), so your ranking puts them "
                                                  "all level."))
    if found.alike:
        out += ("<p><b>How alike the rankings are</b>, from +1 (the same order) through 0 (no link) to -1 (the "
                "reverse; statisticians call this Kendall's tau): " + "; ".join(_e(a[:1].lower() + a[1:]) for a in found.alike)
                + ".</p>")
    if found.difference:
        out += f"<p>{_e(found.difference)}</p>"
    return out


def page_html(page: Page) -> str:
    """The whole page: waiting (no poll open), not weighable, or the open poll's forms with the student's result."""
    head = (f'<h1>Weigh the evidence yourself</h1><p class="small">Debate {_e(page.code)} · what you send is '
            "anonymous</p>")
    script = phone.watch_script(page.code, page.state)
    back = f'<p><a href="{_e(page.vote)}">Back to the vote</a></p>' if page.vote else ""
    phase = phone.open_phase(page.state)
    if phase is None or page.playing is None or len(page.playing.theses) < 2:
        told = ("This debate's explanations cannot be weighed just now." if phase else
                debate.waiting_words(page.state, thanks="Thank you for weighing the evidence!",
                                           then="it shows the weighing when your teacher opens the poll"))
        again = f'<p><a href="{PATH}?room={_e(page.code)}">Check again</a></p>'
        return _document(head + phone.note_html(page.note) + phone.note_html(phone.Note("info", told)) + again + back,
                         script)
    body = (head + f"<h2>{_e(PHASE_NAMES[phase])}</h2>" + phone.note_html(page.note)
            + (result_html(page.result) if page.result else "")
            + weigh_form(page, phase) + order_form(page, phase) + back)
    return _document(body, script + SLIDER_SCRIPT)
