"""The claim line checker: a learner types claim lines, the claim rules say what is wrong.

A thin view over `toolkit.rules.claims.check_claim`: each finding is shown with its line, what
to do, and its source; a bad entry is written beside the row that has it.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import traitlets

from toolkit.errors import BillingInputError
from toolkit.reference import providers, thresholds
from toolkit.rules.claims import check_claim
from toolkit.rules.parsing import parse_dollars
from toolkit.widgets import common

PROVIDER_OPTIONS = [(row["label"], role) for role, row in providers().items()]


class ClaimRow:
    """One claim line's boxes, with the place beside them where its problem is written."""

    def __init__(
        self,
        number: int,
        *,
        code: str = "",
        units: str = "",
        modifiers: str = "",
        minutes: str = "",
        time_block: str = "",
        furnished_by: str = "PT",
        name: str = "",
    ):
        """Line `number` with the values given (text as typed); `name` the checker's."""
        line = f"{name}: line" if name else "Line"  # each box's name is unique on the page
        self.code = common.code_input(
            f"{line} {number} code",
            tooltip=f"CPT code on claim line {number}",
            width="12em",
            value=code,
        )
        self.units = common.text_input(
            f"{line} {number} units",
            placeholder="2",
            width="9em",
            css="cpt-units-input",
            tooltip=f"Units billed on line {number}",
        )
        self.modifiers = common.text_input(
            f"{line} {number} modifiers",
            placeholder="GP, 59",
            width="15em",
            css="cpt-modifiers-input",
            tooltip=f"Modifiers on line {number}, separated by commas",
        )
        self.minutes = common.text_input(
            f"{line} {number} minutes",
            placeholder="(optional)",
            width="13em",
            css="cpt-minutes-input",
            tooltip=f"Minutes of this code on line {number} (optional)",
        )
        self.time_block = common.text_input(
            f"{line} {number} time",
            placeholder="9:00-9:23",
            width="15em",
            css="cpt-time-block-input",
            tooltip=f"Clock times of line {number} (optional), e.g. 9:00-9:23",
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
        self.remove = common.button(
            "Remove", css="cpt-remove-row", tooltip=f"Remove claim line {number}"
        )
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
    """Claim lines in, the claim rules' findings out.

    State other code observes, as traits: `check_result` (the last `ClaimCheck`; None before
    the first check and while an entry needs fixing) and `needs_fixing` (an entry is marked
    in red). The findings area is rendered from them.
    """

    check_result = traitlets.Any(None, allow_none=True, read_only=True)
    needs_fixing = traitlets.Bool(False, read_only=True)

    def __init__(
        self,
        lines: Sequence[dict] = (
            {"code": "97530", "units": "2", "modifiers": "GP", "minutes": "30"},
        ),
        *,
        payer: str = "medicare",
        year: int = 2026,
        name: str = "",
    ):
        """`lines`: claim lines as mappings (code, units, modifiers, minutes, time_block,
        furnished_by; text as typed). `name` tells this checker's boxes from another
        checker's on the same page. Raises traitlets.TraitError for a payer or year the
        menus do not offer (a lesson's mistake, not a learner's)."""
        self.name = name

        def named(label: str) -> str:
            return f"{name}: {label[0].lower()}{label[1:]}" if name else label

        self.rows: list[ClaimRow] = []
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
            placeholder="(optional)",
            width="40em",
            css="cpt-spend-input",
        )
        self.spend_ot = common.text_input(
            named("OT spending this year, this visit included ($)"),
            placeholder="(optional)",
            width="36em",
            css="cpt-spend-input",
        )
        self.spend_message = common.field_message()
        self.rows_box = widgets.VBox()
        self.add_button = common.button(
            "Add a claim line", css="cpt-add-row", tooltip="Add another claim line"
        )
        self.check_button = common.button(
            "Check the claim", css="cpt-check", tooltip="Check these claim lines", style="primary"
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
        """Add a claim line (keywords as `ClaimRow`'s); it is checked with the others."""
        row = ClaimRow(len(self.rows) + 1, **line, name=self.name)
        row.remove.on_click(lambda _, r=row: self.remove_row(r))
        common.watch_inputs(row.box, self._recheck)
        self.rows.append(row)
        self.rows_box.children = [r.box for r in self.rows]
        return row

    def remove_row(self, row: ClaimRow) -> None:
        """Take a line off the claim (what its Remove button does)."""
        self.rows.remove(row)
        self.rows_box.children = [r.box for r in self.rows]

    def _spend(self) -> dict[str, float] | None:
        spend = {
            "PT/SLP": parse_dollars(self.spend_pt.value, what="PT and SLP spending"),
            "OT": parse_dollars(self.spend_ot.value, what="OT spending"),
        }
        return spend if any(v is not None for v in spend.values()) else None

    def check(self):
        """Run the claim rules; bad entries are named beside their row, never a traceback.
        Returns the `ClaimCheck`, or None when an entry needs fixing first."""
        self.checked_once = True
        for field in (self.message, self.spend_message, *(r.message for r in self.rows)):
            common.show_message(field, "")
        filled = [r for r in self.rows if not r.is_blank()]
        try:
            result = check_claim(
                [r.as_mapping() for r in filled],
                payer=self.payer.value,
                year=self.year.value,
                therapy_spend=self._spend(),
            )
        except BillingInputError as bad:
            line = bad.line
            target = filled[line - 1].message if line else self.message
            if target is self.message and "spending" in str(bad):
                target = self.spend_message
            common.show_message(target, str(bad))
            result = None
        with self.hold_trait_notifications():  # one render for the pair
            self.set_trait("check_result", result)
            self.set_trait("needs_fixing", result is None)
        return result

    @traitlets.observe("check_result", "needs_fixing")
    def _render(self, _change=None) -> None:
        result = self.check_result
        if result is None:
            self.findings_html.value = (
                "<p>Fix the entry marked in red, then check again.</p>" if self.needs_fixing else ""
            )
            return
        expected = ""
        if result.expected_units:
            shown = ", ".join(f"{c}: {n}" for c, n in result.expected_units.items())
            expected = (
                f"<p>Units the minutes support ({result.method.upper()}): {common.esc(shown)}.</p>"
            )
        verdict = "No errors found on this claim." if result.ok else "This claim has errors to fix."
        self.findings_html.value = f"<p><strong>{verdict}</strong></p>{expected}" + (
            common.findings_html(result.findings, nothing="Nothing to flag.")
        )


def show(
    lines: Sequence[dict] = ({"code": "97530", "units": "2", "modifiers": "GP", "minutes": "30"},),
    *,
    payer: str = "medicare",
    year: int = 2026,
    check_now: bool = False,
    name: str = "",
) -> ClaimChecker:
    """A claim checker for a lesson cell; `check_now` checks the lines at once (what a
    lesson does to show findings before the learner changes anything). Raises as
    `ClaimChecker`; never on what a learner types."""
    checker = ClaimChecker(lines, payer=payer, year=year, name=name)
    if check_now:
        checker.check()
    return checker
