/* vireo-display-text.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Names Vireo did not choose (a VM's, a pool's, a network's: a remote
 * libvirtd writes them) shown to a person. Plain text in, plain text out:
 * escape for Pango markup separately where a widget takes markup.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @name for embedding in a sentence ("Could not start “%s”"): wrapped in
 * U+2068 FIRST STRONG ISOLATE … U+2069 POP DIRECTIONAL ISOLATE, so its
 * direction cannot reorder the text around it. Bidi embedding, override and
 * isolate controls inside @name (U+202A–U+202E, U+2066–U+2069) are left
 * out, so the name cannot close the isolate early or leave it open. Invalid
 * UTF-8 is repaired. NULL for NULL. */
char *vireo_display_name_isolate (const char *name);

/* @name with every character a person cannot see or tell apart from a space
 * shown as its code point, <U+202E>: controls, format characters (zero-width
 * spaces and joiners, U+2060 WORD JOINER, U+FEFF, bidi controls U+202A–U+202E
 * and U+2066–U+2069, soft hyphens…), line and paragraph separators, spaces
 * other than U+0020 and the blank Hangul fillers. For names shown for a
 * decision (delete, force off), so that one VM cannot pass for another.
 * Invalid UTF-8 is repaired. NULL for NULL. */
char *vireo_display_name_reveal (const char *name);

G_END_DECLS
