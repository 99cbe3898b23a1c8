/* wizard-test-util.h — driving the New VM wizard like a person, for the UI and live tests
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The widgets are found by the titles a person reads (and a screen reader
 * announces; mnemonic underscores aside), then filled in, chosen and
 * pressed. Used by tests/ui/test-new-vm-wizard.c (test:///default),
 * tests/live/test-live-wizard.c and tests/live/test-live-pxe-wizard.c.
 * Everything here spins the default main context.
 */
#pragma once

#include <adwaita.h>
#include <libvirt/libvirt.h>
#include <string.h>

#include "vireo-core.h"
#include "vireo-new-vm-wizard.h"

typedef gboolean (*WizardTestCondition) (gpointer data);

/* Spins the default main context until @condition holds (TRUE) or
 * @timeout_ms pass (FALSE); sleeps a little when idle, so that a condition
 * another thread changes without a wakeup is still seen. */
static inline gboolean
wizard_test_wait_for (WizardTestCondition condition,
                      gpointer            data,
                      guint               timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
  return TRUE;
}

static inline gboolean
wizard_test_never (gpointer data)
{
  return FALSE;
}

/* Lets pending events reach their handlers for @ms, whatever happens */
static inline void
wizard_test_spin (guint ms)
{
  wizard_test_wait_for (wizard_test_never, NULL, ms);
}

/* -- finding what a person sees ------------------------------------------------- */

/* @a equals @b once the mnemonic underscores are left out of both */
static inline gboolean
wizard_test_same_title (const char *a,
                        const char *b)
{
  g_autoptr (GString) x = NULL;
  g_autoptr (GString) y = NULL;

  if (a == NULL || b == NULL)
    return FALSE;
  x = g_string_new (a);
  y = g_string_new (b);
  g_string_replace (x, "_", "", 0);
  g_string_replace (y, "_", "", 0);
  return g_str_equal (x->str, y->str);
}

/* the first row of @type titled @title (mnemonics aside) */
static inline GtkWidget *
wizard_test_find_row (GtkWidget  *root,
                      GType       type,
                      const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && ADW_IS_PREFERENCES_ROW (child)
          && wizard_test_same_title (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title))
        return child;
      found = wizard_test_find_row (child, type, title);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* a widget of @type inside the row titled @title (a check button, a switch,
 * a spin button: what the row's title names for a screen reader) */
static inline GtkWidget *
wizard_test_find_in_row (GtkWidget  *root,
                         GType       type,
                         const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        {
          GtkWidget *row = gtk_widget_get_ancestor (child, ADW_TYPE_PREFERENCES_ROW);

          if (row != NULL && wizard_test_same_title (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title))
            return child;
        }
      found = wizard_test_find_in_row (child, type, title);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* a plain action row titled @title (a summary line; not a combo row, which
 * is an action row too) */
static inline GtkWidget *
wizard_test_find_plain_row (GtkWidget  *root,
                            const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_OBJECT_TYPE (child) == ADW_TYPE_ACTION_ROW
          && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        return child;
      found = wizard_test_find_plain_row (child, title);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* the first mapped widget of @type */
static inline GtkWidget *
wizard_test_find_mapped (GtkWidget *root,
                         GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && gtk_widget_get_mapped (child))
        return child;
      found = wizard_test_find_mapped (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* a shown label whose text contains @needle */
static inline GtkWidget *
wizard_test_find_text (GtkWidget  *root,
                       const char *needle)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child)
          && strstr (gtk_label_get_text (GTK_LABEL (child)), needle) != NULL)
        return child;
      found = wizard_test_find_text (child, needle);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* the list of operating systems (combo rows have list views of their own) */
static inline GtkWidget *
wizard_test_find_os_list (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LIST_VIEW (child) && gtk_widget_get_mapped (child)
          && gtk_list_view_get_model (GTK_LIST_VIEW (child)) != NULL)
        {
          GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (child)));
          g_autoptr (GObject) first = g_list_model_get_item (model, 0);

          if (first != NULL && VIREO_IS_OS_ENTRY (first))
            return child;
        }
      found = wizard_test_find_os_list (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static inline void
wizard_test_collect_text (GtkWidget *root,
                          GString   *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child) && *gtk_label_get_text (GTK_LABEL (child)))
        g_string_append_printf (out, "  | %s\n", gtk_label_get_text (GTK_LABEL (child)));
      wizard_test_collect_text (child, out);
    }
}

/* every shown label's text, for messages when an assertion fails (owned) */
static inline char *
wizard_test_shown_text (GtkWidget *wizard)
{
  GString *out = g_string_new (NULL);

  wizard_test_collect_text (wizard, out);
  return g_string_free (out, FALSE);
}

/* the subtitle of the plain action row @title, which must be there */
static inline const char *
wizard_test_subtitle (GtkWidget  *wizard,
                      const char *title)
{
  GtkWidget *row = wizard_test_find_plain_row (wizard, title);

  if (row == NULL)
    g_error ("no row “%s” in the wizard", title);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

/* -- answering ------------------------------------------------------------------ */

/* the entry row @title, which must be there */
static inline GtkWidget *
wizard_test_entry (GtkWidget  *wizard,
                   const char *title)
{
  GtkWidget *row = wizard_test_find_row (wizard, ADW_TYPE_ENTRY_ROW, title);

  if (row == NULL)
    g_error ("no entry “%s” in the wizard", title);
  return row;
}

static inline void
wizard_test_set_entry (GtkWidget  *wizard,
                       const char *title,
                       const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (wizard_test_entry (wizard, title)), text);
  wizard_test_spin (50);
}

/* a person types into the entry row @title, which must be shown */
static inline void
wizard_test_type_into (GtkWidget  *wizard,
                       const char *title,
                       const char *text)
{
  g_assert_true (gtk_widget_get_mapped (wizard_test_entry (wizard, title)));
  wizard_test_set_entry (wizard, title, text);
}

/* picks the item of the combo row @title whose text starts with @prefix */
static inline void
wizard_test_choose (GtkWidget  *wizard,
                    const char *title,
                    const char *prefix)
{
  GtkWidget *row = wizard_test_find_row (wizard, ADW_TYPE_COMBO_ROW, title);
  GListModel *model;

  if (row == NULL)
    g_error ("no choice “%s” in the wizard", title);
  model = adw_combo_row_get_model (ADW_COMBO_ROW (row));
  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    if (g_str_has_prefix (gtk_string_list_get_string (GTK_STRING_LIST (model), i), prefix))
      {
        adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
        wizard_test_spin (50);
        return;
      }
  /* else the first item that names it anywhere, in any case: "qemu" is
   * "Emulated (QEMU, slow)" */
  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autofree char *item = g_utf8_casefold (gtk_string_list_get_string (GTK_STRING_LIST (model), i), -1);
      g_autofree char *want = g_utf8_casefold (prefix, -1);

      if (strstr (item, want) != NULL)
        {
          adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
          wizard_test_spin (50);
          return;
        }
    }
  g_error ("“%s” offers nothing starting with or naming “%s”", title, prefix);
}

/* the widget of @type in the row titled @title, which must be there */
static inline GtkWidget *
wizard_test_in_row (GtkWidget  *wizard,
                    GType       type,
                    const char *title)
{
  GtkWidget *widget = wizard_test_find_in_row (wizard, type, title);

  if (widget == NULL)
    g_error ("no %s in the row “%s” in the wizard", g_type_name (type), title);
  return widget;
}

static inline void
wizard_test_set_number (GtkWidget  *wizard,
                        const char *title,
                        double      value)
{
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (wizard_test_in_row (wizard, GTK_TYPE_SPIN_BUTTON, title)), value);
  wizard_test_spin (50);
}

/* picks the check button (a method, a kind of disk...) in the row @title */
static inline void
wizard_test_pick (GtkWidget  *wizard,
                  const char *title)
{
  gtk_check_button_set_active (GTK_CHECK_BUTTON (wizard_test_in_row (wizard, GTK_TYPE_CHECK_BUTTON, title)), TRUE);
  wizard_test_spin (50);
}

/* step 2: searches the list for @query and picks the first match */
static inline void
wizard_test_search_os (GtkWidget  *wizard,
                       const char *query)
{
  GtkWidget *search = wizard_test_find_mapped (wizard, GTK_TYPE_SEARCH_ENTRY);
  GtkWidget *list;
  GtkSelectionModel *selection;

  g_assert_nonnull (search);
  gtk_editable_set_text (GTK_EDITABLE (search), query);
  wizard_test_spin (500); /* search-changed is delayed */
  list = wizard_test_find_os_list (wizard);
  g_assert_nonnull (list);
  selection = gtk_list_view_get_model (GTK_LIST_VIEW (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), >=, 1);
  gtk_selection_model_select_item (selection, 0, TRUE);
  wizard_test_spin (100);
}

/* -- pages ---------------------------------------------------------------------- */

static inline guint
wizard_test_page (GtkWidget *wizard)
{
  return vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard));
}

/* the wizard is on step @page (0-based), else fail with what it shows */
static inline void
wizard_test_expect_page (GtkWidget *wizard,
                         guint      page)
{
  g_autofree char *text = NULL;

  if (wizard_test_page (wizard) != page)
    g_error ("the wizard is on step %u, not %u; it shows:\n%s", wizard_test_page (wizard) + 1, page + 1,
             text = wizard_test_shown_text (wizard));
}

/* whether Forward (the default button; Finish on the last page) can be pressed */
static inline gboolean
wizard_test_forward_enabled (GtkWidget *wizard)
{
  return gtk_widget_get_sensitive (gtk_window_get_default_widget (GTK_WINDOW (wizard)));
}

/* Forward (Finish on the last page) */
static inline void
wizard_test_forward (GtkWidget *wizard)
{
  gtk_widget_activate_action (wizard, "wizard.forward", NULL);
  wizard_test_spin (400); /* the page slides in */
}

static inline void
wizard_test_back (GtkWidget *wizard)
{
  gtk_widget_activate_action (wizard, "wizard.back", NULL);
  wizard_test_spin (400);
}

/* the host's facts are in: the storage pools are offered */
static inline gboolean
wizard_test_facts_loaded (gpointer wizard)
{
  GtkWidget *row = wizard_test_find_row (wizard, ADW_TYPE_COMBO_ROW, "Storage _pool");
  GListModel *model = row != NULL ? adw_combo_row_get_model (ADW_COMBO_ROW (row)) : NULL;

  return model != NULL && g_list_model_get_n_items (model) > 0;
}

/* step 2's detection has said what it found */
static inline gboolean
wizard_test_detection_done (gpointer wizard)
{
  GtkWidget *row = wizard_test_find_row (wizard, ADW_TYPE_ACTION_ROW, "Detection");
  const char *text = row != NULL ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : NULL;

  return text != NULL && *text != '\0' && strstr (text, "Looking") == NULL;
}

/* -- what libvirt holds ------------------------------------------------------------ */

/* The XML of the guest @name (@flags: virDomainGetXMLDesc's), which must
 * exist, read through the test's own libvirt connection @raw (owned) */
static inline char *
wizard_test_domain_xml (virConnectPtr raw,
                        const char   *name,
                        unsigned int  flags)
{
  virDomainPtr dom = virDomainLookupByName (raw, name);
  char *xml, *copy;

  g_assert_nonnull (dom);
  xml = virDomainGetXMLDesc (dom, flags);
  copy = g_strdup (xml);
  free (xml);
  virDomainFree (dom);
  return copy;
}

/* -- opening and finishing ------------------------------------------------------ */

typedef struct
{
  VireoDomain *domain;   /* what "domain-created" handed over (a reference) */
  GtkWidget   *wizard;   /* NULL once the wizard is gone */
} WizardTestCreated;

static inline void
wizard_test_domain_created_cb (GtkWidget         *wizard,
                               VireoDomain       *domain,
                               WizardTestCreated *created)
{
  g_set_object (&created->domain, domain);
}

/* *@data (a pointer) is NULL */
static inline gboolean
wizard_test_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* the wizard over @connections with @conn chosen (NULL: the first), shown,
 * once the host's facts are in (within @timeout_ms) */
static inline GtkWidget *
wizard_test_open (GListModel        *connections,
                  VireoConnection   *conn,
                  WizardTestCreated *created,
                  guint              timeout_ms)
{
  GtkWidget *wizard = vireo_new_vm_wizard_new (NULL, connections, conn);

  gtk_window_present (GTK_WINDOW (wizard));
  created->wizard = wizard;
  g_object_add_weak_pointer (G_OBJECT (wizard), (gpointer *) &created->wizard);
  g_signal_connect (wizard, "domain-created", G_CALLBACK (wizard_test_domain_created_cb), created);
  g_assert_true (wizard_test_wait_for (wizard_test_facts_loaded, wizard, timeout_ms));
  wizard_test_spin (200);
  return wizard;
}
