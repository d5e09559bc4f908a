# The two commands of the README: `make site` builds the site, `make test` runs every test.
# Both set up everything they need on a fresh machine: a virtual environment in .venv with
# the project installed, and (for the browser tests) Debian's chromium.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
CHROMIUM ?= /usr/bin/chromium

.PHONY: site test test-fast bench lint serve schema clean venv browser lock messages

site: $(STAMP)
	$(VENV)/bin/factsite build

test: $(STAMP) browser
	$(PY) -m pytest

# The edit loop: everything but the browser tests and the full builds (about a minute).
test-fast: $(STAMP)
	$(PY) -m pytest -m "not browser and not slow"

bench: $(STAMP) browser
	$(PY) scripts/bench.py

serve: $(STAMP)
	$(VENV)/bin/factsite serve

schema: $(STAMP)
	$(VENV)/bin/factsite schema

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests scripts
	$(VENV)/bin/ruff format --check src tests scripts

venv: $(STAMP)

# The workflows install the runtime dependencies from requirements.lock, every file checked
# against its hash. Refresh it after a change of pyproject.toml's dependencies, and to take
# newer releases; tests/test_workflows.py checks that it satisfies pyproject.toml.
lock: $(STAMP)
	$(PY) -m pip install --quiet pip-tools
	PIP_FIND_LINKS= $(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras \
	  --allow-unsafe --no-emit-index-url --no-emit-find-links \
	  --output-file requirements.lock pyproject.toml

# npm ci: the workflow linter of tests/test_workflows.py (package.json, package-lock.json).
$(STAMP): pyproject.toml package-lock.json
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	npm ci --no-audit --no-fund --loglevel=error
	touch $(STAMP)

# Browser tests drive Debian's chromium through Playwright (no browser download). The share
# cards shape right-to-left text with Pillow's raqm, which loads FriBiDi (libfribidi0). The
# print test reads the text of Chromium's PDF with pdftotext (poppler-utils).
FRIBIDI := $(firstword $(wildcard /usr/lib/*/libfribidi.so.0 /usr/lib/libfribidi.so.0))
PDFTOTEXT ?= /usr/bin/pdftotext
browser:
	@if [ ! -x $(CHROMIUM) ] || [ -z "$(FRIBIDI)" ] || [ ! -x $(PDFTOTEXT) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      chromium libfribidi0 poppler-utils; \
	  else \
	    echo "The tests need Debian's chromium, libfribidi0 and poppler-utils: sudo apt-get install chromium libfribidi0 poppler-utils" >&2; \
	    exit 1; \
	  fi; \
	fi

# factsite clean removes exactly what render and build made (src/factsite/publish/write.py).
clean:
	if [ -x $(VENV)/bin/factsite ]; then $(VENV)/bin/factsite clean; fi
	rm -rf .bench test-artifacts

# factsite's own words (issue 28): extract the messages of src/factsite into the template
# catalogue and merge it into every language's .po (new messages arrive empty, changed ones
# fuzzy: tests/test_i18n.py fails until a translator fills them). The .po files are the only
# copy: render/i18n.py compiles them in memory; `compile --statistics` (into a scratch folder)
# only reports.
LOCALES := src/factsite/locales
messages: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ --no-location --sort-by-file \
	  --project factsite --copyright-holder "factsite contributors" \
	  --msgid-bugs-address "https://github.com/factsite/factsite/issues" -o $(LOCALES)/factsite.pot .
	$(VENV)/bin/pybabel update -D factsite -i $(LOCALES)/factsite.pot -d $(LOCALES) \
	  --ignore-obsolete --width 100
	@tmp=$$(mktemp -d) && cp -r $(LOCALES)/. $$tmp && \
	  $(VENV)/bin/pybabel compile -D factsite -d $$tmp --statistics 2>&1 | grep translated; \
	  rm -rf $$tmp
