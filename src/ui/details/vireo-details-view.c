/* vireo-details-view.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The view holds the VM's persistent configuration as libvirt last gave it
 * (vireo_domain_get_config_async). Apply asks the shown page to write its
 * edits into a copy, hands the copy to the core
 * (vireo_domain_apply_config_async) and reads the configuration again; a
 * refusal (the page's own check, or libvirt's) shows on the page and leaves
 * the VM as it was. Leaving a page with edits (another row, closing the
 * window) asks Apply / Discard / Cancel first.
 */
#define G_LOG_DOMAIN "vireo-details-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vireo-add-hardware-wizard.h"
#include "vireo-details-boot-page.h"
#include "vireo-details-cpu-page.h"
#include "vireo-details-device-page.h"
#include "vireo-details-disk-page.h"
#include "vireo-details-graphics-page.h"
#include "vireo-details-memory-page.h"
#include "vireo-details-nic-page.h"
#include "vireo-details-row.h"
#include "vireo-details-video-page.h"
#include "vireo-details-view.h"
#include "vireo-details-xml-page.h"
#include "vireo-domain-edit.h"
#include "vireo-domain-scan.h"
#include "vireo-host-caps.h"
#include "vireo-host-resources.h"

/* where the person goes once the edits are applied or discarded */
#define LEAVE_TO_CLOSE "\x01close"

struct _VireoDetailsView
{
  AdwBin parent_instance;

  GtkStack *state_stack;
  GtkSpinner *loading_spinner;
  AdwStatusPage *load_error_page;
  GtkListBox *hardware_list;
  GtkButton *add_button;
  GtkButton *remove_button;
  GtkRevealer *error_revealer;
  GtkLabel *error_label;
  GtkStack *page_stack;
  GtkLabel *status_label;
  GtkButton *apply_button;
  GtkButton *revert_button;

  VireoDomain *domain;       /* owned */
  VireoDomainConfig *config; /* owned: the persistent definition as loaded */
  VireoDomainConfig *live_config; /* owned, while changes wait: the running VM's, for the
                                   * devices removed from the definition it still has */
  GCancellable *cancellable;
  GSignalGroup *domain_signals;
  GtkWindow *window;         /* weak: the window whose closing is watched */
  gulong close_request_id;
  GHashTable *pending;       /* page names applied to the definition only, until the VM stops */

  char *selected;            /* the shown page's name */
  char *leave_to;            /* after the apply: a page's name or LEAVE_TO_CLOSE */
  char *reselect;            /* after the apply: the shown device's new id (a new MAC) */
  char *removing;            /* the device the Remove dialog asks about */
  char *delete_pool;         /* with delete_volume: the removed disk's volume, */
  char *delete_volume;       /* deleted once the removal is applied */
  char *volume_error;        /* why it was not, shown once the list is back */
  VireoDomainConfig *checking; /* owned: the edited copy while its new MAC is checked */
  guint host_max_vcpus;      /* from the host's domain capabilities; 0: unknown */
  guint loading : 1;
  guint applying : 1;
  guint selecting : 1;
  guint reload_wanted : 1;
};

G_DEFINE_FINAL_TYPE (VireoDetailsView, vireo_details_view, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_DOMAIN,
  PROP_DIRTY,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static void vireo_details_view_reload (VireoDetailsView *self);
static void vireo_details_view_fetch (VireoDetailsView *self);
static void vireo_details_view_apply (VireoDetailsView *self);
static void vireo_details_view_loaded (VireoDetailsView *self);
static void live_config_cb (GObject *object, GAsyncResult *result, gpointer user_data);

/* -- the shown page ---------------------------------------------------------- */

static VireoDetailsPage *
current_page (VireoDetailsView *self)
{
  GtkWidget *page = self->selected != NULL
                      ? gtk_stack_get_child_by_name (self->page_stack, self->selected)
                      : NULL;

  return page != NULL ? VIREO_DETAILS_PAGE (page) : NULL;
}

static VireoDetailsRow *
find_row (VireoDetailsView *self, const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->hardware_list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (VIREO_IS_DETAILS_ROW (child) &&
        g_strcmp0 (vireo_details_row_get_page_name (VIREO_DETAILS_ROW (child)), name) == 0)
      return VIREO_DETAILS_ROW (child);
  return NULL;
}

gboolean
vireo_details_view_get_dirty (VireoDetailsView *self)
{
  VireoDetailsPage *page;

  g_return_val_if_fail (VIREO_IS_DETAILS_VIEW (self), FALSE);

  page = current_page (self);
  return page != NULL && vireo_details_page_get_dirty (page);
}

static gboolean
domain_is_active (VireoDetailsView *self)
{
  VireoDomainState state = vireo_domain_get_state (self->domain);

  return state == VIREO_DOMAIN_STATE_RUNNING || state == VIREO_DOMAIN_STATE_PAUSED ||
         state == VIREO_DOMAIN_STATE_BLOCKED || state == VIREO_DOMAIN_STATE_PMSUSPENDED ||
         state == VIREO_DOMAIN_STATE_SHUTDOWN;
}

static gboolean
is_pending (VireoDetailsView *self, const char *name)
{
  if (g_hash_table_contains (self->pending, name))
    return TRUE;
  /* the whole VM's XML, saved as one document, waits under "" */
  if (g_str_equal (name, "xml") && vireo_domain_is_device_pending (self->domain, ""))
    return TRUE;
  /* the core keeps what waits: per device, and per part of the VM as a
   * whole under the names of its pages ("cpu", "memory", "boot") */
  return vireo_domain_is_device_pending (self->domain, name);
}

static void
vireo_details_view_update_actions (VireoDetailsView *self)
{
  VireoDetailsPage *page = current_page (self);
  gboolean dirty = page != NULL && vireo_details_page_get_dirty (page);
  VireoConnection *connection = vireo_domain_get_connection (self->domain);
  gboolean editable = self->config != NULL && !self->applying && vireo_domain_get_available (self->domain) &&
                      connection != NULL && !vireo_connection_get_read_only (connection);
  VireoDetailsRow *row = self->selected != NULL ? find_row (self, self->selected) : NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), editable && dirty);
  gtk_widget_set_sensitive (GTK_WIDGET (self->revert_button), !self->applying && dirty);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->remove_button),
                            editable && page != NULL && vireo_details_page_get_device_id (page) != NULL);
  /* until the pages show what libvirt holds after an apply */
  gtk_widget_set_sensitive (GTK_WIDGET (self->hardware_list), !self->applying && !self->loading);

  if (row != NULL && vireo_details_row_get_removed (row))
    gtk_label_set_text (self->status_label, _ ("Removed after the next shut down"));
  else if (row != NULL && vireo_details_row_get_pending (row))
    gtk_label_set_text (self->status_label, _ ("Takes effect after the next shut down"));
  else
    gtk_label_set_text (self->status_label, "");
}

static void
show_error (VireoDetailsView *self, const char *message)
{
  g_autofree char *shown = vireo_details_bounded_text (message);

  gtk_label_set_text (self->error_label, shown);
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static void
page_dirty_cb (VireoDetailsView *self)
{
  vireo_details_view_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
}

static void
show_page (VireoDetailsView *self, const char *name)
{
  if (g_strcmp0 (self->selected, name) != 0)
    {
      g_free (self->selected);
      self->selected = g_strdup (name);
      show_error (self, NULL);
    }
  if (name != NULL && gtk_stack_get_child_by_name (self->page_stack, name) != NULL)
    gtk_stack_set_visible_child_name (self->page_stack, name);
  vireo_details_view_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
}

static void
select_row (VireoDetailsView *self, const char *name)
{
  VireoDetailsRow *row = name != NULL ? find_row (self, name) : NULL;

  self->selecting = TRUE;
  gtk_list_box_select_row (self->hardware_list, GTK_LIST_BOX_ROW (row));
  self->selecting = FALSE;
  show_page (self, row != NULL ? name : NULL);
}

/* -- the list and the pages ---------------------------------------------------- */

static GtkWidget *
page_for_device (VireoDevice *device)
{
  VireoDeviceKind kind = vireo_device_get_kind (device);

  if (kind == VIREO_DEVICE_KIND_DISK || kind == VIREO_DEVICE_KIND_CDROM || kind == VIREO_DEVICE_KIND_FLOPPY)
    return vireo_details_disk_page_new ();
  if (kind == VIREO_DEVICE_KIND_INTERFACE)
    return vireo_details_nic_page_new ();
  if (kind == VIREO_DEVICE_KIND_GRAPHICS)
    return vireo_details_graphics_page_new ();
  if (kind == VIREO_DEVICE_KIND_VIDEO)
    return vireo_details_video_page_new ();
  return vireo_details_device_page_new (kind);
}

static void
add_item (VireoDetailsView *self,
          const char       *name,
          const char       *title,
          const char       *icon_name,
          GtkWidget        *page,
          VireoDevice      *device)
{
  GtkWidget *row = vireo_details_row_new (name, title, icon_name);

  vireo_details_row_set_pending (VIREO_DETAILS_ROW (row), is_pending (self, name));
  gtk_list_box_append (self->hardware_list, row);

  vireo_details_page_set_device_id (VIREO_DETAILS_PAGE (page), device != NULL ? name : NULL);
  if (VIREO_IS_DETAILS_DISK_PAGE (page))
    vireo_details_disk_page_set_connection (VIREO_DETAILS_DISK_PAGE (page),
                                            vireo_domain_get_connection (self->domain));
  vireo_details_page_load (VIREO_DETAILS_PAGE (page), self->config, device);
  g_signal_connect_object (page, "notify::dirty", G_CALLBACK (page_dirty_cb), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->page_stack, page, name);
  gtk_stack_page_set_title (gtk_stack_get_page (self->page_stack, page),
                            vireo_details_row_get_title (VIREO_DETAILS_ROW (row)));
}

/* the devices the running VM still has though they are removed from its
 * definition: their rows stay, marked, with their values shown read-only */
static void
add_removed_items (VireoDetailsView *self)
{
  g_autoptr (GPtrArray) devices = NULL;

  if (self->live_config == NULL)
    return;
  devices = vireo_domain_config_get_devices (self->live_config);
  for (guint i = 0; devices != NULL && i < devices->len; i++)
    {
      VireoDevice *device = g_ptr_array_index (devices, i);
      const char *id = vireo_device_get_id (device);
      g_autofree char *title = NULL;
      GtkWidget *page;

      if (id == NULL || gtk_stack_get_child_by_name (self->page_stack, id) != NULL ||
          !vireo_domain_is_device_pending (self->domain, id))
        continue;
      title = vireo_device_dup_title (device);
      page = page_for_device (device);
      add_item (self, id, title, vireo_device_get_icon_name (device), page, device);
      /* nothing to edit or remove any more */
      vireo_details_page_set_device_id (VIREO_DETAILS_PAGE (page), NULL);
      gtk_widget_set_sensitive (page, FALSE);
      vireo_details_row_set_removed (find_row (self, id), TRUE);
    }
}

/* the list and the pages again, from self->config; the shown page stays */
static void
vireo_details_view_rebuild (VireoDetailsView *self)
{
  g_autoptr (GPtrArray) devices = vireo_domain_config_get_devices (self->config);
  g_autofree char *selected = g_strdup (self->selected);
  VireoDetailsPage *shown = current_page (self);
  /* the shown page stays on its tab (Details or XML) */
  g_autofree char *tab = shown != NULL ? g_strdup (vireo_details_page_get_tab (shown)) : NULL;
  GtkWidget *child;

  self->selecting = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->hardware_list))) != NULL)
    gtk_list_box_remove (self->hardware_list, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->page_stack))) != NULL)
    gtk_stack_remove (self->page_stack, child);
  self->selecting = FALSE;

  child = vireo_details_cpu_page_new ();
  vireo_details_cpu_page_set_host_max_vcpus (VIREO_DETAILS_CPU_PAGE (child), self->host_max_vcpus);
  vireo_details_cpu_page_set_connection (VIREO_DETAILS_CPU_PAGE (child), vireo_domain_get_connection (self->domain));
  add_item (self, "cpu", _ ("CPUs"), "computer-symbolic", child, NULL);
  add_item (self, "memory", _ ("Memory"), "media-flash-symbolic", vireo_details_memory_page_new (), NULL);
  add_item (self, "boot", _ ("Boot Options"), "system-reboot-symbolic", vireo_details_boot_page_new (), NULL);
  for (guint i = 0; devices != NULL && i < devices->len; i++)
    {
      VireoDevice *device = g_ptr_array_index (devices, i);
      const char *id = vireo_device_get_id (device);
      g_autofree char *title = NULL;

      /* two elements the core could not tell apart: the first one is shown */
      if (id == NULL || gtk_stack_get_child_by_name (self->page_stack, id) != NULL)
        continue;
      title = vireo_device_dup_title (device);
      add_item (self, id, title, vireo_device_get_icon_name (device), page_for_device (device), device);
    }
  add_removed_items (self);
  /* the whole VM's definition, as one XML document */
  add_item (self, "xml", _ ("XML"), "text-x-generic-symbolic", vireo_details_xml_page_new (), NULL);

  select_row (self, selected != NULL && find_row (self, selected) != NULL ? selected : "cpu");
  if (tab != NULL && current_page (self) != NULL && g_strcmp0 (self->selected, selected) == 0)
    vireo_details_page_set_tab (current_page (self), tab);
}

static void
vireo_details_view_update_pending (VireoDetailsView *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->hardware_list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (VIREO_IS_DETAILS_ROW (child))
      vireo_details_row_set_pending (
          VIREO_DETAILS_ROW (child),
          is_pending (self, vireo_details_row_get_page_name (VIREO_DETAILS_ROW (child))));
  vireo_details_view_update_actions (self);
}

/* -- leaving a page with edits -------------------------------------------------- */

static void
vireo_details_view_leave (VireoDetailsView *self)
{
  g_autofree char *leave_to = g_steal_pointer (&self->leave_to);

  if (leave_to == NULL)
    return;
  if (g_str_equal (leave_to, LEAVE_TO_CLOSE))
    {
      if (self->window != NULL)
        gtk_window_close (self->window);
      return;
    }
  select_row (self, leave_to);
}

static void
leave_response_cb (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  VireoDetailsView *self = user_data; /* the handler holds a reference */
  VireoDetailsPage *page = current_page (self);

  if (g_strcmp0 (response, "apply") == 0 && page != NULL && vireo_details_page_get_dirty (page))
    {
      vireo_details_view_apply (self); /* leaves once applied */
      return;
    }
  if (g_strcmp0 (response, "discard") == 0)
    {
      if (page != NULL && self->config != NULL)
        {
          VireoDevice *device = NULL;
          const char *id = vireo_details_page_get_device_id (page);

          if (id != NULL)
            device = vireo_domain_config_find_device (self->config, id);
          if (id == NULL || device != NULL)
            vireo_details_page_load (page, self->config, device);
        }
      vireo_details_view_leave (self);
      return;
    }
  g_clear_pointer (&self->leave_to, g_free);
}

/* asks Apply / Discard / Cancel about the shown page's edits; @leave_to is
 * where the person goes after Apply or Discard */
static void
vireo_details_view_ask_leave (VireoDetailsView *self, const char *leave_to)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  VireoDetailsRow *row = find_row (self, self->selected);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  g_free (self->leave_to);
  self->leave_to = g_strdup (leave_to);

  /* Translators: %s is an item of the hardware list, e.g. "Memory" or "VirtIO Disk 1" */
  body = g_strdup_printf (_ ("The changes to “%s” are not applied yet. Apply them to the "
                             "virtual machine, or discard them?"),
                          row != NULL ? vireo_details_row_get_title (row) : "");
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _ ("Apply the Changes?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _ ("_Cancel"),
                                    "discard", _ ("_Discard"),
                                    "apply", _ ("_Apply"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (leave_response_cb), g_object_ref (self),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
row_selected_cb (VireoDetailsView *self, GtkListBoxRow *row)
{
  const char *name;

  if (self->selecting || row == NULL)
    return;
  name = vireo_details_row_get_page_name (VIREO_DETAILS_ROW (row));
  if (g_strcmp0 (name, self->selected) == 0)
    return;
  if (vireo_details_view_get_dirty (self))
    {
      /* the row stays on the page with the edits until the person answers */
      g_autofree char *target = g_strdup (name);

      select_row (self, self->selected);
      vireo_details_view_ask_leave (self, target);
      return;
    }
  show_page (self, name);
}

static gboolean
close_request_cb (GtkWindow *window, VireoDetailsView *self)
{
  if (!vireo_details_view_get_dirty (self) || vireo_domain_get_removed (self->domain))
    return FALSE;
  vireo_details_view_ask_leave (self, LEAVE_TO_CLOSE);
  return TRUE;
}

static void
root_cb (VireoDetailsView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->window != NULL && self->close_request_id != 0)
    g_signal_handler_disconnect (self->window, self->close_request_id);
  self->close_request_id = 0;
  g_clear_weak_pointer (&self->window);
  if (GTK_IS_WINDOW (root))
    {
      g_set_weak_pointer (&self->window, GTK_WINDOW (root));
      self->close_request_id =
          g_signal_connect (root, "close-request", G_CALLBACK (close_request_cb), self);
    }
}

/* -- loading ---------------------------------------------------------------------- */

static void
get_config_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VireoDomainConfig) config =
      vireo_domain_get_config_finish (VIREO_DOMAIN (object), result, &error);
  VireoDetailsView *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = VIREO_DETAILS_VIEW (user_data);

  if (config == NULL)
    {
      g_autofree char *shown = vireo_details_bounded_text (error != NULL ? error->message : NULL);

      self->loading = FALSE;
      gtk_spinner_set_spinning (self->loading_spinner, FALSE);
      if (self->config == NULL)
        {
          adw_status_page_set_description (self->load_error_page, shown);
          gtk_stack_set_visible_child_name (self->state_stack, "error");
        }
      else
        show_error (self, shown);
      g_clear_pointer (&self->leave_to, g_free);
      vireo_details_view_update_actions (self);
      return;
    }

  g_set_object (&self->config, config);
  /* a running VM with changes that wait may still have devices the
   * definition no longer has */
  if (domain_is_active (self) && vireo_domain_get_has_pending_changes (self->domain))
    {
      vireo_domain_get_config_async (self->domain, TRUE, self->cancellable, live_config_cb, self);
      return;
    }
  g_clear_object (&self->live_config);
  vireo_details_view_loaded (self);
}

static void
live_config_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VireoDomainConfig) live = vireo_domain_get_config_finish (VIREO_DOMAIN (object), result, &error);
  VireoDetailsView *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = VIREO_DETAILS_VIEW (user_data);
  /* without it (the VM stopped meanwhile), no removed device is shown */
  g_set_object (&self->live_config, live);
  vireo_details_view_loaded (self);
}

/* both configurations are in: the list and the pages show them */
static void
vireo_details_view_loaded (VireoDetailsView *self)
{
  self->loading = FALSE;
  gtk_spinner_set_spinning (self->loading_spinner, FALSE);
  vireo_details_view_rebuild (self);
  gtk_stack_set_visible_child_name (self->state_stack, "details");
  vireo_details_view_leave (self);
  if (self->volume_error != NULL)
    {
      /* the device is removed, its volume stays */
      g_autofree char *message = g_steal_pointer (&self->volume_error);

      show_error (self, message);
    }
  if (self->reload_wanted)
    vireo_details_view_reload (self);
}

/* reads the configuration again, whatever the pages show */
static void
vireo_details_view_fetch (VireoDetailsView *self)
{
  if (self->loading)
    {
      self->reload_wanted = TRUE;
      return;
    }
  self->reload_wanted = FALSE;
  self->loading = TRUE;
  vireo_details_view_update_actions (self);
  if (self->config == NULL)
    {
      gtk_spinner_set_spinning (self->loading_spinner, TRUE);
      gtk_stack_set_visible_child_name (self->state_stack, "loading");
    }
  vireo_domain_get_config_async (self->domain, FALSE, self->cancellable, get_config_cb, self);
}

/* reads the configuration again, never under the person's edits: once they
 * are applied or discarded */
static void
vireo_details_view_reload (VireoDetailsView *self)
{
  if (self->domain == NULL)
    return;
  if (self->loading || self->applying || vireo_details_view_get_dirty (self))
    {
      self->reload_wanted = TRUE;
      return;
    }
  vireo_details_view_fetch (self);
}

static void
reload_cb (VireoDetailsView *self)
{
  vireo_details_view_reload (self);
}

/* -- apply, revert, remove -------------------------------------------------------- */

static void
delete_volume_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  VireoDetailsView *self;

  vireo_connection_delete_volume_finish (VIREO_CONNECTION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = VIREO_DETAILS_VIEW (user_data);
  g_free (self->volume_error);
  self->volume_error = error != NULL ? g_strdup (error->message) : NULL;
  /* the pages show what libvirt now holds */
  vireo_details_view_fetch (self);
}

static void
apply_config_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  VireoChangeScope scope;
  VireoDetailsView *self;

  scope = vireo_domain_apply_config_finish (VIREO_DOMAIN (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = VIREO_DETAILS_VIEW (user_data);
  self->applying = FALSE;

  if (error != NULL)
    {
      /* the VM is as it was; the edits stay on the page (and the volume) */
      g_clear_pointer (&self->reselect, g_free);
      g_clear_pointer (&self->delete_pool, g_free);
      g_clear_pointer (&self->delete_volume, g_free);
      show_error (self, error->message);
      g_clear_pointer (&self->leave_to, g_free);
      vireo_details_view_update_actions (self);
      return;
    }

  show_error (self, NULL);
  if (self->reselect != NULL)
    {
      /* the device has a new id: its page is shown again under it */
      g_free (self->selected);
      self->selected = g_steal_pointer (&self->reselect);
    }
  if (domain_is_active (self) && !(scope & VIREO_CHANGE_LIVE) && self->selected != NULL)
    g_hash_table_add (self->pending, g_strdup (self->selected));

  if (self->delete_volume != NULL && vireo_domain_get_connection (self->domain) != NULL)
    {
      g_autofree char *pool = g_steal_pointer (&self->delete_pool);
      g_autofree char *volume = g_steal_pointer (&self->delete_volume);

      /* the disk is removed: now its volume, then the list */
      vireo_connection_delete_volume_async (vireo_domain_get_connection (self->domain), pool, volume,
                                            self->cancellable, delete_volume_cb, self);
      return;
    }
  g_clear_pointer (&self->delete_pool, g_free);
  g_clear_pointer (&self->delete_volume, g_free);
  /* the pages show what libvirt now holds: the edits are in it */
  vireo_details_view_fetch (self);
}

static void
vireo_details_view_apply_config (VireoDetailsView *self, VireoDomainConfig *edited)
{
  self->applying = TRUE;
  vireo_details_view_update_actions (self);
  vireo_domain_apply_config_async (self->domain, edited, self->cancellable, apply_config_cb, self);
}

static void
mac_user_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *user = vireo_connection_find_mac_user_finish (VIREO_CONNECTION (object), result, &error);
  g_autoptr (VireoDomainConfig) edited = NULL;
  VireoDetailsView *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = VIREO_DETAILS_VIEW (user_data);
  edited = g_steal_pointer (&self->checking);
  self->applying = FALSE;
  if (error != NULL || user != NULL)
    {
      g_autofree char *name = user != NULL ? vireo_details_bounded_text (user) : NULL;
      g_autofree char *message = NULL;

      if (user != NULL)
        /* Translators: %s is the name of another virtual machine */
        message = g_strdup_printf (_ ("This MAC address is already used by “%s” on this host. "
                                      "Two network interfaces on one network cannot share it: "
                                      "choose another address."),
                                   name);
      show_error (self, message != NULL ? message : error->message);
      g_clear_pointer (&self->reselect, g_free);
      g_clear_pointer (&self->leave_to, g_free);
      vireo_details_view_update_actions (self);
      return;
    }
  vireo_details_view_apply_config (self, edited);
}

static void
vireo_details_view_apply (VireoDetailsView *self)
{
  VireoDetailsPage *page = current_page (self);
  g_autoptr (VireoDomainConfig) edited = NULL;
  g_autoptr (GError) error = NULL;
  VireoDevice *device = NULL;
  const char *id;

  if (page == NULL || self->config == NULL || self->applying)
    return;

  /* the XML tab of the CPUs, memory, boot options or the whole VM: the
   * document as the person wrote it, saved whole (libvirt checks it) */
  if (vireo_details_page_get_document_edited (page))
    {
      edited = vireo_details_page_commit_document (page, self->config, &error);
      if (edited == NULL)
        {
          show_error (self, error->message);
          g_clear_pointer (&self->leave_to, g_free);
          return;
        }
      vireo_details_view_apply_config (self, edited);
      return;
    }

  edited = vireo_domain_config_copy (self->config);
  id = vireo_details_page_get_device_id (page);
  if (id != NULL)
    {
      device = vireo_domain_config_find_device (edited, id);
      if (device == NULL)
        {
          show_error (self, _ ("This device is no longer in the virtual machine’s configuration."));
          g_clear_pointer (&self->leave_to, g_free);
          return;
        }
    }
  if (!vireo_details_page_commit (page, edited, device, &error))
    {
      show_error (self, error->message);
      g_clear_pointer (&self->leave_to, g_free);
      return;
    }
  /* a new MAC is a new id (interface:<mac>): the page stays on the device */
  g_clear_pointer (&self->reselect, g_free);
  if (device != NULL && g_strcmp0 (vireo_device_get_id (device), id) != 0)
    self->reselect = g_strdup (vireo_device_get_id (device));
  if (device != NULL && vireo_device_get_kind (device) == VIREO_DEVICE_KIND_INTERFACE)
    {
      g_autofree char *mac = vireo_device_get (device, "mac/@address");
      VireoDevice *before = vireo_domain_config_find_device (self->config, id);
      g_autofree char *old_mac = before != NULL ? vireo_device_get (before, "mac/@address") : NULL;
      VireoConnection *connection = vireo_domain_get_connection (self->domain);

      /* a new MAC: first, that no other VM of the host has it */
      if (mac != NULL && g_ascii_strcasecmp (mac, old_mac != NULL ? old_mac : "") != 0 &&
          connection != NULL)
        {
          self->applying = TRUE;
          vireo_details_view_update_actions (self);
          g_set_object (&self->checking, edited);
          vireo_connection_find_mac_user_async (connection, mac, vireo_domain_get_uuid (self->domain),
                                                self->cancellable, mac_user_cb, self);
          return;
        }
    }
  if (!vireo_domain_config_has_changes (edited))
    {
      /* the values are those the VM has: nothing to apply */
      vireo_details_page_load (page, self->config,
                               id != NULL ? vireo_domain_config_find_device (self->config, id) : NULL);
      show_error (self, NULL);
      vireo_details_view_leave (self);
      return;
    }
  vireo_details_view_apply_config (self, edited);
}

static void
apply_clicked_cb (VireoDetailsView *self)
{
  vireo_details_view_apply (self);
}

static void
revert_clicked_cb (VireoDetailsView *self)
{
  VireoDetailsPage *page = current_page (self);
  const char *id;

  if (page == NULL || self->config == NULL)
    return;
  id = vireo_details_page_get_device_id (page);
  vireo_details_page_load (page, self->config,
                           id != NULL ? vireo_domain_config_find_device (self->config, id) : NULL);
  show_error (self, NULL);
  if (self->reload_wanted)
    vireo_details_view_reload (self);
}

static void
remove_response_cb (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  VireoDetailsView *self = user_data; /* the handler holds a reference */
  g_autofree char *id = g_steal_pointer (&self->removing);
  g_autoptr (VireoDomainConfig) edited = NULL;
  GtkWidget *check = adw_message_dialog_get_extra_child (dialog);
  VireoDevice *device;

  if (g_strcmp0 (response, "remove") != 0 || id == NULL || self->config == NULL || self->applying)
    return;
  edited = vireo_domain_config_copy (self->config);
  device = vireo_domain_config_find_device (edited, id);
  if (device == NULL)
    return;
  g_clear_pointer (&self->delete_pool, g_free);
  g_clear_pointer (&self->delete_volume, g_free);
  if (GTK_IS_CHECK_BUTTON (check) && gtk_widget_get_sensitive (check) &&
      gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
    {
      /* the volume (its pool and name, as looked up) goes once the removal is applied */
      self->delete_pool = g_strdup (g_object_get_data (G_OBJECT (check), "vireo-pool"));
      self->delete_volume = g_strdup (g_object_get_data (G_OBJECT (check), "vireo-volume"));
      if (self->delete_pool == NULL || self->delete_volume == NULL)
        {
          g_clear_pointer (&self->delete_pool, g_free);
          g_clear_pointer (&self->delete_volume, g_free);
        }
    }
  /* once applied, the list goes on from its first item (the row is gone) */
  vireo_domain_config_remove_device (edited, device);
  vireo_details_view_apply_config (self, edited);
}

typedef struct
{
  AdwMessageDialog *dialog; /* owned */
  GtkWidget *check;         /* owned */
  char *body;
  char *source;             /* the disk's, as vireo_device_dup_disk_source gives it */
  char *uuid;               /* the VM's */
  char *pool;               /* <source pool= volume=>, NULL for a path */
  char *volume;
  GCancellable *cancellable; /* owned: the view's */
} VolumeCheck;

static void
volume_check_free (VolumeCheck *data)
{
  g_object_unref (data->dialog);
  g_object_unref (data->check);
  g_free (data->body);
  g_free (data->source);
  g_free (data->uuid);
  g_free (data->pool);
  g_free (data->volume);
  g_clear_object (&data->cancellable);
  g_free (data);
}

/* another VM uses the disk's volume: it stays, and the dialog says who uses it */
static void
disk_user_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VolumeCheck *data = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *user = vireo_connection_find_disk_user_finish (VIREO_CONNECTION (object), result, &error);

  if (error == NULL && user == NULL)
    {
      gtk_widget_set_sensitive (data->check, TRUE);
      gtk_widget_set_tooltip_text (data->check, NULL);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *name = user != NULL ? vireo_details_bounded_text (user) : NULL;
      g_autofree char *why = NULL;
      g_autofree char *body = NULL;

      if (name != NULL)
        /* Translators: %s is the name of another virtual machine */
        why = g_strdup_printf (_ ("Its storage volume is kept: “%s” uses it too."), name);
      else
        why = vireo_details_bounded_text (error->message);
      body = g_strdup_printf ("%s\n\n%s", data->body, why);
      adw_message_dialog_set_body (data->dialog, body);
      gtk_widget_set_tooltip_text (data->check, why);
    }
  volume_check_free (data);
}

/* the disk's source is a volume of a pool (a <source pool= volume=>, or a
 * path a pool has): whether another VM uses it, through either form */
static void
disk_volume_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VolumeCheck *data = user_data;
  g_autoptr (GError) error = NULL;
  VireoVolumeFacts *facts = vireo_connection_lookup_volume_finish (VIREO_CONNECTION (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      volume_check_free (data);
      return;
    }
  /* a <source pool= volume=> the pool does not list: its deletion is tried
   * all the same, and says why it failed */
  if ((facts == NULL || facts->pool == NULL || facts->name == NULL) && data->pool != NULL)
    {
      vireo_volume_facts_free (facts);
      facts = g_new0 (VireoVolumeFacts, 1);
      facts->pool = g_strdup (data->pool);
      facts->name = g_strdup (data->volume);
    }
  if (facts == NULL || facts->pool == NULL || facts->name == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_widget_set_tooltip_text (data->check, _ ("Only a volume of a storage pool can be deleted "
                                                     "here: this disk’s storage is kept"));
      vireo_volume_facts_free (facts);
      volume_check_free (data);
      return;
    }
  g_object_set_data_full (G_OBJECT (data->check), "vireo-pool", g_strdup (facts->pool), g_free);
  g_object_set_data_full (G_OBJECT (data->check), "vireo-volume", g_strdup (facts->name), g_free);
  vireo_volume_facts_free (facts);
  vireo_connection_find_disk_user_async (VIREO_CONNECTION (object), data->source, data->uuid,
                                         data->cancellable, disk_user_cb, data);
}

static void
remove_clicked_cb (VireoDetailsView *self)
{
  VireoDetailsPage *page = current_page (self);
  VireoDetailsRow *row = find_row (self, self->selected);
  VireoDevice *device;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *heading = NULL;
  VireoDeviceKind kind;
  const char *id;
  const char *body;
  GtkWidget *dialog;

  if (page == NULL || row == NULL || self->config == NULL)
    return;
  id = vireo_details_page_get_device_id (page);
  device = id != NULL ? vireo_domain_config_find_device (self->config, id) : NULL;
  if (device == NULL)
    return;
  kind = vireo_device_get_kind (device);

  /* Translators: %s is an item of the hardware list, e.g. "VirtIO Disk 1" */
  heading = g_strdup_printf (_ ("Remove “%s”?"), vireo_details_row_get_title (row));
  if (!domain_is_active (self))
    body = _ ("The device is removed from the virtual machine’s configuration.");
  else if (vireo_device_get_hotpluggable (device))
    body = _ ("The device is removed from the virtual machine’s configuration, and from the "
              "running virtual machine where it allows it.");
  else
    /* a SATA or IDE disk or CD/DVD drive, a watchdog, a sound card… */
    body = _ ("The running virtual machine cannot give up this device while it runs. It is "
              "removed from the configuration, and is gone once the virtual machine has "
              "shut down.");
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "remove",
                                    _ ("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  if (kind == VIREO_DEVICE_KIND_DISK)
    {
      /* a volume of a pool (<source pool= volume=>, or a path that is
       * one) can go with the disk, unless another VM uses it */
      GtkWidget *check = gtk_check_button_new_with_mnemonic (_ ("Also _delete its storage volume"));
      g_autofree char *source = vireo_device_dup_disk_source (device);
      VireoConnection *connection = vireo_domain_get_connection (self->domain);

      gtk_widget_set_sensitive (check, FALSE);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), check);
      if (source == NULL || connection == NULL)
        gtk_widget_set_tooltip_text (check, _ ("Only a volume of a storage pool can be deleted "
                                               "here: this disk’s storage is kept"));
      else
        {
          VolumeCheck *data = g_new0 (VolumeCheck, 1);

          data->dialog = ADW_MESSAGE_DIALOG (g_object_ref (dialog));
          data->check = g_object_ref (check);
          data->body = g_strdup (body);
          data->source = g_strdup (source);
          data->uuid = g_strdup (vireo_domain_get_uuid (self->domain));
          data->pool = vireo_device_get (device, "source/@pool");
          data->volume = vireo_device_get (device, "source/@volume");
          data->cancellable = g_object_ref (self->cancellable);
          gtk_widget_set_tooltip_text (check, _ ("Checking whether another virtual machine uses "
                                                 "the volume…"));
          vireo_connection_lookup_volume_async (connection, source, self->cancellable, disk_volume_cb, data);
        }
    }
  g_free (self->removing);
  self->removing = g_strdup (id);
  g_signal_connect_data (dialog, "response", G_CALLBACK (remove_response_cb), g_object_ref (self),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
device_added_cb (VireoDetailsView *self, const char *xml)
{
  /* the list shows the new device (once the shown page's edits are settled) */
  vireo_details_view_reload (self);
}

static void
add_clicked_cb (VireoDetailsView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *wizard;

  wizard = vireo_add_hardware_wizard_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->domain);
  g_signal_connect_object (wizard, "device-added", G_CALLBACK (device_added_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (wizard));
}

/* -- the domain ---------------------------------------------------------------------- */

static void
domain_state_cb (VireoDetailsView *self)
{
  /* a VM that stopped runs its definition next time: nothing waits any more */
  if (!domain_is_active (self))
    g_hash_table_remove_all (self->pending);
  vireo_details_view_update_pending (self);
  vireo_details_view_reload (self);
}

static void
domain_pending_cb (VireoDetailsView *self)
{
  vireo_details_view_update_pending (self);
}

static void
host_caps_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VireoHostCaps) caps =
      vireo_connection_get_host_caps_finish (VIREO_CONNECTION (object), result, &error);
  VireoDetailsView *self;
  GtkWidget *page;

  if (caps == NULL)
    return; /* cancelled, or the host does not say: libvirt checks the maximum */
  self = VIREO_DETAILS_VIEW (user_data);
  self->host_max_vcpus = vireo_host_resources_parse_max_vcpus (caps->domain_caps_xml);
  page = gtk_stack_get_child_by_name (self->page_stack, "cpu");
  if (page != NULL)
    vireo_details_cpu_page_set_host_max_vcpus (VIREO_DETAILS_CPU_PAGE (page), self->host_max_vcpus);
}

static void
vireo_details_view_set_domain (VireoDetailsView *self, VireoDomain *domain)
{
  VireoConnection *connection;

  g_assert (self->domain == NULL);
  g_return_if_fail (VIREO_IS_DOMAIN (domain));

  self->domain = g_object_ref (domain);
  g_signal_group_set_target (self->domain_signals, domain);
  vireo_details_view_reload (self);
  connection = vireo_domain_get_connection (domain);
  if (connection != NULL)
    vireo_connection_get_host_caps_async (connection, self->cancellable, host_caps_cb, self);
}

VireoDomain *
vireo_details_view_get_domain (VireoDetailsView *self)
{
  g_return_val_if_fail (VIREO_IS_DETAILS_VIEW (self), NULL);

  return self->domain;
}

static void
vireo_details_view_dispose (GObject *object)
{
  VireoDetailsView *self = VIREO_DETAILS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->window != NULL && self->close_request_id != 0)
    g_signal_handler_disconnect (self->window, self->close_request_id);
  self->close_request_id = 0;
  g_clear_weak_pointer (&self->window);
  if (self->domain_signals != NULL)
    g_signal_group_set_target (self->domain_signals, NULL);

  /* the stack is the bin's child and a template child: the bin lets it go first */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_DETAILS_VIEW);

  g_clear_object (&self->domain_signals);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->config);
  g_clear_object (&self->live_config);
  g_clear_object (&self->checking);
  g_clear_object (&self->domain);

  G_OBJECT_CLASS (vireo_details_view_parent_class)->dispose (object);
}

static void
vireo_details_view_finalize (GObject *object)
{
  VireoDetailsView *self = VIREO_DETAILS_VIEW (object);

  g_hash_table_unref (self->pending);
  g_free (self->selected);
  g_free (self->leave_to);
  g_free (self->reselect);
  g_free (self->removing);
  g_free (self->delete_pool);
  g_free (self->delete_volume);
  g_free (self->volume_error);

  G_OBJECT_CLASS (vireo_details_view_parent_class)->finalize (object);
}

static void
vireo_details_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  VireoDetailsView *self = VIREO_DETAILS_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      g_value_set_object (value, self->domain);
      break;
    case PROP_DIRTY:
      g_value_set_boolean (value, vireo_details_view_get_dirty (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_details_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  VireoDetailsView *self = VIREO_DETAILS_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      vireo_details_view_set_domain (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_details_view_class_init (VireoDetailsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_details_view_dispose;
  object_class->finalize = vireo_details_view_finalize;
  object_class->get_property = vireo_details_view_get_property;
  object_class->set_property = vireo_details_view_set_property;

  properties[PROP_DOMAIN] =
      g_param_spec_object ("domain", NULL, NULL, VIREO_TYPE_DOMAIN,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIRTY] =
      g_param_spec_boolean ("dirty", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/vireo/Vireo/details/vireo-details-view.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsView, state_stack);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsView, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsView, load_error_page);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsView, hardware_list);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsView, add_button);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsView, remove_button);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsView, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsView, error_label);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsView, page_stack);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsView, status_label);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsView, apply_button);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsView, revert_button);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, apply_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, revert_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, reload_cb);
}

static void
vireo_details_view_init (VireoDetailsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->domain_signals = g_signal_group_new (VIREO_TYPE_DOMAIN);
  g_signal_group_connect_object (self->domain_signals, "notify::state", G_CALLBACK (domain_state_cb),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->domain_signals, "notify::has-pending-changes",
                                 G_CALLBACK (domain_pending_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->domain_signals, "notify::available",
                                 G_CALLBACK (vireo_details_view_update_actions), self, G_CONNECT_SWAPPED);

  g_signal_connect (self, "notify::root", G_CALLBACK (root_cb), NULL);
}

GtkWidget *
vireo_details_view_new (VireoDomain *domain)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

  return g_object_new (VIREO_TYPE_DETAILS_VIEW, "domain", domain, NULL);
}
