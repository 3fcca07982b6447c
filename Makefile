# Two commands for a fresh machine:  make run  (the app on the default case)  and  make test  (every test).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CASE ?= claims

.PHONY: run class test bench validate clean chromium

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

run: $(VENV)/.installed
	$(PY) -m streamlit run app.py --browser.gatherUsageStats=false -- --case $(CASE)

# For a class debate: reachable from the students' phones on the class network.
class: $(VENV)/.installed
	$(PY) -m streamlit run app.py --server.address 0.0.0.0 --browser.gatherUsageStats=false -- --case $(CASE)

test: $(VENV)/.installed chromium
	$(PY) -m pytest

# The real-browser tests drive Debian's Chromium; install it when missing and we may (as root).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium is missing: run 'sudo apt-get install chromium' to include the browser tests"; \
	  fi; }

validate: $(VENV)/.installed
	$(PY) -m explorer validate $(CASE)

bench: $(VENV)/.installed
	$(PY) bench/bench_load.py
	$(PY) bench/bench_weigh.py
	$(PY) bench/bench_app.py
	$(PY) bench/bench_poll.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
