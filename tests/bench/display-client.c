/* display-client.c — Vireo's display on a VNC server, for bench-display.py
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * display-client HOST PORT WIDTH HEIGHT
 *
 * A window of WIDTH×HEIGHT holding one VireoDisplay (scaling "never") on a
 * VireoVncSession connected with vireo_console_session_connect_host(), the
 * same widget and session the console page uses.  The display has the
 * keyboard focus.  Prints "CONNECTED" and exits when the session ends.
 * Built by bench-display.py against a built tree (libvireo-ui.a,
 * libvireo-core.a).
 */
#define G_LOG_DOMAIN "vireo-bench"
#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>

#include "vireo-display.h"
#include "vireo-vnc-session.h"

static const char *host, *port;
static int width, height;

static void
connected_cb (VireoConsoleSession *session, gpointer data)
{
  printf ("CONNECTED\n");
  fflush (stdout);
}

static void
disconnected_cb (VireoConsoleSession *session, GError *error, gpointer app)
{
  printf ("DISCONNECTED %s\n", error ? error->message : "");
  fflush (stdout);
  g_application_quit (G_APPLICATION (app));
}

static void
activate_cb (GtkApplication *app, gpointer data)
{
  GtkWidget *window = gtk_application_window_new (app);
  GtkWidget *display = vireo_display_new ();
  VireoConsoleSession *session = vireo_vnc_session_new ();
  g_autoptr(GError) error = NULL;

  gtk_window_set_title (GTK_WINDOW (window), "vireo-bench-display");
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  vireo_display_set_scaling (VIREO_DISPLAY (display), VIREO_DISPLAY_SCALING_NEVER);
  gtk_window_set_child (GTK_WINDOW (window), display);
  g_signal_connect (session, "connected", G_CALLBACK (connected_cb), NULL);
  g_signal_connect (session, "disconnected", G_CALLBACK (disconnected_cb), app);
  vireo_display_set_session (VIREO_DISPLAY (display), session);
  if (!vireo_console_session_connect_host (session, host, port, &error))
    {
      fprintf (stderr, "display-client: %s\n", error->message);
      exit (1);
    }
  g_object_set_data_full (G_OBJECT (window), "session", session, g_object_unref);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_grab_focus (display);
}

int
main (int argc, char **argv)
{
  g_autoptr(AdwApplication) app = NULL;

  if (argc != 5)
    {
      fprintf (stderr, "usage: display-client HOST PORT WIDTH HEIGHT\n");
      return 2;
    }
  host = argv[1];
  port = argv[2];
  width = atoi (argv[3]);
  height = atoi (argv[4]);
  app = adw_application_new ("org.vireo.BenchDisplay", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), 1, argv);
}
