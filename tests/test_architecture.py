"""ARCHITECTURE.md points at what exists: every section it sends the reader to, every module
or package its table names."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")


def test_every_section_it_points_to_is_there():
    headings = set(re.findall(r"^## (.+)$", TEXT, re.M))
    pointed = set(re.findall(r'see "([^"]+)" below', TEXT))
    assert pointed and pointed <= headings


def test_every_package_of_its_table_exists():
    named = re.findall(r"^\| `(toolkit/[^`]+)`", TEXT, re.M)
    assert len(named) >= 9
    assert [n for n in named if not (ROOT / n.rstrip("/")).exists()] == []


def test_the_way_to_add_a_command_is_the_commands_face():
    from toolkit.commands import units

    assert "`register(sub, name)`/`run(args)`" in TEXT
    assert callable(units.register) and callable(units.run)
