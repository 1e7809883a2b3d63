# AlbertQA — the two commands a new user needs are `make run` and `make test`.
SWIFT ?= swift
DOCS ?= Documents
BIN := .build/release/albertqa

.PHONY: run test deps build bench e2e calibrate clean

## Install missing Debian packages, build, and open AlbertQA on the sample documents.
run: build
	$(BIN) "$(DOCS)"

## Install missing Debian packages and run the whole test suite.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test

deps:
	@bash Scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release --product albertqa

## The reader's latency for one 384-token window.
bench: build
	$(BIN) bench --precision all --seq 384 --runs 30

## The interactive interface driven through tmux.
e2e: build
	bash Scripts/tui-e2e.sh $(BIN)

## Refit a model's answer calibration (probabilities, "not found"): make calibrate MODEL=DIR [DATA=../shared/data]
MODEL ?= Models/albert-qa-minilm-squad
DATA ?= ../shared/data
calibrate: deps
	bash Scripts/calibrate.sh "$(MODEL)" "$(DATA)"

clean:
	rm -rf .build
