# Encours — `make run` serves a development instance from a fresh clone, `make test` runs the whole suite.
VENV    ?= .venv
PYTHON  ?= python3
PY      := $(VENV)/bin/python
FLASK   := $(VENV)/bin/flask --app app
STAMP   := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
PORT    ?= 8000
WORKERS ?= 4

.PHONY: run test serve venv bench clean

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: venv
	$(FLASK) db upgrade
	$(FLASK) content sync
	$(FLASK) demo ensure
	@echo "Encours : http://127.0.0.1:5000"
	$(FLASK) run --host 127.0.0.1 --port 5000

test: venv
	$(PY) -m pytest $(PYTEST_ARGS)

serve: venv
	ENCOURS_ENV=$${ENCOURS_ENV:-production} $(FLASK) db upgrade
	ENCOURS_ENV=$${ENCOURS_ENV:-production} $(FLASK) content sync
	ENCOURS_ENV=$${ENCOURS_ENV:-production} $(VENV)/bin/gunicorn --workers $(WORKERS) --bind 0.0.0.0:$(PORT) \
		--access-logfile - --timeout 60 "app:create_app()"

clean:
	rm -rf $(VENV) instance
