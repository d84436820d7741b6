"""The command line's own frame (toolkit.cli): one line and a status, whatever happens."""

import os
import signal
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
        [sys.executable, "-c", CTRL_C_WHILE_LOADING],
        capture_output=True,
        text=True,
        timeout=60,
        # A terminal's Ctrl-C: the default action, even when the test run itself ignores
        # SIGINT (an ignored signal is inherited, and Python then never raises
        # KeyboardInterrupt).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert done.returncode == 130
    assert done.stderr == "cpt97530: stopped\n" and done.stdout == ""


def test_a_misspelt_setting_is_named_with_the_one_it_may_mean(tmp_path):
    env = {
        **os.environ,
        "CPT97530_SUBMISSION": str(tmp_path),  # near a setting: a warning
        "CPT97530_SKIP_BROWSER": "1",  # the test suite's own: left alone
        "CPT97530_HOME": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-m", "toolkit.cli", "units", "97530=38"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0 and "97530" in done.stdout
    assert done.stderr == (
        "cpt97530: warning: CPT97530_SUBMISSION is not a setting of this toolkit"
        " (did you mean CPT97530_SUBMISSIONS?)\n"
    )


def test_a_command_of_the_full_toolkit_on_the_core_install_says_how_to_get_it():
    """`pip install cpt97530-toolkit` (the core, no pandas): the audit says in one line which
    install it needs, exit 2, no traceback."""
    script = (
        "import sys\n"
        "sys.modules['pandas'] = None  # as on a core install\n"
        "from toolkit import cli\n"
        "sys.exit(cli.main(['audit', 'examples/visit_logs/day_sheet.csv']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        "cpt97530 audit: needs the full toolkit (pandas is not installed): "
        "pip install 'cpt97530-toolkit[full]'\n"
    )
