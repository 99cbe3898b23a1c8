/* vireo-new-pool-wizard.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The answers become a VireoPoolSpec; the core turns it into XML (a pure
 * function with golden tests) and makes the pool on its worker, undoing
 * what it made when a step fails. This file reads no XML and calls no
 * libvirt.
 */
#define G_LOG_DOMAIN "vireo-new-pool-wizard"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-new-pool-wizard.h"

struct _VireoNewPoolWizard
{
  AdwWindow parent_instance;

  VireoHostStorage *storage;  /* owned */
  GCancellable *cancellable;
  GStrv supported;            /* NULL: libvirt did not say, all offered */
  GtkStringList *type_labels;
  guint ready : 1;
  guint busy : 1;

  /* template */
  GtkWidget *create_button;
  AdwEntryRow *name_row;
  AdwComboRow *type_row;
  AdwActionRow *unsupported_row;
  GtkWidget *source_group;
  AdwEntryRow *host_row;
  AdwEntryRow *export_row;
  AdwEntryRow *device_row;
  AdwEntryRow *source_name_row;
  AdwEntryRow *initiator_row;
  AdwEntryRow *adapter_row;
  AdwEntryRow *auth_user_row;
  AdwEntryRow *auth_secret_row;
  AdwEntryRow *target_row;
  AdwActionRow *build_row;
  GtkSwitch *build_switch;
  GtkSwitch *autostart_switch;
  GtkLabel *error_label;
  GtkSpinner *spinner;
};

G_DEFINE_FINAL_TYPE (VireoNewPoolWizard, vireo_new_pool_wizard, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_POOL_CREATED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static const char *
selected_type (VireoNewPoolWizard *self)
{
  guint selected = adw_combo_row_get_selected (self->type_row);
  const char *const *types = vireo_pool_types ();

  return selected < g_strv_length ((char **) types) ? types[selected] : NULL;
}

static gboolean
type_supported (VireoNewPoolWizard *self, const char *type)
{
  return self->supported == NULL || g_strv_contains ((const char *const *) self->supported, type);
}

static void
set_error (VireoNewPoolWizard *self, const char *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_actions (VireoNewPoolWizard *self)
{
  const char *type = selected_type (self);
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pool.create",
                                 !self->busy && type != NULL && type_supported (self, type) && *name != '\0');
}

static void
show_row (gpointer row, gboolean visible, const char *title)
{
  gtk_widget_set_visible (GTK_WIDGET (row), visible);
  if (visible && title != NULL)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
}

/* each type shows only its fields, titled for it */
static void
update_fields (VireoNewPoolWizard *self)
{
  const char *type = selected_type (self);
  gboolean dir, fs, netfs, logical, disk, iscsi, scsi, rbd;
  const char *build_title = NULL;

  if (type == NULL)
    return;
  dir = g_str_equal (type, "dir");
  fs = g_str_equal (type, "fs");
  netfs = g_str_equal (type, "netfs");
  logical = g_str_equal (type, "logical");
  disk = g_str_equal (type, "disk");
  iscsi = g_str_equal (type, "iscsi");
  scsi = g_str_equal (type, "scsi");
  rbd = g_str_equal (type, "rbd");

  show_row (self->host_row, netfs || iscsi || rbd,
            netfs ? _("NFS server (host name or address)")
            : iscsi ? _("iSCSI server (host, or host:port)")
                    : _("Ceph monitor hosts (comma-separated, host or host:port)"));
  show_row (self->export_row, netfs, NULL);
  show_row (self->device_row, fs || logical || disk || iscsi,
            fs ? _("Block device (such as /dev/sdb1)")
            : logical ? _("Devices to build it on (comma-separated; empty for an existing group)")
            : disk ? _("Disk (such as /dev/sdb)")
                   : _("Target IQN"));
  show_row (self->source_name_row, logical || rbd, logical ? _("Volume group") : _("Ceph pool"));
  show_row (self->initiator_row, iscsi, NULL);
  show_row (self->adapter_row, scsi, NULL);
  show_row (self->auth_user_row, rbd, NULL);
  show_row (self->auth_secret_row, rbd, NULL);
  gtk_widget_set_visible (self->source_group, !dir && !g_str_equal (type, "mpath"));
  show_row (self->target_row, dir || fs || netfs,
            dir ? _("Folder") : _("Mount point"));

  if (dir)
    build_title = _("Create the folder when it does not exist");
  else if (fs)
    build_title = _("Make a new file system on the device (erases it)");
  else if (netfs)
    build_title = _("Create the mount point when it does not exist");
  else if (logical)
    build_title = _("Create the volume group on the devices (erases them)");
  else if (disk)
    build_title = _("Write a new partition table (erases the disk)");
  show_row (self->build_row, build_title != NULL, build_title);
  /* building erases data: only on for the kinds where it only makes a folder */
  gtk_switch_set_active (self->build_switch, dir || netfs);

  if (!type_supported (self, type))
    {
      const char *package = vireo_pool_type_package (type);
      g_autofree char *reason =
          /* Translators: %s: a Debian package name */
          g_strdup_printf (_("This host’s libvirt cannot make pools of this type. Installing the package %s on the host (and restarting libvirtd) would add it."),
                           package != NULL ? package : "");

      adw_action_row_set_subtitle (self->unsupported_row, reason);
      gtk_widget_set_visible (GTK_WIDGET (self->unsupported_row), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->unsupported_row), FALSE);
  set_error (self, NULL);
  update_actions (self);
}

static void
fill_types (VireoNewPoolWizard *self)
{
  const char *const *types = vireo_pool_types ();
  guint selected = adw_combo_row_get_selected (self->type_row);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; types[i] != NULL; i++)
    {
      if (type_supported (self, types[i]))
        g_ptr_array_add (labels, g_strdup (vireo_pool_type_label (types[i])));
      else
        /* Translators: a pool type this host cannot make: "Ceph RBD pool (not available)" */
        g_ptr_array_add (labels, g_strdup_printf (_("%s (not available)"), vireo_pool_type_label (types[i])));
    }
  g_ptr_array_add (labels, NULL);
  gtk_string_list_splice (self->type_labels, 0, g_list_model_get_n_items (G_LIST_MODEL (self->type_labels)),
                          (const char *const *) labels->pdata);
  adw_combo_row_set_selected (self->type_row, selected == GTK_INVALID_LIST_POSITION ? 0 : selected);
  update_fields (self);
}

static void
capabilities_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(VireoNewPoolWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  GStrv supported = vireo_host_storage_get_capabilities_finish (VIREO_HOST_STORAGE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_strfreev (self->supported);
  self->supported = supported;
  self->ready = TRUE;
  fill_types (self);
}

static char **
split_list (AdwEntryRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_auto(GStrv) parts = g_strsplit_set (text, ", ", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      g_strv_builder_add (builder, parts[i]);
  return g_strv_builder_end (builder);
}

static char *
entry_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));

  g_strstrip (text);
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
create_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(VireoNewPoolWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_object_steal_data (G_OBJECT (self), "pool-name");

  self->busy = FALSE;
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  update_actions (self);
  if (!vireo_host_storage_create_pool_finish (VIREO_HOST_STORAGE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_error (self, error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_POOL_CREATED], 0, name);
  gtk_window_close (GTK_WINDOW (self));
}

static void
create_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  VireoNewPoolWizard *self = VIREO_NEW_POOL_WIZARD (widget);
  const char *type = selected_type (self);
  g_autoptr(VireoPoolSpec) spec = NULL;

  if (type == NULL || self->busy)
    return;
  spec = vireo_pool_spec_new (type, NULL);
  spec->name = entry_text (self->name_row);
  if (gtk_widget_get_visible (GTK_WIDGET (self->target_row)))
    spec->target_path = entry_text (self->target_row);
  if (gtk_widget_get_visible (GTK_WIDGET (self->device_row)))
    spec->devices = split_list (self->device_row);
  if (gtk_widget_get_visible (GTK_WIDGET (self->host_row)))
    spec->hosts = split_list (self->host_row);
  if (gtk_widget_get_visible (GTK_WIDGET (self->export_row)))
    spec->source_dir = entry_text (self->export_row);
  if (gtk_widget_get_visible (GTK_WIDGET (self->source_name_row)))
    spec->source_name = entry_text (self->source_name_row);
  if (gtk_widget_get_visible (GTK_WIDGET (self->initiator_row)))
    spec->initiator_iqn = entry_text (self->initiator_row);
  if (gtk_widget_get_visible (GTK_WIDGET (self->adapter_row)))
    spec->adapter = entry_text (self->adapter_row);
  if (gtk_widget_get_visible (GTK_WIDGET (self->auth_user_row)))
    {
      spec->auth_username = entry_text (self->auth_user_row);
      spec->auth_secret = entry_text (self->auth_secret_row);
    }

  set_error (self, NULL);
  self->busy = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_start (self->spinner);
  update_actions (self);
  g_object_set_data_full (G_OBJECT (self), "pool-name", g_strdup (spec->name), g_free);
  vireo_host_storage_create_pool_async (self->storage, spec,
                                        gtk_widget_get_visible (GTK_WIDGET (self->build_row)) &&
                                            gtk_switch_get_active (self->build_switch),
                                        gtk_switch_get_active (self->autostart_switch), self->cancellable,
                                        create_cb, g_object_ref (self));
}

GtkWidget *
vireo_new_pool_wizard_new (VireoHostStorage *storage)
{
  VireoNewPoolWizard *self;

  g_return_val_if_fail (VIREO_IS_HOST_STORAGE (storage), NULL);
  self = g_object_new (VIREO_TYPE_NEW_POOL_WIZARD, NULL);
  self->storage = g_object_ref (storage);
  vireo_host_storage_get_capabilities_async (storage, self->cancellable, capabilities_cb, g_object_ref (self));
  return GTK_WIDGET (self);
}

gboolean
vireo_new_pool_wizard_set_type (VireoNewPoolWizard *self, const char *type)
{
  const char *const *types = vireo_pool_types ();

  g_return_val_if_fail (VIREO_IS_NEW_POOL_WIZARD (self), FALSE);
  for (guint i = 0; types[i] != NULL; i++)
    if (g_str_equal (types[i], type))
      {
        adw_combo_row_set_selected (self->type_row, i);
        return TRUE;
      }
  return FALSE;
}

void
vireo_new_pool_wizard_set_supported (VireoNewPoolWizard *self, const char *const *types)
{
  g_return_if_fail (VIREO_IS_NEW_POOL_WIZARD (self));
  g_strfreev (self->supported);
  self->supported = g_strdupv ((char **) types);
  fill_types (self);
}

gboolean
vireo_new_pool_wizard_get_ready (VireoNewPoolWizard *self)
{
  g_return_val_if_fail (VIREO_IS_NEW_POOL_WIZARD (self), FALSE);
  return self->ready;
}

static void
vireo_new_pool_wizard_dispose (GObject *object)
{
  VireoNewPoolWizard *self = VIREO_NEW_POOL_WIZARD (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_NEW_POOL_WIZARD);
  g_clear_object (&self->storage);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->type_labels);
  G_OBJECT_CLASS (vireo_new_pool_wizard_parent_class)->dispose (object);
}

static void
vireo_new_pool_wizard_finalize (GObject *object)
{
  VireoNewPoolWizard *self = VIREO_NEW_POOL_WIZARD (object);

  g_strfreev (self->supported);
  G_OBJECT_CLASS (vireo_new_pool_wizard_parent_class)->finalize (object);
}

static void
vireo_new_pool_wizard_class_init (VireoNewPoolWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_new_pool_wizard_dispose;
  object_class->finalize = vireo_new_pool_wizard_finalize;

  signals[SIGNAL_POOL_CREATED] = g_signal_new ("pool-created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                               NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vireo/Vireo/vireo-new-pool-wizard.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, VireoNewPoolWizard, name)
  BIND (create_button);
  BIND (name_row);
  BIND (type_row);
  BIND (unsupported_row);
  BIND (source_group);
  BIND (host_row);
  BIND (export_row);
  BIND (device_row);
  BIND (source_name_row);
  BIND (initiator_row);
  BIND (adapter_row);
  BIND (auth_user_row);
  BIND (auth_secret_row);
  BIND (target_row);
  BIND (build_row);
  BIND (build_switch);
  BIND (autostart_switch);
  BIND (error_label);
  BIND (spinner);
#undef BIND

  gtk_widget_class_install_action (widget_class, "pool.create", NULL, create_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vireo_new_pool_wizard_init (VireoNewPoolWizard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->type_labels = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->type_row, G_LIST_MODEL (self->type_labels));
  fill_types (self);
  g_signal_connect_swapped (self->type_row, "notify::selected", G_CALLBACK (update_fields), self);
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (update_actions), self);
}
