"""Lesson 12 · The claim form: the CMS-1500 boxes a therapy claim uses, diagnosis codes and
pointers, treating and medical diagnoses, and the UB-04 fields that differ.

Its words and cells, its quick checks and the widgets a browser must see on it, together.
"""

from toolkit.course.lessons.lesson import BEFORE_YOU_START, Lesson, code, lab_only, md
from toolkit.course.lessons.question import Option as O
from toolkit.course.lessons.question import Question

ID = "12_the_claim_form"

CELLS = (
    md("""
# Lesson 12 · The claim form

Units and modifiers are only part of a claim. The payer also reads **who referred the
patient**, **which diagnoses** the therapy treats and **which line treats which diagnosis**,
**where** and **when** the service happened, and **who** furnished and bills it. This lesson
walks through the boxes of the professional claim form (CMS-1500) that a therapy claim uses,
then the fields of the hospital form (UB-04) that differ.

**By the end you can:** fill the CMS-1500 boxes of a therapy claim from a note; write
ICD-10-CM codes in box 21 and point each line to them in 24E; tell the treating diagnosis
from the medical diagnosis; check an NPI; and name the UB-04 fields a hospital adds (type of
bill, revenue codes, occurrence codes).

> Everything here is synthetic: the patient, the clinic and the NPIs. The NPIs pass the NPI
> check digit so the form can be checked like a real one, but they are examples, not real
> providers.
"""),
    lab_only(BEFORE_YOU_START),
    code("from toolkit.widgets import tables, claim_form, quick_check"),
    md("""
## The boxes a therapy claim uses

The table lists each box, what it holds and where that comes from. The ones a new biller gets
wrong most often are **17** (the referring provider and its qualifier), **21** and **24E**
(diagnoses and pointers), **24G** (units) and the **NPIs**.
"""),
    code("boxes = claim_form.boxes_table()\nboxes"),
    code('assert "24E" in boxes.value and "Type of bill" in boxes.value'),
    md("""
## Box 17: who referred the patient

Box 17 names the physician or NPP who referred the patient or certified the plan of care, with
a two-letter **qualifier** before the name: **DN** referring, **DK** ordering, **DQ**
supervising. For Medicare, MACs ask for the name as it is on Medicare's ordering/referring
file: first name then last name, without "Dr.", a middle initial or a suffix such as MD
(NUCC's general instructions add credentials, so another payer may want them). Box 17b holds
that provider's NPI.
"""),
    code('tables.rule_box("form-referring-provider")'),
    md("""
## NPIs and their check digit

An NPI is ten digits. The last one is a **check digit** computed with the Luhn formula, as if
the prefix **80840** (80 health, 840 United States) stood in front. A single mistyped digit
almost always fails the check, so the form tells you at once. The rendering NPI (24J) is the
therapist who treated; the billing NPI (33a) the practice.
"""),
    code('tables.rule_box("form-npi")'),
    md("""
## Box 21 and box 24E: diagnoses and pointers

Box 21 holds up to **twelve** ICD-10-CM codes in slots **A to L**, filled from A with no gaps,
with the **ICD indicator 0** (ICD-10-CM) in the box's corner. An ICD-10-CM code has three to
seven characters: a letter, a digit, a digit or letter, then up to four more. The code book
writes a point after the third (R26.2, M17.11); Medicare's item 21 instructions leave the
point out on the form (R262, M1711), and the form here accepts either. Each service line then
**points** to the slots it treats in 24E: one to four **letters**, never the codes themselves,
with the main reason for that line first.

**Treating and medical diagnosis.** Therapy treats a function: the **treating diagnosis** is
often a symptom or functional code (difficulty in walking, R26.2; muscle weakness, M62.81).
The **medical diagnosis** is the condition behind it (osteoarthritis of the knee, M17.11).
Most therapy claims carry both. Which goes first differs between payers and between MACs'
billing articles; the course's case puts the treating diagnosis in A. This is marked
UNVERIFIED because the rule is not the same everywhere: read your MAC's article.
"""),
    code('tables.rule_box("form-diagnosis-codes")'),
    code('tables.rule_box("form-diagnosis-pointer")'),
    code('tables.rule_box("form-treating-diagnosis")'),
    md("""
## Dates, place, charges, units and signature

- **24A**: the date of service; each visit date is its own line.
- **24B**: the place of service: **11** for an office, **12** for the patient's home. A
  hospital outpatient department does not use the CMS-1500 for its therapy: it uses the UB-04.
- **24D**: the code and its modifiers (GP, GO, CQ, KX, 59...): the claim line checker's rules.
- **24F**: the line's charge, the clinic's own fee times the units (not what Medicare pays).
- **24G**: the units the minutes support (Lesson 4).
- **31 and 33**: the signature and the billing provider, with its NPI in 33a.
"""),
    code('tables.rule_box("form-date-of-service")'),
    code('tables.rule_box("form-place-of-service")'),
    code('tables.rule_box("form-charges")'),
    code('tables.rule_box("form-signature-billing")'),
    md("""
## Try it: fill the claim form

The case note is shown above the form. A colleague started the form and left mistakes in it;
some boxes are still empty. Fill every box from the note and press **Check the form**. A
value of the wrong kind is named in red beside its box; everything else is listed below the
button with the box, the reason and the source. The code, modifier and unit boxes are
checked by the same rules as the claim line checker (Lesson 6).
"""),
    code(
        'form = claim_form.show(draft={"17 qualifier": "DN", "17 name": "Lena Hart", "17b": "1234567890", "21A": "M17.11", "21B": "R26.2", "line 1 24A": "03/04/2026", "line 1 24B": "11", "line 1 24D code": "97530", "line 1 24G": "4", "line 1 24E": "E"}, check_now=True)\nform'
    ),
    code(
        'assert {"form-npi", "form-diagnosis-pointer", "doc-units-match-minutes"} <= {f.rule_id for f in form.check_result.findings}'
    ),
    md("""
## The UB-04: what a hospital's claim adds

A hospital outpatient department, a SNF billing Part B, a home health agency billing Part B
or a CORF bills therapy on the **UB-04** (837I electronically). The unit, modifier and
documentation rules do not change; these fields are added:

- **Type of bill** (form locator 4): four digits saying what kind of facility and claim it
  is, for example 013x for a hospital outpatient claim (the last digit: 1 an original claim,
  7 a replacement). Marked UNVERIFIED: check the codes in your MAC's UB-04 instructions.
- **Revenue code** (form locator 42) on each line: **042x** physical therapy, **043x**
  occupational therapy, **044x** speech-language pathology.
- **Occurrence codes**: **29** (PT), **17** (OT) or **30** (SLP) with the date the plan of
  care was set up or last reviewed; **35** (PT), **44** (OT) or **45** (SLP) with the first
  day of treatment. The occurrence *span* fields (35-36) hold a from-through pair of dates;
  which span code, if any, a therapy plan needs is not confirmed here.
"""),
    code('tables.rule_box("institutional-claims")'),
    code('tables.rule_box("ub04-type-of-bill")'),
    code('tables.rule_box("ub04-occurrence-codes")'),
    md("## Quick check"),
    code('quick_check.for_lesson("12_the_claim_form")'),
    md("""
**Next:** [Lesson 13 · After the claim](13_after_the_claim.ipynb) — the remittance, denials and
appeals.
"""),
)

QUESTIONS = (
    Question(
        "form-pointer",
        ID,
        "single",
        "Box 21 has A R26.2 (difficulty in walking), B M62.81 (muscle weakness), C M17.11 "
        "(knee osteoarthritis). The 97530 line trained stairs and transfers for the walking "
        "problem. What goes in its box 24E?",
        (
            O(
                "AC",
                True,
                "Letters, the main reason for the line first: walking (A), then the knee (C).",
                "form-diagnosis-pointer",
            ),
            O(
                "R26.2",
                False,
                "24E holds letters pointing to box 21, never the codes themselves.",
                "form-diagnosis-pointer",
            ),
            O(
                "ABCD",
                False,
                "D is empty: a pointer must point to a filled slot, and the line treats A first.",
                "form-diagnosis-pointer",
            ),
        ),
    ),
    Question(
        "form-treating",
        ID,
        "single",
        "A patient with knee osteoarthritis comes to PT for difficulty walking. Which is the "
        "treating diagnosis?",
        (
            O(
                "Difficulty in walking (R26.2): what the therapy treats",
                True,
                "The treating diagnosis names the function the therapist treats; the "
                "osteoarthritis is the medical diagnosis behind it (sequencing: UNVERIFIED, "
                "check the MAC).",
                "form-treating-diagnosis",
            ),
            O(
                "Knee osteoarthritis (M17.11), always first",
                False,
                "That is the medical diagnosis. Whether it goes first differs by payer and MAC.",
                "form-treating-diagnosis",
            ),
        ),
    ),
    Question(
        "form-npi-check",
        ID,
        "single",
        "Box 24J reads 1999999985 and the form says it fails the NPI check digit. What happened?",
        (
            O(
                "A digit was mistyped: copy the NPI again from the therapist's record",
                True,
                "The last digit is a Luhn check digit (with the 80840 prefix): one wrong digit "
                "fails it.",
                "form-npi",
            ),
            O(
                "The therapist is not enrolled with Medicare",
                False,
                "The check digit only shows the number was typed wrong; enrolment is checked "
                "elsewhere.",
                "form-npi",
            ),
        ),
    ),
    Question(
        "form-box17",
        ID,
        "single",
        "Dr. Lena Hart certified the therapy plan of care and referred the patient. What goes "
        "in box 17?",
        (
            O(
                "DN Lena Hart",
                True,
                "DN marks the referring provider; first name then last name, no title.",
                "form-referring-provider",
            ),
            O(
                "Dr. Lena Hart, MD",
                False,
                "The qualifier is missing, and for Medicare the name goes without Dr. or MD, "
                "as on the ordering/referring file.",
                "form-referring-provider",
            ),
            O(
                "The treating therapist's name",
                False,
                "The therapist is the rendering provider (24J); box 17 is who referred.",
                "form-referring-provider",
            ),
        ),
    ),
    Question(
        "form-place",
        ID,
        "single",
        "A private-practice PT treats a Medicare patient in the practice's office. Box 24B?",
        (
            O("11", True, "11 is an office.", "form-place-of-service"),
            O(
                "22",
                False,
                "22 is an on-campus hospital outpatient department, which bills on the UB-04.",
                "form-place-of-service",
            ),
            O(
                "12",
                False,
                "12 is the patient's home.",
                "form-place-of-service",
            ),
        ),
    ),
    Question(
        "form-ub04",
        ID,
        "multi",
        "A hospital outpatient department bills PT on a UB-04. Tick what the UB-04 carries "
        "that the CMS-1500 does not.",
        (
            O(
                "A revenue code 042x on each PT line",
                True,
                "Institutional claims put each HCPCS line under a revenue code.",
                "institutional-claims",
            ),
            O(
                "Occurrence code 29 with the date the PT plan was set up or last reviewed",
                True,
                "And 35 with the first day of treatment.",
                "ub04-occurrence-codes",
            ),
            O(
                "A type of bill such as 013x",
                True,
                "Form locator 4 (the codes are UNVERIFIED here: check the MAC).",
                "ub04-type-of-bill",
            ),
            O(
                "Fewer units, counted per code",
                False,
                "The unit rules are the same on both forms.",
                "institutional-claims",
            ),
        ),
    ),
)

LESSON = Lesson(
    id=ID,
    title="The claim form",
    cells=CELLS,
    questions=QUESTIONS,
    # what the browser must see after Run All; the first is the lesson's main widget
    widgets=("cpt-claim-form", "cpt-table-view", "cpt-rule", "cpt-quick-checks"),
)
