/* vireo-os-entry.h — one operating system of the libosinfo database
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VIREO_TYPE_OS_ENTRY (vireo_os_entry_get_type ())
G_DECLARE_FINAL_TYPE (VireoOsEntry, vireo_os_entry, VIREO, OS_ENTRY, GObject)

/* An immutable row of the OS list: plain strings copied out of libosinfo, so
 * the UI can show and filter it on the main thread without touching
 * libosinfo objects. */
VireoOsEntry *vireo_os_entry_new              (const char *id,
                                               const char *short_id,
                                               const char *name,
                                               const char *vendor,
                                               const char *family,
                                               const char *distro,
                                               const char *release_date);

/* "http://fedoraproject.org/fedora/37" */
const char   *vireo_os_entry_get_id           (VireoOsEntry *self);
/* "fedora37" */
const char   *vireo_os_entry_get_short_id     (VireoOsEntry *self);
/* "Fedora Linux 37" */
const char   *vireo_os_entry_get_name         (VireoOsEntry *self);
const char   *vireo_os_entry_get_vendor       (VireoOsEntry *self);
/* "linux", "winnt", "freebsd", ... (may be NULL) */
const char   *vireo_os_entry_get_family       (VireoOsEntry *self);
/* "fedora", "win", "debian", ... (may be NULL) */
const char   *vireo_os_entry_get_distro       (VireoOsEntry *self);
/* "YYYY-MM-DD", or NULL when the database has none */
const char   *vireo_os_entry_get_release_date (VireoOsEntry *self);

/* TRUE when every word of @query (case-insensitive) appears in the name,
 * short id, vendor or family. An empty query matches everything. */
gboolean      vireo_os_entry_matches          (VireoOsEntry *self,
                                               const char   *query);

G_END_DECLS
