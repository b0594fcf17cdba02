# reportgw build.  `make` builds ./reportgw; `make test` installs what is
# missing and runs every test; `make check` is the strict gate (warnings as
# errors, sanitizers, fuzz corpora, banned functions).  O= picks the build
# directory, so several flavours can live side by side.

SHELL	:= /bin/bash
VERSION	= 0.1.0
PREFIX	?= /usr/local
DESTDIR	?=
O	?= build
CC	?= cc

export LSAN_OPTIONS = suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0

PKGS	= libcurl sqlite3 libconfig jansson libmicrohttpd libsodium \
	  xlsxwriter cairo
TESTPKGS = cmocka

OPT	?= -O2 -g
KILL_CYCLES ?= 20
WARN	= -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	  -Wpointer-arith -Wformat=2 -Wno-format-nonliteral -Wundef \
	  -Wvla -Wimplicit-fallthrough -Wwrite-strings
WERROR	?=
SAN	?=
CFLAGS	?=
ALL_CFLAGS = -std=c11 $(OPT) $(WARN) $(WERROR) $(SAN) $(CFLAGS) \
	  -D_GNU_SOURCE -DREPORTGW_VERSION='"$(VERSION)"' \
	  $(foreach d,$(INCDIRS),-I$(d)) -I$(O)/gen \
	  $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS	= $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lunistring -lm
LDFLAGS	?=
ALL_LDFLAGS = $(SAN) $(LDFLAGS)

# the binary sits at the top for the default build, inside $(O) otherwise
ifeq ($(O),build)
BIN	= reportgw
else
BIN	= $(O)/reportgw
endif

# One folder a part (README "Architecture"): the language, what every part
# uses (util), the config loader, then the gateway's modules.
GATEWAY_DIRS = gateway gateway/providers gateway/http gateway/store \
	  gateway/report gateway/chart \
	  gateway/digest gateway/mail gateway/web
INCDIRS     = parsers gateway/util gateway/conf $(GATEWAY_DIRS)
PARSERS_SRC = $(wildcard parsers/*.c)
CONFIG_SRC  = $(wildcard gateway/util/*.c gateway/conf/*.c)
GATEWAY_SRC = $(foreach d,$(GATEWAY_DIRS),$(wildcard $(d)/*.c))
GATEWAY_LIB_SRC = $(filter-out gateway/main.c,$(GATEWAY_SRC))
UNIT_SRC    = $(wildcard tests/unit/test_*.c)

PARSERS_OBJ = $(PARSERS_SRC:%.c=$(O)/%.o)
CONFIG_OBJ  = $(CONFIG_SRC:%.c=$(O)/%.o) $(O)/gen/embedded.o
GATEWAY_OBJ = $(GATEWAY_LIB_SRC:%.c=$(O)/%.o)
UNIT_BIN    = $(UNIT_SRC:tests/unit/%.c=$(O)/tests/%)

LIBPARSERS  = $(O)/libparsers.a
LIBCONF     = $(O)/libconf.a
LIBGATEWAY  = $(O)/libgateway.a

# The demo's config (scripts/demo.conf) and its secrets: never in config/,
# which holds only what an operator installs and edits.
DEMO_SECRETS = scripts/demo-provider.key scripts/demo-http.token

.PHONY: all deps test test-run check fuzz fuzz-long bench demo install \
	fault-campaign valgrind fuzz-merge soak \
	clean unit golden banned

MANPAGES = $(O)/man/reportgw.8 $(O)/man/reportgw.conf.5 \
	  $(O)/man/reportgw-codes.7

all: $(BIN) $(DEMO_SECRETS) $(MANPAGES)

# reportgw.conf(5) lists the key table itself, so it cannot go stale
# (each key's example is taken from the sample config where it has one)
$(O)/man/reportgw.conf.5: man/reportgw.conf.5.in $(BIN) $(wildcard config/*.conf)
	@mkdir -p $(@D)
	$(abspath $(BIN)) keys --mdoc config/reportgw.conf > $@.keys
	sed -e '/@KEYS@/{r $@.keys' -e 'd}' man/reportgw.conf.5.in > $@
	rm -f $@.keys
# reportgw-codes(7) lists the built-in code book (config/codebook.conf)
# itself, each code's example checked by the parser; a code missing from
# the page fails the build
$(O)/man/reportgw-codes.7: man/reportgw-codes.7.in $(BIN)
	@mkdir -p $(@D)
	$(abspath $(BIN)) codes --mdoc > $@.codes 2> $@.err || \
	    { cat $@.err; rm -f $@.codes $@.err; exit 1; }
	sed -e '/@CODES@/{r $@.codes' -e 'd}' man/reportgw-codes.7.in > $@.tmp
	@for c in $$($(abspath $(BIN)) codes 2> /dev/null | cut -f1); do \
	  grep -q "^\.It Cm $$c\$$" $@.tmp || \
	    { echo "$@: code $$c is missing"; rm -f $@.tmp; exit 1; }; \
	done
	mv $@.tmp $@
	rm -f $@.codes $@.err
$(O)/man/reportgw.8: man/reportgw.8
	@mkdir -p $(@D)
	cp man/reportgw.8 $@

deps:
	@pkg-config --exists $(PKGS) $(TESTPKGS) && \
	  test -f /usr/include/uninorm.h && command -v clang >/dev/null && \
	  test -x /usr/bin/python3 && command -v bearerbox >/dev/null && \
	  test -x /usr/lib/kannel/test/fakesmsc && \
	  command -v systemd-analyze >/dev/null && \
	  command -v valgrind >/dev/null || scripts/install-deps

$(O)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(O)/gen/embedded.c: config/bacai.conf config/labels.conf \
    config/codebook.conf scripts/embed
	@mkdir -p $(@D)
	sh scripts/embed conf_embedded_default config/bacai.conf \
	    config/labels.conf config/codebook.conf > $@.tmp && mv $@.tmp $@

$(O)/gen/embedded.o: $(O)/gen/embedded.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIBPARSERS): $(PARSERS_OBJ)
	rm -f $@ && ar rcs $@ $^
$(LIBCONF): $(CONFIG_OBJ)
	rm -f $@ && ar rcs $@ $^
$(LIBGATEWAY): $(GATEWAY_OBJ)
	rm -f $@ && ar rcs $@ $^

ALL_LIBS = $(LIBGATEWAY) $(LIBCONF) $(LIBPARSERS)

$(BIN): $(O)/gateway/main.o $(ALL_LIBS)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

# Demo secrets: never in git (git cannot keep mode 0600), made on build.
$(DEMO_SECRETS):
	umask 077 && printf 'demo-not-secret-%s\n' $$(od -An -N8 -tx8 /dev/urandom | tr -d ' ') > $@

# ---- tests -----------------------------------------------------------------

# test_pipeline makes the parse results it judges (tests/unit/test_pipeline.c)
$(O)/tests/test_pipeline: UNIT_LDFLAGS = -Wl,--wrap=sms_parse

$(O)/tests/%: tests/unit/%.c $(ALL_LIBS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit -DSRCDIR='"$(CURDIR)"' $(ALL_LDFLAGS) \
	    $(UNIT_LDFLAGS) -o $@ $< $(ALL_LIBS) \
	    $(LIBS) $$(pkg-config --libs cmocka)

test: deps
	$(MAKE) test-run

test-run: all $(UNIT_BIN)
	@tests/run-unit $(UNIT_BIN)
	@python3 tests/golden/run-corpus $(abspath $(BIN)) tests/corpus/messages.tsv \
	    tests/corpus/ownwords.tsv tests/golden/cases.tsv
	@tests/golden/run-golden $(abspath $(BIN))
	@KILL_CYCLES=$(KILL_CYCLES) tests/integration/run-all $(BIN)

# ---- the strict gate ---------------------------------------------------------

ASAN	= -fsanitize=address,undefined -fno-omit-frame-pointer \
	  -fno-sanitize-recover=all

check: deps
	$(MAKE) WERROR=-Werror all $(UNIT_BIN)
	$(MAKE) banned
	mandoc -Tlint -W warning build/man/reportgw.8 build/man/reportgw.conf.5 \
	    build/man/reportgw-codes.7
	@echo "man: mandoc -Tlint reports nothing"
	$(MAKE) O=build/asan SAN="$(ASAN)" OPT="-O1 -g" WERROR=-Werror \
	    KILL_CYCLES=200 test-run
	$(MAKE) soak
	$(MAKE) fuzz-replay
	$(MAKE) fault-campaign
	$(MAKE) valgrind

# The HTTP server under hostile and honest clients at once for
# SOAK_SECONDS (the ASan build): every webhook message stored once, probes
# from another address answered within 1 s, RSS flat after the warm-up.
SOAK_SECONDS ?= 300
soak:
	$(MAKE) O=build/asan SAN="$(ASAN)" OPT="-O1 -g" WERROR=-Werror \
	    build/asan/reportgw
	@SOAK_SECONDS=$(SOAK_SECONDS) tests/soak/http-soak build/asan/reportgw

# The whole suite under valgrind: every unit test, and every run of the
# binary by the corpus, golden and integration tests (through a wrapper
# that logs one report per process).  0 errors and 0 definite leaks.
VGDIR = $(CURDIR)/build/valgrind
valgrind: deps all $(UNIT_BIN)
	@rm -rf $(VGDIR) && mkdir -p $(VGDIR)
	@for t in $(UNIT_BIN); do \
	  valgrind -q --error-exitcode=9 --leak-check=full \
	    --errors-for-leak-kinds=definite $$t > $(VGDIR)/unit.log 2>&1 || \
	    { echo "valgrind: $$t failed"; cat $(VGDIR)/unit.log; exit 1; }; \
	done; echo "valgrind: $(words $(UNIT_BIN)) unit test programs clean"
	@export REPORTGW_REAL=$(abspath $(BIN)) VGDIR=$(VGDIR); \
	  python3 tests/golden/run-corpus $(CURDIR)/tests/valgrind-wrap \
	    tests/corpus/messages.tsv tests/corpus/ownwords.tsv \
	    tests/golden/cases.tsv && \
	  tests/golden/run-golden $(CURDIR)/tests/valgrind-wrap && \
	  KILL_CYCLES=3 tests/integration/run-all tests/valgrind-wrap; \
	  rc=$$?; \
	  n=$$(ls $(VGDIR)/vg.*.log | wc -l); \
	  bad=$$(grep -l -E '== (Invalid|Conditional jump|Use of uninitialised|Syscall param|Mismatched|Source and destination|.* are definitely lost)' $(VGDIR)/vg.*.log); \
	  if [ -n "$$bad" ]; then echo "valgrind: reports in:"; \
	    for f in $$bad; do echo "== $$f"; head -40 $$f; done; exit 1; fi; \
	  echo "valgrind: $$n processes, 0 errors, 0 definite leaks"; exit $$rc

# Fails, one run at a time, every allocation, sqlite3_step() and
# curl_easy_perform() along the ingest path (a -DFAULT_INJECT build).
fault-campaign:
	$(MAKE) O=build/fault CFLAGS=-DFAULT_INJECT WERROR=-Werror \
	    build/fault/reportgw
	@REPORTGW=$(CURDIR)/build/fault/reportgw bash \
	    tests/integration/test_inject.sh > build/fault/campaign.log 2>&1; \
	  grep -E '^(ok|not ok|#)' build/fault/campaign.log; \
	  ! grep -q '^not ok' build/fault/campaign.log

banned:
	@if grep -nE '\b(strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|sscanf|gets)\s*\(' \
	    $(foreach d,$(INCDIRS),$(d)/*.[ch]) \
	    tests/unit/*.c tests/fuzz/*.c 2>/dev/null; then \
	  echo "banned functions used (see STYLE.md)"; exit 1; \
	else echo "banned: 0 uses of banned functions"; fi

# ---- fuzzing (clang, libFuzzer) ------------------------------------------------

FUZZ_TARGETS = $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_O	= build/fuzz
FUZZ_FLAGS = -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_TIME ?= 60

fuzz-build: deps
	$(MAKE) O=$(FUZZ_O) CC=clang SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" \
	    OPT="-O1 -g" $(FUZZ_TARGETS:%=$(FUZZ_O)/fuzz/%)

$(FUZZ_O)/fuzz/%: tests/fuzz/%.c $(ALL_LIBS)
	@mkdir -p $(@D)
	clang $(ALL_CFLAGS) $(FUZZ_FLAGS) -o $@ $< $(ALL_LIBS) $(LIBS)

fuzz-replay: fuzz-build
	@set -o pipefail; for t in $(FUZZ_TARGETS); do \
	  $(FUZZ_O)/fuzz/$$t -runs=0 tests/fuzz/corpus/$$t 2>&1 | tail -1 | \
	    sed "s/^/$$t: replayed corpus: /" || exit 1; \
	done

fuzz: fuzz-build
	@set -o pipefail; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_O)/corpus/$$t && \
	  $(FUZZ_O)/fuzz/$$t -max_total_time=$(FUZZ_TIME) -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_O)/crash-$$t- \
	    $(FUZZ_O)/corpus/$$t tests/fuzz/corpus/$$t 2>&1 | \
	    grep -E 'stat::number_of_executed_units|ERROR|SUMMARY|Done' | \
	    sed "s/^/$$t: /" || { echo "$$t: FINDING, see $(FUZZ_O)/crash-$$t-*"; exit 1; }; \
	done

fuzz-long:
	$(MAKE) fuzz FUZZ_TIME=600
	$(MAKE) fuzz-merge

# Keeps what the fuzzers learnt: the inputs that add coverage go into the
# corpora in the repository (replayed by make check).
fuzz-merge: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	  $(FUZZ_O)/fuzz/$$t -merge=1 tests/fuzz/corpus/$$t \
	    $(FUZZ_O)/corpus/$$t 2>&1 | grep -E 'MERGE-OUTER: [0-9]+ new files' | \
	    sed "s/^/$$t: /"; \
	done

# ---- benchmarks, demo, install ---------------------------------------------------

bench: deps
	$(MAKE) OPT="-O2 -g" all $(O)/bench/bench_parse
	@$(O)/bench/bench_parse tests/corpus/messages.tsv \
	    tests/golden/cases.tsv -w tests/corpus/ownwords.tsv
	@tests/bench/bench-ingest $(BIN) 100000
	@tests/bench/bench-digest $(BIN) 1000000 2>/dev/null
	@tests/bench/bench-report $(BIN) 1000000
	@tests/bench/bench-idle $(BIN) 30
	@tests/bench/bench-scaling $(BIN) 10000 100000 1000000
	@tests/bench/bench-cases $(BIN) 20000 3
	@tests/bench/bench-web $(BIN) 1000000 30000
	@echo "# 50 USSD callers during a 100,000-message ingest:"
	@tests/bench/bench-ingest $(BIN) 100000 0 50 | grep ussd_
	@echo "# the Monday burst: 2,000 messages from 500 reporters, an alert" \
	    "in the middle, 150 ms a send:"
	@tests/bench/bench-burst $(BIN) 2000 500 150

$(O)/bench/%: tests/bench/%.c $(ALL_LIBS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(ALL_LIBS) $(LIBS)

# the demo needs the build, python3 (with aiosmtpd), curl and bc: not the
# test tools (chromium, kannel, valgrind, node)
demo:
	@pkg-config --exists $(PKGS) && test -f /usr/include/uninorm.h && \
	  /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null && \
	  command -v curl >/dev/null && command -v bc >/dev/null || \
	  scripts/install-deps --demo
	$(MAKE) all
	scripts/demo

UNITDIR ?= $(PREFIX)/lib/systemd/system

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/reportgw \
	    $(DESTDIR)$(PREFIX)/share/man/man8 $(DESTDIR)$(PREFIX)/share/man/man5 \
	    $(DESTDIR)$(PREFIX)/share/man/man7
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/reportgw
	install -m 0644 $(O)/man/reportgw.8 $(DESTDIR)$(PREFIX)/share/man/man8/
	install -m 0644 $(O)/man/reportgw.conf.5 \
	    $(DESTDIR)$(PREFIX)/share/man/man5/
	install -m 0644 $(O)/man/reportgw-codes.7 \
	    $(DESTDIR)$(PREFIX)/share/man/man7/
	install -m 0644 config/reportgw.conf config/bacai.conf \
	    config/labels.conf config/codebook.conf \
	    $(DESTDIR)$(PREFIX)/share/reportgw/
	install -d $(DESTDIR)$(UNITDIR)
	sed 's|@BINDIR@|$(PREFIX)/bin|g' scripts/reportgw.service > \
	    $(DESTDIR)$(UNITDIR)/reportgw.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/reportgw.service

clean:
	rm -rf build reportgw $(DEMO_SECRETS) var

-include $(shell find $(O) -name '*.d' 2>/dev/null)
