# Two commands do all the set-up:  `make lab` (open the course)  and  `make test` (run every test).
# Both create or reuse the project-local virtual environment in .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8888

.PHONY: lab voila hub hub-deps hub-instructor test browser-deps screenshots bench-browser exercises bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/jupyter labextension disable "@jupyterlab/apputils-extension:announcements" >/dev/null 2>&1 || true
	touch $@

# Jupyter refuses to run as root unless told; containers and CI machines often are root.
AS_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

## Open the course in JupyterLab at the start notebook.
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=. --ServerApp.port=$(PORT) $(AS_ROOT) notebooks/01_start_here.ipynb

## Serve the course as a code-free web app (Voila), for workshops: lessons and exercises,
## no code, no solutions. VOILA_PORT=8866 by default; CPT97530_VOILA_IP=0.0.0.0 for a room.
VOILA_PORT ?= 8866
voila: $(STAMP)
	scripts/voila-course $(VOILA_PORT)

## A classroom on this machine: JupyterHub with sign-in, one server per learner and the
## class dashboard (README: "A workshop on JupyterHub"). HUB_PORT=8000, HUB_IP=127.0.0.1;
## CPT97530_INSTRUCTORS, CPT97530_CLASS_LIST, CPT97530_HUB_UI=voila, CPT97530_HUB_STATE ...
CHP := node_modules/.bin/configurable-http-proxy
$(CHP): package.json package-lock.json
	npm install --no-audit --no-fund --loglevel=error
	touch -h $@
hub-deps: $(STAMP) $(CHP)
hub: hub-deps
	$(BIN)/jupyterhub -f deploy/jupyterhub_config.py
## An instructor's password, set before they first sign in (instructor names are not open
## to first use); also resets anyone's forgotten password. NAME="Ina Teach" (asks twice).
hub-instructor: $(STAMP)
	@test -n "$(NAME)" || { echo 'make hub-instructor: give NAME="Instructor Name"' >&2; exit 2; }
	$(BIN)/python -m toolkit.classroom.passwords "$(NAME)"

## Install Debian's Chromium for the browser tests (says clearly when it cannot).
browser-deps:
	@scripts/ensure-chromium

## Set up and run the whole test suite (unit, property, notebook and browser tests).
test: $(STAMP) browser-deps $(CHP)
	$(BIN)/python -m pytest

## Refresh docs/screenshots/*.png from the browser tests (each lesson's main widget).
screenshots: $(STAMP) browser-deps
	CPT97530_SCREENSHOTS=1 $(BIN)/python -m pytest tests/browser -q -k "lesson_runs_clean or (exercise_runs_clean and ex01)"

## Browser timing: Run All -> widgets ready, median (not part of the tests).
bench-browser: $(STAMP) browser-deps
	$(BIN)/python scripts/bench_browser.py

## Regenerate learner exercises from solutions/.
exercises: $(STAMP)
	$(BIN)/cpt97530 generate

## Benchmarks (medians; not part of the tests).
bench: $(STAMP)
	$(BIN)/python scripts/bench_units.py
	$(BIN)/python scripts/bench_lessons.py
	$(BIN)/python scripts/bench_grading.py
	$(BIN)/python scripts/bench_audit.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
