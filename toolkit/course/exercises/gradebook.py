"""Grade a folder of submissions into a gradebook (CSV) and an HTML report.

Which attempt counts: each learner's LATEST attempt of each exercise is their grade (what
they stand by at the end; re-submitting after feedback is allowed and encouraged). The
item analysis uses FIRST attempts, what the class knew before any feedback, so it still
shows which rules were missed even after everyone corrected their work.

`gradebook.csv`: one row per learner, one column per exercise (score 0-100, blank when
not submitted), then `overall` (mean over every exercise, a missing one counting 0).
Plain UTF-8, comma separated, imports into spreadsheets and LMS gradebooks; a name that a
spreadsheet would read as a formula is prefixed with an apostrophe.
`report.html`: the gradebook, an item analysis (items most of the class missed, by rule)
with an inline SVG chart, and every file that could not be graded with its reason. All
learner-entered text is HTML-escaped. `items.csv`: every graded item of every attempt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from toolkit.course.exercises.bank import Exercise
from toolkit.course.exercises.grading import GradeResult, grade
from toolkit.course.exercises.submission import Submission, attempt_order, scan_folder
from toolkit.errors import visible
from toolkit.files.spreadsheet_csv import csv_text
from toolkit.files.storage import write_text_atomic
from toolkit.markup import esc as _e
from toolkit.reference import rule

PROGRESS_FROM = 200  # show a progress bar for classes with at least this many files


@dataclass(frozen=True)
class GradedAttempt:
    submission: Submission
    result: GradeResult
    shown: str = ""  # the file name as printed (control characters made visible)


@dataclass(frozen=True)
class ClassResults:
    bank: dict[str, Exercise]
    attempts: tuple[GradedAttempt, ...]
    not_graded: tuple[tuple[str, str], ...]  # (file, reason), both printable as they are
    duplicates: tuple[tuple[str, str], ...] = ()  # (copy ignored, file it repeats)

    @property
    def look_alikes(self) -> tuple[tuple[str, ...], ...]:
        """Names typed differently (beyond capitals and spacing) that were graded as one learner.

        Folding look-alikes keeps "Tom Lee" typed with a Cyrillic T on Tom's row; listing such
        rows lets the instructor check that one person, not two, stands behind them."""
        spellings: dict[str, dict[str, str]] = {}
        for attempt in self.attempts:
            name = attempt.submission.learner
            plain = " ".join(name.casefold().split())
            spellings.setdefault(attempt.submission.learner_key, {}).setdefault(plain, name)
        return tuple(
            tuple(sorted(names.values()))
            for _, names in sorted(spellings.items())
            if len(names) > 1
        )

    @property
    def clock_notes(self) -> tuple[tuple[str, str], ...]:
        """(file, note) for attempts dated ahead of the grader's clock."""
        return tuple(
            (a.shown, a.submission.clock_note) for a in self.attempts if a.submission.clock_note
        )


def grade_folder(
    folder: Path, *, bank: dict[str, Exercise], progress: bool = True, skip=()
) -> ClassResults:
    """Read and grade every file under `folder`; a file that cannot be graded is listed.

    Nothing in one file stops the rest: a failure while reading or grading it becomes its
    "not graded" reason. Copies of one attempt are graded once. `skip`: paths not read at
    all (the gradebook's own output folder, when it lies inside `folder`).

    Raises:
        BillingInputError: `folder` is not a folder (one bad file inside it never raises)."""
    from tqdm import tqdm

    folder = Path(folder)

    def shown(path: Path) -> str:
        return visible(path.relative_to(folder)) if path != folder else visible(path)

    def bar(entries):
        return tqdm(
            entries,
            desc="grading",
            unit="file",
            disable=not progress or len(entries) < PROGRESS_FROM,
        )

    scan = scan_folder(folder, bank, each=bar, skip=skip)
    attempts = []
    not_graded = [(shown(path), visible(reason)) for path, reason in scan.problems]
    learners_root = _learner_folders(folder)
    for sub in scan.submissions:
        owner = _folder_owner(sub.path, learners_root)
        if owner is not None and _folded(owner) != _folded(sub.learner):
            not_graded.append(
                (
                    shown(sub.path),
                    visible(
                        f"names another learner ({sub.learner[:40]!r}) than the learner's "
                        f"folder it is in ({owner[:40]!r}): not counted for anyone"
                    ),
                )
            )
            continue
        try:
            attempts.append(
                GradedAttempt(
                    sub, grade(bank[sub.exercise_id], answers=sub.answers), shown(sub.path)
                )
            )
        except Exception as error:  # noqa: BLE001 - one file must not stop the class
            not_graded.append(
                (shown(sub.path), visible(f"cannot be graded ({type(error).__name__})"))
            )
    duplicates = tuple((shown(copy), shown(first)) for copy, first in scan.duplicates)
    return ClassResults(bank, tuple(attempts), tuple(sorted(not_graded)), duplicates)


def _learner_folders(folder: Path) -> Path | None:
    """In a class folder (`<class>` or `<class>/submissions`), the folder holding one folder
    per learner; None for any other folder of submissions. Known by its `submissions/`
    layout alone: a copy without the class's settings/ is still checked."""
    folder = Path(folder).absolute()
    if folder.name == "submissions":
        return folder
    if (folder / "submissions").is_dir():
        return folder / "submissions"
    return None


def _folder_owner(path: Path | None, root: Path | None) -> str | None:
    """The learner whose folder under `root` holds `path` (None: not in a learner's folder)."""
    if root is None or path is None:
        return None
    try:
        parts = Path(path).absolute().relative_to(root).parts
    except ValueError:
        return None
    return parts[0] if len(parts) > 1 else None


def _folded(name: str) -> str:
    """A name as a hub folds it for a folder name (learner_key, then any run of
    non-word characters as one space): 'Alice Arden' and 'alice-arden' are one learner."""
    import re

    from toolkit.course.exercises.submission import learner_key

    return " ".join(re.sub(r"[^\w]+", " ", learner_key(name)).split())


def _by_learner_exercise(results: ClassResults) -> dict[tuple[str, str], list[GradedAttempt]]:
    groups: dict[tuple[str, str], list[GradedAttempt]] = {}
    for attempt in results.attempts:
        key = (attempt.submission.learner_key, attempt.submission.exercise_id)
        groups.setdefault(key, []).append(attempt)
    for attempts in groups.values():
        attempts.sort(key=lambda a: attempt_order(a.submission))
    return groups


def spelled_out(name: str) -> str:
    """A name with every character that is not plain ASCII written as its code: 'Тom' -> '\\u0422om'."""
    shown = visible(name)
    escaped = name.encode("ascii", "backslashreplace").decode("ascii")
    return shown if escaped == name else f"{shown} ({escaped})"


def _spreadsheet_safe(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def gradebook_frame(results: ClassResults, count: str = "latest"):
    """One row per learner, one column per exercise, then `overall`.

    `count`: "latest" (the default) or "first" attempt (an assessment's choice).
    """
    import pandas as pd

    groups = _by_learner_exercise(results)
    names: dict[str, tuple] = {}
    for attempt in results.attempts:  # show the spelling of the learner's latest file
        sub = attempt.submission
        if sub.learner_key not in names or attempt_order(sub) >= names[sub.learner_key][0]:
            names[sub.learner_key] = (attempt_order(sub), sub.learner)
    exercise_ids = list(results.bank)
    rows = []
    for key in sorted(names, key=lambda k: (names[k][1].casefold(), k)):
        row = {"learner": _spreadsheet_safe(visible(names[key][1]))}
        for exercise_id in exercise_ids:
            attempts = groups.get((key, exercise_id))
            counted = attempts[0 if count == "first" else -1] if attempts else None
            row[exercise_id] = round(counted.result.score, 1) if counted else None
        rows.append(row)
    frame = pd.DataFrame(rows, columns=["learner", *exercise_ids])
    frame["overall"] = frame[exercise_ids].fillna(0).mean(axis=1).round(1)
    return frame


def items_frame(results: ClassResults):
    """Every item of every attempt, with attempt number (1 = first)."""
    import pandas as pd

    records = []
    for (learner, exercise_id), attempts in _by_learner_exercise(results).items():
        for number, attempt in enumerate(attempts, 1):
            for item in attempt.result.items:
                records.append(
                    {
                        "learner": visible(learner),
                        "exercise": exercise_id,
                        "attempt": number,
                        "item": item.item_id,
                        "question": item.question,
                        "score": item.score,
                        "status": item.status,
                        "given": visible(item.given),
                        "expected": item.expected,
                        "rules": " ".join(item.rules),
                    }
                )
    columns = [
        "learner",
        "exercise",
        "attempt",
        "item",
        "question",
        "score",
        "status",
        "given",
        "expected",
        "rules",
    ]
    return pd.DataFrame.from_records(records, columns=columns)


def item_analysis(items):
    """First attempts: per item, how many tried it and what share got it fully right."""
    first = items[items["attempt"] == 1]
    if first.empty:
        return first.assign(learners=[], fully_right=[], mean_score=[], common_wrong=[])
    first = first.assign(right=first["score"] >= 1)
    grouped = first.groupby(["exercise", "item", "question", "expected", "rules"], sort=False)
    table = grouped.agg(
        learners=("learner", "nunique"), fully_right=("right", "mean"), mean_score=("score", "mean")
    ).reset_index()
    wrong = first[~first["right"]]
    common = (
        wrong.groupby(["exercise", "item"])["given"]
        .agg(lambda s: s.value_counts().index[0])
        .rename("common_wrong")
    )
    table = table.merge(common, on=["exercise", "item"], how="left")
    table["common_wrong"] = table["common_wrong"].fillna("")
    return table.sort_values(["fully_right", "exercise", "item"]).reset_index(drop=True)


def rule_analysis(items):
    """First attempts: per rule, its answers and the share of them not fully right.

    An answer counts once, under the first rule its explanation cites: one wrong answer
    citing two rules is one mistake, not a miss for each rule ("50% of 2" twice)."""
    first = items[items["attempt"] == 1]
    first = first.assign(missed=first["score"] < 1, rule=first["rules"].str.split().str[0])
    first = first[first["rule"].notna() & (first["rule"] != "")]
    table = first.groupby("rule").agg(
        items=("missed", "size"), missed_items=("missed", "sum"), missed=("missed", "mean")
    )
    return table.sort_values(["missed", "items"], ascending=[False, False]).reset_index()


def rules_chart_svg(rules_table, top: int = 12) -> str:
    """Horizontal bars: share of first-attempt items missed, per rule (most missed first)."""
    rows = list(rules_table.head(top).itertuples(index=False))
    width, label_w, row_h, top_pad = 760, 250, 24, 30
    bar_w = width - label_w - 70
    height = top_pad + row_h * max(len(rows), 1) + 10
    summary = "; ".join(f"{r.rule}: {r.missed:.0%} missed" for r in rows) or "no graded items"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        'aria-labelledby="rules-chart-title rules-chart-desc" class="cpt-chart">',
        '<title id="rules-chart-title">Share of first-attempt items missed, by rule</title>',
        f'<desc id="rules-chart-desc">{_e(summary)}</desc>',
    ]
    for pct in (0, 25, 50, 75, 100):
        x = label_w + bar_w * pct / 100
        parts.append(
            f'<line x1="{x:.1f}" y1="{top_pad - 6}" x2="{x:.1f}" y2="{height - 6}" '
            'stroke="#ccc" stroke-dasharray="3,3"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{top_pad - 10}" font-size="11" '
            f'text-anchor="middle">{pct}%</text>'
        )
    for i, r in enumerate(rows):
        y = top_pad + i * row_h
        parts.append(f'<text x="4" y="{y + 16}" font-size="12">{_e(r.rule)}</text>')
        parts.append(
            f'<rect x="{label_w}" y="{y + 4}" width="{max(bar_w * r.missed, 1):.1f}" '
            f'height="{row_h - 8}" fill="#b3261e" rx="2"/>'
        )
        parts.append(
            f'<text x="{label_w + bar_w + 6}" y="{y + 16}" font-size="12">'
            f"{r.missed:.0%} of {r.items}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _table(headers, rows) -> str:
    head = "".join(f"<th scope='col'>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


_CSS = (
    "body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse;"
    "margin:1em 0}th,td{border:1px solid #999;padding:3px 7px;text-align:left;"
    "vertical-align:top}th{background:#eceff3}.unverified{color:#8a1c00;font-weight:bold}"
)


def report_html(results: ClassResults, gradebook, items, count: str = "latest") -> str:
    analysis = item_analysis(items)
    rules_table = rule_analysis(items)
    learners = len(gradebook)

    def blank(v):
        return "" if v != v or v is None else v  # NaN -> blank

    book_rows = [[blank(v) for v in row] for row in gradebook.itertuples(index=False)]
    item_rows = [
        [
            r.exercise,
            r.question,
            r.expected,
            f"{r.fully_right:.0%}",
            f"{r.mean_score:.2f}",
            r.learners,
            r.common_wrong,
            r.rules,
        ]
        for r in analysis.itertuples(index=False)
    ]
    rule_rows = []
    for r in rules_table.itertuples(index=False):
        found = rule(r.rule)
        rule_rows.append([r.rule, found.title, found.citation, r.items, f"{r.missed:.0%}"])
    problem_rows = [[name, reason] for name, reason in results.not_graded]
    problem_rows += [[name, f"graded; {note}"] for name, note in results.clock_notes]
    problem_rows += [
        [copy, f"ignored: a copy of {first} (same learner, exercise, time and answers)"]
        for copy, first in results.duplicates
    ]
    look_alike_rows = [[" / ".join(spelled_out(n) for n in names)] for names in results.look_alikes]
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>cpt97530 gradebook</title><style>{_CSS}</style></head><body>",
        "<h1>Gradebook: CPT 97530 documentation exercises</h1>",
        f"<p>Generated {stamp}. {learners} learner(s), {len(results.attempts)} graded "
        f"submission file(s), {len(results.not_graded)} file(s) not graded, "
        f"{len(results.duplicates)} duplicate(s) ignored (listed below).</p>",
        f"<p>Scores (0-100) use each learner's {'first' if count == 'first' else 'latest'} attempt; "
        "<em>overall</em> counts an "
        "exercise not submitted as 0. The item analysis uses first attempts, before feedback.</p>",
        "<h2>Scores</h2>",
        _table(list(gradebook.columns), book_rows),
        "<h2>Which rules the class missed</h2>",
        rules_chart_svg(rules_table),
        _table(["rule", "what it says", "source", "items", "missed"], rule_rows),
        "<h2>Item analysis (hardest first)</h2>",
        _table(
            [
                "exercise",
                "item",
                "right answer",
                "fully right",
                "mean score",
                "learners",
                "most common wrong answer",
                "rules",
            ],
            item_rows,
        ),
        "<h2>Files not graded, with a clock that cannot be right, or duplicated</h2>",
        _table(["file", "reason"], problem_rows)
        if problem_rows
        else "<p>None: every file was graded.</p>",
        "<h2>Names typed differently, graded as one learner</h2>",
        "<p>Look-alike letters (a Cyrillic or Greek letter drawn like a Latin one, full-width "
        "letters, dashes, invisible characters) are folded into one learner. Check that one "
        "person stands behind each row.</p>" + _table(["spellings"], look_alike_rows)
        if look_alike_rows
        else "<p>None.</p>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def write_reports(results: ClassResults, out: Path, *, count: str = "latest") -> dict[str, Path]:
    """gradebook.csv, items.csv and report.html in `out`, each written atomically
    (`count`: the attempt that counts, as in `gradebook_frame`)."""
    out = Path(out)
    gradebook = gradebook_frame(results, count=count)
    items = items_frame(results)
    written = {
        "gradebook": _write(out / "gradebook.csv", csv_text(gradebook)),
        "items": _write(out / "items.csv", csv_text(items)),  # formulas made text there
        "report": _write(out / "report.html", report_html(results, gradebook, items, count)),
    }
    return written


def _write(path: Path, text: str) -> Path:
    try:
        return write_text_atomic(path, text)
    except OSError as problem:  # a full disk says nothing of where: name the file
        if problem.filename:
            raise
        raise OSError(problem.errno, problem.strerror, str(path)) from None
