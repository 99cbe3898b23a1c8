/* vireo-keymap.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keymap data, and where it comes from:
 * - the Linux input event codes (KEY_*) are the kernel's numbering in
 *   include/uapi/linux/input-event-codes.h, used here through the installed
 *   <linux/input-event-codes.h>;
 * - the scan codes are IBM PC XT/AT scan code set 1 make codes, as tabulated
 *   in the "AT set1 keycode" column of keymaps.csv in the keycodemapdb
 *   project (https://gitlab.com/keycodemap/keycodemapdb, mirrored at
 *   github.com/qemu/keycodemapdb; file data/keymaps.csv, which derives
 *   them from the Linux atkbd driver's set 2 table and its set 2 -> set 1
 *   translation); the classic tables (e.g. the set 1 list in
 *   the OSDev wiki "PS/2 Keyboard" page) give the same codes for the standard
 *   104/105-key layout;
 * - QEMU's "qnum" convention: a set 1 code below 0x80 is itself, an
 *   E0-prefixed code E0 xx becomes 0x80 | xx; the Korean Hanja/Hangeul keys
 *   (set 1 0xf1/0xf2, no release code) are 0x71/0x72.
 *
 * Print Screen/SysRq (KEY_SYSRQ) is 0x54, keycodemapdb's preferred qnum;
 * QEMU accepts 0xb7 (E0 37) for the same key.
 */
#define G_LOG_DOMAIN "vireo-keymap"

#include "config.h"

#include <linux/input-event-codes.h>

#include "vireo-keymap.h"

/* Linux codes 1 (KEY_ESC) to 83 (KEY_KPDOT) are numbered after the XT set 1
 * scan codes, so the qnum is the code itself. The rest, by table: */
static const guint16 evdev_to_qnum[] = {
  [KEY_ZENKAKUHANKAKU]   = 0x76,
  [KEY_102ND]            = 0x56,
  [KEY_F11]              = 0x57,
  [KEY_F12]              = 0x58,
  [KEY_RO]               = 0x73,
  [KEY_KATAKANA]         = 0x78,
  [KEY_HIRAGANA]         = 0x77,
  [KEY_HENKAN]           = 0x79,
  [KEY_KATAKANAHIRAGANA] = 0x70,
  [KEY_MUHENKAN]         = 0x7b,
  [KEY_KPJPCOMMA]        = 0x5c,
  [KEY_KPENTER]          = 0x9c,   /* E0 1C */
  [KEY_RIGHTCTRL]        = 0x9d,   /* E0 1D */
  [KEY_KPSLASH]          = 0xb5,   /* E0 35 */
  [KEY_SYSRQ]            = 0x54,
  [KEY_RIGHTALT]         = 0xb8,   /* E0 38 */
  [KEY_LINEFEED]         = 0x5b,
  [KEY_HOME]             = 0xc7,   /* E0 47 */
  [KEY_UP]               = 0xc8,   /* E0 48 */
  [KEY_PAGEUP]           = 0xc9,   /* E0 49 */
  [KEY_LEFT]             = 0xcb,   /* E0 4B */
  [KEY_RIGHT]            = 0xcd,   /* E0 4D */
  [KEY_END]              = 0xcf,   /* E0 4F */
  [KEY_DOWN]             = 0xd0,   /* E0 50 */
  [KEY_PAGEDOWN]         = 0xd1,   /* E0 51 */
  [KEY_INSERT]           = 0xd2,   /* E0 52 */
  [KEY_DELETE]           = 0xd3,   /* E0 53 */
  [KEY_MACRO]            = 0xef,
  [KEY_MUTE]             = 0xa0,
  [KEY_VOLUMEDOWN]       = 0xae,
  [KEY_VOLUMEUP]         = 0xb0,
  [KEY_POWER]            = 0xde,
  [KEY_KPEQUAL]          = 0x59,
  [KEY_KPPLUSMINUS]      = 0xce,
  [KEY_PAUSE]            = 0xc6,   /* the keyboard sends E1 1D 45; QEMU's qnum is E0 46 */
  [KEY_SCALE]            = 0x8b,
  [KEY_KPCOMMA]          = 0x7e,
  [KEY_HANGEUL]          = 0x72,
  [KEY_HANJA]            = 0x71,
  [KEY_YEN]              = 0x7d,
  [KEY_LEFTMETA]         = 0xdb,   /* E0 5B */
  [KEY_RIGHTMETA]        = 0xdc,   /* E0 5C */
  [KEY_COMPOSE]          = 0xdd,   /* E0 5D, the Menu key */
  [KEY_STOP]             = 0xe8,
  [KEY_AGAIN]            = 0x85,
  [KEY_PROPS]            = 0x86,
  [KEY_UNDO]             = 0x87,
  [KEY_FRONT]            = 0x8c,
  [KEY_COPY]             = 0xf8,
  [KEY_OPEN]             = 0x64,
  [KEY_PASTE]            = 0x65,
  [KEY_FIND]             = 0xc1,
  [KEY_CUT]              = 0xbc,
  [KEY_HELP]             = 0xf5,
  [KEY_MENU]             = 0x9e,
  [KEY_CALC]             = 0xa1,
  [KEY_SETUP]            = 0x66,
  [KEY_SLEEP]            = 0xdf,
  [KEY_WAKEUP]           = 0xe3,
  [KEY_FILE]             = 0x67,
  [KEY_SENDFILE]         = 0x68,
  [KEY_DELETEFILE]       = 0x69,
  [KEY_XFER]             = 0x93,
  [KEY_PROG1]            = 0x9f,
  [KEY_PROG2]            = 0x97,
  [KEY_WWW]              = 0x82,
  [KEY_MSDOS]            = 0x6a,
  [KEY_SCREENLOCK]       = 0x92,
  [KEY_DIRECTION]        = 0x6b,
  [KEY_CYCLEWINDOWS]     = 0xa6,
  [KEY_MAIL]             = 0xec,
  [KEY_BOOKMARKS]        = 0xe6,
  [KEY_COMPUTER]         = 0xeb,
  [KEY_BACK]             = 0xea,
  [KEY_FORWARD]          = 0xe9,
  [KEY_CLOSECD]          = 0xa3,
  [KEY_EJECTCD]          = 0x6c,
  [KEY_EJECTCLOSECD]     = 0xfd,
  [KEY_NEXTSONG]         = 0x99,
  [KEY_PLAYPAUSE]        = 0xa2,
  [KEY_PREVIOUSSONG]     = 0x90,
  [KEY_STOPCD]           = 0xa4,
  [KEY_RECORD]           = 0xb1,
  [KEY_REWIND]           = 0x98,
  [KEY_PHONE]            = 0x63,
  [KEY_CONFIG]           = 0x81,
  [KEY_HOMEPAGE]         = 0xb2,
  [KEY_REFRESH]          = 0xe7,
  [KEY_EDIT]             = 0x88,
  [KEY_SCROLLUP]         = 0x75,
  [KEY_SCROLLDOWN]       = 0x8f,
  [KEY_KPLEFTPAREN]      = 0xf6,
  [KEY_KPRIGHTPAREN]     = 0xfb,
  [KEY_NEW]              = 0x89,
  [KEY_REDO]             = 0x8a,
  [KEY_F13]              = 0x5d,
  [KEY_F14]              = 0x5e,
  [KEY_F15]              = 0x5f,
  [KEY_F16]              = 0x55,
  [KEY_F17]              = 0x83,
  [KEY_F18]              = 0xf7,
  [KEY_F19]              = 0x84,
  [KEY_F20]              = 0x5a,
  [KEY_F21]              = 0x74,
  [KEY_F22]              = 0xf9,
  [KEY_F23]              = 0x6d,
  [KEY_F24]              = 0x6f,
  [195]                  = 0x95,   /* unnamed codes with set 1 E0 15 … E0 27 */
  [196]                  = 0x96,
  [197]                  = 0x9a,
  [198]                  = 0x9b,
  [199]                  = 0xa7,
  [KEY_PLAYCD]           = 0xa8,
  [KEY_PAUSECD]          = 0xa9,
  [KEY_PROG3]            = 0xab,
  [KEY_PROG4]            = 0xac,
  [KEY_DASHBOARD]        = 0xad,
  [KEY_SUSPEND]          = 0xa5,
  [KEY_CLOSE]            = 0xaf,
  [KEY_PLAY]             = 0xb3,
  [KEY_FASTFORWARD]      = 0xb4,
  [KEY_BASSBOOST]        = 0xb6,
  [KEY_PRINT]            = 0xb9,
  [KEY_HP]               = 0xba,
  [KEY_CAMERA]           = 0xbb,
  [KEY_SOUND]            = 0xbd,
  [KEY_QUESTION]         = 0xbe,
  [KEY_EMAIL]            = 0xbf,
  [KEY_CHAT]             = 0xc0,
  [KEY_SEARCH]           = 0xe5,
  [KEY_CONNECT]          = 0xc2,
  [KEY_FINANCE]          = 0xc3,
  [KEY_SPORT]            = 0xc4,
  [KEY_SHOP]             = 0xc5,
  [KEY_ALTERASE]         = 0x94,
  [KEY_CANCEL]           = 0xca,
  [KEY_BRIGHTNESSDOWN]   = 0xcc,
  [KEY_BRIGHTNESSUP]     = 0xd4,
  [KEY_MEDIA]            = 0xed,
  [KEY_SWITCHVIDEOMODE]  = 0xd6,
  [KEY_KBDILLUMTOGGLE]   = 0xd7,
  [KEY_KBDILLUMDOWN]     = 0xd8,
  [KEY_KBDILLUMUP]       = 0xd9,
  [KEY_SEND]             = 0xda,
  [KEY_REPLY]            = 0xe4,
  [KEY_FORWARDMAIL]      = 0x8e,
  [KEY_SAVE]             = 0xd5,
  [KEY_DOCUMENTS]        = 0xf0,
  [KEY_BATTERY]          = 0xf1,
  [KEY_BLUETOOTH]        = 0xf2,
  [KEY_WLAN]             = 0xf3,
  [KEY_UWB]              = 0xf4,
};

guint16
vireo_keymap_evdev_to_qnum (guint evdev)
{
  if (evdev >= KEY_ESC && evdev <= KEY_KPDOT)
    return (guint16) evdev;
  if (evdev < G_N_ELEMENTS (evdev_to_qnum))
    return evdev_to_qnum[evdev];
  return 0;
}

guint16
vireo_keymap_gdk_keycode_to_qnum (guint keycode)
{
  if (keycode < VIREO_KEYMAP_GDK_KEYCODE_OFFSET)
    return 0;
  return vireo_keymap_evdev_to_qnum (keycode - VIREO_KEYMAP_GDK_KEYCODE_OFFSET);
}

guint
vireo_keymap_qnum_to_spice (guint16 qnum)
{
  if (qnum == 0 || qnum > 0xff)
    return 0;
  if (qnum & 0x80)
    return 0x100 | (qnum & 0x7f);
  return qnum;
}

gboolean
vireo_keymap_qnum_is_modifier (guint16 qnum)
{
  switch (qnum)
    {
    case 0x1d:   /* Left Ctrl */
    case 0x2a:   /* Left Shift */
    case 0x36:   /* Right Shift */
    case 0x38:   /* Left Alt */
    case 0x9d:   /* Right Ctrl */
    case 0xb8:   /* Right Alt / AltGr */
    case 0xdb:   /* Left Super */
    case 0xdc:   /* Right Super */
      return TRUE;
    default:
      return FALSE;
    }
}
