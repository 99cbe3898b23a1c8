/* vireo-uri.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libvirt connection URIs: driver[+transport]://[user@][host][:port]/path[?params]
 * (grammar from libvirt's "Connection URIs" documentation).
 */
#define G_LOG_DOMAIN "vireo-uri"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <unistd.h>

#include "vireo-error.h"
#include "vireo-uri.h"

static const struct
{
  const char *driver;
  const char *path;
} hypervisors[] = {
  [VIREO_HYPERVISOR_QEMU_SYSTEM]  = { "qemu", "/system" },
  [VIREO_HYPERVISOR_QEMU_SESSION] = { "qemu", "/session" },
  [VIREO_HYPERVISOR_XEN]          = { "xen",  "/system" },
  [VIREO_HYPERVISOR_TEST]         = { "test", "/default" },
};

static const char *transports[] = {
  [VIREO_TRANSPORT_LOCAL] = NULL,
  [VIREO_TRANSPORT_SSH]   = "ssh",
  [VIREO_TRANSPORT_TLS]   = "tls",
  [VIREO_TRANSPORT_TCP]   = "tcp",
};

static gboolean
is_valid_part (const char *s,
               const char *forbidden)
{
  for (const char *p = s; *p; p++)
    if (g_ascii_isspace (*p) || strchr (forbidden, *p) != NULL)
      return FALSE;
  return TRUE;
}

char *
vireo_uri_build (VireoHypervisor hypervisor,
                 VireoTransport  transport,
                 const char     *user,
                 const char     *host,
                 guint           port,
                 GError        **error)
{
  g_autoptr(GString) uri = NULL;

  g_return_val_if_fail (hypervisor <= VIREO_HYPERVISOR_TEST, NULL);
  g_return_val_if_fail (transport <= VIREO_TRANSPORT_TCP, NULL);

  uri = g_string_new (hypervisors[hypervisor].driver);

  if (transport == VIREO_TRANSPORT_LOCAL)
    {
      g_string_append_printf (uri, "://%s", hypervisors[hypervisor].path);
      return g_string_free (g_steal_pointer (&uri), FALSE);
    }

  if (host == NULL || *host == '\0')
    {
      g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_INVALID_URI,
                           _("Enter the name or address of the remote host."));
      return NULL;
    }
  if (!is_valid_part (host, "/@?#"))
    {
      g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_INVALID_URI,
                           _("The host name must not contain spaces or the characters / @ ? #."));
      return NULL;
    }
  if (user != NULL && *user != '\0' && !is_valid_part (user, "/@:?#"))
    {
      g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_INVALID_URI,
                           _("The user name must not contain spaces or the characters / @ : ? #."));
      return NULL;
    }
  if (port > 65535)
    {
      g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_INVALID_URI,
                           _("The port must be a number from 1 to 65535."));
      return NULL;
    }

  g_string_append_printf (uri, "+%s://", transports[transport]);
  if (user != NULL && *user != '\0')
    g_string_append_printf (uri, "%s@", user);
  if (strchr (host, ':') != NULL && host[0] != '[')
    g_string_append_printf (uri, "[%s]", host);   /* IPv6 literal */
  else
    g_string_append (uri, host);
  if (port != 0)
    g_string_append_printf (uri, ":%u", port);
  g_string_append (uri, hypervisors[hypervisor].path);

  return g_string_free (g_steal_pointer (&uri), FALSE);
}

gboolean
vireo_uri_is_remote (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;
  const char *host;

  g_return_val_if_fail (uri != NULL, FALSE);

  parsed = g_uri_parse (uri, G_URI_FLAGS_NON_DNS, NULL);
  if (parsed == NULL)
    return FALSE;
  host = g_uri_get_host (parsed);
  return host != NULL && *host != '\0';
}

static char *
driver_label (const char *driver,
              const char *path)
{
  if (g_str_equal (driver, "qemu"))
    {
      if (path != NULL && g_str_has_prefix (path, "/session"))
        return g_strdup (_("QEMU/KVM user session"));
      return g_strdup (_("QEMU/KVM"));
    }
  if (g_str_equal (driver, "xen"))
    return g_strdup (_("Xen"));
  if (g_str_equal (driver, "test"))
    {
      if (path != NULL && !g_str_equal (path, "/default") && path[0] == '/' && path[1] != '\0')
        {
          g_autofree char *base = g_path_get_basename (path);
          /* Translators: the test driver with the name of its host file */
          return g_strdup_printf (_("Test driver: %s"), base);
        }
      return g_strdup (_("Test driver"));
    }
  if (g_str_equal (driver, "lxc"))
    return g_strdup (_("LXC"));
  if (g_str_equal (driver, "ch"))
    return g_strdup (_("Cloud Hypervisor"));
  if (g_str_equal (driver, "bhyve"))
    return g_strdup ("bhyve");
  return g_ascii_strup (driver, -1);
}

char *
vireo_uri_get_label (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;
  g_autofree char *driver = NULL;
  g_autofree char *label = NULL;
  const char *scheme;
  const char *plus;
  const char *transport = NULL;
  const char *host;

  g_return_val_if_fail (uri != NULL, NULL);

  parsed = g_uri_parse (uri, G_URI_FLAGS_NON_DNS, NULL);
  if (parsed == NULL)
    return g_strdup (uri);

  scheme = g_uri_get_scheme (parsed);
  plus = strchr (scheme, '+');
  driver = plus ? g_strndup (scheme, plus - scheme) : g_strdup (scheme);
  if (plus)
    transport = plus + 1;

  label = driver_label (driver, g_uri_get_path (parsed));
  host = g_uri_get_host (parsed);
  if (host == NULL || *host == '\0')
    return g_steal_pointer (&label);

  if (transport == NULL || g_str_equal (transport, "tls"))
    transport = "TLS";
  else if (g_str_equal (transport, "ssh"))
    transport = "SSH";
  else if (g_str_equal (transport, "libssh") || g_str_equal (transport, "libssh2"))
    transport = "SSH";
  else if (g_str_equal (transport, "tcp"))
    transport = "TCP";

  /* Translators: hypervisor: host (transport), e.g. "QEMU/KVM: host2 (SSH)" */
  return g_strdup_printf (_("%s: %s (%s)"), label, host, transport);
}

const char *
vireo_uri_default_local (void)
{
  return geteuid () == 0 ? "qemu:///system" : "qemu:///session";
}
