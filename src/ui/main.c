/* main.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "vireo-application.h"
#include "vireo-bench.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VireoApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  vireo_bench_init ();
  app = vireo_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
