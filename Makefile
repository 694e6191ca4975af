# Two commands do everything on a fresh machine with Python 3.11+:
#   make demo   set up .venv and run govrules on the bundled examples
#   make test   set up .venv and run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench bench-service bench-batch bench-cold-start corpus readings fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m govrules.demo

test: $(STAMP)
	$(BIN)/mypy src/govrules
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/parse_targets.py
	$(BIN)/python benchmarks/evaluate.py
	$(BIN)/python benchmarks/hostile_evaluate.py
	$(BIN)/python benchmarks/reports.py
	$(BIN)/python benchmarks/read_sheets.py

.PHONY: bench-spark
bench-spark: $(STAMP)  # COUNT=100000 make bench-spark for a shorter run
	$(BIN)/python benchmarks/spark.py --count $(or $(COUNT),1000000)

corpus: $(STAMP)
	$(BIN)/python benchmarks/corpus.py

readings: $(STAMP)
	$(BIN)/python benchmarks/readings.py

bench-service: $(STAMP)
	$(BIN)/python benchmarks/service.py

bench-batch: $(STAMP)
	$(BIN)/python benchmarks/batch.py

bench-cold-start: $(STAMP)
	$(BIN)/python benchmarks/cold_start.py

# Every fuzzing harness of fuzz/ under atheris, FUZZ_SECONDS each, one after another.
FUZZ_SECONDS ?= 60
fuzz: $(STAMP)
	for entry in targets rules submissions evaluation; do \
		$(BIN)/python fuzz/run.py $$entry --seconds $(FUZZ_SECONDS) || exit 1; \
	done

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis
