"""The core stays free of streamlit: only explorer/ui imports it."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_only_ui_imports_streamlit() -> None:
    core = [p for p in (ROOT / "explorer").rglob("*.py") if "ui" not in p.relative_to(ROOT / "explorer").parts]
    assert len(core) >= 8
    offenders = [str(p.relative_to(ROOT)) for p in core if "streamlit" in imported_modules(p)]
    assert offenders == []


def test_app_only_routes() -> None:
    """app.py imports streamlit and, for who its menu is for, explorer.ui.audience alone."""
    assert imported_modules(ROOT / "app.py") == {"streamlit", "explorer"}
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    ours = [(n.module, [a.name for a in n.names]) for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert ours == [("explorer.ui", ["audience"])]
