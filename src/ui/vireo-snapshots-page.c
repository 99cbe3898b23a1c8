/* vireo-snapshots-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Snapshots page of the VM window and its questions (issue 15): Create,
 * Revert, Delete (one, or with the later ones) and Edit Description, on the
 * core's vireo-snapshot.h. Names and descriptions come from libvirt: they
 * are shown as plain text (labels without markup, rows with use-markup off,
 * escaped where only markup is taken) and cut to a bounded length.
 */
#define G_LOG_DOMAIN "vireo-snapshots-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-error-dialog.h"
#include "vireo-snapshots-page.h"

/* what is shown of a name, a description; a thumbnail file read at most */
#define MAX_NAME_CHARS        200
#define MAX_DESCRIPTION_CHARS 4000
#define MAX_THUMBNAIL_BYTES   (16 * 1024 * 1024)
#define THUMBNAIL_WIDTH       96
#define THUMBNAIL_HEIGHT      72

struct _VireoSnapshotsPage
{
  AdwBin              parent_instance;

  GtkRevealer        *busy_revealer;
  GtkSpinner         *busy_spinner;
  GtkLabel           *busy_label;
  GtkStack           *stack;
  GtkSpinner         *loading_spinner;
  AdwStatusPage      *empty_page;
  GtkLabel           *empty_reason_label;
  AdwStatusPage      *error_page;
  GtkWidget          *empty_create_button;
  GtkWidget          *create_button;
  GtkWidget          *revert_button;
  GtkWidget          *edit_button;
  GtkWidget          *delete_button;
  GtkLabel           *reason_label;
  GtkListView        *list_view;

  VireoDomain        *domain;        /* owned */
  GSignalGroup       *domain_signals;
  GSignalGroup       *connection_signals;
  GHashTable         *children;      /* VireoSnapshot → GListStore of its children */
  GtkSingleSelection *selection;     /* over the GtkTreeListModel */
  GCancellable       *cancellable;   /* of the read in progress */
  char               *selected_name; /* selected again after a new read */
  guint               update_source;  /* an update after the VM's news, once they are all in */
  guint               loaded : 1;    /* read at least once */
  guint               loading : 1;
  guint               failed : 1;    /* the last read failed: the error page shows */
  guint               dirty : 1;     /* to be read again when shown */
};

G_DEFINE_FINAL_TYPE (VireoSnapshotsPage, vireo_snapshots_page, ADW_TYPE_BIN)

static void vireo_snapshots_page_update (VireoSnapshotsPage *self);

/* -- shared text -------------------------------------------------------------------- */

/* @text made valid and cut to @max characters (with an ellipsis) */
static char *
bounded_text (const char *text,
              glong       max)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);

  if (g_utf8_strlen (valid, -1) <= max)
    return g_steal_pointer (&valid);
  {
    g_autofree char *cut = g_utf8_substring (valid, 0, max);
    return g_strconcat (cut, "…", NULL);
  }
}

/* "Mon 7 Dec 2026 21:03:12" in local time, the locale's way; "" when unknown */
static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;
  char *text;

  if (time == NULL)
    return g_strdup ("");
  local = g_date_time_to_local (time);
  text = local != NULL ? g_date_time_format (local, "%c") : NULL;
  return text != NULL ? text : g_strdup ("");
}

static gboolean
state_is_active (VireoDomainState state)
{
  return state == VIREO_DOMAIN_STATE_RUNNING || state == VIREO_DOMAIN_STATE_PAUSED ||
         state == VIREO_DOMAIN_STATE_BLOCKED;
}

/* why nothing can be changed on @domain now, or NULL */
static char *
writable_blocker (VireoDomain *domain)
{
  VireoConnection *connection = vireo_domain_get_connection (domain);

  if (vireo_domain_get_removed (domain))
    return g_strdup (_("This virtual machine no longer exists."));
  if (connection == NULL || !vireo_domain_get_available (domain) ||
      vireo_connection_get_state (connection) != VIREO_CONNECTION_STATE_CONNECTED)
    return g_strdup (_("The connection to its host is lost. Vireo reconnects by itself; try again then."));
  if (vireo_connection_get_read_only (connection))
    return g_strdup (_("The connection to its host is read-only: snapshots cannot be created, reverted or deleted on it."));
  return NULL;
}

char *
vireo_snapshot_create_blocker (VireoDomain *domain)
{
  g_autoptr(VireoSnapshotSupport) support = NULL;
  char *reason;

  g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

  reason = writable_blocker (domain);
  if (reason != NULL)
    return reason;
  support = vireo_domain_get_snapshot_support (domain);
  if (support == NULL || support->internal || support->external)
    return NULL;
  if (g_strcmp0 (support->internal_reason, support->external_reason) == 0 ||
      support->external_reason == NULL)
    return g_strdup (support->internal_reason != NULL ? support->internal_reason
                                                      : _("Snapshots of this virtual machine are not possible."));
  return g_strconcat (support->internal_reason != NULL ? support->internal_reason : "", " ",
                      support->external_reason, NULL);
}

static void
present_error (GtkWindow    *parent,
               const char   *heading,
               const GError *error)
{
  if (parent != NULL)
    vireo_error_dialog_present (parent, heading, error);
  else
    g_message ("%s: %s", heading, error->message);
}

/* -- operations: one at a time per VM as a person sees it ---------------------------- */

/* every page alive, so that an operation started anywhere (the Create shortcut in the
 * manager window) shows on the page of its VM */
static GPtrArray *live_pages;

typedef struct
{
  guint  count;
  char  *message;
} SnapshotJob;

static void
snapshot_job_free (SnapshotJob *job)
{
  g_free (job->message);
  g_free (job);
}

static GQuark
job_quark (void)
{
  return g_quark_from_static_string ("vireo-snapshots-page-job");
}

static void
update_pages_of (VireoDomain *domain)
{
  for (guint i = 0; live_pages != NULL && i < live_pages->len; i++)
    {
      VireoSnapshotsPage *page = g_ptr_array_index (live_pages, i);

      if (page->domain == domain)
        vireo_snapshots_page_update (page);
    }
}

static void
job_begin (VireoDomain *domain,
           const char  *message)
{
  SnapshotJob *job = g_object_get_qdata (G_OBJECT (domain), job_quark ());

  if (job == NULL)
    {
      job = g_new0 (SnapshotJob, 1);
      g_object_set_qdata_full (G_OBJECT (domain), job_quark (), job,
                               (GDestroyNotify) snapshot_job_free);
    }
  job->count++;
  g_free (job->message);
  job->message = g_strdup (message);
  update_pages_of (domain);
}

static void
job_end (VireoDomain *domain)
{
  SnapshotJob *job = g_object_get_qdata (G_OBJECT (domain), job_quark ());

  if (job != NULL && --job->count == 0)
    g_object_set_qdata (G_OBJECT (domain), job_quark (), NULL);
  update_pages_of (domain);
}

typedef enum
{
  OP_CREATE,
  OP_REVERT,
  OP_DELETE,
  OP_DESCRIBE,
} OpKind;

typedef struct
{
  OpKind       kind;
  GtkWindow   *parent;     /* weak */
  VireoDomain *domain;     /* owned */
  char        *snapshot;
} SnapOp;

static void
snap_op_free (SnapOp *op)
{
  g_clear_weak_pointer (&op->parent);
  g_clear_object (&op->domain);
  g_free (op->snapshot);
  g_free (op);
}

/* the formats are literals in each case, for -Wformat-nonliteral */
static char *
op_heading (OpKind      kind,
            const char *name)
{
  switch (kind)
    {
    case OP_CREATE:
      return g_strdup_printf (_("Could not create the snapshot “%s”"), name);
    case OP_REVERT:
      return g_strdup_printf (_("Could not revert to the snapshot “%s”"), name);
    case OP_DELETE:
      return g_strdup_printf (_("Could not delete the snapshot “%s”"), name);
    case OP_DESCRIBE:
    default:
      return g_strdup_printf (_("Could not change the description of the snapshot “%s”"), name);
    }
}

static char *
op_message (OpKind      kind,
            const char *name)
{
  switch (kind)
    {
    case OP_CREATE:
      return g_strdup_printf (_("Creating the snapshot “%s”…"), name);
    case OP_REVERT:
      return g_strdup_printf (_("Reverting to the snapshot “%s”…"), name);
    case OP_DELETE:
      return g_strdup_printf (_("Deleting the snapshot “%s”…"), name);
    case OP_DESCRIBE:
    default:
      return g_strdup_printf (_("Saving the description of the snapshot “%s”…"), name);
    }
}

static void
op_done_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  SnapOp *op = user_data;
  VireoDomain *domain = VIREO_DOMAIN (object);
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;

  switch (op->kind)
    {
    case OP_CREATE:
      ok = vireo_domain_create_snapshot_finish (domain, result, &error);
      break;
    case OP_REVERT:
      ok = vireo_domain_revert_snapshot_finish (domain, result, &error);
      break;
    case OP_DELETE:
      ok = vireo_domain_delete_snapshot_finish (domain, result, &error);
      break;
    case OP_DESCRIBE:
    default:
      ok = vireo_domain_set_snapshot_description_finish (domain, result, &error);
      break;
    }
  job_end (op->domain);
  if (!ok && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *bounded = bounded_text (op->snapshot, MAX_NAME_CHARS);
      g_autofree char *isolated = vireo_display_name_isolate (bounded);
      g_autofree char *heading = op_heading (op->kind, isolated);

      present_error (op->parent, heading, error);
    }
  snap_op_free (op);
}

static SnapOp *
op_new (OpKind       kind,
        GtkWindow   *parent,
        VireoDomain *domain,
        const char  *snapshot)
{
  SnapOp *op = g_new0 (SnapOp, 1);
  g_autofree char *bounded = bounded_text (snapshot, MAX_NAME_CHARS);
  g_autofree char *isolated = vireo_display_name_isolate (bounded);
  g_autofree char *message = op_message (kind, isolated);

  op->kind = kind;
  g_set_weak_pointer (&op->parent, parent);
  op->domain = g_object_ref (domain);
  op->snapshot = g_strdup (snapshot);
  job_begin (domain, message);
  return op;
}

/* -- Create ------------------------------------------------------------------------- */

typedef struct
{
  gatomicrefcount  refs;
  GtkWindow       *parent;       /* weak */
  GtkWidget       *dialog;       /* weak */
  VireoDomain     *domain;       /* owned */
  GtkEditable     *name_row;
  GtkEditable     *description_row;
  GtkWidget       *memory_switch; /* NULL for a VM that does not run */
  GtkWidget       *memory_row;
  char            *memory_reason; /* why the memory cannot be included, or NULL */
  GtkWidget       *kind_row;
  GtkDropDown     *kind_dropdown; /* NULL when only one kind is possible */
  GtkLabel        *problem;
  GHashTable      *names;        /* the VM's snapshots' names, once read */
  GCancellable    *cancellable;
  VireoSnapshotKind kind;        /* the only one possible, without the drop-down */
  gboolean         listed;       /* the read ended (with the names or not) */
} CreateAsk;

static CreateAsk *
create_ask_ref (CreateAsk *ask)
{
  g_atomic_ref_count_inc (&ask->refs);
  return ask;
}

static void
create_ask_unref (CreateAsk *ask)
{
  if (!g_atomic_ref_count_dec (&ask->refs))
    return;
  g_clear_weak_pointer (&ask->parent);
  g_clear_weak_pointer (&ask->dialog);
  g_clear_object (&ask->domain);
  g_clear_pointer (&ask->names, g_hash_table_unref);
  g_clear_object (&ask->cancellable);
  g_free (ask->memory_reason);
  g_free (ask);
}

static void
create_ask_closure_free (gpointer  data,
                         GClosure *closure)
{
  CreateAsk *ask = data;

  g_cancellable_cancel (ask->cancellable);
  create_ask_unref (ask);
}

static VireoSnapshotKind
create_ask_kind (CreateAsk *ask)
{
  if (ask->kind_dropdown == NULL)
    return ask->kind;
  return gtk_drop_down_get_selected (ask->kind_dropdown) == 1 ? VIREO_SNAPSHOT_KIND_EXTERNAL
                                                              : VIREO_SNAPSHOT_KIND_INTERNAL;
}

/* whether the answers can be sent; says why not under the rows */
static gboolean
create_ask_check (CreateAsk *ask)
{
  const char *name = gtk_editable_get_text (ask->name_row);
  const char *description = gtk_editable_get_text (ask->description_row);
  g_autofree char *reason = NULL;
  gboolean ok;

  if (!ask->listed)
    ok = FALSE;
  else if (*name == '\0')
    {
      ok = FALSE;
      reason = g_strdup (_("Type a name for the snapshot."));
    }
  else if (!vireo_snapshot_name_is_valid (name, &reason))
    {
      ok = FALSE;
      if (reason == NULL)
        reason = g_strdup (_("This name cannot be used for a snapshot."));
    }
  else if (ask->names != NULL && g_hash_table_contains (ask->names, name))
    {
      g_autofree char *bounded = bounded_text (name, MAX_NAME_CHARS);
      g_autofree char *isolated = vireo_display_name_isolate (bounded);

      ok = FALSE;
      reason = g_strdup_printf (_("A snapshot called “%s” already exists. Choose another name."), isolated);
    }
  else if (g_utf8_strlen (description, -1) > MAX_DESCRIPTION_CHARS)
    {
      ok = FALSE;
      reason = g_strdup_printf (_("The description is too long: at most %d characters."),
                                MAX_DESCRIPTION_CHARS);
    }
  else
    ok = TRUE;

  gtk_label_set_text (ask->problem, reason != NULL ? reason : "");
  gtk_widget_set_visible (GTK_WIDGET (ask->problem), reason != NULL);
  if (ask->dialog != NULL)
    adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (ask->dialog), "confirm", ok);
  return ok;
}

static void
create_changed_cb (GtkEditable *editable,
                   CreateAsk   *ask)
{
  create_ask_check (ask);
}

static const char *
kind_description (VireoSnapshotKind kind)
{
  return kind == VIREO_SNAPSHOT_KIND_EXTERNAL
           ? _("External: the disks’ present files stay as they are, and new overlay files next to them take the changes from now on.")
           : _("Internal: kept inside the virtual machine’s qcow2 disk images.");
}

/* QEMU keeps a running VM's memory in every internal snapshot of it: the
 * switch is then on and locked, and says why */
static gboolean
memory_required (CreateAsk *ask)
{
  const char *hypervisor = vireo_domain_get_hypervisor (ask->domain);

  return create_ask_kind (ask) == VIREO_SNAPSHOT_KIND_INTERNAL &&
         (g_strcmp0 (hypervisor, "qemu") == 0 || g_strcmp0 (hypervisor, "kvm") == 0);
}

static void
update_memory_row (CreateAsk *ask)
{
  gboolean required;

  if (ask->memory_switch == NULL)
    return;
  if (ask->memory_reason != NULL)
    {
      /* never greyed out without the reason */
      gtk_switch_set_active (GTK_SWITCH (ask->memory_switch), FALSE);
      gtk_widget_set_sensitive (ask->memory_switch, FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (ask->memory_row), ask->memory_reason);
      return;
    }
  required = memory_required (ask);
  if (required)
    gtk_switch_set_active (GTK_SWITCH (ask->memory_switch), TRUE);
  gtk_widget_set_sensitive (ask->memory_switch, !required);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (ask->memory_row),
                               required ? _("An internal snapshot of a running virtual machine always includes its memory. For the disks alone, choose an external snapshot.")
                                        : _("The running programs are kept too, and a revert resumes them where they were. It takes longer, and as much disk space as the memory in use."));
}

static void
kind_selected_cb (GtkDropDown *dropdown,
                  GParamSpec  *pspec,
                  CreateAsk   *ask)
{
  adw_action_row_set_subtitle (ADW_ACTION_ROW (ask->kind_row), kind_description (create_ask_kind (ask)));
  update_memory_row (ask);
}

/* "<vm>-snapshot-N", the first N not taken; "snapshot-N" when the VM's name makes no valid one */
static char *
unique_name (CreateAsk *ask)
{
  const char *vm = vireo_domain_get_name (ask->domain);

  for (guint n = 1; n < G_MAXUINT; n++)
    {
      g_autofree char *name = g_strdup_printf ("%s-snapshot-%u", vm, n);

      if (!vireo_snapshot_name_is_valid (name, NULL))
        {
          g_free (name);
          name = g_strdup_printf ("snapshot-%u", n);
        }
      if (ask->names == NULL || !g_hash_table_contains (ask->names, name))
        return g_steal_pointer (&name);
    }
  return g_strdup ("snapshot");
}

static void
create_listed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  CreateAsk *ask = user_data;
  g_autoptr(GListStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  store = vireo_domain_list_snapshots_finish (VIREO_DOMAIN (object), result, &error);
  if (ask->dialog == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      create_ask_unref (ask);
      return;
    }
  if (store != NULL)
    {
      ask->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
        {
          g_autoptr(VireoSnapshot) snapshot = g_list_model_get_item (G_LIST_MODEL (store), i);

          g_hash_table_add (ask->names, g_strdup (vireo_snapshot_get_name (snapshot)));
        }
    }
  /* without the list the name may be taken: libvirt then says so when it is sent */
  ask->listed = TRUE;
  name = unique_name (ask);
  gtk_editable_set_text (ask->name_row, name);
  create_ask_check (ask);
  gtk_widget_grab_focus (GTK_WIDGET (ask->name_row));
  create_ask_unref (ask);
}

static void
create_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    CreateAsk        *ask)
{
  const char *name = gtk_editable_get_text (ask->name_row);
  SnapOp *op;

  if (g_strcmp0 (response, "confirm") != 0 || !create_ask_check (ask))
    return;
  op = op_new (OP_CREATE, ask->parent, ask->domain, name);
  vireo_domain_create_snapshot_async (ask->domain, name, gtk_editable_get_text (ask->description_row),
                                      create_ask_kind (ask),
                                      ask->memory_switch != NULL &&
                                        gtk_switch_get_active (GTK_SWITCH (ask->memory_switch)),
                                      NULL, op_done_cb, op);
}

static GtkWidget *
new_entry_row (const char *title,
               int         max_chars)
{
  GtkWidget *row = adw_entry_row_new ();
  GtkEditable *delegate;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  /* Enter creates the snapshot, as the dialog's default response */
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
  delegate = gtk_editable_get_delegate (GTK_EDITABLE (row));
  if (GTK_IS_TEXT (delegate))
    gtk_text_set_max_length (GTK_TEXT (delegate), max_chars);
  return row;
}

static GtkWidget *
new_action_row (const char *title)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  return row;
}

GtkWidget *
vireo_snapshot_create_dialog_present (GtkWindow   *parent,
                                      VireoDomain *domain)
{
  g_autoptr(VireoSnapshotSupport) support = NULL;
  g_autofree char *revealed = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog, *box, *list, *row;
  CreateAsk *ask;

  g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

  ask = g_new0 (CreateAsk, 1);
  g_atomic_ref_count_init (&ask->refs);
  g_set_weak_pointer (&ask->parent, parent);
  ask->domain = g_object_ref (domain);
  ask->cancellable = g_cancellable_new ();
  support = vireo_domain_get_snapshot_support (domain);

  revealed = vireo_display_name_reveal (vireo_domain_get_name (domain));
  /* Translators: %s is the name of a virtual machine */
  heading = g_strdup_printf (_("Create a Snapshot of “%s”"), revealed);
  dialog = adw_message_dialog_new (parent, heading,
                                   _("A snapshot keeps this moment of the virtual machine, so that you can go back to it later."));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  g_set_weak_pointer (&ask->dialog, dialog);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_box_append (GTK_BOX (box), list);

  row = new_entry_row (_("Name"), MAX_NAME_CHARS);
  ask->name_row = GTK_EDITABLE (row);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  row = new_entry_row (_("Description"), MAX_DESCRIPTION_CHARS);
  ask->description_row = GTK_EDITABLE (row);
  gtk_list_box_append (GTK_LIST_BOX (list), row);

  if (state_is_active (vireo_domain_get_state (domain)))
    {
      row = new_action_row (_("Include Memory"));
      ask->memory_row = row;
      ask->memory_switch = gtk_switch_new ();
      gtk_widget_set_valign (ask->memory_switch, GTK_ALIGN_CENTER);
      gtk_switch_set_active (GTK_SWITCH (ask->memory_switch), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (ask->memory_switch),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Include memory"), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), ask->memory_switch);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), ask->memory_switch);
      if (support != NULL && !support->memory)
        ask->memory_reason = g_strdup (support->memory_reason != NULL ? support->memory_reason
                                                                      : _("The memory cannot be included for this virtual machine."));
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }

  row = new_action_row (_("Kind"));
  ask->kind_row = row;
  if (support != NULL && support->internal && support->external)
    {
      const char *const kinds[] = { _("Internal"), _("External"), NULL };

      ask->kind_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (kinds));
      gtk_widget_set_valign (GTK_WIDGET (ask->kind_dropdown), GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (ask->kind_dropdown),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Kind of snapshot"), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (ask->kind_dropdown));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), kind_description (VIREO_SNAPSHOT_KIND_INTERNAL));
      g_signal_connect (ask->kind_dropdown, "notify::selected", G_CALLBACK (kind_selected_cb), ask);
    }
  else
    {
      /* the one possible kind, and why not the other */
      const char *other_reason;
      g_autofree char *subtitle = NULL;

      ask->kind = support != NULL && !support->internal && support->external
                    ? VIREO_SNAPSHOT_KIND_EXTERNAL : VIREO_SNAPSHOT_KIND_INTERNAL;
      other_reason = support == NULL ? NULL
                     : ask->kind == VIREO_SNAPSHOT_KIND_EXTERNAL ? support->internal_reason
                                                                 : support->external_reason;
      subtitle = other_reason != NULL ? g_strconcat (kind_description (ask->kind), "\n", other_reason, NULL)
                                      : g_strdup (kind_description (ask->kind));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
    }
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  update_memory_row (ask);

  ask->problem = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (ask->problem, TRUE);
  gtk_label_set_xalign (ask->problem, 0);
  gtk_widget_add_css_class (GTK_WIDGET (ask->problem), "error");
  gtk_widget_set_visible (GTK_WIDGET (ask->problem), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (ask->problem));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "confirm", _("_Create"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "confirm");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  /* until the names taken are read */
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "confirm", FALSE);

  g_signal_connect (ask->name_row, "changed", G_CALLBACK (create_changed_cb), ask);
  g_signal_connect (ask->description_row, "changed", G_CALLBACK (create_changed_cb), ask);
  g_signal_connect_data (dialog, "response", G_CALLBACK (create_response_cb),
                         create_ask_ref (ask), create_ask_closure_free, 0);
  vireo_domain_list_snapshots_async (domain, ask->cancellable, create_listed_cb, ask);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/* -- Revert, Delete, Edit Description ------------------------------------------------ */

typedef struct
{
  GtkWindow   *parent;     /* weak */
  VireoDomain *domain;     /* owned */
  char        *snapshot;
  GtkWidget   *with_children;  /* Delete's "and the later ones" check, or NULL */
  GtkEditable *entry;          /* Edit Description's */
} SnapAsk;

static void
snap_ask_free (gpointer  data,
               GClosure *closure)
{
  SnapAsk *ask = data;

  g_clear_weak_pointer (&ask->parent);
  g_clear_object (&ask->domain);
  g_free (ask->snapshot);
  g_free (ask);
}

static SnapAsk *
snap_ask_new (VireoSnapshotsPage *self,
              VireoSnapshot      *snapshot)
{
  SnapAsk *ask = g_new0 (SnapAsk, 1);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_set_weak_pointer (&ask->parent, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  ask->domain = g_object_ref (self->domain);
  ask->snapshot = g_strdup (vireo_snapshot_get_name (snapshot));
  return ask;
}

static GtkWidget *
new_question (SnapAsk    *ask,
              const char *heading,
              const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (ask->parent, heading, body);

  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  return dialog;
}

static void
revert_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    SnapAsk          *ask)
{
  SnapOp *op;

  if (g_strcmp0 (response, "confirm") != 0)
    return;
  op = op_new (OP_REVERT, ask->parent, ask->domain, ask->snapshot);
  vireo_domain_revert_snapshot_async (ask->domain, ask->snapshot, NULL, op_done_cb, op);
}

static void
present_revert (VireoSnapshotsPage *self,
                VireoSnapshot      *snapshot)
{
  SnapAsk *ask = snap_ask_new (self, snapshot);
  g_autofree char *bounded = bounded_text (ask->snapshot, MAX_NAME_CHARS);
  g_autofree char *revealed = vireo_display_name_reveal (bounded);
  g_autofree char *vm = vireo_display_name_isolate (vireo_domain_get_name (self->domain));
  g_autofree char *when = format_time (vireo_snapshot_get_creation_time (snapshot));
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  /* Translators: %s is the name of a snapshot */
  heading = g_strdup_printf (_("Revert to “%s”?"), revealed);
  /* Translators: the first %s is a virtual machine's name, the second a date and time */
  body = g_strdup_printf (_("“%s” goes back to how it was on %s. What changed since then on its disks, and in its memory while it runs, is lost. "
                            "To be able to come back to the present state, cancel and create a snapshot first."),
                          vm, when);
  dialog = new_question (ask, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "confirm", _("_Revert"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (revert_response_cb), ask, snap_ask_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    SnapAsk          *ask)
{
  gboolean with_children;
  SnapOp *op;

  if (g_strcmp0 (response, "confirm") != 0)
    return;
  with_children = ask->with_children != NULL &&
                  gtk_check_button_get_active (GTK_CHECK_BUTTON (ask->with_children));
  op = op_new (OP_DELETE, ask->parent, ask->domain, ask->snapshot);
  vireo_domain_delete_snapshot_async (ask->domain, ask->snapshot, with_children, NULL, op_done_cb, op);
}

/* how many snapshots were taken from @snapshot, at any depth */
static guint
count_descendants (VireoSnapshotsPage *self,
                   VireoSnapshot      *snapshot)
{
  GListModel *children = self->children != NULL ? g_hash_table_lookup (self->children, snapshot) : NULL;
  guint n = 0;

  if (children == NULL)
    return 0;
  for (guint i = 0; i < g_list_model_get_n_items (children); i++)
    {
      g_autoptr(VireoSnapshot) child = g_list_model_get_item (children, i);

      n += 1 + count_descendants (self, child);
    }
  return n;
}

static void
present_delete (VireoSnapshotsPage *self,
                VireoSnapshot      *snapshot)
{
  SnapAsk *ask = snap_ask_new (self, snapshot);
  g_autofree char *bounded = bounded_text (ask->snapshot, MAX_NAME_CHARS);
  g_autofree char *revealed = vireo_display_name_reveal (bounded);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  guint n = count_descendants (self, snapshot);
  GtkWidget *dialog;

  /* Translators: %s is the name of a snapshot */
  heading = g_strdup_printf (_("Delete the Snapshot “%s”?"), revealed);
  if (n == 0)
    body = g_strdup (_("The virtual machine does not change: only this saved moment goes, and you can no longer revert to it."));
  else
    body = g_strdup_printf (ngettext ("The virtual machine does not change: only saved moments go, and you can no longer revert to them. "
                                      "%u later snapshot was taken from this one: choose whether it goes too.",
                                      "The virtual machine does not change: only saved moments go, and you can no longer revert to them. "
                                      "%u later snapshots were taken from this one: choose whether they go too.",
                                      n),
                            n);
  dialog = new_question (ask, heading, body);
  if (n > 0)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *only = gtk_check_button_new_with_mnemonic (_("_Only this snapshot"));
      g_autofree char *label = g_strdup_printf (ngettext ("This snapshot _and the %u later one",
                                                          "This snapshot _and the %u later ones", n),
                                                n);

      ask->with_children = gtk_check_button_new_with_mnemonic (label);
      gtk_check_button_set_group (GTK_CHECK_BUTTON (ask->with_children), GTK_CHECK_BUTTON (only));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (only), TRUE);
      gtk_box_append (GTK_BOX (box), only);
      gtk_box_append (GTK_BOX (box), ask->with_children);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
    }
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "confirm", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (delete_response_cb), ask, snap_ask_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
describe_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      SnapAsk          *ask)
{
  SnapOp *op;

  if (g_strcmp0 (response, "confirm") != 0)
    return;
  op = op_new (OP_DESCRIBE, ask->parent, ask->domain, ask->snapshot);
  vireo_domain_set_snapshot_description_async (ask->domain, ask->snapshot,
                                               gtk_editable_get_text (ask->entry),
                                               NULL, op_done_cb, op);
}

static void
present_describe (VireoSnapshotsPage *self,
                  VireoSnapshot      *snapshot)
{
  SnapAsk *ask = snap_ask_new (self, snapshot);
  g_autofree char *bounded = bounded_text (ask->snapshot, MAX_NAME_CHARS);
  g_autofree char *revealed = vireo_display_name_reveal (bounded);
  g_autofree char *heading = NULL;
  g_autofree char *description = bounded_text (vireo_snapshot_get_description (snapshot),
                                               MAX_DESCRIPTION_CHARS);
  GtkWidget *dialog, *entry;

  /* Translators: %s is the name of a snapshot */
  heading = g_strdup_printf (_("Description of “%s”"), revealed);
  dialog = new_question (ask, heading,
                         _("A note for you about this snapshot. The virtual machine does not see it."));
  entry = gtk_entry_new ();
  gtk_entry_set_max_length (GTK_ENTRY (entry), MAX_DESCRIPTION_CHARS);
  gtk_editable_set_text (GTK_EDITABLE (entry), description);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Description"), -1);
  ask->entry = GTK_EDITABLE (entry);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "confirm", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "confirm");
  g_signal_connect_data (dialog, "response", G_CALLBACK (describe_response_cb), ask, snap_ask_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* -- the rows --------------------------------------------------------------------------- */

typedef struct
{
  GtkWidget    *picture;
  GtkLabel     *name;
  GtkWidget    *current;
  GtkLabel     *details;
  GtkLabel     *description;
  GCancellable *cancellable;   /* the thumbnail's read */
} RowParts;

static void
row_parts_free (RowParts *parts)
{
  g_cancellable_cancel (parts->cancellable);
  g_clear_object (&parts->cancellable);
  g_free (parts);
}

static GtkWidget *
new_row_label (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
factory_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  VireoSnapshotsPage       *self)
{
  RowParts *parts = g_new0 (RowParts, 1);
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  parts->picture = gtk_picture_new ();
  gtk_picture_set_can_shrink (GTK_PICTURE (parts->picture), TRUE);
  gtk_picture_set_content_fit (GTK_PICTURE (parts->picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_widget_set_size_request (parts->picture, THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT);
  gtk_widget_set_valign (parts->picture, GTK_ALIGN_START);
  gtk_widget_set_visible (parts->picture, FALSE);
  gtk_box_append (GTK_BOX (box), parts->picture);

  parts->name = GTK_LABEL (new_row_label ("heading"));
  gtk_label_set_ellipsize (parts->name, PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (parts->name));
  /* the one the VM's disks and state now build on */
  parts->current = new_row_label ("accent");
  gtk_label_set_text (GTK_LABEL (parts->current), _("Current"));
  gtk_widget_add_css_class (parts->current, "caption-heading");
  gtk_box_append (GTK_BOX (top), parts->current);
  gtk_box_append (GTK_BOX (text), top);

  parts->details = GTK_LABEL (new_row_label ("caption"));
  gtk_label_set_wrap (parts->details, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (parts->details), "dim-label");
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (parts->details));

  parts->description = GTK_LABEL (new_row_label (NULL));
  gtk_label_set_wrap (parts->description, TRUE);
  gtk_label_set_wrap_mode (parts->description, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (parts->description, 3);
  gtk_label_set_ellipsize (parts->description, PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (parts->description));

  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (box), text);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  g_object_set_data_full (G_OBJECT (expander), "vireo-row-parts", parts, (GDestroyNotify) row_parts_free);
  gtk_list_item_set_child (item, expander);
}

typedef struct
{
  GtkWidget    *picture;   /* owned */
  GCancellable *cancellable;
} ThumbnailLoad;

static void
thumbnail_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ThumbnailLoad *load = user_data;
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  if (g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error) &&
      !g_cancellable_is_cancelled (load->cancellable))
    {
      if (length > 0 && length <= MAX_THUMBNAIL_BYTES)
        {
          g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
          g_autoptr(GdkTexture) texture = gdk_texture_new_from_bytes (bytes, &error);

          if (texture != NULL)
            {
              gtk_picture_set_paintable (GTK_PICTURE (load->picture), GDK_PAINTABLE (texture));
              gtk_widget_set_visible (load->picture, TRUE);
            }
          else
            g_debug ("thumbnail not shown: %s", error->message);
        }
    }
  else if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("thumbnail not read: %s", error->message);
  g_object_unref (load->picture);
  g_object_unref (load->cancellable);
  g_free (load);
}

static void
factory_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 VireoSnapshotsPage       *self)
{
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  GtkWidget *expander = gtk_list_item_get_child (item);
  RowParts *parts = g_object_get_data (G_OBJECT (expander), "vireo-row-parts");
  g_autoptr(VireoSnapshot) snapshot = gtk_tree_list_row_get_item (row);
  g_autofree char *name = bounded_text (vireo_snapshot_get_name (snapshot), MAX_NAME_CHARS);
  g_autofree char *description = bounded_text (vireo_snapshot_get_description (snapshot),
                                               MAX_DESCRIPTION_CHARS);
  g_autofree char *when = format_time (vireo_snapshot_get_creation_time (snapshot));
  g_autofree char *details = NULL;
  g_autofree char *accessible = NULL;
  GFile *thumbnail = vireo_snapshot_get_thumbnail (snapshot);
  const char *kind;

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  gtk_label_set_text (parts->name, name);
  gtk_widget_set_visible (parts->current, vireo_snapshot_get_is_current (snapshot));

  if (vireo_snapshot_get_is_external (snapshot))
    kind = vireo_snapshot_get_has_memory (snapshot) ? _("External, disks and memory")
                                                    : _("External, disks only");
  else
    kind = vireo_snapshot_get_has_memory (snapshot) ? _("Internal, disks and memory")
                                                    : _("Internal, disks only");
  /* Translators: a snapshot's date, the VM's state then ("Running") and its kind */
  details = g_strdup_printf (_("%s · %s · %s"), when,
                             vireo_domain_state_to_string (vireo_snapshot_get_state (snapshot), FALSE),
                             kind);
  gtk_label_set_text (parts->details, details);
  gtk_label_set_text (parts->description, description);
  gtk_widget_set_visible (GTK_WIDGET (parts->description), *description != '\0');

  /* Translators: accessible label of a snapshot's thumbnail; %s is its name */
  accessible = g_strdup_printf (_("The screen when “%s” was taken"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (parts->picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_picture_set_paintable (GTK_PICTURE (parts->picture), NULL);
  gtk_widget_set_visible (parts->picture, FALSE);
  g_cancellable_cancel (parts->cancellable);
  g_clear_object (&parts->cancellable);
  if (thumbnail != NULL)
    {
      ThumbnailLoad *load = g_new0 (ThumbnailLoad, 1);

      parts->cancellable = g_cancellable_new ();
      load->picture = g_object_ref (parts->picture);
      load->cancellable = g_object_ref (parts->cancellable);
      g_file_load_contents_async (thumbnail, parts->cancellable, thumbnail_loaded_cb, load);
    }
}

static void
factory_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   VireoSnapshotsPage       *self)
{
  GtkWidget *expander = gtk_list_item_get_child (item);
  RowParts *parts = g_object_get_data (G_OBJECT (expander), "vireo-row-parts");

  g_cancellable_cancel (parts->cancellable);
  g_clear_object (&parts->cancellable);
  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), NULL);
}

/* -- the tree ------------------------------------------------------------------------------ */

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  GHashTable *children = user_data;
  GListModel *model = g_hash_table_lookup (children, item);

  return model != NULL ? g_object_ref (model) : NULL;
}

static void
append_child (GHashTable    *children,
              VireoSnapshot *parent,
              VireoSnapshot *child)
{
  GListStore *store = g_hash_table_lookup (children, parent);

  if (store == NULL)
    {
      store = g_list_store_new (VIREO_TYPE_SNAPSHOT);
      g_hash_table_insert (children, parent, store);
    }
  g_list_store_append (store, child);
}

/* Roots and children from the flat list by parent name. Every snapshot shows
 * once, whatever libvirt says: one whose parent is not listed is a root, and a
 * loop of parents (which libvirt never makes) is cut where it is first met. */
static GListStore *
build_tree (GListModel *flat,
            GHashTable *children)
{
  GListStore *roots = g_list_store_new (VIREO_TYPE_SNAPSHOT);
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) by_parent = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                           (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) placed = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GQueue) queue = g_queue_new ();
  guint n = g_list_model_get_n_items (flat);

  for (guint i = 0; i < n; i++)
    {
      VireoSnapshot *snapshot = g_list_model_get_item (flat, i);

      g_ptr_array_add (all, snapshot);
      if (vireo_snapshot_get_name (snapshot) != NULL &&
          !g_hash_table_contains (by_name, vireo_snapshot_get_name (snapshot)))
        g_hash_table_insert (by_name, (gpointer) vireo_snapshot_get_name (snapshot), snapshot);
    }
  for (guint i = 0; i < all->len; i++)
    {
      VireoSnapshot *snapshot = g_ptr_array_index (all, i);
      const char *parent = vireo_snapshot_get_parent_name (snapshot);
      GPtrArray *siblings;

      if (parent == NULL || !g_hash_table_contains (by_name, parent))
        continue;
      siblings = g_hash_table_lookup (by_parent, parent);
      if (siblings == NULL)
        {
          siblings = g_ptr_array_new ();
          g_hash_table_insert (by_parent, (gpointer) parent, siblings);
        }
      g_ptr_array_add (siblings, snapshot);
    }

  /* the real roots first, then whatever a loop left out */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < all->len; i++)
      {
        VireoSnapshot *root = g_ptr_array_index (all, i);
        const char *parent = vireo_snapshot_get_parent_name (root);

        if (g_hash_table_contains (placed, root) ||
            (pass == 0 && parent != NULL && g_hash_table_contains (by_name, parent)))
          continue;
        g_hash_table_add (placed, root);
        g_list_store_append (roots, root);
        g_queue_push_tail (queue, root);
        while (!g_queue_is_empty (queue))
          {
            VireoSnapshot *node = g_queue_pop_head (queue);
            GPtrArray *kids;

            /* a second snapshot of the same name (libvirt makes none) gets no children */
            if (g_hash_table_lookup (by_name, vireo_snapshot_get_name (node)) != node)
              continue;
            kids = g_hash_table_lookup (by_parent, vireo_snapshot_get_name (node));
            for (guint k = 0; kids != NULL && k < kids->len; k++)
              {
                VireoSnapshot *kid = g_ptr_array_index (kids, k);

                if (g_hash_table_contains (placed, kid))
                  continue;
                g_hash_table_add (placed, kid);
                append_child (children, node, kid);
                g_queue_push_tail (queue, kid);
              }
          }
      }
  return roots;
}

static VireoSnapshot *
selected_snapshot (VireoSnapshotsPage *self)
{
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (self->selection);
  VireoSnapshot *snapshot;

  if (row == NULL)
    return NULL;
  snapshot = gtk_tree_list_row_get_item (row);
  /* the store keeps it alive */
  g_object_unref (snapshot);
  return snapshot;
}

static void
select_by_name (VireoSnapshotsPage *self,
                const char         *wanted)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n = g_list_model_get_n_items (model);
  guint current = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, i);
      g_autoptr(VireoSnapshot) snapshot = gtk_tree_list_row_get_item (row);

      if (wanted != NULL && g_strcmp0 (vireo_snapshot_get_name (snapshot), wanted) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
      if (current == GTK_INVALID_LIST_POSITION && vireo_snapshot_get_is_current (snapshot))
        current = i;
    }
  gtk_single_selection_set_selected (self->selection, current != GTK_INVALID_LIST_POSITION ? current : 0);
}

static void
set_snapshots (VireoSnapshotsPage *self,
               GListModel         *flat)
{
  g_autoptr(GHashTable) children = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  g_autofree char *wanted = g_strdup (self->selected_name);
  GListStore *roots = build_tree (flat, children);
  GtkTreeListModel *tree;

  g_clear_pointer (&self->children, g_hash_table_unref);
  self->children = g_hash_table_ref (children);
  /* the tree holds the table its children come from: an old tree never reads a new one */
  tree = gtk_tree_list_model_new (G_LIST_MODEL (roots), FALSE, TRUE, create_children_cb,
                                  g_hash_table_ref (children), (GDestroyNotify) g_hash_table_unref);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (tree));
  g_object_unref (tree);
  select_by_name (self, wanted);
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  VireoSnapshotsPage *self = user_data;
  g_autoptr(GListStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = vireo_domain_list_snapshots_finish (VIREO_DOMAIN (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  self->loading = FALSE;
  g_clear_object (&self->cancellable);
  self->failed = store == NULL;
  if (store == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      /* the status page's description is markup: libvirt's text is escaped */
      adw_status_page_set_description (self->error_page, escaped);
    }
  else
    {
      self->loaded = TRUE;
      set_snapshots (self, G_LIST_MODEL (store));
    }
  vireo_snapshots_page_update (self);
  g_object_unref (self);
}

static void
vireo_snapshots_page_reload (VireoSnapshotsPage *self)
{
  if (self->domain == NULL)
    return;
  self->dirty = FALSE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  vireo_domain_list_snapshots_async (self->domain, self->cancellable, listed_cb, g_object_ref (self));
}

static void
snapshots_changed_cb (VireoSnapshotsPage *self)
{
  self->dirty = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    vireo_snapshots_page_reload (self);
}

static void
map_cb (VireoSnapshotsPage *self)
{
  if (self->dirty)
    vireo_snapshots_page_reload (self);
}

/* -- buttons and their reasons --------------------------------------------------------- */

static void
set_reason (GtkWidget  *button,
            const char *reason)
{
  gtk_widget_set_tooltip_text (button, reason);
}

static void
vireo_snapshots_page_update (VireoSnapshotsPage *self)
{
  g_autoptr(VireoSnapshotSupport) support = NULL;
  g_autofree char *writable = NULL;
  g_autofree char *create = NULL;
  g_autoptr(GString) reasons = g_string_new (NULL);
  VireoSnapshot *snapshot;
  const char *revert = NULL, *remove = NULL, *edit = NULL;
  const char *select_first = _("Select a snapshot first.");
  SnapshotJob *job;
  gboolean empty;

  if (self->domain == NULL)
    return;

  job = g_object_get_qdata (G_OBJECT (self->domain), job_quark ());
  gtk_label_set_text (self->busy_label, job != NULL ? job->message : "");
  gtk_spinner_set_spinning (self->busy_spinner, job != NULL);
  gtk_revealer_set_reveal_child (self->busy_revealer, job != NULL);

  writable = writable_blocker (self->domain);
  create = vireo_snapshot_create_blocker (self->domain);
  support = vireo_domain_get_snapshot_support (self->domain);
  snapshot = selected_snapshot (self);
  if (writable != NULL)
    revert = remove = edit = writable;
  else if (snapshot == NULL)
    revert = remove = edit = select_first;
  else if (vireo_snapshot_get_is_external (snapshot) && support != NULL)
    {
      if (!support->revert_external)
        revert = support->revert_external_reason;
      if (!support->delete_external)
        remove = support->delete_external_reason;
    }
  /* one operation at a time: libvirt would refuse the second */
  if (job != NULL && writable == NULL)
    {
      const char *wait = _("Wait until the snapshot operation in progress ends.");

      if (create == NULL)
        create = g_strdup (wait);
      revert = remove = edit = wait;
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "snapshots.create", create == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "snapshots.revert", revert == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "snapshots.delete", remove == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "snapshots.edit-description", edit == NULL);
  set_reason (self->create_button, create);
  set_reason (self->empty_create_button, create);
  set_reason (self->revert_button, revert);
  set_reason (self->delete_button, remove);
  set_reason (self->edit_button, edit);

  /* the reasons also as text, each once (not "select one": the selection shows that) */
  if (create != NULL)
    g_string_append (reasons, create);
  if (revert != NULL && revert != select_first && g_strcmp0 (revert, create) != 0)
    g_string_append_printf (reasons, "%s%s", reasons->len > 0 ? "\n" : "", revert);
  if (remove != NULL && remove != select_first && g_strcmp0 (remove, create) != 0 &&
      g_strcmp0 (remove, revert) != 0)
    g_string_append_printf (reasons, "%s%s", reasons->len > 0 ? "\n" : "", remove);
  gtk_label_set_text (self->reason_label, reasons->str);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), reasons->len > 0);
  gtk_label_set_text (self->empty_reason_label, create != NULL ? create : "");
  gtk_widget_set_visible (GTK_WIDGET (self->empty_reason_label), create != NULL);

  empty = g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0;
  if (self->failed)
    gtk_stack_set_visible_child_name (self->stack, "error");
  else if (self->loaded)
    gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "list");
  else
    gtk_stack_set_visible_child_name (self->stack, "loading");
}

static gboolean
update_idle_cb (gpointer user_data)
{
  VireoSnapshotsPage *self = user_data;

  self->update_source = 0;
  vireo_snapshots_page_update (self);
  return G_SOURCE_REMOVE;
}

/* The VM's state and definition arrive together, and what it allows
 * (vireo_domain_get_snapshot_support) is read from both: updated once the
 * main loop is idle, after the whole of them */
static void
queue_update (VireoSnapshotsPage *self)
{
  vireo_snapshots_page_update (self);
  if (self->update_source == 0)
    self->update_source = g_idle_add (update_idle_cb, self);
}

static void
selection_changed_cb (VireoSnapshotsPage *self)
{
  VireoSnapshot *snapshot = selected_snapshot (self);

  /* kept across reads, and while a read has not placed the new rows yet */
  if (snapshot != NULL)
    {
      g_free (self->selected_name);
      self->selected_name = g_strdup (vireo_snapshot_get_name (snapshot));
    }
  vireo_snapshots_page_update (self);
}

static void
page_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  VireoSnapshotsPage *self = VIREO_SNAPSHOTS_PAGE (widget);
  VireoSnapshot *snapshot = selected_snapshot (self);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->domain == NULL)
    return;
  if (g_str_equal (action_name, "snapshots.reload"))
    vireo_snapshots_page_reload (self);
  else if (g_str_equal (action_name, "snapshots.create"))
    vireo_snapshot_create_dialog_present (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->domain);
  else if (snapshot == NULL)
    return;
  else if (g_str_equal (action_name, "snapshots.revert"))
    present_revert (self, snapshot);
  else if (g_str_equal (action_name, "snapshots.delete"))
    present_delete (self, snapshot);
  else if (g_str_equal (action_name, "snapshots.edit-description"))
    present_describe (self, snapshot);
}

/* -- the object ------------------------------------------------------------------------------ */

static void
vireo_snapshots_page_dispose (GObject *object)
{
  VireoSnapshotsPage *self = VIREO_SNAPSHOTS_PAGE (object);

  if (live_pages != NULL)
    g_ptr_array_remove (live_pages, self);
  g_clear_handle_id (&self->update_source, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->domain_signals != NULL)
    g_signal_group_set_target (self->domain_signals, NULL);
  if (self->connection_signals != NULL)
    g_signal_group_set_target (self->connection_signals, NULL);
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_SNAPSHOTS_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->domain_signals);
  g_clear_object (&self->connection_signals);
  g_clear_pointer (&self->children, g_hash_table_unref);
  g_clear_object (&self->domain);

  G_OBJECT_CLASS (vireo_snapshots_page_parent_class)->dispose (object);
}

static void
vireo_snapshots_page_finalize (GObject *object)
{
  VireoSnapshotsPage *self = VIREO_SNAPSHOTS_PAGE (object);

  g_free (self->selected_name);

  G_OBJECT_CLASS (vireo_snapshots_page_parent_class)->finalize (object);
}

static void
vireo_snapshots_page_class_init (VireoSnapshotsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_snapshots_page_dispose;
  object_class->finalize = vireo_snapshots_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/vireo/Vireo/vireo-snapshots-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoSnapshotsPage, busy_revealer);
  gtk_widget_class_bind_template_child (widget_class, VireoSnapshotsPage, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, VireoSnapshotsPage, busy_label);
  gtk_widget_class_bind_template_child (widget_class, VireoSnapshotsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VireoSnapshotsPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, VireoSnapshotsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, VireoSnapshotsPage, empty_reason_label);
  gtk_widget_class_bind_template_child (widget_class, VireoSnapshotsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, VireoSnapshotsPage, empty_create_button);
  gtk_widget_class_bind_template_child (widget_class, VireoSnapshotsPage, create_button);
  gtk_widget_class_bind_template_child (widget_class, VireoSnapshotsPage, revert_button);
  gtk_widget_class_bind_template_child (widget_class, VireoSnapshotsPage, edit_button);
  gtk_widget_class_bind_template_child (widget_class, VireoSnapshotsPage, delete_button);
  gtk_widget_class_bind_template_child (widget_class, VireoSnapshotsPage, reason_label);
  gtk_widget_class_bind_template_child (widget_class, VireoSnapshotsPage, list_view);

  gtk_widget_class_install_action (widget_class, "snapshots.create", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "snapshots.revert", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "snapshots.delete", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "snapshots.edit-description", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "snapshots.reload", NULL, page_action);
  /* the Delete key on the selected snapshot, as on a VM in the list */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "snapshots.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "snapshots.delete", NULL);
}

static void
vireo_snapshots_page_init (VireoSnapshotsPage *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  gtk_single_selection_set_can_unselect (self->selection, FALSE);
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (factory_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (factory_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (factory_unbind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  self->dirty = TRUE;
  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);

  self->domain_signals = g_signal_group_new (VIREO_TYPE_DOMAIN);
  g_signal_group_connect_swapped (self->domain_signals, "snapshots-changed",
                                  G_CALLBACK (snapshots_changed_cb), self);
  /* what can be done changes with the VM's state and its connection's */
  g_signal_group_connect_swapped (self->domain_signals, "notify::state",
                                  G_CALLBACK (queue_update), self);
  g_signal_group_connect_swapped (self->domain_signals, "notify::available",
                                  G_CALLBACK (queue_update), self);
  g_signal_group_connect_swapped (self->domain_signals, "notify::removed",
                                  G_CALLBACK (queue_update), self);
  self->connection_signals = g_signal_group_new (VIREO_TYPE_CONNECTION);
  g_signal_group_connect_swapped (self->connection_signals, "notify::state",
                                  G_CALLBACK (queue_update), self);
  g_signal_group_connect_swapped (self->connection_signals, "notify::read-only",
                                  G_CALLBACK (queue_update), self);

  if (live_pages == NULL)
    live_pages = g_ptr_array_new ();
  g_ptr_array_add (live_pages, self);
}

GtkWidget *
vireo_snapshots_page_new (VireoDomain *domain)
{
  VireoSnapshotsPage *self;

  g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

  self = g_object_new (VIREO_TYPE_SNAPSHOTS_PAGE, NULL);
  self->domain = g_object_ref (domain);
  g_signal_group_set_target (self->domain_signals, domain);
  g_signal_group_set_target (self->connection_signals, vireo_domain_get_connection (domain));
  vireo_snapshots_page_update (self);
  return GTK_WIDGET (self);
}

VireoDomain *
vireo_snapshots_page_get_domain (VireoSnapshotsPage *self)
{
  g_return_val_if_fail (VIREO_IS_SNAPSHOTS_PAGE (self), NULL);

  return self->domain;
}

gboolean
vireo_snapshots_page_get_loaded (VireoSnapshotsPage *self)
{
  g_return_val_if_fail (VIREO_IS_SNAPSHOTS_PAGE (self), FALSE);

  return self->loaded && !self->loading && !self->dirty;
}
