# The README's two commands live here: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LANG_  ?= en
OUT    ?= out
# annual budget of the demo roadmap: the 2019-2024 average of "Auyl - El Besigi"
# (701 bn KZT over six years), an assumption to show the roadmap, not a plan figure
BUDGET ?= 117e9

.PHONY: demo test lint bench clean

# constraints.txt pins every dependency to the versions the suite was last run with
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

## Build the database from the embedded official dataset and run the main job.
demo: $(STAMP)
	$(BIN)/aimaq init --force
	$(BIN)/aimaq report --lang $(LANG_) --out $(OUT)/report-$(LANG_).html \
		--xlsx $(OUT)/report-$(LANG_).xlsx --budget $(BUDGET) --from 2025 --to 2030

## Lint, types and the layer contract.
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

## The whole test suite: lint, then every test (docstring examples included).
test: lint
	$(BIN)/pytest -n 2 --dist loadfile

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
