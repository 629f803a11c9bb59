"""What `pip install asynctui` brings: what it runs on, and nothing of our tests."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
TEST_TOOLS = re.compile(r"^(pytest.*|hypothesis|schemathesis|ruff|mypy|coverage)$")


def names(requirements: list[str]) -> list[str]:
    return [re.split(r"[\s\[<>=!~;]", r, maxsplit=1)[0].lower() for r in requirements]


def test_a_plain_install_brings_no_test_tool() -> None:
    runtime = names(PYPROJECT["project"]["dependencies"])
    assert [n for n in runtime if TEST_TOOLS.match(n)] == []
    assert {"textual", "httpx", "platformdirs", "msgspec"} <= set(runtime)


def test_the_dev_extra_brings_every_test_tool_the_suite_uses() -> None:
    dev = set(names(PYPROJECT["project"]["optional-dependencies"]["dev"]))
    # asyncio_mode in [tool.pytest.ini_options] is pytest-asyncio's.
    assert {"pytest", "pytest-asyncio", "pytest-textual-snapshot", "hypothesis"} <= dev
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -q -e '.[dev]'" in readme and "pip install -q -e '.[dev]'" in ci


def test_running_asynctui_imports_no_test_tool() -> None:
    code = (
        "import importlib, pkgutil, sys, asynctui\n"
        "for m in pkgutil.walk_packages(asynctui.__path__, 'asynctui.'):\n"
        "    if not m.name.endswith('__main__'):\n"
        "        importlib.import_module(m.name)\n"
        "tools = ('pytest', '_pytest', 'pytest_asyncio', 'hypothesis', 'schemathesis')\n"
        "print(sorted(n for n in sys.modules if n.split('.')[0] in tools))\n"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"


def test_the_wheel_carries_every_package_of_the_source() -> None:
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    source = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "asynctui").rglob("__init__.py")
    }
    assert source - listed == set()
