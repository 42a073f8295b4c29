# The two commands of the README: `make render` and `make test`.
# Each installs what is missing first (scripts/setup.sh), then does its work.
VENV := .venv
STAMP := $(VENV)/.stamp-installed
OUT ?= build

.PHONY: render test lint setup bench bench-scene baselines clean

$(STAMP): pyproject.toml requirements/lock.txt scripts/setup.sh
	bash scripts/setup.sh
	touch $@

setup: $(STAMP)

# Everything, then the lecture (which also puts it on the course page) and the deck; the
# two find the videos and figures of `whyl1 all` up to date and render nothing again.
render: $(STAMP)
	$(VENV)/bin/whyl1 all --out $(OUT)
	$(VENV)/bin/whyl1 lecture --out $(OUT)
	$(VENV)/bin/whyl1 slides --out $(OUT)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: lint
	$(VENV)/bin/python -m pytest -n 2 --dist loadfile

bench: $(STAMP)
	$(VENV)/bin/python scripts/bench.py

# One scene on two cores, and every whole scene at 1080p60: about half an hour.
bench-scene: $(STAMP)
	$(VENV)/bin/python scripts/bench_scene.py

# Rewrite the figure baselines (tests/baseline/figures) after an intended change to a figure.
baselines: $(STAMP)
	$(VENV)/bin/python scripts/update_baselines.py

clean:
	rm -rf $(OUT) media .pytest_cache
