"""Check my essay: a student's draft (a .docx, .md or .txt file, or pasted text) read against the case, with
feedback that points at the exact sentence and the exact passage; and a teacher's mode for a class's essays (a
zip or several files) with one table and a page per essay. Everything runs on the server: nothing is sent
anywhere else, and nothing is kept once the page is closed."""

import streamlit as st

from explorer import check, drafts, vocabulary
from explorer.text import csv_text, literal
from explorer.ui import page
from explorer.ui.case import case_folder, fingerprint

case, problems = page.start()
st.title("Check my essay", anchor=False)
if case.info:
    st.markdown(f"#### {literal(case.info.question)}")
st.write("Upload your draft or paste it below. The check reads every quotation against the sources, looks for "
         "views put in a historian's name that no source gives them, and for mistakes that a source makes and "
         "your essay repeats; it says what each paragraph argues, and whether you answer the other side and "
         "reach a judgement. It runs here, on this server: your essay is not sent anywhere or kept.")


@st.cache_resource(show_spinner="Preparing the check…", max_entries=4)
def checker_for(folder: str, stamp: tuple) -> check.Checker:
    """What the check needs from the case, made once per version of the case's files."""
    return check.Checker(case)


checker = checker_for(str(case_folder()), fingerprint(case_folder()))
titles = {t.id: t.title for t in case.theses.values()}
mine, class_tab = st.tabs(["My essay", "A class's essays (for teachers)"])


def show(report: check.Report, name: str, key: str) -> None:
    """One essay's check: what it argues, each finding with the essay's words and the source's, the paragraphs."""
    if report.main:
        st.markdown(f"**Your essay argues:** {literal(titles[report.main])}")
    else:
        st.markdown("**Your essay does not yet argue one of the case's explanations.**")
    counts = {k: n for k, n in report.counts().items() if n}
    if not counts:
        st.success("Nothing to fix was found. Check below that each paragraph argues what you meant it to.")
    else:
        st.markdown("**What to look at:** " + "; ".join(f"{vocabulary.FINDINGS[k].label} ({n})"
                                                       for k, n in counts.items()))
    for finding in report.findings:
        label = vocabulary.FINDINGS[finding.kind].label
        where = f"paragraph {finding.paragraph}" if finding.paragraph else "the whole essay"
        with st.container(border=True):
            st.markdown(f"**{literal(label)}** · {where}")
            if finding.text:
                st.markdown("Your words:\n\n> " + literal(finding.text))
            st.markdown(literal(finding.message))
            if finding.source and finding.passage and finding.kind in ("misquote", "wrong_source", "repeated_error"):
                st.caption(literal(f"From {case.source_name(finding.source)}"))
    st.subheader("What each paragraph argues", anchor=False)
    rows = [{"Paragraph": v.number, "Part": vocabulary.ROLES[v.role],
             "Argues": titles[v.thesis] if v.thesis else "none of the case's explanations",
             "Evidence": "yes" if v.evidence else "none", "Starts": " ".join(v.text.split()[:12]) + " …"}
            for v in report.paragraphs]
    st.dataframe(rows, hide_index=True, width="stretch", key=f"{key}_paragraphs")
    checked = [q for q in report.quotations if q.status not in ("short", "title")]
    if checked:
        st.subheader("Your quotations", anchor=False)
        said = {"verbatim": "word for word", "close": "close, not exact", "not_found": "in no source"}
        st.dataframe([{"Quotation": q.written, "Found": said[q.status],
                       "In": case.source_name(q.source) if q.source else ""} for q in checked],
                     hide_index=True, width="stretch", key=f"{key}_quotes")
    st.download_button("Download this check (Markdown)", check.to_markdown(report, case, name),
                       file_name="essay-check.md", mime="text/markdown", key=f"{key}_md", on_click="ignore")


with mine:
    upload = st.file_uploader("Your essay (.docx, .md or .txt)", type=[s.lstrip(".") for s in drafts.SUFFIXES],
                              key="essay_file", help="Word footnotes are read: a quotation's footnote says which "
                              "source it comes from.")
    pasted = st.text_area("…or paste it here", key="essay_text", height=140,
                          placeholder="Paste your essay: paragraphs separated by an empty line, footnotes as [^1] "
                                      "with the note at the end ([^1]: Khrushchev Falls from Power).")
    text, name = None, None
    try:
        if upload is not None:
            name = upload.name
            text = drafts.read(upload.name, upload.getvalue())
        elif pasted.strip():
            name = "Your essay"
            text = drafts.bounded("The pasted text", pasted)
    except drafts.DraftError as err:
        st.error(literal(str(err)))
    if text is not None:
        with st.spinner("Checking…"):
            report = checker.check(text)
        show(report, name or "Your essay", "mine")
    elif upload is None and not pasted.strip():
        st.info("Upload a file or paste your essay to check it.")

with class_tab:
    st.write("Upload a zip of the class's essays, or several files at once. You get one table for the class "
             "(to download as CSV for a spreadsheet) and each essay's check.")
    bundle = st.file_uploader("The class's essays (.zip, or .docx, .md, .txt files)", accept_multiple_files=True,
                              type=["zip", *(s.lstrip(".") for s in drafts.SUFFIXES)], key="class_files")
    essays: list[drafts.Draft] = []
    try:
        for item in bundle or []:
            if item.name.lower().endswith(".zip"):
                essays += drafts.from_zip(item.name, item.getvalue())
            else:
                try:
                    essays.append(drafts.Draft(item.name, drafts.read(item.name, item.getvalue())))
                except drafts.DraftError as err:
                    essays.append(drafts.Draft(item.name, error=str(err)))
        if len(essays) > drafts.CLASS_FILES:
            raise drafts.DraftError(f"{len(essays):,} essays, more than the {drafts.CLASS_FILES} one check takes; "
                                    "upload the class in smaller groups")
    except drafts.DraftError as err:
        st.error(literal(str(err)))
        essays = []
    if essays:
        with st.spinner(f"Checking {len(essays)} essays…"):
            checked = [(d.name, checker.check(d.text) if not d.error else None, d.error) for d in essays]
        rows = check.class_rows(case, checked)
        st.dataframe([dict(zip(rows[0], row)) for row in rows[1:]], hide_index=True, width="stretch",
                     key="class_table")
        st.download_button("Download the table (CSV)", csv_text(rows), file_name="essay-checks.csv", mime="text/csv",
                           key="class_csv", on_click="ignore")
        readable = [(n, r) for n, r, _ in checked if r is not None]
        if readable:
            chosen = st.selectbox("One essay's check", range(len(readable)), key="class_essay",
                                  format_func=lambda i: f"{i + 1}. {readable[i][0]}")
            show(readable[chosen][1], readable[chosen][0], "class")
