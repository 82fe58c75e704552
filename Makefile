# Two commands do everything: `make build` and `make test`. Each does the set-up first.
PY := .venv/bin/python

.PHONY: setup setup-test build test lint lock mutation check schema bench bench-vs bench-hostile property demonstration goldens clean

setup:
	@bash scripts/setup.sh

setup-test:
	@bash scripts/setup.sh --test

build: setup
	$(PY) build.py

test: setup-test lint
	$(PY) -m pytest -q

lint: setup-test
	$(PY) -m ruff check councilpapers tests build.py bench
	$(PY) -m ruff format --check councilpapers tests build.py bench
	$(PY) -m mypy

check: setup
	$(PY) build.py check

schema: setup
	$(PY) build.py schema

bench: setup
	$(PY) bench/bench.py

# This tree's build against an earlier revision's, side by side: `make bench-vs REV=366f9c0`.
REV ?= HEAD
bench-vs: setup
	$(PY) bench/bench.py --vs $(REV) --repeat 5

# The table of hostile input alone (the last table of make bench): each case's message, time and memory.
bench-hostile: setup-test
	$(PY) bench/bench.py --hostile

# The property-based test of random papers at length: every writer, the PDF's too, 600 examples
# (make test runs 100, without the PDF). `make property PROPERTY_EXAMPLES=2000` for more.
PROPERTY_EXAMPLES ?= 600
property: setup-test
	HYPOTHESIS_PROFILE=long PROPERTY_EXAMPLES=$(PROPERTY_EXAMPLES) $(PY) -m pytest -q tests/e2e/test_property.py --hypothesis-show-statistics

# The demonstration PDFs the sample meetings are supplied with, made by the toolkit from samples/demonstration/.
demonstration: setup
	$(PY) scripts/demonstration.py

goldens: setup
	$(PY) -m tests.goldens

# Re-pin every Python dependency, transitive ones included, with hashes, from pyproject.toml.
lock: setup
	$(PY) -m pip install --disable-pip-version-check -q uv==0.9.9
	$(PY) -m uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 --no-header -o requirements.lock

# Mutation testing of tables.py, numbers.py and expressions.py: slow, so not part of make test.
# A virtualenv of its own (the locked packages, without the repository on its path, which would
# shadow mutmut's mutated copy). `make mutation MUTANTS='councilpapers.core.numbers*'` for one module.
MUTANTS ?=
mutation: setup
	test -x .venv-mutation/bin/python || python3 -m venv .venv-mutation
	.venv-mutation/bin/python -m pip install --disable-pip-version-check -q --require-hashes -r requirements.lock
	.venv-mutation/bin/python -m pip install --disable-pip-version-check -q mutmut==3.8.1
	.venv-mutation/bin/python -m mutmut run --max-children 2 $(MUTANTS)
	.venv-mutation/bin/python -m mutmut results

clean:
	rm -rf output .pytest_cache
