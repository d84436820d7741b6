# Two commands do all the set-up:  `make lab` (open the course)  and  `make test` (run every test).
# Both create or reuse the project-local virtual environment in .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8888

.PHONY: lint format lab lite voila hub hub-deps hub-instructor hub-export hub-new-class test jupyter-course-files labextension browser-deps postgres-deps screenshots bench-browser exercises bench bench-grading clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/jupyter labextension disable "@jupyterlab/apputils-extension:announcements" >/dev/null 2>&1 || true
	$(MAKE) --no-print-directory jupyter-course-files
	touch $@

# The course's Jupyter parts, linked into the venv (an editable install skips data-files):
# the prebuilt lab extension that runs a course notebook on open, the settings that switch
# off autosave and the destructive command-mode keys, and the server's pre-save hook.
SHARE := $(VENV)/share/jupyter
jupyter-course-files:
	mkdir -p $(SHARE)/labextensions $(SHARE)/lab/settings/overrides.d $(VENV)/etc/jupyter/jupyter_server_config.d
	ln -sfn $(CURDIR)/toolkit/labextension $(SHARE)/labextensions/cpt97530-course
	ln -sf $(CURDIR)/jupyter-config/lab-settings/cpt97530.json $(SHARE)/lab/settings/overrides.d/cpt97530.json
	ln -sf $(CURDIR)/jupyter-config/server/cpt97530.json $(VENV)/etc/jupyter/jupyter_server_config.d/cpt97530.json

## Rebuild the lab extension from labextension/ (needs Node.js and npm; the built copy in
## toolkit/labextension is committed, so nothing else needs Node).
labextension: $(STAMP)
	cd labextension && npm install --no-audit --no-fund --loglevel=error && PATH=$(CURDIR)/$(BIN):$$PATH jupyter-builder build .

# Jupyter refuses to run as root unless told; containers and CI machines often are root.
AS_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

## Open YOUR copy of the course in JupyterLab at the start notebook ($$CPT97530_HOME/course,
## created or brought up to date first; the repository's notebooks/ are never opened).
## `?reset`: start with just the start page, not every tab (and kernel) of last time.
## LabApp, not ServerApp: JupyterLab overrides the server's default_url with its own `/lab`.
lab: $(STAMP)
	@course="$$($(BIN)/cpt97530 course --folder)" && \
	$(BIN)/jupyter lab --ServerApp.root_dir="$$course" --ServerApp.port=$(PORT) $(AS_ROOT) \
	  --LabApp.default_url='/lab/tree/notebooks/01_start_here.ipynb?reset'

## The whole course as a static site with nothing to install (JupyterLite + Pyodide) in
## build/lite/; needs only python3 and npm (PyPI and npm, pinned in scripts/build_lite.py;
## downloads kept in build/lite-cache/). Serve it: python3 scripts/serve_lite.py
lite:
	$(PYTHON) scripts/build_lite.py

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

## The grading service's records: export them (FILE=class-1.sqlite, read by `cpt97530 grade`)
## or start a new class (the old records stay in the database, not shown). On the hub's machine.
hub-export: $(STAMP)
	@test -n "$(FILE)" || { echo 'make hub-export: give FILE=class-1.sqlite' >&2; exit 2; }
	$(BIN)/python -m toolkit.classroom.grading_service.records_admin export "$(FILE)"
hub-new-class: $(STAMP)
	$(BIN)/python -m toolkit.classroom.grading_service.records_admin new-class --yes

## Install Debian's Chromium for the browser tests (says clearly when it cannot).
browser-deps:
	@scripts/ensure-chromium

## Install Debian's PostgreSQL for the grading-service tests (they start their own server).
postgres-deps:
	@scripts/ensure-postgresql

## Set up and run the whole test suite (unit, property, notebook and browser tests).
test: $(STAMP) browser-deps postgres-deps $(CHP) lint
	$(BIN)/python -m pytest

## Lint and format check (ruff, configured in pyproject.toml: line length 100). `make format` fixes.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Refresh docs/screenshots/*.png from the browser tests (each lesson's main widget, and
## the learner's JupyterLab in course mode).
screenshots: $(STAMP) browser-deps
	CPT97530_SCREENSHOTS=1 $(BIN)/python -m pytest tests/browser -q -k "lesson_runs_clean or (exercise_runs_clean and ex01) or course_mode_shows"

## Browser timing: page load -> widgets usable (Lab and Voila), median (not part of the tests).
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

## The grading service under a room: 30 learners submitting at once on a real hub (p95, lost).
bench-grading: hub-deps
	$(BIN)/python scripts/bench_grading_service.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
