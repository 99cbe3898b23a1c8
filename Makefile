# Vireo -- a thin wrapper over meson. The build is meson; these targets only chain the steps.
#   make run     install missing Debian packages, build, start libvirtd if needed, run Vireo
#   make check   install missing Debian packages, build, run every test suite, then the core and
#                ui suites again in a sanitizer build (make check-sanitize)
# Variables: BUILDDIR (default: build), SANITIZEDIR (default: build-sanitize), ARGS (passed to
#            vireo, e.g. make run ARGS=--demo), TESTARGS (passed to meson test, e.g.
#            make check TESTARGS='--suite core'; the sanitizer run is left out when TESTARGS is set).

BUILDDIR ?= build
SANITIZEDIR ?= build-sanitize
ARGS ?=
TESTARGS ?=

.PHONY: all deps setup build run check check-sanitize sanitize-run clean

all: build

deps:
	@tools/deps.sh

$(BUILDDIR)/build.ninja:
	meson setup $(BUILDDIR)

setup: deps $(BUILDDIR)/build.ninja

build: setup
	ninja -C $(BUILDDIR)

# Without a session bus (a bare machine, a container) dconf cannot save settings: keep them
# in GLib's keyfile backend (~/.config/glib-2.0/settings/keyfile) so saved connections survive.
# Vireo asks for SSH passwords through its installed askpass only; from the build tree, make run
# points ssh at the built one (unless you have your own SSH_ASKPASS).
run: build
	@tools/start-libvirtd.sh
	@if [ -z "$$DBUS_SESSION_BUS_ADDRESS" ]; then export GSETTINGS_BACKEND=keyfile; fi; \
	  if [ -z "$$SSH_ASKPASS" ]; then \
	    export SSH_ASKPASS="$(CURDIR)/$(BUILDDIR)/src/ui/vireo-ssh-askpass" SSH_ASKPASS_REQUIRE=force; fi; \
	  echo "GSETTINGS_SCHEMA_DIR=$(BUILDDIR)/data ./$(BUILDDIR)/src/ui/vireo $(ARGS)"; \
	  GSETTINGS_SCHEMA_DIR=$(BUILDDIR)/data ./$(BUILDDIR)/src/ui/vireo $(ARGS)

# One summary line over both runs: "N passed, N failed, N skipped". Two tests at a time: only
# core tests run side by side (ui, live and multihost tests say is_parallel: false).
# The sanitizer build compiles meanwhile, one job at the lowest priority: the live tests mostly
# wait for their guests, and its ~4 minutes no longer add to the run (make check's budget).
check: build
	@rm -f $(BUILDDIR)/meson-logs/testlog.json $(SANITIZEDIR)/meson-logs/testlog.json
	@if [ -z "$(TESTARGS)" ]; then \
	    $(MAKE) --no-print-directory $(SANITIZEDIR)/build.ninja && \
	    { nice -n 19 ninja -C $(SANITIZEDIR) -j 1 > $(SANITIZEDIR)/meson-logs/background-build.txt 2>&1 & }; \
	  fi; \
	  meson test -C $(BUILDDIR) --print-errorlogs --num-processes 2 $(TESTARGS); \
	  status=$$?; \
	  wait; \
	  if [ -z "$(TESTARGS)" ]; then $(MAKE) --no-print-directory sanitize-run || status=1; fi; \
	  echo; \
	  python3 tools/test-summary.py $(BUILDDIR) $(if $(TESTARGS),,$(SANITIZEDIR)) && exit $$status

# The core and ui suites under AddressSanitizer and UBSan (tests/meson.build sets their options:
# any report fails the test). Slower code: three times the usual time-outs.
$(SANITIZEDIR)/build.ninja:
	meson setup $(SANITIZEDIR) -Db_sanitize=address,undefined -Db_lundef=false

check-sanitize: setup $(SANITIZEDIR)/build.ninja
	@rm -f $(SANITIZEDIR)/meson-logs/testlog.json
	@$(MAKE) --no-print-directory sanitize-run; \
	  status=$$?; \
	  echo; \
	  python3 tools/test-summary.py $(SANITIZEDIR) && exit $$status

sanitize-run: $(SANITIZEDIR)/build.ninja
	ninja -C $(SANITIZEDIR)
	meson test -C $(SANITIZEDIR) --print-errorlogs --num-processes 2 --timeout-multiplier 3 \
	  --suite core --suite ui

clean:
	rm -rf $(BUILDDIR) $(SANITIZEDIR)
