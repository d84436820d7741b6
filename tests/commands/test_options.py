"""Options shared by several commands are defined once (toolkit/commands/options.py)."""

from pathlib import Path

import pytest

from toolkit.cli import build_parser


def _subparser(name):
    actions = build_parser()._subparsers._group_actions[0]
    return actions.choices[name]


@pytest.mark.parametrize("command", ["generate", "grade", "release"])
def test_every_command_reading_keys_takes_the_same_solutions_option(command, tmp_path):
    options = {a.dest: a for a in _subparser(command)._actions}
    solutions = options["solutions"]
    assert solutions.metavar == "DIR" and solutions.default is None
    assert "CPT97530_SOLUTIONS" in solutions.help
    args = ["x"] if command in ("grade", "release") else []
    parsed = _subparser(command).parse_args([*args, "--solutions", str(tmp_path)])
    assert parsed.solutions == Path(tmp_path)
