# AlbertQA — the two commands a new user needs are `make run` and `make test`.
SWIFT ?= swift
DOCS ?= Documents
BIN := .build/release/albertqa

PREFIX ?= /usr/local
DESTDIR ?=
MODEL := albert-qa-minilm-squad
ENCODER ?= all-minilm-l6-v2
ENCODER_FILES = config.json model.safetensors vocab.txt tokenizer_config.json special_tokens_map.json \
	sentence_bert_config.json modules.json MODEL_CARD.md

.PHONY: run test deps build bench e2e install install-files uninstall calibrate clean

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

## Installs the binary, the default model, the man page and shell completions under
## $(DESTDIR)$(PREFIX); the installed binary finds its models (reader and sentence encoder) in
## ../share/albertqa/models.
install: build
	@$(MAKE) --no-print-directory install-files

## What `install` copies, from an already built $(BIN) (the tests install a debug build).
install-files:
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/albertqa/models/$(MODEL)" \
		"$(DESTDIR)$(PREFIX)/share/man/man1" "$(DESTDIR)$(PREFIX)/share/bash-completion/completions" \
		"$(DESTDIR)$(PREFIX)/share/zsh/site-functions" "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d"
	install -m 0755 $(BIN) "$(DESTDIR)$(PREFIX)/bin/albertqa"
	install -m 0644 Models/$(MODEL)/config.json Models/$(MODEL)/model.safetensors Models/$(MODEL)/spiece.model Models/$(MODEL)/calibration.json \
		Models/$(MODEL)/MODEL_CARD.md Models/$(MODEL)/LICENSE-CC-BY-SA-4.0.txt "$(DESTDIR)$(PREFIX)/share/albertqa/models/$(MODEL)/"
	install -d "$(DESTDIR)$(PREFIX)/share/albertqa/models/$(ENCODER)/1_Pooling"
	install -m 0644 $(addprefix Models/$(ENCODER)/,$(ENCODER_FILES)) "$(DESTDIR)$(PREFIX)/share/albertqa/models/$(ENCODER)/"
	install -m 0644 Models/$(ENCODER)/1_Pooling/config.json "$(DESTDIR)$(PREFIX)/share/albertqa/models/$(ENCODER)/1_Pooling/"
	install -m 0644 Packaging/albertqa.1 "$(DESTDIR)$(PREFIX)/share/man/man1/albertqa.1"
	install -m 0644 Packaging/completions/albertqa.bash "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/albertqa"
	install -m 0644 Packaging/completions/_albertqa "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_albertqa"
	install -m 0644 Packaging/completions/albertqa.fish "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/albertqa.fish"

## Removes exactly the files `make install` puts there (and the model folder it made).
uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/albertqa" "$(DESTDIR)$(PREFIX)/share/man/man1/albertqa.1" \
		"$(DESTDIR)$(PREFIX)/share/bash-completion/completions/albertqa" "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_albertqa" \
		"$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/albertqa.fish"
	for f in config.json model.safetensors spiece.model calibration.json MODEL_CARD.md LICENSE-CC-BY-SA-4.0.txt; do \
		rm -f "$(DESTDIR)$(PREFIX)/share/albertqa/models/$(MODEL)/$$f"; done
	rm -f $(addprefix "$(DESTDIR)$(PREFIX)/share/albertqa/models/$(ENCODER)/,$(addsuffix ",$(ENCODER_FILES) 1_Pooling/config.json))
	-rmdir "$(DESTDIR)$(PREFIX)/share/albertqa/models/$(ENCODER)/1_Pooling" "$(DESTDIR)$(PREFIX)/share/albertqa/models/$(ENCODER)"
	-rmdir "$(DESTDIR)$(PREFIX)/share/albertqa/models/$(MODEL)" "$(DESTDIR)$(PREFIX)/share/albertqa/models" "$(DESTDIR)$(PREFIX)/share/albertqa"

## Refit a model's answer calibration (probabilities, "not found"): make calibrate [CALIBRATE_MODEL=DIR] [DATA=../shared/data]
CALIBRATE_MODEL ?= Models/$(MODEL)
DATA ?= ../shared/data
calibrate: deps
	bash Scripts/calibrate.sh "$(CALIBRATE_MODEL)" "$(DATA)"

clean:
	rm -rf .build
