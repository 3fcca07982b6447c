# Two commands for a fresh machine:  make run  (the app on the default case)  and  make test  (every test).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CASE ?= claims

.PHONY: run class test bench validate clean tools

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet -e .   # the `explorer` command, from any folder
	touch $@

run: $(VENV)/.installed
	$(PY) -m streamlit run app.py --browser.gatherUsageStats=false -- --case $(CASE)

# For a class debate: reachable from the students' phones on the class network. The app on port 8501 (set-up,
# console, briefs) and the students' phone page on 8502 (explorer/classroom/phone_app.py), one poll store; Ctrl-C stops both.
class: $(VENV)/.installed
	$(PY) -m explorer.classroom --address 0.0.0.0 --port 8501 --phone-port 8502 -- --case $(CASE) --no-workshop

test: $(VENV)/.installed tools
	$(PY) -m ruff check .
	$(PY) -m pytest

# The real-browser tests drive Debian's Chromium, the Argdown tests need node and npm (the tests install
# @argdown/cli into .cache/ themselves), the map's drawing and SVG download need Graphviz's dot, and the Word
# outline's footnotes are read back by LibreOffice (soffice) and its PDF by pdftotext (poppler-utils). Install
# what is missing when we may (as root).
tools:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	command -v dot >/dev/null 2>&1 || missing="$$missing graphviz"; \
	command -v soffice >/dev/null 2>&1 || missing="$$missing libreoffice-writer-nogui"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Missing:$$missing. Install them (sudo apt-get install$$missing) to run the browser, Argdown and Word tests."; \
	  fi; \
	fi

validate: $(VENV)/.installed
	$(PY) -m explorer validate $(CASE)

bench: $(VENV)/.installed   # every benchmark, then every goal with whether it is met (also in bench/last.txt)
	@rm -f bench/last.txt
	@for b in load weigh app poll class essay suggest check; do \
	  $(PY) bench/bench_$$b.py 2>&1 | tee -a bench/last.txt || exit 1; done
	@echo; echo "Every goal:"; grep -E "^goal: " bench/last.txt || echo "(no goal printed)"

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
