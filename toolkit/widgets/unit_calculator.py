"""The unit calculator: codes and minutes (or clock times) in, units and reasons out.

A thin view over `toolkit.rules.units.bill_units` and `toolkit.rules.clock.minutes_between`: it reads
the rows, shows any bad entry beside its field, and renders the engine's answer (units per
code, total, steps with sources, both methods side by side, and a picture).
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import traitlets

from toolkit.errors import BillingInputError
from toolkit.reference import codes
from toolkit.rules.clock import minutes_between
from toolkit.rules.units import (
    METHODS,
    UnitResult,
    bill_units,
    code_of,
    key_role,
    normalize_key,
)
from toolkit.widgets import common
from toolkit.widgets.charts import minutes_units_svg

MODES = (("Minutes", "minutes"), ("Start and end clock times", "clock"))
METHOD_OPTIONS = (
    ("CMS 8-minute rule (Medicare)", "cms"),
    ("Per code (AMA, many commercial payers)", "ama"),
)
# Why "auto": a fixed button width cut the longer label off ("Per code (AMA, many commercial …").
WHOLE_LABELS = {"description_width": "initial", "button_width": "auto"}


class CodeRow:
    """One code with its minutes, or its start and end times, and a message beside it."""

    def __init__(
        self, number: int, *, code: str = "", minutes: str = "", start: str = "", end: str = ""
    ):
        """Row `number` with the values given (text as typed)."""
        self.code = common.code_input(
            f"Code {number}",
            tooltip=f"CPT code for row {number}",
            width="11em",
            value=code,
            placeholder="e.g. 97530",
        )
        self.minutes = common.text_input(
            f"Row {number} minutes",
            placeholder="e.g. 23",
            width="13em",
            css="cpt-minutes-input",
            tooltip=f"Minutes of direct treatment for row {number}",
        )
        self.minutes.value = minutes
        self.start = common.text_input(
            f"Row {number} start",
            placeholder="9:05 AM",
            width="14em",
            css="cpt-start-input",
            tooltip=f"Start clock time for row {number}",
        )
        self.start.value = start
        self.end = common.text_input(
            f"Row {number} end",
            placeholder="9:28 AM",
            width="14em",
            css="cpt-end-input",
            tooltip=f"End clock time for row {number}",
        )
        self.end.value = end
        self.remove = common.button("Remove", css="cpt-remove-row", tooltip=f"Remove row {number}")
        self.message = common.field_message()
        self.box = widgets.HBox(
            [self.code, self.minutes, self.start, self.end, self.remove, self.message],
            layout=widgets.Layout(flex_flow="row wrap"),
        )
        self.box.add_class("cpt-code-row")

    def inputs(self) -> tuple[widgets.Widget, ...]:
        return self.code, self.minutes, self.start, self.end

    def show_mode(self, mode: str) -> None:
        self.minutes.layout.display = "" if mode == "minutes" else "none"
        for clock_box in (self.start, self.end):
            clock_box.layout.display = "none" if mode == "minutes" else ""

    def is_blank(self, mode: str) -> bool:
        filled = [self.minutes.value] if mode == "minutes" else [self.start.value, self.end.value]
        return not (self.code.value.strip() or any(v.strip() for v in filled))

    def times_not_started(self, mode: str) -> bool:
        """Just switched to clock times: no time typed yet is not an error (nothing to fix)."""
        return mode == "clock" and not (self.start.value.strip() or self.end.value.strip())

    def read(self, mode: str) -> tuple[str, int]:
        """(code, minutes); BillingInputError names the field that is wrong. The code may name
        its discipline or who furnished it ('97535:GO', '97110:PTA'): each discipline is its
        own pool, and one service split between a PT and a PTA is two rows."""
        code = _entry_key(self.code.value)
        if mode == "minutes":
            return code, common.parse_minutes(self.minutes.value, what=code)
        if not self.start.value.strip() or not self.end.value.strip():
            raise BillingInputError(f"enter both a start and an end time for {code}, e.g. 9:05 AM")
        return code, minutes_between(self.start.value, end=self.end.value)


def _entry_key(raw: str) -> str:
    """'97530', '97530 GO', or '97110:PTA' (a role stays named, so a PT's and a PTA's rows of
    one service are two entries of the PT pool); checked by `normalize_key`."""
    key = normalize_key(raw)
    role = key_role(raw)
    return f"{code_of(key)}:{role}" if role else key


class UnitCalculator(widgets.VBox):
    """Any number of code rows; live units under CMS or per code, with reasons and a picture.

    State other code observes, as traits: `minutes` (code -> minutes as read from the rows,
    the learner's current answer; None while an entry needs fixing), `results` (the engine's
    answer under each method), `result` (the one for the chosen method; None when there is
    nothing to count) and `hint` (what to do next when there is no result). The answer area
    is rendered from them.
    """

    minutes = traitlets.Dict(allow_none=True, read_only=True)
    results = traitlets.Dict(read_only=True)
    result = traitlets.Instance(UnitResult, allow_none=True, read_only=True)
    hint = traitlets.Unicode("", read_only=True)

    def __init__(
        self,
        rows: Sequence[Sequence[str]] = (("97530", "38"),),
        *,
        method: str = "cms",
        mode: str = "minutes",
    ):
        """`rows`: (code, minutes) or (code, minutes, start, end) as typed; `method` "cms" or
        "ama"; `mode` "minutes" or "clock". Raises traitlets.TraitError for a method or mode
        the toggles do not offer (a lesson's mistake); never on what a learner types."""
        self.rows: list[CodeRow] = []
        self.method = widgets.ToggleButtons(
            options=METHOD_OPTIONS,
            value=method,
            description="Counting method",
            tooltips=["Pool all timed minutes (Medicare)", "Count each code on its own"],
            style=WHOLE_LABELS,
        )
        self.method.add_class("cpt-method")
        self.mode = widgets.ToggleButtons(
            options=MODES,
            value=mode,
            description="Enter time as",
            tooltips=["Type the minutes", "Type start and end times"],
            style=WHOLE_LABELS,
        )
        self.mode.add_class("cpt-time-mode")
        self.add_button = common.button(
            "Add a code", css="cpt-add-row", tooltip="Add another code row"
        )
        self.rows_box = widgets.VBox()
        self.message = common.field_message()
        self.units_html = self._output("cpt-units-result")
        self.steps_html = self._output("cpt-steps")
        self.compare_html = self._output("cpt-compare")
        self.chart_html = self._output("cpt-chart")
        super().__init__(
            [
                widgets.HTML(
                    "<strong>Unit calculator</strong>: enter each code done today and its "
                    "minutes. The answer updates when you leave a box or press Enter."
                ),
                self.method,
                self.mode,
                self.rows_box,
                widgets.HBox([self.add_button]),
                self.message,
                self.units_html,
                self.steps_html,
                self.compare_html,
                self.chart_html,
            ]
        )
        self.add_class("cpt-unit-calculator")
        for row in rows:
            self.add_row(*row)
        self.add_button.on_click(lambda _: self.add_row())
        self.method.observe(self._changed, "value")
        self.mode.observe(self._changed, "value")
        self.refresh()

    @staticmethod
    def _output(css: str) -> widgets.HTML:
        out = widgets.HTML()
        out.add_class(css)
        return out

    def add_row(self, code: str = "", minutes: str = "", start: str = "", end: str = "") -> CodeRow:
        """Add a row (positional, as the `rows` tuples are written) and count again."""
        row = CodeRow(len(self.rows) + 1, code=code, minutes=minutes, start=start, end=end)
        row.show_mode(self.mode.value)
        for box in row.inputs():
            box.observe(self._changed, "value")
        row.remove.on_click(lambda _, r=row: self.remove_row(r))
        self.rows.append(row)
        self.rows_box.children = [r.box for r in self.rows]
        self.refresh()
        return row

    def remove_row(self, row: CodeRow) -> None:
        """Take a row off (what its Remove button does) and count again."""
        self.rows.remove(row)
        self.rows_box.children = [r.box for r in self.rows]
        self.refresh()

    def _changed(self, _change: object = None) -> None:
        self.refresh()

    def read_rows(self) -> dict[str, int] | None:
        """Code -> minutes from the rows, or None after writing each problem beside its row."""
        mode, minutes, ok = self.mode.value, {}, True
        for number, row in enumerate(self.rows, 1):
            row.show_mode(mode)
            common.show_message(row.message, "")
            if row.is_blank(mode) or row.times_not_started(mode):
                continue
            try:
                code, value = row.read(mode)
                if code in minutes:
                    raise BillingInputError(
                        f"{code} is already on an earlier row; put all its minutes on one row"
                    )
            except BillingInputError as bad:
                common.show_message(row.message, f"Row {number}: {bad}")
                ok = False
                continue
            minutes[code] = value
        return minutes if ok else None

    def refresh(self) -> None:
        """Read the rows, ask the rules engine, show its answer (or what to fix)."""
        common.show_message(self.message, "")
        minutes, results, hint = self.read_rows(), {}, ""
        if minutes is None:
            hint = "Fix the entry marked in red; the answer appears as soon as it reads right."
        elif not minutes:
            hint = (
                "Enter a code and its start and end times (e.g. 9:05 AM and 9:28 AM)."
                if self.mode.value == "clock"
                else "Enter a code and its minutes to begin (or press “Add a code”)."
            )
        else:
            try:
                results = {m: bill_units(minutes, method=m) for m in METHODS}
            except BillingInputError as bad:
                common.show_message(self.message, str(bad))
        with self.hold_trait_notifications():  # one render for the whole state
            self.set_trait("minutes", minutes)
            self.set_trait("results", results)
            self.set_trait("result", results.get(self.method.value))
            self.set_trait("hint", hint)

    @traitlets.observe("result", "hint")  # `results` and `minutes` follow `result`
    def _render(self, _change=None) -> None:
        result, table = self.result, codes()
        if result is None:
            self.units_html.value = f"<p>{common.esc(self.hint)}</p>" if self.hint else ""
            for out in (self.steps_html, self.compare_html, self.chart_html):
                out.value = ""
            return
        rows = [
            (c, "timed" if table[code_of(c)].timed else "untimed", m, result.units[c])
            for c, m in result.minutes.items()
        ]
        total = (
            f"<p><strong>Total: {result.total_units} unit{'s' if result.total_units != 1 else ''}"
            f"</strong> ({METHODS[result.method]}). Total timed minutes {result.timed_minutes};"
            f" total treatment time {result.total_minutes} min.</p>"
        )
        self.units_html.value = (
            common.html_table(
                ["Code", "Kind", "Minutes", "Units"], rows=rows, caption="Units per code"
            )
            + total
        )
        self.steps_html.value = self._steps_html(result)
        self.compare_html.value = self._compare_html()
        self.chart_html.value = minutes_units_svg(result)

    @staticmethod
    def _steps_html(result: UnitResult) -> str:
        items = "".join(
            f"<li>{common.esc(s.text)}<br>{common.source_html(s.rule_id)}</li>"
            for s in result.steps
        )
        return f"{common.STYLE}<div><strong>How the units were worked out</strong><ol>{items}</ol></div>"

    def _compare_html(self) -> str:
        cms, ama = self.results["cms"], self.results["ama"]
        rows = [(c, m, cms.units[c], ama.units[c]) for c, m in cms.minutes.items()]
        rows.append(("Total", cms.total_minutes, cms.total_units, ama.total_units))
        verdict = (
            "Both methods give the same units here."
            if cms.units == ama.units
            else "The methods differ here: the payer decides which one applies."
        )
        return (
            common.html_table(
                ["Code", "Minutes", "CMS 8-minute rule", "Per code (AMA)"],
                rows=rows,
                caption="Both methods side by side",
            )
            + f"<p>{verdict}<br>{common.source_html('payer-chooses-method')}</p>"
        )


def show(
    rows: Sequence[Sequence[str]] = (("97530", "38"),),
    *,
    method: str = "cms",
    mode: str = "minutes",
) -> UnitCalculator:
    """Build a calculator for a lesson cell (the notebook displays the returned widget).
    Raises as `UnitCalculator`; never on what a learner types."""
    return UnitCalculator(rows, method=method, mode=mode)
