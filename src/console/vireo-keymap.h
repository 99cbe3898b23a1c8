/* vireo-keymap.h — host key codes to the guest's scancodes
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The key numbers Vireo sends to guests are QEMU "qnum" codes: the IBM PC
 * XT/AT scan code set 1 make code of the key, with 0x80 added for the keys
 * whose make code has an 0xe0 prefix (Right Ctrl is E0 1D, so 0x9d).
 *
 * GDK gives hardware key codes; on X11 (XKB evdev rules) and Wayland those
 * are the Linux input event code + 8. */

#define VIREO_KEYMAP_GDK_KEYCODE_OFFSET 8

/* the qnum of a Linux input event code (KEY_*), or 0 when the key has none */
guint16  vireo_keymap_evdev_to_qnum        (guint evdev);
/* the same for a GDK hardware key code (evdev + 8) */
guint16  vireo_keymap_gdk_keycode_to_qnum  (guint keycode);

/* the scancode form spice-client-glib's key functions take: set 1 code,
 * E0-prefixed keys as 0x100 | code */
guint    vireo_keymap_qnum_to_spice        (guint16 qnum);

/* TRUE for Shift, Ctrl, Alt, AltGr and the Super/Meta keys */
gboolean vireo_keymap_qnum_is_modifier     (guint16 qnum);

/* a few qnums the send-key menu and tests need */
#define VIREO_QNUM_ESC          0x01
#define VIREO_QNUM_BACKSPACE    0x0e
#define VIREO_QNUM_ENTER        0x1c
#define VIREO_QNUM_LEFT_CTRL    0x1d
#define VIREO_QNUM_LEFT_SHIFT   0x2a
#define VIREO_QNUM_LEFT_ALT     0x38
#define VIREO_QNUM_F1           0x3b   /* F1..F10 are 0x3b..0x44 */
#define VIREO_QNUM_F11          0x57
#define VIREO_QNUM_F12          0x58
#define VIREO_QNUM_RIGHT_CTRL   0x9d
#define VIREO_QNUM_RIGHT_ALT    0xb8
#define VIREO_QNUM_PRINT        0x54   /* Print Screen / SysRq (QEMU also takes 0xb7) */
#define VIREO_QNUM_DELETE       0xd3
#define VIREO_QNUM_PAUSE        0xc6

G_END_DECLS
