/* vireo-core.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-core"

#include "config.h"

#include <libvirt-glib/libvirt-glib.h>
#include <libvirt/virterror.h>

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

/* the process's one OS database (src/install/vireo-os-database.c) */
gboolean
vireo_core_os_names_loaded (void)
{
  return vireo_os_database_names_loaded ();
}

char *
vireo_os_name_for_id (const char *os_id)
{
  return vireo_os_database_name_for_id (os_id);
}
