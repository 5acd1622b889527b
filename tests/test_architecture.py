"""The layout is the architecture: packages import only downward, and one package is installed.

The layers are those of docs/architecture.md. Every import counts, including the
ones inside functions (kept local for start-up time): a lazy import upward is
still a dependency upward.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO

LAYERS: list[list[str]] = [  # lowest first; packages on one line never import each other
    ["newsmon.query", "newsmon.extract", "newsmon.schedules"],
    ["newsmon.config"],
    ["newsmon.storage"],
    ["newsmon.search"],
    ["newsmon.stories"],
    ["newsmon.alerts", "newsmon.crawler"],
    ["newsmon.analysis"],
    ["newsmon.web"],
    ["newsmon.scheduler"],  # the daemon's endpoints use web's security headers
    ["newsmon"],  # the command line: newsmon.cli*, newsmon.console, newsmon.__main__
]
EXEMPT = ("newsmon.storage.migrations",)
"""The schema's history: a migration may use the code of its revision, whatever its layer."""


def package_dirs() -> dict[str, Path]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    mapping = config["tool"]["setuptools"]["package-dir"]
    return {package: REPO / folder for package, folder in mapping.items()}


def modules() -> Iterator[tuple[str, Path]]:
    """Every module of the installed namespace, by its installed name."""
    roots = package_dirs()
    nested = {folder for package, folder in roots.items() if package != "newsmon"}
    for package, folder in roots.items():
        for path in folder.rglob("*.py"):
            if package == "newsmon" and any(path.is_relative_to(n) for n in nested):
                continue
            parts = path.relative_to(folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            yield ".".join((package, *parts)), path


def imports(module: str, path: Path) -> Iterator[tuple[str, int]]:
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            yield name, node.lineno


def layer_of(module: str) -> tuple[int, str] | None:
    """(rank, package) of the longest layer entry that ``module`` belongs to."""
    best: tuple[int, str] | None = None
    for rank, packages in enumerate(LAYERS):
        for package in packages:
            if (module == package or module.startswith(package + ".")) and (
                best is None or len(package) > len(best[1])
            ):
                best = (rank, package)
    return best


def test_every_module_is_in_a_layer() -> None:
    found = dict(modules())
    assert len(found) > 80  # the mapping was read: every package, not only newsmon/
    assert [m for m in found if layer_of(m) is None] == []
    assert "newsmon.crawler.spiders.news" in found and "newsmon.query.rules" in found


def test_no_package_imports_a_higher_layer_or_a_sibling() -> None:
    violations = []
    for module, path in modules():
        if module.startswith(EXEMPT):
            continue
        here = layer_of(module)
        assert here is not None
        for target, line in imports(module, path):
            if not target.startswith("newsmon"):
                continue
            there = layer_of(target)
            assert there is not None, f"{module} imports unknown {target}"
            if there[1] == here[1]:
                continue  # within one package
            if there[0] >= here[0]:
                violations.append(f"{path.relative_to(REPO)}:{line}: {module} -> {target}")
    assert violations == [], "imports against the layers:\n" + "\n".join(violations)


@pytest.mark.slow
def test_the_wheel_installs_one_top_level_package(tmp_path: Path) -> None:
    source = tmp_path / "src"  # a copy: building writes build/ and *.egg-info beside the code
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(".venv", ".git", "data", "build", "*.egg-info", "__py*"),
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = tmp_path.glob("newsmon-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names}
    assert top == {"newsmon", wheel.name.split("-py")[0] + ".dist-info"}, top
    for needed in (
        "newsmon/storage/migrations/versions/0007_daemon_alerts.py",
        "newsmon/storage/migrations/script.py.mako",
        "newsmon/alerts/templates/digest.html.j2",
        "newsmon/web/static/newsmon.css",
        "newsmon/starter_config.toml",
        "newsmon/crawler/spiders/news.py",
        "newsmon/query/rules.py",
    ):
        assert needed in names, needed
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "newsmon = newsmon.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
