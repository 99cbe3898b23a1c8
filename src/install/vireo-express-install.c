/* vireo-express-install.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Unattended ("express") installs: which OSes libosinfo has an install
 * script for, the checks on the person's answers, the host's defaults.
 * The answers hold passwords (DESIGN.md rule 6): nothing here logs them,
 * and they only ever leave the process inside the generated answer file.
 */
#define G_LOG_DOMAIN "vireo-express-install"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <osinfo/osinfo.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vireo-express-install.h"

/* bounds on the answers (they go into answer files line by line) */
#define MAX_LOGIN_LEN     32
#define MAX_FULLNAME_LEN  128
#define MAX_PASSWORD_LEN  256
#define MAX_HOSTNAME_LEN  63
#define MAX_WIN_HOSTNAME  15
#define MAX_TZ_LEN        64
#define MAX_LANGUAGE_LEN  32

/* -- the OS's scripts ------------------------------------------------------ */

typedef struct
{
  gboolean  known;        /* libosinfo knows the OS */
  char     *name;         /* its name, NULL when unknown */
  gboolean  has_script;
  gboolean  initrd;       /* a script injected through the initrd */
  gboolean  media;        /* a script injected on a disk, CD-ROM or floppy */
  gboolean  cdrom;        /* a script injected on a CD-ROM */
  gboolean  product_key;  /* a script asks for a product key */
  gboolean  key_required; /* a script cannot do without one */
  gboolean  windows;
} ScriptFacts;

static void
script_facts_clear (ScriptFacts *facts)
{
  g_clear_pointer (&facts->name, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ScriptFacts, script_facts_clear)

/* Windows' "windows.cmd" runs after an install an answer file started: it
 * answers no installer by itself */
static gboolean
is_helper_script (OsinfoInstallScript *script)
{
  const char *name = osinfo_install_script_get_expected_filename (script);

  return name != NULL && g_str_has_suffix (name, ".cmd");
}

static void
collect_facts (gpointer osinfo_os,
               gpointer user_data)
{
  OsinfoOs *os = osinfo_os;
  ScriptFacts *facts = user_data;
  g_autoptr (OsinfoInstallScriptList) scripts = NULL;
  int n;

  if (os == NULL)
    return;
  facts->known = TRUE;
  facts->name = g_strdup (osinfo_product_get_name (OSINFO_PRODUCT (os)));
  facts->windows = g_strcmp0 (osinfo_os_get_family (os), "winnt") == 0
                   || g_strcmp0 (osinfo_os_get_distro (os), "win") == 0;

  scripts = osinfo_os_get_install_script_list (os);
  n = osinfo_list_get_length (OSINFO_LIST (scripts));
  for (int i = 0; i < n; i++)
    {
      OsinfoInstallScript *script = OSINFO_INSTALL_SCRIPT (osinfo_list_get_nth (OSINFO_LIST (scripts), i));
      unsigned int methods = osinfo_install_script_get_injection_methods (script);

      facts->has_script = TRUE;
      if (methods & OSINFO_INSTALL_SCRIPT_INJECTION_METHOD_INITRD)
        facts->initrd = TRUE;
      if (methods & (OSINFO_INSTALL_SCRIPT_INJECTION_METHOD_DISK | OSINFO_INSTALL_SCRIPT_INJECTION_METHOD_CDROM
                     | OSINFO_INSTALL_SCRIPT_INJECTION_METHOD_FLOPPY))
        facts->media = TRUE;
      if ((methods & OSINFO_INSTALL_SCRIPT_INJECTION_METHOD_CDROM) && !is_helper_script (script))
        facts->cdrom = TRUE;
      if (osinfo_install_script_get_product_key_format (script) != NULL
          || osinfo_install_script_has_config_param_name (script, OSINFO_INSTALL_CONFIG_PROP_REG_PRODUCTKEY))
        {
          OsinfoInstallConfigParam *param
              = osinfo_install_script_get_config_param (script, OSINFO_INSTALL_CONFIG_PROP_REG_PRODUCTKEY);

          facts->product_key = TRUE;
          if (param != NULL && osinfo_install_config_param_is_required (param))
            facts->key_required = TRUE;
          g_clear_object (&param);
        }
    }
}

static void
plan_script_facts (VireoInstallPlan *plan,
                   ScriptFacts      *facts)
{
  g_autofree char *os_id = NULL;

  memset (facts, 0, sizeof *facts);
  g_object_get (plan, "os-id", &os_id, NULL);
  if (os_id != NULL && *os_id != '\0')
    vireo_os_database_with_osinfo_os (os_id, collect_facts, facts);
}

/* a connection to this computer's hypervisor (no host in its URI) */
static gboolean
plan_is_local (VireoInstallPlan *plan)
{
  g_autofree char *uri = NULL;
  g_autoptr (GUri) parsed = NULL;
  const char *host;

  g_object_get (plan, "uri", &uri, NULL);
  parsed = uri != NULL ? g_uri_parse (uri, G_URI_FLAGS_NONE, NULL) : NULL;
  if (parsed == NULL)
    return TRUE;
  host = g_uri_get_host (parsed);
  return host == NULL || *host == '\0';
}

gboolean
vireo_express_install_supported (VireoInstallPlan *plan,
                                 char            **reason)
{
  g_auto (ScriptFacts) facts = { 0 };
  VireoInstallMethod method;

  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (plan), FALSE);

  plan_script_facts (plan, &facts);
  g_object_get (plan, "method", &method, NULL);

  if (!facts.known)
    {
      if (reason != NULL)
        *reason = g_strdup (_("Express install needs an operating system from the list: "
                              "Vireo has no install script for an unknown one."));
      return FALSE;
    }
  if (!facts.has_script)
    {
      if (reason != NULL)
        *reason = g_strdup_printf (_("%s has no unattended install script."), facts.name);
      return FALSE;
    }
  if (method == VIREO_INSTALL_METHOD_URL && !facts.initrd)
    {
      if (reason != NULL)
        *reason = g_strdup_printf (_("The install script of %s cannot reach a network install."),
                                   facts.name);
      return FALSE;
    }
  /* an ISO boots its own kernel command line: only an installer that
   * looks for its answer file on every drive by itself can be reached,
   * which among libosinfo's scripts is Windows' (autounattend.xml); the
   * kickstarts of Fedora and RHEL want "inst.ks=" on the command line */
  if (method == VIREO_INSTALL_METHOD_ISO && (!facts.media || !facts.windows))
    {
      if (reason != NULL)
        *reason = g_strdup_printf (_("The install script of %s cannot reach an ISO install; "
                                     "install from its network install tree instead."), facts.name);
      return FALSE;
    }
  /* the answer disk is made in a folder of this computer, which QEMU on
   * another host cannot see */
  if (method == VIREO_INSTALL_METHOD_ISO && !plan_is_local (plan))
    {
      if (reason != NULL)
        *reason = g_strdup (_("Express install from an ISO image works only with this computer’s own "
                              "hypervisor: the answer disk is made here."));
      return FALSE;
    }
  /* Vireo makes answer CD-ROMs, not floppies (Windows XP's winnt.sif) */
  if (method == VIREO_INSTALL_METHOD_ISO && !facts.cdrom)
    {
      if (reason != NULL)
        *reason = g_strdup_printf (_("The install script of %s needs a floppy disk, which Vireo cannot make."),
                                   facts.name);
      return FALSE;
    }
  if (method != VIREO_INSTALL_METHOD_URL && method != VIREO_INSTALL_METHOD_ISO)
    {
      if (reason != NULL)
        *reason = g_strdup (_("Express install works only when installing from an ISO image or a "
                              "network install tree."));
      return FALSE;
    }
  return TRUE;
}

gboolean
vireo_express_install_needs_product_key (VireoInstallPlan *plan)
{
  g_auto (ScriptFacts) facts = { 0 };

  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (plan), FALSE);

  plan_script_facts (plan, &facts);
  return facts.product_key;
}

/* -- checks ---------------------------------------------------------------- */

static gboolean
has_control_chars (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return TRUE;
  return FALSE;
}

static gboolean
valid_login (const char *login,
             gboolean    windows)
{
  gsize len = strlen (login);

  if (len == 0 || len > (windows ? 20 : MAX_LOGIN_LEN))
    return FALSE;
  if (windows)
    {
      /* what Windows refuses in a user name */
      if (strpbrk (login, "\"/\\[]:;|=,+*?<>@") != NULL || has_control_chars (login))
        return FALSE;
      return g_utf8_validate (login, -1, NULL) && login[len - 1] != '.';
    }
  /* the portable user name of useradd: [a-z_][a-z0-9_-]* */
  if (!(g_ascii_islower (login[0]) || login[0] == '_'))
    return FALSE;
  for (const char *p = login + 1; *p != '\0'; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_' || *p == '-'))
      return FALSE;
  return !g_str_equal (login, "root");
}

/* One label of a host name (RFC 1123): letters, digits and hyphens, not at
 * either end. */
static gboolean
valid_hostname (const char *hostname,
                gsize       max_len)
{
  gsize len = strlen (hostname);
  gboolean digits_only = TRUE;

  if (len == 0 || len > max_len || hostname[0] == '-' || hostname[len - 1] == '-')
    return FALSE;
  for (const char *p = hostname; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-')
        return FALSE;
      if (!g_ascii_isdigit (*p))
        digits_only = FALSE;
    }
  return !digits_only;
}

static gboolean
valid_product_key (const char *key)
{
  /* five groups of five letters or digits */
  if (strlen (key) != 29)
    return FALSE;
  for (int i = 0; i < 29; i++)
    {
      if (i % 6 == 5)
        {
          if (key[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isalnum (key[i]))
        return FALSE;
    }
  return TRUE;
}

static gboolean
valid_timezone (const char *tz)
{
  gsize len = strlen (tz);

  if (len == 0 || len > MAX_TZ_LEN || tz[0] == '/' || strstr (tz, "..") != NULL)
    return FALSE;
  for (const char *p = tz; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("/_-+", *p) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
valid_language (const char *lang)
{
  gsize len = strlen (lang);

  if (len < 2 || len > MAX_LANGUAGE_LEN)
    return FALSE;
  for (const char *p = lang; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("_-.@", *p) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
fail (GError    **error,
      const char *message)
{
  g_set_error_literal (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_EXPRESS, message);
  return FALSE;
}

char *
vireo_express_install_effective_hostname (VireoInstallPlan *plan)
{
  g_autofree char *hostname = NULL;
  g_autofree char *name = NULL;
  GString *made;

  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (plan), NULL);

  g_object_get (plan, "hostname", &hostname, "name", &name, NULL);
  if (hostname != NULL && *hostname != '\0')
    return g_steal_pointer (&hostname);

  /* from the VM's name: letters and digits kept, the rest a hyphen */
  made = g_string_new (NULL);
  for (const char *p = name != NULL ? name : ""; *p != '\0' && made->len < MAX_WIN_HOSTNAME; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (made, g_ascii_tolower (*p));
      else if (made->len > 0 && made->str[made->len - 1] != '-')
        g_string_append_c (made, '-');
    }
  while (made->len > 0 && made->str[made->len - 1] == '-')
    g_string_truncate (made, made->len - 1);
  if (made->len == 0 || strspn (made->str, "0123456789") == made->len)
    g_string_prepend (made, "vm");
  return g_string_free (made, FALSE);
}

gboolean
vireo_express_install_validate (VireoInstallPlan *plan,
                                GError          **error)
{
  g_auto (ScriptFacts) facts = { 0 };
  g_autofree char *reason = NULL;
  g_autofree char *login = NULL, *fullname = NULL, *password = NULL;
  g_autofree char *admin_password = NULL, *hostname = NULL;
  g_autofree char *tz = NULL, *language = NULL, *product_key = NULL;
  gboolean express, same_as_user;

  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (plan), FALSE);

  g_object_get (plan,
                "express-install", &express,
                "user-login", &login,
                "user-fullname", &fullname,
                "user-password", &password,
                "admin-same-as-user", &same_as_user,
                "admin-password", &admin_password,
                "timezone", &tz,
                "language", &language,
                "product-key", &product_key,
                NULL);
  if (!express)
    return TRUE;

  /* an OS without a script: nothing to check the answers against */
  plan_script_facts (plan, &facts);
  if (!vireo_express_install_supported (plan, &reason) && (!facts.known || !facts.has_script))
    return fail (error, reason);

  if (login == NULL || *login == '\0')
    return fail (error, _("Express install: enter a user name for the account it creates."));
  if (!valid_login (login, facts.windows))
    return fail (error, facts.windows
                            ? _("Express install: the user name may have at most 20 characters, and none of "
                                "\" / \\ [ ] : ; | = , + * ? < > @.")
                            : _("Express install: the user name must start with a lower-case letter and have "
                                "only lower-case letters, digits, “-” and “_” (at most 32), and cannot be “root”."));
  if (strlen (fullname) > MAX_FULLNAME_LEN || has_control_chars (fullname)
      || !g_utf8_validate (fullname, -1, NULL) || strchr (fullname, ':') != NULL)
    return fail (error, _("Express install: the full name may have at most 128 characters, and no “:”."));
  if (*password == '\0')
    return fail (error, _("Express install: enter a password for the user account; the installer needs one."));
  if (strlen (password) > MAX_PASSWORD_LEN || has_control_chars (password)
      || !g_utf8_validate (password, -1, NULL))
    return fail (error, _("Express install: the user's password may have at most 256 characters, and no "
                          "line breaks or other control characters."));
  if (!same_as_user)
    {
      if (*admin_password == '\0')
        return fail (error, _("Express install: enter the administrator password, or use the user's."));
      if (strlen (admin_password) > MAX_PASSWORD_LEN || has_control_chars (admin_password)
          || !g_utf8_validate (admin_password, -1, NULL))
        return fail (error, _("Express install: the administrator password may have at most 256 characters, "
                              "and no line breaks or other control characters."));
    }

  hostname = vireo_express_install_effective_hostname (plan);
  if (!valid_hostname (hostname, facts.windows ? MAX_WIN_HOSTNAME : MAX_HOSTNAME_LEN))
    return fail (error, facts.windows
                            ? _("Express install: the host name may have only letters, digits and “-” "
                                "(not first or last, not only digits), at most 15 of them.")
                            : _("Express install: the host name may have only letters, digits and “-” "
                                "(not first or last, not only digits), at most 63 of them."));
  if (*tz != '\0' && !valid_timezone (tz))
    return fail (error, _("Express install: the time zone is not one of the system's time zones, "
                          "such as “Europe/Rome”."));
  if (*language != '\0' && !valid_language (language))
    return fail (error, _("Express install: the language is not a locale name such as “it_IT”."));
  if (facts.key_required && *product_key == '\0')
    return fail (error, _("Express install: enter the product key of your copy of the system, in the form "
                          "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX; its installer needs one."));
  if (facts.product_key && *product_key != '\0' && !valid_product_key (product_key))
    return fail (error, _("Express install: the product key must have the form "
                          "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX (letters and digits)."));
  /* good answers, but the script cannot reach this installer */
  if (reason != NULL)
    return fail (error, reason);
  return TRUE;
}

/* -- the host's defaults --------------------------------------------------- */

const char *
vireo_express_install_host_timezone (void)
{
  static char *timezone;

  if (g_once_init_enter (&timezone))
    {
      g_autoptr (GTimeZone) local = g_time_zone_new_local ();
      const char *id = g_time_zone_get_identifier (local);
      char *value = g_strdup (id != NULL && valid_timezone (id) && strchr (id, '/') != NULL ? id : "UTC");

      g_once_init_leave (&timezone, value);
    }
  return timezone;
}

const char *
vireo_express_install_host_language (void)
{
  static char *language;

  if (g_once_init_enter (&language))
    {
      const char *const *names = g_get_language_names ();
      g_autofree char *first = g_strdup (names != NULL && names[0] != NULL ? names[0] : "C");
      char *value;

      first[strcspn (first, ".@")] = '\0';
      if (g_str_equal (first, "C") || g_str_equal (first, "POSIX") || !valid_language (first))
        value = g_strdup ("en_US");
      else if (strchr (first, '_') == NULL && strlen (first) == 2)
        {
          /* "it" alone: its own country ("it_IT"), English the American one */
          g_autofree char *upper = g_ascii_strup (first, -1);
          value = g_str_equal (first, "en") ? g_strdup ("en_US") : g_strdup_printf ("%s_%s", first, upper);
        }
      else
        value = g_strdup (first);
      g_once_init_leave (&language, value);
    }
  return language;
}

static gboolean
valid_layout (const char *layout)
{
  gsize len = strlen (layout);

  if (len < 2 || len > 8)
    return FALSE;
  for (const char *p = layout; *p != '\0'; p++)
    if (!g_ascii_islower (*p))
      return FALSE;
  return TRUE;
}

char *
_vireo_express_install_keyboard_from_file (const char *path)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  gsize len;

  /* a small shell-variable file; anything longer is not one */
  if (!g_file_get_contents (path, &text, &len, NULL) || len > 64 * 1024)
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *value = g_strstrip (lines[i]);

      if (!g_str_has_prefix (value, "XKBLAYOUT="))
        continue;
      value += strlen ("XKBLAYOUT=");
      if (*value == '"' || *value == '\'')
        value++;
      /* "it,us": the first is the one in use */
      value[strcspn (value, ",\"' \t")] = '\0';
      return valid_layout (value) ? g_strdup (value) : NULL;
    }
  return NULL;
}

const char *
vireo_express_install_host_keyboard (void)
{
  static char *keyboard;
  static gsize done;

  if (g_once_init_enter (&done))
    {
      keyboard = _vireo_express_install_keyboard_from_file ("/etc/default/keyboard");
      g_once_init_leave (&done, 1);
    }
  return keyboard;
}

/* -- the script ------------------------------------------------------------ */

struct _VireoExpressScript
{
  char   *filename;  /* the name the installer looks for ("preseed.cfg") */
  GBytes *script;    /* SECRET: the answer file holds the passwords */
  char   *cmdline;   /* the kernel command line's part ("" when none); no secrets */
};

typedef struct
{
  VireoInstallPlan *plan;
  gboolean          for_initrd;  /* the script travels in the initrd */
  gboolean          want_script; /* FALSE: only the command line */
  char             *filename;
  char             *script;
  char             *cmdline;
  GError           *error;
} GenerateData;

/* wipes a secret before it is freed */
static void
secret_free (gpointer data)
{
  char *text = data;

  if (text != NULL)
    {
      memset (text, 0, strlen (text));
      g_free (text);
    }
}

void
vireo_express_script_free (VireoExpressScript *script)
{
  if (script == NULL)
    return;
  g_free (script->filename);
  g_clear_pointer (&script->script, g_bytes_unref);
  g_free (script->cmdline);
  g_free (script);
}

const char *
vireo_express_script_get_filename (const VireoExpressScript *script)
{
  return script->filename;
}

GBytes *
vireo_express_script_get_contents (const VireoExpressScript *script)
{
  return script->script;
}

const char *
vireo_express_script_get_cmdline (const VireoExpressScript *script)
{
  return script->cmdline;
}

/* "it_IT" → the X11 layout "it"; "en_US" (and anything unclear) → "us" */
static char *
keyboard_for_language (const char *language)
{
  const char *territory = strchr (language, '_');
  g_autofree char *layout = NULL;

  if (territory == NULL || strlen (territory + 1) < 2 || g_str_has_prefix (language, "en_US"))
    return g_strdup ("us");
  layout = g_ascii_strdown (territory + 1, 2);
  if (g_str_equal (layout, "gb"))
    return g_strdup ("gb");
  return g_steal_pointer (&layout);
}

static OsinfoInstallScript *
pick_script (OsinfoOs *os,
             gboolean  for_initrd)
{
  static const char *const profiles[] = { "desktop", "jeos" };
  guint wanted = for_initrd ? OSINFO_INSTALL_SCRIPT_INJECTION_METHOD_INITRD
                            : OSINFO_INSTALL_SCRIPT_INJECTION_METHOD_CDROM;
  g_autoptr (OsinfoInstallScriptList) scripts = osinfo_os_get_install_script_list (os);
  int n = osinfo_list_get_length (OSINFO_LIST (scripts));

  /* the desktop profile when the OS has one that can reach the installer, else jeos */
  for (guint p = 0; p < G_N_ELEMENTS (profiles); p++)
    for (int i = 0; i < n; i++)
      {
        OsinfoInstallScript *script = OSINFO_INSTALL_SCRIPT (osinfo_list_get_nth (OSINFO_LIST (scripts), i));

        if (g_strcmp0 (osinfo_install_script_get_profile (script), profiles[p]) == 0
            && (osinfo_install_script_get_injection_methods (script) & wanted) != 0
            && !is_helper_script (script))
          return g_object_ref (script);
      }
  return NULL;
}

static OsinfoInstallConfig *
make_config (VireoInstallPlan *plan,
             OsinfoOs         *os)
{
  g_autoptr (OsinfoInstallConfig) config = osinfo_install_config_new ("http://vireo.gnome.org/express-install");
  g_autofree char *login = NULL, *fullname = NULL, *password = NULL, *admin_password = NULL;
  g_autofree char *tz = NULL, *language = NULL, *product_key = NULL, *hostname = NULL;
  g_autofree char *keyboard = NULL;
  g_autoptr (VireoOsDevices) devices = NULL;
  gboolean same_as_user;
  const char *distro = osinfo_os_get_distro (os);

  g_object_get (plan,
                "user-login", &login,
                "user-fullname", &fullname,
                "user-password", &password,
                "admin-same-as-user", &same_as_user,
                "admin-password", &admin_password,
                "timezone", &tz,
                "language", &language,
                "product-key", &product_key,
                "os-devices", &devices,
                NULL);
  hostname = vireo_express_install_effective_hostname (plan);
  if (*tz == '\0')
    {
      g_free (tz);
      tz = g_strdup (vireo_express_install_host_timezone ());
    }
  if (*language == '\0')
    {
      g_free (language);
      language = g_strdup (vireo_express_install_host_language ());
    }
  /* the host's own layout when it says, as the person types on it; else
   * one guessed from the language */
  keyboard = vireo_express_install_host_keyboard () != NULL ? g_strdup (vireo_express_install_host_keyboard ())
                                                            : keyboard_for_language (language);

  osinfo_install_config_set_hardware_arch (config, vireo_install_plan_get_effective_arch (plan));
  osinfo_install_config_set_user_login (config, login);
  osinfo_install_config_set_user_realname (config, *fullname != '\0' ? fullname : login);
  osinfo_install_config_set_user_password (config, password);
  osinfo_install_config_set_admin_password (config, same_as_user ? password : admin_password);
  osinfo_install_config_set_user_administrator (config, TRUE);
  osinfo_install_config_set_hostname (config, hostname);
  osinfo_install_config_set_l10n_timezone (config, tz);
  osinfo_install_config_set_l10n_language (config, language);
  osinfo_install_config_set_l10n_keyboard (config, keyboard);
  if (*product_key != '\0')
    osinfo_install_config_set_reg_product_key (config, product_key);
  if (g_strcmp0 (distro, "win") != 0)
    {
      /* the disk the plan gives the guest: its first disk on the plan's bus */
      const char *disk = "/dev/sda";

      if (g_str_equal (vireo_install_plan_get_effective_virt_type (plan), "xen"))
        disk = "/dev/xvda";
      else if (devices != NULL && devices->virtio_disk)
        disk = "/dev/vda";
      osinfo_install_config_set_target_disk (config, disk);
    }

  secret_free (g_steal_pointer (&password));
  secret_free (g_steal_pointer (&admin_password));
  return g_steal_pointer (&config);
}

/* Debian's installer (d-i) reads /preseed.cfg from the initrd by itself.
 * libosinfo's Debian scripts have no early_command: add one that writes a
 * line to the installer's console as soon as d-i has read the file, so the
 * person watching the VM's console (and the live test) sees that the
 * answers were taken before the installer goes to the network. The host
 * name was validated (letters, digits, "-"): nothing for the shell to
 * interpret. */
static char *
add_debian_marker (char       *script,
                   const char *hostname)
{
  char *with = g_strdup_printf ("%s\n### Vireo: show on the console that the answers were read\n"
                                "d-i preseed/early_command string echo VIREO-EXPRESS %s > /dev/console\n",
                                script, hostname);

  secret_free (script);
  return with;
}

static void
generate_for_os (gpointer osinfo_os,
                 gpointer user_data)
{
  OsinfoOs *os = osinfo_os;
  GenerateData *data = user_data;
  g_autoptr (OsinfoInstallScript) script = NULL;
  g_autoptr (OsinfoInstallConfig) config = NULL;
  g_autoptr (GMainContext) context = NULL;
  const char *expected;

  if (os == NULL || (script = pick_script (os, data->for_initrd)) == NULL)
    {
      g_set_error_literal (&data->error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_EXPRESS,
                           _("Express install: this operating system has no install script for this "
                             "install method."));
      return;
    }
  osinfo_install_script_set_preferred_injection_method (script, data->for_initrd
                                                                    ? OSINFO_INSTALL_SCRIPT_INJECTION_METHOD_INITRD
                                                                    : OSINFO_INSTALL_SCRIPT_INJECTION_METHOD_CDROM);
  osinfo_install_script_set_installation_source (script, data->for_initrd
                                                             ? OSINFO_INSTALL_SCRIPT_INSTALLATION_SOURCE_NETWORK
                                                             : OSINFO_INSTALL_SCRIPT_INSTALLATION_SOURCE_MEDIA);
  config = make_config (data->plan, os);

  /* only an installer booted by Vireo's own kernel has a command line; a
   * script without one (Windows') would come back whole, answers and all,
   * from libosinfo's transform */
  data->cmdline = data->for_initrd ? osinfo_install_script_generate_command_line (script, os, config) : NULL;
  if (data->cmdline == NULL)
    data->cmdline = g_strdup ("");
  g_strstrip (data->cmdline);
  if (!data->want_script)
    return;

  expected = osinfo_install_script_get_expected_filename (script);
  data->filename = g_strdup (expected != NULL ? expected : "unattend.cfg");
  /* libosinfo runs a main loop until the script is made: its own context,
   * so nothing else of the caller's runs meanwhile */
  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  data->script = osinfo_install_script_generate (script, os, config, NULL, &data->error);
  g_main_context_pop_thread_default (context);
  if (data->script == NULL)
    {
      g_autofree char *why = data->error != NULL ? g_strdup (data->error->message) : g_strdup ("");

      g_clear_error (&data->error);
      g_set_error (&data->error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_EXPRESS,
                   _("Express install: the install script could not be made: %s"), why);
      return;
    }
  if (g_str_equal (data->filename, "preseed.cfg") && g_strcmp0 (osinfo_os_get_distro (os), "debian") == 0)
    {
      g_autofree char *hostname = vireo_express_install_effective_hostname (data->plan);

      data->script = add_debian_marker (data->script, hostname);
    }
}

static gboolean
plan_uses_initrd (VireoInstallPlan *plan)
{
  VireoInstallMethod method;

  g_object_get (plan, "method", &method, NULL);
  return method == VIREO_INSTALL_METHOD_URL;
}

VireoExpressScript *
vireo_express_install_generate (VireoInstallPlan *plan,
                                GError          **error)
{
  GenerateData data = { 0 };
  g_autofree char *os_id = NULL;
  VireoExpressScript *result;

  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (plan), NULL);

  if (!vireo_express_install_validate (plan, error))
    return NULL;
  data.plan = plan;
  data.for_initrd = plan_uses_initrd (plan);
  data.want_script = TRUE;
  g_object_get (plan, "os-id", &os_id, NULL);
  vireo_os_database_with_osinfo_os (os_id, generate_for_os, &data);
  if (data.error != NULL)
    {
      g_propagate_error (error, data.error);
      secret_free (data.script);
      g_free (data.filename);
      g_free (data.cmdline);
      return NULL;
    }

  result = g_new0 (VireoExpressScript, 1);
  result->filename = data.filename;
  result->cmdline = data.cmdline;
  result->script = g_bytes_new_with_free_func (data.script, strlen (data.script), secret_free, data.script);
  return result;
}

char *
vireo_express_install_command_line (VireoInstallPlan *plan)
{
  GenerateData data = { 0 };
  g_autofree char *os_id = NULL;
  gboolean express;

  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (plan), NULL);

  g_object_get (plan, "express-install", &express, "os-id", &os_id, NULL);
  if (!express || !plan_uses_initrd (plan) || !vireo_express_install_supported (plan, NULL))
    return g_strdup ("");
  data.plan = plan;
  data.for_initrd = TRUE;
  vireo_os_database_with_osinfo_os (os_id, generate_for_os, &data);
  g_clear_error (&data.error);
  return data.cmdline != NULL ? data.cmdline : g_strdup ("");
}

/* -- initrd injection ------------------------------------------------------ */

static void
cpio_header (GByteArray *out,
             const char *name,
             guint32     mode,
             guint32     nlink,
             guint32     size)
{
  char header[111];
  static const guint8 zeros[4] = { 0 };
  gsize name_size = strlen (name) + 1;

  /* "newc": magic, then 13 eight-digit hex fields (ino, mode, uid, gid,
   * nlink, mtime, filesize, devmajor, devminor, rdevmajor, rdevminor,
   * namesize, check) */
  g_snprintf (header, sizeof header, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
              0u, mode, 0u, 0u, nlink, 0u, size, 0u, 0u, 0u, 0u, (guint32) name_size, 0u);
  g_byte_array_append (out, (const guint8 *) header, 110);
  g_byte_array_append (out, (const guint8 *) name, name_size);
  /* the header and name together end on a multiple of four */
  g_byte_array_append (out, zeros, (4 - (110 + name_size) % 4) % 4);
}

GBytes *
vireo_express_cpio_newc (const char *name,
                         GBytes     *contents,
                         guint32     mode)
{
  static const guint8 zeros[4] = { 0 };
  GByteArray *out;
  gsize size;
  const guint8 *bytes;

  g_return_val_if_fail (name != NULL && *name != '\0' && contents != NULL, NULL);

  bytes = g_bytes_get_data (contents, &size);
  g_return_val_if_fail (size <= G_MAXUINT32, NULL);

  out = g_byte_array_sized_new (size + 256);
  cpio_header (out, name, 0100000 | (mode & 07777), 1, (guint32) size);
  g_byte_array_append (out, bytes, size);
  g_byte_array_append (out, zeros, (4 - size % 4) % 4);
  cpio_header (out, "TRAILER!!!", 0, 1, 0);
  return g_byte_array_free_to_bytes (out);
}

gboolean
vireo_express_install_inject_initrd (const char               *initrd_path,
                                     const VireoExpressScript *script,
                                     GError                  **error)
{
  static const guint8 zeros[4] = { 0 };
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFileOutputStream) out = NULL;
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GBytes) archive = NULL;
  goffset size;
  gsize pad;

  g_return_val_if_fail (initrd_path != NULL && script != NULL, FALSE);

  file = g_file_new_for_path (initrd_path);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return FALSE;
  size = g_file_info_get_size (info);
  out = g_file_append_to (file, G_FILE_CREATE_NONE, NULL, error);
  if (out == NULL)
    return FALSE;

  /* the kernel reads archives one after another, an uncompressed one from
   * an offset that is a multiple of four: zeros in between are skipped.
   * Only root in the installer reads the file (it holds passwords). */
  archive = vireo_express_cpio_newc (script->filename, script->script, 0600);
  pad = (4 - size % 4) % 4;
  if (!g_output_stream_write_all (G_OUTPUT_STREAM (out), zeros, pad, NULL, NULL, error)
      || !g_output_stream_write_all (G_OUTPUT_STREAM (out), g_bytes_get_data (archive, NULL),
                                     g_bytes_get_size (archive), NULL, NULL, error)
      || !g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error))
    {
      g_autofree char *display = g_filename_display_name (initrd_path);

      memset ((gpointer) g_bytes_get_data (archive, NULL), 0, g_bytes_get_size (archive));
      g_prefix_error (error, _("Could not add the answer file to the installer's initrd %s: "), display);
      return FALSE;
    }
  /* the archive holds the answers: wiped before it is freed */
  memset ((gpointer) g_bytes_get_data (archive, NULL), 0, g_bytes_get_size (archive));
  return TRUE;
}

/* -- the answer disk of ISO installs ---------------------------------------- */

gboolean
vireo_express_install_uses_answer_disk (VireoInstallPlan *plan)
{
  VireoInstallMethod method;
  gboolean express;

  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (plan), FALSE);

  g_object_get (plan, "express-install", &express, "method", &method, NULL);
  return express && method == VIREO_INSTALL_METHOD_ISO && vireo_express_install_supported (plan, NULL);
}

/* what xorriso writes, the staged script included, is for this user only */
static void
private_umask (gpointer user_data)
{
  umask (077);
}

/* overwrites the staged script before it goes: it holds the passwords */
static void
wipe_file (const char *path,
           gsize       size)
{
  int fd = g_open (path, O_WRONLY, 0);

  if (fd >= 0)
    {
      g_autofree guint8 *zeros = g_malloc0 (MAX (size, 1));

      if (write (fd, zeros, size) < 0)
        g_debug ("could not overwrite the staged answer file");
      g_close (fd, NULL);
    }
  g_unlink (path);
}

char *
vireo_express_install_make_answer_disk (const char               *dir,
                                        const char               *vm_name,
                                        const VireoExpressScript *script,
                                        GCancellable             *cancellable,
                                        GError                  **error)
{
  g_autofree char *xorriso = NULL;
  g_autofree char *staging = NULL;
  g_autofree char *staged = NULL;
  g_autofree char *iso = NULL;
  g_autofree char *stderr_text = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GString) safe_name = g_string_new (NULL);
  g_autoptr (GError) local = NULL;
  gsize size;
  const char *contents;
  int fd = -1;

  g_return_val_if_fail (dir != NULL && vm_name != NULL && script != NULL, NULL);

  xorriso = g_find_program_in_path ("xorriso");
  if (xorriso == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("Could not make the answer disk of the express install: the program "
                             "“xorriso” is not installed."));
      return NULL;
    }

  /* the file's name: the VM's, letters and digits only (it is the person's text) */
  for (const char *p = vm_name; *p != '\0' && safe_name->len < 32; p++)
    g_string_append_c (safe_name, g_ascii_isalnum (*p) ? *p : '-');

  /* the new image, created here and only here (never another file) */
  for (guint attempt = 0; fd < 0; attempt++)
    {
      g_autofree char *base = g_strdup_printf ("vireo-%s-answers.%08x.iso", safe_name->str, g_random_int ());

      g_free (iso);
      iso = g_build_filename (dir, base, NULL);
      fd = g_open (iso, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd < 0 && (errno != EEXIST || attempt > 10))
        {
          int saved = errno;
          g_autofree char *display = g_filename_display_name (dir);

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not create the answer disk of the express install in %s: %s"), display,
                       g_strerror (saved));
          return NULL;
        }
    }
  g_close (fd, NULL);

  /* the script, staged in a directory only this user reads */
  staging = g_build_filename (dir, "vireo-answers-XXXXXX", NULL);
  if (g_mkdtemp_full (staging, 0700) == NULL)
    {
      int saved = errno;

      g_unlink (iso);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not make the answer disk of the express install: %s"), g_strerror (saved));
      return NULL;
    }
  staged = g_build_filename (staging, script->filename, NULL);
  contents = g_bytes_get_data (script->script, &size);
  if (!g_file_set_contents_full (staged, contents, size, G_FILE_SET_CONTENTS_NONE, 0600, &local))
    goto fail;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, private_umask, NULL, NULL);
  /* an argv, no shell; Joliet keeps the long name Windows looks for,
   * "OEMDRV" is the label installers search for an answer disk by */
  process = g_subprocess_launcher_spawn (launcher, &local, xorriso, "-as", "mkisofs", "-quiet", "-V", "OEMDRV",
                                         "-J", "-r", "-o", iso, staging, NULL);
  if (process == NULL)
    goto fail;
  if (!g_subprocess_communicate_utf8 (process, NULL, cancellable, NULL, &stderr_text, &local))
    goto fail;
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      /* xorriso's own words, bounded (they name files, never their contents) */
      const char *said = stderr_text != NULL ? stderr_text : "";
      g_autofree char *why = g_utf8_make_valid (said, MIN (strlen (said), 512));

      g_set_error (&local, G_IO_ERROR, G_IO_ERROR_FAILED, "xorriso: %s", g_strstrip (why));
      goto fail;
    }
  wipe_file (staged, size);
  g_rmdir (staging);
  g_chmod (iso, 0600);
  return g_steal_pointer (&iso);

fail:
  wipe_file (staged, size);
  g_rmdir (staging);
  g_unlink (iso);
  g_set_error (error, local->domain, local->code, _("Could not make the answer disk of the express install: %s"),
               local->message);
  return NULL;
}
