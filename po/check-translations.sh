#!/bin/bash
# po/check-translations.sh SRCDIR
# Regenerates the template from POTFILES.in into a temporary directory, merges every language in
# LINGUAS against it, and fails listing each untranslated or fuzzy msgid. Also fails on
# `msgfmt --check` errors, on files listed in POTFILES.in that do not exist, and on source files
# with translatable strings that POTFILES.in does not list.
set -uo pipefail

srcdir=$(cd "${1:-$(dirname "$0")/..}" && pwd)
podir=$srcdir/po
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

fail () { echo "FAIL: $*"; status=1; }

# 1. POTFILES.in is accurate.
grep -v '^\s*\(#\|$\)' "$podir/POTFILES.in" > "$tmp/potfiles"
while read -r f; do
  [ -f "$srcdir/$f" ] || fail "POTFILES.in lists $f, which does not exist"
done < "$tmp/potfiles"

( cd "$srcdir" &&
  grep -rlE --include='*.c' '(^|[^A-Za-z0-9_])(N?C?_|g_dngettext|g_dpgettext2|ngettext)[[:space:]]*\(' src;
  grep -rl --include='*.ui' 'translatable="yes"' src ) 2>/dev/null | sort -u > "$tmp/with-strings"
while read -r f; do
  grep -qxF "$f" "$tmp/potfiles" || fail "$f has translatable strings but is not listed in po/POTFILES.in"
done < "$tmp/with-strings"

# 2. Regenerate the template (same options as meson's i18n 'glib' preset). Only existing files,
# so one stale entry (already reported above) does not hide the rest of the report.
while read -r f; do [ -f "$srcdir/$f" ] && echo "$f"; done < "$tmp/potfiles" > "$tmp/potfiles.existing"
if ! (cd "$srcdir" && xgettext --package-name=vireo --from-code=UTF-8 --add-comments \
        --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
        --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
        --keyword=ngettext:1,2 \
        --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
        --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
        --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
        --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
        --flag=g_markup_printf_escaped:1:c-format \
        -f "$tmp/potfiles.existing" -o "$tmp/vireo.pot" 2> "$tmp/xgettext.log"); then
  cat "$tmp/xgettext.log"
  fail "xgettext could not extract the strings"
  exit 1
fi
grep -v 'warning: .*ITS\|^$' "$tmp/xgettext.log" | sed 's/^/xgettext: /' || true
total=$(msgattrib --no-obsolete "$tmp/vireo.pot" 2>/dev/null | grep -c '^msgid ' || true)
echo "template: $((total - 1)) strings from $(wc -l < "$tmp/potfiles.existing") files"

# 3. Every language: present, valid, complete.
for lang in $(grep -v '^\s*\(#\|$\)' "$podir/LINGUAS"); do
  po=$podir/$lang.po
  if [ ! -f "$po" ]; then
    fail "$lang is in LINGUAS but po/$lang.po does not exist"
    continue
  fi
  if ! msgfmt --check --check-accelerators=_ -o /dev/null "$po" 2> "$tmp/msgfmt.log"; then
    sed "s/^/  /" "$tmp/msgfmt.log"
    fail "msgfmt --check: errors in po/$lang.po"
  fi
  if ! msgmerge --quiet --no-wrap -o "$tmp/$lang.po" "$po" "$tmp/vireo.pot" 2> "$tmp/msgmerge.log"; then
    sed "s/^/  /" "$tmp/msgmerge.log"
    fail "msgmerge failed for po/$lang.po"
    continue
  fi
  if ! msgfmt --check -o /dev/null "$tmp/$lang.po" 2> "$tmp/msgfmt.log"; then
    sed "s/^/  /" "$tmp/msgfmt.log"
    fail "msgfmt --check: errors in po/$lang.po merged with the current template"
  fi
  untranslated=$(msgattrib --untranslated --no-obsolete --no-wrap "$tmp/$lang.po" | sed -n 's/^msgid "\(.\+\)"$/\1/p')
  fuzzy=$(msgattrib --only-fuzzy --no-obsolete --no-wrap "$tmp/$lang.po" | sed -n 's/^msgid "\(.\+\)"$/\1/p')
  nu=$(printf '%s' "$untranslated" | grep -c . || true)
  nf=$(printf '%s' "$fuzzy" | grep -c . || true)
  if [ "$nu" -gt 0 ] || [ "$nf" -gt 0 ]; then
    fail "po/$lang.po: $nu untranslated, $nf fuzzy"
    [ -n "$untranslated" ] && printf '%s\n' "$untranslated" | sed "s/^/  $lang untranslated: /"
    [ -n "$fuzzy" ] && printf '%s\n' "$fuzzy" | sed "s/^/  $lang fuzzy: /"
  else
    echo "ok: po/$lang.po is complete"
  fi
done

if [ $status -ne 0 ]; then
  echo "To fix: ninja -C <builddir> vireo-update-po, then translate the strings listed above."
fi
exit $status
