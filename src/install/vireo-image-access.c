/* vireo-image-access.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-image-access"

#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "vireo-error.h"
#include "vireo-image-access.h"

/* Debian builds libvirt with qemu_user = qemu_group = libvirt-qemu; the user's
 * supplementary groups (kvm) are added by libvirt when it starts QEMU. */
#define DEFAULT_QEMU_USER  "libvirt-qemu"
#define DEFAULT_QEMU_GROUP "libvirt-qemu"
#define QEMU_CONF          "/etc/libvirt/qemu.conf"
#define IMAGES_DIR         "/var/lib/libvirt/images"

#define WANT_READ  4
#define WANT_WRITE 2
#define WANT_EXEC  1

/* -- qemu.conf ------------------------------------------------------------ */

/* the value of the last uncommented `key = value` line, quotes removed */
static char *
conf_value (const char *text,
            const char *key)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  char *value = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      gsize len = strlen (key);
      char *rest, *hash;

      if (strncmp (line, key, len) != 0)
        continue;
      rest = g_strchug (line + len);
      if (*rest != '=')
        continue;
      rest = g_strchug (rest + 1);
      if (*rest == '"')
        {
          char *end = strchr (rest + 1, '"');

          if (end == NULL)
            continue;
          g_free (value);
          value = g_strndup (rest + 1, end - rest - 1);
        }
      else
        {
          if ((hash = strchr (rest, '#')) != NULL)
            *hash = '\0';
          g_free (value);
          value = g_strdup (g_strstrip (rest));
        }
    }
  return value;
}

static gboolean
parse_id (const char *text,
          guint      *id)
{
  guint64 v;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32 - 1, &v, NULL))
    return FALSE;
  *id = (guint) v;
  return TRUE;
}

gboolean
vireo_image_access_get_qemu_identity (const char *qemu_conf,
                                      char      **user_name,
                                      uid_t      *uid,
                                      gid_t      *gid,
                                      gid_t     **groups,
                                      guint      *n_groups,
                                      gboolean   *dynamic_ownership,
                                      GError    **error)
{
  g_autofree char *text = NULL;
  g_autofree char *user = NULL;
  g_autofree char *group = NULL;
  g_autofree char *dynamic = NULL;
  g_autofree char *name = NULL;
  struct passwd *pw = NULL;
  struct group *gr = NULL;
  guint id;
  uid_t u;
  gid_t g;

  /* an unreadable or missing file means libvirt's built-in defaults */
  g_file_get_contents (qemu_conf != NULL ? qemu_conf : QEMU_CONF, &text, NULL, NULL);
  if (text != NULL)
    {
      user = conf_value (text, "user");
      group = conf_value (text, "group");
      dynamic = conf_value (text, "dynamic_ownership");
    }
  if (user == NULL)
    user = g_strdup (DEFAULT_QEMU_USER);

  /* libvirt's rule: "+N" is a uid, otherwise a name, else a number */
  if (user[0] == '+' && parse_id (user + 1, &id))
    pw = getpwuid (id);
  else if ((pw = getpwnam (user)) == NULL && parse_id (user, &id))
    pw = getpwuid (id);
  if (pw == NULL)
    {
      if (user[0] == '+' && parse_id (user + 1, &id))
        {
          /* a bare uid with no passwd entry: libvirt accepts it */
          u = id;
          g = 0;
          name = g_strdup (user + 1);
        }
      else
        {
          g_set_error (error, VIREO_ERROR, VIREO_ERROR_NOT_FOUND,
                       _("The user “%s” that QEMU runs as does not exist on this computer."), user);
          return FALSE;
        }
    }
  else
    {
      u = pw->pw_uid;
      g = pw->pw_gid;
      name = g_strdup (pw->pw_name);
    }

  /* libvirt's default group is its built-in one, whatever the user */
  if (group == NULL && getgrnam (DEFAULT_QEMU_GROUP) != NULL)
    group = g_strdup (DEFAULT_QEMU_GROUP);
  if (group != NULL)
    {
      if (group[0] == '+' && parse_id (group + 1, &id))
        g = id;
      else if ((gr = getgrnam (group)) != NULL)
        g = gr->gr_gid;
      else if (parse_id (group, &id))
        g = id;
      else
        {
          g_set_error (error, VIREO_ERROR, VIREO_ERROR_NOT_FOUND,
                       _("The group “%s” that QEMU runs as does not exist on this computer."), group);
          return FALSE;
        }
    }

  if (groups != NULL)
    {
      int n = 32;
      g_autofree gid_t *list = g_new (gid_t, n);

      if (pw == NULL)
        {
          list[0] = g;
          n = 1;
        }
      else if (getgrouplist (name, g, list, &n) < 0)
        {
          g_free (list);
          list = g_new (gid_t, n);
          if (getgrouplist (name, g, list, &n) < 0)
            n = 0;
        }
      *groups = g_steal_pointer (&list);
      if (n_groups != NULL)
        *n_groups = n;
    }

  if (user_name != NULL)
    *user_name = g_steal_pointer (&name);
  if (uid != NULL)
    *uid = u;
  if (gid != NULL)
    *gid = g;
  if (dynamic_ownership != NULL)
    *dynamic_ownership = dynamic == NULL || g_strcmp0 (dynamic, "0") != 0;
  return TRUE;
}

/* -- permission checks --------------------------------------------------- */

/* POSIX ACL as the kernel stores it in system.posix_acl_access:
 * a little-endian header (version 2) and entries { u16 tag, u16 perm, u32 id } */
enum
{
  ACL_TAG_USER_OBJ = 0x01,
  ACL_TAG_USER = 0x02,
  ACL_TAG_GROUP_OBJ = 0x04,
  ACL_TAG_GROUP = 0x08,
  ACL_TAG_MASK = 0x10,
  ACL_TAG_OTHER = 0x20,
};

typedef struct
{
  guint16 tag;
  guint16 perm;
  guint32 id;
} AclEntry;

/* the entries of @path's access ACL, or NULL when it has none (or it cannot
 * be read: then the mode bits are all that counts) */
static GArray *
read_acl (const char *path)
{
  guint8 buf[4 + 8 * 64];
  ssize_t len = getxattr (path, "system.posix_acl_access", buf, sizeof buf);
  GArray *entries;

  if (len < 4 || (len - 4) % 8 != 0 || GUINT32_FROM_LE (*(guint32 *) buf) != 2)
    return NULL;
  entries = g_array_new (FALSE, FALSE, sizeof (AclEntry));
  for (ssize_t off = 4; off < len; off += 8)
    {
      AclEntry e;

      memcpy (&e.tag, buf + off, 2);
      memcpy (&e.perm, buf + off + 2, 2);
      memcpy (&e.id, buf + off + 4, 4);
      e.tag = GUINT16_FROM_LE (e.tag);
      e.perm = GUINT16_FROM_LE (e.perm);
      e.id = GUINT32_FROM_LE (e.id);
      g_array_append_val (entries, e);
    }
  return entries;
}

static gboolean
in_groups (gid_t        gid,
           const gid_t *groups,
           guint        n_groups)
{
  for (guint i = 0; i < n_groups; i++)
    if (groups[i] == gid)
      return TRUE;
  return FALSE;
}

/* The kernel's access decision (POSIX.1e) for @want (WANT_* bits) on a file
 * with @st and @path's ACL, for @uid with @groups.  @as_owner: the file will
 * belong to @uid (libvirt's dynamic ownership). */
static gboolean
may_access (const char        *path,
            const struct stat *st,
            uid_t              uid,
            const gid_t       *groups,
            guint              n_groups,
            gboolean           as_owner,
            guint              want)
{
  g_autoptr(GArray) acl = NULL;
  guint mode = st->st_mode;
  guint mask = 7;
  gboolean group_matched = FALSE;

  if (uid == 0)
    return TRUE;
  if (as_owner || st->st_uid == uid)
    return ((mode >> 6) & want) == want;

  acl = read_acl (path);
  if (acl == NULL)
    {
      if (in_groups (st->st_gid, groups, n_groups))
        return ((mode >> 3) & want) == want;
      return (mode & want) == want;
    }

  for (guint i = 0; i < acl->len; i++)
    if (g_array_index (acl, AclEntry, i).tag == ACL_TAG_MASK)
      mask = g_array_index (acl, AclEntry, i).perm;
  for (guint i = 0; i < acl->len; i++)
    {
      AclEntry *e = &g_array_index (acl, AclEntry, i);

      if (e->tag == ACL_TAG_USER && e->id == uid)
        return (e->perm & mask & want) == want;
    }
  for (guint i = 0; i < acl->len; i++)
    {
      AclEntry *e = &g_array_index (acl, AclEntry, i);
      gboolean match = (e->tag == ACL_TAG_GROUP_OBJ && in_groups (st->st_gid, groups, n_groups)) ||
                       (e->tag == ACL_TAG_GROUP && in_groups (e->id, groups, n_groups));

      if (!match)
        continue;
      group_matched = TRUE;
      if ((e->perm & mask & want) == want)
        return TRUE;
    }
  if (group_matched)
    return FALSE;
  for (guint i = 0; i < acl->len; i++)
    if (g_array_index (acl, AclEntry, i).tag == ACL_TAG_OTHER)
      return (g_array_index (acl, AclEntry, i).perm & want) == want;
  return FALSE;
}

static char *
describe_identity (const char  *user_name,
                   uid_t        uid,
                   const gid_t *groups,
                   guint        n_groups,
                   gboolean     dynamic_ownership)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "QEMU runs as user %s (uid %u), groups", user_name, (guint) uid);
  for (guint i = 0; i < n_groups; i++)
    g_string_append_printf (s, "%s%u", i == 0 ? " " : ",", (guint) groups[i]);
  g_string_append_printf (s, "; dynamic_ownership %s", dynamic_ownership ? "on" : "off");
  return g_string_free (s, FALSE);
}

/* @path as a shell argument: as it is when that is safe, else quoted */
static char *
shell_arg (const char *path)
{
  for (const char *p = path; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("/._-+,:@%", *p) == NULL)
      return g_shell_quote (path);
  return g_strdup (path);
}

static GError *
folder_error (const char        *path,
              const char        *folder,
              const struct stat *st,
              const char        *user_name,
              const char        *identity)
{
  g_autofree char *details =
    g_strdup_printf ("%s; folder %s: owner %u, group %u, mode %04o, no search (x) permission for QEMU",
                     identity, folder, (guint) st->st_uid, (guint) st->st_gid,
                     (guint) (st->st_mode & 07777));
  g_autofree char *arg = shell_arg (folder);
  g_autoptr(GArray) acl = read_acl (folder);

  /* with an ACL the group bits are its mask: "private" would be wrong */
  if ((st->st_mode & 077) == 0 && acl == NULL)
    return vireo_error_new_with_details (VIREO_ERROR_PERMISSION_DENIED, details,
                                         _("QEMU cannot open “%s”: the folder “%s” is private to its owner. "
                                           "Move the file to %s, or let the %s user enter the folder "
                                           "(setfacl -m u:%s:x %s)."),
                                         path, folder, IMAGES_DIR, user_name, user_name, arg);
  return vireo_error_new_with_details (VIREO_ERROR_PERMISSION_DENIED, details,
                                       _("QEMU cannot open “%s”: the folder “%s” does not let the %s user in. "
                                         "Move the file to %s, or let the %s user enter the folder "
                                         "(setfacl -m u:%s:x %s)."),
                                       path, folder, user_name, IMAGES_DIR, user_name, user_name, arg);
}

/* every folder above @abs_path (absolute, not necessarily resolved) must let
 * the identity search it */
static gboolean
check_folders (const char  *shown_path,
               const char  *abs_path,
               const char  *user_name,
               uid_t        uid,
               const gid_t *groups,
               guint        n_groups,
               const char  *identity,
               GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (abs_path);
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func (g_free);

  /* from the root down, so the message names the first folder in the way */
  while (TRUE)
    {
      char *parent;

      g_ptr_array_insert (chain, 0, g_strdup (dir));
      if (strcmp (dir, "/") == 0 || strcmp (dir, ".") == 0)
        break;
      parent = g_path_get_dirname (dir);
      g_free (dir);
      dir = parent;
    }

  for (guint i = 0; i < chain->len; i++)
    {
      const char *folder = g_ptr_array_index (chain, i);
      struct stat st;

      if (stat (folder, &st) != 0)
        {
          int saved = errno;

          g_propagate_error (error,
                             vireo_error_new_with_details (saved == ENOENT ? VIREO_ERROR_NOT_FOUND : VIREO_ERROR_FAILED,
                                                           g_strerror (saved),
                                                           _("QEMU cannot open “%s”: the folder “%s” does not exist."),
                                                           shown_path, folder));
          return FALSE;
        }
      if (!S_ISDIR (st.st_mode))
        {
          g_propagate_error (error,
                             vireo_error_new_with_details (VIREO_ERROR_NOT_FOUND, folder,
                                                           _("QEMU cannot open “%s”: “%s” is not a folder."),
                                                           shown_path, folder));
          return FALSE;
        }
      if (!may_access (folder, &st, uid, groups, n_groups, FALSE, WANT_EXEC))
        {
          g_propagate_error (error, folder_error (shown_path, folder, &st, user_name, identity));
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
vireo_image_access_check_for (const char  *path,
                              gboolean     need_write,
                              const char  *user_name,
                              uid_t        uid,
                              const gid_t *groups,
                              guint        n_groups,
                              gboolean     dynamic_ownership,
                              GError     **error)
{
  g_autofree char *abs_path = NULL;
  g_autofree char *real = NULL;
  g_autofree char *identity = NULL;
  g_autofree char *details = NULL;
  g_autofree char *arg = NULL;
  guint want = WANT_READ | (need_write ? WANT_WRITE : 0);
  struct stat st;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (user_name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  identity = describe_identity (user_name, uid, groups, n_groups, dynamic_ownership);
  abs_path = g_canonicalize_filename (path, NULL);

  if (!check_folders (path, abs_path, user_name, uid, groups, n_groups, identity, error))
    return FALSE;

  if (stat (abs_path, &st) != 0)
    {
      int saved = errno;

      if (saved == ENOENT && lstat (abs_path, &st) == 0)
        g_propagate_error (error,
                           vireo_error_new_with_details (VIREO_ERROR_NOT_FOUND, g_strerror (saved),
                                                         _("QEMU cannot open “%s”: it is a link to a file that does not exist."),
                                                         path));
      else
        g_propagate_error (error,
                           vireo_error_new_with_details (saved == ENOENT ? VIREO_ERROR_NOT_FOUND : VIREO_ERROR_FAILED,
                                                         g_strerror (saved),
                                                         _("QEMU cannot open “%s”: the file does not exist."),
                                                         path));
      return FALSE;
    }

  /* a link: the folders on the way to its target count too */
  real = realpath (abs_path, NULL);
  if (real != NULL && strcmp (real, abs_path) != 0 &&
      !check_folders (path, real, user_name, uid, groups, n_groups, identity, error))
    return FALSE;

  if (S_ISDIR (st.st_mode))
    {
      g_propagate_error (error,
                         vireo_error_new_with_details (VIREO_ERROR_FAILED, NULL,
                                                       _("“%s” is a folder, not a disk image or ISO file. "
                                                         "Choose a file in it."),
                                                       path));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode) && !S_ISBLK (st.st_mode))
    {
      g_propagate_error (error,
                         vireo_error_new_with_details (VIREO_ERROR_FAILED, NULL,
                                                       _("“%s” is not a disk image or ISO file: it is a special file "
                                                         "(a device, pipe or socket). Choose a regular file or a "
                                                         "block device."),
                                                       path));
      return FALSE;
    }

  if (may_access (real != NULL ? real : abs_path, &st, uid, groups, n_groups, dynamic_ownership, want))
    return TRUE;

  arg = shell_arg (path);
  details = g_strdup_printf ("%s; file %s: owner %u, group %u, mode %04o",
                             identity, real != NULL ? real : abs_path, (guint) st.st_uid,
                             (guint) st.st_gid, (guint) (st.st_mode & 07777));
  if (dynamic_ownership)
    {
      /* libvirt makes QEMU the owner, but the owner bits themselves are missing */
      g_propagate_error (error,
                         vireo_error_new_with_details (VIREO_ERROR_PERMISSION_DENIED, details,
                                                       need_write
                                                       ? _("QEMU cannot write to “%s”: its permissions do not let even "
                                                           "its owner read and write it. Give the owner read and write "
                                                           "permission (chmod u+rw %s).")
                                                       : _("QEMU cannot read “%s”: its permissions do not let even its "
                                                           "owner read it. Give the owner read permission "
                                                           "(chmod u+r %s)."),
                                                       path, arg));
      return FALSE;
    }
  g_propagate_error (error,
                     vireo_error_new_with_details (VIREO_ERROR_PERMISSION_DENIED, details,
                                                   need_write
                                                   ? _("QEMU cannot write to “%s”: the file does not let the %s user "
                                                       "read and write it. Move the file to %s, or give that user "
                                                       "access (setfacl -m u:%s:rw %s).")
                                                   : _("QEMU cannot read “%s”: the file does not let the %s user "
                                                       "read it. Move the file to %s, or give that user access "
                                                       "(setfacl -m u:%s:r %s)."),
                                                   path, user_name, IMAGES_DIR, user_name, arg));
  return FALSE;
}

gboolean
vireo_image_access_check (const char *path,
                          gboolean    need_write,
                          GError    **error)
{
  g_autofree char *user_name = NULL;
  g_autofree gid_t *groups = NULL;
  guint n_groups = 0;
  gboolean dynamic_ownership = TRUE;
  uid_t uid = 0;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!vireo_image_access_get_qemu_identity (NULL, &user_name, &uid, NULL, &groups, &n_groups,
                                             &dynamic_ownership, error))
    return FALSE;
  return vireo_image_access_check_for (path, need_write, user_name, uid, groups, n_groups,
                                       dynamic_ownership, error);
}
