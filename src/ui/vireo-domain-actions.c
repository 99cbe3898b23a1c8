/* vireo-domain-actions.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-domain-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-application.h"
#include "vireo-clone-dialog.h"
#include "vireo-delete-dialog.h"
#include "vireo-domain-actions.h"
#include "vireo-domain-file-dialogs.h"
#include "vireo-error-dialog.h"
#include "vireo-migrate-dialog.h"
#include "vireo-snapshots-page.h"
#include "vireo-vm-window.h"

#define VIREO_TYPE_DOMAIN_ACTIONS (vireo_domain_actions_get_type ())
G_DECLARE_FINAL_TYPE (VireoDomainActions, vireo_domain_actions, VIREO, DOMAIN_ACTIONS, GSimpleActionGroup)

struct _VireoDomainActions
{
  GSimpleActionGroup parent_instance;

  GtkWidget    *owner;              /* weak */
  VireoDomain  *domain;             /* owned */
  GSignalGroup *domain_signals;
  GSignalGroup *connection_signals;
  GCancellable *cancellable;        /* cancelled when the owner goes away */
  gulong        destroy_id;
  GPtrArray    *shutdown_watches;   /* of ShutdownWatch, one per VM being shut down */
  char         *snapshot_blocker;   /* why "snapshot-create" is off, or NULL */
};

G_DEFINE_FINAL_TYPE (VireoDomainActions, vireo_domain_actions, G_TYPE_SIMPLE_ACTION_GROUP)

enum { SIGNAL_DOMAIN_DELETED, SIGNAL_NOTICE, N_SIGNALS };
static guint signals[N_SIGNALS];

static const struct
{
  const char       *name;
  VireoDomainAction action;
} action_table[] = {
  { "run", VIREO_DOMAIN_ACTION_RUN },
  { "pause", VIREO_DOMAIN_ACTION_PAUSE },
  { "resume", VIREO_DOMAIN_ACTION_RESUME },
  { "shutdown", VIREO_DOMAIN_ACTION_SHUTDOWN },
  { "reboot", VIREO_DOMAIN_ACTION_REBOOT },
  { "force-off", VIREO_DOMAIN_ACTION_FORCE_OFF },
  { "save", VIREO_DOMAIN_ACTION_SAVE },
  { "delete", VIREO_DOMAIN_ACTION_DELETE },
};

/* set on a VireoDomain while a Delete confirmed in Vireo runs */
static GQuark
deleting_quark (void)
{
  return g_quark_from_static_string ("vireo-domain-actions-deleting");
}

gboolean
vireo_domain_actions_is_deleting (VireoDomain *domain)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (domain), FALSE);

  return g_object_get_qdata (G_OBJECT (domain), deleting_quark ()) != NULL;
}

static GtkWindow *
get_owner_window (VireoDomainActions *self)
{
  GtkRoot *root;

  if (self->owner == NULL)
    return NULL;
  root = gtk_widget_get_root (self->owner);
  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
set_enabled (VireoDomainActions *self,
             const char         *name,
             gboolean            enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

/* Migrate… applies to a running guest (live), a shut-off persistent one
 * (offline), and a VM already migrating (the dialog shows its progress) */
static gboolean
domain_can_migrate (VireoDomain *domain)
{
  switch (vireo_domain_get_state (domain))
    {
    case VIREO_DOMAIN_STATE_RUNNING:
    case VIREO_DOMAIN_STATE_BLOCKED:
    case VIREO_DOMAIN_STATE_PAUSED:
    case VIREO_DOMAIN_STATE_SHUTDOWN:
      return TRUE;
    case VIREO_DOMAIN_STATE_SHUTOFF:
    case VIREO_DOMAIN_STATE_CRASHED:
      return vireo_domain_get_persistent (domain) || vireo_domain_get_migration (domain) != NULL;
    case VIREO_DOMAIN_STATE_NOSTATE:
    case VIREO_DOMAIN_STATE_PMSUSPENDED:
    default:
      return vireo_domain_get_migration (domain) != NULL;
    }
}

static void
vireo_domain_actions_update (VireoDomainActions *self)
{
  gboolean writable = FALSE;

  if (self->domain != NULL)
    {
      VireoConnection *connection = vireo_domain_get_connection (self->domain);

      writable = connection != NULL &&
                 vireo_connection_get_state (connection) == VIREO_CONNECTION_STATE_CONNECTED &&
                 !vireo_connection_get_read_only (connection) &&
                 vireo_domain_get_available (self->domain) &&
                 !vireo_domain_get_removed (self->domain);
    }

  for (guint i = 0; i < G_N_ELEMENTS (action_table); i++)
    set_enabled (self, action_table[i].name,
                 writable && vireo_domain_can (self->domain, action_table[i].action));

  set_enabled (self, "open", self->domain != NULL && !vireo_domain_get_removed (self->domain));
  set_enabled (self, "migrate", writable && domain_can_migrate (self->domain));
  /* issue 15: why Rename is off is vireo_domain_actions_get_disabled_reason() */
  set_enabled (self, "rename", writable && vireo_domain_get_rename_blocker (self->domain) == NULL);
  /* issue 15: Clone of a persistent VM; a running one is paused, if the person agrees */
  set_enabled (self, "clone", writable && vireo_domain_get_persistent (self->domain));
  set_enabled (self, "save-to-file",
               writable && vireo_domain_can (self->domain, VIREO_DOMAIN_ACTION_SAVE));
  /* issue 15: snapshots; why Create Snapshot is off is its blocker */
  g_clear_pointer (&self->snapshot_blocker, g_free);
  if (self->domain != NULL)
    self->snapshot_blocker = vireo_snapshot_create_blocker (self->domain);
  set_enabled (self, "snapshot-create", self->domain != NULL && self->snapshot_blocker == NULL);
  set_enabled (self, "snapshots", self->domain != NULL && !vireo_domain_get_removed (self->domain));
}

/* the format is a literal in each case, for -Wformat-nonliteral (issue 11) */
static char *
heading_for_action (VireoDomainAction  action,
                    const char        *name)
{
  switch (action)
    {
    case VIREO_DOMAIN_ACTION_RUN:
      return g_strdup_printf (_("Could not start “%s”"), name);
    case VIREO_DOMAIN_ACTION_PAUSE:
      return g_strdup_printf (_("Could not pause “%s”"), name);
    case VIREO_DOMAIN_ACTION_RESUME:
      return g_strdup_printf (_("Could not resume “%s”"), name);
    case VIREO_DOMAIN_ACTION_SHUTDOWN:
      return g_strdup_printf (_("Could not shut down “%s”"), name);
    case VIREO_DOMAIN_ACTION_REBOOT:
      return g_strdup_printf (_("Could not reboot “%s”"), name);
    case VIREO_DOMAIN_ACTION_FORCE_OFF:
      return g_strdup_printf (_("Could not force off “%s”"), name);
    case VIREO_DOMAIN_ACTION_SAVE:
      return g_strdup_printf (_("Could not save “%s”"), name);
    case VIREO_DOMAIN_ACTION_DELETE:
      return g_strdup_printf (_("Could not delete “%s”"), name);
    default:
      return g_strdup_printf (_("Could not change “%s”"), name);
    }
}

typedef struct
{
  VireoDomainActions *self;     /* owned */
  VireoDomainAction   action;
  char               *name;
  VireoDomain        *domain;   /* owned, while "cpu-fallback" is watched */
  gulong              fallback_id;
  char               *notice;   /* what the person is told once it worked */
} ActionData;

static void
action_data_free (ActionData *data)
{
  if (data->fallback_id != 0)
    g_signal_handler_disconnect (data->domain, data->fallback_id);
  g_clear_object (&data->domain);
  g_clear_object (&data->self);
  g_free (data->name);
  g_free (data->notice);
  g_free (data);
}

static void
cpu_fallback_cb (VireoDomain *domain,
                 const char  *sentence,
                 ActionData  *data)
{
  g_free (data->notice);
  data->notice = g_strdup (sentence);
}

/* Tells the person something that went right in another way than asked: the owner shows it
 * ("notice", a toast in the manager window) or, with no owner listening, a dialog does. */
static void
show_notice (VireoDomainActions *self,
             const char         *name,
             const char         *notice)
{
  g_autofree char *isolated = NULL;
  g_autofree char *heading = NULL;
  GtkWindow *window;
  AdwMessageDialog *dialog;

  if (g_signal_has_handler_pending (self, signals[SIGNAL_NOTICE], 0, FALSE))
    {
      g_signal_emit (self, signals[SIGNAL_NOTICE], 0, notice);
      return;
    }
  window = get_owner_window (self);
  if (window == NULL)
    {
      g_message ("%s", notice);
      return;
    }
  isolated = vireo_display_name_isolate (name);
  /* Translators: the heading over a sentence that says which CPU model a VM now uses */
  heading = g_strdup_printf (_("“%s” Is Running"), isolated);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, heading, notice));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ActionData, action_data_free)

static void run_action (VireoDomainActions *self,
                        VireoDomain        *domain,
                        VireoDomainAction   action);

/* After a Shut Down libvirt accepted: the VM's state (events) says when the guest is off; if
 * it is still on when the deadline passes, the person is told so and offered Force Off. The
 * watch ends, and its message goes away, as soon as the VM stops, is gone, or the owner is. */
typedef struct
{
  VireoDomainActions *self;     /* not owned: the watch lives in its shutdown_watches */
  VireoDomain        *domain;   /* owned */
  char               *name;
  gulong              state_id;
  gulong              removed_id;
  gulong              available_id;
  guint               timeout_id;
  guint               seconds;
  GtkWidget          *dialog;   /* weak; the "did not shut down" message while it shows */
} ShutdownWatch;

static void
shutdown_watch_drop_dialog (ShutdownWatch *watch)
{
  if (watch->dialog == NULL)
    return;
  g_signal_handlers_disconnect_by_data (watch->dialog, watch);
  g_object_remove_weak_pointer (G_OBJECT (watch->dialog), (gpointer *) &watch->dialog);
  watch->dialog = NULL;
}

static void
shutdown_watch_free (ShutdownWatch *watch)
{
  GtkWidget *dialog = watch->dialog;

  g_clear_signal_handler (&watch->state_id, watch->domain);
  g_clear_signal_handler (&watch->removed_id, watch->domain);
  g_clear_signal_handler (&watch->available_id, watch->domain);
  g_clear_handle_id (&watch->timeout_id, g_source_remove);
  shutdown_watch_drop_dialog (watch);
  /* the message is about a VM that is no longer running: it must not stay */
  if (dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  g_clear_object (&watch->domain);
  g_free (watch->name);
  g_free (watch);
}

static gboolean
shutdown_watch_still_on (ShutdownWatch *watch)
{
  if (vireo_domain_get_removed (watch->domain) || !vireo_domain_get_available (watch->domain))
    return FALSE;

  switch (vireo_domain_get_state (watch->domain))
    {
    case VIREO_DOMAIN_STATE_RUNNING:
    case VIREO_DOMAIN_STATE_BLOCKED:
    case VIREO_DOMAIN_STATE_PAUSED:
    case VIREO_DOMAIN_STATE_SHUTDOWN:
    case VIREO_DOMAIN_STATE_PMSUSPENDED:
      return TRUE;
    case VIREO_DOMAIN_STATE_NOSTATE:
    case VIREO_DOMAIN_STATE_SHUTOFF:
    case VIREO_DOMAIN_STATE_CRASHED:
    default:
      return FALSE;
    }
}

static void
shutdown_watch_remove (ShutdownWatch *watch)
{
  g_ptr_array_remove (watch->self->shutdown_watches, watch);
}

static void
shutdown_watch_state_cb (VireoDomain   *domain,
                         GParamSpec    *pspec,
                         ShutdownWatch *watch)
{
  if (!shutdown_watch_still_on (watch))
    shutdown_watch_remove (watch);
}

static gboolean shutdown_watch_timeout_cb (gpointer user_data);

static void
shutdown_watch_arm (ShutdownWatch *watch)
{
  g_clear_handle_id (&watch->timeout_id, g_source_remove);
  watch->timeout_id = g_timeout_add_seconds (watch->seconds, shutdown_watch_timeout_cb, watch);
}

static void
shutdown_dialog_response_cb (AdwMessageDialog *dialog,
                             const char       *response,
                             ShutdownWatch    *watch)
{
  /* the dialog closes itself after its response */
  shutdown_watch_drop_dialog (watch);

  if (g_strcmp0 (response, "force-off") == 0)
    {
      VireoDomainActions *self = watch->self;
      g_autoptr(VireoDomain) domain = g_object_ref (watch->domain);

      shutdown_watch_remove (watch);
      if (!g_cancellable_is_cancelled (self->cancellable) &&
          vireo_domain_can (domain, VIREO_DOMAIN_ACTION_FORCE_OFF))
        run_action (self, domain, VIREO_DOMAIN_ACTION_FORCE_OFF);
      return;
    }

  /* Keep Waiting: asked again if the guest is still on after another while */
  shutdown_watch_arm (watch);
}

static gboolean
shutdown_watch_timeout_cb (gpointer user_data)
{
  ShutdownWatch *watch = user_data;
  g_autofree char *revealed = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWindow *window;
  AdwMessageDialog *dialog;

  watch->timeout_id = 0;
  if (!shutdown_watch_still_on (watch))
    {
      shutdown_watch_remove (watch);
      return G_SOURCE_REMOVE;
    }

  window = get_owner_window (watch->self);
  /* a decision about this VM (Force Off): its name cannot pass for another's,
   * as in the Force Off and Delete questions */
  revealed = vireo_display_name_reveal (watch->name);
  /* Translators: the heading of the message shown when a guest ignored Shut Down */
  heading = g_strdup_printf (_("“%s” Did Not Shut Down"), revealed);
  body = g_strdup_printf (ngettext ("The guest is still running %u second after Shut Down: it may not react to the ACPI power button, or it is busy. "
                                    "Force Off stops it at once, like pulling the power cord; unsaved data in the guest may be lost.",
                                    "The guest is still running %u seconds after Shut Down: it may not react to the ACPI power button, or it is busy. "
                                    "Force Off stops it at once, like pulling the power cord; unsaved data in the guest may be lost.",
                                    watch->seconds),
                          watch->seconds);
  if (window == NULL)
    {
      g_message ("%s: %s", heading, body);
      shutdown_watch_remove (watch);
      return G_SOURCE_REMOVE;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, heading, body));
  adw_message_dialog_add_responses (dialog,
                                    "wait", _("_Keep Waiting"),
                                    "force-off", _("_Force Off"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "force-off", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "wait");
  adw_message_dialog_set_close_response (dialog, "wait");
  watch->dialog = GTK_WIDGET (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &watch->dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (shutdown_dialog_response_cb), watch);
  gtk_window_present (GTK_WINDOW (dialog));

  return G_SOURCE_REMOVE;
}

static void
shutdown_watch_start (VireoDomainActions *self,
                      VireoDomain        *domain,
                      const char         *name)
{
  g_autoptr(GSettings) settings = NULL;
  ShutdownWatch *watch;

  /* a second Shut Down starts the wait again */
  for (guint i = 0; i < self->shutdown_watches->len; i++)
    {
      ShutdownWatch *old = g_ptr_array_index (self->shutdown_watches, i);

      if (old->domain == domain)
        {
          g_ptr_array_remove_index (self->shutdown_watches, i);
          break;
        }
    }

  watch = g_new0 (ShutdownWatch, 1);
  watch->self = self;
  watch->domain = g_object_ref (domain);
  watch->name = g_strdup (name);
  if (!shutdown_watch_still_on (watch))
    {
      shutdown_watch_free (watch);
      return;
    }

  settings = g_settings_new ("org.vireo.Vireo");
  watch->seconds = MAX (1, g_settings_get_uint (settings, "shutdown-timeout"));
  watch->state_id = g_signal_connect (domain, "notify::state",
                                      G_CALLBACK (shutdown_watch_state_cb), watch);
  watch->removed_id = g_signal_connect (domain, "notify::removed",
                                        G_CALLBACK (shutdown_watch_state_cb), watch);
  watch->available_id = g_signal_connect (domain, "notify::available",
                                          G_CALLBACK (shutdown_watch_state_cb), watch);
  g_ptr_array_add (self->shutdown_watches, watch);
  shutdown_watch_arm (watch);
}

static void
action_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ActionData) data = user_data;
  g_autoptr(GError) error = NULL;
  VireoDomain *domain = VIREO_DOMAIN (object);

  if (!vireo_domain_action_finish (domain, result, &error))
    {
      g_autofree char *heading = NULL;
      g_autofree char *isolated = NULL;
      GtkWindow *window;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (data->action == VIREO_DOMAIN_ACTION_DELETE)
        g_object_set_qdata (G_OBJECT (domain), deleting_quark (), NULL);

      /* the name sits in a sentence: its direction stays inside it */
      isolated = vireo_display_name_isolate (data->name);
      window = get_owner_window (data->self);
      heading = heading_for_action (data->action, isolated);
      if (window != NULL)
        vireo_error_dialog_present (window, heading, error);
      else
        g_message ("%s: %s", heading, error->message);
      return;
    }

  if (data->action == VIREO_DOMAIN_ACTION_DELETE)
    g_signal_emit (data->self, signals[SIGNAL_DOMAIN_DELETED], 0, domain);
  if (data->action == VIREO_DOMAIN_ACTION_SHUTDOWN &&
      !g_cancellable_is_cancelled (data->self->cancellable))
    shutdown_watch_start (data->self, domain, data->name);
  if (data->notice != NULL)
    show_notice (data->self, data->name, data->notice);
}

static void
run_action (VireoDomainActions *self,
            VireoDomain        *domain,
            VireoDomainAction   action)
{
  ActionData *data;

  g_assert (VIREO_IS_DOMAIN_ACTIONS (self));
  g_assert (VIREO_IS_DOMAIN (domain));

  data = g_new0 (ActionData, 1);
  data->self = g_object_ref (self);
  data->action = action;
  data->name = g_strdup (vireo_domain_get_name (domain));
  if (action == VIREO_DOMAIN_ACTION_DELETE)
    g_object_set_qdata (G_OBJECT (domain), deleting_quark (), GINT_TO_POINTER (TRUE));
  if (action == VIREO_DOMAIN_ACTION_RUN)
    {
      data->domain = g_object_ref (domain);
      data->fallback_id = g_signal_connect (domain, "cpu-fallback", G_CALLBACK (cpu_fallback_cb), data);
    }
  vireo_domain_action_async (domain, action, self->cancellable, action_done_cb, data);
}

typedef struct
{
  VireoDomainActions *self;     /* owned */
  VireoDomain        *domain;   /* owned */
  VireoDomainAction   action;
} ConfirmData;

static void
confirm_data_free (ConfirmData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->domain);
  g_free (data);
}

static void
confirm_data_closure_free (gpointer  data,
                           GClosure *closure)
{
  confirm_data_free (data);
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     ConfirmData      *data)
{
  if (g_strcmp0 (response, "confirm") == 0 &&
      !g_cancellable_is_cancelled (data->self->cancellable))
    run_action (data->self, data->domain, data->action);
}

static void
confirm (VireoDomainActions *self,
         VireoDomainAction   action)
{
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *name = NULL;
  const char *label;
  GtkWidget *dialog;
  ConfirmData *data;

  /* a decision about this VM and no other: a name with a right-to-left
   * override or zero-width characters cannot pass for another VM's name
   * (and, its bidi controls shown as <U+202E>, cannot reorder the heading) */
  name = vireo_display_name_reveal (vireo_domain_get_name (self->domain));

  /* Force Off; Delete has its own dialog (vireo-delete-dialog) */
  g_assert (action == VIREO_DOMAIN_ACTION_FORCE_OFF);
  heading = g_strdup_printf (_("Force off “%s”?"), name);
  body = g_strdup (_("The guest is stopped at once, like pulling the power cord. "
                     "Unsaved data in the guest may be lost and its file systems may "
                     "be damaged. Try Shut Down first."));
  label = _("_Force Off");

  dialog = adw_message_dialog_new (get_owner_window (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "confirm", label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  data = g_new0 (ConfirmData, 1);
  data->self = g_object_ref (self);
  data->domain = g_object_ref (self->domain);
  data->action = action;
  g_signal_connect_data (dialog, "response", G_CALLBACK (confirm_response_cb),
                         data, confirm_data_closure_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* -- Delete, with a choice of volumes (issue 15) -------------------------------- */

typedef struct
{
  VireoDomainActions *self;   /* owned */
  char               *name;
} DeleteRun;

static void
delete_run_free (DeleteRun *run)
{
  g_clear_object (&run->self);
  g_free (run->name);
  g_free (run);
}

/* the window to tell the outcome in: the owner's, or the application's while
 * the owner (the VM's own window) closed with the VM */
static GtkWindow *
get_result_window (VireoDomainActions *self)
{
  GApplication *app = g_application_get_default ();

  if (get_owner_window (self) != NULL)
    return get_owner_window (self);
  return GTK_IS_APPLICATION (app) ? gtk_application_get_active_window (GTK_APPLICATION (app)) : NULL;
}

static void
delete_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  DeleteRun *run = user_data;
  VireoDomain *domain = VIREO_DOMAIN (object);
  GtkWindow *window = get_result_window (run->self);
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;

  notes = vireo_domain_delete_finish (domain, result, &error);
  if (notes == NULL)
    {
      g_autofree char *isolated = vireo_display_name_isolate (run->name);
      g_autofree char *heading = heading_for_action (VIREO_DOMAIN_ACTION_DELETE, isolated);

      g_object_set_qdata (G_OBJECT (domain), deleting_quark (), NULL);
      if (window != NULL)
        vireo_error_dialog_present (window, heading, error);
      else
        g_message ("%s: %s", heading, error->message);
    }
  else
    {
      g_signal_emit (run->self, signals[SIGNAL_DOMAIN_DELETED], 0, domain);
      /* what it could not remove, and why: never kept quiet */
      if (notes->len > 0 && window != NULL)
        vireo_delete_dialog_present_result (window, run->name, notes);
      else
        for (guint i = 0; i < notes->len; i++)
          g_message ("%s", (const char *) g_ptr_array_index (notes, i));
    }
  delete_run_free (run);
}

static void
delete_response_cb (VireoDeleteDialog  *dialog,
                    const char         *response,
                    VireoDomainActions *self)
{
  VireoDomain *domain = vireo_delete_dialog_get_domain (dialog);
  g_auto(GStrv) volumes = NULL;
  DeleteRun *run;

  if (g_strcmp0 (response, "confirm") != 0 || g_cancellable_is_cancelled (self->cancellable))
    return;
  volumes = vireo_delete_dialog_dup_volumes (dialog);
  run = g_new0 (DeleteRun, 1);
  run->self = g_object_ref (self);
  run->name = g_strdup (vireo_domain_get_name (domain));
  g_object_set_qdata (G_OBJECT (domain), deleting_quark (), GINT_TO_POINTER (TRUE));
  /* no cancellable: once started it runs to the end, and its outcome is told
   * even when the window that asked closed with the VM */
  vireo_domain_delete_async (domain, (const char *const *) volumes,
                             vireo_delete_dialog_get_flags (dialog), NULL, delete_done_cb, run);
}

static void
present_delete (VireoDomainActions *self)
{
  GtkWidget *dialog = vireo_delete_dialog_new (get_owner_window (self), self->domain);

  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
activate_cb (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  VireoDomainActions *self = VIREO_DOMAIN_ACTIONS (user_data);
  const char *name = g_action_get_name (G_ACTION (action));

  if (self->domain == NULL)
    return;

  if (g_str_equal (name, "open"))
    {
      GtkWindow *window = get_owner_window (self);
      GtkApplication *app = window ? gtk_window_get_application (window) : NULL;

      if (VIREO_IS_APPLICATION (app))
        vireo_application_show_domain (VIREO_APPLICATION (app), self->domain);
      return;
    }
  if (g_str_equal (name, "clone"))
    {
      if (vireo_domain_get_persistent (self->domain))
        gtk_window_present (GTK_WINDOW (vireo_clone_dialog_new (get_owner_window (self), self->domain)));
      return;
    }
  if (g_str_equal (name, "rename") || g_str_equal (name, "save-to-file"))
    {
      /* the state may have moved on since the action was enabled */
      if (g_str_equal (name, "rename") && vireo_domain_get_rename_blocker (self->domain) == NULL)
        vireo_rename_dialog_present (get_owner_window (self), self->domain);
      else if (g_str_equal (name, "save-to-file") &&
               vireo_domain_can (self->domain, VIREO_DOMAIN_ACTION_SAVE))
        vireo_save_file_dialog_present (get_owner_window (self), self->domain);
      return;
    }
  if (g_str_equal (name, "snapshot-create"))
    {
      g_autofree char *blocker = vireo_snapshot_create_blocker (self->domain);

      if (blocker == NULL)
        vireo_snapshot_create_dialog_present (get_owner_window (self), self->domain);
      return;
    }
  if (g_str_equal (name, "snapshots"))
    {
      GtkWindow *window = get_owner_window (self);
      GtkApplication *app = window ? gtk_window_get_application (window) : NULL;

      /* the VM's window, on its Snapshots page */
      if (!VIREO_IS_VM_WINDOW (window) && VIREO_IS_APPLICATION (app))
        {
          vireo_application_show_domain (VIREO_APPLICATION (app), self->domain);
          window = NULL;
          for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
            if (VIREO_IS_VM_WINDOW (l->data) &&
                vireo_vm_window_get_domain (VIREO_VM_WINDOW (l->data)) == self->domain)
              window = l->data;
        }
      if (VIREO_IS_VM_WINDOW (window))
        gtk_widget_activate_action (GTK_WIDGET (window), "vm.show-page", "s", "snapshots");
      return;
    }
  if (g_str_equal (name, "migrate"))
    {
      GtkWindow *window = get_owner_window (self);
      GtkApplication *app = window ? gtk_window_get_application (window) : NULL;
      GtkWidget *dialog;

      if (!VIREO_IS_APPLICATION (app))
        return;
      dialog = vireo_migrate_dialog_new (window, self->domain,
                                         vireo_application_get_connections (VIREO_APPLICATION (app)));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (action_table); i++)
    {
      if (!g_str_equal (name, action_table[i].name))
        continue;
      /* the state may have moved on since the action was enabled */
      if (!vireo_domain_can (self->domain, action_table[i].action))
        return;
      if (action_table[i].action == VIREO_DOMAIN_ACTION_FORCE_OFF)
        confirm (self, action_table[i].action);
      else if (action_table[i].action == VIREO_DOMAIN_ACTION_DELETE)
        present_delete (self);
      else
        run_action (self, self->domain, action_table[i].action);
      return;
    }
}

void
vireo_domain_actions_set_domain (GActionGroup *group,
                                 VireoDomain  *domain)
{
  VireoDomainActions *self;

  g_return_if_fail (VIREO_IS_DOMAIN_ACTIONS (group));
  g_return_if_fail (domain == NULL || VIREO_IS_DOMAIN (domain));

  self = VIREO_DOMAIN_ACTIONS (group);
  if (g_set_object (&self->domain, domain))
    {
      g_signal_group_set_target (self->domain_signals, domain);
      g_signal_group_set_target (self->connection_signals,
                                 domain ? vireo_domain_get_connection (domain) : NULL);
    }
  vireo_domain_actions_update (self);
}

VireoDomain *
vireo_domain_actions_get_domain (GActionGroup *group)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_ACTIONS (group), NULL);

  return VIREO_DOMAIN_ACTIONS (group)->domain;
}

const char *
vireo_domain_actions_get_disabled_reason (GActionGroup *group,
                                          const char   *action_name)
{
  VireoDomainActions *self;

  g_return_val_if_fail (VIREO_IS_DOMAIN_ACTIONS (group), NULL);

  self = VIREO_DOMAIN_ACTIONS (group);
  if (self->domain == NULL || g_action_group_get_action_enabled (group, action_name))
    return NULL;
  if (g_strcmp0 (action_name, "rename") == 0)
    return vireo_domain_get_rename_blocker (self->domain);
  if (g_strcmp0 (action_name, "snapshot-create") == 0)
    return self->snapshot_blocker;
  return NULL;
}

static GQuark
owner_quark (void)
{
  return g_quark_from_static_string ("vireo-domain-actions-owner");
}

/* the "domain." actions of @model's items (sections and submenus too), by their label */
static void
collect_domain_items (GMenuModel *model,
                      GHashTable *actions)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autoptr(GMenuLinkIter) links = NULL;
      char *label = NULL;
      char *action = NULL;

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &label) &&
          g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &action) &&
          g_str_has_prefix (action, "domain."))
        {
          /* an item shows its label without the mnemonic's underscore */
          g_autoptr(GString) shown = g_string_new (label);

          g_string_replace (shown, "_", "", 0);
          g_hash_table_replace (actions, g_string_free (g_steal_pointer (&shown), FALSE),
                                g_strdup (action + strlen ("domain.")));
        }
      g_free (label);
      g_free (action);

      links = g_menu_model_iterate_item_links (model, i);
      while (g_menu_link_iter_next (links))
        {
          g_autoptr(GMenuModel) link = g_menu_link_iter_get_value (links);
          collect_domain_items (link, actions);
        }
    }
}

/* Gives each item of a menu whose "domain." action is off the reason as its
 * tooltip (GTK 4.8's menus have no tooltip attribute, and their items,
 * GtkModelButtons, are not GtkActionables: they are found by their text). */
static void
explain_items (GtkWidget    *widget,
               GHashTable   *actions,
               GActionGroup *group)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (g_str_equal (G_OBJECT_TYPE_NAME (child), "GtkModelButton"))
        {
          g_autofree char *text = NULL;
          const char *action;

          g_object_get (child, "text", &text, NULL);
          action = text != NULL ? g_hash_table_lookup (actions, text) : NULL;
          if (action != NULL)
            gtk_widget_set_tooltip_text (child, vireo_domain_actions_get_disabled_reason (group, action));
        }
      explain_items (child, actions, group);
    }
}

/* every menu that maps: one under a widget that owns domain actions gets its reasons */
static gboolean
popover_map_hook (GSignalInvocationHint *hint,
                  guint                  n_params,
                  const GValue          *params,
                  gpointer               user_data)
{
  GObject *instance = g_value_get_object (&params[0]);

  if (!GTK_IS_POPOVER_MENU (instance))
    return TRUE;
  for (GtkWidget *up = gtk_widget_get_parent (GTK_WIDGET (instance));
       up != NULL;
       up = gtk_widget_get_parent (up))
    {
      GActionGroup *group = g_object_get_qdata (G_OBJECT (up), owner_quark ());

      if (group != NULL)
        {
          g_autoptr(GHashTable) actions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          GMenuModel *model = gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (instance));

          if (model != NULL)
            collect_domain_items (model, actions);
          if (g_hash_table_size (actions) > 0)
            explain_items (GTK_WIDGET (instance), actions, group);
          break;
        }
    }
  return TRUE;
}

static void
owner_destroy_cb (GtkWidget          *owner,
                  VireoDomainActions *self)
{
  g_cancellable_cancel (self->cancellable);
  /* no message about a VM outlives the window that asked to shut it down */
  g_ptr_array_set_size (self->shutdown_watches, 0);
}

GActionGroup *
vireo_domain_actions_new (GtkWidget *owner)
{
  VireoDomainActions *self;

  g_return_val_if_fail (GTK_IS_WIDGET (owner), NULL);

  self = g_object_new (VIREO_TYPE_DOMAIN_ACTIONS, NULL);
  self->owner = owner;
  g_object_add_weak_pointer (G_OBJECT (owner), (gpointer *) &self->owner);
  self->destroy_id = g_signal_connect_object (owner, "destroy",
                                              G_CALLBACK (owner_destroy_cb), self, 0);
  /* not owned: the owner holds the group (it inserts it) */
  g_object_set_qdata (G_OBJECT (owner), owner_quark (), self);

  return G_ACTION_GROUP (self);
}

static void
vireo_domain_actions_dispose (GObject *object)
{
  VireoDomainActions *self = VIREO_DOMAIN_ACTIONS (object);

  g_cancellable_cancel (self->cancellable);
  if (self->shutdown_watches != NULL)
    g_ptr_array_set_size (self->shutdown_watches, 0);
  if (self->owner != NULL)
    {
      g_clear_signal_handler (&self->destroy_id, self->owner);
      if (g_object_get_qdata (G_OBJECT (self->owner), owner_quark ()) == self)
        g_object_set_qdata (G_OBJECT (self->owner), owner_quark (), NULL);
      g_object_remove_weak_pointer (G_OBJECT (self->owner), (gpointer *) &self->owner);
      self->owner = NULL;
    }
  if (self->domain_signals != NULL)
    g_signal_group_set_target (self->domain_signals, NULL);
  if (self->connection_signals != NULL)
    g_signal_group_set_target (self->connection_signals, NULL);
  g_clear_object (&self->domain);

  G_OBJECT_CLASS (vireo_domain_actions_parent_class)->dispose (object);
}

static void
vireo_domain_actions_finalize (GObject *object)
{
  VireoDomainActions *self = VIREO_DOMAIN_ACTIONS (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->shutdown_watches, g_ptr_array_unref);
  g_clear_pointer (&self->snapshot_blocker, g_free);
  g_clear_object (&self->domain_signals);
  g_clear_object (&self->connection_signals);

  G_OBJECT_CLASS (vireo_domain_actions_parent_class)->finalize (object);
}

static void
vireo_domain_actions_class_init (VireoDomainActionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vireo_domain_actions_dispose;
  object_class->finalize = vireo_domain_actions_finalize;

  /* menus say why an item is off (issue 15) */
  g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0,
                              popover_map_hook, NULL, NULL);

  /* emitted after a Delete succeeded, so the owner can show a toast */
  signals[SIGNAL_DOMAIN_DELETED] =
    g_signal_new ("domain-deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, VIREO_TYPE_DOMAIN);
  /* a sentence for the person after an action worked in another way than asked (a Run that
   * had to use another CPU model); with no handler the actions show it in a dialog */
  signals[SIGNAL_NOTICE] =
    g_signal_new ("notice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
vireo_domain_actions_init (VireoDomainActions *self)
{
  static const char *const domain_props[] = {
    "notify::state", "notify::has-managed-save", "notify::available", "notify::removed",
    "notify::persistent", "notify::migration",
  };
  static const char *const connection_props[] = {
    "notify::state", "notify::read-only",
  };

  self->cancellable = g_cancellable_new ();
  self->shutdown_watches = g_ptr_array_new_with_free_func ((GDestroyNotify) shutdown_watch_free);

  for (guint i = 0; i < G_N_ELEMENTS (action_table); i++)
    {
      g_autoptr(GSimpleAction) action = g_simple_action_new (action_table[i].name, NULL);

      g_signal_connect (action, "activate", G_CALLBACK (activate_cb), self);
      g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
    }
  for (guint i = 0; i < 6; i++)
    {
      static const char *const others[] = { "open", "migrate", "rename", "save-to-file",
                                            "snapshot-create", "snapshots" };
      g_autoptr(GSimpleAction) action = g_simple_action_new (others[i], NULL);

      g_signal_connect (action, "activate", G_CALLBACK (activate_cb), self);
      g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
    }

  /* issue 15: Clone… */
  {
    g_autoptr(GSimpleAction) clone = g_simple_action_new ("clone", NULL);

    g_signal_connect (clone, "activate", G_CALLBACK (activate_cb), self);
    g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (clone));
  }

  self->domain_signals = g_signal_group_new (VIREO_TYPE_DOMAIN);
  for (guint i = 0; i < G_N_ELEMENTS (domain_props); i++)
    g_signal_group_connect_swapped (self->domain_signals, domain_props[i],
                                    G_CALLBACK (vireo_domain_actions_update), self);

  self->connection_signals = g_signal_group_new (VIREO_TYPE_CONNECTION);
  for (guint i = 0; i < G_N_ELEMENTS (connection_props); i++)
    g_signal_group_connect_swapped (self->connection_signals, connection_props[i],
                                    G_CALLBACK (vireo_domain_actions_update), self);

  vireo_domain_actions_update (self);
}
