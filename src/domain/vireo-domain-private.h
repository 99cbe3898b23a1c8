/* vireo-domain-private.h — what VireoConnection needs of VireoDomain
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libvirt/libvirt.h>

#include "vireo-domain.h"

G_BEGIN_DECLS

/* Everything Vireo shows of a VM, read on a worker thread in one go. */
typedef struct
{
  virDomainPtr     handle;        /* owned reference */
  guint64          seq;           /* when it was read: newer wins */
  char            *name;
  char            *uuid;
  int              id;
  VireoDomainState state;
  gboolean         has_managed_save;
  gboolean         persistent;
  gboolean         autostart;
  guint            vcpus;
  guint64          memory;
  guint64          max_memory;
  char            *title;
  char            *description;
  char            *os_id;
  char            *os_name;
  char            *hypervisor;
  char            *emulator;
  gboolean         install_phase; /* running with Vireo's install-phase marker */
  int              reason;        /* virDomainGetState's reason for state */
} VireoDomainSnapshot;

/* worker thread; NULL + error when the VM vanished or libvirt failed */
VireoDomainSnapshot *_vireo_domain_snapshot_fetch (virDomainPtr handle,
                                                   GError     **error);
void                 _vireo_domain_snapshot_free  (VireoDomainSnapshot *snapshot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoDomainSnapshot, _vireo_domain_snapshot_free)

/* a new reference to the libvirt handle (free with virDomainFree), or NULL */
virDomainPtr _vireo_domain_ref_handle    (VireoDomain         *self);

/* main thread */
VireoDomain *_vireo_domain_new           (VireoConnection     *connection,
                                          VireoDomainSnapshot *snapshot);
void         _vireo_domain_apply         (VireoDomain         *self,
                                          VireoDomainSnapshot *snapshot);
void         _vireo_domain_set_state     (VireoDomain         *self,
                                          VireoDomainState     state);
void         _vireo_domain_set_os_name   (VireoDomain         *self,
                                          const char          *os_name);
void         _vireo_domain_set_available (VireoDomain         *self,
                                          gboolean             available);
void         _vireo_domain_set_removed   (VireoDomain         *self);
/* a lifecycle event said the VM stopped (@detail: virDomainEventStoppedDetailType);
 * ends or continues its install job */
void         _vireo_domain_stopped       (VireoDomain         *self,
                                          int                  detail);

G_END_DECLS
