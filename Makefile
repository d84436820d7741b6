# Two commands do all the set-up:  `make lab` (open the course)  and  `make test` (run every test).
# Both create or reuse the project-local virtual environment in .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8888

.PHONY: lab voila test browser-deps screenshots exercises bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/jupyter labextension disable "@jupyterlab/apputils-extension:announcements" >/dev/null 2>&1 || true
	touch $@

## Open the course in JupyterLab at the start notebook.
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=. notebooks/01_start_here.ipynb

## Serve the course as a code-free web app (Voila), for workshops.
voila: $(STAMP)
	$(BIN)/voila notebooks --port=$(PORT) --no-browser

## Install Debian's Chromium for the browser tests (says clearly when it cannot).
browser-deps:
	@scripts/ensure-chromium

## Set up and run the whole test suite (unit, property, notebook and browser tests).
test: $(STAMP) browser-deps
	$(BIN)/python -m pytest

## Regenerate learner exercises from solutions/.
exercises: $(STAMP)
	$(BIN)/cpt97530 generate

## Benchmarks (medians; not part of the tests).
bench: $(STAMP)
	$(BIN)/python scripts/bench_units.py
	$(BIN)/python scripts/bench_lessons.py
	$(BIN)/python scripts/bench_grading.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
