/* vireo-core.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-core"

#include "config.h"

#include <libvirt-glib/libvirt-glib.h>
#include <libvirt/virterror.h>
#include <osinfo/osinfo.h>

#include "vireo-core.h"

static void
quiet_error_handler (void           *user_data,
                     virErrorPtr     error)
{
  /* libvirt prints every error on stderr by default; Vireo reports them
   * itself, as sentences, where they happen. */
  g_debug ("libvirt: %s", error && error->message ? error->message : "(null)");
}

void
vireo_core_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      virInitialize ();
      virSetErrorFunc (NULL, quiet_error_handler);
      gvir_event_register ();
      g_once_init_leave (&initialized, 1);
    }
}

static GMutex os_db_lock;
static OsinfoDb *os_db;
static gboolean os_db_tried;

gboolean
vireo_core_os_names_loaded (void)
{
  gboolean loaded;

  g_mutex_lock (&os_db_lock);
  loaded = os_db_tried;
  g_mutex_unlock (&os_db_lock);
  return loaded;
}

static OsinfoDb *
load_os_db (void)
{
  OsinfoDb *ret;

  g_mutex_lock (&os_db_lock);
  if (!os_db_tried)
    {
      g_autoptr(OsinfoLoader) loader = osinfo_loader_new ();
      g_autoptr(GError) error = NULL;

      os_db_tried = TRUE;
      osinfo_loader_process_default_path (loader, &error);
      if (error != NULL)
        g_debug ("osinfo: %s", error->message);
      os_db = g_object_ref (osinfo_loader_get_db (loader));
    }
  ret = os_db;
  g_mutex_unlock (&os_db_lock);

  return ret;
}

char *
vireo_os_name_for_id (const char *os_id)
{
  static GMutex lookup_lock;
  OsinfoDb *db;
  OsinfoOs *os;
  char *name = NULL;

  if (os_id == NULL || *os_id == '\0')
    return NULL;

  db = load_os_db ();
  if (db == NULL)
    return NULL;

  g_mutex_lock (&lookup_lock);
  os = osinfo_db_get_os (db, os_id);
  if (os != NULL)
    name = g_strdup (osinfo_product_get_name (OSINFO_PRODUCT (os)));
  g_mutex_unlock (&lookup_lock);

  return name;
}
