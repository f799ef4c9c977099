# matchstats — every target installs what it needs into .venv first.
#   make pipeline   fetch the report files (non-fatal offline) and build everything
#   make test       run the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: pipeline fetch validate reports lab test bench clean help

help:
	@echo "make pipeline  - fetch missing report files (non-fatal offline), build, validate and publish data/processed/ and reports/"
	@echo "make fetch     - copy/download missing catalogued files (MATCHSTATS_RAW_MIRROR=DIR to copy from a folder)"
	@echo "make validate  - re-validate data/processed/, write reports/validation.html"
	@echo "make reports   - rebuild reports/ from data/processed/"
	@echo "make lab       - open JupyterLab on notebooks/ with the project's kernel"
	@echo "make test      - run the tests (integration tests need MATCHSTATS_RAW_MIRROR or files in data/raw/)"
	@echo "make bench     - run the benchmarks"
	@echo "make clean     - remove rebuilt outputs (data/processed, data/versions, reports) — never data/raw"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

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

# JupyterLab on notebooks/ with the kernel the notebooks name (matchstats), offline and quiet: the settings in
# notebooks/.jupyter/ (added to JUPYTER_CONFIG_PATH) turn off news and update checks and keep each chart's static
# copy in saved notebooks. --allow-root only when run as root. Options: make lab LAB_ARGS="--no-browser --port 8899"
LAB_ARGS ?=
LAB_AS_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: $(STAMP)
	@$(BIN)/python -m ipykernel install --sys-prefix --name matchstats --display-name "matchstats (.venv)" >/dev/null 2>&1
	JUPYTER_CONFIG_PATH="$(CURDIR)/notebooks/.jupyter$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
	  $(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)/notebooks" $(LAB_AS_ROOT) $(LAB_ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest -q -rs

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf data/processed data/versions reports data/.matchstats.lock
