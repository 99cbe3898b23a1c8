/* vireo-display-text.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-display-text"

#include "config.h"

#include <string.h>

#include "vireo-display-text.h"

#define FIRST_STRONG_ISOLATE 0x2068
#define POP_DIRECTIONAL_ISOLATE 0x2069

static gboolean
is_bidi_control (gunichar c)
{
  return (c >= 0x202A && c <= 0x202E)     /* LRE RLE PDF LRO RLO */
         || (c >= 0x2066 && c <= 0x2069); /* LRI RLI FSI PDI */
}

static gboolean
is_hidden (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT: /* U+200B–U+200F, U+202A–U+202E, U+2060–U+206F, U+FEFF, U+00AD… */
    case G_UNICODE_UNASSIGNED:
    case G_UNICODE_PRIVATE_USE:
    case G_UNICODE_SURROGATE:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
      return TRUE;
    case G_UNICODE_SPACE_SEPARATOR:
      return c != ' ';
    /* visible, but for the blank ones below (the general categories are closed: Unicode's
     * stability policy adds no new ones) */
    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_OTHER_NUMBER:
    case G_UNICODE_CONNECT_PUNCTUATION:
    case G_UNICODE_DASH_PUNCTUATION:
    case G_UNICODE_CLOSE_PUNCTUATION:
    case G_UNICODE_FINAL_PUNCTUATION:
    case G_UNICODE_INITIAL_PUNCTUATION:
    case G_UNICODE_OTHER_PUNCTUATION:
    case G_UNICODE_OPEN_PUNCTUATION:
    case G_UNICODE_CURRENCY_SYMBOL:
    case G_UNICODE_MODIFIER_SYMBOL:
    case G_UNICODE_MATH_SYMBOL:
    case G_UNICODE_OTHER_SYMBOL:
    default:
      break;
    }
  /* blank letters and marks: COMBINING GRAPHEME JOINER, the Hangul fillers,
   * MONGOLIAN VOWEL SEPARATOR, BRAILLE PATTERN BLANK */
  return c == 0x034F || c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0 || c == 0x180E ||
         c == 0x2800;
}

char *
vireo_display_name_isolate (const char *name)
{
  g_autofree char *valid = NULL;
  GString *out;

  if (name == NULL)
    return NULL;

  valid = g_utf8_make_valid (name, -1);
  out = g_string_sized_new (strlen (valid) + 6);
  g_string_append_unichar (out, FIRST_STRONG_ISOLATE);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!is_bidi_control (c))
        g_string_append_unichar (out, c);
    }
  g_string_append_unichar (out, POP_DIRECTIONAL_ISOLATE);
  return g_string_free (out, FALSE);
}

char *
vireo_display_name_reveal (const char *name)
{
  g_autofree char *valid = NULL;
  GString *out;

  if (name == NULL)
    return NULL;

  valid = g_utf8_make_valid (name, -1);
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_hidden (c))
        g_string_append_printf (out, "<U+%04X>", c);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}
