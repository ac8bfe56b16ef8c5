# The README's two commands. Both install uv (if missing) and the locked dependencies first.
UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := python3 -m uv
endif

.PHONY: run test deps uv lint format

uv:
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet --user uv \
		|| python3 -m pip install --quiet --user --break-system-packages uv

deps: uv
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
