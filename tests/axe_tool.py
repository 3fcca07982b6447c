"""axe-core (from npm), found or installed into .cache/axe, and run in a Playwright page.

Tests that need it use `axe_or_skip()`: it returns the path of `axe.min.js`, installing the pinned version with
npm when it is missing (about a second, once). When node or npm is missing or the install fails, the test is
skipped on a developer's machine, and fails under CI=true, so that CI always runs it.

`audit(page)` runs the WCAG 2.1 A and AA rules on the page as it is and sorts every violation's nodes into the
project's own and Streamlit's own. A node is Streamlit's own when, and only when, its rule is `list` or
`listitem` and its element lies inside Streamlit's navigation (`[data-testid="stSidebarNav"]`): st.navigation
draws its sections as `<div>`s between a `<ul>` and its `<li>`s, which the app cannot change. That is all the
same rules find on a bare Streamlit page with st.navigation sections (test_browser.py checks it). Anything else,
anywhere, is the project's.
"""

from __future__ import annotations

from pathlib import Path

from npm_tool import NpmPackage

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = NpmPackage("axe-core", "4.14.1", "axe", "axe-core/axe.min.js", ("npm",), 300)
VERSION = PACKAGE.version
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING = ("serious", "critical")
STREAMLIT_RULES = ("list", "listitem")
STREAMLIT_NAVIGATION = '[data-testid="stSidebarNav"]'


def axe_or_skip() -> Path:
    return PACKAGE.or_skip("axe-core")


# Runs axe, then, in the same moment (the page must not change in between), marks each node of each violation
# with whether it is Streamlit's own by the rule above.
RUN = """async ([tags, rules, navigation]) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => {
      const element = n.target.length === 1 ? document.querySelector(n.target[0]) : null;
      const inNavigation = !!(element && element.closest(navigation));
      return {target: n.target, html: n.html.slice(0, 300), summary: n.failureSummary,
              streamlit: rules.includes(v.id) && inNavigation};
    }),
  }));
}"""


def audit(page, script: Path) -> dict[str, list[dict]]:
    """The page's violations of WCAG 2.1 A and AA, as {"ours": [...], "streamlit": [...]}: each a violation
    (rule id, impact, help) with the nodes that belong to that side."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(script))
    violations = page.evaluate(RUN, [TAGS, list(STREAMLIT_RULES), STREAMLIT_NAVIGATION])
    out: dict[str, list[dict]] = {"ours": [], "streamlit": []}
    for v in violations:
        for side, wanted in (("ours", False), ("streamlit", True)):
            nodes = [n for n in v["nodes"] if n["streamlit"] is wanted]
            if nodes:
                out[side].append({"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": nodes})
    return out


def failing(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in FAILING]


def counts(violations: list[dict]) -> dict[str, int]:
    """Rules and nodes in all, and those serious or critical."""
    return {"rules": len(violations), "nodes": sum(len(v["nodes"]) for v in violations),
            "serious_rules": len(failing(violations)), "serious_nodes": sum(len(v["nodes"]) for v in failing(violations))}


def described(violations: list[dict]) -> str:
    return "\n".join(f"{v['impact']} {v['id']} ({v['help']}): " + "; ".join(
        f"{' '.join(n['target'])} {n['html'][:120]}" for n in v["nodes"][:5]) for v in violations)
