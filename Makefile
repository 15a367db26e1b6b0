# Development tasks. `make install` once, then `make test`; `make bench` and `make fuzz` take minutes.
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: install test lint bench bench-quick fuzz

install:
	python3 -m venv $(VENV)
	$(PY) -m pip install -q -e '.[dev]'

test:
	$(PY) -m pytest -q -p no:cacheprovider

lint:
	$(PY) -m ruff check extract tests bench corpus
	$(PY) -m ruff format --check extract tests bench corpus
	$(PY) -m mypy extract

# Throughput, memory and Datasette response times against the baselines; prints medians and a table.
bench:
	$(PY) bench/bench.py

bench-quick:
	$(PY) bench/bench.py --quick

# The property tests with >= 10,000 examples per target (the normal run uses the small "ci" profile).
fuzz:
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest -q -p no:cacheprovider tests/test_fuzz.py
