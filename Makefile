# shelf - renderer for troubleshooting articles.
#
#   make            build build/shelf, build/libshelf.{a,so}
#   make run        render content/ into _site/ and print the index path
#   make check      every test, with the normal build and under ASan+UBSan
#   make valgrind   the unit, golden and hostile tests under valgrind
#   make install    PREFIX=/usr/local DESTDIR=
#   make fuzz       libFuzzer targets (clang)   make fuzz-run SECONDS=N
#   make bench      benchmark against bare cmark-gfm
#
#   make deps       install the Debian packages below (as root; otherwise
#                   print the apt-get line).  Every target that compiles
#                   runs it first.
#
# Libraries are found with pkg-config.  `make check` builds with one job per
# core (nproc) unless -j is given.

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
LIBDIR   = $(PREFIX)/lib
INCDIR   = $(PREFIX)/include
DATADIR  = $(PREFIX)/share/shelf
PCDIR    = $(LIBDIR)/pkgconfig

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN     = -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wno-unused-parameter
# src/ holds the public header and the CLI; the library sits in one folder
# per stage, in the order the data flows (README: "The pipeline").
STAGES   = core parse docfx portal render site l10n
CPPFLAGS_ALL = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
           -DSHELF_DATADIR='"$(DATADIR)"' -Isrc $(STAGES:%=-Isrc/%) $(PKG_CFLAGS)
# pkg-config names.  Debian's libcmark-gfm.pc already links the extensions
# library (there is no libcmark-gfm-extensions.pc), and libunistring has no
# .pc file: each falls back to its -l flag.  -pthread: a -j N build checks
# links in a thread beside its last writes (src/site/site.c).
PKGS     = libcmark-gfm yaml-0.1 jansson nettle libmicrohttpd
PKG_CONFIG ?= pkg-config
PKG_CFLAGS_SH = $(PKG_CONFIG) --cflags $(PKGS) && \
           { $(PKG_CONFIG) --cflags libunistring 2>/dev/null || :; }
PKG_LIBS_SH = { $(PKG_CONFIG) --libs libcmark-gfm-extensions 2>/dev/null || \
             $(PKG_CONFIG) --libs libcmark-gfm | grep -q -e -lcmark-gfm-extensions || \
             echo -lcmark-gfm-extensions; } && $(PKG_CONFIG) --libs $(PKGS) && \
           { $(PKG_CONFIG) --libs libunistring 2>/dev/null || echo -lunistring; } && \
           echo -pthread
# Asked once, on first use: after `deps` has installed pkg-config and the
# packages (so not while make reads this file).
PKG_CFLAGS = $(eval PKG_CFLAGS := $$(shell $$(PKG_CFLAGS_SH)))$(PKG_CFLAGS)
LIBS     = $(eval LIBS := $$(shell $$(PKG_LIBS_SH)))$(LIBS)
# V=1 shows the full compiler command lines.
Q        = $(if $(V),,@)
SAN      = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

DEB_PKGS = libcmark-gfm-dev libcmark-gfm-extensions-dev libyaml-dev \
           libjansson-dev libunistring-dev nettle-dev libmicrohttpd-dev curl
# curl is for tests/serve.sh (`shelf serve`).
# pkg-config is installed when the command is missing; valgrind and python3
# are only needed by their own targets, chromium (the XSS suite) by
# `make check` and only when CI=true (.ci/run) or CHROMIUM_INSTALL=1.
# One build job per core for `make check`.
NPROC   := $(shell nproc 2>/dev/null || echo 2)

LIB_SRC  = $(wildcard $(STAGES:%=src/%/*.c))
LIB_HDR  = src/shelf.h $(wildcard $(STAGES:%=src/%/*.h))
UNIT_SRC = $(wildcard tests/unit/test_*.c)

B        = build
OBJ      = $(LIB_SRC:src/%.c=$(B)/obj/%.o)
AOBJ     = $(LIB_SRC:src/%.c=$(B)/asan/obj/%.o)
UNITS    = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
AUNITS   = $(UNIT_SRC:tests/unit/%.c=$(B)/asan/tests/%)

.PHONY: all deps run check check-plain check-asan check-build check-plain-build \
        check-asan-build valgrind install uninstall fuzz fuzz-run bench clean
.DEFAULT_GOAL := all

all: $(B)/shelf $(B)/libshelf.a $(B)/libshelf.so $(UNITS)

# --- dependencies ---------------------------------------------------------
# `make deps` always checks (EXTRA_PKGS=chromium adds packages: .ci/run);
# the build only needs the check to have passed once per Makefile change,
# which the stamp $(B)/.deps records.
define check_deps
	@missing=""; for p in $(DEB_PKGS) $(EXTRA_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' \
	    || missing="$$missing $$p"; done; \
	command -v $(PKG_CONFIG) >/dev/null 2>&1 || missing="$$missing pkg-config"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "shelf: installing$$missing"; \
	    mkdir -p $(B); \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	      apt-get install -y -qq --no-install-recommends $$missing; } >$(B)/apt.log 2>&1 \
	      </dev/null || { cat $(B)/apt.log; echo "shelf: apt-get failed"; exit 1; }; \
	  else \
	    echo "shelf: missing Debian packages. Run:"; \
	    echo "  sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi; \
	$(PKG_CONFIG) --exists $(PKGS) || { $(PKG_CONFIG) --print-errors --exists $(PKGS); \
	  echo "shelf: pkg-config cannot find $(PKGS)"; exit 1; }
	@mkdir -p $(B) && touch $(B)/.deps
endef

$(B)/.deps: Makefile
	$(check_deps)

deps:
	$(check_deps)

# --- library and CLI ------------------------------------------------------
$(B)/obj/%.o: src/%.c $(LIB_HDR) $(B)/.deps
	@mkdir -p $(@D)
	@$(if $(V),:,echo "  CC      $@")
	$(Q)$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) $(WARN) $(CFLAGS) -fPIC -fvisibility=hidden -c $< -o $@

$(B)/libshelf.a: $(OBJ)
	@$(if $(V),:,echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(B)/libshelf.so: $(OBJ)
	@$(if $(V),:,echo "  CC      $@")
	$(Q)$(CC) -shared -Wl,-soname,libshelf.so.0 -o $@ $^ $(LDFLAGS) $(LIBS)

$(B)/shelf: src/main.c $(B)/libshelf.a
	@$(if $(V),:,echo "  CC      $@")
	$(Q)$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) $(WARN) $(CFLAGS) src/main.c -o $@ $(B)/libshelf.a $(LDFLAGS) $(LIBS)

$(B)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(B)/libshelf.a
	@mkdir -p $(@D)
	@$(if $(V),:,echo "  CC      $@")
	$(Q)$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) $(WARN) $(CFLAGS) $< -o $@ $(B)/libshelf.a $(LDFLAGS) $(LIBS)

# tests/cli_batch.c runs many command lines through src/main.c in one
# process (the golden and XSS suites): main.c is compiled as it is for
# $(B)/shelf, with main() renamed.
$(B)/tests/cli_batch: tests/cli_batch.c src/main.c src/shelf.h $(B)/libshelf.a
	@mkdir -p $(@D)
	@$(if $(V),:,echo "  CC      $@")
	$(Q)$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) $(WARN) $(CFLAGS) -Dmain=shelf_cli_main \
	  -Wno-missing-prototypes -c src/main.c -o $@-main.o
	$(Q)$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) $(WARN) $(CFLAGS) tests/cli_batch.c $@-main.o \
	  -o $@ $(B)/libshelf.a $(LDFLAGS) $(LIBS)

# --- the same under ASan+UBSan --------------------------------------------
$(B)/asan/obj/%.o: src/%.c $(LIB_HDR) $(B)/.deps
	@mkdir -p $(@D)
	@$(if $(V),:,echo "  CC      $@")
	$(Q)$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) $(WARN) -O1 -g $(SAN) -c $< -o $@

$(B)/asan/libshelf.a: $(AOBJ)
	@$(if $(V),:,echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(B)/asan/shelf: src/main.c $(B)/asan/libshelf.a
	@$(if $(V),:,echo "  CC      $@")
	$(Q)$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) $(WARN) -O1 -g $(SAN) src/main.c -o $@ $(B)/asan/libshelf.a $(LIBS)

$(B)/asan/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(B)/asan/libshelf.a
	@mkdir -p $(@D)
	@$(if $(V),:,echo "  CC      $@")
	$(Q)$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) $(WARN) -O1 -g $(SAN) $< -o $@ $(B)/asan/libshelf.a $(LIBS)

$(B)/asan/tests/cli_batch: tests/cli_batch.c src/main.c src/shelf.h $(B)/asan/libshelf.a
	@mkdir -p $(@D)
	@$(if $(V),:,echo "  CC      $@")
	$(Q)$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) $(WARN) -O1 -g $(SAN) -Dmain=shelf_cli_main \
	  -Wno-missing-prototypes -c src/main.c -o $@-main.o
	$(Q)$(CC) $(CPPFLAGS_ALL) $(CPPFLAGS) $(WARN) -O1 -g $(SAN) tests/cli_batch.c $@-main.o \
	  -o $@ $(B)/asan/libshelf.a $(LIBS)

# --- running --------------------------------------------------------------
run: $(B)/shelf
	$(B)/shelf build --content content --out _site
	@echo "open $(CURDIR)/_site/index.html"

# The suite runs twice: the optimised build and, at the same time, under
# ASan+UBSan (tests/run.sh).  The runner prints one closing line, "N passed,
# N failed", over both runs.  The build itself runs with one job per core
# ($(NPROC)) unless make was given -j.
PLAIN_BINS = $(B)/shelf $(UNITS) $(B)/tests/cli_batch
ASAN_BINS  = $(B)/asan/shelf $(AUNITS) $(B)/asan/tests/cli_batch
JOBS       = $(if $(findstring -j,$(MAKEFLAGS)),,-j$(NPROC))

check:
	@$(MAKE) --no-print-directory $(JOBS) check-build
	@sh tests/run.sh $(B) $(B)/asan

check-plain:
	@$(MAKE) --no-print-directory $(JOBS) check-plain-build
	@sh tests/run.sh $(B)

check-asan:
	@$(MAKE) --no-print-directory $(JOBS) check-asan-build
	@sh tests/run.sh $(B)/asan

check-build: $(PLAIN_BINS) $(ASAN_BINS)
	@:
check-plain-build: $(PLAIN_BINS)
	@:
check-asan-build: $(ASAN_BINS)
	@:

valgrind: $(PLAIN_BINS)
	@command -v valgrind >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq valgrind >/dev/null; } \
	  || { echo "shelf: run: sudo apt-get install valgrind"; exit 1; }
	@SHELF_VALGRIND=1 sh tests/run.sh $(B)

# --- installing -----------------------------------------------------------
install: $(B)/shelf $(B)/libshelf.a $(B)/libshelf.so
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCDIR) \
	  $(DESTDIR)$(PCDIR) $(DESTDIR)$(DATADIR)/templates $(DESTDIR)$(DATADIR)/locales
	install -m 755 $(B)/shelf $(DESTDIR)$(BINDIR)/shelf
	install -m 644 $(B)/libshelf.a $(DESTDIR)$(LIBDIR)/libshelf.a
	install -m 755 $(B)/libshelf.so $(DESTDIR)$(LIBDIR)/libshelf.so.0
	ln -sf libshelf.so.0 $(DESTDIR)$(LIBDIR)/libshelf.so
	install -m 644 src/shelf.h $(DESTDIR)$(INCDIR)/shelf.h
	install -m 644 templates/* $(DESTDIR)$(DATADIR)/templates/
	install -m 644 locales/* $(DESTDIR)$(DATADIR)/locales/
	printf 'prefix=%s\nlibdir=%s\nincludedir=%s\ndatadir=%s\n\nName: shelf\nDescription: renderer for troubleshooting articles\nVersion: %s\nRequires.private: yaml-0.1 jansson libcmark-gfm libmicrohttpd\nLibs: -L$${libdir} -lshelf\nLibs.private: -lcmark-gfm-extensions -lunistring -lnettle\nCflags: -I$${includedir}\n' \
	  '$(PREFIX)' '$(LIBDIR)' '$(INCDIR)' '$(DATADIR)' \
	  "$$(sed -n 's/^#define SHELF_VERSION "\(.*\)"/\1/p' src/shelf.h)" > $(DESTDIR)$(PCDIR)/shelf.pc

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/shelf $(DESTDIR)$(LIBDIR)/libshelf.a \
	  $(DESTDIR)$(LIBDIR)/libshelf.so $(DESTDIR)$(LIBDIR)/libshelf.so.0 \
	  $(DESTDIR)$(INCDIR)/shelf.h $(DESTDIR)$(PCDIR)/shelf.pc
	rm -rf $(DESTDIR)$(DATADIR)

# libFuzzer targets, and their replay under ASan+UBSan for make check.
-include tests/fuzz/fuzz.mk

# --- benchmark ------------------------------------------------------------
# make bench BENCH_ARGS="--runs 5 path/to/corpus": shelf against bare
# cmark-gfm on the same files in the same run (tests/bench/bench.c).
$(B)/bench/bare_cmark: tests/bench/bare_cmark.c $(B)/.deps
	@mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS_ALL) $(WARN) -O2 $< -o $@ -lcmark-gfm-extensions -lcmark-gfm

$(B)/bench/bench: tests/bench/bench.c
	@mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS_ALL) $(WARN) -O2 $< -o $@

bench: $(B)/shelf $(B)/bench/bench $(B)/bench/bare_cmark
	$(B)/bench/bench --shelf $(B)/shelf --bare $(B)/bench/bare_cmark $(BENCH_ARGS)
	@sh tests/l10n-bench.sh $(B)/shelf

clean:
	rm -rf $(B) _site
