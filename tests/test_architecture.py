"""The layers stay apart: the core is pure, and only the TUI may import Textual."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

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
