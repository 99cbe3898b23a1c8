/* bench-storage.c — the Storage page with a pool of 10,000 volumes
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not a test: prints figures (tests/bench/README.md). Writes a test-driver
 * host file with one pool of N volumes (default 10000; argv[1] changes it),
 * opens it, shows the Storage page in a window (the pool is selected as
 * the only one) and measures
 *   - the time from the new page until it has drawn a frame with the
 *     volumes listed, and
 *   - the longest main-loop stall meanwhile: the longest stretch between
 *     two polls of the main context, when nothing else (input, drawing)
 *     could run;
 * then the same for a search that keeps 1 in 10 of them, and for clearing
 * it. Run under Xvfb from the top of a built tree:
 *   ninja -C build tests/ui/bench-storage
 *   tests/xvfb-test.sh build/tests/ui/bench-storage [N]
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "ui-test-util.h"
#include "vireo-host-storage-page.h"

static gint64 last_poll_exit;
static gint64 longest_stall;

static int
measuring_poll (GPollFD *fds, guint nfds, int timeout)
{
  gint64 now = g_get_monotonic_time ();
  int rc;

  if (last_poll_exit > 0 && now - last_poll_exit > longest_stall)
    longest_stall = now - last_poll_exit;
  rc = g_poll (fds, nfds, timeout);
  last_poll_exit = g_get_monotonic_time ();
  return rc;
}

static VireoHostStoragePage *page;

static gboolean
loaded_with (gpointer data)
{
  return vireo_host_storage_page_get_volumes_loaded (page) &&
         g_list_model_get_n_items (vireo_host_storage_page_get_volumes (page)) == GPOINTER_TO_UINT (data);
}

static char *
write_host (guint n)
{
  g_autoptr(GString) xml = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (g_get_tmp_dir (), "vireo-bench-storage.xml", NULL);

  g_string_append (xml, "<node><cpu><mhz>2000</mhz><model>x86_64</model><nodes>1</nodes><sockets>1</sockets>"
                        "<cores>2</cores><threads>1</threads></cpu><memory>8388608</memory>"
                        "<pool type='dir'><name>big</name><capacity unit='TiB'>100</capacity>"
                        "<allocation unit='GiB'>0</allocation><available unit='TiB'>100</available>"
                        "<target><path>/srv/big</path></target>");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (xml, "<volume type='file'><name>vol-%05u.qcow2</name>"
                                 "<capacity unit='MiB'>%u</capacity><target><format type='qcow2'/></target>"
                                 "</volume>", i, 1 + i % 64);
  g_string_append (xml, "</pool></node>");
  g_file_set_contents (path, xml->str, xml->len, &error);
  g_assert_no_error (error);
  return path;
}

static void
measure (const char *what, UiTestCondition done, gpointer data)
{
  gint64 start = g_get_monotonic_time ();

  longest_stall = 0;
  g_assert_true (ui_test_wait_for (done, data, 600000));
  ui_test_wait_drawn (GTK_WIDGET (page));
  printf ("%-28s shown after %7.1f ms, longest main-loop stall %7.1f ms\n", what,
          (g_get_monotonic_time () - start) / 1000.0, longest_stall / 1000.0);
  fflush (stdout);
}

int
main (int argc, char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 10000;
  g_autofree char *host = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(VireoConnection) connection = NULL;
  GtkWidget *window;
  GtkWidget *entry;
  gint64 start;

  gtk_init ();
  adw_init ();
  vireo_core_init ();
  g_main_context_set_poll_func (NULL, measuring_poll);

  host = write_host (n);
  uri = g_strdup_printf ("test://%s", host);
  start = g_get_monotonic_time ();
  connection = vireo_connection_new (uri);
  ui_test_connection_open (connection, 600000);
  printf ("%u volumes: test driver host opened in %.1f ms\n", n, (g_get_monotonic_time () - start) / 1000.0);

  /* from a new page to a drawn frame with every volume listed: the pools
   * listed, the only one selected, its volumes read on the worker and put
   * in place */
  longest_stall = 0;
  start = g_get_monotonic_time ();
  window = adw_window_new ();
  page = VIREO_HOST_STORAGE_PAGE (vireo_host_storage_page_new (connection));
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (page));
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ui_test_wait_for (loaded_with, GUINT_TO_POINTER (n), 600000));
  ui_test_wait_drawn (GTK_WIDGET (page));
  printf ("%-28s shown after %7.1f ms, longest main-loop stall %7.1f ms\n", "open the page",
          (g_get_monotonic_time () - start) / 1000.0, longest_stall / 1000.0);
  fflush (stdout);

  entry = ui_test_find_widget (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY, NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), "0.qcow2");
  g_signal_emit_by_name (entry, "search-changed");
  measure ("search (1 in 10)", loaded_with, GUINT_TO_POINTER ((n + 9) / 10));
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  g_signal_emit_by_name (entry, "search-changed");
  measure ("clear the search", loaded_with, GUINT_TO_POINTER (n));

  gtk_window_destroy (GTK_WINDOW (window));
  vireo_connection_close (connection);
  g_unlink (host);
  return 0;
}
