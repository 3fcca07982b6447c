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


def explorer_imports(path: Path) -> set[str]:
    """The explorer modules a file imports, as dotted names (`explorer.weigh`, `explorer.ui.case`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names if alias.name.startswith("explorer"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("explorer"):
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def core_modules() -> list[Path]:
    return [p for p in (ROOT / "explorer").rglob("*.py") if "ui" not in p.relative_to(ROOT / "explorer").parts]


def test_the_core_never_imports_the_command_line_or_the_pages() -> None:
    offenders = {str(p.relative_to(ROOT)): sorted(n for n in explorer_imports(p)
                                                  if n in {"explorer.cli", "explorer.ui", "explorer.__main__"}
                                                  or n.startswith(("explorer.ui.", "explorer.cli.")))
                 for p in core_modules() if p.name not in {"cli.py", "__main__.py"}}
    assert {k: v for k, v in offenders.items() if v} == {}


def writers_used(path: Path) -> set[str]:
    """The case folder's writers (explorer.disk.writing, re-exported by explorer.disk) a file names: imported by
    name, or called as `disk.save`."""
    from explorer.disk import writing

    names = {n for n in vars(writing) if not n.startswith("_") and getattr(vars(writing)[n], "__module__", "")
             == writing.__name__}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    used = {f"disk.{node.attr}" for node in ast.walk(tree) if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name) and node.value.id == "disk" and node.attr in names}
    return used | {n for n in explorer_imports(path) if n.startswith("explorer.disk.")
                   and n.rsplit(".", 1)[-1] in names}


def test_the_classroom_never_imports_the_case_authoring_modules() -> None:
    """The classroom may read a case folder (explorer.disk's readers) but never writes one."""
    authoring = {"explorer.workshop", "explorer.extract", "explorer.suggest", "explorer.disk.writing"}
    files = sorted((ROOT / "explorer" / "classroom").rglob("*.py"))
    named = {f.stem for f in files} | {f.parent.name for f in files}
    assert named >= {"debate", "store", "sqlite", "postgres", "phone", "phone_app", "perspective", "lesson", "launcher"}
    offenders = {str(f.relative_to(ROOT)): sorted({n for n in explorer_imports(f) if n.startswith(tuple(authoring))}
                                                  | writers_used(f))
                 for f in files}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_a_writer_of_the_case_folder_is_found_however_it_is_named(tmp_path: Path) -> None:
    """The check above can fail: a file that calls the writers through the package, or imports one, is caught."""
    (tmp_path / "a.py").write_text("from explorer import disk\ndisk.save(root, 'x', {})\ndisk.read_text(root, 'x')\n")
    (tmp_path / "b.py").write_text("from explorer.disk import undo, listing\n")
    assert writers_used(tmp_path / "a.py") == {"disk.save"}
    assert writers_used(tmp_path / "b.py") == {"explorer.disk.undo"}


def test_the_engine_never_reaches_back_up_to_the_tables_charts_or_pages() -> None:
    """Data flows one way: load -> weigh -> tables -> charts -> pages."""
    later = {"explorer.weigh": {"explorer.tables", "explorer.charts"},
             "explorer.weighting": {"explorer.weigh", "explorer.tables", "explorer.charts"},
             "explorer.load": {"explorer.weigh", "explorer.weighting", "explorer.tables", "explorer.charts"},
             "explorer.tables": {"explorer.charts"}}
    for module, forbidden in later.items():
        path = ROOT / (module.replace(".", "/") + ".py")
        files = [path] if path.exists() else sorted((ROOT / module.replace(".", "/")).glob("*.py"))
        assert files, module
        for file in files:
            assert not {n for n in explorer_imports(file) if n.startswith(tuple(forbidden))}, file


def test_every_refusal_the_explorer_raises_has_one_root() -> None:
    """Every exception class the explorer defines descends from problem.ExplorerError (the YAML loader's own
    refusals, raised inside PyYAML and turned into problems, excepted)."""
    import importlib
    import inspect

    from explorer.problem import ExplorerError

    found = []
    for path in (ROOT / "explorer").rglob("*.py"):
        if "ui" in path.relative_to(ROOT / "explorer").parts or path.name == "__main__.py":
            continue
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseException) and cls.__module__ == name and cls is not ExplorerError:
                found.append(cls)
    assert len(found) >= 10
    outside = [f"{c.__module__}.{c.__qualname__}" for c in found
               if not issubclass(c, ExplorerError) and c.__module__ != "explorer.document"]
    assert outside == []
