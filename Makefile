# matchstats — every target installs what it needs into .venv first.
#   make pipeline   fetch the report files (non-fatal offline) and build everything
#   make test       run the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LAB_STAMP  := $(VENV)/.installed-lab
TEST_STAMP := $(VENV)/.installed-test
DOCS_STAMP := $(VENV)/.installed-docs

.PHONY: pipeline fetch validate reports lab docs test bench clean help FORCE
FORCE:

help:
	@echo "make pipeline  - fetch missing report files (non-fatal offline), build, validate and publish data/processed/ and reports/"
	@echo "make fetch     - copy/download missing catalogued files (MATCHSTATS_RAW_MIRROR=DIR to copy from a folder)"
	@echo "make validate  - re-validate data/processed/, write reports/validation.html"
	@echo "make reports   - rebuild reports/ from data/processed/"
	@echo "make lab       - open JupyterLab on notebooks/ with the project's kernel"
	@echo "make docs      - build the documentation site (docs/) into site/; .venv/bin/mkdocs serve to read it"
	@echo "make test      - run the tests (integration tests need MATCHSTATS_RAW_MIRROR or files in data/raw/)"
	@echo "make bench     - run the benchmarks"
	@echo "make clean     - remove rebuilt outputs (data/processed, data/versions, reports) — never data/raw"

# A venv made in another folder (the project was moved or copied) is broken: its scripts start a Python
# that is not there and its editable install points at the old folder. Then it is rebuilt.
VENV_BROKEN := $(if $(wildcard $(STAMP)),$(shell $(BIN)/python -I -c 'import os, pipeline; \
  raise SystemExit(os.path.realpath(pipeline.__file__) != os.path.realpath("pipeline/__init__.py"))' >/dev/null 2>&1 \
  && head -n1 $(BIN)/matchstats 2>/dev/null | grep -qxF '#!$(CURDIR)/$(BIN)/python' || echo yes))

# The pipeline's own dependencies only (pyproject.toml [project] dependencies).
$(STAMP): pyproject.toml $(if $(VENV_BROKEN),FORCE)
	@if [ -n "$(VENV_BROKEN)" ]; then echo "$(VENV) was made for another folder (the project was moved or copied): rebuilding it"; rm -rf $(VENV); fi
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $(STAMP)

# The project's Jupyter settings (notebooks/.jupyter/) go into the venv's own Jupyter config, so every Jupyter
# tool of .venv uses them without JUPYTER_CONFIG_PATH: `jupyter nbconvert --execute` keeps each chart's static
# SVG (no widget state that would need a CDN), JupyterLab saves the SVG and makes no request outside the machine.
# The notebooks use the venv's own kernel (python3); a kernel "matchstats" of older installs is removed.
define install_jupyter_settings
	@mkdir -p $(VENV)/etc/jupyter/labconfig
	@cp notebooks/.jupyter/jupyter_server_config.json notebooks/.jupyter/jupyter_nbconvert_config.json $(VENV)/etc/jupyter/
	@cp notebooks/.jupyter/labconfig/page_config.json $(VENV)/etc/jupyter/labconfig/
	@rm -rf $(VENV)/share/jupyter/kernels/matchstats
endef

JUPYTER_SETTINGS := $(wildcard notebooks/.jupyter/*.json notebooks/.jupyter/labconfig/*.json)

# `make lab`: JupyterLab, the kernel and the widgets the notebooks draw their charts with.
$(LAB_STAMP): $(STAMP) $(JUPYTER_SETTINGS)
	$(BIN)/python -m pip install --quiet -e '.[lab]'
	$(install_jupyter_settings)
	@touch $@

# `make test`: pytest and what the tests use, with the notebooks' extras (they are executed).
$(TEST_STAMP): $(STAMP) $(JUPYTER_SETTINGS)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(install_jupyter_settings)
	@touch $@

# `make docs`: the reference (docs/*.md, mkdocs.yml) as a static site in site/ (git-ignored). --strict: a broken
# link or anchor, or a page left out of the nav, fails the build; `make test` builds it first.
$(DOCS_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[docs]'
	@touch $@

docs: $(DOCS_STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

fetch: $(STAMP)
	$(BIN)/matchstats fetch

# `pipeline --fetch` gets missing files first (from $MATCHSTATS_RAW_MIRROR, or downloads) and lists what is still
# missing once, with where to get each file and the next command
pipeline: $(STAMP)
	$(BIN)/matchstats pipeline --fetch

validate: $(STAMP)
	$(BIN)/matchstats validate

reports: $(STAMP)
	$(BIN)/matchstats report --all

# JupyterLab on notebooks/ (its root: http://localhost:8888/lab/tree/01-match-rates.ipynb), offline and quiet,
# with the settings installed above. --allow-root only when run as root.
# Options: make lab LAB_ARGS="--no-browser --port 8899"
LAB_ARGS ?=
LAB_AS_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: $(LAB_STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)/notebooks" $(LAB_AS_ROOT) $(LAB_ARGS)

# Progress: one line per test file with a running count; -rs lists each reason tests were skipped (how many,
# and why) before pytest's closing "N passed, M skipped" line.
test: $(TEST_STAMP) docs
	$(BIN)/python -m pytest -rs -o console_output_style=count

bench: $(TEST_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf data/processed data/versions reports data/.matchstats.lock site
