# newsmon: `make demo` and `make test` work on a fresh machine (no internet needed
# beyond the package index).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: setup demo test lint format bench-extraction bench-throughput clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: setup
	VENV=$(VENV) bash scripts/demo.sh

test: setup
	$(PY) -m pytest -n 2 --dist loadfile -q

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench-extraction: setup
	$(PY) bench/extraction_quality.py

bench-throughput: setup
	$(PY) bench/throughput.py

clean:
	rm -rf $(VENV) data/demo build *.egg-info
