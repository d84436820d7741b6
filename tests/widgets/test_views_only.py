"""The widgets are views only: they read their boxes, call rules/audit/course, and render.

No widget module touches a file or a folder itself (that is `toolkit.course` and
`toolkit.audit`'s work), so the rule is checked on the source of every module."""

import ast
from pathlib import Path

import pytest

import toolkit.widgets

WIDGETS = sorted(Path(toolkit.widgets.__file__).parent.glob("*.py"))
FILE_CALLS = {
    "open",
    "read_text",
    "write_text",
    "read_bytes",
    "write_bytes",
    "glob",
    "rglob",
    "iterdir",
    "mkdir",
    "unlink",
    "rename",
    "replace",
    "exists",
    "is_file",
    "is_dir",
    "resolve",
    "listdir",
    "load",
    "dump",
    # pandas reads and writes files too (a widget reads a log through toolkit.audit.visit_log)
    "read_csv",
    "read_excel",
    "read_parquet",
    "read_json",
    "to_csv",
    "to_excel",
    "to_parquet",
    "to_json",
}
FILE_MODULES = {"os", "json", "shutil", "tempfile", "sqlite3", "toolkit.files"}


def _problems(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            # str.replace on text is not a file: only flag it on something path-like
            if name in FILE_CALLS and not (name == "replace" and isinstance(func, ast.Attribute)):
                found.append(f"line {node.lineno}: {name}()")
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            modules = (
                [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
            )
            found += [
                f"line {node.lineno}: import {m}"
                for m in modules
                if m and any(m == f or m.startswith(f + ".") for f in FILE_MODULES)
            ]
    return found


@pytest.mark.parametrize("path", WIDGETS, ids=lambda p: p.name)
def test_no_widget_reads_or_writes_a_file_itself(path):
    assert _problems(path) == []


def test_the_check_finds_file_work_where_there_is_some(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import json\nfrom pathlib import Path\nPath('x').read_text()\nopen('y')\npd.read_csv('z')\n"
    )
    assert _problems(sample) == [
        "line 1: import json",
        "line 3: read_text()",
        "line 4: open()",
        "line 5: read_csv()",
    ]
