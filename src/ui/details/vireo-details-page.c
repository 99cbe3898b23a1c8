/* vireo-details-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-details-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-details-page.h"

/* what a label or an entry shows of a value from the XML, at most */
#define MAX_SHOWN_CHARS 1024

typedef struct
{
  char *device_id;
  guint dirty : 1;
  guint loading : 1;
} VireoDetailsPagePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (VireoDetailsPage, vireo_details_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_DIRTY,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static void
vireo_details_page_set_dirty (VireoDetailsPage *self, gboolean dirty)
{
  VireoDetailsPagePrivate *priv = vireo_details_page_get_instance_private (self);

  if (priv->dirty == !!dirty)
    return;
  priv->dirty = !!dirty;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
}

void
vireo_details_page_load (VireoDetailsPage  *self,
                         VireoDomainConfig *config,
                         VireoDevice       *device)
{
  VireoDetailsPagePrivate *priv;

  g_return_if_fail (VIREO_IS_DETAILS_PAGE (self));
  g_return_if_fail (VIREO_IS_DOMAIN_CONFIG (config));

  priv = vireo_details_page_get_instance_private (self);
  priv->loading = TRUE;
  VIREO_DETAILS_PAGE_GET_CLASS (self)->load (self, config, device);
  priv->loading = FALSE;
  vireo_details_page_set_dirty (self, FALSE);
}

gboolean
vireo_details_page_commit (VireoDetailsPage  *self,
                           VireoDomainConfig *config,
                           VireoDevice       *device,
                           GError           **error)
{
  g_return_val_if_fail (VIREO_IS_DETAILS_PAGE (self), FALSE);
  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (config), FALSE);

  return VIREO_DETAILS_PAGE_GET_CLASS (self)->commit (self, config, device, error);
}

void
vireo_details_page_changed (VireoDetailsPage *self)
{
  VireoDetailsPagePrivate *priv;

  g_return_if_fail (VIREO_IS_DETAILS_PAGE (self));

  priv = vireo_details_page_get_instance_private (self);
  if (!priv->loading)
    vireo_details_page_set_dirty (self, TRUE);
}

gboolean
vireo_details_page_get_dirty (VireoDetailsPage *self)
{
  VireoDetailsPagePrivate *priv;

  g_return_val_if_fail (VIREO_IS_DETAILS_PAGE (self), FALSE);

  priv = vireo_details_page_get_instance_private (self);
  return priv->dirty;
}

gboolean
vireo_details_page_get_loading (VireoDetailsPage *self)
{
  VireoDetailsPagePrivate *priv;

  g_return_val_if_fail (VIREO_IS_DETAILS_PAGE (self), FALSE);

  priv = vireo_details_page_get_instance_private (self);
  return priv->loading;
}

const char *
vireo_details_page_get_device_id (VireoDetailsPage *self)
{
  VireoDetailsPagePrivate *priv;

  g_return_val_if_fail (VIREO_IS_DETAILS_PAGE (self), NULL);

  priv = vireo_details_page_get_instance_private (self);
  return priv->device_id;
}

void
vireo_details_page_set_device_id (VireoDetailsPage *self, const char *device_id)
{
  VireoDetailsPagePrivate *priv;

  g_return_if_fail (VIREO_IS_DETAILS_PAGE (self));

  priv = vireo_details_page_get_instance_private (self);
  g_free (priv->device_id);
  priv->device_id = g_strdup (device_id);
}

static void
vireo_details_page_real_load (VireoDetailsPage  *self,
                              VireoDomainConfig *config,
                              VireoDevice       *device)
{
}

static gboolean
vireo_details_page_real_commit (VireoDetailsPage  *self,
                                VireoDomainConfig *config,
                                VireoDevice       *device,
                                GError           **error)
{
  return TRUE;
}

static void
vireo_details_page_finalize (GObject *object)
{
  VireoDetailsPage *self = VIREO_DETAILS_PAGE (object);
  VireoDetailsPagePrivate *priv = vireo_details_page_get_instance_private (self);

  g_free (priv->device_id);

  G_OBJECT_CLASS (vireo_details_page_parent_class)->finalize (object);
}

static void
vireo_details_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  VireoDetailsPage *self = VIREO_DETAILS_PAGE (object);

  switch (prop_id)
    {
    case PROP_DIRTY:
      g_value_set_boolean (value, vireo_details_page_get_dirty (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_details_page_class_init (VireoDetailsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vireo_details_page_finalize;
  object_class->get_property = vireo_details_page_get_property;

  klass->load = vireo_details_page_real_load;
  klass->commit = vireo_details_page_real_commit;

  properties[PROP_DIRTY] =
      g_param_spec_boolean ("dirty", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vireo_details_page_init (VireoDetailsPage *self)
{
}

/* -- helpers --------------------------------------------------------------- */

char *
vireo_details_bounded_text (const char *text)
{
  g_autofree char *valid = NULL;

  if (text == NULL)
    return g_strdup ("");
  valid = g_utf8_make_valid (text, -1);
  if (g_utf8_strlen (valid, -1) <= MAX_SHOWN_CHARS)
    return g_steal_pointer (&valid);
  return g_utf8_substring (valid, 0, MAX_SHOWN_CHARS);
}

static char *
choice_label (GtkStringObject *item, gpointer user_data)
{
  const VireoDetailsChoice *choices = user_data;
  const char *value;

  if (item == NULL)
    return g_strdup ("");
  value = gtk_string_object_get_string (item);
  for (guint i = 0; choices[i].label != NULL; i++)
    if (g_strcmp0 (choices[i].value, value) == 0)
      return g_strdup (g_dgettext (GETTEXT_PACKAGE, choices[i].label));
  return vireo_details_bounded_text (value);
}

void
vireo_details_combo_init (AdwComboRow *row, const VireoDetailsChoice *choices)
{
  g_autoptr (GtkStringList) model = gtk_string_list_new (NULL);
  GtkExpression *expression;

  g_return_if_fail (ADW_IS_COMBO_ROW (row));
  g_return_if_fail (choices != NULL);

  for (guint i = 0; choices[i].label != NULL; i++)
    gtk_string_list_append (model, choices[i].value);
  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL, G_CALLBACK (choice_label),
                                            (gpointer) choices, NULL);
  adw_combo_row_set_expression (row, expression);
  gtk_expression_unref (expression);
  adw_combo_row_set_model (row, G_LIST_MODEL (model));
}

void
vireo_details_combo_set_value (AdwComboRow *row, const char *value)
{
  GListModel *model;
  guint n;

  g_return_if_fail (ADW_IS_COMBO_ROW (row));

  model = adw_combo_row_get_model (row);
  g_return_if_fail (GTK_IS_STRING_LIST (model));
  if (value == NULL)
    value = "";
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), value) == 0)
      {
        adw_combo_row_set_selected (row, i);
        return;
      }
  /* a value Vireo has no name for: shown as the XML says it */
  {
    g_autofree char *bounded = vireo_details_bounded_text (value);

    gtk_string_list_append (GTK_STRING_LIST (model), bounded);
    adw_combo_row_set_selected (row, n);
  }
}

const char *
vireo_details_combo_get_value (AdwComboRow *row)
{
  GtkStringObject *item;
  const char *value;

  g_return_val_if_fail (ADW_IS_COMBO_ROW (row), NULL);

  item = adw_combo_row_get_selected_item (row);
  if (item == NULL)
    return NULL;
  value = gtk_string_object_get_string (item);
  return value != NULL && *value != '\0' ? value : NULL;
}

const char *
vireo_details_entry_get_value (GtkEditable *editable)
{
  const char *text;

  g_return_val_if_fail (GTK_IS_EDITABLE (editable), NULL);

  text = gtk_editable_get_text (editable);
  return text != NULL && *text != '\0' ? text : NULL;
}

gboolean
vireo_details_device_update (VireoDevice *device,
                             const char  *path,
                             const char  *value,
                             GError     **error)
{
  g_autofree char *current = NULL;
  g_autofree char *shown = NULL;

  g_return_val_if_fail (VIREO_IS_DEVICE (device), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (value != NULL && *value == '\0')
    value = NULL;
  current = vireo_device_get (device, path);
  /* what the page showed of it (bounded) unchanged: the value stays whole */
  shown = vireo_details_bounded_text (current);
  if (g_str_equal (shown, value != NULL ? value : ""))
    return TRUE;
  return vireo_device_set (device, path, value, error);
}

gboolean
vireo_details_device_set_flag (VireoDevice *device,
                               const char  *path,
                               gboolean     present,
                               GError     **error)
{
  g_autofree char *current = NULL;

  g_return_val_if_fail (VIREO_IS_DEVICE (device), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  current = vireo_device_get (device, path);
  if ((current != NULL) == !!present)
    return TRUE;
  return vireo_device_set (device, path, present ? "" : NULL, error);
}
