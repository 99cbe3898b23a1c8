# Vireo -- a thin wrapper over meson. The build is meson; these targets only chain the steps.
#   make run     install missing Debian packages, build, start libvirtd if needed, run Vireo
#   make check   install missing Debian packages, build, run every test suite
# Variables: BUILDDIR (default: build), ARGS (passed to vireo, e.g. make run ARGS=--demo),
#            TESTARGS (passed to meson test, e.g. make check TESTARGS='--suite core').

BUILDDIR ?= build
ARGS ?=
TESTARGS ?=

.PHONY: all deps setup build run check clean

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
run: build
	@tools/start-libvirtd.sh
	@if [ -z "$$DBUS_SESSION_BUS_ADDRESS" ]; then export GSETTINGS_BACKEND=keyfile; fi; \
	  echo "GSETTINGS_SCHEMA_DIR=$(BUILDDIR)/data ./$(BUILDDIR)/src/ui/vireo $(ARGS)"; \
	  GSETTINGS_SCHEMA_DIR=$(BUILDDIR)/data ./$(BUILDDIR)/src/ui/vireo $(ARGS)

check: build
	@rm -f $(BUILDDIR)/meson-logs/testlog.json
	@meson test -C $(BUILDDIR) --print-errorlogs --num-processes 1 $(TESTARGS); \
	  status=$$?; \
	  echo; \
	  python3 tools/test-summary.py $(BUILDDIR) && exit $$status

clean:
	rm -rf $(BUILDDIR)
