/* test-display-text.c — names a remote daemon chose, shown to a person
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A VM name with a right-to-left override or zero-width characters can pass
 * for another VM's name. Embedded in a sentence, a name is isolated (its
 * direction cannot leak into the sentence, and it cannot close the isolate
 * itself); shown for a decision, every invisible character is revealed.
 */
#define G_LOG_DOMAIN "test-display-text"

#include "config.h"

#include <glib.h>

#include "vireo-core.h"

#define FSI "\xe2\x81\xa8"  /* U+2068 */
#define PDI "\xe2\x81\xa9"  /* U+2069 */
#define RLO "\xe2\x80\xae"  /* U+202E */
#define PDF "\xe2\x80\xac"  /* U+202C */
#define ZWSP "\xe2\x80\x8b" /* U+200B */
#define ZWJ "\xe2\x80\x8d"  /* U+200D */
#define LRM "\xe2\x80\x8e"  /* U+200E */
#define WJ "\xe2\x81\xa0"   /* U+2060 */
#define BOM "\xef\xbb\xbf"  /* U+FEFF */
#define NBSP "\xc2\xa0"     /* U+00A0 */

static void
test_isolate (void)
{
  static const struct
  {
    const char *name;
    const char *shown;
  } cases[] = {
    { "web-01", FSI "web-01" PDI },
    { "", FSI PDI },
    { "a & b <i>", FSI "a & b <i>" PDI },
    { "ünïcødé עברית", FSI "ünïcødé עברית" PDI },
    /* "admin" RLO "gpj.exe" would read "adminexe.jpg" and push the closing
     * quote of the sentence around: the override is left out */
    { "admin" RLO "gpj.exe", FSI "admingpj.exe" PDI },
    /* a name cannot close the isolate early, nor leave one open */
    { PDI RLO "x", FSI "x" PDI },
    { "x" FSI "y", FSI "xy" PDI },
    { "x" PDF PDF, FSI "x" PDI },
    /* zero-width characters do not reorder text: kept (reveal shows them) */
    { "a" ZWSP "b", FSI "a" ZWSP "b" PDI },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = vireo_display_name_isolate (cases[i].name);

      g_assert_cmpstr (shown, ==, cases[i].shown);
      g_assert_true (g_utf8_validate (shown, -1, NULL));
    }
  g_assert_null (vireo_display_name_isolate (NULL));

  /* bytes a daemon sent that are not UTF-8 are repaired, not passed on */
  {
    g_autofree char *shown = vireo_display_name_isolate ("bad\xff\xfe"
                                                         "name");

    g_assert_true (g_utf8_validate (shown, -1, NULL));
    g_assert_true (g_str_has_prefix (shown, FSI "bad"));
    g_assert_true (g_str_has_suffix (shown, "name" PDI));
  }
}

static void
test_reveal (void)
{
  static const struct
  {
    const char *name;
    const char *shown;
  } cases[] = {
    { "web-01", "web-01" },
    { "a b", "a b" },
    { "a & b <span>", "a & b <span>" },
    { "ünïcødé עברית Ελληνικά 日本語", "ünïcødé עברית Ελληνικά 日本語" },
    { "admin" RLO "gpj.exe", "admin<U+202E>gpj.exe" },
    { "web" ZWSP "-01", "web<U+200B>-01" },
    { ZWJ LRM WJ BOM "x", "<U+200D><U+200E><U+2060><U+FEFF>x" },
    { "\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad", "<U+202A><U+202B><U+202C><U+202D>" },
    { "\xe2\x81\xa6\xe2\x81\xa7" FSI PDI, "<U+2066><U+2067><U+2068><U+2069>" },
    { "\xe2\x80\x8c\xe2\x80\x8f", "<U+200C><U+200F>" },
    { "web" NBSP "01", "web<U+00A0>01" },
    { "tab\there\nnewline", "tab<U+0009>here<U+000A>newline" },
    { "soft\xc2\xadhyphen", "soft<U+00AD>hyphen" },
    { "hangul\xe3\x85\xa4"
      "filler",
      "hangul<U+3164>filler" },
    /* a character beyond the BMP is shown in full */
    { "tag\xf3\xa0\x80\x81", "tag<U+E0001>" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = vireo_display_name_reveal (cases[i].name);

      g_assert_cmpstr (shown, ==, cases[i].shown);
    }
  g_assert_null (vireo_display_name_reveal (NULL));

  /* two names that look the same are told apart */
  {
    g_autofree char *real = vireo_display_name_reveal ("web-01");
    g_autofree char *fake = vireo_display_name_reveal ("web-01" ZWSP);

    g_assert_cmpstr (real, !=, fake);
  }
  {
    g_autofree char *shown = vireo_display_name_reveal ("bad\xff"
                                                        "name");

    g_assert_true (g_utf8_validate (shown, -1, NULL));
    g_assert_true (g_str_has_prefix (shown, "bad"));
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/display-text/isolate", test_isolate);
  g_test_add_func ("/display-text/reveal", test_reveal);
  return g_test_run ();
}
