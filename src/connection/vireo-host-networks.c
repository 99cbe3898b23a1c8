/* vireo-host-networks.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A host's virtual networks as one GListModel per connection, read on the
 * connection's worker whenever libvirt says a network changed
 * ("networks-changed") and after each change made here; the blocking
 * halves of the changes, the leases and the users.
 */
#define G_LOG_DOMAIN "vireo-host-networks"

#include "config.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>

#include "vireo-connection-private.h"
#include "vireo-domain-scan-private.h"
#include "vireo-error.h"
#include "vireo-host-networks.h"
#include "vireo-uri.h"
#include "vireo-xml.h"

#define DATA_KEY "vireo-host-networks"

struct _VireoHostNetworks
{
  GObject       parent_instance;

  GWeakRef      connection;
  GPtrArray    *items;          /* VireoNetwork, sorted by name */
  GCancellable *cancellable;
  GPtrArray    *waiting;        /* JobRun: changes answered after the next read */
  guint         loads_started;
  guint         loads_done;
  guint         loading : 1;
  guint         load_again : 1;
  guint         loaded : 1;
};

static void finish_waiting (VireoHostNetworks *self, gboolean all);

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VireoHostNetworks, vireo_host_networks, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum { PROP_0, PROP_LOADED, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

void
vireo_network_lease_free (VireoNetworkLease *lease)
{
  if (lease == NULL)
    return;
  g_free (lease->mac);
  g_free (lease->ip);
  g_free (lease->hostname);
  g_free (lease->vm);
  g_free (lease);
}

/* -- GListModel -------------------------------------------------------------- */

static GType
get_item_type (GListModel *model)
{
  return VIREO_TYPE_NETWORK;
}

static guint
get_n_items (GListModel *model)
{
  return VIREO_HOST_NETWORKS (model)->items->len;
}

static gpointer
get_item (GListModel *model, guint position)
{
  VireoHostNetworks *self = VIREO_HOST_NETWORKS (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* -- reading the list ---------------------------------------------------------- */

typedef struct
{
  char    *name;
  char    *xml;
  gboolean active;
  gboolean autostart;
  gboolean persistent;
} NetworkSnapshot;

static void
snapshot_free (NetworkSnapshot *snap)
{
  g_free (snap->name);
  g_free (snap->xml);
  g_free (snap);
}

static int
compare_snapshots (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 ((*(NetworkSnapshot **) a)->name, (*(NetworkSnapshot **) b)->name);
}

static virConnectPtr
open_handle (GTask *task, VireoConnection *connection)
{
  virConnectPtr handle = connection != NULL ? vireo_connection_ref_handle (connection) : NULL;

  if (handle == NULL)
    g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_DISCONNECTED, _("The connection is not open."));
  return handle;
}

static void
load_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  VireoConnection *connection = task_data;
  virConnectPtr handle = open_handle (task, connection);
  g_autoptr (GPtrArray) snaps = NULL;
  virNetworkPtr *networks = NULL;
  int n;

  if (handle == NULL)
    return;
  n = virConnectListAllNetworks (handle, &networks, 0);
  if (n < 0)
    {
      g_task_return_error (task, vireo_error_new_from_libvirt (_("Could not list the virtual networks")));
      virResetLastError ();
      virConnectClose (handle);
      return;
    }
  snaps = g_ptr_array_new_with_free_func ((GDestroyNotify) snapshot_free);
  for (int i = 0; i < n; i++)
    {
      const char *name = virNetworkGetName (networks[i]);
      int autostart = 0;

      if (name != NULL && snaps->len < VIREO_HOST_NETWORKS_MAX && g_utf8_validate (name, -1, NULL))
        {
          NetworkSnapshot *snap = g_new0 (NetworkSnapshot, 1);
          char *xml = virNetworkGetXMLDesc (networks[i], 0);

          snap->name = g_strndup (name, VIREO_NETWORK_TEXT_MAX);
          snap->xml = g_strdup (xml);
          free (xml);
          snap->active = virNetworkIsActive (networks[i]) == 1;
          snap->persistent = virNetworkIsPersistent (networks[i]) == 1;
          snap->autostart = virNetworkGetAutostart (networks[i], &autostart) == 0 && autostart;
          g_ptr_array_add (snaps, snap);
        }
      virNetworkFree (networks[i]);
    }
  free (networks);
  virResetLastError ();
  virConnectClose (handle);
  g_ptr_array_sort (snaps, compare_snapshots);
  g_task_return_pointer (task, g_steal_pointer (&snaps), (GDestroyNotify) g_ptr_array_unref);
}

static void load (VireoHostNetworks *self);

static void
merge (VireoHostNetworks *self, GPtrArray *snaps)
{
  guint i = 0, j = 0;

  /* both sorted by name: walk them together */
  while (i < self->items->len || j < snaps->len)
    {
      VireoNetwork *item = i < self->items->len ? g_ptr_array_index (self->items, i) : NULL;
      NetworkSnapshot *snap = j < snaps->len ? g_ptr_array_index (snaps, j) : NULL;
      int cmp = item == NULL ? 1 : snap == NULL ? -1 : g_strcmp0 (vireo_network_get_name (item), snap->name);

      if (cmp < 0)
        {
          g_ptr_array_remove_index (self->items, i);
          g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 0);
        }
      else if (cmp > 0)
        {
          VireoNetwork *network = _vireo_network_new (snap->name);

          _vireo_network_update (network, snap->active, snap->autostart, snap->persistent, snap->xml);
          g_ptr_array_insert (self->items, (int) i, network);
          g_list_model_items_changed (G_LIST_MODEL (self), i, 0, 1);
          i++;
          j++;
        }
      else
        {
          _vireo_network_update (item, snap->active, snap->autostart, snap->persistent, snap->xml);
          i++;
          j++;
        }
    }
}

static void
load_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VireoHostNetworks *self = VIREO_HOST_NETWORKS (object);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) snaps = g_task_propagate_pointer (G_TASK (result), &error);

  self->loading = FALSE;
  self->loads_done = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (result), "load"));
  if (snaps != NULL)
    {
      merge (self, snaps);
      if (!self->loaded)
        {
          self->loaded = TRUE;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
        }
      g_signal_emit (self, signals[CHANGED], 0);
    }
  else if (!g_error_matches (error, VIREO_ERROR, VIREO_ERROR_DISCONNECTED))
    g_debug ("networks not read: %s", error->message);
  finish_waiting (self, FALSE);
  if (self->load_again)
    load (self);
}

static void
load (VireoHostNetworks *self)
{
  g_autoptr (VireoConnection) connection = g_weak_ref_get (&self->connection);
  g_autoptr (GTask) task = NULL;

  if (connection == NULL)
    return;
  if (self->loading)
    {
      self->load_again = TRUE;
      return;
    }
  self->loading = TRUE;
  self->load_again = FALSE;
  task = g_task_new (self, self->cancellable, load_done, NULL);
  g_object_set_data (G_OBJECT (task), "load", GUINT_TO_POINTER (++self->loads_started));
  g_task_set_source_tag (task, load);
  g_task_set_task_data (task, g_object_ref (connection), g_object_unref);
  vireo_connection_run_in_worker (connection, task, load_thread);
}

void
vireo_host_networks_reload (VireoHostNetworks *self)
{
  g_return_if_fail (VIREO_IS_HOST_NETWORKS (self));
  load (self);
}

static void
networks_changed_cb (VireoConnection   *connection,
                     const char        *name,
                     VireoHostNetworks *self)
{
  load (self);
}

/* -- the object ------------------------------------------------------------------ */

VireoHostNetworks *
vireo_host_networks_get (VireoConnection *connection)
{
  VireoHostNetworks *self;

  g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);

  self = g_object_get_data (G_OBJECT (connection), DATA_KEY);
  if (self != NULL)
    return g_object_ref (self);
  self = g_object_new (VIREO_TYPE_HOST_NETWORKS, NULL);
  g_weak_ref_set (&self->connection, connection);
  /* the connection keeps the list; the list only a weak reference back */
  g_object_set_data_full (G_OBJECT (connection), DATA_KEY, g_object_ref (self), g_object_unref);
  g_signal_connect_object (connection, "networks-changed", G_CALLBACK (networks_changed_cb), self, 0);
  if (vireo_connection_get_state (connection) == VIREO_CONNECTION_STATE_CONNECTED)
    load (self);
  return self;
}

VireoConnection *
vireo_host_networks_get_connection (VireoHostNetworks *self)
{
  g_autoptr (VireoConnection) connection = NULL;

  g_return_val_if_fail (VIREO_IS_HOST_NETWORKS (self), NULL);
  /* borrowed: the connection holds this list, so it outlives every caller's use */
  connection = g_weak_ref_get (&self->connection);
  return connection;
}

gboolean
vireo_host_networks_get_loaded (VireoHostNetworks *self)
{
  g_return_val_if_fail (VIREO_IS_HOST_NETWORKS (self), FALSE);
  return self->loaded;
}

VireoNetwork *
vireo_host_networks_lookup (VireoHostNetworks *self,
                            const char        *name)
{
  g_return_val_if_fail (VIREO_IS_HOST_NETWORKS (self), NULL);

  for (guint i = 0; i < self->items->len; i++)
    if (g_strcmp0 (vireo_network_get_name (g_ptr_array_index (self->items, i)), name) == 0)
      return g_ptr_array_index (self->items, i);
  return NULL;
}

static void
vireo_host_networks_dispose (GObject *object)
{
  VireoHostNetworks *self = VIREO_HOST_NETWORKS (object);

  g_cancellable_cancel (self->cancellable);
  finish_waiting (self, TRUE);
  G_OBJECT_CLASS (vireo_host_networks_parent_class)->dispose (object);
}

static void
vireo_host_networks_finalize (GObject *object)
{
  VireoHostNetworks *self = VIREO_HOST_NETWORKS (object);

  g_weak_ref_clear (&self->connection);
  g_ptr_array_unref (self->items);
  g_ptr_array_unref (self->waiting);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (vireo_host_networks_parent_class)->finalize (object);
}

static void
vireo_host_networks_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  VireoHostNetworks *self = VIREO_HOST_NETWORKS (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_host_networks_class_init (VireoHostNetworksClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vireo_host_networks_dispose;
  object_class->finalize = vireo_host_networks_finalize;
  object_class->get_property = vireo_host_networks_get_property;

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VireoHostNetworks::changed:
   *
   * The list was read again (after a network event or a change made
   * through it): the networks, their state and settings are current.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vireo_host_networks_init (VireoHostNetworks *self)
{
  g_weak_ref_init (&self->connection, NULL);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->waiting = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
}

/* -- changes: the worker's halves --------------------------------------------------- */

typedef struct
{
  VireoConnection    *connection;
  char               *name;
  VireoNetworkAction  action;
  char               *xml;
  VireoNetworkDef    *def;
  gboolean            start;
  gboolean            autostart;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->connection);
  g_free (job->name);
  g_free (job->xml);
  vireo_network_def_free (job->def);
  g_free (job);
}

/* Runs @thread on @self's connection; the list is read again before
 * @callback gets the result, so it shows the change */
static void
run_job (VireoHostNetworks *self,
         gpointer           source_tag,
         Job               *job,
         GTaskThreadFunc    thread,
         GCancellable      *cancellable,
         GAsyncReadyCallback callback,
         gpointer           user_data);

static void
action_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  Job *job = task_data;
  virConnectPtr handle = open_handle (task, job->connection);
  virNetworkPtr network;
  gboolean ok = FALSE;
  g_autofree char *message = NULL;

  if (handle == NULL)
    return;
  switch (job->action)
    {
    case VIREO_NETWORK_ACTION_START:
      message = g_strdup_printf (_("Could not start the virtual network “%s”"), job->name);
      break;
    case VIREO_NETWORK_ACTION_STOP:
      message = g_strdup_printf (_("Could not stop the virtual network “%s”"), job->name);
      break;
    case VIREO_NETWORK_ACTION_AUTOSTART_ON:
    case VIREO_NETWORK_ACTION_AUTOSTART_OFF:
      message = g_strdup_printf (_("Could not change whether the virtual network “%s” starts with the host"),
                                 job->name);
      break;
    case VIREO_NETWORK_ACTION_DELETE:
    default:
      message = g_strdup_printf (_("Could not delete the virtual network “%s”"), job->name);
      break;
    }
  network = virNetworkLookupByName (handle, job->name);
  if (network != NULL)
    switch (job->action)
      {
      case VIREO_NETWORK_ACTION_START:
        ok = virNetworkIsActive (network) == 1 || virNetworkCreate (network) == 0;
        break;
      case VIREO_NETWORK_ACTION_STOP:
        ok = virNetworkIsActive (network) != 1 || virNetworkDestroy (network) == 0;
        break;
      case VIREO_NETWORK_ACTION_AUTOSTART_ON:
      case VIREO_NETWORK_ACTION_AUTOSTART_OFF:
        ok = virNetworkSetAutostart (network, job->action == VIREO_NETWORK_ACTION_AUTOSTART_ON) == 0;
        break;
      case VIREO_NETWORK_ACTION_DELETE:
      default:
        ok = virNetworkIsActive (network) != 1 || virNetworkDestroy (network) == 0;
        /* a transient network is gone once stopped */
        if (ok && virNetworkIsPersistent (network) == 1)
          ok = virNetworkUndefine (network) == 0;
        break;
      }
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, vireo_error_new_from_libvirt (message));
  virResetLastError ();
  if (network != NULL)
    virNetworkFree (network);
  virConnectClose (handle);
}

void
vireo_host_networks_action_async (VireoHostNetworks  *self,
                                  const char         *name,
                                  VireoNetworkAction  action,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  Job *job;

  g_return_if_fail (VIREO_IS_HOST_NETWORKS (self));
  g_return_if_fail (name != NULL);

  job = g_new0 (Job, 1);
  job->name = g_strdup (name);
  job->action = action;
  run_job (self, vireo_host_networks_action_async, job, action_thread, cancellable, callback, user_data);
}

gboolean
vireo_host_networks_action_finish (VireoHostNetworks *self,
                                   GAsyncResult      *result,
                                   GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* defines @xml; the network, or NULL with @error */
static virNetworkPtr
define_xml (virConnectPtr handle, const char *xml, const char *what, GError **error)
{
  virNetworkPtr network = virNetworkDefineXMLFlags (handle, xml, VIR_NETWORK_DEFINE_VALIDATE);

  if (network == NULL && virGetLastErrorCode () == VIR_ERR_NO_SUPPORT)
    {
      virResetLastError ();
      network = virNetworkDefineXML (handle, xml);
    }
  if (network == NULL)
    g_propagate_error (error, vireo_error_new_from_libvirt (what));
  virResetLastError ();
  return network;
}

static void
define_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (xmlDoc) doc = NULL;
  g_autofree char *name = NULL;
  virConnectPtr handle;
  virNetworkPtr network;

  doc = vireo_xml_parse (job->xml, "network", &error);
  if (doc == NULL)
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_FAILED,
                               _("This is not a network’s XML: %s"), error->message);
      return;
    }
  name = vireo_xml_child_text (vireo_xml_root (doc), "name");
  if (job->name != NULL && g_strcmp0 (name, job->name) != 0)
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_FAILED,
                               _("The XML must keep the name “%s”: a network cannot be renamed."), job->name);
      return;
    }
  handle = open_handle (task, job->connection);
  if (handle == NULL)
    return;
  network = define_xml (handle, job->xml, _("Could not save the virtual network"), &error);
  if (network == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    {
      g_task_return_boolean (task, TRUE);
      virNetworkFree (network);
    }
  virConnectClose (handle);
}

void
vireo_host_networks_define_xml_async (VireoHostNetworks  *self,
                                      const char         *xml,
                                      const char         *expected_name,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  Job *job;

  g_return_if_fail (VIREO_IS_HOST_NETWORKS (self));
  g_return_if_fail (xml != NULL);

  job = g_new0 (Job, 1);
  job->xml = g_strdup (xml);
  job->name = g_strdup (expected_name);
  run_job (self, vireo_host_networks_define_xml_async, job, define_thread, cancellable, callback, user_data);
}

gboolean
vireo_host_networks_define_xml_finish (VireoHostNetworks *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* -- subnets in use --------------------------------------------------------------- */

typedef struct
{
  VireoSubnet subnet;
  char       *owner;   /* "the network “default”", "the host’s interface eth0" */
} UsedSubnet;

static void
used_subnet_clear (gpointer ptr)
{
  g_free (((UsedSubnet *) ptr)->owner);
}

static void
add_used (GArray *used, const char *address, guint prefix, char *owner)
{
  UsedSubnet entry = { 0 };

  if (used->len >= VIREO_HOST_NETWORKS_MAX || !vireo_subnet_parse (address, prefix, &entry.subnet))
    {
      g_free (owner);
      return;
    }
  entry.owner = owner;
  g_array_append_val (used, entry);
}

static void
collect_local_addresses (GArray *used)
{
  struct ifaddrs *addrs = NULL;

  if (getifaddrs (&addrs) != 0)
    return;
  for (struct ifaddrs *a = addrs; a != NULL; a = a->ifa_next)
    {
      char text[INET_ADDRSTRLEN];
      guint32 mask;
      guint prefix = 0;

      if (a->ifa_addr == NULL || a->ifa_addr->sa_family != AF_INET || a->ifa_netmask == NULL ||
          (a->ifa_flags & IFF_LOOPBACK))
        continue;
      mask = ntohl (((struct sockaddr_in *) a->ifa_netmask)->sin_addr.s_addr);
      while (mask & 0x80000000u)
        {
          prefix++;
          mask <<= 1;
        }
      if (inet_ntop (AF_INET, &((struct sockaddr_in *) a->ifa_addr)->sin_addr, text, sizeof text) != NULL)
        add_used (used, text, prefix,
                  g_strdup_printf (_("the host’s interface %s"), a->ifa_name != NULL ? a->ifa_name : "?"));
    }
  freeifaddrs (addrs);
}

/* a remote host's addresses, from libvirt's interface list (when it has one) */
static void
collect_remote_addresses (virConnectPtr handle, GArray *used)
{
  virInterfacePtr *ifaces = NULL;
  int n = virConnectListAllInterfaces (handle, &ifaces, VIR_CONNECT_LIST_INTERFACES_ACTIVE);

  for (int i = 0; i < n; i++)
    {
      char *xml = virInterfaceGetXMLDesc (ifaces[i], 0);
      g_autoptr (xmlDoc) doc = xml != NULL ? vireo_xml_parse (xml, "interface", NULL) : NULL;

      if (doc != NULL)
        {
          g_autofree char *full_name = vireo_xml_attr (vireo_xml_root (doc), "name");
          g_autofree char *name = full_name != NULL ? g_utf8_make_valid (full_name, MIN (strlen (full_name), 32)) : NULL;
          g_autoptr (GPtrArray) ips = vireo_xml_get_nodes (vireo_xml_root (doc), "protocol[@family='ipv4']/ip");

          for (guint j = 0; ips != NULL && j < ips->len && j < 64; j++)
            {
              g_autofree char *address = vireo_xml_attr (g_ptr_array_index (ips, j), "address");
              g_autofree char *prefix = vireo_xml_attr (g_ptr_array_index (ips, j), "prefix");
              guint64 value = 32;

              if (prefix != NULL)
                g_ascii_string_to_unsigned (prefix, 10, 0, 32, &value, NULL);
              add_used (used, address, (guint) value,
                        g_strdup_printf (_("the host’s interface %s"),
                                         name != NULL ? name : "?"));
            }
        }
      free (xml);
      virInterfaceFree (ifaces[i]);
    }
  free (ifaces);
  virResetLastError ();
}

/* the host's IPv4 subnets and the other networks' (UsedSubnet) */
static GArray *
collect_used (virConnectPtr handle, VireoConnection *connection, const char *except)
{
  GArray *used = g_array_new (FALSE, TRUE, sizeof (UsedSubnet));
  virNetworkPtr *networks = NULL;
  int n;

  g_array_set_clear_func (used, used_subnet_clear);
  if (vireo_uri_is_remote (vireo_connection_get_uri (connection)))
    collect_remote_addresses (handle, used);
  else
    collect_local_addresses (used);

  n = virConnectListAllNetworks (handle, &networks, 0);
  for (int i = 0; i < n; i++)
    {
      const char *name = virNetworkGetName (networks[i]);
      char *xml = virNetworkGetXMLDesc (networks[i], 0);
      g_autoptr (VireoNetworkDef) def = xml != NULL ? vireo_network_def_parse (xml, NULL) : NULL;

      if (def != NULL && def->ipv4_address != NULL && g_strcmp0 (name, except) != 0)
        add_used (used, def->ipv4_address, def->ipv4_prefix,
                  g_strdup_printf (_("the network “%s”"), def->name != NULL ? def->name : "?"));
      free (xml);
      virNetworkFree (networks[i]);
    }
  free (networks);
  virResetLastError ();
  return used;
}

static void
suggest_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  Job *job = task_data;
  virConnectPtr handle = open_handle (task, job->connection);
  g_autoptr (GArray) used = NULL;
  g_autoptr (GArray) subnets = NULL;
  char *suggestion;

  if (handle == NULL)
    return;
  used = collect_used (handle, job->connection, NULL);
  virConnectClose (handle);
  subnets = g_array_new (FALSE, FALSE, sizeof (VireoSubnet));
  for (guint i = 0; i < used->len; i++)
    g_array_append_val (subnets, g_array_index (used, UsedSubnet, i).subnet);
  suggestion = vireo_subnet_suggest (subnets);
  if (suggestion == NULL)
    g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_FAILED,
                             _("Every private subnet Vireo would suggest is in use: type one."));
  else
    g_task_return_pointer (task, suggestion, g_free);
}

void
vireo_host_networks_suggest_subnet_async (VireoHostNetworks  *self,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data)
{
  g_return_if_fail (VIREO_IS_HOST_NETWORKS (self));
  run_job (self, vireo_host_networks_suggest_subnet_async, g_new0 (Job, 1), suggest_thread, cancellable,
           callback, user_data);
}

char *
vireo_host_networks_suggest_subnet_finish (VireoHostNetworks *self,
                                           GAsyncResult      *result,
                                           GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* -- create ------------------------------------------------------------------------ */

/* does the host have the bridge (@bridge) or network interface @name? */
static gboolean
host_has_interface (virConnectPtr handle, VireoConnection *connection, const char *name, gboolean bridge)
{
  virInterfacePtr *ifaces = NULL;
  gboolean found = FALSE;
  int n;

  if (!vireo_uri_is_remote (vireo_connection_get_uri (connection)))
    {
      g_autofree char *path = g_build_filename ("/sys/class/net", name, bridge ? "bridge" : NULL, NULL);

      return strchr (name, '/') == NULL && g_file_test (path, G_FILE_TEST_EXISTS);
    }
  n = virConnectListAllInterfaces (handle, &ifaces, 0);
  if (n < 0)
    {
      /* no interface driver there: libvirt says when the network starts */
      virResetLastError ();
      return TRUE;
    }
  for (int i = 0; i < n; i++)
    {
      if (g_strcmp0 (virInterfaceGetName (ifaces[i]), name) == 0)
        found = TRUE;
      virInterfaceFree (ifaces[i]);
    }
  free (ifaces);
  return found;
}

static void
create_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  Job *job = task_data;
  const VireoNetworkDef *def = job->def;
  g_autoptr (GError) error = NULL;
  g_autofree char *xml = NULL;
  virConnectPtr handle;
  virNetworkPtr network;

  xml = vireo_network_def_to_xml (def, &error);
  if (xml == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  handle = open_handle (task, job->connection);
  if (handle == NULL)
    return;

  network = virNetworkLookupByName (handle, def->name);
  virResetLastError ();
  if (network != NULL)
    {
      virNetworkFree (network);
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_FAILED,
                               _("A virtual network called “%s” already exists: choose another name."), def->name);
      goto out;
    }
  if (def->forward == VIREO_NETWORK_FORWARD_BRIDGE &&
      !host_has_interface (handle, job->connection, def->bridge, TRUE))
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_NOT_FOUND,
                               _("The host has no bridge called “%s”."), def->bridge);
      goto out;
    }
  if ((def->forward == VIREO_NETWORK_FORWARD_MACVTAP || def->forward_dev != NULL) &&
      def->forward != VIREO_NETWORK_FORWARD_BRIDGE &&
      !host_has_interface (handle, job->connection, def->forward_dev, FALSE))
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_NOT_FOUND,
                               _("The host has no network interface called “%s”."), def->forward_dev);
      goto out;
    }
  if (def->ipv4_address != NULL && def->forward != VIREO_NETWORK_FORWARD_BRIDGE &&
      def->forward != VIREO_NETWORK_FORWARD_MACVTAP)
    {
      g_autoptr (GArray) used = collect_used (handle, job->connection, NULL);
      VireoSubnet subnet;

      vireo_subnet_parse (def->ipv4_address, def->ipv4_prefix, &subnet);
      for (guint i = 0; i < used->len; i++)
        {
          const UsedSubnet *other = &g_array_index (used, UsedSubnet, i);

          if (vireo_subnet_overlaps (&subnet, &other->subnet))
            {
              guint32 n = other->subnet.network;

              g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_FAILED,
                                       _("The subnet %s/%u overlaps %u.%u.%u.%u/%u of %s: choose another one."),
                                       def->ipv4_address, def->ipv4_prefix, n >> 24, (n >> 16) & 0xFF,
                                       (n >> 8) & 0xFF, n & 0xFF, other->subnet.prefix, other->owner);
              goto out;
            }
        }
    }

  {
    g_autofree char *what = g_strdup_printf (_("Could not create the virtual network “%s”"), def->name);

    network = define_xml (handle, xml, what, &error);
  }
  if (network == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      goto out;
    }
  if (job->autostart && virNetworkSetAutostart (network, 1) < 0)
    {
      g_autofree char *what = g_strdup_printf (
        _("The virtual network “%s” was created, but could not be set to start with the host"), def->name);

      g_task_return_error (task, vireo_error_new_from_libvirt (what));
    }
  else if (job->start && virNetworkCreate (network) < 0)
    {
      g_autofree char *what =
        g_strdup_printf (_("The virtual network “%s” was created and kept, but could not be started"), def->name);
      GError *start_error = vireo_error_new_from_libvirt (what);

      start_error->code = VIREO_ERROR_INVALID_STATE;
      g_task_return_error (task, start_error);
    }
  else
    g_task_return_boolean (task, TRUE);
  virResetLastError ();
  virNetworkFree (network);
out:
  virConnectClose (handle);
}

void
vireo_host_networks_create_async (VireoHostNetworks     *self,
                                  const VireoNetworkDef *def,
                                  gboolean               start,
                                  gboolean               autostart,
                                  GCancellable          *cancellable,
                                  GAsyncReadyCallback    callback,
                                  gpointer               user_data)
{
  Job *job;

  g_return_if_fail (VIREO_IS_HOST_NETWORKS (self));
  g_return_if_fail (def != NULL);

  job = g_new0 (Job, 1);
  job->def = vireo_network_def_copy (def);
  job->start = start;
  job->autostart = autostart;
  run_job (self, vireo_host_networks_create_async, job, create_thread, cancellable, callback, user_data);
}

gboolean
vireo_host_networks_create_finish (VireoHostNetworks *self,
                                   GAsyncResult      *result,
                                   GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* -- leases and users ---------------------------------------------------------------- */

typedef struct
{
  GHashTable *vm_by_mac;   /* lower-case MAC -> VM name */
  const char *network;
  GPtrArray  *users;       /* VM names */
} ScanData;

static gboolean
scan_cb (xmlNode *domain, const char *name, gpointer user_data)
{
  ScanData *data = user_data;
  g_autoptr (GPtrArray) ifaces = vireo_xml_get_nodes (domain, "devices/interface");

  for (guint i = 0; ifaces != NULL && i < ifaces->len && i < 256; i++)
    {
      xmlNode *iface = g_ptr_array_index (ifaces, i);

      if (data->vm_by_mac != NULL && g_hash_table_size (data->vm_by_mac) < VIREO_HOST_NETWORKS_MAX)
        {
          g_autofree char *mac = vireo_xml_attr (vireo_xml_child (iface, "mac"), "address");

          if (mac != NULL && strlen (mac) == 17)
            g_hash_table_insert (data->vm_by_mac, g_ascii_strdown (mac, -1), g_strdup (name));
        }
      if (data->users != NULL && vireo_xml_attr_equals (iface, "type", "network") &&
          vireo_xml_attr_equals (vireo_xml_child (iface, "source"), "network", data->network) &&
          !g_ptr_array_find_with_equal_func (data->users, name, g_str_equal, NULL) &&
          data->users->len < VIREO_HOST_NETWORKS_MAX)
        g_ptr_array_add (data->users, g_strdup (name));
    }
  return FALSE;
}

static int
compare_leases (gconstpointer a, gconstpointer b)
{
  const VireoNetworkLease *la = *(VireoNetworkLease **) a;
  const VireoNetworkLease *lb = *(VireoNetworkLease **) b;
  struct in_addr ia, ib;

  if (inet_pton (AF_INET, la->ip, &ia) == 1 && inet_pton (AF_INET, lb->ip, &ib) == 1)
    return ntohl (ia.s_addr) < ntohl (ib.s_addr) ? -1 : ntohl (ia.s_addr) > ntohl (ib.s_addr);
  return g_strcmp0 (la->ip, lb->ip);
}

static char *
lease_text (const char *text, gsize max)
{
  if (text == NULL || *text == '\0')
    return NULL;
  return g_utf8_make_valid (text, MIN (strlen (text), max));
}

static void
leases_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  Job *job = task_data;
  virConnectPtr handle = open_handle (task, job->connection);
  g_autoptr (GPtrArray) leases = NULL;
  g_autoptr (GHashTable) vm_by_mac = NULL;
  virNetworkDHCPLeasePtr *raw = NULL;
  virNetworkPtr network;
  g_autofree char *what = NULL;
  ScanData data = { 0 };
  int n;

  if (handle == NULL)
    return;
  what = g_strdup_printf (_("Could not read the leases of the virtual network “%s”"), job->name);
  network = virNetworkLookupByName (handle, job->name);
  n = network != NULL ? virNetworkGetDHCPLeases (network, NULL, &raw, 0) : -1;
  if (n < 0)
    {
      g_task_return_error (task, vireo_error_new_from_libvirt (what));
      goto out;
    }
  vm_by_mac = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  data.vm_by_mac = vm_by_mac;
  if (n > 0)
    _vireo_domain_scan (handle, NULL, scan_cb, &data, what, NULL);
  leases = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_network_lease_free);
  for (int i = 0; i < n; i++)
    {
      if (leases->len < VIREO_HOST_NETWORKS_MAX && raw[i]->ipaddr != NULL)
        {
          VireoNetworkLease *lease = g_new0 (VireoNetworkLease, 1);
          g_autofree char *mac = lease_text (raw[i]->mac, 64);

          lease->mac = mac != NULL ? g_ascii_strdown (mac, -1) : NULL;
          lease->ip = lease_text (raw[i]->ipaddr, 64);
          lease->prefix = raw[i]->prefix <= 128 ? raw[i]->prefix : 0;
          lease->hostname = lease_text (raw[i]->hostname, VIREO_NETWORK_TEXT_MAX);
          lease->expiry = raw[i]->expirytime;
          if (lease->mac != NULL)
            lease->vm = g_strdup (g_hash_table_lookup (vm_by_mac, lease->mac));
          g_ptr_array_add (leases, lease);
        }
      virNetworkDHCPLeaseFree (raw[i]);
    }
  free (raw);
  g_ptr_array_sort (leases, compare_leases);
  g_task_return_pointer (task, g_steal_pointer (&leases), (GDestroyNotify) g_ptr_array_unref);
out:
  virResetLastError ();
  if (network != NULL)
    virNetworkFree (network);
  virConnectClose (handle);
}

void
vireo_host_networks_list_leases_async (VireoHostNetworks  *self,
                                       const char         *name,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data)
{
  Job *job;

  g_return_if_fail (VIREO_IS_HOST_NETWORKS (self));
  g_return_if_fail (name != NULL);

  job = g_new0 (Job, 1);
  job->name = g_strdup (name);
  run_job (self, vireo_host_networks_list_leases_async, job, leases_thread, cancellable, callback, user_data);
}

GPtrArray *
vireo_host_networks_list_leases_finish (VireoHostNetworks *self,
                                        GAsyncResult      *result,
                                        GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char **) a, *(char **) b);
}

static void
users_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  Job *job = task_data;
  virConnectPtr handle = open_handle (task, job->connection);
  g_autoptr (GPtrArray) users = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *what = NULL;
  g_autoptr (GError) error = NULL;
  ScanData data = { 0 };

  if (handle == NULL)
    return;
  what = g_strdup_printf (_("Could not find the VMs on the virtual network “%s”"), job->name);
  data.network = job->name;
  data.users = users;
  if (!_vireo_domain_scan (handle, NULL, scan_cb, &data, what, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    {
      g_ptr_array_sort (users, compare_names);
      g_ptr_array_add (users, NULL);
      g_task_return_pointer (task, g_ptr_array_steal (users, NULL), (GDestroyNotify) g_strfreev);
    }
  virConnectClose (handle);
}

void
vireo_host_networks_list_users_async (VireoHostNetworks  *self,
                                      const char         *name,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  Job *job;

  g_return_if_fail (VIREO_IS_HOST_NETWORKS (self));
  g_return_if_fail (name != NULL);

  job = g_new0 (Job, 1);
  job->name = g_strdup (name);
  run_job (self, vireo_host_networks_list_users_async, job, users_thread, cancellable, callback, user_data);
}

GStrv
vireo_host_networks_list_users_finish (VireoHostNetworks *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* -- running a job ---------------------------------------------------------------------- */

/* the worker's task answers here on the main thread: the list is read again
 * (a change may come without an event: autostart), and once it is, the
 * caller's task gets the worker's result */
typedef struct
{
  GTask *outer;
  GTask *inner;
  guint  need;   /* the read of the list it waits for */
} JobRun;

static void
finish_run (JobRun *run)
{
  GTask *inner = run->inner;
  GTask *outer = run->outer;
  gpointer tag = g_task_get_source_tag (outer);
  g_autoptr (GError) error = NULL;

  if (tag == vireo_host_networks_list_leases_async || tag == vireo_host_networks_suggest_subnet_async ||
      tag == vireo_host_networks_list_users_async)
    {
      gpointer value = g_task_propagate_pointer (inner, &error);

      if (value == NULL)
        g_task_return_error (outer, g_steal_pointer (&error));
      else
        g_task_return_pointer (outer, value,
                               tag == vireo_host_networks_list_leases_async ? (GDestroyNotify) g_ptr_array_unref
                               : tag == vireo_host_networks_list_users_async ? (GDestroyNotify) g_strfreev
                                                                              : g_free);
    }
  else if (g_task_propagate_boolean (inner, &error))
    g_task_return_boolean (outer, TRUE);
  else
    g_task_return_error (outer, g_steal_pointer (&error));
  g_object_unref (inner);
  g_object_unref (outer);
  g_free (run);
}

/* the runs waiting for a read of the list that started after their change */
static void
finish_waiting (VireoHostNetworks *self, gboolean all)
{
  for (guint i = 0; i < self->waiting->len;)
    {
      JobRun *run = g_ptr_array_index (self->waiting, i);

      if (all || run->need <= self->loads_done)
        {
          g_ptr_array_remove_index (self->waiting, i);
          finish_run (run);
        }
      else
        i++;
    }
}

static void
job_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  VireoHostNetworks *self = VIREO_HOST_NETWORKS (object);
  JobRun *run = g_new0 (JobRun, 1);
  gpointer tag;

  run->outer = user_data;
  run->inner = g_object_ref (G_TASK (result));
  tag = g_task_get_source_tag (run->outer);
  if (tag == vireo_host_networks_action_async || tag == vireo_host_networks_define_xml_async ||
      tag == vireo_host_networks_create_async)
    {
      /* a change may come without an event (autostart): answer once the
       * list holds it, after a read that started after it */
      gboolean in_flight = self->loading;

      load (self);
      if (self->loading)
        {
          run->need = self->loads_started + (in_flight ? 1 : 0);
          g_ptr_array_add (self->waiting, run);
          return;
        }
    }
  finish_run (run);
}

static void
run_job (VireoHostNetworks *self,
         gpointer           source_tag,
         Job               *job,
         GTaskThreadFunc    thread,
         GCancellable      *cancellable,
         GAsyncReadyCallback callback,
         gpointer           user_data)
{
  g_autoptr (VireoConnection) connection = g_weak_ref_get (&self->connection);
  GTask *outer = g_task_new (self, cancellable, callback, user_data);
  g_autoptr (GTask) inner = g_task_new (self, cancellable, job_done, outer);

  g_task_set_source_tag (outer, source_tag);
  job->connection = connection != NULL ? g_object_ref (connection) : NULL;
  g_task_set_task_data (inner, job, (GDestroyNotify) job_free);
  if (connection == NULL)
    {
      g_task_return_new_error (inner, VIREO_ERROR, VIREO_ERROR_DISCONNECTED, _("The connection is not open."));
      return;
    }
  vireo_connection_run_in_worker (connection, inner, thread);
}
