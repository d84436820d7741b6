"""The claim-form widget: fill the CMS-1500 boxes of a therapy claim from a case note.

A thin view over `toolkit.rules.claim_form.check_form`: each box is a text box with the place
beside it where a value of the wrong kind is named; Check runs the box rules, and the service
lines through the claim checker's own rules, and lists every finding with its box and source.
What the learner typed stays in the boxes whatever happens.
"""

from __future__ import annotations

import ipywidgets as widgets
import traitlets

from toolkit.errors import BillingInputError
from toolkit.reference import claim_form_boxes
from toolkit.rules.claim_form import check_form
from toolkit.widgets import common

SLOTS = "ABCD"  # box 21 has twelve slots (A-L); a therapy claim rarely needs more than four
LINE_BOXES = (  # box, its words in the label, the hint, the width of the typing area
    ("24A", "date", "03/04/2026", 8),
    ("24B", "place", "11", 4),
    ("24D code", "", "97530", 5.5),
    ("24D modifiers", "", "GP", 6),
    ("24E", "pointer", "AB", 4.5),
    ("24F", "charges $", "120.00", 7),
    ("24G", "units", "2", 3.5),
    ("24J", "rendering NPI", "10 digits", 9),
)
LABEL_EM = 0.55  # the width of a label character, so a box's label never eats its input


def boxes_table() -> widgets.HTML:
    """What each box holds (CMS-1500 and the UB-04 fields that differ), with its source."""
    rows = [
        [
            form,
            box,
            row["name"],
            row["holds"],
            common.source_html(row["rule_id"]),
        ]
        for (form, box), row in claim_form_boxes().items()
    ]
    table = widgets.HTML(
        common.html_table(
            ["Form", "Box", "Name", "What it holds", "Source"],
            rows=rows,
            caption="The boxes a therapy claim uses",
            raw_columns=(4,),
        )
    )
    table.add_class("cpt-table-view")
    return table


class _Field:
    """One box: its text box and the place beside it where its problem is written."""

    def __init__(self, label: str, *, placeholder: str, width: str, value: str = ""):
        self.input = common.text_input(
            label, placeholder=placeholder, width=width, css="cpt-form-box"
        )
        self.input.value = value
        self.message = common.field_message()
        self.box = widgets.VBox([self.input, self.message])


class ClaimFormWidget(widgets.VBox):
    """The boxes in, each box's findings out.

    State as traits: `check_result` (the last `FormCheck`, None before a check) and
    `needs_fixing` (some box holds a value of the wrong kind, named beside it).
    """

    check_result = traitlets.Any(None, allow_none=True, read_only=True)
    needs_fixing = traitlets.Bool(False, read_only=True)

    def __init__(self, case: dict, *, note: str, values: dict | None = None):
        """`case`: what the note says each box holds (`sample_claims.CASE`); `note` the case
        note shown; `values`: text to start the boxes with (a draft), by the same keys."""
        values = values or {}
        self.case = case
        self.fields: dict[str, _Field] = {}

        def field(key: str, label: str, placeholder: str, width: str) -> _Field:
            made = _Field(label, placeholder=placeholder, width=width, value=values.get(key, ""))
            self.fields[key] = made
            return made

        top = [
            field("17 qualifier", "Box 17 qualifier", "DN", "12em"),
            field("17 name", "Box 17 name", "first and last name", "24em"),
            field("17b", "Box 17b NPI", "10 digits", "18em"),
        ]
        slots = [field(f"21{s}", f"Box 21 {s}", "ICD-10-CM", "13em") for s in SLOTS]
        self.line_count = len(case["lines"])
        line_rows = []
        for n in range(1, self.line_count + 1):
            cells = []
            for box, words, hint, typing in LINE_BOXES:
                label = " ".join(p for p in (f"Line {n}", box, words) if p)
                width = f"{len(label) * LABEL_EM + typing:.1f}em"
                cells.append(field(f"line {n} {box}", label, hint, width))
            row = widgets.HBox([c.box for c in cells], layout=widgets.Layout(flex_flow="row wrap"))
            row.add_class("cpt-form-line")
            line_rows.append(row)
        bottom = [
            field("31", "Box 31 signature and date", "name, credentials, date", "26em"),
            field("33", "Box 33 billing provider", "practice name", "24em"),
            field("33a", "Box 33a billing NPI", "10 digits", "18em"),
        ]
        self.message = common.field_message()
        self.check_button = common.button(
            "Check the form", css="cpt-check-form", tooltip="Check every box", style="primary"
        )
        self.findings_html = widgets.HTML()
        self.findings_html.add_class("cpt-feedback")

        def wrap(fields):
            return widgets.HBox(
                [f.box for f in fields], layout=widgets.Layout(flex_flow="row wrap")
            )

        super().__init__(
            [
                widgets.HTML(
                    f"{common.STYLE}<strong>Claim form (CMS-1500)</strong>: fill the boxes "
                    "from the case note, then press “Check the form”. "
                    "<em>Synthetic case; the NPIs are examples that pass the check digit, "
                    "not real providers.</em>"
                    '<pre class="cpt-note" style="white-space:pre-wrap;background:#f7f7f2;'
                    f'border:1px solid #ccc;padding:8px">{common.esc(note.strip())}</pre>'
                ),
                widgets.HTML("<strong>Referring provider (17, 17b)</strong>"),
                wrap(top),
                widgets.HTML("<strong>Diagnosis codes (21): A first, no gaps</strong>"),
                wrap(slots),
                widgets.HTML("<strong>Service lines (24A-24J)</strong>"),
                *line_rows,
                widgets.HTML("<strong>Signature and billing provider (31, 33, 33a)</strong>"),
                wrap(bottom),
                widgets.HBox([self.check_button, self.message]),
                self.findings_html,
            ]
        )
        self.add_class("cpt-claim-form")
        self.check_button.on_click(lambda _: self.check())
        self.checked_once = False
        common.watch_inputs(self, self._recheck)

    def _recheck(self) -> None:
        if self.checked_once:
            self.check()

    def _text(self, key: str) -> str:
        return self.fields[key].input.value

    def boxes(self) -> tuple[dict, list[dict]]:
        """What is typed, as `check_form` reads it: the form's boxes and its lines."""
        boxes = {k: self._text(k) for k in ("17 qualifier", "17 name", "17b", "31", "33", "33a")}
        boxes["21"] = {s: self._text(f"21{s}") for s in SLOTS}
        lines = [
            {box: self._text(f"line {n} {box}") for box, *_ in LINE_BOXES}
            for n in range(1, self.line_count + 1)
        ]
        return boxes, lines

    def _message_for(self, key: str):
        if key in self.fields:
            return self.fields[key].message
        if key == "17":
            return self.fields["17 qualifier"].message
        if key.endswith("24D"):  # a code or modifier refused by the claim checker
            return self.fields[f"{key} code"].message
        return self.message

    def check(self):
        """Check every box; a value of the wrong kind is named beside its box, never a
        traceback. Returns the `FormCheck`, or None when the whole form could not be read."""
        self.checked_once = True
        for f in (*self.fields.values(),):
            common.show_message(f.message, "")
        common.show_message(self.message, "")
        boxes, lines = self.boxes()
        try:
            result = check_form(boxes, lines=lines, minutes=self.case["minutes"], case=self.case)
        except BillingInputError as bad:
            common.show_message(self.message, str(bad))
            result = None
        else:
            for key, text in result.problems.items():
                common.show_message(self._message_for(key), text)
        with self.hold_trait_notifications():
            self.set_trait("check_result", result)
            self.set_trait("needs_fixing", result is None or bool(result.problems))
        return result

    @traitlets.observe("check_result", "needs_fixing")
    def _render(self, _change=None) -> None:
        result = self.check_result
        if result is None:
            self.findings_html.value = (
                "<p>Fix the entry marked in red, then check again.</p>" if self.needs_fixing else ""
            )
            return
        if result.ok:
            verdict = "Every box agrees with the note and the rules."
        elif result.problems:
            verdict = "Some boxes hold a value of the wrong kind: fix the ones marked in red."
        else:
            verdict = "Some boxes need changing: see below."
        self.findings_html.value = f"<p><strong>{verdict}</strong></p>" + common.findings_html(
            result.findings, nothing="Nothing to flag."
        )


def show(*, draft: dict | None = None, check_now: bool = False) -> ClaimFormWidget:
    """The claim form for lesson 12's case; `draft` starts the boxes with a draft to correct,
    `check_now` checks at once. Never raises on what a learner types."""
    from toolkit.course.lessons.sample_claims import CASE, CASE_NOTE

    form = ClaimFormWidget(CASE, note=CASE_NOTE, values=draft)
    if check_now:
        form.check()
    return form
