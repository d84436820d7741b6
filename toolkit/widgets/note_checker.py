"""The note checker: a learner fills in the parts of a treatment note; the documentation
rules list what is missing or does not agree with the units billed.

A thin view over `toolkit.rules.treatment_note.check_note`. Each field is checked as it is read,
so a bad entry is named beside its own box and the checker keeps working.
"""

from __future__ import annotations

import ipywidgets as widgets
import traitlets

from toolkit.errors import BillingInputError
from toolkit.rules.parsing import check_units
from toolkit.rules.treatment_note import ELEMENTS, TreatmentNote, check_note
from toolkit.widgets import common

ELEMENT_NAMES = {
    "date": "Date of treatment",
    "interventions": "Every intervention, timed and untimed",
    "total_timed_minutes": "Total timed-code minutes",
    "total_treatment_time": "Total treatment time",
    "signature_credentials": "Signature and credentials",
    "functional_goal": "Functional goal and activities described",
    "units_match": "Billed units agree with the minutes",
}

SAMPLE_NOTE = {  # synthetic: no real patient
    "date": "2026-03-02",
    "rows": (("97530", "9:00-9:25", "3"), ("97110", "10", "1")),
    "activities": "Floor-to-waist lifting of a 5 kg laundry basket, 3 x 5; car transfers with "
    "verbal cues for hip hinge.",
    "total_timed": "35",
    "total_treatment": "35",
    "goal": "Lift and carry laundry basket safely at home (plan of care goal 2).",
    "signature": "A. Example",
    "credentials": "",
}


class InterventionRow:
    """One intervention's boxes (code, minutes or clock times, units billed) and its message."""

    def __init__(self, number: int, *, code: str = "", time: str = "", units: str = ""):
        """Intervention `number` with the values given (text as typed)."""
        self.code = common.code_input(
            f"Intervention {number}",
            tooltip=f"CPT code of intervention {number}",
            width="14em",
            value=code,
        )
        self.time = common.text_input(
            f"Intervention {number} minutes or clock times",
            placeholder="23 or 9:05-9:28",
            width="30em",
            css="cpt-minutes-input",
            tooltip=f"Minutes, or start-end times, of intervention {number}",
        )
        self.time.value = time
        self.units = common.text_input(
            f"Intervention {number} units billed",
            placeholder="2",
            width="20em",
            css="cpt-units-input",
            tooltip=f"Units billed for intervention {number}",
        )
        self.units.value = units
        self.remove = common.button(
            "Remove", css="cpt-remove-row", tooltip=f"Remove intervention {number}"
        )
        self.message = common.field_message()
        self.box = widgets.HBox(
            [self.code, self.time, self.units, self.remove, self.message],
            layout=widgets.Layout(flex_flow="row wrap"),
        )
        self.box.add_class("cpt-intervention-row")

    def is_blank(self) -> bool:
        return not (self.code.value.strip() or self.time.value.strip() or self.units.value.strip())


class NoteChecker(widgets.VBox):
    """A treatment note's parts in, the documentation rules' findings out.

    State other code observes, as traits: `findings` (the last check's findings; None before
    the first check and while an entry needs fixing) and `needs_fixing` (an entry is marked
    in red). The checklist and the findings are rendered from them.
    """

    findings = traitlets.Any(None, allow_none=True, read_only=True)
    needs_fixing = traitlets.Bool(False, read_only=True)

    def __init__(self, note: dict | None = None, *, method: str = "cms"):
        """`note`: the parts to fill in (keys as `SAMPLE_NOTE`, the default; text as typed),
        `method` the unit counting method ("cms" or "ama"). Never raises on a note's text."""
        self.checked_once = False
        note = SAMPLE_NOTE if note is None else note
        self.method, self.rows = method, []
        self.date = self._field(
            common.text_input(
                "Date of treatment", placeholder="2026-03-02", width="22em", css="cpt-date-input"
            )
        )
        self.activities = widgets.Textarea(
            value=note.get("activities", ""),
            description="Activities (in words)",
            placeholder="e.g. lifting a 5 kg box from floor to waist, 3 x 5",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="44em", height="4.5em"),
        )
        self.activities.add_class("cpt-activities-input")
        self.total_timed = self._field(
            common.text_input(
                "Total timed minutes", placeholder="35", width="16em", css="cpt-total-timed-input"
            )
        )
        self.total_treatment = self._field(
            common.text_input(
                "Total treatment time (minutes)",
                placeholder="45",
                width="20em",
                css="cpt-total-treatment-input",
            )
        )
        self.goal = widgets.Textarea(
            value=note.get("goal", ""),
            description="Diagnosis / functional goal",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="44em", height="3.5em"),
        )
        self.goal.add_class("cpt-goal-input")
        self.signature = self._field(
            common.text_input(
                "Signature", placeholder="name", width="18em", css="cpt-signature-input"
            )
        )
        self.credentials = self._field(
            common.text_input(
                "Credentials",
                placeholder="PT, OTR/L, PTA...",
                width="18em",
                css="cpt-credentials-input",
            )
        )
        self.date[0].value = note.get("date", "")
        self.total_timed[0].value = note.get("total_timed", "")
        self.total_treatment[0].value = note.get("total_treatment", "")
        self.signature[0].value, self.credentials[0].value = (
            note.get("signature", ""),
            note.get("credentials", ""),
        )
        self.rows_box = widgets.VBox()
        self.add_button = common.button(
            "Add an intervention",
            css="cpt-add-row",
            tooltip="Add another intervention",
        )
        self.check_button = common.button(
            "Check the note", css="cpt-check", tooltip="Check this treatment note", style="primary"
        )
        self.message = common.field_message()
        self.checklist_html = widgets.HTML()
        self.checklist_html.add_class("cpt-note-checklist")
        self.findings_html = widgets.HTML()
        self.findings_html.add_class("cpt-feedback")
        super().__init__(
            [
                widgets.HTML(
                    "<strong>Note checker</strong> (an invented note; change any part and "
                    "press “Check the note”)."
                ),
                self._row(self.date),
                self.rows_box,
                widgets.HBox([self.add_button]),
                self.activities,
                self._row(self.total_timed),
                self._row(self.total_treatment),
                self.goal,
                widgets.HBox(
                    [*self._row(self.signature).children, *self._row(self.credentials).children]
                ),
                widgets.HBox([self.check_button, self.message]),
                self.checklist_html,
                self.findings_html,
            ]
        )
        self.add_class("cpt-note-checker")
        for row in note.get("rows", ()):
            self.add_row(*row)
        self.add_button.on_click(lambda _: self.add_row())
        self.check_button.on_click(lambda _: self.check())
        for field in (
            self.date,
            self.total_timed,
            self.total_treatment,
            self.signature,
            self.credentials,
        ):
            common.watch_inputs(field[0], self._recheck)
        for control in (self.activities, self.goal):
            common.watch_inputs(control, self._recheck)

    def _recheck(self) -> None:
        if self.checked_once:
            self.check()

    @staticmethod
    def _field(box: widgets.Text) -> tuple[widgets.Text, widgets.HTML]:
        return box, common.field_message()

    @staticmethod
    def _row(field: tuple[widgets.Text, widgets.HTML]) -> widgets.HBox:
        return widgets.HBox(list(field))

    def add_row(self, code: str = "", time: str = "", units: str = "") -> InterventionRow:
        """Add an intervention row (positional, as a note's `rows` tuples are written)."""
        row = InterventionRow(len(self.rows) + 1, code=code, time=time, units=units)
        row.remove.on_click(lambda _, r=row: self.remove_row(r))
        common.watch_inputs(row.box, lambda: self._recheck())
        self.rows.append(row)
        self.rows_box.children = [r.box for r in self.rows]
        return row

    def remove_row(self, row: InterventionRow) -> None:
        """Take an intervention off the note (what its Remove button does)."""
        self.rows.remove(row)
        self.rows_box.children = [r.box for r in self.rows]

    def _read(self) -> tuple[dict, dict[str, int] | None] | None:
        """The note's parts and the billed units, or None after marking each bad field."""
        ok, interventions, billed = True, {}, {}
        messages = [self.message] + [
            f[1]
            for f in (
                self.date,
                self.total_timed,
                self.total_treatment,
                self.signature,
                self.credentials,
            )
        ]
        for target in messages + [r.message for r in self.rows]:
            common.show_message(target, "")
        for number, row in enumerate(self.rows, 1):
            if row.is_blank():
                continue
            try:
                one = TreatmentNote(interventions={row.code.value: row.time.value.strip() or None})
                code = next(iter(one.interventions))
                if code in interventions:
                    raise BillingInputError(
                        f"{code} is already listed; put all its time on one row"
                    )
                interventions[code] = row.time.value.strip() or None  # raw: keeps clock times
                if row.units.value.strip():
                    billed[code] = check_units(row.units.value.strip())
            except BillingInputError as bad:
                common.show_message(row.message, f"Intervention {number}: {bad}")
                ok = False
        parts = {
            "date": self.date[0].value.strip() or None,
            "interventions": interventions,
            "activities": self.activities.value,
            "diagnosis_or_goal": self.goal.value,
            "signature": self.signature[0].value,
            "credentials": self.credentials[0].value,
        }
        for name, (box, message) in (
            ("total_timed_minutes", self.total_timed),
            ("total_treatment_minutes", self.total_treatment),
        ):
            try:
                parts[name] = getattr(TreatmentNote(**{name: box.value.strip() or None}), name)
            except BillingInputError as bad:
                common.show_message(message, str(bad))
                ok = False
        return (parts, billed or None) if ok else None

    def check(self):
        """Run the documentation rules over the note as filled in; the findings, or None when
        an entry needs fixing first (it is marked beside its box)."""
        self.checked_once = True
        findings = None
        read = self._read()
        if read is not None:
            parts, billed = read
            try:
                findings = check_note(
                    TreatmentNote(**parts), billed_units=billed, method=self.method
                )
            except BillingInputError as bad:
                common.show_message(self.message, str(bad))
        with self.hold_trait_notifications():  # one render for the pair
            self.set_trait("findings", findings)
            self.set_trait("needs_fixing", findings is None)
        return findings

    @traitlets.observe("findings", "needs_fixing")
    def _render(self, _change=None) -> None:
        if self.findings is None:
            self.checklist_html.value = ""
            self.findings_html.value = (
                "<p>Fix the entry marked in red, then check again.</p>" if self.needs_fixing else ""
            )
            return
        self.checklist_html.value = self._checklist()
        self.findings_html.value = common.findings_html(
            self.findings, nothing="The note shows everything checked here, and the units agree."
        )

    def _checklist(self) -> str:
        rows = []
        for element in ELEMENTS:
            here = [f for f in self.findings if f.element == element and f.severity != "info"]
            worst = (
                "missing or wrong"
                if any(f.severity == "error" for f in here)
                else "check"
                if here
                else "OK"
            )
            mark = {"OK": "✓", "check": "!", "missing or wrong": "✗"}[worst]
            rows.append((ELEMENT_NAMES[element], f"{mark} {worst}"))
        return common.html_table(["Part of the note", "Status"], rows=rows, caption="Checklist")


def show(note: dict | None = None, *, method: str = "cms", check_now: bool = True) -> NoteChecker:
    """A note checker for a lesson cell, checked at once unless `check_now` is False.
    Never raises on a note's text."""
    checker = NoteChecker(note, method=method)
    if check_now:
        checker.check()
    return checker


def blank_note() -> dict:
    """A note with one empty intervention row, for a learner to write from scratch."""
    return {"rows": (("", "", ""),)}
