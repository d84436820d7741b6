"""Options several commands share, defined once."""

from __future__ import annotations

from pathlib import Path


def solutions_option(parser) -> None:
    """`--solutions DIR`: the exercise bank, for the commands that read answer keys."""
    parser.add_argument(
        "--solutions",
        type=Path,
        default=None,
        metavar="DIR",
        help="the exercise bank (default: $CPT97530_SOLUTIONS, else the repository's solutions/)",
    )
