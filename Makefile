# The front door. `make help` lists the targets. Everything runs in ./.venv, made on first use.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]-*.ipynb))
JOBS ?= 2
REPORTS := reports
# `make pdf LANG=en` asks for English briefings. LANG is also the shell's locale, so only a value
# given on the command line counts, and the tools themselves then run with a UTF-8 locale.
ifeq ($(origin LANG),command line)
BRIEFING_LANG := $(LANG)
override LANG := C.UTF-8
export LANG
else
BRIEFING_LANG := zh
endif

.PHONY: help install all notebooks pdf test unit faults nbval check lab clean-venv bench audit panel corpus-bench

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@if test -x $(BIN)/python && ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then \
	  echo "$(VENV) holds Python $$($(BIN)/python -c 'import platform; print(platform.python_version())'), jzlib needs 3.11 or newer: make clean-venv, then make install PYTHON=python3.11 (or 3.12, 3.13)"; exit 1; fi
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@# build matplotlib's font cache now, so no notebook prints "building the font cache"
	$(BIN)/python -c "import matplotlib.pyplot"
	touch $@

install: $(STAMP) ## create .venv if missing and install jzlib with its pinned dependencies

# Each notebook runs top to bottom in a fresh python3 kernel, in numeric order; a notebook that
# reads none of another's outputs (see their **Inputs:** lines) may run beside it (JOBS=1: never).
# A notebook whose code, inputs and outputs are unchanged since it last ran is skipped (FORCE=1: run all).
RUNFLAGS = --jobs $(JOBS) $(if $(FORCE),--force)

# jzlib's bytecode, written even where PYTHONDONTWRITEBYTECODE is set (as on CI): every kernel
# imports jzlib, and compiling its sources took 0.13 s a process (0.05 s from bytecode)
BYTECODE = $(BIN)/python -m compileall -q jzlib >/dev/null

all: install ## set up, rerun every notebook that needs it (data/interim, data/processed, figures/) and export the PDFs to reports/
	@$(BYTECODE)
	$(BIN)/python -m jzlib run $(NOTEBOOKS) $(RUNFLAGS) --pdf $(REPORTS)
	@if test "$(BRIEFING_LANG)" != zh; then $(BIN)/python -m jzlib run $(NOTEBOOKS) $(RUNFLAGS) --pdf $(REPORTS) --lang $(BRIEFING_LANG); fi

notebooks: install ## rerun every notebook that needs it, no PDFs (FORCE=1: all of them)
	@$(BYTECODE)
	$(BIN)/python -m jzlib run $(NOTEBOOKS) $(RUNFLAGS)

pdf: install ## export the notebooks as they are to reports/*.pdf (A4, code hidden, font embedded); LANG=en: English, in reports/en/
	$(if $(filter zh,$(BRIEFING_LANG)),$(BIN)/python -m jzlib pdf $(NOTEBOOKS) --out $(REPORTS),$(BIN)/python -m jzlib run $(NOTEBOOKS) $(RUNFLAGS) --pdf $(REPORTS) --lang $(BRIEFING_LANG))

test: install unit check ## set up, then unit tests and the rebuild checks (which run nbval, strict, over every notebook in a scratch copy)

# unit tests on two processes, each taking the next test when it is free (many start a CLI or a
# kernel and wait for it); TESTJOBS=0: in this process, one after another
TESTJOBS ?= 2
unit: install ## unit tests only
	$(BIN)/python -m pytest tests -m "not slow and not faults" $(if $(filter-out 0,$(TESTJOBS)),-n $(TESTJOBS) --dist worksteal)

faults: install ## the fault suite: hostile input, interruptions, full disk, concurrent runs (~3 min; not in make test)
	$(BIN)/python -m pytest tests/faults -m faults -rs

nbval: install ## nbval only: rerun each notebook and compare with its committed outputs
	$(BIN)/python -m pytest --nbval $(NOTEBOOKS) --nbval-sanitize-with tests/nbval-sanitize.cfg -p no:cacheprovider

check: install ## in a scratch copy: nbval over every notebook, data and figures equal to the committed ones, PDFs (both languages) checked
	$(BIN)/python -m pytest tests -m "slow and not faults"

lab: install ## open the notebooks in JupyterLab
	$(BIN)/jupyter lab notebooks/ $(if $(filter 0,$(shell id -u)),--allow-root)

clean-venv: ## remove .venv (the next command rebuilds it)
	rm -rf $(VENV)

bench: install ## benchmark the corpus build at 1, 100 and 1,000 synthetic reports (SIZES=100,1000,5000: others), and tokenization (~2 min)
	$(BIN)/python benchmarks/bench.py --sizes $(SIZES) --jobs 2

CORPUS ?= ../shared/corpus
SIZES ?= 1,100,1000
CORPUS_OUT ?= build/corpus

audit: install ## build the reports under CORPUS=DIR into CORPUS_OUT (default build/corpus) and print the audit
	$(BIN)/python -m jzlib build --raw $(CORPUS) --out $(CORPUS_OUT) --jobs $(JOBS); \
	$(BIN)/python -m jzlib audit $(CORPUS_OUT)

panel: install ## the targets panel of CORPUS=DIR: build it into CORPUS_OUT, then CORPUS_OUT/processed/panel.csv and .parquet
	$(BIN)/python -m jzlib build --raw $(CORPUS) --out $(CORPUS_OUT) --jobs $(JOBS) --quiet; \
	$(BIN)/python -m jzlib panel $(CORPUS_OUT)

corpus-bench: install ## time a whole-corpus build of CORPUS=DIR (wall, peak memory, output) and audit it
	$(BIN)/python benchmarks/corpus.py $(CORPUS) --jobs $(JOBS)
