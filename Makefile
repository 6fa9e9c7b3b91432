# The two commands a new machine needs: `make run` and `make test`. Both set everything up.
SHELL := /bin/bash
# Debian's own Python when there is one: it lives outside root's home, so an unprivileged
# web server user can read it (see README "How it runs").
PYTHON ?= $(shell test -x /usr/bin/python3 && echo /usr/bin/python3 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8080
export PYTHONPATH := $(CURDIR)
# mod_wsgi (requirements.txt) compiles against Apache's apxs and Python's headers; root serves
# through www-data and grants it access with ACLs (bin/serve, README "Who the server runs as");
# haproxy runs the load-balanced rehearsal in the suite.
SYSTEM_PACKAGES := apache2 apache2-dev python3-dev gcc haproxy $(if $(filter 0,$(shell id -u)),acl)

.PHONY: run dev test migrate bench bench-load stack stack-down rehearsal clean

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c "import ensurepip" 2>/dev/null || bin/ensure-system-packages python3-venv
	@if command -v dpkg-query >/dev/null; then bin/ensure-system-packages $(SYSTEM_PACKAGES); fi
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(STAMP) migrate
	bin/serve $(PORT)

dev: $(STAMP) migrate
	$(BIN)/flask --app application run --host 127.0.0.1 --port $(PORT) --debug

# Create or update the database schema (DATABASE_URL, RDS_*, or the SQLite file under instance/).
migrate: $(STAMP)
	$(BIN)/flask --app application db upgrade

# PostgreSQL tests run when this server is reachable and are skipped, with the reason, when not.
test: export TEST_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/test
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m bench.solver
	$(MAKE) bench-load

# Latency under load through bin/serve, with wrk (LOAD_ARGS="--duration 5 --levels 1,8" to shorten).
bench-load: $(STAMP)
	bin/ensure-system-packages wrk
	$(BIN)/python -m bench.load $(LOAD_ARGS)

# Two instances behind HAProxy, in the background; `make stack-down` stops them.
stack: $(STAMP)
	bin/ensure-system-packages haproxy
	$(BIN)/python -m bench.stack up

stack-down: $(STAMP)
	$(BIN)/python -m bench.stack down

# Faults under load through the stack; writes bench/results/rehearsal.md.
rehearsal: $(STAMP)
	bin/ensure-system-packages haproxy
	$(BIN)/python -m bench.rehearsal

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
