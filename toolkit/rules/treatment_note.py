"""Check a daily treatment note against what CMS asks a note to record (Pub 100-02 Ch.15 §220.3).

`check_note(note, billed_units=...)` returns findings, each tied to one documentation element,
so a widget can mark the missing or wrong part of the note. Pure: no widgets, no files.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from toolkit.errors import BillingInputError
from toolkit.reference import codes, normalize_code
from toolkit.rules.clock import minutes_between
from toolkit.rules.findings import Finding
from toolkit.rules.parsing import check_minutes, check_units, read_minutes
from toolkit.rules.time_blocks import TimeBlock, parse_time_block
from toolkit.rules.units import check_method
from toolkit.rules.units_supported import units_supported_findings

FAMILY = "treatment_note"
SUBJECT = "note"
RULE_IDS = ("doc-treatment-note", "doc-clock-times", "doc-functional-goal")
# the note's own checks reuse the claim rules' words for the same facts
CITES = ("one-service-per-15-minutes", "doc-units-match-minutes", "timed-vs-untimed")


def findings(note) -> list[Finding]:
    """Findings about a `TreatmentNote` on its own (no billed units to compare)."""
    return list(check_note(note))


ELEMENTS = (
    "date",
    "interventions",
    "total_timed_minutes",
    "total_treatment_time",
    "signature_credentials",
    "functional_goal",
    "units_match",
)


def _text(raw: object, what: str) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise BillingInputError(f"{what} must be text; got {raw!r}")
    return raw.strip()


def _intervention_minutes(code: str, raw: object) -> tuple[int | None, TimeBlock | bool]:
    """Minutes for one intervention, and its clock block (True: clock times, no block kept)."""
    if isinstance(raw, (tuple, list)):
        if len(raw) != 2:
            raise BillingInputError(f"clock times for {code} are a (start, end) pair; got {raw!r}")
        return check_minutes(minutes_between(raw[0], end=raw[1]), code), True
    if isinstance(raw, str) and ":" in raw:
        block = parse_time_block(raw)
        if block is None or block.label is not None:
            raise BillingInputError(f"clock times for {code} look like 9:00-9:23; got {raw!r}")
        return check_minutes(block.minutes, code), block
    return read_minutes(raw, code), False


@dataclass(frozen=True)
class TreatmentNote:
    """One day's treatment note (synthetic in this course). Values are checked when made."""

    date: str | None = None
    interventions: dict[str, int | None] = field(default_factory=dict)  # code -> minutes
    activities: str = ""
    total_timed_minutes: int | None = None
    total_treatment_minutes: int | None = None
    diagnosis_or_goal: str = ""
    signature: str = ""
    credentials: str = ""
    has_clock_times: bool = field(init=False, default=False, compare=False)
    blocks: dict[str, TimeBlock] = field(
        init=False, default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        date = self.date.isoformat() if isinstance(self.date, datetime.date) else self.date
        object.__setattr__(self, "date", _text(date, "the date") or None)
        raw = self.interventions if self.interventions is not None else {}
        if not isinstance(raw, Mapping):
            raise BillingInputError(f"interventions are listed as code -> minutes; got {raw!r}")
        interventions: dict[str, int | None] = {}
        clock = False
        blocks: dict[str, TimeBlock] = {}
        for raw_code, raw_minutes in raw.items():
            code = normalize_code(raw_code)
            if code in interventions:
                raise BillingInputError(f"{code} is listed twice; put all its minutes on one entry")
            interventions[code], from_clock = _intervention_minutes(code, raw_minutes)
            clock = clock or bool(from_clock)
            if isinstance(from_clock, TimeBlock):
                blocks[code] = from_clock
        object.__setattr__(self, "interventions", interventions)
        object.__setattr__(self, "has_clock_times", clock)
        object.__setattr__(self, "blocks", blocks)
        for name, what in (
            ("total_timed_minutes", "the total timed minutes"),
            ("total_treatment_minutes", "the total treatment time"),
        ):
            object.__setattr__(self, name, read_minutes(getattr(self, name), what))
        for name, what in (
            ("activities", "the activities"),
            ("diagnosis_or_goal", "the goal"),
            ("signature", "the signature"),
            ("credentials", "the credentials"),
        ):
            object.__setattr__(self, name, _text(getattr(self, name), what))

    @property
    def coded_twice(self) -> tuple[tuple[str, str], ...]:
        """Pairs of timed interventions written for the same clock minutes."""
        timed = [(c, b) for c, b in self.blocks.items() if codes()[c].timed]
        return tuple(
            (a, b) for i, (a, ba) in enumerate(timed) for b, bb in timed[i + 1 :] if ba.overlaps(bb)
        )

    def clock_minutes(self, timed_only: bool) -> int | None:
        """Minutes the clock blocks cover, each minute once; None unless every such intervention has one."""
        chosen = [c for c in self.interventions if codes()[c].timed or not timed_only]
        if not chosen or any(c not in self.blocks for c in chosen):
            return None
        return len({m for c in chosen for s, e in self.blocks[c].intervals for m in range(s, e)})

    @property
    def timed_minutes_listed(self) -> dict[str, int]:
        """Timed interventions whose minutes are written in the note."""
        return {c: m for c, m in self.interventions.items() if codes()[c].timed and m is not None}


def _billed(raw: object) -> Mapping[str, int] | int | None:
    if raw is None:
        return None
    if isinstance(raw, Mapping):
        billed: dict[str, int] = {}
        for code, units in raw.items():
            billed[normalize_code(code)] = check_units(units)
        return billed
    return check_units(raw)


def check_note(
    note: TreatmentNote | Mapping,
    *,
    billed_units: Mapping[str, int] | int | None = None,
    method: str = "cms",
) -> tuple[Finding, ...]:
    """Findings about one treatment note; `billed_units` is code -> units (or the day's timed units).

    Raises:
        BillingInputError: the note is not a note (or a mapping of its elements), or an
        element, the billed units or the method is not valid (the message names it)."""
    if isinstance(note, Mapping):
        note = TreatmentNote(**note)
    if not isinstance(note, TreatmentNote):
        raise BillingInputError(f"a treatment note is needed; got {note!r}")
    method = check_method(method)
    billed = _billed(billed_units)
    found = (
        _date_and_interventions(note)
        + _coded_twice(note)
        + _timed_total(note)
        + _treatment_total(note)
        + _signature(note)
        + _functional_goal(note)
    )
    if billed is not None:
        found += _units_match(note, billed, method)
    if note.interventions and not note.has_clock_times:
        found.append(
            Finding(
                "doc-clock-times",
                "info",
                "No start and stop times are recorded. CMS does not require clock times (it asks for"
                " the total timed minutes and the total treatment time), but many clinics and"
                " commercial payers want them: follow your clinic's and payer's rules.",
                element="interventions",
            )
        )
    return tuple(found)


def _date_and_interventions(note: TreatmentNote) -> list[Finding]:
    found = []
    if note.date is None:
        found.append(
            Finding(
                "doc-treatment-note",
                "error",
                "The note has no date of treatment. Every treatment note records the date: add it.",
                element="date",
            )
        )
    if not note.interventions:
        found.append(
            Finding(
                "doc-treatment-note",
                "error",
                "The note lists no interventions. Record every intervention, timed and untimed,"
                " billed or not, in words that can be matched to the claim.",
                element="interventions",
            )
        )
    return found


def _coded_twice(note: TreatmentNote) -> list[Finding]:
    return [
        Finding(
            "one-service-per-15-minutes",
            "error",
            f"{a} and {b} are written for the same minutes ({note.blocks[a].text} and {note.blocks[b].text}):"
            " one block coded under two codes. Only one service can be reported for a given period;"
            " ask the therapist which service the block was, and have the note corrected.",
            element="interventions",
        )
        for a, b in note.coded_twice
    ]


def _timed_total(note: TreatmentNote) -> list[Finding]:
    timed = [c for c in note.interventions if codes()[c].timed]
    listed = note.timed_minutes_listed
    added = sum(listed.values())
    sum_text = (
        (" + ".join(f"{c} {m}" for c, m in listed.items()) + f" = {added}") if listed else "none"
    )
    if note.total_timed_minutes is None:
        if not timed:
            return []
        hint = (
            f" (the timed interventions listed add up to {sum_text})"
            if len(listed) == len(timed)
            else ""
        )
        return [
            Finding(
                "doc-treatment-note",
                "error",
                "The note does not give the total timed minutes. CMS requires the total minutes of"
                f" timed-code treatment{hint}: add it.",
                element="total_timed_minutes",
            )
        ]
    total = note.total_timed_minutes
    if note.coded_twice and note.clock_minutes(timed_only=True) == total:
        return []  # the total is right; the interventions finding names the block coded twice
    if (len(listed) == len(timed) and added != total) or added > total:
        return [
            Finding(
                "doc-treatment-note",
                "error",
                f"The total timed minutes ({total}) do not match the timed interventions"
                f" ({sum_text} minutes). Fix the total or the minutes so billed units and minutes"
                " agree.",
                element="total_timed_minutes",
            )
        ]
    return []


def _treatment_total(note: TreatmentNote) -> list[Finding]:
    total = note.total_treatment_minutes
    if total is None:
        return [
            Finding(
                "doc-treatment-note",
                "error",
                "The note does not give the total treatment time. Record it in minutes: timed and"
                " untimed services, without rest or other non-treatment time.",
                element="total_treatment_time",
            )
        ]
    written = sum(m for m in note.interventions.values() if m is not None)
    if note.coded_twice and note.clock_minutes(timed_only=False) is not None:
        written = note.clock_minutes(timed_only=False)  # a block coded twice took its minutes once
    floor = max(note.total_timed_minutes or 0, written)
    if total < floor:
        return [
            Finding(
                "doc-treatment-note",
                "error",
                f"The total treatment time ({total} min) is less than the time of the services in the"
                f" note ({floor} min). Total treatment time includes every timed and untimed service:"
                " correct it.",
                element="total_treatment_time",
            )
        ]
    return []


def _signature(note: TreatmentNote) -> list[Finding]:
    missing = [
        what
        for what, value in (("signature", note.signature), ("credentials", note.credentials))
        if not value
    ]
    if not missing:
        return []
    return [
        Finding(
            "doc-treatment-note",
            "error",
            f"The note is missing the {' and the '.join(missing)} of the professional who furnished"
            " the care (for example PT, PTA, OTR/L, COTA). Add them: the note must show who treated"
            " the patient.",
            element="signature_credentials",
        )
    ]


def _functional_goal(note: TreatmentNote) -> list[Finding]:
    found = []
    if not note.diagnosis_or_goal:
        found.append(
            Finding(
                "doc-functional-goal",
                "warning",
                "The note does not name the diagnosis or the functional goal the treatment serves."
                " Link the activities to a functional goal in the plan of care: auditors look for"
                " it (MAC guidance, a secondary source).",
                element="functional_goal",
            )
        )
    if "97530" in note.interventions and not note.activities:
        found.append(
            Finding(
                "doc-functional-goal",
                "warning",
                "97530 is in the note but the activities are not described. Name the functional"
                " tasks (for example lifting, carrying, transfers, reaching) and why they needed a"
                " therapist's skill.",
                element="functional_goal",
            )
        )
    return found


def _units_match(
    note: TreatmentNote, billed: Mapping[str, int] | int, method: str
) -> list[Finding]:
    found = []
    if not isinstance(billed, int):
        for code, units in billed.items():
            if code not in note.interventions and units > 0:
                found.append(
                    Finding(
                        "doc-units-match-minutes",
                        "error",
                        f"{code} is billed ({units} unit{'s' if units != 1 else ''}) but the note does"
                        " not record it. Every billed service must be in the note: add it, or take it"
                        " off the claim.",
                        element="units_match",
                    )
                )
        billed = {code: units for code, units in billed.items() if code in note.interventions}
    all_minutes = all(m is not None for m in note.interventions.values()) and note.interventions
    minutes = dict(note.interventions) if all_minutes else None
    more, _ = units_supported_findings(
        billed, minutes, method, total_timed_minutes=note.total_timed_minutes, element="units_match"
    )
    return found + more
