/* console-test-util.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the console UI tests: the scripted guest (FakeSession, from
 * core/fake-console-session.h) and a window showing a Console page on it.
 * Included by one test file each (it defines the FakeSession type).
 */
#pragma once

#include "core/fake-console-session.h"
#include "vireo-console-page.h"

#include "ui-test-util.h"

G_BEGIN_DECLS

/* A new window of @width x @height (default size) whose child is a Console
 * page (no VM) on @session, presented and drawn, the guest's screen in view.
 * Returns the window (destroy it); *@page is the page. */
static inline GtkWidget *
console_test_page_window (FakeSession       *session,
                          int                width,
                          int                height,
                          VireoConsolePage **page)
{
  GtkWidget *window = gtk_window_new ();

  *page = VIREO_CONSOLE_PAGE (vireo_console_page_new (NULL));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (*page));
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  vireo_console_page_use_session (*page, VIREO_CONSOLE_SESSION (session));
  gtk_window_present (GTK_WINDOW (window));
  ui_test_wait_drawn (GTK_WIDGET (vireo_console_page_get_display (*page)));
  g_assert_cmpstr (vireo_console_page_get_view (*page), ==, "display");
  return window;
}

G_END_DECLS
