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

.PHONY: run dev test bench bench-load stack stack-down rehearsal clean

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c "import ensurepip" 2>/dev/null || bin/ensure-system-packages python3-venv
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(STAMP)
	$(BIN)/flask --app application run --host 127.0.0.1 --port $(PORT)

dev: $(STAMP)
	$(BIN)/flask --app application run --host 127.0.0.1 --port $(PORT) --debug

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
