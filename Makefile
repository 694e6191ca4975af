# Two commands do everything on a fresh machine with Python 3.11+:
#   make demo   set up .venv and run govrules on the bundled examples
#   make test   set up .venv and run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench fuzz clean

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

# Every fuzzing harness of fuzz/ under atheris, FUZZ_SECONDS each, one after another.
FUZZ_SECONDS ?= 60
fuzz: $(STAMP)
	for entry in targets rules submissions evaluation; do \
		$(BIN)/python fuzz/run.py $$entry --seconds $(FUZZ_SECONDS) || exit 1; \
	done

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis
