/* test-command-line.c — what the command line opens
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `vireo --demo --show-domain-console NAME` opens the demo host and the
 * window of its VM NAME (issue 10, #19: it printed that it needs --connect
 * and opened no VM window).  The application runs as a person starts it,
 * through g_application_run(); a check on the main loop waits for the
 * VM's window, then quits.
 */
#define G_LOG_DOMAIN "test-command-line"

#include "config.h"

#include <adwaita.h>

#include "vireo-vm-window.h"

#include "ui-test-util.h"

#define TIMEOUT_MS 20000
#define VM_NAME    "web-frontend"   /* a VM of data/demo-host.xml */

typedef struct
{
  VireoApplication *app;
  gboolean          shown;      /* the VM's window appeared */
  gint64            deadline;
} Run;

static VireoVmWindow *
find_vm_window (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (VIREO_IS_VM_WINDOW (toplevel) &&
          g_strcmp0 (vireo_domain_get_name (vireo_vm_window_get_domain (VIREO_VM_WINDOW (toplevel))),
                     name) == 0)
        return VIREO_VM_WINDOW (toplevel);
    }
  return NULL;
}

/* checks for the condition while the application runs; quits once it holds (or at the
 * safety net's end, the test then fails) */
static gboolean
check_cb (gpointer data)
{
  Run *run = data;

  run->shown = find_vm_window (VM_NAME) != NULL;
  if (!run->shown && g_get_monotonic_time () < run->deadline)
    return G_SOURCE_CONTINUE;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (run->app)); l != NULL;
       l = gtk_application_get_windows (GTK_APPLICATION (run->app)))
    gtk_window_destroy (l->data);
  g_application_quit (G_APPLICATION (run->app));
  return G_SOURCE_REMOVE;
}

static void
test_demo_console (void)
{
  g_autofree char *demo = g_build_filename (g_getenv ("VIREO_SOURCE_DIR"), "data",
                                            "demo-host.xml", NULL);
  /* g_application_run() takes a writable argv, as main() has */
  g_auto (GStrv) argv = g_strsplit ("vireo --demo --show-domain-console " VM_NAME, " ", -1);
  Run run = { 0 };

  if (!g_file_test (demo, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("data/demo-host.xml is not found (VIREO_SOURCE_DIR unset)");
      return;
    }
  run.app = ui_test_app_new ();
  run.deadline = g_get_monotonic_time () + TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
  g_timeout_add (20, check_cb, &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (run.app), g_strv_length (argv), argv), ==, 0);
  g_assert_true (run.shown);
  g_clear_object (&run.app);
}

int
main (int argc, char *argv[])
{
  ui_test_app_init (&argc, &argv);
  vireo_core_init ();

  g_test_add_func ("/command-line/demo-console", test_demo_console);

  return g_test_run ();
}
