/* vireo-image-access.h — can QEMU of the local qemu:///system reach a file?
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

/* Answers whether the QEMU process of the local qemu:///system libvirtd
 * could open @path for reading (and writing with @need_write) when a VM using
 * it starts.  Reads QEMU's user and group from /etc/libvirt/qemu.conf
 * (unset on Debian: libvirt's built-in user and group libvirt-qemu) and adds
 * the user's supplementary groups (kvm), as libvirt does when it starts QEMU
 * (seen on a running guest: uid libvirt-qemu, gid libvirt-qemu, groups
 * kvm,libvirt-qemu).  Then it checks, for that identity:
 *   - every folder on the way (also of the symlink's target) lets it in
 *     (the search bit of owner, group, other, and POSIX ACL entries, read from
 *     the system.posix_acl_access attribute — no libacl);
 *   - the file exists and is a regular file or a block device;
 *   - the file's own mode: with dynamic_ownership (libvirt's default) libvirt
 *     makes QEMU the file's owner when the VM starts, so the owner bits count;
 *     without it, the bits (and ACL) that apply to QEMU's user as it is.
 * AppArmor is not checked: libvirt's virt-aa-helper adds every file in the
 * domain XML to the VM's profile.  SELinux labels are not checked either.
 * Blocking (a few stat calls); never changes anything.  Meaningless for
 * remote connections and qemu:///session (QEMU runs as the person then).
 *
 * Returns FALSE with a VIREO_ERROR (VIREO_ERROR_NOT_FOUND,
 * VIREO_ERROR_PERMISSION_DENIED or VIREO_ERROR_FAILED) whose message says
 * why and what to do, and whose details name the identity and the modes
 * checked. */
gboolean vireo_image_access_check     (const char *path,
                                       gboolean    need_write,
                                       GError    **error);

/* QEMU's identity as libvirt would set it up, from @qemu_conf (NULL:
 * /etc/libvirt/qemu.conf).  @groups (optional, free with g_free) holds the
 * primary group and the user's supplementary groups.  FALSE when the user
 * or group does not exist on this machine. */
gboolean vireo_image_access_get_qemu_identity (const char *qemu_conf,
                                               char      **user_name,
                                               uid_t      *uid,
                                               gid_t      *gid,
                                               gid_t     **groups,
                                               guint      *n_groups,
                                               gboolean   *dynamic_ownership,
                                               GError    **error);

/* vireo_image_access_check for an explicit identity (tests use it). */
gboolean vireo_image_access_check_for (const char  *path,
                                       gboolean     need_write,
                                       const char  *user_name,
                                       uid_t        uid,
                                       const gid_t *groups,
                                       guint        n_groups,
                                       gboolean     dynamic_ownership,
                                       GError     **error);

G_END_DECLS
