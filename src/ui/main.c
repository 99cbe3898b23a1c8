/* main.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "vireo-application.h"
#include "vireo-bench.h"

/* GTK's GL renderer on a machine without a GPU runs on Mesa's software
 * rasterizer: ~0.6 s more at start, ~90 MB more memory and 25–60 ms a
 * frame (measured by tests/bench). Cairo draws the same in a few ms there.
 * With a render node (a GPU) GTK chooses as usual; GSK_RENDERER wins. */
static void
choose_renderer (void)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_getenv ("GSK_RENDERER") != NULL)
    return;
  dir = g_dir_open ("/dev/dri", 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "renderD"))
      return;
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VireoApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  choose_renderer ();
  vireo_bench_init ();
  app = vireo_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
