"""The pure core does no file I/O and imports no adapter library (DESIGN.md §2).

ruff's banned-api rule (spacedesign/<core>/ruff.toml) catches imports; this test adds the calls
ruff cannot see (``open``) and checks that every core folder carries the ruff rule.
"""

from __future__ import annotations

import ast

import pytest

from tests.conftest import REPO

CORE = ["model", "analysis", "rules", "capacity", "generate", "score"]
BANNED_ROOTS = {"ezdxf", "matplotlib", "trimesh", "sqlalchemy", "fastapi", "pydantic", "ruamel",
                "pathlib", "shutil"}


@pytest.mark.parametrize("folder", CORE)
def test_core_folder_has_banned_api_config(folder):
    config = (REPO / "spacedesign" / folder / "ruff.toml").read_text()
    for name in ("ezdxf", "matplotlib", "trimesh", "sqlalchemy", "fastapi"):
        assert f'"{name}".msg' in config


def _core_modules():
    for folder in CORE:
        yield from sorted((REPO / "spacedesign" / folder).rglob("*.py"))


@pytest.mark.parametrize("module", list(_core_modules()), ids=lambda p: str(p.relative_to(REPO)))
def test_core_module_is_pure(module):
    tree = ast.parse(module.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in {"open", "print", "input"}, f"{module}:{node.lineno}"
        if isinstance(node, ast.Import):
            for alias in node.names:
                assert alias.name.split(".")[0] not in BANNED_ROOTS, f"{module}:{node.lineno}"
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            root = node.module.split(".")[0]
            assert root not in BANNED_ROOTS, f"{module}:{node.lineno}"
            assert not node.module.startswith(("spacedesign.io", "spacedesign.export",
                                               "spacedesign.booking", "spacedesign.cli"))
