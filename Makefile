# Tongxin: `make run` to try it, `make test` to check it. Needs python3 (>= 3.11) with venv, and pip.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format install check-python messages clean

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null || { \
	  echo "需要 Python 3.11 或更新版本 (Python >= 3.11 is required); found: $$($(PYTHON) --version 2>&1)."; \
	  echo "Install it (e.g. apt-get install python3.11) or run: make PYTHON=/path/to/python3.11 ..."; exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { \
	  echo "Python 的 venv 模块不可用 (the venv module is missing)."; \
	  echo "On Debian/Ubuntu: apt-get install python3-venv"; exit 1; }

$(STAMP): pyproject.toml | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

run: install
	TONGXIN_DEBUG=1 $(BIN)/tongxin migrate --verbosity 0
	TONGXIN_DEBUG=1 $(BIN)/tongxin loaddemo
	@echo ""
	@echo "同心已启动: http://$(HOST):$(PORT)/  (Ctrl-C 停止)"
	@echo "登录: editor / editor2 / leader / guanghan / shifang / jingyang / luojiang / mianzhu / zhongjiang / sysadmin / secadmin / auditor，密码 Tongxin@2022"
	@echo ""
	TONGXIN_DEBUG=1 $(BIN)/tongxin runserver $(HOST):$(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Needs GNU gettext (apt-get install gettext); the compiled catalogue is committed.
messages: install
	cd tongxin && TONGXIN_DEBUG=1 ../$(BIN)/tongxin makemessages -l en --ignore "text/*" --ignore "*/tests/*"
	cd tongxin && TONGXIN_DEBUG=1 ../$(BIN)/tongxin compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
