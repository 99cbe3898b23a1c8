/* vireo-application-private.h — what the application's files share
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * VireoApplication is one class in files by concern that share the instance
 * struct and the functions one file calls in another: vireo-application.c
 * (settings of the live figures, windows, help, start-up, the command line,
 * the object), -connections.c (saved connections, adding, opening, removing,
 * the demo host) and -actions.c (the app.* actions). Only the
 * vireo-application*.c files include this header.
 */
#pragma once

#include "vireo-application.h"
#include "vireo-manager-window.h"

G_BEGIN_DECLS

/* set on a connection the person saved (g_object_set_data) */
#define SAVED_KEY "vireo-saved"

struct _VireoApplication
{
  AdwApplication parent_instance;

  GSettings    *settings;        /* NULL when the schema is not installed */
  GListStore   *connections;     /* VireoConnection */
  GHashTable   *vm_windows;      /* VireoDomain* (unowned key) -> GtkWindow* */
  GHashTable   *host_windows;    /* VireoConnection* (owned key) -> GtkWindow* */
  GCancellable *cancellable;
  guint         started : 1;     /* the first window has been shown */
  guint         no_hypervisor : 1;
};

/* a connection and what to do with it, for a callback */
typedef struct
{
  VireoApplication *self;       /* owned */
  VireoConnection  *connection; /* owned */
  gboolean          read_only;
} OpenData;

/* vireo-application.c */
GtkWindow       *_vireo_application_get_parent_window      (VireoApplication *self);
void             _vireo_application_set_no_hypervisor      (VireoApplication *self,
                                                            gboolean          no_hypervisor);
/* @page: NULL for the help's front page */
void             _vireo_application_show_help              (VireoApplication *self,
                                                            const char       *page);

/* vireo-application-connections.c */
VireoConnection *_vireo_application_find_connection        (VireoApplication *self,
                                                            const char       *uri,
                                                            guint            *position);
void             _vireo_application_open_connection        (VireoApplication *self,
                                                            VireoConnection  *connection,
                                                            gboolean          read_only);
void             _vireo_application_open_data_closure_free (gpointer          data,
                                                            GClosure         *closure);
/* returns the demo host's connection (not owned), or NULL when it is not installed */
VireoConnection *_vireo_application_open_demo              (VireoApplication *self);
void             _vireo_application_open_saved_connections (VireoApplication *self);

/* vireo-application-actions.c */
void             _vireo_application_install_actions        (VireoApplication *self);
/* @connection: the host to preselect, or NULL */
void             _vireo_application_show_new_vm_wizard     (VireoApplication *self,
                                                            VireoConnection  *connection);

G_END_DECLS
