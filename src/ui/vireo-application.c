/* vireo-application.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application: the live figures' settings, its windows, help, start-up
 * and the command line. Its connections are in -connections.c, its actions
 * in -actions.c (see vireo-application-private.h).
 */
#define G_LOG_DOMAIN "vireo-application"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vireo-application-private.h"
#include "vireo-vm-window.h"

G_DEFINE_FINAL_TYPE (VireoApplication, vireo_application, ADW_TYPE_APPLICATION)

/* "show-uri" (const char *uri) → gboolean: shows @uri (a help: URI, or the
 * file:// URI of a help page's HTML or source) with the desktop's handler, unless a
 * handler returns TRUE first (the tests see what would be shown) */
enum { SIGNAL_SHOW_URI, N_SIGNALS };
static guint signals[N_SIGNALS];


/* -- live figures ----------------------------------------------------- */

/* the polling preferences, applied to the sampler of @connection */
static void
apply_stats_settings_to (VireoApplication *self,
                         VireoConnection  *connection)
{
  VireoStatsSampler *sampler;
  VireoStatsGroups groups = 0;

  if (self->settings == NULL)
    return;
  sampler = vireo_connection_get_sampler (connection);

  if (g_settings_get_boolean (self->settings, "stats-cpu"))
    groups |= VIREO_STATS_GROUP_CPU;
  if (g_settings_get_boolean (self->settings, "stats-memory"))
    groups |= VIREO_STATS_GROUP_MEMORY;
  if (g_settings_get_boolean (self->settings, "stats-disk"))
    groups |= VIREO_STATS_GROUP_DISK;
  if (g_settings_get_boolean (self->settings, "stats-network"))
    groups |= VIREO_STATS_GROUP_NETWORK;

  vireo_stats_sampler_set_interval (sampler, g_settings_get_uint (self->settings, "stats-interval"));
  vireo_stats_sampler_set_history_length (sampler,
                                          g_settings_get_uint (self->settings, "stats-history"));
  vireo_stats_sampler_set_groups (sampler, groups);
}

/* every connection's sampler follows the preferences: when a connection is
 * added, and whenever a stats-* key changes */
static void
apply_stats_settings (VireoApplication *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VireoConnection) connection =
        g_list_model_get_item (G_LIST_MODEL (self->connections), i);

      apply_stats_settings_to (self, connection);
    }
}

static void
stats_setting_changed_cb (GSettings        *settings,
                          const char       *key,
                          VireoApplication *self)
{
  if (g_str_has_prefix (key, "stats-"))
    apply_stats_settings (self);
}

static void
connections_changed_cb (GListModel       *connections,
                        guint             position,
                        guint             removed,
                        guint             added,
                        VireoApplication *self)
{
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(VireoConnection) connection = g_list_model_get_item (connections, position + i);

      apply_stats_settings_to (self, connection);
    }
}

/* -- windows ---------------------------------------------------------- */

static VireoManagerWindow *
get_manager_window (VireoApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (VIREO_IS_MANAGER_WINDOW (l->data))
      return l->data;
  return NULL;
}

static VireoManagerWindow *
ensure_manager_window (VireoApplication *self)
{
  VireoManagerWindow *window = get_manager_window (self);

  if (window == NULL)
    window = VIREO_MANAGER_WINDOW (vireo_manager_window_new (self));
  vireo_manager_window_set_no_hypervisor (window, self->no_hypervisor);
  return window;
}

GtkWindow *
_vireo_application_get_parent_window (VireoApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (get_manager_window (self));
  return window;
}

void
_vireo_application_set_no_hypervisor (VireoApplication *self,
                                      gboolean          no_hypervisor)
{
  VireoManagerWindow *window;

  self->no_hypervisor = !!no_hypervisor;
  window = get_manager_window (self);
  if (window != NULL)
    vireo_manager_window_set_no_hypervisor (window, self->no_hypervisor);
}

static void
vm_window_destroy_cb (GtkWidget        *window,
                      VireoApplication *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->vm_windows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (value == window)
      {
        g_hash_table_iter_remove (&iter);
        break;
      }
}

void
vireo_application_show_domain (VireoApplication *self,
                               VireoDomain      *domain)
{
  GtkWidget *window;

  g_return_if_fail (VIREO_IS_APPLICATION (self));
  g_return_if_fail (VIREO_IS_DOMAIN (domain));

  window = g_hash_table_lookup (self->vm_windows, domain);
  if (window == NULL)
    {
      window = vireo_vm_window_new (GTK_APPLICATION (self), domain);
      /* the key keeps the domain alive as long as its window */
      g_hash_table_insert (self->vm_windows, g_object_ref (domain), window);
      g_signal_connect_object (window, "destroy", G_CALLBACK (vm_window_destroy_cb), self, 0);
    }
  gtk_window_present (GTK_WINDOW (window));
}

/* -- help ------------------------------------------------------------- */

/* says @text where the person asked for help: a toast in the manager
 * window, a message dialog over any other window */
static void
tell_about_help (VireoApplication *self,
                 const char       *text)
{
  GtkWindow *parent = _vireo_application_get_parent_window (self);
  GtkWidget *dialog;

  if (VIREO_IS_MANAGER_WINDOW (parent))
    {
      vireo_manager_window_add_toast (VIREO_MANAGER_WINDOW (parent), text);
      return;
    }
  dialog = adw_message_dialog_new (parent, _("Help Is Not Available"), text);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
help_source_shown_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(VireoApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error))
    {
      g_debug ("Could not show the help page's source: %s", error->message);
      tell_about_help (self, _("No help viewer is installed. Install Yelp (GNOME Help) to "
                               "read Vireo’s help."));
    }
}

/* the Mallard source of @page (NULL: the front page): installed, or in the
 * source tree when Vireo runs from its build directory */
static char *
find_help_source (const char *page)
{
  g_autofree char *file = g_strconcat (page ? page : "index", ".page", NULL);
  g_autofree char *installed = g_build_filename (PKGDATADIR, "..", "help", "C", "vireo", file, NULL);
  g_autofree char *source = g_build_filename (SOURCE_DATADIR, "..", "help", "C", file, NULL);
  const char *candidates[] = { installed, source };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (g_file_test (candidates[i], G_FILE_TEST_IS_REGULAR))
      return g_canonicalize_filename (candidates[i], NULL);
  return NULL;
}

/* the HTML of @page (NULL: the front page), made with yelp-build at build
 * time: installed, or in the build tree when Vireo runs from it; NULL when
 * it was not built (no yelp-build) */
static char *
find_help_html (const char *page)
{
  g_autofree char *file = g_strconcat (page ? page : "index", ".html", NULL);
  g_autofree char *installed = g_build_filename (PKGDATADIR, "html", file, NULL);
  g_autofree char *built = g_build_filename (BUILD_HELPDIR, file, NULL);
  const char *candidates[] = { installed, built };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (g_file_test (candidates[i], G_FILE_TEST_IS_REGULAR))
      return g_canonicalize_filename (candidates[i], NULL);
  return NULL;
}

/* no help viewer: the page as HTML in the web browser, else the page's
 * source, else a word about it */
static void
show_help_source (VireoApplication *self,
                  const char       *page)
{
  g_autofree char *html = find_help_html (page);
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  gboolean handled = FALSE;

  if (html != NULL)
    {
      uri = g_filename_to_uri (html, NULL, NULL);
      tell_about_help (self, _("Yelp, the help viewer, is not installed: showing the help in "
                               "the web browser instead."));
      g_signal_emit (self, signals[SIGNAL_SHOW_URI], 0, uri, &handled);
      return;
    }

  path = find_help_source (page);
  if (path == NULL)
    {
      tell_about_help (self, _("No help viewer is installed. Install Yelp (GNOME Help) to "
                               "read Vireo’s help."));
      return;
    }
  uri = g_filename_to_uri (path, NULL, NULL);
  tell_about_help (self, _("Yelp, the help viewer, is not installed: showing the help page’s "
                           "source instead."));
  g_signal_emit (self, signals[SIGNAL_SHOW_URI], 0, uri, &handled);
}

typedef struct
{
  VireoApplication *self;  /* owned */
  char             *page;  /* NULL: the front page */
} HelpData;

static void
help_data_free (HelpData *data)
{
  g_clear_object (&data->self);
  g_free (data->page);
  g_free (data);
}

static void
help_shown_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  HelpData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error))
    {
      g_debug ("Could not show the help: %s", error->message);
      show_help_source (data->self, data->page);
    }
  help_data_free (data);
}

/* the default "show-uri" handler: the desktop's handler for @uri */
static gboolean
vireo_application_real_show_uri (VireoApplication *self,
                                 const char       *uri)
{
  GtkWindow *parent = _vireo_application_get_parent_window (self);

  if (g_str_has_prefix (uri, "help:"))
    {
      HelpData *data = g_new0 (HelpData, 1);
      const char *slash = strchr (uri, '/');

      data->self = g_object_ref (self);
      data->page = slash ? g_strdup (slash + 1) : NULL;
      gtk_show_uri_full (parent, uri, GDK_CURRENT_TIME, NULL, help_shown_cb, data);
    }
  else
    gtk_show_uri_full (parent, uri, GDK_CURRENT_TIME, NULL, help_source_shown_cb, g_object_ref (self));
  return TRUE;
}

void
_vireo_application_show_help (VireoApplication *self,
                              const char       *page)
{
  g_autofree char *yelp = NULL;
  g_autofree char *uri = NULL;
  gboolean handled = FALSE;

  /* without Yelp, help: URIs have no handler */
  yelp = g_find_program_in_path ("yelp");
  if (yelp == NULL)
    {
      show_help_source (self, page);
      return;
    }
  uri = page ? g_strconcat ("help:vireo/", page, NULL) : g_strdup ("help:vireo");
  g_signal_emit (self, signals[SIGNAL_SHOW_URI], 0, uri, &handled);
}

/* -- start-up --------------------------------------------------------- */

/* libvirt's SSH transport runs ssh without a terminal: let ssh ask the
 * person through our dialog (passwords, unknown host keys) unless they
 * chose their own askpass program. Only the installed helper: a program
 * that asks for passwords never comes from a build folder (anyone who can
 * write there would read them); running from the build tree, set
 * SSH_ASKPASS=<build>/src/ui/vireo-ssh-askpass and SSH_ASKPASS_REQUIRE=force. */
static void
setup_ssh_askpass (void)
{
  static const char askpass[] = LIBEXECDIR "/vireo-ssh-askpass";

  if (g_getenv ("SSH_ASKPASS") != NULL)
    return;
  if (g_file_test (askpass, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_setenv ("SSH_ASKPASS", askpass, TRUE);
      g_setenv ("SSH_ASKPASS_REQUIRE", "force", TRUE);
    }
}

static void
vireo_application_startup (GApplication *application)
{
  VireoApplication *self = VIREO_APPLICATION (application);
  GSettingsSchemaSource *source;
  g_autoptr(GSettingsSchema) schema = NULL;

  G_APPLICATION_CLASS (vireo_application_parent_class)->startup (application);

  vireo_core_init ();
  setup_ssh_askpass ();

  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL)
    self->settings = g_settings_new (APP_ID);
  else
    g_warning ("The GSettings schema %s is not installed; connections will not be saved", APP_ID);

  _vireo_application_install_actions (self);

  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed",
                             G_CALLBACK (stats_setting_changed_cb), self, 0);
  apply_stats_settings (self);
}

static void
vireo_application_shutdown (GApplication *application)
{
  VireoApplication *self = VIREO_APPLICATION (application);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));

  g_cancellable_cancel (self->cancellable);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VireoConnection) connection =
        g_list_model_get_item (G_LIST_MODEL (self->connections), i);

      vireo_connection_close (connection);
    }

  G_APPLICATION_CLASS (vireo_application_parent_class)->shutdown (application);
}

static void
vireo_application_activate (GApplication *application)
{
  VireoApplication *self = VIREO_APPLICATION (application);
  VireoManagerWindow *window;

  if (!self->started)
    {
      self->started = TRUE;
      _vireo_application_open_saved_connections (self);   /* before the window: see command_line */
    }
  window = ensure_manager_window (self);
  gtk_window_present (GTK_WINDOW (window));
}

/* -- --show-domain-console ------------------------------------------------ */

/* waits for the VM called "vireo-console-name" to appear in @model's
 * connection, then opens its window on the Console page */
static gboolean
show_console_if_listed (VireoApplication *self,
                        GListModel       *model)
{
  const char *name = g_object_get_data (G_OBJECT (model), "vireo-console-name");
  guint n = g_list_model_get_n_items (model);

  if (name == NULL)
    return TRUE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VireoDomain) domain = g_list_model_get_item (model, i);

      if (g_strcmp0 (vireo_domain_get_name (domain), name) == 0)
        {
          GtkWidget *window;

          vireo_application_show_domain (self, domain);
          window = g_hash_table_lookup (self->vm_windows, domain);
          if (window != NULL)
            gtk_widget_activate_action (window, "vm.show-page", "s", "console");
          return TRUE;
        }
    }
  return FALSE;
}

static void
console_domains_changed_cb (GListModel       *model,
                            guint             position,
                            guint             removed,
                            guint             added,
                            VireoApplication *self)
{
  if (show_console_if_listed (self, model))
    {
      g_signal_handlers_disconnect_by_func (model, console_domains_changed_cb, self);
      g_object_set_data (G_OBJECT (model), "vireo-console-name", NULL);
    }
}

static void
show_domain_console (VireoApplication *self,
                     VireoConnection  *connection,
                     const char       *name)
{
  GListModel *model = vireo_connection_get_domains (connection);

  g_object_set_data_full (G_OBJECT (model), "vireo-console-name", g_strdup (name), g_free);
  if (!show_console_if_listed (self, model))
    g_signal_connect_object (model, "items-changed", G_CALLBACK (console_domains_changed_cb), self, 0);
  else
    g_object_set_data (G_OBJECT (model), "vireo-console-name", NULL);
}

static int
vireo_application_command_line (GApplication            *application,
                                GApplicationCommandLine *command_line)
{
  VireoApplication *self = VIREO_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree const char **uris = NULL;
  gboolean demo = FALSE;
  gboolean creator = FALSE;
  const char *console_name = NULL;
  VireoConnection *first = NULL;
  VireoManagerWindow *window;

  g_variant_dict_lookup (options, "connect", "^a&s", &uris);
  g_variant_dict_lookup (options, "show-domain-console", "&s", &console_name);
  g_variant_dict_lookup (options, "demo", "b", &demo);
  g_variant_dict_lookup (options, "show-domain-creator", "b", &creator);

  if ((uris == NULL || uris[0] == NULL) && !demo)
    {
      g_application_activate (application);
      if (creator)
        _vireo_application_show_new_vm_wizard (self, NULL);
      return 0;
    }

  /* Open first, build the window after: libvirt works on the connection's
   * worker while the window is made (a big host file takes ~0.2 s). */
  self->started = TRUE;  /* --connect / --demo replace the saved set */
  for (guint i = 0; uris != NULL && uris[i] != NULL; i++)
    {
      VireoConnection *connection = vireo_application_add_connection (self, uris[i], FALSE, FALSE);

      if (first == NULL)
        first = connection;
    }
  /* --show-domain-console looks in the first host given: --demo's when it is the only one */
  if (demo)
    {
      VireoConnection *demo_connection = _vireo_application_open_demo (self);

      if (first == NULL)
        first = demo_connection;
    }
  window = ensure_manager_window (self);
  gtk_window_present (GTK_WINDOW (window));
  if (console_name != NULL)
    {
      if (first != NULL)
        show_domain_console (self, first, console_name);
      else
        g_application_command_line_printerr (command_line, "%s\n",
                                             _("--show-domain-console needs --connect URI or --demo"));
    }
  if (creator)
    _vireo_application_show_new_vm_wizard (self, NULL);

  return 0;
}

static int
vireo_application_handle_local_options (GApplication *application,
                                        GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("vireo %s\n", PACKAGE_VERSION);
      return 0;
    }
  return -1;
}

static void
vireo_application_dispose (GObject *object)
{
  VireoApplication *self = VIREO_APPLICATION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->vm_windows, g_hash_table_unref);
  g_clear_pointer (&self->host_windows, g_hash_table_unref);
  g_clear_object (&self->connections);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (vireo_application_parent_class)->dispose (object);
}

static void
vireo_application_class_init (VireoApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = vireo_application_dispose;
  app_class->startup = vireo_application_startup;
  app_class->shutdown = vireo_application_shutdown;
  app_class->activate = vireo_application_activate;
  app_class->command_line = vireo_application_command_line;
  app_class->handle_local_options = vireo_application_handle_local_options;

  signals[SIGNAL_SHOW_URI] =
    g_signal_new_class_handler ("show-uri", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                G_CALLBACK (vireo_application_real_show_uri),
                                g_signal_accumulator_true_handled, NULL, NULL,
                                G_TYPE_BOOLEAN, 1, G_TYPE_STRING);
}

static void
vireo_application_init (VireoApplication *self)
{
  static const GOptionEntry options[] = {
    { "connect", 'c', 0, G_OPTION_ARG_STRING_ARRAY, NULL,
      N_("Open the connection to URI instead of the saved ones (may be repeated)"), N_("URI") },
    { "show-domain-console", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Open the console of the virtual machine NAME (with --connect)"), N_("NAME") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Open the demo host (libvirt's test driver)"), NULL },
    { "show-domain-creator", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Open the New Virtual Machine assistant"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show the version and exit"), NULL },
    { NULL }
  };

  self->connections = g_list_store_new (VIREO_TYPE_CONNECTION);
  self->vm_windows = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);
  self->host_windows = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);
  g_signal_connect (self->connections, "items-changed", G_CALLBACK (connections_changed_cb), self);
  self->cancellable = g_cancellable_new ();

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Vireo manages virtual machines through libvirt."));
}

VireoApplication *
vireo_application_new (void)
{
  return g_object_new (VIREO_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/org/vireo/Vireo",
                       NULL);
}
