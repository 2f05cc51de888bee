# tests/fuzz/fuzz.mk - libFuzzer targets and their replay, included by the
# Makefile.
#
#   make fuzz                  build build/fuzz/fuzz_* (clang, libFuzzer,
#                              ASan+UBSan)
#   make fuzz-run SECONDS=N    run each target N seconds (default 60)
#
# Each target is linked against the library objects built by clang with the
# same flags (build/fuzz/obj/).  Seed corpora: ../shared/corpus,
# ../shared/seeds, tests/render and tests/fuzz/seeds/<target>/.  New inputs
# go to build/fuzz/corpus-<target>/, crashes to tests/fuzz/crashes/<target>/.
#
# `make check` does not need clang: it builds one replay program per target
# with $(CC) + ASan/UBSan (build/asan/fuzz/) and tests/fuzz/replay.sh runs
# every seed and crash reproducer through it.

FUZZ_CC    ?= clang
FUZZ_FLAGS  = -g -O1 -fsanitize=fuzzer,address,undefined \
              -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_PKGS   = clang libclang-rt-dev
FUZZ_SRC    = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES  = $(FUZZ_SRC:tests/fuzz/%.c=%)
FUZZ_BINS   = $(FUZZ_NAMES:%=$(B)/fuzz/%)
FUZZ_OBJ    = $(LIB_SRC:src/%.c=$(B)/fuzz/obj/%.o)
FUZZ_REPLAY = $(FUZZ_NAMES:%=$(B)/asan/fuzz/%)
# The data folder (templates/, locales/) of the whole-article targets.
FUZZ_DATA   = -DSHELF_FUZZ_DATA='"$(CURDIR)"'
SECONDS    ?= 60
# The targets fuzz-run runs (default: all), e.g. FUZZ_RUN="fuzz_read fuzz_split".
FUZZ_RUN   ?= $(FUZZ_NAMES)

.PHONY: fuzz-deps

# clang with libFuzzer: as root installs it, otherwise prints the line.
$(B)/.fuzz-deps:
	@mkdir -p $(B)
	@if ! printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n)\n{ return 0; }\n' \
	    | $(FUZZ_CC) -fsanitize=fuzzer -x c - -o $(B)/.fuzz-probe >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "shelf: installing $(FUZZ_PKGS)"; \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	      apt-get install -y -qq --no-install-recommends $(FUZZ_PKGS); } >$(B)/apt.log 2>&1 \
	      || { cat $(B)/apt.log; echo "shelf: apt-get failed"; exit 1; }; \
	  else \
	    echo "shelf: 'make fuzz' needs clang with libFuzzer. Run:"; \
	    echo "  sudo apt-get install $(FUZZ_PKGS)"; exit 1; \
	  fi; \
	fi
	@rm -f $(B)/.fuzz-probe
	@touch $@

fuzz-deps: $(B)/.fuzz-deps

$(B)/fuzz/obj/%.o: src/%.c $(LIB_HDR) $(B)/.deps $(B)/.fuzz-deps
	@mkdir -p $(@D)
	@$(if $(V),:,echo "  CLANG   $@")
	$(Q)$(FUZZ_CC) $(CPPFLAGS_ALL) $(CPPFLAGS) $(WARN) $(FUZZ_FLAGS) -c $< -o $@

$(FUZZ_BINS): $(B)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_env.h tests/fuzz/fuzz_check.h $(FUZZ_OBJ)
	@mkdir -p $(@D)
	@$(if $(V),:,echo "  CLANG   $@")
	$(Q)$(FUZZ_CC) $(CPPFLAGS_ALL) $(CPPFLAGS) $(WARN) $(FUZZ_FLAGS) $(FUZZ_DATA) \
	  $< -o $@ $(FUZZ_OBJ) $(LDFLAGS) $(LIBS)

fuzz: $(FUZZ_BINS)

# Runs each target for $(SECONDS) seconds, one after the other, in fork mode
# so that a crash is saved and fuzzing goes on.
fuzz-run: $(FUZZ_RUN:%=$(B)/fuzz/%)
	@for t in $(FUZZ_RUN); do \
	  mkdir -p $(B)/fuzz/corpus-$$t tests/fuzz/crashes/$$t; \
	  seeds=""; for s in ../shared/corpus ../shared/seeds tests/render tests/fuzz/seeds/$$t; do \
	    [ -d "$$s" ] && seeds="$$seeds $$s"; done; \
	  echo "  FUZZ    $$t ($(SECONDS) s, log $(B)/fuzz/$$t.log)"; \
	  SHELF_DATA=$(CURDIR) $(B)/fuzz/$$t -fork=1 -ignore_crashes=1 -ignore_timeouts=1 \
	    -ignore_ooms=1 -max_total_time=$(SECONDS) -timeout=10 -max_len=65536 -rss_limit_mb=2048 \
	    -artifact_prefix=tests/fuzz/crashes/$$t/ \
	    $(B)/fuzz/corpus-$$t $$seeds >$(B)/fuzz/$$t.log 2>&1; \
	  rc=$$?; \
	  runs=$$(sed -n 's/^#\([0-9][0-9]*\): cov.*/\1/p' $(B)/fuzz/$$t.log | tail -n 1); \
	  echo "          exit $$rc, $${runs:-?} executions, crashes: $$(ls tests/fuzz/crashes/$$t | wc -l)"; \
	done

# --- replay under $(CC) + ASan/UBSan, for make check ----------------------
$(FUZZ_REPLAY): $(B)/asan/fuzz/%: tests/fuzz/%.c tests/fuzz/replay.c tests/fuzz/fuzz_env.h tests/fuzz/fuzz_check.h \
                $(B)/asan/libshelf.a
	@mkdir -p $(@D)
	@$(if $(V),:,echo "  CC      $@")
	$(Q)$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) $(WARN) -O1 -g $(SAN) $(FUZZ_DATA) \
	  $< tests/fuzz/replay.c -o $@ $(B)/asan/libshelf.a $(LIBS)

check-build check-asan-build: $(FUZZ_REPLAY)
