"""The remittance widget: pick or paste a short 835, see each adjustment explained.

A thin view over `toolkit.rules.x12_835.read_835` (the reader) and
`toolkit.rules.remittance.findings` (what each adjustment means and the next step). A text
that is not an 835, or is cut off, is named in one line beside the box; the pasted text stays.
Picking a sample keeps what the learner pasted: "Your own 835" brings it back.
"""

from __future__ import annotations

import ipywidgets as widgets
import traitlets

from toolkit.errors import BillingInputError
from toolkit.rules import remittance as remittance_rules
from toolkit.rules.remittance import dollars
from toolkit.rules.x12_835 import read_835
from toolkit.widgets import common

OWN = "Your own 835 (paste it below)"


class RemittanceWidget(widgets.VBox):
    """An 835 in, its claims, lines and explained adjustments out.

    State as traits: `remittance` (the last `Remittance` read; None before one and while the
    text needs fixing), `needs_fixing` (the message beside the box says why).
    """

    remittance = traitlets.Any(None, allow_none=True, read_only=True)
    needs_fixing = traitlets.Bool(False, read_only=True)

    def __init__(self, samples: dict[str, str], *, pick: str | None = None, about: str = ""):
        """`samples`: name -> 835 text the learner can pick; `pick` the one shown first;
        `about`: what the samples are (which numbers in them are examples), shown with them."""
        self.samples = samples
        self.own_text = ""  # what the learner pasted, kept while a sample is shown
        self.picker = widgets.Dropdown(
            options=[*samples, OWN],
            value=pick or next(iter(samples)),
            description="Remittance to read",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"),
        )
        self.picker.add_class("cpt-remit-picker")
        self.text = widgets.Textarea(
            value=samples.get(self.picker.value, ""),
            description="835 text",
            placeholder="ISA*00*...~ (paste the whole file)",
            layout=widgets.Layout(width="95%", height="12em"),
            continuous_update=False,
        )
        self.text.add_class("cpt-remit-text")
        self.message = common.field_message()
        self.read_button = common.button(
            "Read the 835", css="cpt-read-835", tooltip="Read and explain this 835", style="primary"
        )
        self.summary_html = widgets.HTML()
        self.findings_html = widgets.HTML()
        self.findings_html.add_class("cpt-feedback")
        super().__init__(
            [
                widgets.HTML(
                    "<strong>Remittance reader</strong>: pick a sample 835 or paste your own "
                    "(synthetic only), then press “Read the 835”."
                    + (f"<br><em>{common.esc(about)}</em>" if about else "")
                ),
                self.picker,
                self.text,
                self.message,
                self.read_button,
                self.summary_html,
                self.findings_html,
            ]
        )
        self.add_class("cpt-remittance")
        self.picker.observe(self._picked, names="value")
        self.text.observe(self._typed, names="value")
        self.read_button.on_click(lambda _: self.read())
        self._showing_sample = True

    def _picked(self, change) -> None:
        if change["new"] == OWN:
            self._showing_sample = False
            self.text.value = self.own_text
        else:
            self._showing_sample = True
            self.text.value = self.samples[change["new"]]
        self.read()

    def _typed(self, change) -> None:
        # An edit to a sample makes it the learner's own text (kept if they pick another).
        if change["new"] != self.samples.get(self.picker.value):
            self.own_text = change["new"]
            if self.picker.value != OWN:
                self._showing_sample = False
                self.picker.unobserve(self._picked, names="value")
                self.picker.value = OWN
                self.picker.observe(self._picked, names="value")

    def read(self):
        """Read the text; a bad one is named beside the box, never a traceback. Returns the
        `Remittance`, or None."""
        common.show_message(self.message, "")
        try:
            remit = read_835(self.text.value)
            found = remittance_rules.findings(remit)
        except BillingInputError as bad:
            common.show_message(self.message, str(bad))
            remit, found = None, None
        self.found = found
        with self.hold_trait_notifications():
            self.set_trait("remittance", remit)
            self.set_trait("needs_fixing", remit is None)
        return remit

    @traitlets.observe("remittance", "needs_fixing")
    def _render(self, _change=None) -> None:
        remit = self.remittance
        if remit is None:
            self.summary_html.value = ""
            self.findings_html.value = (
                "<p>Fix the 835 as the message beside it says, then read it again.</p>"
                if self.needs_fixing
                else ""
            )
            return
        rows = []
        for claim in remit.claims:
            for n, line in enumerate(claim.services, 1):
                rows.append(
                    [
                        claim.claim_id,
                        n,
                        " ".join([line.code, *line.modifiers]),
                        line.units,
                        dollars(line.charge),
                        dollars(line.paid),
                        ", ".join(
                            f"{a.group}-{a.reason} {dollars(a.amount)}" for a in line.adjustments
                        )
                        or "none",
                        ", ".join(line.remarks) or "none",
                    ]
                )
        who = common.esc(remit.payer or "the payer")
        self.summary_html.value = (
            f"<p>Payment from {who}: <strong>{dollars(remit.payment)}</strong>.</p>"
            + common.html_table(
                ["Claim", "Line", "Code", "Units", "Charged", "Paid", "Adjustments", "Remarks"],
                rows=rows,
                caption="What the 835 says, line by line",
            )
        )
        self.findings_html.value = common.findings_html(
            self.found or (), nothing="No adjustments: paid as billed."
        )


def show(*, pick: str | None = None, read_now: bool = True) -> RemittanceWidget:
    """The remittance reader with lesson 13's sample 835s; `pick` the sample shown first.
    Raises traitlets.TraitError for a sample name that does not exist (a lesson's mistake)."""
    from toolkit.course.lessons.sample_claims import SAMPLE_835, SAMPLES_835_ABOUT

    widget = RemittanceWidget(SAMPLE_835, pick=pick, about=SAMPLES_835_ABOUT)
    if read_now:
        widget.read()
    return widget
