"""cpt97530-toolkit: teach new billing staff how to bill CPT 97530 (therapeutic activities).

Importing the package is cheap on purpose: rules live in small modules
(`toolkit.rules.units`, `toolkit.rules.claims`, ...) and widgets are imported only where used.
"""

__version__ = "0.1.0"
