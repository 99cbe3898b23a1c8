/* test-keymap.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The keys a person presses reach the guest as the right PC scancodes:
 * GDK key codes (evdev + 8) to QEMU qnums, and qnums to SPICE's form.
 * The expected codes are the IBM PC XT/AT scan code set 1 make codes.
 */
#define G_LOG_DOMAIN "vireo-test-keymap"

#include "config.h"

#include <linux/input-event-codes.h>
#include <string.h>

#include "vireo-keymap.h"

typedef struct
{
  guint       evdev;
  guint16     qnum;
  const char *name;
} KeyCase;

static void
check_cases (const KeyCase *cases,
             gsize          n)
{
  for (gsize i = 0; i < n; i++)
    {
      guint16 got = vireo_keymap_evdev_to_qnum (cases[i].evdev);

      if (got != cases[i].qnum)
        g_error ("%s (evdev %u): qnum 0x%02x, expected 0x%02x",
                 cases[i].name, cases[i].evdev, got, cases[i].qnum);
      /* the same key as GDK reports it */
      g_assert_cmpuint (vireo_keymap_gdk_keycode_to_qnum (cases[i].evdev + 8), ==, cases[i].qnum);
    }
}

static void
test_letters (void)
{
  /* the three letter rows of set 1 */
  static const char row1[] = "qwertyuiop";
  static const char row2[] = "asdfghjkl";
  static const char row3[] = "zxcvbnm";
  static const guint ev1[] = { KEY_Q, KEY_W, KEY_E, KEY_R, KEY_T, KEY_Y, KEY_U, KEY_I, KEY_O, KEY_P };
  static const guint ev2[] = { KEY_A, KEY_S, KEY_D, KEY_F, KEY_G, KEY_H, KEY_J, KEY_K, KEY_L };
  static const guint ev3[] = { KEY_Z, KEY_X, KEY_C, KEY_V, KEY_B, KEY_N, KEY_M };

  for (guint i = 0; i < strlen (row1); i++)
    g_assert_cmphex (vireo_keymap_evdev_to_qnum (ev1[i]), ==, 0x10 + i);
  for (guint i = 0; i < strlen (row2); i++)
    g_assert_cmphex (vireo_keymap_evdev_to_qnum (ev2[i]), ==, 0x1e + i);
  for (guint i = 0; i < strlen (row3); i++)
    g_assert_cmphex (vireo_keymap_evdev_to_qnum (ev3[i]), ==, 0x2c + i);

  /* X11 key code 38 is 'a' on every evdev keyboard */
  g_assert_cmphex (vireo_keymap_gdk_keycode_to_qnum (38), ==, 0x1e);
}

static void
test_digits_and_punctuation (void)
{
  static const KeyCase cases[] = {
    { KEY_ESC, 0x01, "Escape" },
    { KEY_1, 0x02, "1" }, { KEY_2, 0x03, "2" }, { KEY_3, 0x04, "3" },
    { KEY_4, 0x05, "4" }, { KEY_5, 0x06, "5" }, { KEY_6, 0x07, "6" },
    { KEY_7, 0x08, "7" }, { KEY_8, 0x09, "8" }, { KEY_9, 0x0a, "9" },
    { KEY_0, 0x0b, "0" },
    { KEY_MINUS, 0x0c, "-" }, { KEY_EQUAL, 0x0d, "=" },
    { KEY_BACKSPACE, 0x0e, "Backspace" }, { KEY_TAB, 0x0f, "Tab" },
    { KEY_LEFTBRACE, 0x1a, "[" }, { KEY_RIGHTBRACE, 0x1b, "]" },
    { KEY_ENTER, 0x1c, "Enter" },
    { KEY_SEMICOLON, 0x27, ";" }, { KEY_APOSTROPHE, 0x28, "'" },
    { KEY_GRAVE, 0x29, "`" }, { KEY_BACKSLASH, 0x2b, "\\" },
    { KEY_COMMA, 0x33, "," }, { KEY_DOT, 0x34, "." }, { KEY_SLASH, 0x35, "/" },
    { KEY_SPACE, 0x39, "Space" }, { KEY_CAPSLOCK, 0x3a, "Caps Lock" },
    { KEY_102ND, 0x56, "ISO <>" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_function_keys (void)
{
  static const guint fkeys[] = { KEY_F1, KEY_F2, KEY_F3, KEY_F4, KEY_F5, KEY_F6,
                                 KEY_F7, KEY_F8, KEY_F9, KEY_F10, KEY_F11, KEY_F12 };
  static const guint16 expected[] = { 0x3b, 0x3c, 0x3d, 0x3e, 0x3f, 0x40,
                                      0x41, 0x42, 0x43, 0x44, 0x57, 0x58 };

  for (guint i = 0; i < G_N_ELEMENTS (fkeys); i++)
    g_assert_cmphex (vireo_keymap_evdev_to_qnum (fkeys[i]), ==, expected[i]);
  g_assert_cmphex (vireo_keymap_evdev_to_qnum (KEY_F1), ==, VIREO_QNUM_F1);
  g_assert_cmphex (vireo_keymap_evdev_to_qnum (KEY_F12), ==, VIREO_QNUM_F12);
}

static void
test_keypad (void)
{
  static const KeyCase cases[] = {
    { KEY_NUMLOCK, 0x45, "Num Lock" },
    { KEY_KP7, 0x47, "KP 7" }, { KEY_KP8, 0x48, "KP 8" }, { KEY_KP9, 0x49, "KP 9" },
    { KEY_KPMINUS, 0x4a, "KP -" },
    { KEY_KP4, 0x4b, "KP 4" }, { KEY_KP5, 0x4c, "KP 5" }, { KEY_KP6, 0x4d, "KP 6" },
    { KEY_KPPLUS, 0x4e, "KP +" },
    { KEY_KP1, 0x4f, "KP 1" }, { KEY_KP2, 0x50, "KP 2" }, { KEY_KP3, 0x51, "KP 3" },
    { KEY_KP0, 0x52, "KP 0" }, { KEY_KPDOT, 0x53, "KP ." },
    { KEY_KPASTERISK, 0x37, "KP *" },
    /* E0-prefixed keypad keys */
    { KEY_KPENTER, 0x9c, "KP Enter" },
    { KEY_KPSLASH, 0xb5, "KP /" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_extended_keys (void)
{
  /* every key whose make code is E0 xx has qnum 0x80 | xx */
  static const KeyCase cases[] = {
    { KEY_UP, 0xc8, "Up" }, { KEY_LEFT, 0xcb, "Left" },
    { KEY_RIGHT, 0xcd, "Right" }, { KEY_DOWN, 0xd0, "Down" },
    { KEY_INSERT, 0xd2, "Insert" }, { KEY_DELETE, 0xd3, "Delete" },
    { KEY_HOME, 0xc7, "Home" }, { KEY_END, 0xcf, "End" },
    { KEY_PAGEUP, 0xc9, "Page Up" }, { KEY_PAGEDOWN, 0xd1, "Page Down" },
    { KEY_RIGHTCTRL, 0x9d, "Right Ctrl" }, { KEY_RIGHTALT, 0xb8, "Right Alt" },
    { KEY_LEFTMETA, 0xdb, "Left Super" }, { KEY_RIGHTMETA, 0xdc, "Right Super" },
    { KEY_COMPOSE, 0xdd, "Menu" },
    { KEY_PAUSE, 0xc6, "Pause" },
    { KEY_MUTE, 0xa0, "Mute" }, { KEY_VOLUMEDOWN, 0xae, "Volume Down" },
    { KEY_VOLUMEUP, 0xb0, "Volume Up" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));

  /* Print Screen/SysRq: the set 1 code 0x54 (QEMU's preferred qnum) */
  g_assert_cmphex (vireo_keymap_evdev_to_qnum (KEY_SYSRQ), ==, VIREO_QNUM_PRINT);
  g_assert_cmphex (VIREO_QNUM_PRINT, ==, 0x54);
}

static void
test_modifiers (void)
{
  static const KeyCase cases[] = {
    { KEY_LEFTCTRL, 0x1d, "Left Ctrl" }, { KEY_LEFTSHIFT, 0x2a, "Left Shift" },
    { KEY_RIGHTSHIFT, 0x36, "Right Shift" }, { KEY_LEFTALT, 0x38, "Left Alt" },
    { KEY_RIGHTCTRL, 0x9d, "Right Ctrl" }, { KEY_RIGHTALT, 0xb8, "AltGr" },
    { KEY_SCROLLLOCK, 0x46, "Scroll Lock" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));

  g_assert_true (vireo_keymap_qnum_is_modifier (vireo_keymap_evdev_to_qnum (KEY_LEFTCTRL)));
  g_assert_true (vireo_keymap_qnum_is_modifier (vireo_keymap_evdev_to_qnum (KEY_RIGHTALT)));
  g_assert_true (vireo_keymap_qnum_is_modifier (vireo_keymap_evdev_to_qnum (KEY_LEFTMETA)));
  g_assert_false (vireo_keymap_qnum_is_modifier (vireo_keymap_evdev_to_qnum (KEY_A)));
  g_assert_false (vireo_keymap_qnum_is_modifier (vireo_keymap_evdev_to_qnum (KEY_CAPSLOCK)));
}

static void
test_international (void)
{
  static const KeyCase cases[] = {
    { KEY_RO, 0x73, "JIS Ro" }, { KEY_YEN, 0x7d, "JIS Yen" },
    { KEY_HENKAN, 0x79, "Henkan" }, { KEY_MUHENKAN, 0x7b, "Muhenkan" },
    { KEY_KATAKANAHIRAGANA, 0x70, "Katakana/Hiragana" },
    { KEY_HANGEUL, 0x72, "Hangeul" }, { KEY_HANJA, 0x71, "Hanja" },
    { KEY_KPEQUAL, 0x59, "KP =" }, { KEY_F13, 0x5d, "F13" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_unknown (void)
{
  g_assert_cmpuint (vireo_keymap_evdev_to_qnum (KEY_RESERVED), ==, 0);
  g_assert_cmpuint (vireo_keymap_evdev_to_qnum (84), ==, 0);   /* unassigned */
  g_assert_cmpuint (vireo_keymap_evdev_to_qnum (KEY_ISO), ==, 0);
  g_assert_cmpuint (vireo_keymap_evdev_to_qnum (KEY_UNKNOWN), ==, 0);
  g_assert_cmpuint (vireo_keymap_evdev_to_qnum (BTN_LEFT), ==, 0);
  g_assert_cmpuint (vireo_keymap_evdev_to_qnum (G_MAXUINT), ==, 0);
  /* GDK key codes below 8 are not keys */
  for (guint k = 0; k < 8; k++)
    g_assert_cmpuint (vireo_keymap_gdk_keycode_to_qnum (k), ==, 0);
  g_assert_cmpuint (vireo_keymap_gdk_keycode_to_qnum (8), ==, 0);
}

static void
test_table_consistency (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  /* no two Linux keys may type the same scancode, or the guest could not
   * tell them apart */
  for (guint evdev = 0; evdev < 0x300; evdev++)
    {
      guint16 qnum = vireo_keymap_evdev_to_qnum (evdev);

      if (qnum == 0)
        continue;
      g_assert_cmpuint (qnum, <=, 0xff);
      if (g_hash_table_contains (seen, GUINT_TO_POINTER (qnum)))
        g_error ("qnum 0x%02x used by evdev %u and %u", qnum, evdev,
                 GPOINTER_TO_UINT (g_hash_table_lookup (seen, GUINT_TO_POINTER (qnum))));
      g_hash_table_insert (seen, GUINT_TO_POINTER (qnum), GUINT_TO_POINTER (evdev));
    }
  /* the standard 105-key layout is fully covered */
  g_assert_cmpuint (g_hash_table_size (seen), >=, 105);
}

static void
test_spice_form (void)
{
  /* spice-client-glib: set 1 code, E0 xx as 0x100 | xx */
  g_assert_cmphex (vireo_keymap_qnum_to_spice (0x1e), ==, 0x1e);
  g_assert_cmphex (vireo_keymap_qnum_to_spice (0x9d), ==, 0x11d);
  g_assert_cmphex (vireo_keymap_qnum_to_spice (0xc8), ==, 0x148);
  g_assert_cmphex (vireo_keymap_qnum_to_spice (0xd3), ==, 0x153);
  g_assert_cmphex (vireo_keymap_qnum_to_spice (0x9c), ==, 0x11c);
  g_assert_cmphex (vireo_keymap_qnum_to_spice (0), ==, 0);
  g_assert_cmphex (vireo_keymap_qnum_to_spice (0x1ff), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keymap/letters", test_letters);
  g_test_add_func ("/keymap/digits-punctuation", test_digits_and_punctuation);
  g_test_add_func ("/keymap/function-keys", test_function_keys);
  g_test_add_func ("/keymap/keypad", test_keypad);
  g_test_add_func ("/keymap/extended", test_extended_keys);
  g_test_add_func ("/keymap/modifiers", test_modifiers);
  g_test_add_func ("/keymap/international", test_international);
  g_test_add_func ("/keymap/unknown", test_unknown);
  g_test_add_func ("/keymap/consistency", test_table_consistency);
  g_test_add_func ("/keymap/spice", test_spice_form);

  return g_test_run ();
}
