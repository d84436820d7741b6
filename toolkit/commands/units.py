"""`cpt97530 units 97530=38 97110=10 --method cms`: units per code, with the reasons."""

from __future__ import annotations

import json

from toolkit.errors import BillingInputError


def register(sub, name: str) -> None:
    parser = sub.add_parser(
        name,
        help="units per code for one day's minutes",
        description="Turn minutes per code into billable units and explain each step.",
    )
    parser.add_argument(
        "entries",
        nargs="+",
        metavar="CODE=MINUTES",
        help="a code and its minutes, e.g. 97530=38 (or 97530=9:05-9:43); give each code its"
        " discipline to count each discipline's own 8-minute pool: 97530:GP=25 97535:GO=25"
        " (a role works too: 97110:PTA=20 counts in the PT pool; an aide's minutes never count)",
    )
    parser.add_argument(
        "--method",
        default="cms",
        choices=["cms", "ama"],
        help="cms: Medicare 8-minute rule, pooled (default); ama: per code",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(run=run)


def parse_entry(entry: str) -> tuple[str, int]:
    """'97530=38' or '97530=9:05-9:43' -> ('97530', minutes)."""
    from toolkit.rules.clock import minutes_between
    from toolkit.rules.parsing import shown, whole_number

    code, sep, value = entry.partition("=")
    if not sep or not code.strip() or not value.strip():
        raise BillingInputError(
            f"write each entry as CODE=MINUTES, for example 97530=38; got {entry!r}"
        )
    value = value.strip()
    if "-" in value and ":" in value:
        start, _, end = value.partition("-")
        return code.strip(), minutes_between(start, end=end)
    number = whole_number(value)  # the one parser: ASCII digits, never "+5", "٣٠" or "3_0"
    if number is not None:
        return code.strip(), number
    raise BillingInputError(
        f"minutes for {code.strip()} must be a whole number from 0 to 1440 (digits 0-9);"
        f" got {shown(value)}"
    )


def parse_entries(entries: list[str]) -> dict[str, int]:
    minutes: dict[str, int] = {}
    for entry in entries:
        code, value = parse_entry(entry)
        key = code.upper()
        if key in minutes:
            raise BillingInputError(f"{key} is listed twice; put all its minutes on one entry")
        minutes[key] = value
    return minutes


def run(args) -> int:
    from toolkit.rules.units import METHODS, bill_units

    result = bill_units(parse_entries(args.entries), method=args.method)
    if args.json:
        print(json.dumps(result.as_dict(), indent=2))
        return 0
    print(f"Method: {METHODS[result.method]}")
    print(f"{'code':<10}{'minutes':>9}{'units':>7}")
    for code, units in result.units.items():
        print(f"{code:<10}{result.minutes[code]:>9}{units:>7}")
    print(
        f"{'total':<10}{result.total_minutes:>9}{result.total_units:>7}"
        f"   (timed minutes {result.timed_minutes})"
    )
    print("\nWhy:")
    for number, step in enumerate(result.steps, 1):
        print(f"{number}. {step.text}\n   [{step.rule_id}] {step.source}")
    return 0
