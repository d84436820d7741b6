"""Shared look and helpers for the widgets: sources, messages, tables, misconception boxes.

Everything a widget shows about a rule goes through `source_html`, so every explanation
carries its source and unverified items are labelled the same way everywhere. `esc` is
`toolkit.markup.esc`, the one escaping function (the audit report uses it too).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import ipywidgets as widgets

from toolkit.errors import BillingInputError
from toolkit.markup import esc
from toolkit.reference import CONFIDENCE_LABELS, codes, rule
from toolkit.rules.parsing import check_minutes, shown, whole_number

# The course's CSS, carried by its widgets' HTML. Two rules reach past the widgets, for the
# lessons' own text: links in a lesson are underlined (JupyterLab's theme tells them from
# the text by colour alone, 1.9:1, below WCAG's 3:1), and an accordion's title is dark
# enough to read (ipywidgets' grey is 4.3:1 on its header).
STYLE = """<style>
.cpt-box{border:1px solid #8c8c8c;border-radius:6px;padding:8px 12px;margin:6px 0;line-height:1.45}
.cpt-ok{border-left:6px solid #1a7f37;background:#eef8f0}
.cpt-bad{border-left:6px solid #b3261e;background:#fcefee}
.cpt-info{border-left:6px solid #0b5cad;background:#eef4fb}
.cpt-warn{border-left:6px solid #8a5a00;background:#fff6e0}
.cpt-source{font-size:0.9em;color:#333}
.cpt-unverified-tag{font-weight:bold;color:#8a1c00;border:1px solid #8a1c00;padding:0 4px;border-radius:3px}
.cpt-msg{color:#a11b12;font-weight:600}
table.cpt-table{border-collapse:collapse;margin:6px 0}
table.cpt-table th,table.cpt-table td{border:1px solid #999;padding:4px 8px;text-align:left;vertical-align:top}
table.cpt-table th{background:#eceff3}
table.cpt-table caption{text-align:left;font-weight:bold;padding:4px 0}
.jp-RenderedMarkdown a[href]:not(.jp-InternalAnchorLink){text-decoration:underline}
.cpt-accordion .jupyter-widget-Collapse-header,.cpt-accordion .jupyter-widget-Collapse-header>span{color:#333}
</style>"""

UNVERIFIED_TAG = '<span class="cpt-unverified-tag">UNVERIFIED</span>'


def source_html(rule_id: str | None) -> str:
    """'Source: ...' for a rule (or 'code:97140' for a code's descriptor), with a visible
    UNVERIFIED label when it is unverified; None for questions about the course itself."""
    if rule_id is None:
        return '<span class="cpt-source">(About using this course; no billing rule.)</span>'
    if rule_id.startswith("code:"):
        found = codes()[rule_id[5:]]
        citation, confidence = (
            f"{found.source} [{CONFIDENCE_LABELS[found.confidence]}]",
            found.confidence,
        )
    else:
        citation, confidence = rule(rule_id).citation, rule(rule_id).confidence
    tag = f"{UNVERIFIED_TAG} " if confidence == "unverified" else ""
    return f'<span class="cpt-source">{tag}Source: {esc(citation)}</span>'


def box(body_html: str, *, kind: str = "info", title: str = "") -> str:
    """A bordered note (`kind`: ok, bad, info, warn); `body_html` is already HTML."""
    heading = f"<strong>{esc(title)}</strong><br>" if title else ""
    return f'{STYLE}<div class="cpt-box cpt-{kind}" role="note">{heading}{body_html}</div>'


def html_table(
    headers: Sequence[str],
    *,
    rows: Iterable[Sequence[object]],
    caption: str = "",
    raw_columns: Sequence[int] = (),
) -> str:
    """An accessible HTML table; cells are escaped except in `raw_columns` (already HTML)."""
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td>{cell if i in raw_columns else esc(cell)}</td>" for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return f'{STYLE}<table class="cpt-table">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def parse_minutes(text: str, *, what: str) -> int:
    """Minutes typed in a text box (`what` names them in the message).

    Raises:
        BillingInputError: blank or not minutes, with a message for beside the field."""
    cleaned = (text or "").strip()
    if not cleaned:
        raise BillingInputError(f"enter the minutes for {what} (a whole number, e.g. 23)")
    # The one reader (ASCII digits, as the claim checker and the CLI read them); a minus sign is
    # kept so the message shows the number typed (-5), not text.
    number = whole_number(cleaned.removeprefix("-"))
    value = cleaned if number is None else -number if cleaned.startswith("-") else number
    return check_minutes(value, what)


def parse_count(text: str, *, what: str, most: int = 96) -> int:
    """A whole number of units typed in a box (0 allowed).

    Raises:
        BillingInputError: anything but a whole number from 0 to `most`, naming `what`."""
    cleaned = (text or "").strip()
    number = whole_number(cleaned)  # str.isdigit() takes '²', which int() then refuses
    if number is not None and number <= most:
        return number
    raise BillingInputError(
        f"units for {what} must be a whole number from 0 to {most};"
        f" got {shown(cleaned) if cleaned else 'nothing'}"
    )


def field_message() -> widgets.HTML:
    """The place beside a field where its problem is written (read out by screen readers)."""
    message = widgets.HTML(value="")
    message.add_class("cpt-field-message")
    return message


def show_message(target: widgets.HTML, text: str) -> None:
    """Write `text` (escaped) beside its field as an alert; "" clears it."""
    target.value = f'<span class="cpt-msg" role="alert">{esc(text)}</span>' if text else ""


def save_status() -> widgets.HTML:
    """The place beside a widget where a save that failed is reported."""
    status = widgets.HTML(value="")
    status.add_class("cpt-save-status")
    return status


def try_save(status: widgets.HTML, save) -> bool:
    """Run `save()`; if the learner store cannot save, say why in `status` instead of raising
    into the widget's callback (what the learner entered stays on screen)."""
    from toolkit.course.learner_store import ProgressNotSaved

    try:
        save()
    except Exception as problem:  # noqa: BLE001 - whatever a save raises, never a traceback
        if not isinstance(problem, ProgressNotSaved):
            problem = f"the progress store failed ({type(problem).__name__})"
        status.value = (
            f'<span class="cpt-msg cpt-not-saved" role="alert">Not saved: {esc(problem)}. '
            "Your answer is still here; it is saved when you check again and saving "
            "works.</span>"
        )
        return False
    status.value = ""
    return True


def text_input(
    description: str,
    *,
    placeholder: str = "",
    width: str = "14em",
    css: str = "",
    tooltip: str = "",
) -> widgets.Text:
    """A labelled text box: the description is its <label>, the tooltip its title.

    The grey placeholder is always visibly a hint: an example is shown as "e.g. ..." and a
    word in brackets ("(optional)") as it is, so it never looks like a value already typed."""
    placeholder = example_hint(placeholder)
    box_ = widgets.Text(
        description=description,
        placeholder=placeholder,
        tooltip=tooltip or description,
        style={"description_width": "initial"},
        layout=widgets.Layout(width=width),
        continuous_update=False,
    )
    if css:
        box_.add_class(css)
    return box_


def example_hint(placeholder: str) -> str:
    """A placeholder that reads as a hint: "23" becomes "e.g. 23"; "(optional)" stays."""
    text = (placeholder or "").strip().strip("\u200b")  # ipywidgets' "no placeholder"
    return text if not text or text.startswith(("e.g.", "(")) else f"e.g. {text}"


def button(label: str, *, css: str = "", tooltip: str = "", style: str = "") -> widgets.Button:
    """A button sized to its label; `css` a class the browser tests find it by."""
    made = widgets.Button(
        description=label,
        tooltip=tooltip or label,
        button_style=style,
        layout=widgets.Layout(width="auto"),
    )
    if css:
        made.add_class(css)
    return made


def misconception_html(often_said: str, *, sources_say: str, rule_ids: Sequence[str]) -> str:
    """A 'Common misconception' box: what is often said, what the sources say, and where."""
    sources = "<br>".join(source_html(r) for r in rule_ids)
    body = (
        f"<p><em>Often said:</em> {esc(often_said)}</p>"
        f"<p><em>What the sources say:</em> {esc(sources_say)}</p>"
        f"<p>{sources}</p>"
    )
    return box(body, kind="warn", title="Common misconception")


SEVERITY_LOOK = {
    "error": ("✗ Error", "bad"),
    "warning": ("! Check", "warn"),
    "info": ("i Note", "info"),
}


def findings_html(findings: Sequence, *, nothing: str) -> str:
    """Findings from a rule (claim or note), each with its line/element, message and source."""
    if not findings:
        return box(f"<strong>{esc(nothing)}</strong>", kind="ok")
    items = []
    for finding in findings:
        label, kind = SEVERITY_LOOK[finding.severity]
        where = f"Line {finding.line}: " if finding.line else ""
        items.append(
            f'<div class="cpt-box cpt-{kind} cpt-finding" data-rule="{esc(finding.rule_id)}">'
            f"<strong>{label}</strong> {esc(where)}{esc(finding.message)}<br>"
            f"{source_html(finding.rule_id)}</div>"
        )
    return STYLE + "".join(items)


_INPUTS = (
    widgets.Text,
    widgets.Textarea,
    widgets.Dropdown,
    widgets.Checkbox,
    widgets.RadioButtons,
    widgets.ToggleButtons,
    widgets.SelectMultiple,
)


def watch_inputs(root: widgets.Widget, callback) -> None:
    """Call `callback()` whenever an input control inside `root` changes value.

    Why: when the kernel is busy the browser can deliver a box's last edit *after* a
    button click (ipywidgets holds back a widget's update while its previous one is
    unanswered; clicks are sent at once). Views that act on a click therefore act again
    when a late value arrives, so what the learner sees always matches what is typed.
    """
    if isinstance(root, _INPUTS):
        root.observe(lambda _change: callback(), names="value")
    for child in getattr(root, "children", ()):
        watch_inputs(child, callback)


def code_input(
    description: str, *, tooltip: str, width: str, value: str = "", placeholder: str = "97530"
) -> widgets.Combobox:
    """A labelled box for a CPT code, suggesting the codes the course knows."""
    from toolkit.reference import codes

    box_ = widgets.Combobox(
        value=value,
        options=sorted(codes()),
        ensure_option=False,
        placeholder=example_hint(placeholder),
        description=description,
        tooltip=tooltip,
        style={"description_width": "initial"},
        layout=widgets.Layout(width=width),
        continuous_update=False,
    )
    box_.add_class("cpt-code-input")
    return box_
