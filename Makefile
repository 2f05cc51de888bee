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
# Every target that compiles first makes sure the Debian packages below are
# installed: as root it installs them, otherwise it prints the apt-get line.

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
CPPFLAGS_ALL = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
           -DSHELF_DATADIR='"$(DATADIR)"' -Isrc
LIBS     = -lcmark-gfm-extensions -lcmark-gfm -lyaml -ljansson -lunistring
# V=1 shows the full compiler command lines.
Q        = $(if $(V),,@)
SAN      = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

DEB_PKGS = libcmark-gfm-dev libcmark-gfm-extensions-dev libyaml-dev \
           libjansson-dev libunistring-dev
# valgrind and python3 are only needed by their own targets.

LIB_SRC  = $(filter-out src/main.c,$(wildcard src/*.c))
UNIT_SRC = $(wildcard tests/unit/test_*.c)

B        = build
OBJ      = $(LIB_SRC:src/%.c=$(B)/obj/%.o)
AOBJ     = $(LIB_SRC:src/%.c=$(B)/asan/obj/%.o)
UNITS    = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
AUNITS   = $(UNIT_SRC:tests/unit/%.c=$(B)/asan/tests/%)

.PHONY: all deps run check check-plain check-asan valgrind install uninstall \
        fuzz fuzz-run bench clean
.DEFAULT_GOAL := all

all: $(B)/shelf $(B)/libshelf.a $(B)/libshelf.so $(UNITS)

# --- dependencies ---------------------------------------------------------
$(B)/.deps: Makefile
	@mkdir -p $(B)
	@missing=""; for p in $(DEB_PKGS) $(EXTRA_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' \
	    || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "shelf: installing$$missing"; \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	      apt-get install -y -qq --no-install-recommends $$missing; } >$(B)/apt.log 2>&1 \
	      || { cat $(B)/apt.log; echo "shelf: apt-get failed"; exit 1; }; \
	  else \
	    echo "shelf: missing Debian packages. Run:"; \
	    echo "  sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi
	@touch $@

deps: $(B)/.deps

# --- library and CLI ------------------------------------------------------
$(B)/obj/%.o: src/%.c $(wildcard src/*.h) $(B)/.deps
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

# --- the same under ASan+UBSan --------------------------------------------
$(B)/asan/obj/%.o: src/%.c $(wildcard src/*.h) $(B)/.deps
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

# --- running --------------------------------------------------------------
run: $(B)/shelf
	$(B)/shelf build --content content --out _site
	@echo "open $(CURDIR)/_site/index.html"

# The suite runs twice: the optimised build, then under ASan+UBSan.  The
# runner prints one closing line, "N passed, N failed", over both runs.
check: $(B)/shelf $(UNITS) $(B)/asan/shelf $(AUNITS)
	@sh tests/run.sh $(B) $(B)/asan

check-plain: $(B)/shelf $(UNITS)
	@sh tests/run.sh $(B)

check-asan: $(B)/asan/shelf $(AUNITS)
	@sh tests/run.sh $(B)/asan

valgrind: $(B)/shelf $(UNITS)
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
	printf 'prefix=%s\nlibdir=%s\nincludedir=%s\ndatadir=%s\n\nName: shelf\nDescription: renderer for troubleshooting articles\nVersion: %s\nRequires.private: yaml-0.1 jansson libcmark-gfm\nLibs: -L$${libdir} -lshelf\nLibs.private: -lcmark-gfm-extensions -lunistring\nCflags: -I$${includedir}\n' \
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

clean:
	rm -rf $(B) _site
