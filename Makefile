# The README's two commands. Both install uv (if missing) and the locked dependencies first.
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)

.PHONY: run test deps lint format

$(UV):
	python3 -m pip install --user --quiet uv || python3 -m pip install --quiet uv

deps: $(UV)
	$(UV) sync --frozen

run: deps
	$(UV) run --frozen python -m config.devstack run

test: deps
	$(UV) run --frozen python -m config.devstack test $(PYTEST_ARGS)

lint: deps
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

format: deps
	$(UV) run --frozen ruff format .
	$(UV) run --frozen ruff check --fix .
