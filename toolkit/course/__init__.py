"""What is taught and what a learner did: lessons, exercises, grading, submissions, the
learner store and the learner's course copy. No ipywidgets here."""
