/* test-live-pxe-wizard.c — a person creates a PXE-booted VM in the New VM wizard
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The wizard (GTK, under Xvfb) against the private libvirtd of
 * pxe-harness.sh (its own network namespace: the test network's bridge and
 * dnsmasq never touch the machine's network), driven like a person: the
 * widgets are found by the titles a person reads (and a screen reader
 * announces), page after page, up to Finish. The network offers DHCP with
 * pxelinux.0 as the boot file and TFTP (as in test-live-pxe.c); the person
 * chooses "Network boot (PXE)", emulation (TCG: iPXE's real-mode code is
 * far too slow under nested KVM), a 1 GiB disk, that network and a MAC
 * address. The new guest must then fetch pxelinux and show its marker on
 * the serial console (read through the core), hold the lease for the typed
 * MAC, and libvirt must hold what test-live-pxe.c checks: network boot
 * first for the install run, the disk afterwards.
 *
 * The test runs in a child process, so that the parent removes the guest,
 * the network, the pool and the files even when an assertion aborts it;
 * the harness removes whatever is left with its daemon.
 */
#define G_LOG_DOMAIN "test-live-pxe-wizard"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "pxe-test-util.h"
#include "vireo-new-vm-wizard.h"

#define GUEST      "vireo-live-pxe-wiz"
#define MAC        "52:54:00:7e:50:01"
#define TIMEOUT_MS 30000

static const char *uri;
static char *tftp_dir;
static char *pool_dir;
static char *marker;
static VireoConnection *conn;
static GListStore *connections;
static virConnectPtr raw;

/* -- finding what a person sees ------------------------------------------------- */

/* @a equals @b once the mnemonic underscores are left out of both */
static gboolean
same_title (const char *a,
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
static GtkWidget *
find_row (GtkWidget  *root,
          GType       type,
          const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && ADW_IS_PREFERENCES_ROW (child)
          && same_title (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title))
        return child;
      found = find_row (child, type, title);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* a widget of @type inside the row titled @title */
static GtkWidget *
find_in_row (GtkWidget  *root,
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

          if (row != NULL && same_title (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title))
            return child;
        }
      found = find_in_row (child, type, title);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* a shown label whose text contains @needle */
static GtkWidget *
find_text (GtkWidget  *root,
           const char *needle)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child)
          && strstr (gtk_label_get_text (GTK_LABEL (child)), needle) != NULL)
        return child;
      found = find_text (child, needle);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* every shown label's text, for messages when an assertion fails */
static void
collect_text (GtkWidget *root,
              GString   *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child) && *gtk_label_get_text (GTK_LABEL (child)))
        g_string_append_printf (out, "  | %s\n", gtk_label_get_text (GTK_LABEL (child)));
      collect_text (child, out);
    }
}

static char *
shown_text (GtkWidget *wizard)
{
  GString *out = g_string_new (NULL);

  collect_text (wizard, out);
  return g_string_free (out, FALSE);
}

/* a plain action row (a summary line; not a combo row, which is one too) */
static GtkWidget *
find_plain_row (GtkWidget  *root,
                const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_OBJECT_TYPE (child) == ADW_TYPE_ACTION_ROW
          && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        return child;
      found = find_plain_row (child, title);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static const char *
subtitle_of (GtkWidget  *wizard,
             const char *title)
{
  GtkWidget *row = find_plain_row (wizard, title);

  if (row == NULL)
    g_error ("no row “%s” in the wizard", title);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static void
type_into (GtkWidget  *wizard,
           const char *title,
           const char *text)
{
  GtkWidget *row = find_row (wizard, ADW_TYPE_ENTRY_ROW, title);

  if (row == NULL)
    g_error ("no entry “%s” in the wizard", title);
  g_assert_true (gtk_widget_get_mapped (row));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  live_spin (50);
}

/* picks the item of the combo row @title whose text starts with @prefix */
static void
choose (GtkWidget  *wizard,
        const char *title,
        const char *prefix)
{
  GtkWidget *row = find_row (wizard, ADW_TYPE_COMBO_ROW, title);
  GListModel *model;

  if (row == NULL)
    g_error ("no choice “%s” in the wizard", title);
  model = adw_combo_row_get_model (ADW_COMBO_ROW (row));
  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    if (g_str_has_prefix (gtk_string_list_get_string (GTK_STRING_LIST (model), i), prefix))
      {
        adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
        live_spin (50);
        return;
      }
  g_error ("“%s” offers nothing starting with “%s”", title, prefix);
}

static void
set_number (GtkWidget  *wizard,
            const char *title,
            double      value)
{
  GtkWidget *spin_button = find_in_row (wizard, GTK_TYPE_SPIN_BUTTON, title);

  if (spin_button == NULL)
    g_error ("no number “%s” in the wizard", title);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin_button), value);
  live_spin (50);
}

static void
pick (GtkWidget  *wizard,
      const char *title)
{
  GtkWidget *button = find_in_row (wizard, GTK_TYPE_CHECK_BUTTON, title);

  if (button == NULL)
    g_error ("no choice “%s” in the wizard", title);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (button), TRUE);
  live_spin (50);
}

static guint
page_of (GtkWidget *wizard)
{
  return vireo_new_vm_wizard_get_page (VIREO_NEW_VM_WIZARD (wizard));
}

/* Forward (the default button; Finish on the last page), expecting @page */
static void
forward (GtkWidget *wizard,
         guint      page)
{
  g_autofree char *text = NULL;

  gtk_widget_activate_action (wizard, "wizard.forward", NULL);
  live_spin (400); /* the page slides in */
  if (page_of (wizard) != page)
    g_error ("the wizard stayed on step %u:\n%s", page_of (wizard) + 1, text = shown_text (wizard));
}

static gboolean
facts_loaded (gpointer wizard)
{
  GtkWidget *row = find_row (wizard, ADW_TYPE_COMBO_ROW, "Storage _pool");
  GListModel *model = row != NULL ? adw_combo_row_get_model (ADW_COMBO_ROW (row)) : NULL;

  return model != NULL && g_list_model_get_n_items (model) > 0;
}

static gboolean
detection_done (gpointer wizard)
{
  GtkWidget *row = find_row (wizard, ADW_TYPE_ACTION_ROW, "Detection");
  const char *text = row != NULL ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : NULL;

  return text != NULL && *text != '\0' && strstr (text, "Looking") == NULL;
}

typedef struct
{
  VireoDomain *domain;
  GtkWidget   *wizard;
} Created;

static void
domain_created_cb (GtkWidget   *wizard,
                   VireoDomain *domain,
                   Created     *created)
{
  g_set_object (&created->domain, domain);
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
domain_running (gpointer data)
{
  VireoDomain *domain = live_find_domain (conn, GUEST);

  return domain != NULL && vireo_domain_get_state (domain) == VIREO_DOMAIN_STATE_RUNNING;
}

/* -- the test ------------------------------------------------------------------- */

static void
cleanup (void)
{
  /* a connection of the parent's own: the child's died with it */
  raw = virConnectOpen (uri);
  if (raw != NULL)
    {
      pxe_remove_objects (raw, GUEST);
      virConnectClose (raw);
      raw = NULL;
    }
  pxe_remove_tree (tftp_dir);
  pxe_remove_tree (pool_dir);
}

static void
pxe_guest (void)
{
  g_autofree char *serial = NULL;
  g_autofree char *text = NULL;
  Created created = { 0 };
  GtkWidget *wizard, *advanced;
  gint64 t0;

  pxe_make_tftp_root (tftp_dir, marker);
  pxe_start_network (raw, tftp_dir);
  pxe_create_pool (raw, pool_dir);

  /* the wizard, opened for the connection */
  wizard = vireo_new_vm_wizard_new (NULL, G_LIST_MODEL (connections), conn);
  gtk_window_present (GTK_WINDOW (wizard));
  created.wizard = wizard;
  g_object_add_weak_pointer (G_OBJECT (wizard), (gpointer *) &created.wizard);
  g_signal_connect (wizard, "domain-created", G_CALLBACK (domain_created_cb), &created);
  g_assert_true (live_wait_until (facts_loaded, wizard, TIMEOUT_MS));
  live_spin (200);

  /* step 1: network boot, emulated */
  pick (wizard, "Network _boot (PXE)");
  g_assert_nonnull (find_text (wizard, "boots from the network"));
  advanced = find_row (wizard, ADW_TYPE_EXPANDER_ROW, "_Advanced options");
  g_assert_nonnull (advanced);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (advanced), TRUE);
  live_spin (300);
  choose (wizard, "Virtualization type", "qemu");

  /* step 2: nothing to detect; the generic OS is fine */
  forward (wizard, 1);
  g_assert_true (live_wait_until (detection_done, wizard, 60000));

  /* step 3: small */
  forward (wizard, 2);
  set_number (wizard, "_Memory (MiB)", 256);
  set_number (wizard, "_Virtual CPUs", 1);

  /* step 4: a 1 GiB disk in the test's pool */
  forward (wizard, 3);
  pick (wizard, "Create a _new disk");
  choose (wizard, "Storage _pool", PXE_POOL);
  set_number (wizard, "_Size (GiB)", 1);

  /* step 5: name, the PXE network, a MAC address */
  forward (wizard, 4);
  type_into (wizard, "_Name", GUEST);
  choose (wizard, "Ne_twork", "Virtual network “" PXE_NETWORK "”");
  {
    GtkWidget *inactive = find_plain_row (wizard, "This virtual network is not running");

    g_assert_true (inactive == NULL || !gtk_widget_get_mapped (inactive));
  }
  type_into (wizard, "MAC address (empty: generated)", MAC);

  /* the summary */
  g_assert_cmpstr (subtitle_of (wizard, "Install from"), ==, "Network boot (PXE)");
  g_assert_cmpstr (subtitle_of (wizard, "Network"), ==, "Virtual network “" PXE_NETWORK "”");
  g_assert_nonnull (strstr (subtitle_of (wizard, "Disk"), PXE_POOL));

  /* Finish: the wizard hands the new VM over and closes */
  t0 = live_now_ms ();
  gtk_widget_activate_action (wizard, "wizard.forward", NULL);
  if (!live_wait_until (is_null, &created.wizard, 120000))
    g_error ("the wizard did not finish:\n%s", text = shown_text (wizard));
  g_assert_nonnull (created.domain);
  g_assert_cmpstr (vireo_domain_get_name (created.domain), ==, GUEST);
  pxe_note ("the wizard finished after %" G_GINT64_FORMAT " ms", live_now_ms () - t0);

  /* the guest boots from the network: pxelinux's marker on the console */
  g_assert_true (live_wait_until (domain_running, NULL, TIMEOUT_MS));
  serial = pxe_serial_until (created.domain, marker, 150000);
  pxe_note ("marker on the serial console %" G_GINT64_FORMAT " ms after Finish", live_now_ms () - t0);
  pxe_note ("serial: %s", serial);
  g_assert_nonnull (strstr (serial, "PXELINUX"));

  pxe_check_guest (raw, GUEST, MAC);
  g_clear_object (&created.domain);
}

/* The work runs in a child process, so that the parent removes the guest,
 * the network, the pool and the files even when an assertion aborts it. */
static void
test_pxe_guest (void)
{
  if (pxe_missing () != NULL)
    {
      g_test_skip (pxe_missing ());
      return;
    }
  if (g_test_subprocess ())
    {
      g_autoptr (GError) error = NULL;

      raw = virConnectOpen (uri);
      g_assert_nonnull (raw);
      pxe_remove_objects (raw, GUEST);
      conn = vireo_connection_new (uri);
      g_assert_true (live_open (conn, 60000, &error));
      g_assert_no_error (error);
      connections = g_list_store_new (VIREO_TYPE_CONNECTION);
      g_list_store_append (connections, conn);
      pxe_guest ();
      g_clear_object (&connections);
      vireo_connection_close (conn);
      g_clear_object (&conn);
      virConnectClose (raw);
      return;
    }
  g_test_trap_subprocess (NULL, 200 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  cleanup ();
  g_test_trap_assert_passed ();
}

int
main (int argc, char *argv[])
{
  const char *dir, *tag;
  int ret;

  g_setenv ("GDK_BACKEND", "x11", FALSE);
  gtk_test_init (&argc, &argv, NULL);
  /* libvirt-glib's event loop chatter */
  g_log_set_handler (NULL, G_LOG_LEVEL_DEBUG, live_drop_log, NULL);
  adw_init ();
  vireo_core_init ();

  uri = g_getenv ("VIREO_PXE_URI");
  dir = g_getenv ("VIREO_PXE_DIR");
  if (dir == NULL)
    dir = g_get_tmp_dir ();
  /* the child uses the parent's names */
  tag = g_getenv ("VIREO_LIVE_PXE_WIZARD_TAG");
  if (tag == NULL)
    {
      g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());

      g_setenv ("VIREO_LIVE_PXE_WIZARD_TAG", pid, TRUE);
      tag = g_getenv ("VIREO_LIVE_PXE_WIZARD_TAG");
    }
  tftp_dir = g_strdup_printf ("%s/wiz-tftp-%s", dir, tag);
  pool_dir = g_strdup_printf ("%s/wiz-pool-%s", dir, tag);
  marker = g_strdup_printf ("VIREO-PXE-WIZARD-%s", tag);

  g_test_add_func ("/live/wizard/pxe", test_pxe_guest);
  ret = g_test_run ();

  if (!g_test_subprocess () && pxe_missing () == NULL)
    cleanup ();
  g_free (tftp_dir);
  g_free (pool_dir);
  g_free (marker);
  return ret;
}
