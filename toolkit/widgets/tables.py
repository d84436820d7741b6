"""Read-only views for the lessons: reference tables, worked examples, misconception boxes.

Each function returns an HTML widget (so it shows the same in JupyterLab and Voila) that
keeps what it shows as data in read-only traits (`rows`, `results`, `item`...), so a lesson
can assert on it. None of them raises on a course that is whole: a key or rule id that does
not exist (a lesson's mistake) raises KeyError.
"""

from __future__ import annotations

import ipywidgets as widgets
import traitlets

from toolkit.course.lessons.misconceptions import MISCONCEPTIONS
from toolkit.reference import CONFIDENCE_LABELS, codes, rule
from toolkit.rules.units import bill_units, minutes_row
from toolkit.widgets import common

# The worked examples of Pub 100-04 Ch.5 §20.2, and only those (reference §3).
CMS_WORKED_EXAMPLES = (
    {"97112": 24, "97110": 23},
    {"97112": 20, "97110": 20},
    {"97110": 33, "97140": 7},
    {"97110": 18, "97140": 13, "97116": 10, "97035": 8},
    {"97112": 7, "97110": 7, "97140": 7},
)
# The course's own examples of where the two methods differ, in both directions (reference §4).
METHOD_DIFFERENCES = (
    {"97530": 8, "97110": 8, "97140": 8},
    {"97530": 20, "97110": 20},
    {"97530": 33, "97140": 7},
)


class View(widgets.HTML):
    """An HTML view with a CSS class; what it shows, as data, in its read-only traits."""

    def __init__(self, html: str, *, css: str, **shown: object):
        """`shown`: values for the traits the subclass declares (TraitError for any other)."""
        super().__init__(value=html)
        self.add_class(css)
        for name, value in shown.items():
            self.set_trait(name, value)


class TableView(View):
    """A table; `rows` what it shows, row by row."""

    rows = traitlets.List(read_only=True)  # the table's rows, as shown


class ExamplesTable(TableView):
    results = traitlets.List(read_only=True)  # the engine's UnitResult for each row (CMS)
    per_code = traitlets.List(read_only=True)  # the same visits counted per code, if shown


class SeedExamplesTable(TableView):
    checks = traitlets.List(read_only=True)  # the claim rules' ClaimCheck for each example


class CoTreatmentTable(TableView):
    result = traitlets.Any(read_only=True)  # the engine's UnitResult for the shared block


class MisconceptionView(View):
    item = traitlets.Any(read_only=True)  # the Misconception shown


class DescriptorView(View):
    code = traitlets.Any(read_only=True)  # the code table's entry shown


class Misconceptions(widgets.VBox):
    """Every misconception box; `items` the Misconceptions shown, in order."""

    items = traitlets.List(read_only=True)

    def __init__(self, boxes: list[MisconceptionView]):
        """`boxes`: the misconception views, in the order shown."""
        super().__init__(boxes)
        self.add_class("cpt-misconceptions")
        self.set_trait("items", [b.item for b in boxes])


def misconception(key: str) -> MisconceptionView:
    """One 'Common misconception' box: what is often said, what the sources say, and where."""
    item = MISCONCEPTIONS[key]
    return MisconceptionView(
        common.misconception_html(
            item.often_said, sources_say=item.sources_say, rule_ids=item.rule_ids
        ),
        css="cpt-misconception",
        item=item,
    )


def all_misconceptions() -> Misconceptions:
    """Every misconception the course corrects, each with its sources."""
    return Misconceptions([misconception(key) for key in MISCONCEPTIONS])


def rule_box(rule_id: str) -> View:
    """One rule in words with its source (UNVERIFIED label where it applies)."""
    found = rule(rule_id)
    kind = "warn" if found.confidence == "unverified" else "info"
    return View(
        common.box(f"{common.esc(found.title)}.<br>{common.source_html(rule_id)}", kind=kind),
        css="cpt-rule",
    )


def timed_codes_table() -> TableView:
    """Every code the course knows: timed or untimed, its kind and descriptor."""
    rows = [
        (c.code, "timed (each 15 min)" if c.timed else "untimed (1 a day)", c.kind, c.description)
        for c in codes().values()
    ]
    rows.sort(key=lambda r: (r[1], r[0]))
    return TableView(
        common.html_table(
            ["Code", "Counted", "Kind", "What it is"],
            rows=rows,
            caption="Timed and untimed codes in this course",
        )
        + common.source_html("timed-vs-untimed"),
        css="cpt-table-view",
        rows=rows,
    )


def cms_unit_table(*, most_units: int = 8) -> TableView:
    """The CMS 8-minute table: units against total timed minutes, 0 to `most_units`."""
    rows = [(n, minutes_row(n)) for n in range(most_units + 1)]
    return TableView(
        common.html_table(
            ["Units", "Total timed minutes in the day"],
            rows=rows,
            caption="The CMS 8-minute rule table (the pattern continues)",
        )
        + common.source_html("cms-unit-table"),
        css="cpt-table-view",
        rows=rows,
    )


def _minutes_text(result) -> str:
    return " + ".join(f"{c} {m} min" for c, m in result.minutes.items())


def cms_worked_examples() -> ExamplesTable:
    """The CMS manual's own worked examples (§20.2), run through the engine."""
    results = [bill_units(minutes, method="cms") for minutes in CMS_WORKED_EXAMPLES]
    rows = [
        (
            _minutes_text(r),
            r.timed_minutes,
            ", ".join(f"{c}: {n}" for c, n in r.units.items())
            + (
                f" (a tie: {' or '.join(r.tied_codes)} may take the unit, either is correct)"
                if r.tie_broken
                else ""
            ),
            r.total_units,
        )
        for r in results
    ]
    return ExamplesTable(
        common.html_table(
            ["Codes and minutes", "Timed minutes", "CMS units per code", "CMS total"],
            rows=rows,
            caption="The CMS manual's worked examples, as the rules engine counts them",
        )
        + common.source_html("cms-unit-table")
        + "<br>"
        + common.source_html("cms-leftover-allocation")
        + "<br>"
        + common.source_html("cms-tie-clinician-choice"),
        css="cpt-table-view",
        rows=rows,
        results=results,
    )


def method_differences() -> ExamplesTable:
    """Where per-code counting gives more units than CMS, and where it gives fewer."""
    results = [bill_units(minutes, method="cms") for minutes in METHOD_DIFFERENCES]
    per_code = [bill_units(minutes, method="ama") for minutes in METHOD_DIFFERENCES]
    rows = [
        (
            _minutes_text(r),
            r.total_units,
            a.total_units,
            "per code gives more"
            if a.total_units > r.total_units
            else "per code gives fewer"
            if a.total_units < r.total_units
            else "the same",
        )
        for r, a in zip(results, per_code)
    ]
    return ExamplesTable(
        common.html_table(
            ["Codes and minutes", "CMS total", "Per-code total", "Difference"],
            rows=rows,
            caption="The same visit counted both ways (the course's examples)",
        )
        + common.source_html("cms-unit-table")
        + "<br>"
        + common.source_html("ama-per-code"),
        css="cpt-table-view",
        rows=rows,
        results=results,
        per_code=per_code,
    )


def descriptor() -> DescriptorView:
    """97530's descriptor as the course's code table holds it, with its source."""
    info = codes()["97530"]
    return DescriptorView(
        common.box(
            f"<strong>97530</strong> · {common.esc(info.description)}<br>"
            f'<span class="cpt-source">Source: {common.esc(info.source)}</span>',
            kind="info",
        ),
        css="cpt-rule",
        code=info,
    )


def seed_examples_table() -> SeedExamplesTable:
    """The article's ten examples: does it fit, who bills, Medicare's answer, modifiers, units."""
    from toolkit.course.lessons.examples import SEED_EXAMPLES
    from toolkit.rules.claims import check_claim  # the claim rules decide Medicare's answer

    rows, checks = [], []
    for ex in SEED_EXAMPLES:
        units = bill_units({"97530": ex.minutes}, method="cms").units["97530"]
        per_code = bill_units({"97530": ex.minutes}, method="ama").units["97530"]
        check = check_claim(
            [
                {
                    "code": "97530",
                    "units": units,
                    "modifiers": ex.modifiers,
                    "minutes": ex.minutes,
                    "furnished_by": ex.furnished_by,
                }
            ],
            payer="medicare",
        )
        checks.append(check)
        problems = [f for f in check.findings if f.severity in ("error", "warning")]
        if any(f.severity == "error" for f in problems):
            verdict = "<strong>Not to Medicare.</strong> "
        elif problems:
            verdict = "<strong>Check first.</strong> "
        else:
            verdict = "<strong>Yes</strong>, "
        verdict += (
            " ".join(common.esc(f.message) for f in problems) or f"with {common.esc(ex.modifiers)}."
        )
        verdict += "<br>" + "<br>".join(common.source_html(f.rule_id) for f in problems)
        shown_mods = "— (do not bill 97530)" if problems else common.esc(ex.modifiers)
        rows.append(
            (
                ex.number,
                common.esc(ex.scenario),
                f"{common.esc(ex.is_it_97530)}<br>{common.source_html(ex.fit_rule)}",
                f"{common.esc(ex.who_note)}<br>{common.source_html(ex.who_rule)}",
                verdict,
                shown_mods,
                f"{ex.minutes} min: {units} (CMS) / {per_code} (per code)",
            )
        )
    return SeedExamplesTable(
        common.html_table(
            [
                "#",
                "The article's example (our words)",
                "Is it 97530?",
                "Who bills it",
                "Medicare, as the claim rules see it",
                "Modifiers (Medicare)",
                "Units for the stated time",
            ],
            rows=rows,
            caption="The ten examples, worked through",
            raw_columns=range(7),
        ),
        css="cpt-table-view",
        rows=rows,
        checks=checks,
    )


def similar_codes_table() -> TableView:
    """97530 beside the codes it is confused with, and how each differs, with sources."""
    from toolkit.course.lessons.similar_codes import SIMILAR_CODES

    table = codes()
    rows = [
        (
            code,
            table[code].description,
            "timed" if table[code].timed else "untimed",
            f"{common.esc(differs)}<br>{common.source_html(rule_id)}",
        )
        for code, differs, rule_id in SIMILAR_CODES
    ]
    return TableView(
        common.html_table(
            ["Code", "What it is", "Counted", "How it differs from 97530"],
            rows=rows,
            caption="97530 and similar codes",
            raw_columns=(3,),
        ),
        css="cpt-table-view",
        rows=rows,
    )


def code_pairs_table() -> TableView:
    """The NCCI code pairs the course knows, with bypass modifiers, dates and sources."""
    from toolkit.reference import code_pairs

    rows = [
        (
            f"{p['column_one']} + {p['column_two']}",
            p["note"],
            p["bypass_modifiers"] or "none",
            (p["effective"] or "no date (no source)") + (f" to {p['ended']}" if p["ended"] else ""),
            f"{p['source']} [{CONFIDENCE_LABELS[p['confidence']]}]",
        )
        for p in code_pairs()
    ]
    return TableView(
        common.html_table(
            ["Pair", "What it means", "Bypass modifiers", "In force", "Source"],
            rows=rows,
            caption="Code pairs the course knows (NCCI edits)",
        )
        + common.source_html("code-pair-edit"),
        css="cpt-table-view",
        rows=rows,
    )


def modifiers_table() -> TableView:
    """The therapy modifiers: meaning, what they go with, source."""
    from toolkit.reference import modifiers

    rows = [
        (
            m,
            row["meaning"],
            row["goes_with"] or "",
            f"{row['source']} [{CONFIDENCE_LABELS[row['confidence']]}]",
        )
        for m, row in modifiers().items()
    ]
    return TableView(
        common.html_table(
            ["Modifier", "Meaning", "Goes with", "Source"], rows=rows, caption="Therapy modifiers"
        ),
        css="cpt-table-view",
        rows=rows,
    )


def who_may_bill_table() -> TableView:
    """Who may furnish 97530, the assistant modifier, and whether Medicare pays it."""
    from toolkit.reference import providers

    rows = []
    for row in providers().values():
        medicare = {"yes": "yes", "no": "no (as therapy)", "slp-only": "own codes only"}[
            row["medicare_therapy"]
        ]
        source = common.source_html(row["rule_id"] or "therapy-modifier-required")
        rows.append(
            (
                common.esc(row["label"]),
                common.esc(row["assistant_modifier"] or ""),
                common.esc(medicare),
                source,
            )
        )
    return TableView(
        common.html_table(
            ["Who furnished it", "Assistant modifier", "Medicare pays 97530?", "Source"],
            rows=rows,
            caption="Who may bill 97530",
            raw_columns=range(4),
        ),
        css="cpt-table-view",
        rows=rows,
    )


def kx_thresholds_table() -> TableView:
    """The KX and targeted-review thresholds by year, with sources."""
    from toolkit.reference import thresholds

    rows = [
        (
            year,
            f"${int(r['kx_threshold']):,}",
            f"${int(r['targeted_review']):,}",
            f"{r['source']} [{CONFIDENCE_LABELS[r['confidence']]}]",
        )
        for year, r in sorted(thresholds().items())
    ]
    return TableView(
        common.html_table(
            ["Year", "KX threshold", "Targeted review", "Source"],
            rows=rows,
            caption="Yearly therapy thresholds (PT and SLP together; OT separate)",
        )
        + common.source_html("kx-threshold"),
        css="cpt-table-view",
        rows=rows,
    )


PROGRESS_REFRESH_SECONDS = 5  # lesson 1's table re-reads the learner store this often


class ProgressOverview(TableView):
    """The learner's progress table; in a kernel it keeps itself up to date (answers given
    in lesson 1 or in another lesson's tab appear without running anything again)."""

    notice = traitlets.Unicode(read_only=True)  # what went wrong reading the store, if anything

    def refresh(self) -> None:
        html, rows, notice = _progress_html_and_rows(self.notice)
        self.set_trait("notice", notice)  # a notice is told once by the store: keep it shown
        if html != self.value:
            self.set_trait("rows", rows)
            self.value = html


def progress_overview() -> ProgressOverview:
    """Where the learner stands in every lesson, read from the learner store; live in a
    kernel (a re-read every PROGRESS_REFRESH_SECONDS on the kernel's own event loop)."""
    html, rows, notice = _progress_html_and_rows()
    view = ProgressOverview(html, css="cpt-progress-overview", rows=rows, notice=notice)
    _keep_live(view)
    return view


def _keep_live(view: ProgressOverview) -> None:
    import asyncio

    try:
        loop = asyncio.get_running_loop()  # a kernel runs cells inside its event loop
    except RuntimeError:
        return  # a script or a test without a loop: a table as it was when made

    def again() -> None:
        if view.comm is None:  # the widget was closed (its notebook shut down)
            return
        view.refresh()
        loop.call_later(PROGRESS_REFRESH_SECONDS, again)

    loop.call_later(PROGRESS_REFRESH_SECONDS, again)


def _progress_html_and_rows(earlier_notice: str = "") -> tuple[str, list, str]:
    from toolkit.course import learner_store as progress
    from toolkit.course.lessons import LESSONS
    from toolkit.course.lessons.quick_checks import for_lesson

    data = progress.snapshot()
    notice = " ".join(n for n in (earlier_notice, progress.take_notice()) if n)
    rows = []
    for lesson_id, title in LESSONS.items():
        counts = progress.summary(lesson_id, data=data)
        total = len(for_lesson(lesson_id))
        practice = (
            f"{counts['practice_right']} right of {counts['practice_tried']}"
            if counts["practice_tried"]
            else "—"
        )
        link = f'<a href="{lesson_id}.ipynb">{common.esc(title)}</a>'
        rows.append(
            (
                link,
                f"{counts['answered']} of {total} answered, {counts['right']} right"
                if total
                else "—",
                practice,
            )
        )
    warn = common.box(common.esc(notice), kind="warn") if notice else ""
    html = (
        warn
        + common.html_table(
            ["Lesson", "Quick checks", "Practice"],
            rows=rows,
            caption="Your progress",
            raw_columns=(0,),
        )
        + _exercise_table()
        # Why no path: learners read this page; where the store lives is in the README.
        + '<p class="cpt-source">Saved automatically: it is here when you come back.</p>'
    )
    return html, rows, notice


def _exercise_table() -> str:
    """The graded exercises: attempts submitted, best and latest score (name from Submit)."""
    from toolkit.course.exercises.attempts import my_exercises

    name, progress = my_exercises()
    if not progress:
        return ""

    def pct(v):
        return "—" if v is None else f"{v:.0f}%"

    rows = [
        (
            f'<a href="../exercises/{p.exercise_id}.ipynb">{common.esc(p.title)}</a>',
            p.attempts or "not yet",
            pct(p.best),
            pct(p.latest),
        )
        for p in progress
    ]
    who = (
        f"Submitted as {common.esc(name)}."
        if name
        else "No exercise submitted yet: your name is asked for on Submit."
    )
    return (
        common.html_table(
            ["Exercise", "Submitted", "Best score", "Latest score"],
            rows=rows,
            caption="Your graded exercises",
            raw_columns=(0,),
        )
        + f"<p>{who}</p>"
    )


def co_treatment_example(
    pt_minutes: int = 30, ot_minutes: int = 30, *, code: str = "97530"
) -> CoTreatmentTable:
    """A PT and an OT in one shared block: the engine's count, step by step, with sources."""
    result = bill_units({}, method="cms", co_treatment={code: {"PT": pt_minutes, "OT": ot_minutes}})
    rows = [(common.esc(step.text), common.source_html(step.rule_id)) for step in result.steps]
    return CoTreatmentTable(
        common.html_table(
            ["Step", "Rule and source"],
            rows=rows,
            caption=f"Co-treatment: PT {pt_minutes} min and OT {ot_minutes} min of one {code} block",
            raw_columns=(0, 1),
        ),
        css="cpt-table-view",
        rows=rows,
        result=result,
    )
