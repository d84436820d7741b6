"""The course's lessons, one module each (`l01_start_here.py` ... `l13_after_the_claim.py`),
found here in reading order; and the shared tables several lessons show (the article's ten
examples, the similar-codes table, the common misconceptions).

Content only: every rule a lesson shows is computed by the rules engine at display time,
and every item names the rule (and so the source) it teaches. `LESSONS`, the quick checks
(`quick_checks`), the notebook writer (`notebook_writer`) and the browser tests' course map
are all derived from `READING_ORDER`: a new lesson is one new module plus its test.
"""

from toolkit.course.lessons.lesson import Lesson, discover

READING_ORDER: tuple[Lesson, ...] = discover(__path__, package=__name__)

LESSONS: dict[str, str] = {lesson.id: lesson.title for lesson in READING_ORDER}
