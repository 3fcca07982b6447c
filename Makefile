# Two commands for a fresh machine:  make run  (the app on the default case)  and  make test  (every test).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CASE ?= claims

.PHONY: run test bench validate clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

run: $(VENV)/.installed
	$(PY) -m streamlit run app.py --browser.gatherUsageStats=false -- --case $(CASE)

test: $(VENV)/.installed
	$(PY) -m pytest

validate: $(VENV)/.installed
	$(PY) -m explorer validate $(CASE)

bench: $(VENV)/.installed
	$(PY) bench/bench_load.py
	$(PY) bench/bench_weigh.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
