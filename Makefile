# Two commands do everything: `make build` and `make test`. Each does the set-up first.
PY := .venv/bin/python

.PHONY: setup setup-test build test lint lock check schema bench goldens clean

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

goldens: setup
	$(PY) -m tests.goldens

# Re-pin every Python dependency, transitive ones included, with hashes, from pyproject.toml.
lock: setup
	$(PY) -m pip install --disable-pip-version-check -q uv==0.9.9
	$(PY) -m uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 --no-header -o requirements.lock

clean:
	rm -rf output .pytest_cache
