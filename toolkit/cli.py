"""The `cpt97530` command line: one subcommand per module in `toolkit.commands`.

Each command module has `register(subparsers)` and `run(args) -> int`, and imports heavy
libraries (pandas, widgets) only inside `run`, so `cpt97530 units ...` starts fast.
Every ending is one line on stderr, never a traceback, and an exit status:

- 0: done (also when the reader of the output left early, `cpt97530 audit ... | head -1`);
- 1: an unforeseen fault in the toolkit (CPT97530_DEBUG=1 shows the traceback);
- 2: bad input, a file that cannot be read or written, a standard output that is closed
  (`>&-`: refused before any work) or that cannot be written (a full disk). A closed
  standard input or error is pointed at /dev/null (no command reads its input);
- 130, 129, 143: stopped by Ctrl-C, SIGHUP or SIGTERM (128 + the signal's number); the
  command's output files are removed, as after any failure.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys

from toolkit import __version__
from toolkit.errors import BillingInputError, visible
from toolkit.files.output_files import Stopped, stop_on_signals
from toolkit.files.std_streams import (
    EXIT_CLOSED_STREAM,
    GuardedOutput,
    OutputStreamError,
    reopen_closed_streams,
    silence_stdout,
)
from toolkit.settings import debug, unknown_names

# Subcommand name -> module under toolkit.commands. Add a line here for a new command.
COMMANDS = {
    "units": "units",
    "check": "check",
    "generate": "exercises",
    "release": "release",
    "grade": "grade",
    "audit": "audit",
    "pairs": "pairs",
    "course": "course",
    "reset-lesson": "reset_lesson",
}

EXIT_BAD_INPUT = 2
EXIT_BUG = 1  # not the user's input: a fault in the toolkit


def _first_line(problem: BaseException) -> str:
    text = str(problem).strip()
    return text.splitlines()[0][:200] if text else "no message"


class _OneLineParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would print the whole usage block
        print(visible(f"{self.prog}: {message} (try --help)"), file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


# What the core install (`pip install cpt97530-toolkit`, the browser version) leaves out:
# pyproject.toml's `full` extra.
FULL_TOOLKIT_ONLY = {
    "pandas",
    "numpy",
    "pyarrow",
    "openpyxl",
    "tqdm",
    "voila",
    "jupyterlab",
    "nbval",
}


def build_parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(
        prog="cpt97530",
        description="Training toolkit for billing CPT 97530 (therapeutic activities).",
    )
    parser.add_argument("--version", action="version", version=f"cpt97530-toolkit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_OneLineParser)
    sub.required = True
    for name, module_name in COMMANDS.items():
        try:
            module = importlib.import_module(f"toolkit.commands.{module_name}")
        except ModuleNotFoundError as missing:
            if missing.name != f"toolkit.commands.{module_name}":
                raise
            continue  # command not built yet
        module.register(sub, name)
    return parser


def _say(text: str) -> None:
    """Every command's one-line message: file names and cell values in it come from files, so
    control and escape characters are made visible here, once, for every command."""
    print(visible(text), file=sys.stderr)


def _stopped(stop: KeyboardInterrupt) -> int:
    """Ctrl-C (130), SIGHUP (129) or SIGTERM (143): one line; the outputs were removed."""
    if isinstance(stop, Stopped):
        print(f"cpt97530: stopped by {stop}; no output was written", file=sys.stderr)
        return 128 + stop.signum
    print("cpt97530: stopped", file=sys.stderr)
    return 130


def main(argv: list[str] | None = None) -> int:
    if "standard output" in reopen_closed_streams():
        _say(
            "cpt97530: the standard output is closed (>&-), so the command was not run;"
            " send it to a file or to /dev/null instead"
        )
        return EXIT_CLOSED_STREAM
    try:
        with stop_on_signals():
            status = _main(argv)
    except KeyboardInterrupt as stop:  # Ctrl-C or a signal while the commands load
        status = _stopped(stop)
    # Why: an Arrow reader still alive when the interpreter shuts down (an abandoned Parquet
    # batch iterator or CSV reader, held by a reference cycle such as an exception's
    # traceback) is destroyed after Arrow's thread pools and memory pools are gone, and its
    # background threads abort the process ("terminate called...", SIGABRT; apache/arrow
    # issue 34314). Freeing such cycles here, while Arrow is alive, ends every command in an
    # ordinary exit, with buffers flushed and atexit handlers run (it replaces an
    # os._exit that skipped them).
    if "pyarrow" in sys.modules:
        gc.collect()
    return status


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    for warning in unknown_names():  # a warning, not a refusal: the command still runs
        _say(f"cpt97530: warning: {warning}")
    try:
        with GuardedOutput():
            status = int(args.run(args) or 0)
            sys.stdout.flush()  # inside the try: a closed pipe is reported here, not at exit
        return status
    except BillingInputError as bad:
        _say(f"cpt97530 {args.command}: {bad}")
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # e.g. `cpt97530 audit ... | head`: the reader left, not an error
        silence_stdout()
        return 0
    except OutputStreamError as problem:  # e.g. `> /dev/full`: the reports are already whole
        silence_stdout()
        _say(f"cpt97530 {args.command}: cannot write the standard output: {problem.strerror}")
        return EXIT_CLOSED_STREAM
    except OSError as problem:  # a file named on the command line that cannot be opened
        where = f"cannot open {problem.filename}" if problem.filename else "cannot go on"
        _say(f"cpt97530 {args.command}: {where}: {problem.strerror or problem}")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt as stop:
        return _stopped(stop)
    except Exception as bug:  # noqa: BLE001 - the last line of defence: still one line
        missing = getattr(bug, "name", None) if isinstance(bug, ModuleNotFoundError) else None
        if (missing or "").partition(".")[0] in FULL_TOOLKIT_ONLY:
            _say(
                f"cpt97530 {args.command}: needs the full toolkit ({missing} is not installed):"
                " pip install 'cpt97530-toolkit[full]'"
            )
            return EXIT_BAD_INPUT
        if debug():
            raise
        _say(
            f"cpt97530 {args.command}: unexpected error ({type(bug).__name__}: {_first_line(bug)});"
            " this is a fault in the toolkit, please report it (CPT97530_DEBUG=1 shows the details)"
        )
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
