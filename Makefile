# lineage - build, test, install. Plain GNU make; dependencies via pkg-config.
#
#   make            build ./lineage (and liblineage.a)
#   make run        install what is missing, build, run the main job on the fixtures
#   make test       install what is missing, build, run the whole suite (+ asan)
#   make asan       the suite under AddressSanitizer + UBSan
#   make bench      benchmarks (not timed tests)
#   make install    PREFIX=/usr/local DESTDIR=

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
COMPLETIONDIR ?= $(PREFIX)/share/bash-completion/completions
CC ?= cc
CFLAGS ?= -O2 -g
WARN := -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
        -Wmissing-prototypes -Wformat=2 -Wvla
DEPS := igraph jansson libcurl zlib yaml-0.1

PKG_CFLAGS := $(shell pkg-config --cflags $(DEPS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(DEPS) 2>/dev/null)
ALL_CPPFLAGS = -Iinclude -Isrc -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
               $(PKG_CFLAGS) $(CPPFLAGS)
ALL_CFLAGS = $(WARN) $(CFLAGS) -pthread
ALL_LDFLAGS = $(LDFLAGS) -pthread
LDLIBS += $(PKG_LIBS) -lm

ifdef WERROR
ALL_CFLAGS += -Werror
endif
ifdef SANITIZE
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
ALL_LDFLAGS += -fsanitize=$(SANITIZE)
endif

# build/ holds objects; build-asan/ the sanitizer build, so both can coexist
BUILD ?= build
LIB_SRC := $(filter-out src/main.c src/cli_%.c,$(wildcard src/*.c))
CLI_SRC := src/main.c $(wildcard src/cli_*.c)
LIB_OBJ := $(LIB_SRC:src/%.c=$(BUILD)/%.o) $(BUILD)/licenses_data.o
CLI_OBJ := $(CLI_SRC:src/%.c=$(BUILD)/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_TARGETS := records modelinfo card headers licenses policy waivers \
                cache manifest cli
REPLAY_BIN := $(FUZZ_TARGETS:%=$(BUILD)/tests/replay_%)
LINEAGE ?= ./lineage

.PHONY: all run test check asan valgrind bench fuzz deps install uninstall clean graphs

all: $(LINEAGE)

$(BUILD)/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# The licence knowledge (data/licenses.tab) compiled in, as bytes: a string
# literal that long would trip -Wpedantic.
$(BUILD)/licenses_data.c: data/licenses.tab
	@mkdir -p $(@D)
	{ echo '/* generated from data/licenses.tab by the Makefile */'; \
	  echo '#include <stddef.h>'; \
	  echo 'extern const unsigned char lg__licenses_data[];'; \
	  echo 'extern const size_t lg__licenses_data_len;'; \
	  echo 'const unsigned char lg__licenses_data[] = {'; \
	  od -An -v -tx1 $< | sed 's/ \([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	  echo '0x00 };'; \
	  echo 'const size_t lg__licenses_data_len = sizeof(lg__licenses_data) - 1;'; \
	} > $@

$(BUILD)/licenses_data.o: $(BUILD)/licenses_data.c
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# made afresh, so an object whose source is gone does not linger in it
$(BUILD)/liblineage.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(LINEAGE): $(CLI_OBJ) $(BUILD)/liblineage.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/testhelp.h $(BUILD)/liblineage.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -Itests $(ALL_LDFLAGS) -o $@ $< \
		$(BUILD)/liblineage.a $(LDLIBS)

# Fuzz targets (tests/fuzz/fuzz_TARGET.c): replayed over their corpus
# fixtures/fuzz/TARGET/ in every `make check` (plain and sanitizer builds);
# `make fuzz` runs libFuzzer on each in turn for FUZZ_SECONDS and adds what
# it finds to a corpus under build-fuzz/. The cli target runs the command
# line in-process: main.c's main, renamed, and the cli_*.c objects.
$(BUILD)/cli_main.o: src/main.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -Wno-missing-prototypes \
		-Dmain=lg__cli_main -c -o $@ $<
FUZZ_CLI_OBJ = $(BUILD)/cli_main.o $(filter-out $(BUILD)/main.o,$(CLI_OBJ))
$(BUILD)/tests/replay_cli $(BUILD)/fuzz_cli: $(FUZZ_CLI_OBJ)
FUZZ_LINK = $(filter %.c,$^) $(filter %.o,$^) $(filter %.a,$^)

$(BUILD)/tests/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(BUILD)/liblineage.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(FUZZ_LINK) $(LDLIBS)

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(BUILD)/liblineage.a
	clang $(ALL_CPPFLAGS) -O1 -g -fsanitize=fuzzer,address,undefined \
		-pthread -o $@ $(FUZZ_LINK) $(LDLIBS)

FUZZ_SECONDS ?= 60
fuzz:
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang \
		SANITIZE=fuzzer-no-link,address,undefined CFLAGS="-O1 -g" \
		$(FUZZ_TARGETS:%=build-fuzz/fuzz_%)
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p build-fuzz/corpus_$$t build-fuzz/crash_$$t; \
		nice -n 10 build-fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
			-rss_limit_mb=2048 -timeout=10 -max_len=65536 \
			-artifact_prefix=build-fuzz/crash_$$t/ \
			$$(test -f tests/fuzz/$$t.dict && echo -dict=tests/fuzz/$$t.dict) \
			build-fuzz/corpus_$$t fixtures/fuzz/$$t || exit 1; \
	done

# Installs the Debian packages the build and the tests need, if missing.
deps:
	@sh tests/install-deps.sh

run: deps
	$(MAKE) all
	sh tests/demo.sh

# The whole suite: unit tests, CLI golden tests, the reference check,
# hostile inputs, a fuzz replay; then the same under ASan + UBSan.
check: all $(UNIT_BIN) $(REPLAY_BIN)
	LINEAGE=$(LINEAGE) BUILD=$(BUILD) sh tests/run.sh

test: deps
	@sh tests/suite.sh

# The CLI under valgrind memcheck, every command on small real inputs.
valgrind: all
	@LINEAGE=$(LINEAGE) sh tests/valgrind.sh

asan:
	@$(MAKE) --no-print-directory BUILD=build-asan LINEAGE=build-asan/lineage \
		SANITIZE=address,undefined CFLAGS="-O1 -g" WERROR=1 check

# The worked examples in graphs/, made from the fixtures.
graphs: all
	SCREENSHOT=1 LINEAGE=$(LINEAGE) sh tests/graphs.sh graphs

bench: all $(BUILD)/jansson_baseline
	bash tests/bench/bench.sh

install: all
	install -d '$(DESTDIR)$(BINDIR)' '$(DESTDIR)$(MANDIR)/man1' \
		'$(DESTDIR)$(COMPLETIONDIR)'
	install -m 755 $(LINEAGE) '$(DESTDIR)$(BINDIR)/lineage'
	install -m 644 man/lineage.1 '$(DESTDIR)$(MANDIR)/man1/lineage.1'
	install -m 644 man/lineage.bash-completion \
		'$(DESTDIR)$(COMPLETIONDIR)/lineage'

uninstall:
	rm -f '$(DESTDIR)$(BINDIR)/lineage' '$(DESTDIR)$(MANDIR)/man1/lineage.1' \
		'$(DESTDIR)$(COMPLETIONDIR)/lineage'

clean:
	rm -rf build build-asan build-fuzz lineage

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)

$(BUILD)/jansson_baseline: tests/bench/jansson_baseline.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -o $@ $< $(LDLIBS)
