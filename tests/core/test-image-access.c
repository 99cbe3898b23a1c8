/* test-image-access.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * vireo_image_access_check: can the QEMU process of qemu:///system (user
 * libvirt-qemu) open a file?  Every case builds real folders and files with
 * real modes (and POSIX ACLs, written as the kernel's xattr) under a fresh
 * temporary folder, asks the check, and then asks reality: a forked child
 * that becomes QEMU's user (setgroups + setresgid + setresuid) opens the
 * file.  The two answers must agree.  With dynamic ownership the test first
 * does what libvirt does when the VM starts (chown the file to QEMU).
 * The permission cases need root and the QEMU user; they skip otherwise.
 */
#define G_LOG_DOMAIN "test-image-access"
#define _GNU_SOURCE 1   /* setresuid, setresgid */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "vireo-error.h"
#include "vireo-image-access.h"

static char *base_dir;
static char *qemu_user;
static uid_t qemu_uid;
static gid_t qemu_gid;
static gid_t *qemu_groups;
static guint n_qemu_groups;
static const char *skip_reason;

/* Reality: a child process with QEMU's identity opens @path */
static gboolean
qemu_can_open (const char *path,
               gboolean    need_write)
{
  pid_t pid = fork ();
  int status = 0;

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      int fd;

      if (setgroups (n_qemu_groups, qemu_groups) != 0 ||
          setresgid (qemu_gid, qemu_gid, qemu_gid) != 0 ||
          setresuid (qemu_uid, qemu_uid, qemu_uid) != 0)
        _exit (2);
      /* O_NONBLOCK: never hang on a FIFO; no O_TRUNC, nothing changes */
      fd = open (path, (need_write ? O_RDWR : O_RDONLY) | O_NONBLOCK | O_NOCTTY);
      _exit (fd >= 0 ? 0 : 1);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), !=, 2);
  return WEXITSTATUS (status) == 0;
}

/* a group QEMU is in besides its primary one (kvm on Debian) */
static gid_t
qemu_other_group (void)
{
  for (guint i = 0; i < n_qemu_groups; i++)
    if (qemu_groups[i] != qemu_gid)
      return qemu_groups[i];
  return qemu_gid;
}

static char *
make_dir (const char *rel,
          guint       mode)
{
  char *path = g_build_filename (base_dir, rel, NULL);

  g_assert_no_errno (g_mkdir_with_parents (path, 0755));
  g_assert_no_errno (chmod (path, mode));
  return path;
}

static char *
make_file (const char *rel,
           guint       mode)
{
  char *path = g_build_filename (base_dir, rel, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_no_errno (g_mkdir_with_parents (dir, 0755));
  g_file_set_contents (path, "CD001 not really an ISO\n", -1, &error);
  g_assert_no_error (error);
  g_assert_no_errno (chmod (path, mode));
  return path;
}

/* Asks the check for QEMU's identity and compares with @expect_ok, the
 * message with @needle, then compares with reality. */
static void
check_case (const char *path,
            gboolean    need_write,
            gboolean    dynamic_ownership,
            gboolean    expect_ok,
            const char *needle)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;
  gboolean real;
  struct stat st;

  ok = vireo_image_access_check_for (path, need_write, qemu_user, qemu_uid, qemu_groups, n_qemu_groups,
                                     dynamic_ownership, &error);
  g_test_message ("%s (%s%s): %s", path, need_write ? "rw" : "ro", dynamic_ownership ? ", dynamic" : "",
                  ok ? "ok" : error->message);
  if (!ok)
    g_assert_true (error != NULL && error->domain == VIREO_ERROR);
  g_assert_cmpint (ok, ==, expect_ok);
  if (needle != NULL)
    g_assert_nonnull (strstr (error->message, needle));

  /* libvirt's dynamic ownership: the file becomes QEMU's when the VM starts */
  if (dynamic_ownership && stat (path, &st) == 0 && S_ISREG (st.st_mode))
    g_assert_no_errno (chown (path, qemu_uid, qemu_gid));
  real = qemu_can_open (path, need_write);
  /* a folder opens read-only, but it is no disk image: the check says no */
  if (stat (path, &st) == 0 && S_ISDIR (st.st_mode))
    return;
  g_assert_cmpint (ok, ==, real);
}

static gboolean
need_root (void)
{
  if (skip_reason != NULL)
    {
      g_test_skip (skip_reason);
      return FALSE;
    }
  return TRUE;
}

/* -- cases ---------------------------------------------------------------- */

static void
test_open_folder (void)
{
  g_autofree char *file = NULL;

  if (!need_root ())
    return;
  g_free (make_dir ("open", 0755));
  file = make_file ("open/disk.iso", 0644);
  check_case (file, FALSE, FALSE, TRUE, NULL);
  /* 0644 root: reading yes, writing only once libvirt made QEMU the owner */
  check_case (file, TRUE, FALSE, FALSE, "does not let the");
  check_case (file, TRUE, TRUE, TRUE, NULL);
}

static void
test_private_folder (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;

  if (!need_root ())
    return;
  dir = make_dir ("home/alice", 0700);
  file = make_file ("home/alice/isos/x.iso", 0644);
  g_assert_no_errno (chmod (dir, 0700));
  check_case (file, FALSE, FALSE, FALSE, "is private to its owner");
  check_case (file, FALSE, TRUE, FALSE, "is private to its owner");

  /* the sentence a person reads, through the public call (qemu.conf) */
  g_assert_false (vireo_image_access_check (file, FALSE, &error));
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_PERMISSION_DENIED);
  expected = g_strdup_printf ("QEMU cannot open “%s”: the folder “%s” is private to its owner. "
                              "Move the file to /var/lib/libvirt/images, or let the %s user enter "
                              "the folder (setfacl -m u:%s:x %s).",
                              file, dir, qemu_user, qemu_user, dir);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_nonnull (strstr (vireo_error_get_details (error), "mode 0700"));
}

static void
test_nested_folders (void)
{
  g_autofree char *outer = NULL;
  g_autofree char *inner = NULL;
  g_autofree char *file = NULL;
  g_autofree char *needle = NULL;

  if (!need_root ())
    return;
  file = make_file ("a/b/c/disk.qcow2", 0644);
  outer = make_dir ("a", 0750);
  inner = make_dir ("a/b", 0700);
  /* the first folder in the way is named */
  needle = g_strdup_printf ("the folder “%s” does not let the %s user in", outer, qemu_user);
  check_case (file, FALSE, TRUE, FALSE, needle);
  g_assert_no_errno (chmod (outer, 0711));
  g_clear_pointer (&needle, g_free);
  needle = g_strdup_printf ("the folder “%s” is private", inner);
  check_case (file, FALSE, TRUE, FALSE, needle);
  g_assert_no_errno (chmod (inner, 0701));
  check_case (file, FALSE, TRUE, TRUE, NULL);
}

static void
test_group_folder (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;

  if (!need_root ())
    return;
  dir = make_dir ("grp", 0750);
  file = make_file ("grp/disk.img", 0640);
  /* group root: QEMU is not in it */
  check_case (file, FALSE, FALSE, FALSE, "does not let the");
  /* group kvm (QEMU's supplementary group): in, and the file's group bits count */
  g_assert_no_errno (chown (dir, 0, qemu_other_group ()));
  g_assert_no_errno (chown (file, 0, qemu_other_group ()));
  check_case (file, FALSE, FALSE, TRUE, NULL);
  check_case (file, TRUE, FALSE, FALSE, "read and write it");
  g_assert_no_errno (chmod (dir, 0740));   /* read but no search */
  check_case (file, FALSE, FALSE, FALSE, "does not let the");
}

static void
test_file_modes (void)
{
  g_autofree char *file = NULL;
  g_autofree char *dead = NULL;

  if (!need_root ())
    return;
  g_free (make_dir ("modes", 0755));
  file = make_file ("modes/private.iso", 0600);
  /* without dynamic ownership a root-only file stays root-only */
  check_case (file, FALSE, FALSE, FALSE, "setfacl -m u:");
  /* with it, libvirt hands the file to QEMU first */
  g_assert_no_errno (chown (file, 0, 0));
  check_case (file, FALSE, TRUE, TRUE, NULL);
  /* but no owner can read a file mode 0000 (QEMU runs without CAP_DAC_OVERRIDE) */
  g_assert_no_errno (chown (file, 0, 0));
  g_assert_no_errno (chmod (file, 0000));
  check_case (file, FALSE, TRUE, FALSE, "do not let even its owner");
  g_assert_no_errno (chmod (file, 0400));
  check_case (file, TRUE, TRUE, FALSE, "chmod u+rw");
  check_case (file, FALSE, TRUE, TRUE, NULL);

  /* a dangling link */
  dead = g_build_filename (base_dir, "modes", "dead.iso", NULL);
  g_assert_no_errno (symlink ("/nonexistent/vireo.iso", dead));
  check_case (dead, FALSE, TRUE, FALSE, "a link to a file that does not exist");
}

static void
test_links (void)
{
  g_autofree char *file = NULL;
  g_autofree char *link = NULL;

  if (!need_root ())
    return;
  g_free (make_dir ("target", 0700));
  file = make_file ("target/real.iso", 0644);
  g_assert_no_errno (chmod (file, 0644));
  g_free (make_dir ("links", 0755));
  link = g_build_filename (base_dir, "links", "shown.iso", NULL);
  g_assert_no_errno (symlink (file, link));
  /* the link's folder is open, its target's is not */
  check_case (link, FALSE, TRUE, FALSE, "is private to its owner");
  {
    g_autofree char *target_dir = g_path_get_dirname (file);

    g_assert_no_errno (chmod (target_dir, 0711));
  }
  check_case (link, FALSE, TRUE, TRUE, NULL);
}

/* -- POSIX ACLs, set through the kernel's xattr --------------------------- */

typedef struct
{
  guint16 tag, perm;
  guint32 id;
} RawAcl;

static gboolean
set_acl (const char   *path,
         const RawAcl *entries,
         guint         n)
{
  g_autofree guint8 *buf = g_malloc (4 + 8 * n);
  guint32 version = GUINT32_TO_LE (2);

  memcpy (buf, &version, 4);
  for (guint i = 0; i < n; i++)
    {
      guint16 tag = GUINT16_TO_LE (entries[i].tag), perm = GUINT16_TO_LE (entries[i].perm);
      guint32 id = GUINT32_TO_LE (entries[i].id);

      memcpy (buf + 4 + 8 * i, &tag, 2);
      memcpy (buf + 4 + 8 * i + 2, &perm, 2);
      memcpy (buf + 4 + 8 * i + 4, &id, 4);
    }
  return setxattr (path, "system.posix_acl_access", buf, 4 + 8 * n, 0) == 0;
}

#define UNDEF 0xffffffffu

static void
test_acls (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;

  if (!need_root ())
    return;
  dir = make_dir ("acl/home", 0700);
  file = make_file ("acl/home/disk.iso", 0644);

  {
    /* setfacl -m u:libvirt-qemu:x DIR */
    RawAcl user_x[] = {
      { 0x01, 7, UNDEF }, { 0x02, 1, qemu_uid }, { 0x04, 0, UNDEF }, { 0x10, 1, UNDEF }, { 0x20, 0, UNDEF },
    };

    if (!set_acl (dir, user_x, G_N_ELEMENTS (user_x)))
      {
        g_test_skip_printf ("this file system has no POSIX ACLs: %s", g_strerror (errno));
        return;
      }
  }
  check_case (file, FALSE, FALSE, TRUE, NULL);

  {
    /* the same entry, but the mask takes the x away */
    RawAcl masked[] = {
      { 0x01, 7, UNDEF }, { 0x02, 1, qemu_uid }, { 0x04, 0, UNDEF }, { 0x10, 0, UNDEF }, { 0x20, 0, UNDEF },
    };

    g_assert_true (set_acl (dir, masked, G_N_ELEMENTS (masked)));
  }
  check_case (file, FALSE, FALSE, FALSE, "setfacl -m u:");

  {
    /* a named group QEMU is in: g:kvm:x */
    RawAcl group_x[] = {
      { 0x01, 7, UNDEF }, { 0x04, 0, UNDEF }, { 0x08, 1, qemu_other_group () },
      { 0x10, 1, UNDEF }, { 0x20, 0, UNDEF },
    };

    g_assert_true (set_acl (dir, group_x, G_N_ELEMENTS (group_x)));
  }
  check_case (file, FALSE, FALSE, TRUE, NULL);

  {
    /* a named user entry without x wins over "other" having x */
    RawAcl user_none[] = {
      { 0x01, 7, UNDEF }, { 0x02, 0, qemu_uid }, { 0x04, 0, UNDEF }, { 0x10, 7, UNDEF }, { 0x20, 1, UNDEF },
    };

    g_assert_true (set_acl (dir, user_none, G_N_ELEMENTS (user_none)));
  }
  check_case (file, FALSE, FALSE, FALSE, NULL);

  {
    /* the file's own ACL: u:libvirt-qemu:r on a 0600 file */
    RawAcl file_r[] = {
      { 0x01, 6, UNDEF }, { 0x02, 4, qemu_uid }, { 0x04, 0, UNDEF }, { 0x10, 4, UNDEF }, { 0x20, 0, UNDEF },
    };

    g_assert_no_errno (chmod (dir, 0711));
    g_assert_no_errno (removexattr (dir, "system.posix_acl_access"));
    g_assert_true (set_acl (file, file_r, G_N_ELEMENTS (file_r)));
  }
  check_case (file, FALSE, FALSE, TRUE, NULL);
  check_case (file, TRUE, FALSE, FALSE, "read and write it");
}

/* -- what needs no root -------------------------------------------------- */

static void
test_not_a_file (void)
{
  g_autofree char *missing = g_build_filename (base_dir, "nothing", "here.iso", NULL);
  g_autofree char *missing2 = g_build_filename (base_dir, "here.iso", NULL);
  g_autoptr(GError) error = NULL;

  /* the qemu user need not exist for these: use nobody's identity */
  gid_t nogroup = 65534;

  g_assert_false (vireo_image_access_check_for (missing, FALSE, "nobody", 65534, &nogroup, 1, TRUE, &error));
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_clear_error (&error);

  g_assert_false (vireo_image_access_check_for (missing2, FALSE, "nobody", 65534, &nogroup, 1, TRUE, &error));
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "the file does not exist"));
  g_clear_error (&error);

  g_assert_false (vireo_image_access_check_for (base_dir, FALSE, "nobody", 65534, &nogroup, 1, TRUE, &error));
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "is a folder"));
  g_clear_error (&error);

  g_assert_false (vireo_image_access_check_for ("/dev/null", FALSE, "nobody", 65534, &nogroup, 1, TRUE, &error));
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "special file"));
  g_clear_error (&error);

  if (skip_reason == NULL)
    {
      /* reality agrees the missing ones do not open */
      g_assert_false (qemu_can_open (missing, FALSE));
      g_assert_false (qemu_can_open (missing2, FALSE));
    }
}

static void
test_qemu_conf (void)
{
  g_autofree char *conf = g_build_filename (base_dir, "qemu.conf", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;
  g_autofree gid_t *groups = NULL;
  guint n_groups = 0;
  gboolean dynamic = TRUE;
  uid_t uid = 1;
  gid_t gid = 1;

  g_file_set_contents (conf,
                       "# user = \"nobody\"\n"
                       "#user = \"nobody\"\n"
                       "user = \"+0\"\n"
                       "group = \"+0\"\n"
                       "dynamic_ownership = 0   # off\n",
                       -1, &error);
  g_assert_no_error (error);
  g_assert_true (vireo_image_access_get_qemu_identity (conf, &user, &uid, &gid, &groups, &n_groups, &dynamic, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (user, ==, "root");
  g_assert_cmpuint (uid, ==, 0);
  g_assert_cmpuint (gid, ==, 0);
  g_assert_false (dynamic);
  g_assert_cmpuint (n_groups, >=, 1);

  g_file_set_contents (conf, "user = \"vireo-no-such-user\"\n", -1, &error);
  g_assert_no_error (error);
  g_assert_false (vireo_image_access_get_qemu_identity (conf, NULL, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "vireo-no-such-user"));
  g_clear_error (&error);

  /* no file: libvirt's defaults, dynamic ownership on */
  if (getpwnam ("libvirt-qemu") != NULL)
    {
      g_clear_pointer (&user, g_free);
      g_clear_pointer (&groups, g_free);
      g_assert_true (vireo_image_access_get_qemu_identity ("/nonexistent/qemu.conf", &user, &uid, &gid, &groups,
                                                           &n_groups, &dynamic, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (user, ==, "libvirt-qemu");
      g_assert_true (dynamic);
    }
  g_unlink (conf);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);

  /* in /tmp itself, not $TMPDIR: the QEMU user must be able to get there */
  base_dir = g_strdup ("/tmp/vireo-access-XXXXXX");
  g_assert_nonnull (g_mkdtemp_full (base_dir, 0755));
  g_assert_no_errno (chmod (base_dir, 0755));

  if (geteuid () != 0)
    skip_reason = "needs root (it creates files of other owners and becomes the QEMU user to compare)";
  else if (!vireo_image_access_get_qemu_identity (NULL, &qemu_user, &qemu_uid, &qemu_gid, &qemu_groups,
                                                  &n_qemu_groups, NULL, &error))
    {
      skip_reason = g_intern_string (error->message);
      g_clear_error (&error);
    }
  else if (qemu_uid == 0)
    skip_reason = "QEMU runs as root here (qemu.conf): there is nothing to compare";

  g_test_add_func ("/image-access/qemu-conf", test_qemu_conf);
  g_test_add_func ("/image-access/not-a-file", test_not_a_file);
  g_test_add_func ("/image-access/open-folder", test_open_folder);
  g_test_add_func ("/image-access/private-folder", test_private_folder);
  g_test_add_func ("/image-access/nested-folders", test_nested_folders);
  g_test_add_func ("/image-access/group-folder", test_group_folder);
  g_test_add_func ("/image-access/file-modes", test_file_modes);
  g_test_add_func ("/image-access/links", test_links);
  g_test_add_func ("/image-access/acls", test_acls);

  rc = g_test_run ();

  {
    /* chmod everything back so the removal can enter it */
    const char *chmod_argv[] = { "chmod", "-R", "u+rwx", base_dir, NULL };
    const char *rm_argv[] = { "rm", "-rf", base_dir, NULL };

    g_spawn_sync (NULL, (char **) chmod_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    g_spawn_sync (NULL, (char **) rm_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    g_assert_false (g_file_test (base_dir, G_FILE_TEST_EXISTS));
  }
  g_free (base_dir);
  g_free (qemu_user);
  g_free (qemu_groups);
  return rc;
}
