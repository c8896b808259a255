# The front door. `make help` lists the targets. Everything runs in ./.venv, made on first use.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]-*.ipynb))
# Run each notebook top to bottom in a fresh python3 kernel, outputs written back in place;
# no timing metadata, so a rerun with the same inputs leaves the file unchanged.
EXECUTE := $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	--ExecutePreprocessor.kernel_name=python3 --ExecutePreprocessor.timeout=900 \
	--ExecutePreprocessor.record_timing=False --log-level=WARN

.PHONY: help install all notebooks test unit nbval lab clean-venv

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@# build matplotlib's font cache now, so no notebook prints "building the font cache"
	$(BIN)/python -c "import matplotlib.pyplot"
	touch $@

install: $(STAMP) ## create .venv if missing and install jzlib with its pinned dependencies

all: install notebooks ## set up, then rerun every notebook in order (regenerates data/interim, data/processed, figures/)

notebooks: install
	@for nb in $(NOTEBOOKS); do echo "running $$nb"; $(EXECUTE) "$$nb" || exit 1; done

test: install unit nbval ## set up, then run the unit tests and nbval (strict) over every notebook

unit: install ## unit tests only
	$(BIN)/python -m pytest tests

nbval: install ## nbval only: rerun each notebook and compare with its committed outputs
	$(BIN)/python -m pytest --nbval $(NOTEBOOKS) --nbval-sanitize-with tests/nbval-sanitize.cfg -p no:cacheprovider

lab: install ## open the notebooks in JupyterLab
	$(BIN)/jupyter lab notebooks/

clean-venv: ## remove .venv (the next command rebuilds it)
	rm -rf $(VENV)
