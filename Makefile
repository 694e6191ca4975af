# Two commands do everything on a fresh machine with Python 3.11+:
#   make demo   set up .venv and run govrules on the bundled examples
#   make test   set up .venv and run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench corpus clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m govrules.demo

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/parse_targets.py
	$(BIN)/python benchmarks/evaluate.py
	$(BIN)/python benchmarks/reports.py
	$(BIN)/python benchmarks/read_sheets.py

.PHONY: bench-spark
bench-spark: $(STAMP)  # COUNT=100000 make bench-spark for a shorter run
	$(BIN)/python benchmarks/spark.py --count $(or $(COUNT),1000000)

corpus: $(STAMP)
	$(BIN)/python benchmarks/corpus.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis
