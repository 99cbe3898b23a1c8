/* vireo-overview-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-overview-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vireo-core.h"
#include "vireo-error-dialog.h"
#include "vireo-overview-page.h"

struct _VireoOverviewPage
{
  AdwBin parent_instance;

  GtkLabel *name_label;
  GtkLabel *uuid_label;
  GtkLabel *state_label;
  AdwEntryRow *title_row;
  GtkTextView *description_view;
  GtkButton *description_apply_button;
  GtkLabel *os_label;
  GtkLabel *hypervisor_label;
  GtkLabel *emulator_label;
  GtkLabel *vcpus_label;
  GtkLabel *memory_label;
  GtkSwitch *autostart_switch;

  VireoDomain *domain; /* owned */
  GSignalGroup *domain_signals;
  GSignalGroup *connection_signals;
  GCancellable *cancellable;

  /* what the fields showed when last filled from the domain: an edit the
   * person has not applied yet is never overwritten by a refresh */
  char *title_synced;
  char *description_synced;

  /* the OS database's name for a libosinfo id the domain has no name for
   * (a VM defined after the connection's first listing): looked up once */
  char *os_lookup_id;
  char *os_lookup_name;

  guint syncing : 1;
};

G_DEFINE_FINAL_TYPE (VireoOverviewPage, vireo_overview_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_DOMAIN,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static char *
get_description_text (VireoOverviewPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
vireo_overview_page_is_editable (VireoOverviewPage *self)
{
  VireoConnection *connection;

  if (self->domain == NULL || !vireo_domain_get_available (self->domain) ||
      vireo_domain_get_removed (self->domain))
    return FALSE;

  connection = vireo_domain_get_connection (self->domain);
  return connection != NULL &&
         vireo_connection_get_state (connection) == VIREO_CONNECTION_STATE_CONNECTED &&
         !vireo_connection_get_read_only (connection);
}

static void
vireo_overview_page_update_sensitivity (VireoOverviewPage *self)
{
  gboolean editable = vireo_overview_page_is_editable (self);
  g_autofree char *description = get_description_text (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->title_row), editable);
  gtk_text_view_set_editable (self->description_view, editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->description_view), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->description_apply_button),
                            editable && g_strcmp0 (description, self->description_synced) != 0);
  /* a transient VM has no configuration to start from at boot */
  gtk_widget_set_sensitive (GTK_WIDGET (self->autostart_switch),
                            editable && vireo_domain_get_persistent (self->domain));
}

static const char *
hypervisor_display_name (const char *hypervisor)
{
  if (hypervisor == NULL)
    return _ ("Unknown");
  if (g_str_equal (hypervisor, "kvm"))
    return "KVM";
  if (g_str_equal (hypervisor, "qemu"))
    /* Translators: QEMU without KVM (software emulation) */
    return _ ("QEMU (emulated)");
  if (g_str_equal (hypervisor, "xen"))
    return "Xen";
  if (g_str_equal (hypervisor, "test"))
    return _ ("Test driver");
  return hypervisor;
}

static void
sync_text (GtkEditable *editable, char **synced, const char *value)
{
  const char *text = gtk_editable_get_text (editable);

  if (value == NULL)
    value = "";
  if (g_strcmp0 (text, *synced ? *synced : "") == 0 || g_str_equal (text, value))
    {
      if (!g_str_equal (text, value))
        gtk_editable_set_text (editable, value);
      g_free (*synced);
      *synced = g_strdup (value);
    }
}

static void
sync_description (VireoOverviewPage *self, const char *value)
{
  g_autofree char *text = get_description_text (self);

  if (value == NULL)
    value = "";
  if (g_strcmp0 (text, self->description_synced ? self->description_synced : "") == 0 ||
      g_str_equal (text, value))
    {
      if (!g_str_equal (text, value))
        gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->description_view), value, -1);
      g_free (self->description_synced);
      self->description_synced = g_strdup (value);
    }
}

/* "debian11" for "http://debian.org/debian/11": what libosinfo's short ids
 * look like, for an id the OS database does not know (or has not loaded) */
static char *
os_short_id (const char *os_id)
{
  g_auto (GStrv) parts = NULL;
  guint n;

  if (g_str_has_prefix (os_id, "http://") || g_str_has_prefix (os_id, "https://"))
    os_id = strstr (os_id, "//") + 2;
  parts = g_strsplit (os_id, "/", -1);
  n = g_strv_length (parts);
  while (n > 0 && *parts[n - 1] == '\0')
    n--;
  if (n >= 3)
    return g_strconcat (parts[n - 2], parts[n - 1], NULL);
  if (n >= 1)
    return g_strdup (parts[n - 1]);
  return g_strdup (os_id);
}

static void
os_lookup_thread (GTask *task,
                  gpointer source_object,
                  gpointer task_data,
                  GCancellable *cancellable)
{
  /* loads the OS database on first use: never on the main thread */
  g_task_return_pointer (task, vireo_os_name_for_id (task_data), g_free);
}

static void vireo_overview_page_sync (VireoOverviewPage *self);

static void
os_lookup_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VireoOverviewPage *self = VIREO_OVERVIEW_PAGE (object);
  g_autofree char *name = g_task_propagate_pointer (G_TASK (result), NULL);

  if (name == NULL || g_strcmp0 (self->os_lookup_id, g_task_get_task_data (G_TASK (result))) != 0)
    return;
  g_free (self->os_lookup_name);
  self->os_lookup_name = g_steal_pointer (&name);
  vireo_overview_page_sync (self);
}

static void
vireo_overview_page_sync_os (VireoOverviewPage *self)
{
  const char *os_name = vireo_domain_get_os_name (self->domain);
  const char *os_id = vireo_domain_get_os_id (self->domain);
  g_autofree char *short_id = NULL;

  if (os_name == NULL && os_id != NULL && *os_id != '\0')
    {
      if (g_strcmp0 (os_id, self->os_lookup_id) != 0)
        {
          g_autoptr (GTask) task = g_task_new (self, self->cancellable, os_lookup_cb, NULL);

          g_free (self->os_lookup_id);
          self->os_lookup_id = g_strdup (os_id);
          g_clear_pointer (&self->os_lookup_name, g_free);
          g_task_set_source_tag (task, vireo_overview_page_sync_os);
          g_task_set_task_data (task, g_strdup (os_id), g_free);
          g_task_run_in_thread (task, os_lookup_thread);
        }
      os_name = self->os_lookup_name;
      if (os_name == NULL)
        os_name = short_id = os_short_id (os_id);
    }
  gtk_label_set_text (self->os_label, os_name ? os_name : _ ("Unknown"));
}

static void
vireo_overview_page_sync (VireoOverviewPage *self)
{
  VireoDomain *domain = self->domain;
  g_autofree char *vcpus = NULL;
  g_autofree char *memory = NULL;
  const char *emulator;

  if (domain == NULL)
    return;

  self->syncing = TRUE;

  gtk_label_set_text (self->name_label, vireo_domain_get_name (domain));
  gtk_label_set_text (self->uuid_label, vireo_domain_get_uuid (domain));
  gtk_label_set_text (self->state_label,
                      vireo_domain_state_to_string (vireo_domain_get_state (domain),
                                                    vireo_domain_get_has_managed_save (domain)));

  sync_text (GTK_EDITABLE (self->title_row), &self->title_synced, vireo_domain_get_title (domain));
  sync_description (self, vireo_domain_get_description (domain));

  vireo_overview_page_sync_os (self);

  gtk_label_set_text (self->hypervisor_label,
                      hypervisor_display_name (vireo_domain_get_hypervisor (domain)));
  emulator = vireo_domain_get_emulator (domain);
  gtk_label_set_text (self->emulator_label, emulator ? emulator : _ ("None"));

  vcpus = g_strdup_printf ("%u", vireo_domain_get_vcpus (domain));
  gtk_label_set_text (self->vcpus_label, vcpus);

  memory = g_format_size_full (vireo_domain_get_memory (domain) * 1024, G_FORMAT_SIZE_IEC_UNITS);
  if (vireo_domain_get_max_memory (domain) > vireo_domain_get_memory (domain))
    {
      g_autofree char *max =
          g_format_size_full (vireo_domain_get_max_memory (domain) * 1024, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *both = NULL;

      /* Translators: current memory (maximum memory), e.g. "1.0 GiB (up to 2.0 GiB)" */
      both = g_strdup_printf (_ ("%s (up to %s)"), memory, max);
      g_free (memory);
      memory = g_steal_pointer (&both);
    }
  gtk_label_set_text (self->memory_label, memory);

  gtk_switch_set_active (self->autostart_switch, vireo_domain_get_autostart (domain));

  self->syncing = FALSE;

  vireo_overview_page_update_sensitivity (self);
}

static void
domain_notify_cb (VireoOverviewPage *self, GParamSpec *pspec, VireoDomain *domain)
{
  vireo_overview_page_sync (self);
}

static void
connection_notify_cb (VireoOverviewPage *self, GParamSpec *pspec, VireoConnection *connection)
{
  vireo_overview_page_update_sensitivity (self);
}

static GtkWindow *
get_window (VireoOverviewPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* -- title and description ------------------------------------------------ */

static void
set_metadata_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VireoOverviewPage) self = user_data;
  g_autoptr (GError) error = NULL;
  VireoDomain *domain = VIREO_DOMAIN (object);

  if (vireo_domain_set_metadata_finish (domain, result, &error))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || domain != self->domain)
    return;

  vireo_error_dialog_present (get_window (self), _ ("The title and description were not saved"),
                              error);

  /* the fields show again what the VM holds */
  g_clear_pointer (&self->title_synced, g_free);
  g_clear_pointer (&self->description_synced, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->description_view), "", -1);
  vireo_overview_page_sync (self);
}

static void
save_metadata (VireoOverviewPage *self, const char *title, const char *description)
{
  if (!vireo_overview_page_is_editable (self))
    return;

  vireo_domain_set_metadata_async (self->domain, title, description, self->cancellable,
                                   set_metadata_cb, g_object_ref (self));
}

static void
title_apply_cb (VireoOverviewPage *self)
{
  /* the description keeps what the VM holds: an unapplied description
   * edit is applied with its own button */
  save_metadata (self, gtk_editable_get_text (GTK_EDITABLE (self->title_row)),
                 self->domain ? vireo_domain_get_description (self->domain) : NULL);
}

static void
description_apply_cb (VireoOverviewPage *self)
{
  g_autofree char *description = get_description_text (self);

  save_metadata (self, self->domain ? vireo_domain_get_title (self->domain) : NULL, description);
}

static void
description_changed_cb (VireoOverviewPage *self, GtkTextBuffer *buffer)
{
  vireo_overview_page_update_sensitivity (self);
}

/* -- autostart ------------------------------------------------------------ */

static void
set_autostart_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (VireoOverviewPage) self = user_data;
  g_autoptr (GError) error = NULL;
  VireoDomain *domain = VIREO_DOMAIN (object);

  if (vireo_domain_set_autostart_finish (domain, result, &error))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || domain != self->domain)
    return;

  vireo_error_dialog_present (get_window (self), _ ("Autostart was not changed"), error);

  self->syncing = TRUE;
  gtk_switch_set_active (self->autostart_switch, vireo_domain_get_autostart (domain));
  self->syncing = FALSE;
}

static void
autostart_active_cb (VireoOverviewPage *self)
{
  gboolean active = gtk_switch_get_active (self->autostart_switch);

  if (self->syncing || self->domain == NULL)
    return;
  if (active == vireo_domain_get_autostart (self->domain))
    return;

  vireo_domain_set_autostart_async (self->domain, active, self->cancellable, set_autostart_cb,
                                    g_object_ref (self));
}

/* -- GObject -------------------------------------------------------------- */

static void
vireo_overview_page_dispose (GObject *object)
{
  VireoOverviewPage *self = VIREO_OVERVIEW_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->domain_signals != NULL)
    g_signal_group_set_target (self->domain_signals, NULL);
  if (self->connection_signals != NULL)
    g_signal_group_set_target (self->connection_signals, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_OVERVIEW_PAGE);

  g_clear_object (&self->domain_signals);
  g_clear_object (&self->connection_signals);
  g_clear_object (&self->domain);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (vireo_overview_page_parent_class)->dispose (object);
}

static void
vireo_overview_page_finalize (GObject *object)
{
  VireoOverviewPage *self = VIREO_OVERVIEW_PAGE (object);

  g_free (self->title_synced);
  g_free (self->description_synced);
  g_free (self->os_lookup_id);
  g_free (self->os_lookup_name);

  G_OBJECT_CLASS (vireo_overview_page_parent_class)->finalize (object);
}

static void
vireo_overview_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  VireoOverviewPage *self = VIREO_OVERVIEW_PAGE (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      g_value_set_object (value, self->domain);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_overview_page_set_property (GObject *object,
                                  guint prop_id,
                                  const GValue *value,
                                  GParamSpec *pspec)
{
  VireoOverviewPage *self = VIREO_OVERVIEW_PAGE (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      vireo_overview_page_set_domain (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_overview_page_class_init (VireoOverviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_overview_page_dispose;
  object_class->finalize = vireo_overview_page_finalize;
  object_class->get_property = vireo_overview_page_get_property;
  object_class->set_property = vireo_overview_page_set_property;

  properties[PROP_DOMAIN] =
      g_param_spec_object ("domain", NULL, NULL, VIREO_TYPE_DOMAIN,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/vireo/Vireo/vireo-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoOverviewPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, VireoOverviewPage, uuid_label);
  gtk_widget_class_bind_template_child (widget_class, VireoOverviewPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, VireoOverviewPage, title_row);
  gtk_widget_class_bind_template_child (widget_class, VireoOverviewPage, description_view);
  gtk_widget_class_bind_template_child (widget_class, VireoOverviewPage, description_apply_button);
  gtk_widget_class_bind_template_child (widget_class, VireoOverviewPage, os_label);
  gtk_widget_class_bind_template_child (widget_class, VireoOverviewPage, hypervisor_label);
  gtk_widget_class_bind_template_child (widget_class, VireoOverviewPage, emulator_label);
  gtk_widget_class_bind_template_child (widget_class, VireoOverviewPage, vcpus_label);
  gtk_widget_class_bind_template_child (widget_class, VireoOverviewPage, memory_label);
  gtk_widget_class_bind_template_child (widget_class, VireoOverviewPage, autostart_switch);
  gtk_widget_class_bind_template_callback (widget_class, title_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, description_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, autostart_active_cb);
}

static void
vireo_overview_page_init (VireoOverviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  self->domain_signals = g_signal_group_new (VIREO_TYPE_DOMAIN);
  g_signal_group_connect_object (self->domain_signals, "notify", G_CALLBACK (domain_notify_cb),
                                 self, G_CONNECT_SWAPPED);

  self->connection_signals = g_signal_group_new (VIREO_TYPE_CONNECTION);
  g_signal_group_connect_object (self->connection_signals, "notify::state",
                                 G_CALLBACK (connection_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->connection_signals, "notify::read-only",
                                 G_CALLBACK (connection_notify_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (gtk_text_view_get_buffer (self->description_view), "changed",
                           G_CALLBACK (description_changed_cb), self, G_CONNECT_SWAPPED);

  vireo_overview_page_update_sensitivity (self);
}

GtkWidget *
vireo_overview_page_new (VireoDomain *domain)
{
  g_return_val_if_fail (domain == NULL || VIREO_IS_DOMAIN (domain), NULL);

  return g_object_new (VIREO_TYPE_OVERVIEW_PAGE, "domain", domain, NULL);
}

VireoDomain *
vireo_overview_page_get_domain (VireoOverviewPage *self)
{
  g_return_val_if_fail (VIREO_IS_OVERVIEW_PAGE (self), NULL);

  return self->domain;
}

void
vireo_overview_page_set_domain (VireoOverviewPage *self, VireoDomain *domain)
{
  g_return_if_fail (VIREO_IS_OVERVIEW_PAGE (self));
  g_return_if_fail (domain == NULL || VIREO_IS_DOMAIN (domain));

  if (!g_set_object (&self->domain, domain))
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  /* a new VM: its values replace whatever the fields held */
  g_clear_pointer (&self->title_synced, g_free);
  g_clear_pointer (&self->description_synced, g_free);
  g_clear_pointer (&self->os_lookup_id, g_free);
  g_clear_pointer (&self->os_lookup_name, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->description_view), "", -1);

  g_signal_group_set_target (self->domain_signals, domain);
  g_signal_group_set_target (self->connection_signals,
                             domain ? vireo_domain_get_connection (domain) : NULL);

  vireo_overview_page_sync (self);
  vireo_overview_page_update_sensitivity (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOMAIN]);
}
