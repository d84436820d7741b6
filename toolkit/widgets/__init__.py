"""Widgets for the lessons: views only, over the rules, the audit and the course.

Each module builds one kind of control (unit calculator, practice, quick checks, note
checker, claim checker, audit view, graded exercise). None of them computes a billing rule
or touches a file: they read what the learner entered, call `toolkit.rules`,
`toolkit.audit` or `toolkit.course`, and render the answer with its sources. The state other
code observes (a result, the learner's current answer, saved or not) is declared as
read-only traitlets traits on the widget, and the view renders from them.
Import the module you need (`from toolkit.widgets import unit_calculator`); this
package file stays empty so `import toolkit` never pulls in ipywidgets.
"""
