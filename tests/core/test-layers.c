/* test-layers.c — the UI and the wizards never see libvirt
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The folder is the layer (DESIGN.md): src/ui/ and src/wizards/ use the
 * core's objects, never libvirt. The raw handle lives in the core's private
 * headers (vireo-connection-private.h, vireo-host-resources-private.h), so
 * the public headers the UI includes do not bring <libvirt/libvirt.h> along.
 * And XML is handled in one place: only src/xml/ calls libxml2.
 */
#define G_LOG_DOMAIN "test-layers"

#include "config.h"

#include <glib.h>
#include <string.h>

/* every public header of the core (checked below against src/) */
#include "vireo-auth-request.h"
#include "vireo-connection.h"
#include "vireo-console-session.h"
#include "vireo-core.h"
#include "vireo-device-builder.h"
#include "vireo-display-text.h"
#include "vireo-domain-clone.h"
#include "vireo-domain-config.h"
#include "vireo-domain-delete.h"
#include "vireo-domain-edit.h"
#include "vireo-domain-graphics.h"
#include "vireo-domain-scan.h"
#include "vireo-domain-stats.h"
#include "vireo-domain.h"
#include "vireo-error.h"
#include "vireo-express-install.h"
#include "vireo-framebuffer.h"
#include "vireo-host-caps.h"
#include "vireo-host-devices.h"
#include "vireo-host-info.h"
#include "vireo-host-interfaces.h"
#include "vireo-host-networks.h"
#include "vireo-host-resources.h"
#include "vireo-host-storage.h"
#include "vireo-image-access.h"
#include "vireo-install-job.h"
#include "vireo-install-plan.h"
#include "vireo-install-runner.h"
#include "vireo-keymap.h"
#include "vireo-network.h"
#include "vireo-os-database.h"
#include "vireo-os-entry.h"
#include "vireo-serial-session.h"
#include "vireo-snapshot.h"
#include "vireo-spice-session.h"
#include "vireo-stats-sampler.h"
#include "vireo-stats-series.h"
#include "vireo-stats.h"
#include "vireo-uri.h"
#include "vireo-usb-device.h"
#include "vireo-vnc-session.h"

static const char *const public_headers[] = {
  "vireo-auth-request.h",
  "vireo-connection.h",
  "vireo-console-session.h",
  "vireo-core.h",
  "vireo-device-builder.h",
  "vireo-display-text.h",
  "vireo-domain-clone.h",
  "vireo-domain-config.h",
  "vireo-domain-delete.h",
  "vireo-domain-edit.h",
  "vireo-domain-graphics.h",
  "vireo-domain-scan.h",
  "vireo-domain-stats.h",
  "vireo-domain.h",
  "vireo-error.h",
  "vireo-express-install.h",
  "vireo-framebuffer.h",
  "vireo-host-caps.h",
  "vireo-host-devices.h",
  "vireo-host-info.h",
  "vireo-host-interfaces.h",
  "vireo-host-networks.h",
  "vireo-host-resources.h",
  "vireo-host-storage.h",
  "vireo-image-access.h",
  "vireo-install-job.h",
  "vireo-install-plan.h",
  "vireo-install-runner.h",
  "vireo-keymap.h",
  "vireo-network.h",
  "vireo-os-database.h",
  "vireo-os-entry.h",
  "vireo-serial-session.h",
  "vireo-snapshot.h",
  "vireo-spice-session.h",
  "vireo-stats-sampler.h",
  "vireo-stats-series.h",
  "vireo-stats.h",
  "vireo-uri.h",
  "vireo-usb-device.h",
  "vireo-vnc-session.h",
};

static const char *const core_dirs[] = { ".", "connection", "domain", "console", "install", "stats" };
static const char *const ui_dirs[] = { "ui", "ui/console", "wizards" };

static char *
src_path (const char *dir, const char *name)
{
  const char *root = g_getenv ("VIREO_SOURCE_DIR");

  g_assert_nonnull (root);
  return g_build_filename (root, "src", dir, name, NULL);
}

static gboolean
is_core_header (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (core_dirs); i++)
    {
      g_autofree char *path = src_path (core_dirs[i], name);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return TRUE;
    }
  return FALSE;
}

static gboolean
in_list (const char *name, const char *const *list, guint n)
{
  for (guint i = 0; i < n; i++)
    if (g_str_equal (name, list[i]))
      return TRUE;
  return FALSE;
}

static gboolean
is_public (const char *name)
{
  return in_list (name, public_headers, G_N_ELEMENTS (public_headers));
}

/* the public headers, all included above, hand out no libvirt types; and
 * the list above is every header of the core's folders but the -private.h
 * ones, for the core's own files (vireo-cpu-fallback-private.h takes
 * libvirt handles), which src/ui/ and src/wizards/ never include */
static void
test_public_headers (void)
{
#ifdef LIBVIRT_H
  g_test_fail_printf ("the core's public headers include <libvirt/libvirt.h>");
#endif
  for (guint d = 0; d < G_N_ELEMENTS (core_dirs); d++)
    {
      g_autofree char *dir_path = src_path (core_dirs[d], NULL);
      g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
      const char *entry;

      g_assert_nonnull (dir);
      while ((entry = g_dir_read_name (dir)))
        if (g_str_has_suffix (entry, ".h") && !g_str_has_suffix (entry, "-private.h") &&
            !is_public (entry))
          g_test_fail_printf ("src/%s/%s is not in test-layers.c's list of public headers",
                              core_dirs[d], entry);
    }
}

/* every #include in src/ui/ and src/wizards/: no libvirt, and of the core
 * only its public headers */
static void
test_ui_includes (void)
{
  guint n_files = 0;

  for (guint d = 0; d < G_N_ELEMENTS (ui_dirs); d++)
    {
      g_autofree char *dir_path = src_path (ui_dirs[d], NULL);
      g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
      const char *entry;

      g_assert_nonnull (dir);
      while ((entry = g_dir_read_name (dir)))
        {
          g_autofree char *path = NULL;
          g_autofree char *text = NULL;
          g_auto (GStrv) lines = NULL;

          if (!g_str_has_suffix (entry, ".c") && !g_str_has_suffix (entry, ".h"))
            continue;
          path = g_build_filename (dir_path, entry, NULL);
          g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
          n_files++;
          lines = g_strsplit (text, "\n", -1);
          for (guint i = 0; lines[i]; i++)
            {
              const char *line = g_strchug (lines[i]);
              g_autofree char *name = NULL;
              const char *end;

              if (!g_str_has_prefix (line, "#include"))
                continue;
              if (strstr (line, "<libvirt/") || strstr (line, "<libvirt-glib/"))
                g_test_fail_printf ("src/%s/%s includes libvirt: %s", ui_dirs[d], entry, line);
              line = strchr (line, '"');
              if (!line || !(end = strchr (line + 1, '"')))
                continue;
              name = g_strndup (line + 1, end - line - 1);
              if (is_core_header (name) && !is_public (name))
                g_test_fail_printf ("src/%s/%s includes %s, a header for the core's own files",
                                    ui_dirs[d], entry, name);
            }
        }
    }
  g_assert_cmpuint (n_files, >, 10);
}

/* the wizards are their own library on the core and shared widgets: no
 * header of the application (src/ui/) and no XML of their own (the core
 * reads the host's capabilities) */
static void
test_wizards_includes (void)
{
  static const char *const app_dirs[] = { "ui", "ui/console" };
  g_autofree char *dir_path = src_path ("wizards", NULL);
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *entry;
  guint n_files = 0;

  g_assert_nonnull (dir);
  while ((entry = g_dir_read_name (dir)))
    {
      g_autofree char *path = NULL;
      g_autofree char *text = NULL;
      g_auto (GStrv) lines = NULL;

      if (!g_str_has_suffix (entry, ".c") && !g_str_has_suffix (entry, ".h"))
        continue;
      path = g_build_filename (dir_path, entry, NULL);
      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      n_files++;
      lines = g_strsplit (text, "\n", -1);
      for (guint i = 0; lines[i]; i++)
        {
          const char *line = g_strchug (lines[i]);
          g_autofree char *name = NULL;
          const char *end;

          if (!g_str_has_prefix (line, "#include"))
            continue;
          if (strstr (line, "<libxml/"))
            g_test_fail_printf ("src/wizards/%s reads XML itself: %s", entry, line);
          line = strchr (line, '"');
          if (!line || !(end = strchr (line + 1, '"')))
            continue;
          name = g_strndup (line + 1, end - line - 1);
          for (guint d = 0; d < G_N_ELEMENTS (app_dirs); d++)
            {
              g_autofree char *ui_path = src_path (app_dirs[d], name);

              if (g_file_test (ui_path, G_FILE_TEST_IS_REGULAR))
                g_test_fail_printf ("src/wizards/%s includes %s, a header of the application (src/%s)",
                                    entry, name, app_dirs[d]);
            }
        }
    }
  g_assert_cmpuint (n_files, >=, 4);
}

/* @text with its comments, string and character literals blanked out */
static char *
code_only (const char *text)
{
  char *out = g_strdup (text);
  char *p = out;

  while (*p)
    {
      if (p[0] == '/' && p[1] == '*')
        {
          char *end = strstr (p + 2, "*/");
          char *stop = end != NULL ? end + 2 : p + strlen (p);

          for (; p < stop; p++)
            if (*p != '\n')
              *p = ' ';
        }
      else if (p[0] == '/' && p[1] == '/')
        for (; *p && *p != '\n'; p++)
          *p = ' ';
      else if (*p == '"' || *p == '\'')
        {
          char quote = *p++;

          for (; *p && *p != quote && *p != '\n'; p++)
            {
              if (*p == '\\' && p[1] != '\0')
                *p++ = ' ';
              *p = ' ';
            }
          if (*p == quote)
            p++;
        }
      else
        p++;
    }
  return out;
}

/* the libxml2 names a file outside src/xml/ may still write: types, not calls */
static const char *const libxml2_types[] = {
  "xmlAttr", "xmlAttrPtr", "xmlChar", "xmlDoc", "xmlDocPtr", "xmlNode", "xmlNodePtr", "xmlNs", "xmlNsPtr",
};

static void
check_no_libxml2_calls (const char *rel_dir,
                        GRegex     *call,
                        GString    *offenders,
                        guint      *n_files)
{
  g_autofree char *dir_path = src_path (rel_dir, NULL);
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *entry;

  g_assert_nonnull (dir);
  while ((entry = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (dir_path, entry, NULL);
      g_autofree char *rel = g_str_equal (rel_dir, ".") ? g_strdup (entry) : g_build_filename (rel_dir, entry, NULL);
      g_autofree char *text = NULL;
      g_autofree char *code = NULL;
      g_autoptr (GMatchInfo) match = NULL;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (!g_str_equal (rel, "xml"))
            check_no_libxml2_calls (rel, call, offenders, n_files);
          continue;
        }
      if (!g_str_has_suffix (entry, ".c") && !g_str_has_suffix (entry, ".h"))
        continue;
      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      (*n_files)++;
      code = code_only (text);
      for (g_regex_match (call, code, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
        {
          g_autofree char *name = g_match_info_fetch (match, 1);

          g_autofree char *offence = g_strdup_printf (" src/%s calls %s ();", rel, name);

          if (!in_list (name, libxml2_types, G_N_ELEMENTS (libxml2_types)) && !strstr (offenders->str, offence))
            g_string_append (offenders, offence);
        }
    }
}

/* XML is read and written in one place: outside src/xml/ no file calls
 * libxml2 (its types may be named); the core edits trees through vireo-xml.h */
static void
test_xml_in_one_place (void)
{
  g_autoptr (GRegex) call = g_regex_new ("\\b(xml[A-Z]\\w*)\\s*\\(", 0, 0, NULL);
  g_autoptr (GString) offenders = g_string_new (NULL);
  guint n_files = 0;

  check_no_libxml2_calls (".", call, offenders, &n_files);
  g_assert_cmpuint (n_files, >, 50);
  if (offenders->len > 0)
    g_test_fail_printf ("XML is edited in src/xml/ only:%s", offenders->str);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/layers/public-headers", test_public_headers);
  g_test_add_func ("/layers/ui-includes", test_ui_includes);
  g_test_add_func ("/layers/wizards-includes", test_wizards_includes);
  g_test_add_func ("/layers/xml-in-one-place", test_xml_in_one_place);

  return g_test_run ();
}
