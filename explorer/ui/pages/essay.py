"""Plan an essay: a main explanation, the contributing factors in order, a counter-argument; an evidence-backed
outline with footnotes and a bibliography, as Markdown or Word. Also every export of the whole case."""

from pathlib import Path

import streamlit as st

from explorer import essay, export
from explorer.text import literal
from explorer.ui import page, settings

EXPORTS = {  # format -> what it is, for the download buttons
    "csljson": "Bibliography, CSL-JSON (Zotero)",
    "bibtex": "Bibliography, BibTeX",
    "ris": "Bibliography, RIS",
    "argdown": "Argument map, Argdown",
    "aif": "Argument map, AIF JSON",
    "json": "The whole case, JSON",
    "csv": "Evidence table, CSV",
}

whole, problems = page.start()
case, question = page.asked(whole)  # the plan ranks one question's explanations; the exports hold the whole case
chosen = settings.sidebar(case)
titles = page.titles(case)
ids = list(case.theses)
st.title("Plan an essay", anchor=False)
if case.info:
    st.markdown(f"#### {literal(question.question)}")
st.write("Pick the explanation you will argue, write your thesis in your own words, choose the factors that "
         "added to it, in the order you will write about them, and the counter-argument you will answer. The plan "
         "gives you the evidence that matches each part, with footnotes and a bibliography, and shows how to build "
         "a paragraph; the writing and the judgement are yours.")
if len(ids) < 2:
    st.info("An essay plan needs at least two explanations in the case.")
    st.stop()

ranking = page.ranking(case, chosen, samples=0)
order = [t.id for t in ranking.theses]
page.url_param("thesis", ids, order[0])
main = st.selectbox("Your main explanation", ids, format_func=titles.get, key="thesis", on_change=page.sync("thesis"))
page.write_param("thesis", main)
others = [t for t in order if t != main]
# The defaults never offer the main thesis as a factor, nor one thesis as both a factor and the counter-argument;
# the student's choices are kept while they still make sense (essay.default_plan).
default_factors, default_counter = essay.default_plan(order, main, st.session_state.get("essay_factors"),
                                                     st.session_state.get("essay_counter"))
st.session_state.essay_factors = list(default_factors)
st.session_state.essay_counter = default_counter
factors = st.multiselect("Contributing factors, in the order you will write about them", others,
                         format_func=titles.get, key="essay_factors")
counter = st.selectbox("The counter-argument you will answer", others, format_func=titles.get, key="essay_counter",
                       placeholder="No other explanation is left to answer")

statement = st.text_area(
    "Your thesis statement, in your own words", key="essay_statement", max_chars=1000, height=100,
    placeholder=f"For example: {case.theses[main].statement.strip()}",
    help="One or two sentences that answer the question. Left empty, the plan starts from the explanation's own "
         "statement and tells you to rewrite it.")
suggested = list(essay.suggest_order(case, factors, ranking=ranking))
if factors:
    st.caption("For information only: the recorded evidence backs your factors in this order, strongest first: "
               + "; ".join(f"{n}. {literal(titles[t])}" for n, t in enumerate(suggested, 1))
               + ". It is not the order your essay must follow: take them in the order your argument needs.")

try:
    problems = essay.check_plan(case, main, factors, counter, names=titles)
    if problems:
        raise essay.OutlineError(problems)
    outline = essay.build_outline(case, main, factors, counter, ranking=ranking, statement=statement)
except essay.OutlineError as err:
    for _field, message in err.problems:
        st.error(literal(message[:1].upper() + message[1:]))
    st.stop()

markdown = essay.to_markdown(outline)
left, right = st.columns(2)
left.download_button("Download the outline (Markdown)", markdown, file_name="essay-outline.md",
                     mime="text/markdown", width="stretch", key="outline_md", on_click="ignore")
right.download_button("Download the outline (Word)", essay.to_docx(outline), file_name="essay-outline.docx",
                      mime=essay.DOCX_MEDIA_TYPE,
                      width="stretch", key="outline_docx", on_click="ignore")
with st.container(border=True, height=2400):  # the outline scrolls in its box: the page stays short
    st.markdown(markdown)

st.header("Take the case into your own tools", anchor=False)
st.write("The bibliography for Zotero or a reference manager, the argument map for Argdown or AIF tools, and the "
         "whole case as data.")
columns = st.columns(2)
stem = Path(case.folder).name or "case"
for i, (fmt, label) in enumerate(EXPORTS.items()):
    columns[i % 2].download_button(label, export.FORMATS[fmt](whole), file_name=f"{stem}{export.SUFFIXES[fmt]}",
                                   mime=export.MEDIA_TYPES[fmt], width="stretch", key=f"export_{fmt}",
                                   on_click="ignore")
