/* vireo-snapshot.c — a VM's snapshots (issue 15)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * VireoSnapshot is one <domainsnapshot> as libvirt lists it, read bounded
 * (a remote libvirtd is untrusted). The operations run on the connection's
 * worker and answer with sentences; what libvirt 9.0 does was tried on a
 * real libvirtd with QEMU:
 *   - internal snapshots need every disk in qcow2 ("internal snapshot for
 *     disk vda unsupported for storage type raw"), cannot leave a disk out
 *     ("disk 'vdb' must use snapshot mode 'internal'") and are refused for
 *     pflash firmware ("internal snapshots of a VM with pflash based
 *     firmware are not supported");
 *   - external ones work for raw and qcow2 disks, shut off or running, disk
 *     only or with memory (the guest keeps running); a shareable raw disk is
 *     refused ("shared access for disk 'vdb' requires use of supported
 *     storage format"), so Vireo leaves shareable, read-only and empty disks
 *     out of an external snapshot (snapshot='no') and says so;
 *   - reverting to an external snapshot: "revert to external snapshot not
 *     supported yet" before libvirt 9.9.0 (its NEWS: "QEMU: implement
 *     reverting external snapshots");
 *   - deleting an external snapshot works (the overlay is merged and its
 *     file removed; a memory file stays, which Vireo removes), but not with its children
 *     ("deletion of external disk snapshots with children not supported"),
 *     nor children that mix internal and external ones.
 */
#define G_LOG_DOMAIN "vireo-snapshot"
#define VIREO_DOMAIN_COMPILATION

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <libvirt/virterror.h>

#include "vireo-connection-private.h"
#include "vireo-core.h"
#include "vireo-domain-private.h"
#include "vireo-error.h"
#include "vireo-migration.h"
#include "vireo-snapshot-private.h"
#include "vireo-xml.h"
#include "vireo-xml-edit.h"

#define LIBVIRT_REVERT_EXTERNAL 9009000   /* 9.9.0 */
#define LIBVIRT_DELETE_EXTERNAL 9000000   /* 9.0.0 */

/* -- VireoSnapshot ------------------------------------------------------------- */

struct _VireoSnapshot
{
  GObject           parent_instance;

  char             *name;
  char             *description;
  char             *parent_name;
  GDateTime        *creation_time;
  VireoDomainState  state;
  GFile            *thumbnail;
  guint             is_current : 1;
  guint             is_external : 1;
  guint             has_memory : 1;
};

G_DEFINE_FINAL_TYPE (VireoSnapshot, vireo_snapshot, G_TYPE_OBJECT)

static void
vireo_snapshot_finalize (GObject *object)
{
  VireoSnapshot *self = VIREO_SNAPSHOT (object);

  g_free (self->name);
  g_free (self->description);
  g_free (self->parent_name);
  g_clear_pointer (&self->creation_time, g_date_time_unref);
  g_clear_object (&self->thumbnail);
  G_OBJECT_CLASS (vireo_snapshot_parent_class)->finalize (object);
}

static void
vireo_snapshot_class_init (VireoSnapshotClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vireo_snapshot_finalize;
}

static void
vireo_snapshot_init (VireoSnapshot *self)
{
}

const char *
vireo_snapshot_get_name (VireoSnapshot *self)
{
  g_return_val_if_fail (VIREO_IS_SNAPSHOT (self), NULL);
  return self->name;
}

const char *
vireo_snapshot_get_description (VireoSnapshot *self)
{
  g_return_val_if_fail (VIREO_IS_SNAPSHOT (self), "");
  return self->description != NULL ? self->description : "";
}

const char *
vireo_snapshot_get_parent_name (VireoSnapshot *self)
{
  g_return_val_if_fail (VIREO_IS_SNAPSHOT (self), NULL);
  return self->parent_name;
}

GDateTime *
vireo_snapshot_get_creation_time (VireoSnapshot *self)
{
  g_return_val_if_fail (VIREO_IS_SNAPSHOT (self), NULL);
  return self->creation_time;
}

VireoDomainState
vireo_snapshot_get_state (VireoSnapshot *self)
{
  g_return_val_if_fail (VIREO_IS_SNAPSHOT (self), VIREO_DOMAIN_STATE_NOSTATE);
  return self->state;
}

gboolean
vireo_snapshot_get_is_current (VireoSnapshot *self)
{
  g_return_val_if_fail (VIREO_IS_SNAPSHOT (self), FALSE);
  return self->is_current;
}

gboolean
vireo_snapshot_get_is_external (VireoSnapshot *self)
{
  g_return_val_if_fail (VIREO_IS_SNAPSHOT (self), FALSE);
  return self->is_external;
}

gboolean
vireo_snapshot_get_has_memory (VireoSnapshot *self)
{
  g_return_val_if_fail (VIREO_IS_SNAPSHOT (self), FALSE);
  return self->has_memory;
}

GFile *
vireo_snapshot_get_thumbnail (VireoSnapshot *self)
{
  g_return_val_if_fail (VIREO_IS_SNAPSHOT (self), NULL);
  return self->thumbnail;
}

/* -- names ------------------------------------------------------------------------ */

gboolean
vireo_snapshot_name_is_valid (const char  *name,
                              char       **reason)
{
  const char *why = NULL;
  gboolean digits = TRUE;

  if (name == NULL || *name == '\0')
    why = _("Enter a name for the snapshot.");
  else if (!g_utf8_validate (name, -1, NULL))
    why = _("The name is not valid text.");
  else if (strlen (name) > VIREO_SNAPSHOT_MAX_NEW_NAME)
    why = _("The name is too long: use at most 128 bytes.");
  else if (strchr (name, '/') != NULL)
    why = _("The name cannot contain “/”.");
  else if (g_unichar_isspace (g_utf8_get_char (name)) ||
           g_unichar_isspace (g_utf8_get_char (g_utf8_find_prev_char (name, name + strlen (name)))))
    why = _("The name cannot start or end with a space.");
  else if (g_str_equal (name, ".") || g_str_equal (name, ".."))
    why = _("The name cannot be “.” or “..”.");
  else
    {
      for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (g_unichar_iscntrl (c))
            {
              why = _("The name cannot contain line breaks, tabs or other control characters.");
              break;
            }
          if (!g_unichar_isdigit (c))
            digits = FALSE;
        }
      /* QEMU takes a name of digits for a snapshot's number */
      if (why == NULL && digits)
        why = _("The name cannot be only digits: QEMU would take it for a snapshot’s number. Add a letter.");
    }

  if (why != NULL && reason != NULL)
    *reason = g_strdup (why);
  return why == NULL;
}

/* -- thumbnails --------------------------------------------------------------------- */

char *
_vireo_snapshot_thumbnail_base (const char *uuid,
                                const char *name)
{
  g_autofree char *escaped = g_uri_escape_string (name, NULL, TRUE);
  g_autofree char *file = NULL;

  /* a name as the file's, escaped ('/', '%'); a long one by its checksum */
  if (strlen (escaped) > 200 || escaped[0] == '.')
    file = g_compute_checksum_for_string (G_CHECKSUM_SHA256, name, -1);
  else
    file = g_steal_pointer (&escaped);
  return g_build_filename (g_get_user_cache_dir (), "vireo", "snapshots",
                           uuid != NULL ? uuid : "unknown", file, NULL);
}

static const char *thumbnail_exts[] = { ".png", ".ppm" };

static GFile *
thumbnail_find (const char *uuid,
                const char *name)
{
  g_autofree char *base = _vireo_snapshot_thumbnail_base (uuid, name);

  for (guint i = 0; i < G_N_ELEMENTS (thumbnail_exts); i++)
    {
      g_autofree char *path = g_strconcat (base, thumbnail_exts[i], NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_file_new_for_path (path);
    }
  return NULL;
}

static void
thumbnail_remove (const char *uuid,
                  const char *name)
{
  g_autofree char *base = _vireo_snapshot_thumbnail_base (uuid, name);

  for (guint i = 0; i < G_N_ELEMENTS (thumbnail_exts); i++)
    {
      g_autofree char *path = g_strconcat (base, thumbnail_exts[i], NULL);

      if (g_unlink (path) < 0 && errno != ENOENT)
        g_debug ("could not remove %s: %s", path, g_strerror (errno));
    }
}

void
_vireo_snapshot_forget_thumbnails (const char *uuid)
{
  g_autofree char *base = _vireo_snapshot_thumbnail_base (uuid, "x");
  g_autofree char *folder = g_path_get_dirname (base);
  g_autoptr (GDir) dir = NULL;
  const char *entry;

  /* only the files Vireo writes there: a thumbnail's name and extension */
  if (uuid == NULL || (dir = g_dir_open (folder, 0, NULL)) == NULL)
    return;
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      gboolean ours = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (thumbnail_exts); i++)
        ours = ours || g_str_has_suffix (entry, thumbnail_exts[i]);
      path = g_build_filename (folder, entry, NULL);
      if (ours && g_file_test (path, G_FILE_TEST_IS_REGULAR) && g_unlink (path) < 0)
        g_debug ("could not remove %s: %s", path, g_strerror (errno));
    }
  if (g_rmdir (folder) < 0 && errno != ENOENT)
    g_debug ("kept %s: %s", folder, g_strerror (errno));
}

/* worker thread: the VM's screen as libvirt hands it over (PNG from QEMU),
 * at most VIREO_SNAPSHOT_MAX_SCREENSHOT bytes; the path written, or NULL */
static char *
thumbnail_take (virDomainPtr handle,
                const char  *uuid,
                const char  *name)
{
  virConnectPtr conn = virDomainGetConnect (handle);
  virStreamPtr stream = conn != NULL ? virStreamNew (conn, 0) : NULL;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  char *mime = NULL;
  const char *ext;
  gboolean ok = FALSE;
  char buf[65536];

  if (stream == NULL)
    goto out;
  mime = virDomainScreenshot (handle, stream, 0, 0);
  if (mime == NULL)
    goto out;
  for (;;)
    {
      int got = virStreamRecv (stream, buf, sizeof buf);

      if (got < 0)
        goto out;
      if (got == 0)
        break;
      if (bytes->len + (guint) got > VIREO_SNAPSHOT_MAX_SCREENSHOT)
        goto out;
      g_byte_array_append (bytes, (const guint8 *) buf, got);
    }
  ok = virStreamFinish (stream) == 0 && bytes->len > 0;

out:
  if (stream != NULL)
    {
      if (!ok)
        virStreamAbort (stream);
      virStreamFree (stream);
    }
  virResetLastError ();
  if (!ok)
    {
      free (mime);
      return NULL;
    }
  if (g_strcmp0 (mime, "image/png") == 0)
    ext = ".png";
  else if (g_strcmp0 (mime, "image/x-portable-pixmap") == 0)
    ext = ".ppm";
  else
    ext = NULL;
  free (mime);
  if (ext == NULL)
    return NULL;

  base = _vireo_snapshot_thumbnail_base (uuid, name);
  path = g_strconcat (base, ext, NULL);
  dir = g_path_get_dirname (path);
  thumbnail_remove (uuid, name);
  if (g_mkdir_with_parents (dir, 0700) < 0 ||
      !g_file_set_contents (path, (const char *) bytes->data, bytes->len, &error))
    {
      g_debug ("could not keep the snapshot's thumbnail: %s",
               error != NULL ? error->message : g_strerror (errno));
      return NULL;
    }
  return g_steal_pointer (&path);
}

/* -- facts and support --------------------------------------------------------------- */

static void
disk_free (gpointer ptr)
{
  VireoSnapshotDisk *disk = ptr;

  g_free (disk->target);
  g_free (disk->device);
  g_free (disk->type);
  g_free (disk->format);
  g_free (disk->source);
  g_free (disk);
}

void
_vireo_snapshot_facts_free (VireoSnapshotFacts *facts)
{
  if (facts == NULL)
    return;
  g_free (facts->hypervisor);
  g_clear_pointer (&facts->disks, g_ptr_array_unref);
  g_free (facts);
}

VireoSnapshotFacts *
_vireo_snapshot_facts_read (xmlNode *domain)
{
  VireoSnapshotFacts *facts = g_new0 (VireoSnapshotFacts, 1);
  g_autoptr(GPtrArray) disks = NULL;
  g_autofree char *loader = NULL;
  g_autofree char *firmware = NULL;
  g_autofree char *graphics = NULL;

  facts->disks = g_ptr_array_new_with_free_func (disk_free);
  if (domain == NULL)
    return facts;

  facts->hypervisor = vireo_xml_get_string (domain, "@type");
  loader = vireo_xml_get_string (domain, "os/loader/@type");
  firmware = vireo_xml_get_string (domain, "os/@firmware");
  facts->pflash = g_strcmp0 (loader, "pflash") == 0 || g_strcmp0 (firmware, "efi") == 0;
  graphics = vireo_xml_get_string (domain, "devices/graphics/@type");
  facts->graphics = graphics != NULL;

  disks = vireo_xml_get_nodes (domain, "devices/disk");
  for (guint i = 0; disks != NULL && i < disks->len && i < VIREO_SNAPSHOT_MAX_DISKS; i++)
    {
      xmlNode *node = g_ptr_array_index (disks, i);
      VireoSnapshotDisk *disk = g_new0 (VireoSnapshotDisk, 1);
      g_autoptr(GPtrArray) sources = vireo_xml_get_nodes (node, "source");

      disk->target = vireo_xml_get_string (node, "target/@dev");
      disk->device = vireo_xml_get_string (node, "@device");
      disk->type = vireo_xml_get_string (node, "@type");
      disk->format = vireo_xml_get_string (node, "driver/@type");
      disk->has_source = sources != NULL && sources->len > 0;
      disk->source = vireo_xml_get_string (node, "source/@file");
      if (disk->source == NULL)
        disk->source = vireo_xml_get_string (node, "source/@dev");
      disk->shareable = vireo_xml_get_node (node, "shareable") != NULL;
      disk->readonly = vireo_xml_get_node (node, "readonly") != NULL;
      if (disk->device == NULL)
        disk->device = g_strdup ("disk");
      if (disk->target == NULL)
        disk->target = g_strdup ("?");
      g_ptr_array_add (facts->disks, disk);
    }
  return facts;
}

static gboolean
is_qemu (const VireoSnapshotFacts *facts)
{
  return g_strcmp0 (facts->hypervisor, "qemu") == 0 || g_strcmp0 (facts->hypervisor, "kvm") == 0;
}

/* a disk a snapshot leaves alone: read-only media, an empty drive */
static gboolean
disk_left_out (const VireoSnapshotDisk *disk)
{
  return disk->readonly || !disk->has_source ||
         g_strcmp0 (disk->device, "cdrom") == 0 || g_strcmp0 (disk->device, "floppy") == 0;
}

/* a disk an external snapshot can put an overlay on */
static gboolean
disk_external_ok (const VireoSnapshotDisk *disk)
{
  return !disk_left_out (disk) && !disk->shareable &&
         (g_strcmp0 (disk->type, "file") == 0 || g_strcmp0 (disk->type, "block") == 0 ||
          g_strcmp0 (disk->type, "volume") == 0);
}

static char *
version_string (gulong version)
{
  return g_strdup_printf ("%lu.%lu.%lu", version / 1000000, (version / 1000) % 1000, version % 1000);
}

/* why an internal snapshot is impossible, or NULL */
static char *
internal_blocker (const VireoSnapshotFacts *facts)
{
  guint qcow2 = 0;

  if (!is_qemu (facts))
    return NULL;
  if (facts->pflash)
    return g_strdup (_("It starts with UEFI firmware, whose variable store libvirt cannot include in an internal snapshot. Take an external snapshot instead."));
  for (guint i = 0; i < facts->disks->len; i++)
    {
      const VireoSnapshotDisk *disk = g_ptr_array_index (facts->disks, i);

      if (disk_left_out (disk))
        continue;
      if (disk->shareable)
        return g_strdup_printf (_("Disk %s is shared with other virtual machines, and an internal snapshot cannot leave it out. Take an external snapshot instead: it leaves shared disks out."),
                                disk->target);
      if (g_strcmp0 (disk->format, "qcow2") != 0)
        return g_strdup_printf (_("Disk %s is in %s format: only qcow2 disks can hold internal snapshots. Take an external snapshot instead."),
                                disk->target, disk->format != NULL ? disk->format : "raw");
      qcow2++;
    }
  if (qcow2 == 0)
    return g_strdup (_("It has no qcow2 disk to hold an internal snapshot."));
  return NULL;
}

static char *
external_blocker (const VireoSnapshotFacts *facts)
{
  if (!is_qemu (facts))
    return NULL;
  for (guint i = 0; i < facts->disks->len; i++)
    if (disk_external_ok (g_ptr_array_index (facts->disks, i)))
      return NULL;
  return g_strdup (_("It has no disk an external snapshot can hold: shared disks, CD/DVD media and network disks are left out."));
}

void
vireo_snapshot_support_free (VireoSnapshotSupport *support)
{
  if (support == NULL)
    return;
  g_free (support->internal_reason);
  g_free (support->external_reason);
  g_free (support->memory_reason);
  g_free (support->revert_external_reason);
  g_free (support->delete_external_reason);
  g_free (support);
}

VireoSnapshotSupport *
_vireo_snapshot_support_compute (const VireoSnapshotFacts *facts,
                                 VireoDomainState          state,
                                 gboolean                  read_only)
{
  VireoSnapshotSupport *support = g_new0 (VireoSnapshotSupport, 1);
  gboolean active = state == VIREO_DOMAIN_STATE_RUNNING || state == VIREO_DOMAIN_STATE_PAUSED ||
                    state == VIREO_DOMAIN_STATE_BLOCKED;

  if (read_only)
    {
      const char *why = _("The connection is read-only. Reconnect with full access to make changes.");

      support->internal_reason = g_strdup (why);
      support->external_reason = g_strdup (why);
      support->memory_reason = g_strdup (why);
      support->revert_external_reason = g_strdup (why);
      support->delete_external_reason = g_strdup (why);
      return support;
    }

  support->internal_reason = internal_blocker (facts);
  support->internal = support->internal_reason == NULL;
  support->external_reason = external_blocker (facts);
  support->external = support->external_reason == NULL;

  if (!active)
    support->memory_reason = g_strdup (_("Memory is saved only for a running virtual machine."));
  support->memory = support->memory_reason == NULL;

  if (is_qemu (facts) && facts->lib_version < LIBVIRT_REVERT_EXTERNAL)
    {
      g_autofree char *have = facts->lib_version > 0 ? version_string (facts->lib_version) : NULL;

      support->revert_external_reason =
        have != NULL
        ? g_strdup_printf (_("Reverting to an external snapshot needs libvirt 9.9 or later on the host; it has libvirt %s."), have)
        : g_strdup (_("Reverting to an external snapshot needs libvirt 9.9 or later on the host."));
    }
  support->revert_external = support->revert_external_reason == NULL;

  if (is_qemu (facts) && facts->lib_version < LIBVIRT_DELETE_EXTERNAL)
    {
      g_autofree char *have = facts->lib_version > 0 ? version_string (facts->lib_version) : NULL;

      support->delete_external_reason =
        have != NULL
        ? g_strdup_printf (_("Deleting an external snapshot needs libvirt 9.0 or later on the host; it has libvirt %s."), have)
        : g_strdup (_("Deleting an external snapshot needs libvirt 9.0 or later on the host."));
    }
  support->delete_external = support->delete_external_reason == NULL;
  return support;
}

VireoSnapshotSupport *
vireo_domain_get_snapshot_support (VireoDomain *domain)
{
  g_autoptr(VireoSnapshotFacts) empty = NULL;
  const VireoSnapshotFacts *facts;
  gboolean read_only;

  g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

  facts = domain->snapshot_facts;
  if (facts == NULL)
    facts = empty = _vireo_snapshot_facts_read (NULL);
  read_only = domain->connection != NULL && vireo_connection_get_read_only (domain->connection);
  return _vireo_snapshot_support_compute (facts, domain->state, read_only);
}

/* -- parsing a snapshot ------------------------------------------------------------------ */

static VireoDomainState
state_from_string (const char *state)
{
  static const struct { const char *name; VireoDomainState state; } states[] = {
    { "running", VIREO_DOMAIN_STATE_RUNNING },
    { "blocked", VIREO_DOMAIN_STATE_BLOCKED },
    { "paused", VIREO_DOMAIN_STATE_PAUSED },
    { "shutdown", VIREO_DOMAIN_STATE_SHUTDOWN },
    { "shutoff", VIREO_DOMAIN_STATE_SHUTOFF },
    { "crashed", VIREO_DOMAIN_STATE_CRASHED },
    { "pmsuspended", VIREO_DOMAIN_STATE_PMSUSPENDED },
    /* a disk-only snapshot of a running VM */
    { "disk-snapshot", VIREO_DOMAIN_STATE_RUNNING },
  };

  for (guint i = 0; state != NULL && i < G_N_ELEMENTS (states); i++)
    if (g_str_equal (state, states[i].name))
      return states[i].state;
  return VIREO_DOMAIN_STATE_NOSTATE;
}

/* @text cut to @max bytes at a character boundary, made valid UTF-8 */
static char *
bounded_text (char  *text,
              gsize  max)
{
  g_autofree char *owned = text;
  const char *end;

  if (owned == NULL)
    return NULL;
  if (strlen (owned) > max)
    {
      end = g_utf8_find_prev_char (owned, owned + max + 1);
      owned[end != NULL ? (gsize) (end - owned) : 0] = '\0';
    }
  return g_utf8_make_valid (owned, -1);
}

VireoSnapshot *
_vireo_snapshot_new_from_xml (const char *xml,
                              gboolean    is_current,
                              GError    **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(VireoSnapshot) self = NULL;
  g_autoptr(GPtrArray) external = NULL;
  g_autofree char *name = NULL;
  g_autofree char *state = NULL;
  g_autofree char *memory = NULL;
  guint64 seconds = 0;
  xmlNode *root;

  doc = vireo_xml_parse (xml, "domainsnapshot", error);
  if (doc == NULL)
    return NULL;
  root = vireo_xml_root (doc);

  name = vireo_xml_child_text (root, "name");
  if (name == NULL || *name == '\0' || strlen (name) > VIREO_SNAPSHOT_MAX_NAME ||
      !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_FAILED,
                   _("A snapshot has no name or one longer than %d bytes: it is not listed."),
                   VIREO_SNAPSHOT_MAX_NAME);
      return NULL;
    }

  self = g_object_new (VIREO_TYPE_SNAPSHOT, NULL);
  self->name = g_steal_pointer (&name);
  self->description = bounded_text (vireo_xml_child_text (root, "description"),
                                    VIREO_SNAPSHOT_MAX_DESCRIPTION);
  self->parent_name = vireo_xml_get_string (root, "parent/name");
  if (self->parent_name != NULL &&
      (*self->parent_name == '\0' || strlen (self->parent_name) > VIREO_SNAPSHOT_MAX_NAME ||
       !g_utf8_validate (self->parent_name, -1, NULL)))
    g_clear_pointer (&self->parent_name, g_free);

  if (vireo_xml_get_uint64 (root, "creationTime", &seconds, NULL) && seconds < G_MAXINT32 * 4ull)
    self->creation_time = g_date_time_new_from_unix_utc ((gint64) seconds);
  if (self->creation_time == NULL)
    self->creation_time = g_date_time_new_from_unix_utc (0);

  state = vireo_xml_child_text (root, "state");
  self->state = state_from_string (state);

  memory = vireo_xml_get_string (root, "memory/@snapshot");
  self->has_memory = g_strcmp0 (memory, "internal") == 0 || g_strcmp0 (memory, "external") == 0;
  external = vireo_xml_get_nodes (root, "disks/disk[@snapshot='external']");
  self->is_external = g_strcmp0 (memory, "external") == 0 || (external != NULL && external->len > 0);
  self->is_current = !!is_current;
  return g_steal_pointer (&self);
}

/* -- building a new snapshot's XML ----------------------------------------------------------- */

char *
_vireo_snapshot_build_xml (const VireoSnapshotFacts *facts,
                           VireoDomainState          state,
                           const char               *domain_name,
                           const char               *name,
                           const char               *description,
                           VireoSnapshotKind         kind,
                           gboolean                  include_memory,
                           guint                    *flags,
                           GError                  **error)
{
  g_autoptr(xmlDoc) doc = vireo_xml_new_document ("domainsnapshot");
  xmlNode *root = vireo_xml_root (doc);
  gboolean active = state == VIREO_DOMAIN_STATE_RUNNING || state == VIREO_DOMAIN_STATE_PAUSED ||
                    state == VIREO_DOMAIN_STATE_BLOCKED;
  g_autofree char *blocker = NULL;
  g_autofree char *reason = NULL;

  *flags = VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC;
  if (!vireo_snapshot_name_is_valid (name, &reason))
    {
      g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_FAILED, reason);
      return NULL;
    }
  include_memory = include_memory && active;

  vireo_xml_add_child (root, "name", name);
  if (description != NULL && *description != '\0')
    vireo_xml_add_child (root, "description", description);

  if (kind == VIREO_SNAPSHOT_KIND_INTERNAL)
    {
      blocker = internal_blocker (facts);
      if (blocker != NULL)
        {
          g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_NOT_SUPPORTED, blocker);
          return NULL;
        }
      /* QEMU's internal snapshot of a running VM always holds its memory */
      if (active && !include_memory && is_qemu (facts))
        {
          g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_NOT_SUPPORTED,
                               _("An internal snapshot of a running virtual machine always includes its memory. Include the memory, or take an external snapshot of the disks alone."));
          return NULL;
        }
      if (active && !include_memory)
        *flags |= VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY;
      return vireo_xml_serialize (doc, VIREO_XML_FORMAT_PRETTY | VIREO_XML_FORMAT_NO_DECLARATION);
    }

  blocker = external_blocker (facts);
  if (blocker != NULL)
    {
      g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_NOT_SUPPORTED, blocker);
      return NULL;
    }

  if (include_memory)
    {
      g_autofree char *dir = NULL;
      g_autofree char *file = NULL;
      g_autofree char *base = NULL;
      xmlNode *memory;

      /* next to the first disk that is a file */
      for (guint i = 0; dir == NULL && i < facts->disks->len; i++)
        {
          const VireoSnapshotDisk *disk = g_ptr_array_index (facts->disks, i);

          if (disk_external_ok (disk) && g_strcmp0 (disk->type, "file") == 0 &&
              disk->source != NULL && g_path_is_absolute (disk->source))
            dir = g_path_get_dirname (disk->source);
        }
      if (dir == NULL && is_qemu (facts))
        {
          g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_NOT_SUPPORTED,
                               _("Its memory would be saved next to its disks, but none of them is a file. Take a snapshot of the disks alone."));
          return NULL;
        }
      base = g_strdup_printf ("%s.%s.mem", domain_name, name);
      file = g_build_filename (dir != NULL ? dir : "/", base, NULL);
      memory = vireo_xml_add_child (root, "memory", NULL);
      vireo_xml_set_attr (memory, "snapshot", "external");
      vireo_xml_set_attr (memory, "file", file);
      *flags |= VIR_DOMAIN_SNAPSHOT_CREATE_LIVE;
    }
  else
    {
      vireo_xml_set_attr (vireo_xml_add_child (root, "memory", NULL), "snapshot", "no");
      *flags |= VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY;
    }

  {
    xmlNode *disks = vireo_xml_add_child (root, "disks", NULL);

    for (guint i = 0; i < facts->disks->len; i++)
      {
        const VireoSnapshotDisk *disk = g_ptr_array_index (facts->disks, i);
        xmlNode *node;

        if (g_str_equal (disk->target, "?"))
          continue;
        node = vireo_xml_add_child (disks, "disk", NULL);
        vireo_xml_set_attr (node, "name", disk->target);
        /* libvirt names the overlay <source without its suffix>.<name> */
        vireo_xml_set_attr (node, "snapshot", disk_external_ok (disk) ? "external" : "no");
      }
  }
  return vireo_xml_serialize (doc, VIREO_XML_FORMAT_PRETTY | VIREO_XML_FORMAT_NO_DECLARATION);
}

/* -- operations on the worker ------------------------------------------------------------------ */

typedef struct
{
  virDomainPtr       handle;       /* owned */
  char              *domain_name;
  char              *uuid;
  char              *name;
  char              *description;
  VireoSnapshotKind  kind;
  gboolean           include_memory;
  gboolean           with_children;
  gboolean           migrating;    /* a migration of this VM runs (read on the main thread) */
} SnapData;

static void
snap_data_free (gpointer ptr)
{
  SnapData *data = ptr;

  if (data->handle != NULL)
    virDomainFree (data->handle);
  g_free (data->domain_name);
  g_free (data->uuid);
  g_free (data->name);
  g_free (data->description);
  g_free (data);
}

static void
return_libvirt_error (GTask      *task,
                      const char *what)
{
  g_task_return_error (task, vireo_error_new_from_libvirt (what));
  virResetLastError ();
}

/* worker: the VM's facts now, from its current definition (live when it runs) */
static VireoSnapshotFacts *
read_facts (virDomainPtr handle)
{
  char *xml = virDomainGetXMLDesc (handle, 0);
  g_autoptr(xmlDoc) doc = xml != NULL ? vireo_xml_parse (xml, "domain", NULL) : NULL;
  VireoSnapshotFacts *facts = _vireo_snapshot_facts_read (doc != NULL ? vireo_xml_root (doc) : NULL);
  virConnectPtr conn = virDomainGetConnect (handle);
  unsigned long version = 0;

  free (xml);
  if (conn != NULL && virConnectGetLibVersion (conn, &version) == 0)
    facts->lib_version = version;
  virResetLastError ();
  return facts;
}

static VireoDomainState
read_state (virDomainPtr handle)
{
  int state = VIR_DOMAIN_NOSTATE, reason = 0;

  if (virDomainGetState (handle, &state, &reason, 0) < 0)
    virResetLastError ();
  return (VireoDomainState) state;
}

/* worker: whether @snapshot is external, from its XML */
static gboolean
snapshot_is_external (virDomainSnapshotPtr snapshot)
{
  char *xml = virDomainSnapshotGetXMLDesc (snapshot, 0);
  g_autoptr(VireoSnapshot) parsed = xml != NULL ? _vireo_snapshot_new_from_xml (xml, FALSE, NULL) : NULL;

  free (xml);
  virResetLastError ();
  return parsed != NULL && parsed->is_external;
}

/* -- list -- */

static gint
compare_by_time (gconstpointer a,
                 gconstpointer b)
{
  VireoSnapshot *x = *(VireoSnapshot **) a;
  VireoSnapshot *y = *(VireoSnapshot **) b;
  gint c = g_date_time_compare (x->creation_time, y->creation_time);

  return c != 0 ? c : g_strcmp0 (x->name, y->name);
}

static void
add_subtree (GListStore  *store,
             GPtrArray   *sorted,
             GHashTable  *added,
             VireoSnapshot *parent)
{
  for (guint i = 0; i < sorted->len; i++)
    {
      VireoSnapshot *child = g_ptr_array_index (sorted, i);

      if (g_hash_table_contains (added, child) ||
          g_strcmp0 (child->parent_name, parent->name) != 0)
        continue;
      g_hash_table_add (added, child);
      g_list_store_append (store, child);
      add_subtree (store, sorted, added, child);
    }
}

/* parents before children, each level by creation time (depth first); a
 * snapshot whose parent is not listed is a root */
static GListStore *
order_snapshots (GPtrArray *snapshots)
{
  GListStore *store = g_list_store_new (VIREO_TYPE_SNAPSHOT);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) added = g_hash_table_new (NULL, NULL);

  g_ptr_array_sort (snapshots, compare_by_time);
  for (guint i = 0; i < snapshots->len; i++)
    {
      VireoSnapshot *snapshot = g_ptr_array_index (snapshots, i);

      g_hash_table_insert (names, snapshot->name, snapshot);
    }
  for (guint i = 0; i < snapshots->len; i++)
    {
      VireoSnapshot *snapshot = g_ptr_array_index (snapshots, i);

      if (g_hash_table_contains (added, snapshot))
        continue;
      if (snapshot->parent_name != NULL &&
          g_hash_table_lookup (names, snapshot->parent_name) != NULL)
        continue;
      if (snapshot->parent_name != NULL)
        g_clear_pointer (&snapshot->parent_name, g_free);
      g_hash_table_add (added, snapshot);
      g_list_store_append (store, snapshot);
      add_subtree (store, snapshots, added, snapshot);
    }
  /* a cycle a hostile daemon made: what is left, as roots */
  for (guint i = 0; i < snapshots->len; i++)
    {
      VireoSnapshot *snapshot = g_ptr_array_index (snapshots, i);

      if (!g_hash_table_contains (added, snapshot))
        {
          g_clear_pointer (&snapshot->parent_name, g_free);
          g_hash_table_add (added, snapshot);
          g_list_store_append (store, snapshot);
        }
    }
  return store;
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SnapData *data = task_data;
  g_autofree char *what = g_strdup_printf (_("Could not list the snapshots of “%s”"), data->domain_name);
  g_autoptr(GPtrArray) snapshots = g_ptr_array_new_with_free_func (g_object_unref);
  virDomainSnapshotPtr *list = NULL;
  virDomainSnapshotPtr current;
  g_autofree char *current_name = NULL;
  int n;

  n = virDomainListAllSnapshots (data->handle, &list, 0);
  if (n < 0)
    {
      return_libvirt_error (task, what);
      return;
    }
  /* one call for the current one rather than one per snapshot */
  current = n > 0 ? virDomainSnapshotCurrent (data->handle, 0) : NULL;
  if (current != NULL)
    {
      current_name = g_strdup (virDomainSnapshotGetName (current));
      virDomainSnapshotFree (current);
    }
  virResetLastError ();
  for (int i = 0; i < n; i++)
    {
      if (i < VIREO_SNAPSHOT_MAX_LISTED && !g_cancellable_is_cancelled (cancellable))
        {
          char *xml = virDomainSnapshotGetXMLDesc (list[i], 0);
          gboolean is_current = g_strcmp0 (virDomainSnapshotGetName (list[i]), current_name) == 0;
          g_autoptr(GError) error = NULL;
          VireoSnapshot *snapshot = xml != NULL ? _vireo_snapshot_new_from_xml (xml, is_current, &error) : NULL;

          free (xml);
          if (snapshot != NULL)
            {
              snapshot->thumbnail = thumbnail_find (data->uuid, snapshot->name);
              g_ptr_array_add (snapshots, snapshot);
            }
          else if (error != NULL)
            g_debug ("%s", error->message);
        }
      virDomainSnapshotFree (list[i]);
    }
  free (list);
  virResetLastError ();
  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, order_snapshots (snapshots), g_object_unref);
}

/* -- create -- */

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SnapData *data = task_data;
  g_autofree char *what = g_strdup_printf (_("Could not take the snapshot “%s” of “%s”"),
                                           data->name, data->domain_name);
  g_autoptr(VireoSnapshotFacts) facts = read_facts (data->handle);
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *thumbnail = NULL;
  VireoDomainState state = read_state (data->handle);
  virDomainSnapshotPtr other, created;
  guint flags = 0;

  other = virDomainSnapshotLookupByName (data->handle, data->name, 0);
  if (other != NULL)
    {
      virDomainSnapshotFree (other);
      virResetLastError ();
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_FAILED,
                               _("%s: it already has a snapshot called “%s”. Choose another name."),
                               what, data->name);
      return;
    }
  virResetLastError ();

  xml = _vireo_snapshot_build_xml (facts, state, data->domain_name, data->name, data->description,
                                   data->kind, data->include_memory, &flags, &error);
  if (xml == NULL)
    {
      g_task_return_new_error (task, VIREO_ERROR, error->code, "%s: %s", what, error->message);
      return;
    }

  /* the screen as it is when the snapshot is taken; best effort */
  if (facts->graphics && (state == VIREO_DOMAIN_STATE_RUNNING || state == VIREO_DOMAIN_STATE_PAUSED))
    thumbnail = thumbnail_take (data->handle, data->uuid, data->name);

  created = virDomainSnapshotCreateXML (data->handle, xml, flags);
  if (created == NULL)
    {
      if (thumbnail != NULL)
        g_unlink (thumbnail);
      return_libvirt_error (task, what);
      return;
    }
  virDomainSnapshotFree (created);
  virResetLastError ();
  g_task_return_boolean (task, TRUE);
}

/* -- revert -- */

static void
revert_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SnapData *data = task_data;
  g_autofree char *what = g_strdup_printf (_("Could not revert “%s” to the snapshot “%s”"),
                                           data->domain_name, data->name);
  g_autoptr(VireoSnapshotFacts) facts = read_facts (data->handle);
  g_autoptr(VireoSnapshotSupport) support = NULL;
  virDomainSnapshotPtr snapshot;
  virDomainJobInfo job = { 0 };
  int rc;

  if (data->migrating ||
      (virDomainGetJobInfo (data->handle, &job) == 0 && job.type != VIR_DOMAIN_JOB_NONE))
    {
      virResetLastError ();
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_INVALID_STATE,
                               data->migrating
                               ? _("%s: it is being migrated. Wait until the migration ends, or cancel it.")
                               : _("%s: another job runs on it (a save, a migration or a copy). Wait until it ends, or cancel it."),
                               what);
      return;
    }
  virResetLastError ();

  snapshot = virDomainSnapshotLookupByName (data->handle, data->name, 0);
  if (snapshot == NULL)
    {
      return_libvirt_error (task, what);
      return;
    }
  support = _vireo_snapshot_support_compute (facts, read_state (data->handle), FALSE);
  if (!support->revert_external && snapshot_is_external (snapshot))
    {
      virDomainSnapshotFree (snapshot);
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_NOT_SUPPORTED, "%s: %s",
                               what, support->revert_external_reason);
      return;
    }
  rc = virDomainRevertToSnapshot (snapshot, 0);
  virDomainSnapshotFree (snapshot);
  if (rc < 0)
    {
      return_libvirt_error (task, what);
      return;
    }
  virResetLastError ();
  g_task_return_boolean (task, TRUE);
}

/* -- delete -- */

/* worker: the memory file of an external snapshot with memory, or NULL */
static char *
snapshot_memory_file (virDomainSnapshotPtr snapshot)
{
  char *xml = virDomainSnapshotGetXMLDesc (snapshot, 0);
  g_autoptr(xmlDoc) doc = xml != NULL ? vireo_xml_parse (xml, "domainsnapshot", NULL) : NULL;
  char *file = doc != NULL ? vireo_xml_get_string (vireo_xml_root (doc), "memory[@snapshot='external']/@file") : NULL;

  free (xml);
  virResetLastError ();
  if (file != NULL && !g_path_is_absolute (file))
    g_clear_pointer (&file, g_free);
  return file;
}

static gboolean
connection_is_local (virConnectPtr conn)
{
  char *uri = virConnectGetURI (conn);
  g_autoptr(GUri) parsed = uri != NULL ? g_uri_parse (uri, G_URI_FLAGS_NONE, NULL) : NULL;
  gboolean local = parsed != NULL && (g_uri_get_host (parsed) == NULL || *g_uri_get_host (parsed) == '\0');

  free (uri);
  virResetLastError ();
  return local;
}

/* worker: libvirt merges an external snapshot's overlays when it deletes
 * it, but leaves its memory file (as large as the guest's memory): removed
 * as a storage volume when it is one, else as a file on this machine */
static void
remove_memory_file (virConnectPtr conn,
                    const char   *path)
{
  virStorageVolPtr volume = virStorageVolLookupByPath (conn, path);

  if (volume == NULL)
    {
      g_autofree char *dir = g_path_get_dirname (path);
      virStoragePoolPtr pool = virStoragePoolLookupByTargetPath (conn, dir);

      if (pool != NULL)
        {
          virStoragePoolRefresh (pool, 0);
          virStoragePoolFree (pool);
          volume = virStorageVolLookupByPath (conn, path);
        }
    }
  if (volume != NULL)
    {
      int rc = virStorageVolDelete (volume, 0);

      virStorageVolFree (volume);
      virResetLastError ();
      if (rc == 0)
        return;
    }
  virResetLastError ();
  if (connection_is_local (conn) && g_file_test (path, G_FILE_TEST_IS_REGULAR) &&
      g_unlink (path) < 0)
    g_debug ("could not remove the snapshot's memory file %s: %s", path, g_strerror (errno));
}

static void
delete_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SnapData *data = task_data;
  g_autofree char *what = g_strdup_printf (_("Could not delete the snapshot “%s” of “%s”"),
                                           data->name, data->domain_name);
  g_autoptr(VireoSnapshotFacts) facts = read_facts (data->handle);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) memory_files = g_ptr_array_new_with_free_func (g_free);
  virDomainSnapshotPtr snapshot;
  virDomainSnapshotPtr *children = NULL;
  char *memory_file;
  gboolean external, any_external = FALSE, any_internal = FALSE;
  int n, rc;

  snapshot = virDomainSnapshotLookupByName (data->handle, data->name, 0);
  if (snapshot == NULL)
    {
      return_libvirt_error (task, what);
      return;
    }
  external = snapshot_is_external (snapshot);
  g_ptr_array_add (names, g_strdup (data->name));
  if ((memory_file = snapshot_memory_file (snapshot)) != NULL)
    g_ptr_array_add (memory_files, memory_file);

  n = data->with_children
      ? virDomainSnapshotListAllChildren (snapshot, &children, VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS)
      : 0;
  for (int i = 0; i < n; i++)
    {
      if (snapshot_is_external (children[i]))
        any_external = TRUE;
      else
        any_internal = TRUE;
      g_ptr_array_add (names, g_strdup (virDomainSnapshotGetName (children[i])));
      if ((memory_file = snapshot_memory_file (children[i])) != NULL)
        g_ptr_array_add (memory_files, memory_file);
      virDomainSnapshotFree (children[i]);
    }
  free (children);
  virResetLastError ();

  if (is_qemu (facts))
    {
      g_autoptr(VireoSnapshotSupport) support = _vireo_snapshot_support_compute (facts, VIREO_DOMAIN_STATE_SHUTOFF, FALSE);
      const char *why = NULL;

      if ((external || any_external) && !support->delete_external)
        why = support->delete_external_reason;
      else if (n > 0 && (external || (any_external && any_internal)))
        why = _("libvirt cannot delete external snapshots together with their children, nor children that mix internal and external snapshots. Delete the newest snapshots one at a time.");
      if (why != NULL)
        {
          virDomainSnapshotFree (snapshot);
          g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_NOT_SUPPORTED, "%s: %s", what, why);
          return;
        }
    }

  rc = virDomainSnapshotDelete (snapshot, data->with_children ? VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN : 0);
  virDomainSnapshotFree (snapshot);
  if (rc < 0)
    {
      return_libvirt_error (task, what);
      return;
    }
  virResetLastError ();
  for (guint i = 0; i < names->len; i++)
    thumbnail_remove (data->uuid, g_ptr_array_index (names, i));
  for (guint i = 0; i < memory_files->len; i++)
    remove_memory_file (virDomainGetConnect (data->handle), g_ptr_array_index (memory_files, i));
  g_task_return_boolean (task, TRUE);
}

/* -- description -- */

static void
describe_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  SnapData *data = task_data;
  g_autofree char *what = g_strdup_printf (_("Could not change the description of the snapshot “%s”"),
                                           data->name);
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *edited = NULL;
  virDomainSnapshotPtr snapshot, redefined;
  xmlNode *root, *node;
  char *xml;
  int current;
  guint flags = VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE;

  snapshot = virDomainSnapshotLookupByName (data->handle, data->name, 0);
  if (snapshot == NULL)
    {
      return_libvirt_error (task, what);
      return;
    }
  xml = virDomainSnapshotGetXMLDesc (snapshot, VIR_DOMAIN_SNAPSHOT_XML_SECURE);
  current = virDomainSnapshotIsCurrent (snapshot, 0);
  virDomainSnapshotFree (snapshot);
  if (xml == NULL)
    {
      return_libvirt_error (task, what);
      return;
    }
  doc = vireo_xml_parse (xml, "domainsnapshot", &error);
  free (xml);
  if (doc == NULL)
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_FAILED, "%s: %s", what, error->message);
      return;
    }
  root = vireo_xml_root (doc);
  node = vireo_xml_child (root, "description");
  if (data->description == NULL || *data->description == '\0')
    {
      if (node != NULL)
        vireo_xml_edit_remove (node);
    }
  else if (node != NULL)
    vireo_xml_edit_set_text (node, data->description);
  else
    {
      node = vireo_xml_edit_new_element (doc, "description");
      vireo_xml_edit_insert (root, vireo_xml_child (root, "name"), node);
      vireo_xml_edit_set_text (node, data->description);
    }
  edited = vireo_xml_serialize (doc, VIREO_XML_FORMAT_NO_DECLARATION);
  if (current == 1)
    flags |= VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT;
  redefined = virDomainSnapshotCreateXML (data->handle, edited, flags);
  if (redefined == NULL)
    {
      return_libvirt_error (task, what);
      return;
    }
  virDomainSnapshotFree (redefined);
  virResetLastError ();
  g_task_return_boolean (task, TRUE);
}

/* -- the async pairs ------------------------------------------------------------------------ */

static void
snap_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  VireoDomain *self = VIREO_DOMAIN (object);
  g_autoptr(GTask) outer = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, error);
      return;
    }
  g_task_return_boolean (outer, TRUE);
  /* the definition may have changed (overlays, a reverted configuration) */
  vireo_domain_refresh (self);
  _vireo_domain_emit_snapshots_changed (self);
}

static void
list_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  GError *error = NULL;
  GListStore *store = g_task_propagate_pointer (G_TASK (result), &error);

  if (store == NULL)
    g_task_return_error (outer, error);
  else
    g_task_return_pointer (outer, store, g_object_unref);
}

/* the outer task, or NULL when it was answered already (the VM cannot be changed) */
static void
run (VireoDomain         *self,
     GTask               *outer,
     const char          *what,
     gboolean             writes,
     SnapData            *data,
     GTaskThreadFunc      func,
     GAsyncReadyCallback  done)
{
  GTask *inner;

  if (writes)
    {
      if (!_vireo_domain_check_writable (self, outer, what))
        {
          snap_data_free (data);
          g_object_unref (outer);
          return;
        }
    }
  else if (self->removed || self->handle == NULL || self->connection == NULL ||
           vireo_connection_get_state (self->connection) != VIREO_CONNECTION_STATE_CONNECTED)
    {
      g_task_return_new_error (outer, VIREO_ERROR, VIREO_ERROR_DISCONNECTED,
                               _("%s: the connection to its host is not open. Vireo reconnects by itself; try again when it is back."),
                               what);
      snap_data_free (data);
      g_object_unref (outer);
      return;
    }

  virDomainRef (self->handle);
  data->handle = self->handle;
  data->domain_name = g_strdup (self->name);
  data->uuid = g_strdup (self->uuid);
  /* a change, once sent, is answered as libvirt answers it: not cancelled halfway */
  inner = g_task_new (self, writes ? NULL : g_task_get_cancellable (outer), done, outer);
  g_task_set_task_data (inner, data, snap_data_free);
  vireo_connection_run_in_worker (self->connection, inner, func);
  g_object_unref (inner);
}

void
vireo_domain_list_snapshots_async (VireoDomain        *domain,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  GTask *outer;
  g_autofree char *what = NULL;

  g_return_if_fail (VIREO_IS_DOMAIN (domain));

  outer = g_task_new (domain, cancellable, callback, user_data);
  g_task_set_source_tag (outer, vireo_domain_list_snapshots_async);
  what = g_strdup_printf (_("Could not list the snapshots of “%s”"), domain->name);
  run (domain, outer, what, FALSE, g_new0 (SnapData, 1), list_thread, list_done);
}

GListStore *
vireo_domain_list_snapshots_finish (VireoDomain  *domain,
                                    GAsyncResult *result,
                                    GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, domain), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
vireo_domain_create_snapshot_async (VireoDomain        *domain,
                                    const char         *name,
                                    const char         *description,
                                    VireoSnapshotKind   kind,
                                    gboolean            include_memory,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  GTask *outer;
  g_autofree char *what = NULL;
  g_autofree char *reason = NULL;
  SnapData *data;

  g_return_if_fail (VIREO_IS_DOMAIN (domain));

  outer = g_task_new (domain, cancellable, callback, user_data);
  g_task_set_source_tag (outer, vireo_domain_create_snapshot_async);
  what = g_strdup_printf (_("Could not take the snapshot “%s” of “%s”"),
                          name != NULL ? name : "", domain->name);
  if (!vireo_snapshot_name_is_valid (name, &reason))
    {
      g_task_return_new_error (outer, VIREO_ERROR, VIREO_ERROR_FAILED, "%s", reason);
      g_object_unref (outer);
      return;
    }
  data = g_new0 (SnapData, 1);
  data->name = g_strdup (name);
  data->description = g_strdup (description);
  data->kind = kind;
  data->include_memory = include_memory;
  run (domain, outer, what, TRUE, data, create_thread, snap_done);
}

gboolean
vireo_domain_create_snapshot_finish (VireoDomain  *domain,
                                     GAsyncResult *result,
                                     GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, domain), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
vireo_domain_revert_snapshot_async (VireoDomain        *domain,
                                    const char         *name,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  GTask *outer;
  g_autofree char *what = NULL;
  SnapData *data;

  g_return_if_fail (VIREO_IS_DOMAIN (domain));
  g_return_if_fail (name != NULL);

  outer = g_task_new (domain, cancellable, callback, user_data);
  g_task_set_source_tag (outer, vireo_domain_revert_snapshot_async);
  what = g_strdup_printf (_("Could not revert “%s” to the snapshot “%s”"), domain->name, name);
  data = g_new0 (SnapData, 1);
  data->name = g_strdup (name);
  data->migrating = vireo_domain_get_migration (domain) != NULL;
  run (domain, outer, what, TRUE, data, revert_thread, snap_done);
}

gboolean
vireo_domain_revert_snapshot_finish (VireoDomain  *domain,
                                     GAsyncResult *result,
                                     GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, domain), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
vireo_domain_delete_snapshot_async (VireoDomain        *domain,
                                    const char         *name,
                                    gboolean            with_children,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  GTask *outer;
  g_autofree char *what = NULL;
  SnapData *data;

  g_return_if_fail (VIREO_IS_DOMAIN (domain));
  g_return_if_fail (name != NULL);

  outer = g_task_new (domain, cancellable, callback, user_data);
  g_task_set_source_tag (outer, vireo_domain_delete_snapshot_async);
  what = g_strdup_printf (_("Could not delete the snapshot “%s” of “%s”"), name, domain->name);
  data = g_new0 (SnapData, 1);
  data->name = g_strdup (name);
  data->with_children = with_children;
  run (domain, outer, what, TRUE, data, delete_thread, snap_done);
}

gboolean
vireo_domain_delete_snapshot_finish (VireoDomain  *domain,
                                     GAsyncResult *result,
                                     GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, domain), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
vireo_domain_set_snapshot_description_async (VireoDomain        *domain,
                                             const char         *name,
                                             const char         *description,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data)
{
  GTask *outer;
  g_autofree char *what = NULL;
  SnapData *data;

  g_return_if_fail (VIREO_IS_DOMAIN (domain));
  g_return_if_fail (name != NULL);

  outer = g_task_new (domain, cancellable, callback, user_data);
  g_task_set_source_tag (outer, vireo_domain_set_snapshot_description_async);
  what = g_strdup_printf (_("Could not change the description of the snapshot “%s”"), name);
  if (description != NULL && strlen (description) > VIREO_SNAPSHOT_MAX_DESCRIPTION)
    {
      g_task_return_new_error (outer, VIREO_ERROR, VIREO_ERROR_FAILED,
                               _("%s: the description is too long (at most 64 KiB)."), what);
      g_object_unref (outer);
      return;
    }
  data = g_new0 (SnapData, 1);
  data->name = g_strdup (name);
  data->description = g_strdup (description);
  run (domain, outer, what, TRUE, data, describe_thread, snap_done);
}

gboolean
vireo_domain_set_snapshot_description_finish (VireoDomain  *domain,
                                              GAsyncResult *result,
                                              GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, domain), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
