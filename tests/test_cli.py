"""The command line's own frame (toolkit.cli): one line and a status, whatever happens."""

import subprocess
import sys

# A real SIGINT, sent while build_parser imports the command modules: the moment a trainee
# who pressed Ctrl-C right after Enter hits.
CTRL_C_WHILE_LOADING = """
import importlib, os, signal, sys
from toolkit import cli
load = importlib.import_module
def load_then_interrupt(name, *args):
    if name.startswith("toolkit.commands."):
        os.kill(os.getpid(), signal.SIGINT)
    return load(name, *args)
importlib.import_module = load_then_interrupt
sys.exit(cli.main(["units", "97530=38"]))
"""


def test_ctrl_c_while_the_commands_load_is_one_line_not_a_traceback():
    done = subprocess.run(
        [sys.executable, "-c", CTRL_C_WHILE_LOADING], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 130
    assert done.stderr == "cpt97530: stopped\n" and done.stdout == ""
