# credrec — every target creates what it needs on a fresh machine.
#   make demo    run the whole pipeline offline (local bucket, sqlite store, local OCR engine)
#   make test    install everything and run the test suite (what CI runs)
#   make bench   print the benchmark tables (never fails on timings)
#   make soak    1,000 uploads through the local runner against the emulator at --qps 5, with faults and kill -9

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PY310  ?= $(shell for p in $$(ls -d $$HOME/.pyenv/versions/3.10.*/bin/python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10 2>/dev/null); do $$p -c 'import venv' 2>/dev/null && echo $$p && break; done)
# Fonts used by the document generator (fixtures, demo samples, benchmarks).
FONT_PACKAGES := fonts-dejavu-core fonts-liberation fonts-freefont-ttf
# The browser the review workbench's tests drive (selenium → chromedriver → chromium, headless).
BROWSER_PACKAGES := chromium chromium-driver

.PHONY: help venv sysdeps browserdeps test test-fast test-py310 typecheck demo bench soak lint package screenshots clean

help:
	@echo "make demo | make test | make typecheck | make bench | make lint | make test-py310 | make package | make screenshots | make clean"

$(STAMP): pyproject.toml functions/requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c functions/requirements.txt -e '.[local,infra,dev]'
	@touch $(STAMP)

venv: $(STAMP)

# System packages: fonts (sysdeps) and the browser of the workbench tests (browserdeps). Installed with
# apt when missing and we are allowed to; otherwise explained.
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing) >/dev/null; \
	  elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "warning: packages missing:$$missing ($(2))"; \
	  fi; \
	fi
endef

sysdeps:
	$(call apt_install,$(FONT_PACKAGES),install them for identical fixtures)

browserdeps:
	$(call apt_install,$(BROWSER_PACKAGES),the browser tests are skipped without them)

test: sysdeps browserdeps $(STAMP) typecheck
	$(PY) -m pytest
	@$(MAKE) --no-print-directory test-py310

# Static types: the shipped package strictly, everything else with mypy's defaults (config in pyproject).
typecheck: $(STAMP)
	$(PY) -m mypy --strict functions/credrec
	$(PY) -m mypy functions/credrec_local infra

test-fast: $(STAMP)
	$(PY) -m pytest -m "not slow"

# The FC runtime in Singapore is python3.10: run the function's own tests on it when it is available.
test-py310:
	@if [ -z "$(PY310)" ]; then echo "python3.10 not found: skipped"; exit 0; fi; \
	test -x .venv310/bin/python || $(PY310) -m venv .venv310; \
	.venv310/bin/python -m pip install --quiet --upgrade pip && \
	.venv310/bin/python -m pip install --quiet -c functions/requirements.txt -e '.[dev]' pillow && \
	.venv310/bin/python -m pytest -q -p no:cacheprovider tests/unit/test_*.py tests/functional/test_handler_*.py

demo: sysdeps $(STAMP)
	$(VENV)/bin/credrec demo --once

# HTML/Chromium-rendered bills (an evaluation set not made by docgen): HTMLBILLS_PAGES=78 covers every
# country x layout pair; 26 (two pages per country, half scanned/photographed) runs in ~2 minutes on 2 cores.
HTMLBILLS_PAGES ?= 26

bench: sysdeps browserdeps $(STAMP)
	$(PY) tests/bench/engine.py
	$(PY) tests/bench/engine.py --countries CA,FR,DE,IN --pages 12 --fraud-docs 1 --no-pdf
	$(PY) tests/bench/pipeline.py
	$(PY) tests/bench/emulator_load.py
	$(PY) tests/bench/real.py
	$(PY) tests/bench/htmlbills.py --pages $(HTMLBILLS_PAGES)
	$(PY) tests/bench/decisions.py
	$(PY) tests/bench/libraries.py
	$(PY) tests/bench/forgery_independent.py
	$(PY) tests/bench/fc_cold_start.py

# ~5 minutes: 1,000 uploads at the API's 5 QPS, 5 % 5xx, 2 % timeouts, 10 % duplicate events,
# 5 % overwrites, 3 kill -9 of the runner; prints the table the README quotes (never fails on timings).
soak: $(STAMP)
	$(PY) tests/bench/soak.py --check

lint: $(STAMP)
	$(PY) -m pip install --quiet ruff
	$(PY) -m ruff check functions infra tests

# Build the Function Compute code package (build/fc/credrec-fc.zip) the Pulumi program deploys.
package: $(STAMP)
	$(PY) -m infra.fc_package

# Screenshots of the review workbench for the README (tools/screenshots/*.png), from the demo's records.
screenshots: sysdeps browserdeps $(STAMP)
	$(PY) tools/workbench_screenshots.py

clean:
	rm -rf $(VENV) .venv310 build dist .pytest_cache .credrec
