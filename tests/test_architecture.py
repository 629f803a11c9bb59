"""The layers stay apart: the core is pure, and only the TUI may import Textual."""

from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import asynctui
import asynctui.core


def _modules_after_importing(*names: str) -> set[str]:
    code = (
        "import importlib, json, sys\n"
        f"for name in {list(names)!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return set(json.loads(out.stdout))


def _submodules(package: object) -> list[str]:
    path = package.__path__  # type: ignore[attr-defined]
    prefix = package.__name__ + "."  # type: ignore[attr-defined]
    return [m.name for m in pkgutil.walk_packages(path, prefix) if not m.name.endswith("__main__")]


def test_the_core_imports_no_ui_no_network_and_no_storage() -> None:
    loaded = _modules_after_importing(*_submodules(asynctui.core))
    forbidden = {
        "textual",
        "httpx",
        "sqlite3",
        "asynctui.client",
        "asynctui.stores",
        "asynctui.cli",
    }
    assert not {m for m in loaded if m.split(".")[0] in forbidden or m in forbidden}
    assert not {m for m in loaded for f in forbidden if m.startswith(f + ".")}


def test_stores_client_and_cli_never_import_textual() -> None:
    names = [m for m in _submodules(asynctui) if not m.startswith("asynctui.tui")]
    loaded = _modules_after_importing(*names)
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}


def test_the_tui_and_the_client_never_reach_into_the_cli() -> None:
    # Shared defaults and rules live in the client or the core, where both find them.
    import ast
    from pathlib import Path

    root = Path(asynctui.__file__).parent
    offenders = []
    for path in [*(root / "tui").rglob("*.py"), *(root / "client").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.ImportFrom):
                continue
            module = node.module or ""
            if module == "asynctui.cli" or module.startswith("asynctui.cli."):
                offenders.append(f"{path.relative_to(root)}:{node.lineno}")
    assert offenders == []


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every module ``path`` imports, with its line: TYPE_CHECKING ones too."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            found.append((node.lineno, node.module or ""))
    return found


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


_ROOT = Path(asynctui.__file__).parent


def test_the_tui_imports_no_store_and_no_sqlite() -> None:
    # The TUI reads the replica through the client, and writes through commands.
    offenders = [
        f"{path.relative_to(_ROOT)}:{line} imports {module}"
        for path in (_ROOT / "tui").rglob("*.py")
        for line, module in _imports(path)
        if _within(module, "asynctui.stores") or _within(module, "sqlite3")
    ]
    assert offenders == []


def test_the_core_imports_nothing_of_the_project_above_it() -> None:
    offenders = [
        f"{path.relative_to(_ROOT)}:{line} imports {module}"
        for path in (_ROOT / "core").rglob("*.py")
        for line, module in _imports(path)
        if _within(module, "asynctui") and not _within(module, "asynctui.core")
    ]
    assert offenders == []


def _sql_in(package: str) -> list[str]:
    """Where files of ``package`` run SQL or import sqlite3."""
    offenders = []
    for path in (_ROOT / package).rglob("*.py"):
        text = path.read_text()
        uses_sqlite = any(_within(module, "sqlite3") for _, module in _imports(path))
        if uses_sqlite or ".execute(" in text or ".executemany(" in text:
            offenders.append(str(path.relative_to(_ROOT)))
    return offenders


@pytest.mark.parametrize("package", ["tui", "demo"])
def test_the_front_ends_run_no_sql_of_their_own(package: str) -> None:
    # SQL lives in the client (the replica) and the server, nowhere else.
    assert _sql_in(package) == []


def test_the_cli_runs_no_sql_of_its_own() -> None:
    assert _sql_in("cli") == []


def test_the_dialog_flows_wait_until_first_used_and_each_action_names_one() -> None:
    # Start-up imports the main screen, not the flows (issue #3's cold start).
    loaded = _modules_after_importing("asynctui.tui.app")
    assert not {m for m in loaded if _within(m, "asynctui.tui.flows")}
    from importlib import import_module

    from asynctui.tui.main_screen import MainScreen

    actions = [getattr(MainScreen, name) for name in dir(MainScreen) if name.startswith("action_")]
    flows = [action.flow for action in actions if hasattr(action, "flow")]
    assert len(flows) >= 15
    missing = [
        f"{module}.{name}"
        for module, name in flows
        if not callable(getattr(import_module(f"asynctui.tui.flows.{module}"), name, None))
    ]
    assert missing == []
