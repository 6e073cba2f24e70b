# The two commands: `make run` and `make test` (README.md). Each sets up what it needs first.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { command -v $$p; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
LOCALE_DIRS := $(wildcard locale */locale)

.PHONY: setup run test bench lint messages makemessages clean

$(VENV)/.installed: pyproject.toml
	@if [ -z "$(PYTHON)" ]; then echo "make: Python 3.11 or newer is required but none was found on PATH (install python3.11 and python3.11-venv)." >&2; exit 1; fi
	@echo "Setting up $(VENV) with $(PYTHON)"
	@$(PYTHON) -m venv $(VENV) || { echo "make: could not create a virtual environment; on Debian install python3-venv." >&2; exit 1; }
	@$(PY) -m pip install --quiet --upgrade pip
	@$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

setup: $(VENV)/.installed messages

# Compile every .po catalogue (the project's and each app's) into .mo files.
messages: $(VENV)/.installed
	@for dir in $(LOCALE_DIRS); do $(VENV)/bin/pybabel -q compile -D django -d $$dir || exit 1; done

# Developers: refresh the catalogues from the code (needs GNU gettext). Each app keeps its own catalogue;
# the project's locale/ holds the strings of liaison/ and templates/.
APPS_WITH_CATALOGUES := deputies voters suggestions assessments
makemessages: $(VENV)/.installed
	@$(PY) manage.py makemessages -l zh_Hans --no-obsolete $(foreach app,$(APPS_WITH_CATALOGUES),--ignore '$(app)/*') \
		--ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*' --ignore 'static/*'
	@for app in $(APPS_WITH_CATALOGUES); do mkdir -p $$app/locale && (cd $$app && ../$(PY) ../manage.py makemessages -l zh_Hans --no-obsolete) || exit 1; done

run: setup
	@$(PY) manage.py migrate --noinput -v 0
	@$(PY) manage.py demo_data
	@echo
	@echo "Serving on http://127.0.0.1:$(PORT)/  (log in at http://127.0.0.1:$(PORT)/accounts/login/; Ctrl-C stops the web server, worker and beat)"
	@$(VENV)/bin/honcho start -f Procfile.dev -p $(PORT)

test: setup
	@$(PY) -m pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests."; exit 0; fi; exit $$status

# The city-scale benchmark (bench/README in README.md): needs PostgreSQL and Redis on 127.0.0.1; builds and drops
# its own databases liaison_bench_street and liaison_bench_city. BENCH_SCALE=0.05 for a quick run.
bench: setup
	@$(PY) -m bench

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var
