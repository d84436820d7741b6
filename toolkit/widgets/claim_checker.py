"""The claim line checker: a learner types claim lines, the claim rules say what is wrong.

A thin view over `toolkit.rules.claims.check_claim`: each finding is shown with its line, what
to do, and its source; a bad entry is written beside the row that has it.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets

from toolkit.errors import BillingInputError
from toolkit.reference import providers, thresholds
from toolkit.rules.claims import check_claim
from toolkit.widgets import common

PROVIDER_OPTIONS = [(row["label"], role) for role, row in providers().items()]


class ClaimRow:
    def __init__(
        self,
        number: int,
        code: str = "",
        units: str = "",
        modifiers: str = "",
        minutes: str = "",
        time_block: str = "",
        furnished_by: str = "PT",
        name: str = "",
    ):
        line = f"{name}: line" if name else "Line"  # each box's name is unique on the page
        self.code = common.code_input(
            f"{line} {number} code", f"CPT code on claim line {number}", "12em", code
        )
        self.units = common.text_input(
            f"{line} {number} units",
            "2",
            "9em",
            "cpt-units-input",
            f"Units billed on line {number}",
        )
        self.modifiers = common.text_input(
            f"{line} {number} modifiers",
            "GP, 59",
            "15em",
            "cpt-modifiers-input",
            f"Modifiers on line {number}, separated by commas",
        )
        self.minutes = common.text_input(
            f"{line} {number} minutes",
            "(optional)",
            "13em",
            "cpt-minutes-input",
            f"Minutes of this code on line {number} (optional)",
        )
        self.time_block = common.text_input(
            f"{line} {number} time",
            "9:00-9:23",
            "15em",
            "cpt-time-block-input",
            f"Clock times of line {number} (optional), e.g. 9:00-9:23",
        )
        self.furnished_by = widgets.Dropdown(
            options=PROVIDER_OPTIONS,
            value=furnished_by,
            description=f"{line} {number} furnished by",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"),
        )
        self.furnished_by.add_class("cpt-furnished-by")
        self.units.value, self.modifiers.value = units, modifiers
        self.minutes.value, self.time_block.value = minutes, time_block
        self.remove = common.button("Remove", "cpt-remove-row", f"Remove claim line {number}")
        self.message = common.field_message()
        self.box = widgets.HBox(
            [
                self.code,
                self.units,
                self.modifiers,
                self.minutes,
                self.time_block,
                self.furnished_by,
                self.remove,
                self.message,
            ],
            layout=widgets.Layout(flex_flow="row wrap"),
        )
        self.box.add_class("cpt-claim-row")

    def as_mapping(self) -> dict[str, object]:
        return {
            "code": self.code.value.strip(),
            "units": self.units.value.strip(),
            "modifiers": self.modifiers.value,
            "minutes": self.minutes.value.strip() or None,
            "time_block": self.time_block.value.strip() or None,
            "furnished_by": self.furnished_by.value,
        }

    def is_blank(self) -> bool:
        return not any(
            str(v or "").strip() for k, v in self.as_mapping().items() if k != "furnished_by"
        )


class ClaimChecker(widgets.VBox):
    def __init__(
        self,
        lines: Sequence[dict] = (
            {"code": "97530", "units": "2", "modifiers": "GP", "minutes": "30"},
        ),
        payer: str = "medicare",
        year: int = 2026,
        name: str = "",
    ):
        """`name` tells this checker's boxes from another checker's on the same page."""
        self.name = name

        def named(label: str) -> str:
            return f"{name}: {label[0].lower()}{label[1:]}" if name else label

        self.rows: list[ClaimRow] = []
        self.check_result = None
        self.checked_once = False
        self.payer = widgets.Dropdown(
            options=[("Medicare", "medicare"), ("Commercial payer", "commercial")],
            value=payer,
            description=named("Payer"),
            style={"description_width": "initial"},
        )
        self.year = widgets.Dropdown(
            options=sorted(thresholds()),
            value=year,
            description=named("Year of service"),
            style={"description_width": "initial"},
        )
        self.spend_pt = common.text_input(
            named("PT and SLP spending this year, this visit included ($)"),
            "(optional)",
            "40em",
            "cpt-spend-input",
        )
        self.spend_ot = common.text_input(
            named("OT spending this year, this visit included ($)"),
            "(optional)",
            "36em",
            "cpt-spend-input",
        )
        self.spend_message = common.field_message()
        self.rows_box = widgets.VBox()
        self.add_button = common.button(
            "Add a claim line", "cpt-add-row", "Add another claim line", "info"
        )
        self.check_button = common.button(
            "Check the claim", "cpt-check", "Check these claim lines", "primary"
        )
        self.message = common.field_message()
        self.findings_html = widgets.HTML()
        self.findings_html.add_class("cpt-feedback")
        super().__init__(
            [
                widgets.HTML(
                    "<strong>Claim line checker</strong>: one patient, one date of service. "
                    "Type each line as it would go on the claim, then press “Check the claim”."
                ),
                widgets.HBox([self.payer, self.year]),
                self.rows_box,
                widgets.HBox([self.add_button]),
                widgets.VBox([self.spend_pt, self.spend_ot, self.spend_message]),
                widgets.HBox([self.check_button, self.message]),
                self.findings_html,
            ]
        )
        self.add_class("cpt-claim-checker")
        for line in lines:
            self.add_row(**line)
        self.add_button.on_click(lambda _: self.add_row())
        self.check_button.on_click(lambda _: self.check())
        for control in (self.payer, self.year, self.spend_pt, self.spend_ot):
            common.watch_inputs(control, self._recheck)

    def _recheck(self) -> None:
        if self.checked_once:
            self.check()

    def add_row(self, **line: str) -> ClaimRow:
        row = ClaimRow(len(self.rows) + 1, **line, name=self.name)
        row.remove.on_click(lambda _, r=row: self.remove_row(r))
        common.watch_inputs(row.box, self._recheck)
        self.rows.append(row)
        self.rows_box.children = [r.box for r in self.rows]
        return row

    def remove_row(self, row: ClaimRow) -> None:
        self.rows.remove(row)
        self.rows_box.children = [r.box for r in self.rows]

    def _spend(self) -> dict[str, float] | None:
        spend = {
            "PT/SLP": common.parse_dollars(self.spend_pt.value, "PT and SLP spending"),
            "OT": common.parse_dollars(self.spend_ot.value, "OT spending"),
        }
        return spend if any(v is not None for v in spend.values()) else None

    def check(self):
        """Run the claim rules; bad entries are named beside their row, never a traceback."""
        self.check_result, self.checked_once = None, True
        for field in (self.message, self.spend_message, *(r.message for r in self.rows)):
            common.show_message(field, "")
        filled = [r for r in self.rows if not r.is_blank()]
        try:
            spend = self._spend()
        except BillingInputError as bad:
            common.show_message(self.spend_message, str(bad))
            self.findings_html.value = ""
            return None
        try:
            self.check_result = check_claim(
                [r.as_mapping() for r in filled],
                payer=self.payer.value,
                year=self.year.value,
                therapy_spend=spend,
            )
        except BillingInputError as bad:
            line = bad.line
            target = filled[line - 1].message if line else self.message
            if target is self.message and "spending" in str(bad):
                target = self.spend_message
            common.show_message(target, str(bad))
            self.findings_html.value = "<p>Fix the entry marked in red, then check again.</p>"
            return None
        result = self.check_result
        expected = ""
        if result.expected_units:
            shown = ", ".join(f"{c}: {n}" for c, n in result.expected_units.items())
            expected = (
                f"<p>Units the minutes support ({result.method.upper()}): {common.esc(shown)}.</p>"
            )
        verdict = "No errors found on this claim." if result.ok else "This claim has errors to fix."
        self.findings_html.value = (
            f"<p><strong>{verdict}</strong></p>{expected}"
            + common.findings_html(result.findings, "Nothing to flag.")
        )
        return result


def show(
    lines: Sequence[dict] = ({"code": "97530", "units": "2", "modifiers": "GP", "minutes": "30"},),
    payer: str = "medicare",
    year: int = 2026,
    check_now: bool = False,
    name: str = "",
) -> ClaimChecker:
    checker = ClaimChecker(lines, payer, year, name)
    if check_now:
        checker.check()
    return checker
