"""Widgets for the lessons: thin ipywidgets views over the rules in `toolkit`.

Each module builds one kind of control (unit calculator, practice, quick checks, note
checker, claim checker). None of them computes a billing rule: they read what the
learner entered, call the rules engine and show its answer with its sources.
Import the module you need (`from toolkit.widgets import unit_calculator`); this
package file stays empty so `import toolkit` never pulls in ipywidgets.
"""
