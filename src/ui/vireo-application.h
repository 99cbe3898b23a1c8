/* vireo-application.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vireo-core.h"

G_BEGIN_DECLS

#define VIREO_TYPE_APPLICATION (vireo_application_get_type ())
G_DECLARE_FINAL_TYPE (VireoApplication, vireo_application, VIREO, APPLICATION, AdwApplication)

VireoApplication *vireo_application_new                (void);
/* GListModel of VireoConnection, in the order the person added them */
GListModel       *vireo_application_get_connections    (VireoApplication *self);
/* adds (or returns the existing) connection for @uri and opens it; @save
 * stores it in GSettings */
VireoConnection  *vireo_application_add_connection     (VireoApplication *self,
                                                        const char       *uri,
                                                        gboolean          autoconnect,
                                                        gboolean          save);
void              vireo_application_remove_connection  (VireoApplication *self,
                                                        VireoConnection  *connection);
/* opens (or raises) the VM window of @domain */
void              vireo_application_show_domain        (VireoApplication *self,
                                                        VireoDomain      *domain);
GSettings        *vireo_application_get_settings       (VireoApplication *self);

G_END_DECLS
