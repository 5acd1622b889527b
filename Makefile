# newsmon: `make demo` and `make test` work on a fresh machine (no internet needed
# beyond the package index).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: setup demo test browser lint format bench-extraction bench-throughput clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	# An editable install leaves our own modules uncompiled, and with
	# PYTHONDONTWRITEBYTECODE set every command would compile them again (~40 ms).
	$(PY) -m compileall -q newsmon query extract storage search stories crawler alerts analysis scheduler web
	touch $(STAMP)

demo: setup
	VENV=$(VENV) bash scripts/demo.sh

# Browser tests drive Debian's chromium (never a downloaded browser); without it they skip.
browser:
	@command -v chromium >/dev/null 2>&1 || test -x /usr/bin/chromium \
	  || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	       && { apt-get install -y -q chromium >/dev/null 2>&1 \
	            || { apt-get update -q >/dev/null 2>&1 \
	                 && apt-get install -y -q chromium >/dev/null 2>&1; }; }; } \
	  || echo "chromium not installable here; browser tests will be skipped"

test: setup browser
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
