/* vireo-details-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-details-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-details-page.h"
#include "vireo-details-xml-view.h"

/* what a label or an entry shows of a value from the XML, at most */
#define MAX_SHOWN_CHARS 1024
/* the XML tab: one device element, or the whole domain (a few dozen KiB) */
#define MAX_DEVICE_XML_BYTES (64 * 1024)
#define MAX_DOMAIN_XML_BYTES (1024 * 1024)

typedef struct
{
  char *device_id;
  GtkStack *tabs;                /* "details" (the subclass's child) and "xml" */
  VireoDetailsXmlView *xml_view;
  guint dirty : 1;               /* details_dirty || the XML view's edited */
  guint details_dirty : 1;
  guint loading : 1;
  guint has_device : 1;          /* as last loaded */
} VireoDetailsPagePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (VireoDetailsPage, vireo_details_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_DIRTY,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

/* the XML tab holds edits (the view is gone once disposed) */
static gboolean
xml_edited (VireoDetailsPagePrivate *priv)
{
  return priv->xml_view != NULL && vireo_details_xml_view_get_edited (priv->xml_view);
}

static void
vireo_details_page_update_dirty (VireoDetailsPage *self)
{
  VireoDetailsPagePrivate *priv = vireo_details_page_get_instance_private (self);
  gboolean dirty = priv->details_dirty || xml_edited (priv);

  if (priv->dirty == dirty)
    return;
  priv->dirty = dirty;
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
  priv->details_dirty = FALSE;

  /* the XML tab: the device's element, or the whole domain */
  priv->has_device = device != NULL;
  {
    g_autofree char *xml = device != NULL ? vireo_device_to_xml (device) : vireo_domain_config_to_xml (config);

    vireo_details_xml_view_set_max_bytes (priv->xml_view,
                                          device != NULL ? MAX_DEVICE_XML_BYTES : MAX_DOMAIN_XML_BYTES);
    vireo_details_xml_view_set_label (priv->xml_view,
                                      device != NULL ? _ ("Device XML") : _ ("Virtual machine XML"));
    vireo_details_xml_view_set_description (
        priv->xml_view, device != NULL ? _ ("The device as libvirt keeps it. Apply replaces it with this "
                                            "text, once libvirt has checked it.")
                                       : _ ("The whole virtual machine as libvirt keeps it. Apply saves "
                                            "this text as its definition, once libvirt has checked it."));
    vireo_details_xml_view_set_xml (priv->xml_view, xml);
  }
  vireo_details_page_update_dirty (self);
}

/* the person changed both tabs: which one they mean is not for Vireo to guess */
static gboolean
check_one_tab (VireoDetailsPage *self, GError **error)
{
  VireoDetailsPagePrivate *priv = vireo_details_page_get_instance_private (self);

  if (priv->details_dirty && xml_edited (priv))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _ ("Both the settings and the XML were changed. Apply one at a time: undo "
                              "the changes on one tab (Ctrl+Z in the XML), or press Revert to start "
                              "again."));
      return FALSE;
    }
  return TRUE;
}

gboolean
vireo_details_page_commit (VireoDetailsPage  *self,
                           VireoDomainConfig *config,
                           VireoDevice       *device,
                           GError           **error)
{
  VireoDetailsPagePrivate *priv;

  g_return_val_if_fail (VIREO_IS_DETAILS_PAGE (self), FALSE);
  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (config), FALSE);

  priv = vireo_details_page_get_instance_private (self);
  if (!check_one_tab (self, error))
    return FALSE;
  if (xml_edited (priv))
    {
      g_autofree char *xml = NULL;

      /* a whole domain is not a device: vireo_details_page_commit_document */
      g_return_val_if_fail (device != NULL, FALSE);
      xml = vireo_details_xml_view_dup_xml (priv->xml_view, error);
      /* the XML the person edited is the device as they want it */
      return xml != NULL && vireo_device_set_from_xml (device, xml, error);
    }
  return VIREO_DETAILS_PAGE_GET_CLASS (self)->commit (self, config, device, error);
}

gboolean
vireo_details_page_get_document_edited (VireoDetailsPage *self)
{
  VireoDetailsPagePrivate *priv;

  g_return_val_if_fail (VIREO_IS_DETAILS_PAGE (self), FALSE);

  priv = vireo_details_page_get_instance_private (self);
  return !priv->has_device && xml_edited (priv);
}

/* UUIDs as libvirt reads them: any case, with or without dashes */
static gboolean
same_uuid (const char *a, const char *b)
{
  g_autoptr (GString) x = g_string_new (NULL);
  g_autoptr (GString) y = g_string_new (NULL);

  if (a == NULL || b == NULL)
    return FALSE;
  for (const char *p = a; *p != '\0'; p++)
    if (*p != '-' && !g_ascii_isspace (*p))
      g_string_append_c (x, g_ascii_tolower (*p));
  for (const char *p = b; *p != '\0'; p++)
    if (*p != '-' && !g_ascii_isspace (*p))
      g_string_append_c (y, g_ascii_tolower (*p));
  return g_str_equal (x->str, y->str);
}

VireoDomainConfig *
vireo_details_page_commit_document (VireoDetailsPage  *self,
                                    VireoDomainConfig *current,
                                    GError           **error)
{
  VireoDetailsPagePrivate *priv;
  g_autoptr (VireoDomainConfig) config = NULL;
  g_autofree char *xml = NULL;

  g_return_val_if_fail (VIREO_IS_DETAILS_PAGE (self), NULL);
  g_return_val_if_fail (VIREO_IS_DOMAIN_CONFIG (current), NULL);

  priv = vireo_details_page_get_instance_private (self);
  if (!check_one_tab (self, error))
    return NULL;
  xml = vireo_details_xml_view_dup_xml (priv->xml_view, error);
  if (xml == NULL)
    return NULL;
  config = vireo_domain_config_new_from_xml (xml, error);
  if (config == NULL)
    return NULL;
  /* another UUID is another VM: libvirt would define a new one beside it */
  if (!same_uuid (vireo_domain_config_get_uuid (config), vireo_domain_config_get_uuid (current)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a UUID; <uuid> is XML, keep it as it is */
                   _ ("The XML changes the virtual machine’s UUID, which identifies it: put back "
                      "<uuid>%s</uuid>. To get a virtual machine with another UUID, clone this "
                      "one."),
                   vireo_domain_config_get_uuid (current));
      return NULL;
    }
  return g_steal_pointer (&config);
}

const char *
vireo_details_page_get_tab (VireoDetailsPage *self)
{
  VireoDetailsPagePrivate *priv;

  g_return_val_if_fail (VIREO_IS_DETAILS_PAGE (self), NULL);

  priv = vireo_details_page_get_instance_private (self);
  if (priv->tabs == NULL)
    return "xml";
  return gtk_stack_get_visible_child_name (priv->tabs);
}

void
vireo_details_page_set_tab (VireoDetailsPage *self, const char *tab)
{
  VireoDetailsPagePrivate *priv;

  g_return_if_fail (VIREO_IS_DETAILS_PAGE (self));
  g_return_if_fail (tab != NULL);

  priv = vireo_details_page_get_instance_private (self);
  if (priv->tabs != NULL && gtk_stack_get_child_by_name (priv->tabs, tab) != NULL)
    gtk_stack_set_visible_child_name (priv->tabs, tab);
}

void
vireo_details_page_changed (VireoDetailsPage *self)
{
  VireoDetailsPagePrivate *priv;

  g_return_if_fail (VIREO_IS_DETAILS_PAGE (self));

  priv = vireo_details_page_get_instance_private (self);
  if (priv->loading)
    return;
  priv->details_dirty = TRUE;
  vireo_details_page_update_dirty (self);
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

/* the subclass's widgets (the bin's child its template set) go on the
 * "details" tab, beside the "xml" one; a page without widgets of its own (the
 * whole VM's XML) shows the XML alone */
static void
vireo_details_page_constructed (GObject *object)
{
  VireoDetailsPage *self = VIREO_DETAILS_PAGE (object);
  VireoDetailsPagePrivate *priv = vireo_details_page_get_instance_private (self);
  GtkWidget *details;
  GtkWidget *box;
  GtkWidget *switcher;

  G_OBJECT_CLASS (vireo_details_page_parent_class)->constructed (object);

  details = adw_bin_get_child (ADW_BIN (self));
  if (details == NULL)
    {
      adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (priv->xml_view));
      return;
    }
  g_object_ref (details);
  adw_bin_set_child (ADW_BIN (self), NULL);

  priv->tabs = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (priv->tabs), TRUE);
  gtk_stack_add_titled (priv->tabs, details, "details", _ ("Details"));
  g_object_unref (details);
  gtk_stack_add_titled (priv->tabs, GTK_WIDGET (priv->xml_view), "xml", _ ("XML"));
  gtk_stack_set_visible_child_name (priv->tabs, "details");

  switcher = gtk_stack_switcher_new ();
  gtk_stack_switcher_set_stack (GTK_STACK_SWITCHER (switcher), priv->tabs);
  gtk_widget_set_halign (switcher, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (switcher, 12);
  gtk_widget_set_margin_bottom (switcher, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (switcher), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Details or XML"), -1);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), switcher);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (priv->tabs));
  adw_bin_set_child (ADW_BIN (self), box);
}

static void
vireo_details_page_dispose (GObject *object)
{
  VireoDetailsPage *self = VIREO_DETAILS_PAGE (object);
  VireoDetailsPagePrivate *priv = vireo_details_page_get_instance_private (self);

  g_clear_object (&priv->xml_view);

  G_OBJECT_CLASS (vireo_details_page_parent_class)->dispose (object);
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

  object_class->constructed = vireo_details_page_constructed;
  object_class->dispose = vireo_details_page_dispose;
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
  VireoDetailsPagePrivate *priv = vireo_details_page_get_instance_private (self);

  /* placed in constructed, once the subclass's template made its widgets */
  priv->xml_view = VIREO_DETAILS_XML_VIEW (g_object_ref_sink (vireo_details_xml_view_new ()));
  g_signal_connect_object (priv->xml_view, "notify::edited", G_CALLBACK (vireo_details_page_update_dirty),
                           self, G_CONNECT_SWAPPED);
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
