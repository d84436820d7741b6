"""`python -m toolkit` does what the `cpt97530` command does."""

import sys

from toolkit.cli import main

sys.exit(main())
