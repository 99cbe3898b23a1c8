/* details-test-util.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Helpers shared by the tests that drive a VM window's Details view
 * (tests/ui/test-details.c, tests/ui/test-details-xml.c,
 * tests/live/test-live-details.c): reading the XML libvirt holds and waiting
 * until it is what a test expects, finding the widgets a person sees by type
 * and title, reading the error a page shows, and opening and closing a VM
 * window on its Details view. The including file defines
 * TIMEOUT_MS, how long a wait may last.
 */
#pragma once

#include <adwaita.h>
#include <string.h>

#include "vireo-details-row.h"
#include "vireo-details-view.h"
#include "vireo-vm-window.h"

#include "ui-test-util.h"

#ifndef TIMEOUT_MS
#error "define TIMEOUT_MS before including details-test-util.h"
#endif

G_BEGIN_DECLS

/* -- the XML libvirt holds ------------------------------------------------ */

static inline void
xml_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  char **xml = user_data;
  g_autoptr (GError) error = NULL;

  *xml = vireo_domain_get_xml_finish (VIREO_DOMAIN (object), result, &error);
  g_assert_no_error (error);
}

static inline gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

/* the XML libvirt holds now (not inlined: inlined, gcc takes the string it
 * returns for a pointer to its local variable and warns of a dangling pointer) */
static G_GNUC_NO_INLINE char *
libvirt_xml (VireoDomain *domain)
{
  char *xml = NULL;

  vireo_domain_get_xml_async (domain, NULL, xml_cb, &xml);
  g_assert_true (ui_test_wait_for (is_set, &xml, TIMEOUT_MS));
  return xml;
}

/* @before with @from replaced by @to (once; it must be there) */
static inline char *
replaced (const char *before, const char *from, const char *to)
{
  const char *at = strstr (before, from);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - before), before, to, at + strlen (from));
}

typedef struct
{
  VireoDomain *domain;
  const char  *expected;
  char        *last;
} XmlWait;

static inline gboolean
xml_is (gpointer data)
{
  XmlWait *wait = data;

  g_free (wait->last);
  wait->last = libvirt_xml (wait->domain);
  return g_strcmp0 (wait->last, wait->expected) == 0;
}

/* waits until libvirt holds @expected, byte for byte */
static inline void
assert_xml_becomes (VireoDomain *domain, const char *expected)
{
  XmlWait wait = { domain, expected, NULL };

  if (!ui_test_wait_for (xml_is, &wait, TIMEOUT_MS))
    g_assert_cmpstr (wait.last, ==, expected);
  g_free (wait.last);
}

/* -- the widgets a person sees -------------------------------------------- */

typedef struct
{
  GType       type;
  const char *title;
} Match;

static inline gboolean
mapped_match (GtkWidget *widget, gconstpointer data)
{
  const Match *match = data;
  const char *text = NULL;

  if (!G_TYPE_CHECK_INSTANCE_TYPE (widget, match->type) || !gtk_widget_get_mapped (widget))
    return FALSE;
  if (match->title == NULL)
    return TRUE;
  if (ADW_IS_PREFERENCES_ROW (widget))
    text = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
  else if (GTK_IS_BUTTON (widget))
    text = gtk_button_get_label (GTK_BUTTON (widget));
  else if (GTK_IS_LABEL (widget))
    text = gtk_label_get_text (GTK_LABEL (widget));
  else if (VIREO_IS_DETAILS_ROW (widget))
    text = vireo_details_row_get_title (VIREO_DETAILS_ROW (widget));
  return g_strcmp0 (text, match->title) == 0;
}

/* the widget of @type titled @title on screen under @root, or NULL */
static inline GtkWidget *
find_shown (GtkWidget *root, GType type, const char *title)
{
  Match match = { type, title };

  return ui_test_find_match (root, mapped_match, &match);
}

/* the widget of @type titled @title that is on screen (a page not shown is not) */
static inline GtkWidget *
shown (GtkWidget *root, GType type, const char *title)
{
  GtkWidget *widget = find_shown (root, type, title);

  if (widget == NULL)
    g_error ("no %s “%s” on screen", g_type_name (type), title ? title : "");
  return widget;
}

/* the @type inside the shown row titled @title (its spin button, switch…) */
static inline GtkWidget *
shown_in_row (GtkWidget *root, const char *title, GType type)
{
  return shown (shown (root, ADW_TYPE_PREFERENCES_ROW, title), type, NULL);
}

/* the error the Details view of @window shows, or NULL */
static inline const char *
shown_error (GtkWidget *window)
{
  GtkWidget *view = ui_test_find_widget (window, VIREO_TYPE_DETAILS_VIEW, NULL);
  GtkWidget *bar = ui_test_find_widget (view, GTK_TYPE_INFO_BAR, NULL);
  GtkWidget *revealer = gtk_widget_get_ancestor (bar, GTK_TYPE_REVEALER);
  GtkWidget *label = ui_test_find_widget (bar, GTK_TYPE_LABEL, NULL);

  if (!gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (label));
}

/* -- the Details view of a VM window --------------------------------------- */

/* whether the Details view of @window shows its hardware list */
static inline gboolean
details_loaded (gpointer window)
{
  Match match = { VIREO_TYPE_DETAILS_ROW, "CPUs" };

  return ui_test_find_match (window, mapped_match, &match) != NULL;
}

/* the VM window of @name on @connection, on its Details view */
static inline GtkWidget *
open_details (VireoConnection *connection, const char *name)
{
  VireoDomain *domain = ui_test_find_domain (connection, name);
  GtkWidget *window;

  g_assert_nonnull (domain);
  window = vireo_vm_window_new (NULL, domain);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (window, "vm.show-page", "s", "details"));
  g_assert_true (ui_test_wait_for (details_loaded, window, TIMEOUT_MS));
  return window;
}

static inline void
close_window (GtkWidget *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  ui_test_spin (50);
}

/* answers the message dialog that comes up (Apply, Discard, Cancel…) with
 * @response */
static inline void
respond (const char *response)
{
  AdwMessageDialog *dialog;

  g_assert_true (ui_test_wait_for (ui_test_message_dialog_shown, NULL, TIMEOUT_MS));
  dialog = ui_test_find_message_dialog ();
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  ui_test_spin (20);
}

G_END_DECLS
