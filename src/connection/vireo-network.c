/* vireo-network.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A virtual network's definition: read from libvirt's XML (untrusted,
 * bounded), checked and written for the New Network assistant (pure), the
 * IPv4 subnets a new network must not overlap, and the list's items.
 */
#define G_LOG_DOMAIN "vireo-network"

#include "config.h"

#include <arpa/inet.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "vireo-error.h"
#include "vireo-network.h"
#include "vireo-xml.h"

G_DEFINE_ENUM_TYPE (VireoNetworkForward, vireo_network_forward,
                    G_DEFINE_ENUM_VALUE (VIREO_NETWORK_FORWARD_NAT, "nat"),
                    G_DEFINE_ENUM_VALUE (VIREO_NETWORK_FORWARD_ROUTE, "route"),
                    G_DEFINE_ENUM_VALUE (VIREO_NETWORK_FORWARD_ISOLATED, "isolated"),
                    G_DEFINE_ENUM_VALUE (VIREO_NETWORK_FORWARD_OPEN, "open"),
                    G_DEFINE_ENUM_VALUE (VIREO_NETWORK_FORWARD_BRIDGE, "bridge"),
                    G_DEFINE_ENUM_VALUE (VIREO_NETWORK_FORWARD_MACVTAP, "macvtap"),
                    G_DEFINE_ENUM_VALUE (VIREO_NETWORK_FORWARD_OTHER, "other"))

const char *
vireo_network_forward_get_label (VireoNetworkForward mode)
{
  switch (mode)
    {
    case VIREO_NETWORK_FORWARD_NAT:
      return _("NAT");
    case VIREO_NETWORK_FORWARD_ROUTE:
      return _("Routed");
    case VIREO_NETWORK_FORWARD_ISOLATED:
      return _("Isolated");
    case VIREO_NETWORK_FORWARD_OPEN:
      return _("Open");
    case VIREO_NETWORK_FORWARD_BRIDGE:
      return _("Host bridge");
    case VIREO_NETWORK_FORWARD_MACVTAP:
      return _("Macvtap");
    case VIREO_NETWORK_FORWARD_OTHER:
    default:
      return _("Other");
    }
}

/* -- the definition ------------------------------------------------------------ */

static void
range_free (VireoNetworkRange *range)
{
  g_free (range->start);
  g_free (range->end);
  g_free (range);
}

static void
host_free (VireoNetworkHost *host)
{
  g_free (host->mac);
  g_free (host->name);
  g_free (host->ip);
  g_free (host);
}

VireoNetworkDef *
vireo_network_def_new (void)
{
  VireoNetworkDef *def = g_new0 (VireoNetworkDef, 1);

  def->forward = VIREO_NETWORK_FORWARD_ISOLATED;
  def->ipv4_ranges = g_ptr_array_new_with_free_func ((GDestroyNotify) range_free);
  def->ipv6_ranges = g_ptr_array_new_with_free_func ((GDestroyNotify) range_free);
  def->hosts = g_ptr_array_new_with_free_func ((GDestroyNotify) host_free);
  return def;
}

void
vireo_network_def_free (VireoNetworkDef *def)
{
  if (def == NULL)
    return;
  g_free (def->name);
  g_free (def->uuid);
  g_free (def->forward_mode);
  g_free (def->forward_dev);
  g_free (def->bridge);
  g_free (def->ipv4_address);
  g_ptr_array_unref (def->ipv4_ranges);
  g_ptr_array_unref (def->hosts);
  g_free (def->ipv6_address);
  g_ptr_array_unref (def->ipv6_ranges);
  g_free (def->domain);
  g_free (def->tftp_root);
  g_free (def->bootp_file);
  g_free (def->bootp_server);
  g_free (def);
}

static void
copy_ranges (GPtrArray *to, GPtrArray *from)
{
  for (guint i = 0; i < from->len; i++)
    {
      const VireoNetworkRange *range = g_ptr_array_index (from, i);
      VireoNetworkRange *copy = g_new0 (VireoNetworkRange, 1);

      copy->start = g_strdup (range->start);
      copy->end = g_strdup (range->end);
      g_ptr_array_add (to, copy);
    }
}

VireoNetworkDef *
vireo_network_def_copy (const VireoNetworkDef *def)
{
  VireoNetworkDef *copy;

  g_return_val_if_fail (def != NULL, NULL);

  copy = vireo_network_def_new ();
  copy->name = g_strdup (def->name);
  copy->uuid = g_strdup (def->uuid);
  copy->forward = def->forward;
  copy->forward_mode = g_strdup (def->forward_mode);
  copy->forward_dev = g_strdup (def->forward_dev);
  copy->bridge = g_strdup (def->bridge);
  copy->ipv4_address = g_strdup (def->ipv4_address);
  copy->ipv4_prefix = def->ipv4_prefix;
  copy_ranges (copy->ipv4_ranges, def->ipv4_ranges);
  for (guint i = 0; i < def->hosts->len; i++)
    {
      const VireoNetworkHost *host = g_ptr_array_index (def->hosts, i);

      vireo_network_def_add_host (copy, host->mac, host->name, host->ip);
    }
  copy->ipv6_address = g_strdup (def->ipv6_address);
  copy->ipv6_prefix = def->ipv6_prefix;
  copy_ranges (copy->ipv6_ranges, def->ipv6_ranges);
  copy->domain = g_strdup (def->domain);
  copy->tftp_root = g_strdup (def->tftp_root);
  copy->bootp_file = g_strdup (def->bootp_file);
  copy->bootp_server = g_strdup (def->bootp_server);
  return copy;
}

void
vireo_network_def_add_host (VireoNetworkDef *def,
                            const char      *mac,
                            const char      *name,
                            const char      *ip)
{
  VireoNetworkHost *host;

  g_return_if_fail (def != NULL);

  host = g_new0 (VireoNetworkHost, 1);
  host->mac = g_strdup (mac);
  host->name = g_strdup (name);
  host->ip = g_strdup (ip);
  g_ptr_array_add (def->hosts, host);
}

/* -- reading ----------------------------------------------------------------- */

/* an attribute of untrusted XML, cut at VIREO_NETWORK_TEXT_MAX; NULL when empty */
static char *
bounded_attr (xmlNode *node, const char *name)
{
  g_autofree char *value = node != NULL ? vireo_xml_attr (node, name) : NULL;

  if (value == NULL || *value == '\0')
    return NULL;
  if (strlen (value) > VIREO_NETWORK_TEXT_MAX)
    {
      /* cut on a character boundary */
      const char *end = value + VIREO_NETWORK_TEXT_MAX;

      while (end > value && (*end & 0xC0) == 0x80)
        end--;
      return g_strndup (value, end - value);
    }
  return g_steal_pointer (&value);
}

static char *
bounded_text (char *text)
{
  g_autofree char *owned = text;

  if (owned == NULL || *owned == '\0')
    return NULL;
  if (strlen (owned) > VIREO_NETWORK_TEXT_MAX)
    {
      const char *end = owned + VIREO_NETWORK_TEXT_MAX;

      while (end > owned && (*end & 0xC0) == 0x80)
        end--;
      return g_strndup (owned, end - owned);
    }
  return g_steal_pointer (&owned);
}

/* netmask "255.255.255.0" → 24; 0 when not a mask */
static guint
netmask_prefix (const char *netmask)
{
  struct in_addr addr;
  guint32 mask;
  guint prefix = 0;

  if (netmask == NULL || inet_pton (AF_INET, netmask, &addr) != 1)
    return 0;
  mask = ntohl (addr.s_addr);
  while (mask & 0x80000000u)
    {
      prefix++;
      mask <<= 1;
    }
  return mask == 0 ? prefix : 0;
}

static guint
read_prefix (xmlNode *ip, guint max)
{
  g_autofree char *prefix = vireo_xml_attr (ip, "prefix");
  g_autofree char *netmask = vireo_xml_attr (ip, "netmask");
  guint64 value = 0;

  if (prefix != NULL && g_ascii_string_to_unsigned (prefix, 10, 0, max, &value, NULL))
    return (guint) value;
  return netmask_prefix (netmask);
}

static void
read_ranges (xmlNode *dhcp, GPtrArray *ranges)
{
  for (xmlNode *child = vireo_xml_first_element (dhcp); child != NULL;
       child = vireo_xml_next_element (child))
    if (vireo_xml_is_element (child, "range") && ranges->len < VIREO_NETWORK_MAX_RANGES)
      {
        VireoNetworkRange *range = g_new0 (VireoNetworkRange, 1);

        range->start = bounded_attr (child, "start");
        range->end = bounded_attr (child, "end");
        g_ptr_array_add (ranges, range);
      }
}

static void
read_hosts (VireoNetworkDef *def, xmlNode *dhcp)
{
  for (xmlNode *child = vireo_xml_first_element (dhcp); child != NULL;
       child = vireo_xml_next_element (child))
    if (vireo_xml_is_element (child, "host") && def->hosts->len < VIREO_NETWORK_MAX_HOSTS)
      {
        g_autofree char *mac = bounded_attr (child, "mac");
        g_autofree char *name = bounded_attr (child, "name");
        g_autofree char *ip = bounded_attr (child, "ip");

        vireo_network_def_add_host (def, mac, name, ip);
      }
}

VireoNetworkDef *
vireo_network_def_parse (const char *xml,
                         GError    **error)
{
  g_autoptr (xmlDoc) doc = NULL;
  g_autoptr (VireoNetworkDef) def = NULL;
  xmlNode *root, *forward, *bridge;
  guint n_ip = 0;

  g_return_val_if_fail (xml != NULL, NULL);

  doc = vireo_xml_parse (xml, "network", error);
  if (doc == NULL)
    return NULL;
  root = vireo_xml_root (doc);
  def = vireo_network_def_new ();
  def->name = bounded_text (vireo_xml_child_text (root, "name"));
  def->uuid = bounded_text (vireo_xml_child_text (root, "uuid"));

  forward = vireo_xml_child (root, "forward");
  bridge = vireo_xml_child (root, "bridge");
  def->bridge = bounded_attr (bridge, "name");
  if (forward == NULL)
    def->forward = VIREO_NETWORK_FORWARD_ISOLATED;
  else
    {
      xmlNode *iface = vireo_xml_child (forward, "interface");

      def->forward_mode = bounded_attr (forward, "mode");
      def->forward_dev = bounded_attr (forward, "dev");
      if (def->forward_mode == NULL || g_str_equal (def->forward_mode, "nat"))
        def->forward = VIREO_NETWORK_FORWARD_NAT;
      else if (g_str_equal (def->forward_mode, "route"))
        def->forward = VIREO_NETWORK_FORWARD_ROUTE;
      else if (g_str_equal (def->forward_mode, "open"))
        def->forward = VIREO_NETWORK_FORWARD_OPEN;
      else if (g_str_equal (def->forward_mode, "bridge") && iface != NULL)
        {
          def->forward = VIREO_NETWORK_FORWARD_MACVTAP;
          if (def->forward_dev == NULL)
            def->forward_dev = bounded_attr (iface, "dev");
        }
      else if (g_str_equal (def->forward_mode, "bridge"))
        def->forward = VIREO_NETWORK_FORWARD_BRIDGE;
      else
        def->forward = VIREO_NETWORK_FORWARD_OTHER;
    }
  def->domain = bounded_attr (vireo_xml_child (root, "domain"), "name");

  for (xmlNode *ip = vireo_xml_first_element (root); ip != NULL && n_ip < 16;
       ip = vireo_xml_next_element (ip))
    {
      g_autofree char *family = NULL;
      g_autofree char *address = NULL;
      xmlNode *dhcp;
      gboolean v6;

      if (!vireo_xml_is_element (ip, "ip"))
        continue;
      n_ip++;
      family = vireo_xml_attr (ip, "family");
      address = bounded_attr (ip, "address");
      v6 = g_strcmp0 (family, "ipv6") == 0 || (family == NULL && address != NULL && strchr (address, ':'));
      dhcp = vireo_xml_child (ip, "dhcp");
      if (v6)
        {
          if (def->ipv6_address != NULL)
            continue;
          def->ipv6_address = g_steal_pointer (&address);
          def->ipv6_prefix = read_prefix (ip, 128);
          read_ranges (dhcp, def->ipv6_ranges);
          read_hosts (def, dhcp);
          continue;
        }
      if (def->ipv4_address != NULL)
        continue;
      def->ipv4_address = g_steal_pointer (&address);
      def->ipv4_prefix = read_prefix (ip, 32);
      def->tftp_root = bounded_attr (vireo_xml_child (ip, "tftp"), "root");
      read_ranges (dhcp, def->ipv4_ranges);
      read_hosts (def, dhcp);
      def->bootp_file = bounded_attr (vireo_xml_child (dhcp, "bootp"), "file");
      def->bootp_server = bounded_attr (vireo_xml_child (dhcp, "bootp"), "server");
    }
  return g_steal_pointer (&def);
}

/* -- checking ------------------------------------------------------------------ */

static gboolean
fail (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError **error, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_FAILED, message);
  return FALSE;
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static gboolean
valid_chars (const char *text, const char *extra, gsize max)
{
  if (text == NULL || *text == '\0' || strlen (text) > max)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr (extra, *p) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
valid_hostname (const char *text)
{
  return valid_chars (text, "-.", 253) && text[0] != '-' && text[0] != '.';
}

static gboolean
valid_mac (const char *mac)
{
  if (mac == NULL || strlen (mac) != 17)
    return FALSE;
  for (int i = 0; i < 17; i++)
    if ((i % 3 == 2) ? mac[i] != ':' : !g_ascii_isxdigit (mac[i]))
      return FALSE;
  return TRUE;
}

static gboolean
ipv4 (const char *text, guint32 *out)
{
  struct in_addr addr;

  if (text == NULL || inet_pton (AF_INET, text, &addr) != 1)
    return FALSE;
  *out = ntohl (addr.s_addr);
  return TRUE;
}

static gboolean
ipv6_valid (const char *text)
{
  struct in6_addr addr;

  return text != NULL && inet_pton (AF_INET6, text, &addr) == 1;
}

static guint32
prefix_mask (guint prefix)
{
  return prefix == 0 ? 0 : 0xFFFFFFFFu << (32 - prefix);
}

gboolean
vireo_network_def_validate (const VireoNetworkDef *def,
                            GError               **error)
{
  gboolean ipv4_needed, ipv4_allowed;
  guint32 address = 0, mask, network, broadcast;

  g_return_val_if_fail (def != NULL, FALSE);

  if (is_blank (def->name))
    return fail (error, _("Give the network a name."));
  if (!valid_chars (def->name, "-_.+", VIREO_NETWORK_NAME_MAX) || def->name[0] == '-' ||
      def->name[0] == '.')
    return fail (error,
                 _("“%s” cannot be a network name: use up to %d letters, digits, “-”, “_”, “.” and "
                   "“+”, not starting with “-” or “.”."),
                 def->name, VIREO_NETWORK_NAME_MAX);

  switch (def->forward)
    {
    case VIREO_NETWORK_FORWARD_BRIDGE:
      if (!valid_chars (def->bridge, "-_.:", 15))
        return fail (error, _("Choose the host bridge the network connects to."));
      return TRUE;
    case VIREO_NETWORK_FORWARD_MACVTAP:
      if (!valid_chars (def->forward_dev, "-_.:@", 15))
        return fail (error, _("Choose the host interface the network shares."));
      return TRUE;
    case VIREO_NETWORK_FORWARD_OTHER:
      return fail (error, _("Vireo cannot create a network of this kind; edit its XML instead."));
    case VIREO_NETWORK_FORWARD_NAT:
    case VIREO_NETWORK_FORWARD_ROUTE:
    case VIREO_NETWORK_FORWARD_ISOLATED:
    case VIREO_NETWORK_FORWARD_OPEN:
    default:
      break;
    }

  if (def->forward_dev != NULL && !valid_chars (def->forward_dev, "-_.:@", 15))
    return fail (error, _("“%s” is not a host interface name."), def->forward_dev);

  ipv4_needed = def->forward == VIREO_NETWORK_FORWARD_NAT ||
                (def->forward == VIREO_NETWORK_FORWARD_ROUTE && is_blank (def->ipv6_address));
  ipv4_allowed = !is_blank (def->ipv4_address);
  if (ipv4_needed && !ipv4_allowed)
    return fail (error, _("A %s network needs an IPv4 address."), vireo_network_forward_get_label (def->forward));

  if (ipv4_allowed)
    {
      if (!ipv4 (def->ipv4_address, &address))
        return fail (error, _("“%s” is not an IPv4 address."), def->ipv4_address);
      if (def->ipv4_prefix < 8 || def->ipv4_prefix > 30)
        return fail (error, _("The IPv4 prefix must be between 8 and 30 (/24 is 256 addresses)."));
      mask = prefix_mask (def->ipv4_prefix);
      network = address & mask;
      broadcast = network | ~mask;
      if (address == network || address == broadcast)
        return fail (error, _("%s is the address of the subnet %s/%u itself or its broadcast address: give "
                              "the host another one, such as the subnet’s first address."),
                     def->ipv4_address, def->ipv4_address, def->ipv4_prefix);

      for (guint i = 0; i < def->ipv4_ranges->len; i++)
        {
          const VireoNetworkRange *range = g_ptr_array_index (def->ipv4_ranges, i);
          guint32 start, end;

          if (!ipv4 (range->start, &start))
            return fail (error, _("The DHCP range’s start “%s” is not an IPv4 address."),
                         range->start != NULL ? range->start : "");
          if (!ipv4 (range->end, &end))
            return fail (error, _("The DHCP range’s end “%s” is not an IPv4 address."),
                         range->end != NULL ? range->end : "");
          if ((start & mask) != network || (end & mask) != network || start == network ||
              end == broadcast || start == broadcast || end == network)
            return fail (error, _("The DHCP range %s – %s is outside the subnet %s/%u."), range->start,
                         range->end, def->ipv4_address, def->ipv4_prefix);
          if (start > end)
            return fail (error, _("The DHCP range starts at %s, after its end %s."), range->start,
                         range->end);
          if (address >= start && address <= end)
            return fail (error, _("The DHCP range %s – %s holds the host’s own address %s."),
                         range->start, range->end, def->ipv4_address);
        }
    }
  else if (def->ipv4_ranges->len > 0)
    return fail (error, _("A DHCP range needs the network’s IPv4 address."));

  for (guint i = 0; i < def->hosts->len; i++)
    {
      const VireoNetworkHost *host = g_ptr_array_index (def->hosts, i);
      guint32 ip;

      if (is_blank (host->mac) && is_blank (host->name))
        return fail (error, _("A static host needs a MAC address or a name."));
      if (!is_blank (host->mac) && !valid_mac (host->mac))
        return fail (error, _("“%s” is not a MAC address (six pairs of hex digits: 52:54:00:12:34:56)."),
                     host->mac);
      if (!is_blank (host->name) && !valid_hostname (host->name))
        return fail (error, _("“%s” is not a host name."), host->name);
      if (!ipv4_allowed)
        return fail (error, _("Static hosts need the network’s IPv4 address."));
      if (!ipv4 (host->ip, &ip))
        return fail (error, _("The static host’s address “%s” is not an IPv4 address."),
                     host->ip != NULL ? host->ip : "");
      if ((ip & prefix_mask (def->ipv4_prefix)) != (address & prefix_mask (def->ipv4_prefix)) ||
          ip == address)
        return fail (error, _("The static host’s address %s is outside the subnet %s/%u, or is the "
                              "host’s own."),
                     host->ip, def->ipv4_address, def->ipv4_prefix);
      for (guint j = 0; j < i; j++)
        {
          const VireoNetworkHost *other = g_ptr_array_index (def->hosts, j);

          if (g_strcmp0 (other->ip, host->ip) == 0)
            return fail (error, _("Two static hosts have the address %s."), host->ip);
          if (!is_blank (host->mac) && g_ascii_strcasecmp (other->mac != NULL ? other->mac : "",
                                                           host->mac) == 0)
            return fail (error, _("Two static hosts have the MAC address %s."), host->mac);
        }
    }

  if (!is_blank (def->ipv6_address))
    {
      if (!ipv6_valid (def->ipv6_address))
        return fail (error, _("“%s” is not an IPv6 address."), def->ipv6_address);
      if (def->ipv6_prefix < 8 || def->ipv6_prefix > 128)
        return fail (error, _("The IPv6 prefix must be between 8 and 128 (/64 is usual)."));
    }

  if (!is_blank (def->domain) && !valid_hostname (def->domain))
    return fail (error, _("“%s” is not a DNS domain name."), def->domain);

  if (!is_blank (def->tftp_root))
    {
      if (!ipv4_allowed)
        return fail (error, _("A TFTP root needs the network’s IPv4 address."));
      if (!g_path_is_absolute (def->tftp_root) || strstr (def->tftp_root, "..") != NULL)
        return fail (error, _("The TFTP root must be a full path on the host, such as /srv/tftp."));
    }
  if (!is_blank (def->bootp_file))
    {
      if (def->ipv4_ranges->len == 0)
        return fail (error, _("A boot file is handed out by DHCP: give the network a DHCP range."));
      if (strlen (def->bootp_file) > VIREO_NETWORK_TEXT_MAX || strchr (def->bootp_file, '\n'))
        return fail (error, _("“%s” cannot be a boot file name."), def->bootp_file);
    }
  return TRUE;
}

/* -- writing ------------------------------------------------------------------- */

static void
add_ranges_and_hosts (xmlNode *ip, const VireoNetworkDef *def, GPtrArray *ranges, gboolean v4)
{
  xmlNode *dhcp;
  gboolean any_host = FALSE;

  for (guint i = 0; v4 && i < def->hosts->len; i++)
    any_host = TRUE;
  if (ranges->len == 0 && !any_host && !(v4 && def->bootp_file != NULL))
    return;
  dhcp = vireo_xml_add_child (ip, "dhcp", NULL);
  for (guint i = 0; i < ranges->len; i++)
    {
      const VireoNetworkRange *range = g_ptr_array_index (ranges, i);
      xmlNode *node = vireo_xml_add_child (dhcp, "range", NULL);

      vireo_xml_set_attr (node, "start", range->start);
      vireo_xml_set_attr (node, "end", range->end);
    }
  for (guint i = 0; v4 && i < def->hosts->len; i++)
    {
      const VireoNetworkHost *host = g_ptr_array_index (def->hosts, i);
      xmlNode *node = vireo_xml_add_child (dhcp, "host", NULL);

      if (!is_blank (host->mac))
        {
          g_autofree char *mac = g_ascii_strdown (host->mac, -1);

          vireo_xml_set_attr (node, "mac", mac);
        }
      if (!is_blank (host->name))
        vireo_xml_set_attr (node, "name", host->name);
      vireo_xml_set_attr (node, "ip", host->ip);
    }
  if (v4 && !is_blank (def->bootp_file))
    {
      xmlNode *bootp = vireo_xml_add_child (dhcp, "bootp", NULL);

      vireo_xml_set_attr (bootp, "file", def->bootp_file);
      if (!is_blank (def->bootp_server))
        vireo_xml_set_attr (bootp, "server", def->bootp_server);
    }
}

char *
vireo_network_def_to_xml (const VireoNetworkDef *def,
                          GError               **error)
{
  g_autoptr (xmlDoc) doc = NULL;
  xmlNode *root, *node;
  char prefix[8];

  g_return_val_if_fail (def != NULL, NULL);

  if (!vireo_network_def_validate (def, error))
    return NULL;

  doc = vireo_xml_new_document ("network");
  root = vireo_xml_root (doc);
  vireo_xml_add_child (root, "name", def->name);
  if (def->uuid != NULL)
    vireo_xml_add_child (root, "uuid", def->uuid);

  switch (def->forward)
    {
    case VIREO_NETWORK_FORWARD_BRIDGE:
      node = vireo_xml_add_child (root, "forward", NULL);
      vireo_xml_set_attr (node, "mode", "bridge");
      node = vireo_xml_add_child (root, "bridge", NULL);
      vireo_xml_set_attr (node, "name", def->bridge);
      return vireo_xml_serialize (doc, VIREO_XML_FORMAT_PRETTY | VIREO_XML_FORMAT_NO_DECLARATION);
    case VIREO_NETWORK_FORWARD_MACVTAP:
      node = vireo_xml_add_child (root, "forward", NULL);
      vireo_xml_set_attr (node, "mode", "bridge");
      node = vireo_xml_add_child (node, "interface", NULL);
      vireo_xml_set_attr (node, "dev", def->forward_dev);
      return vireo_xml_serialize (doc, VIREO_XML_FORMAT_PRETTY | VIREO_XML_FORMAT_NO_DECLARATION);
    case VIREO_NETWORK_FORWARD_NAT:
    case VIREO_NETWORK_FORWARD_ROUTE:
    case VIREO_NETWORK_FORWARD_OPEN:
      node = vireo_xml_add_child (root, "forward", NULL);
      vireo_xml_set_attr (node, "mode",
                          def->forward == VIREO_NETWORK_FORWARD_NAT     ? "nat"
                          : def->forward == VIREO_NETWORK_FORWARD_ROUTE ? "route"
                                                                  : "open");
      if (def->forward != VIREO_NETWORK_FORWARD_OPEN && !is_blank (def->forward_dev))
        vireo_xml_set_attr (node, "dev", def->forward_dev);
      break;
    case VIREO_NETWORK_FORWARD_ISOLATED:
    case VIREO_NETWORK_FORWARD_OTHER:
    default:
      break;
    }

  node = vireo_xml_add_child (root, "bridge", NULL);
  if (!is_blank (def->bridge))
    vireo_xml_set_attr (node, "name", def->bridge);
  vireo_xml_set_attr (node, "stp", "on");
  vireo_xml_set_attr (node, "delay", "0");
  if (!is_blank (def->domain))
    {
      node = vireo_xml_add_child (root, "domain", NULL);
      vireo_xml_set_attr (node, "name", def->domain);
      vireo_xml_set_attr (node, "localOnly", "yes");
    }
  if (!is_blank (def->ipv4_address))
    {
      node = vireo_xml_add_child (root, "ip", NULL);
      vireo_xml_set_attr (node, "family", "ipv4");
      vireo_xml_set_attr (node, "address", def->ipv4_address);
      g_snprintf (prefix, sizeof prefix, "%u", def->ipv4_prefix);
      vireo_xml_set_attr (node, "prefix", prefix);
      if (!is_blank (def->tftp_root))
        vireo_xml_set_attr (vireo_xml_add_child (node, "tftp", NULL), "root", def->tftp_root);
      add_ranges_and_hosts (node, def, def->ipv4_ranges, TRUE);
    }
  if (!is_blank (def->ipv6_address))
    {
      node = vireo_xml_add_child (root, "ip", NULL);
      vireo_xml_set_attr (node, "family", "ipv6");
      vireo_xml_set_attr (node, "address", def->ipv6_address);
      g_snprintf (prefix, sizeof prefix, "%u", def->ipv6_prefix);
      vireo_xml_set_attr (node, "prefix", prefix);
      add_ranges_and_hosts (node, def, def->ipv6_ranges, FALSE);
    }
  return vireo_xml_serialize (doc, VIREO_XML_FORMAT_PRETTY | VIREO_XML_FORMAT_NO_DECLARATION);
}

/* -- subnets --------------------------------------------------------------------- */

gboolean
vireo_subnet_parse (const char  *address,
                    guint        prefix,
                    VireoSubnet *subnet)
{
  g_autofree char *copy = NULL;
  char *slash;
  guint32 addr;

  g_return_val_if_fail (subnet != NULL, FALSE);
  if (address == NULL)
    return FALSE;
  copy = g_strdup (address);
  slash = strchr (copy, '/');
  if (slash != NULL)
    {
      guint64 value;

      *slash = '\0';
      if (!g_ascii_string_to_unsigned (slash + 1, 10, 0, 32, &value, NULL))
        return FALSE;
      prefix = (guint) value;
    }
  if (prefix > 32 || !ipv4 (copy, &addr))
    return FALSE;
  subnet->prefix = prefix;
  subnet->network = addr & prefix_mask (prefix);
  return TRUE;
}

gboolean
vireo_subnet_overlaps (const VireoSubnet *a,
                       const VireoSubnet *b)
{
  guint prefix;

  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
  prefix = MIN (a->prefix, b->prefix);
  return (a->network & prefix_mask (prefix)) == (b->network & prefix_mask (prefix));
}

char *
vireo_subnet_suggest (GArray *used)
{
  for (guint block = 0; block < 2; block++)
    for (guint third = block == 0 ? 100 : 0; third < (block == 0 ? 255u : 256u); third++)
      {
        VireoSubnet candidate;
        gboolean taken = FALSE;

        candidate.prefix = 24;
        candidate.network = block == 0 ? (192u << 24 | 168u << 16 | third << 8)
                                       : (10u << 24 | 100u << 16 | third << 8);
        for (guint i = 0; used != NULL && i < used->len && !taken; i++)
          taken = vireo_subnet_overlaps (&candidate, &g_array_index (used, VireoSubnet, i));
        if (!taken)
          return g_strdup_printf ("%u.%u.%u.1", candidate.network >> 24, (candidate.network >> 16) & 0xFF,
                                  third);
      }
  return NULL;
}

/* -- VireoNetwork ----------------------------------------------------------------- */

struct _VireoNetwork
{
  GObject          parent_instance;

  char            *name;
  char            *xml;
  VireoNetworkDef *def;
  guint            active : 1;
  guint            autostart : 1;
  guint            persistent : 1;
};

G_DEFINE_FINAL_TYPE (VireoNetwork, vireo_network, G_TYPE_OBJECT)

enum { PROP_0, PROP_NAME, PROP_ACTIVE, PROP_AUTOSTART, PROP_PERSISTENT, PROP_XML, N_PROPS };
static GParamSpec *properties[N_PROPS];

const char *
vireo_network_get_name (VireoNetwork *self)
{
  g_return_val_if_fail (VIREO_IS_NETWORK (self), NULL);
  return self->name;
}

gboolean
vireo_network_get_active (VireoNetwork *self)
{
  g_return_val_if_fail (VIREO_IS_NETWORK (self), FALSE);
  return self->active;
}

gboolean
vireo_network_get_autostart (VireoNetwork *self)
{
  g_return_val_if_fail (VIREO_IS_NETWORK (self), FALSE);
  return self->autostart;
}

gboolean
vireo_network_get_persistent (VireoNetwork *self)
{
  g_return_val_if_fail (VIREO_IS_NETWORK (self), FALSE);
  return self->persistent;
}

const VireoNetworkDef *
vireo_network_get_def (VireoNetwork *self)
{
  g_return_val_if_fail (VIREO_IS_NETWORK (self), NULL);
  return self->def;
}

const char *
vireo_network_get_xml (VireoNetwork *self)
{
  g_return_val_if_fail (VIREO_IS_NETWORK (self), NULL);
  return self->xml;
}

char *
vireo_network_describe (VireoNetwork *self)
{
  const VireoNetworkDef *def;

  g_return_val_if_fail (VIREO_IS_NETWORK (self), NULL);
  def = self->def;
  switch (def->forward)
    {
    case VIREO_NETWORK_FORWARD_BRIDGE:
      return g_strdup_printf (_("Host bridge %s"), def->bridge != NULL ? def->bridge : "?");
    case VIREO_NETWORK_FORWARD_MACVTAP:
      return g_strdup_printf (_("Macvtap on %s"), def->forward_dev != NULL ? def->forward_dev : "?");
    case VIREO_NETWORK_FORWARD_NAT:
    case VIREO_NETWORK_FORWARD_ROUTE:
    case VIREO_NETWORK_FORWARD_ISOLATED:
    case VIREO_NETWORK_FORWARD_OPEN:
    case VIREO_NETWORK_FORWARD_OTHER:
    default:
      if (def->ipv4_address != NULL)
        /* Translators: "NAT, 192.168.122.1/24" */
        return g_strdup_printf (_("%s, %s/%u"), vireo_network_forward_get_label (def->forward), def->ipv4_address,
                                def->ipv4_prefix);
      return g_strdup (vireo_network_forward_get_label (def->forward));
    }
}

VireoNetwork *
_vireo_network_new (const char *name)
{
  return g_object_new (VIREO_TYPE_NETWORK, "name", name, NULL);
}

void
_vireo_network_update (VireoNetwork *self,
                       gboolean      active,
                       gboolean      autostart,
                       gboolean      persistent,
                       const char   *xml)
{
  g_return_if_fail (VIREO_IS_NETWORK (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->xml, xml) != 0)
    {
      VireoNetworkDef *def = xml != NULL ? vireo_network_def_parse (xml, NULL) : NULL;

      g_free (self->xml);
      self->xml = g_strdup (xml);
      vireo_network_def_free (self->def);
      self->def = def != NULL ? def : vireo_network_def_new ();
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_XML]);
    }
  if (self->active != !!active)
    {
      self->active = !!active;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
    }
  if (self->autostart != !!autostart)
    {
      self->autostart = !!autostart;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTOSTART]);
    }
  if (self->persistent != !!persistent)
    {
      self->persistent = !!persistent;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERSISTENT]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
vireo_network_finalize (GObject *object)
{
  VireoNetwork *self = VIREO_NETWORK (object);

  g_free (self->name);
  g_free (self->xml);
  vireo_network_def_free (self->def);
  G_OBJECT_CLASS (vireo_network_parent_class)->finalize (object);
}

static void
vireo_network_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  VireoNetwork *self = VIREO_NETWORK (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    case PROP_AUTOSTART:
      g_value_set_boolean (value, self->autostart);
      break;
    case PROP_PERSISTENT:
      g_value_set_boolean (value, self->persistent);
      break;
    case PROP_XML:
      g_value_set_string (value, self->xml);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_network_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  VireoNetwork *self = VIREO_NETWORK (object);

  switch (prop_id)
    {
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_network_class_init (VireoNetworkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vireo_network_finalize;
  object_class->get_property = vireo_network_get_property;
  object_class->set_property = vireo_network_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTOSTART] =
    g_param_spec_boolean ("autostart", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PERSISTENT] =
    g_param_spec_boolean ("persistent", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_XML] =
    g_param_spec_string ("xml", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vireo_network_init (VireoNetwork *self)
{
  self->def = vireo_network_def_new ();
}
