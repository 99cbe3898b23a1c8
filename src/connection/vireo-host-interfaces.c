/* vireo-host-interfaces.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-host-interfaces"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>
#include <string.h>

#include "vireo-connection-private.h"
#include "vireo-error.h"
#include "vireo-host-interfaces.h"
#include "vireo-xml.h"

/* bounds on what a (possibly hostile) libvirtd hands us */
#define MAX_NAME_CHARS 64
#define MAX_ADDRESSES 64
#define MAX_MEMBERS 256
#define MAX_INTERFACES 4096

void
vireo_host_interface_free (VireoHostInterface *iface)
{
  if (iface == NULL)
    return;
  g_free (iface->name);
  g_free (iface->kind);
  g_free (iface->mac);
  g_strfreev (iface->addresses);
  g_strfreev (iface->members);
  g_free (iface->bridge);
  g_free (iface);
}

/* host text made safe to show: valid UTF-8, no controls or spaces, bounded;
 * NULL when nothing is left */
static char *
clean_word (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;
  guint n = 0;

  if (text == NULL)
    return NULL;
  valid = g_utf8_make_valid (text, -1);
  out = g_string_new (NULL);
  for (const char *p = valid; *p != '\0' && n < MAX_NAME_CHARS; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || g_unichar_isspace (c) || g_unichar_type (c) == G_UNICODE_FORMAT)
        continue;
      g_string_append_unichar (out, c);
      n++;
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static char *
clean_field (xmlNode *node, const char *xpath)
{
  g_autofree char *raw = vireo_xml_get_string (node, xpath);

  return clean_word (raw);
}

static void
add_addresses (GPtrArray *out, xmlNode *root)
{
  g_autoptr(GPtrArray) ips = vireo_xml_get_nodes (root, "protocol/ip");

  for (guint i = 0; ips != NULL && i < ips->len && out->len < MAX_ADDRESSES; i++)
    {
      xmlNode *ip = g_ptr_array_index (ips, i);
      g_autofree char *address = clean_field (ip, "string(@address)");
      g_autofree char *prefix = clean_field (ip, "string(@prefix)");
      guint64 bits;

      if (address == NULL || !(g_hostname_is_ip_address (address)))
        continue;
      if (prefix != NULL && g_ascii_string_to_unsigned (prefix, 10, 0, 128, &bits, NULL))
        g_ptr_array_add (out, g_strdup_printf ("%s/%u", address, (guint) bits));
      else
        g_ptr_array_add (out, g_strdup (address));
    }
}

VireoHostInterface *
vireo_host_interface_parse (const char *interface_xml,
                            gboolean    active)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(VireoHostInterface) iface = NULL;
  g_autoptr(GPtrArray) addresses = g_ptr_array_new ();
  g_autoptr(GPtrArray) members = g_ptr_array_new ();
  g_autoptr(GPtrArray) nodes = NULL;
  xmlNode *root;

  if (interface_xml == NULL)
    return NULL;
  doc = vireo_xml_parse (interface_xml, "interface", NULL);
  if (doc == NULL)
    return NULL;
  root = vireo_xml_root (doc);
  iface = g_new0 (VireoHostInterface, 1);
  iface->name = clean_field (root, "string(@name)");
  if (iface->name == NULL)
    return NULL;
  iface->kind = clean_field (root, "string(@type)");
  iface->mac = clean_field (root, "string(mac/@address)");
  iface->active = active;

  add_addresses (addresses, root);
  g_ptr_array_add (addresses, NULL);
  iface->addresses = (char **) g_ptr_array_free (g_steal_pointer (&addresses), FALSE);

  nodes = vireo_xml_get_nodes (root, "bridge/interface | bond/interface");
  for (guint i = 0; nodes != NULL && i < nodes->len && members->len < MAX_MEMBERS; i++)
    {
      char *member = clean_field (g_ptr_array_index (nodes, i), "string(@name)");

      if (member != NULL)
        g_ptr_array_add (members, member);
    }
  g_ptr_array_add (members, NULL);
  iface->members = (char **) g_ptr_array_free (g_steal_pointer (&members), FALSE);
  return g_steal_pointer (&iface);
}

static int
compare_interfaces (gconstpointer a, gconstpointer b)
{
  const VireoHostInterface *ia = *(VireoHostInterface **) a;
  const VireoHostInterface *ib = *(VireoHostInterface **) b;

  return g_utf8_collate (ia->name, ib->name);
}

static void
list_interfaces_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  virConnectPtr handle = vireo_connection_ref_handle (source_object);
  g_autoptr(GHashTable) bridge_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  virInterfacePtr *ifaces = NULL;
  GPtrArray *result;
  int n;

  if (handle == NULL)
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_DISCONNECTED,
                               _("The connection is not open."));
      return;
    }
  n = virConnectListAllInterfaces (handle, &ifaces, 0);
  if (n < 0)
    {
      g_task_return_error (task, vireo_error_new_from_libvirt (
                                     _("Could not list the host’s network interfaces")));
      virResetLastError ();
      virConnectClose (handle);
      return;
    }

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_host_interface_free);
  for (int i = 0; i < n; i++)
    {
      if (result->len < MAX_INTERFACES)
        {
          char *xml = virInterfaceGetXMLDesc (ifaces[i], 0);
          VireoHostInterface *iface = vireo_host_interface_parse (xml, virInterfaceIsActive (ifaces[i]) == 1);

          if (iface != NULL)
            g_ptr_array_add (result, iface);
          free (xml);
        }
      virInterfaceFree (ifaces[i]);
    }
  free (ifaces);
  virResetLastError ();
  virConnectClose (handle);

  for (guint i = 0; i < result->len; i++)
    {
      VireoHostInterface *iface = g_ptr_array_index (result, i);

      if (g_strcmp0 (iface->kind, "bridge") != 0)
        continue;
      for (guint m = 0; iface->members[m] != NULL; m++)
        g_hash_table_insert (bridge_of, g_strdup (iface->members[m]), g_strdup (iface->name));
    }
  for (guint i = 0; i < result->len; i++)
    {
      VireoHostInterface *iface = g_ptr_array_index (result, i);

      iface->bridge = g_strdup (g_hash_table_lookup (bridge_of, iface->name));
    }
  g_ptr_array_sort (result, compare_interfaces);
  g_task_return_pointer (task, result, (GDestroyNotify) g_ptr_array_unref);
}

void
vireo_connection_list_host_interfaces_async (VireoConnection    *self,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VIREO_IS_CONNECTION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vireo_connection_list_host_interfaces_async);
  vireo_connection_run_in_worker (self, task, list_interfaces_thread);
}

GPtrArray *
vireo_connection_list_host_interfaces_finish (VireoConnection *self,
                                              GAsyncResult    *result,
                                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
