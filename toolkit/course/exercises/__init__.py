"""Graded exercises: the exercise bank, learner versions, grading, submissions, gradebook.

`solutions/` (at the repository root) is the single source of every exercise. From it:
- `learner_version` writes the learner copies in `exercises/` (no key, no explanations);
- `grading` scores a learner's answers, item by item, with feedback citing each rule;
- `submission` writes and reads the learner's submission files;
- `gradebook` turns a folder of submissions into a CSV and an HTML report;
- `release` builds the learner bundle an instructor hands out.
Importing this package is cheap: pandas and ipywidgets are imported only where used.
"""
