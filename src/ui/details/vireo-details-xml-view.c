/* vireo-details-xml-view.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-details-xml-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <gtksourceview/gtksource.h>

#include "vireo-details-xml-view.h"

/* a device element is a few hundred bytes, a whole domain a few dozen KiB */
#define DEFAULT_MAX_BYTES (64 * 1024)

struct _VireoDetailsXmlView
{
  AdwBin parent_instance;

  GtkLabel *description_label;
  GtkLabel *note_label;
  GtkSourceView *source_view;

  gsize max_bytes;
  guint loading : 1;
  guint edited : 1;
  guint editable : 1;
};

G_DEFINE_FINAL_TYPE (VireoDetailsXmlView, vireo_details_xml_view, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_EDITED,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static GtkTextBuffer *
get_buffer (VireoDetailsXmlView *self)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
}

static void
set_edited (VireoDetailsXmlView *self, gboolean edited)
{
  if (self->edited == !!edited)
    return;
  self->edited = !!edited;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITED]);
}

static void
buffer_changed_cb (VireoDetailsXmlView *self)
{
  if (!self->loading)
    set_edited (self, TRUE);
}

/* the light or dark highlighting, as the rest of the window */
static void
dark_cb (VireoDetailsXmlView *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkSourceStyleScheme *scheme =
      gtk_source_style_scheme_manager_get_scheme (gtk_source_style_scheme_manager_get_default (),
                                                  adw_style_manager_get_dark (manager) ? "Adwaita-dark"
                                                                                       : "Adwaita");

  if (scheme != NULL)
    gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (get_buffer (self)), scheme);
}

void
vireo_details_xml_view_set_label (VireoDetailsXmlView *self, const char *label)
{
  g_return_if_fail (VIREO_IS_DETAILS_XML_VIEW (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->source_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label != NULL ? label : "", -1);
}

void
vireo_details_xml_view_set_description (VireoDetailsXmlView *self, const char *description)
{
  g_return_if_fail (VIREO_IS_DETAILS_XML_VIEW (self));

  gtk_label_set_text (self->description_label, description != NULL ? description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->description_label), description != NULL && *description != '\0');
}

void
vireo_details_xml_view_set_max_bytes (VireoDetailsXmlView *self, gsize max_bytes)
{
  g_return_if_fail (VIREO_IS_DETAILS_XML_VIEW (self));
  g_return_if_fail (max_bytes > 0);

  self->max_bytes = max_bytes;
}

gsize
vireo_details_xml_view_get_max_bytes (VireoDetailsXmlView *self)
{
  g_return_val_if_fail (VIREO_IS_DETAILS_XML_VIEW (self), 0);

  return self->max_bytes;
}

void
vireo_details_xml_view_set_xml (VireoDetailsXmlView *self, const char *xml)
{
  g_autofree char *shown = NULL;
  gsize len;

  g_return_if_fail (VIREO_IS_DETAILS_XML_VIEW (self));

  if (xml == NULL)
    xml = "";
  len = strnlen (xml, self->max_bytes + 1);
  self->editable = len <= self->max_bytes;
  /* untrusted: valid UTF-8, and no more than the maximum (cut short) */
  shown = g_utf8_make_valid (xml, MIN (len, self->max_bytes));

  /* loading is not an edit the person can undo */
  self->loading = TRUE;
  gtk_text_buffer_begin_irreversible_action (get_buffer (self));
  gtk_text_buffer_set_text (get_buffer (self), shown, -1);
  gtk_text_buffer_end_irreversible_action (get_buffer (self));
  self->loading = FALSE;
  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->source_view), self->editable);
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), !self->editable);
  if (!self->editable)
    {
      g_autofree char *size = g_format_size_full (self->max_bytes, G_FORMAT_SIZE_IEC_UNITS);
      /* Translators: %s is a size, e.g. "64.0 KiB" */
      g_autofree char *note = g_strdup_printf (_ ("This XML is longer than %s: it is shown cut short "
                                                  "and cannot be edited here."),
                                               size);

      gtk_label_set_text (self->note_label, note);
    }
  set_edited (self, FALSE);
}

char *
vireo_details_xml_view_dup_xml (VireoDetailsXmlView *self, GError **error)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  char *text;

  g_return_val_if_fail (VIREO_IS_DETAILS_XML_VIEW (self), NULL);

  buffer = get_buffer (self);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (strlen (text) > self->max_bytes)
    {
      g_autofree char *size = g_format_size_full (self->max_bytes, G_FORMAT_SIZE_IEC_UNITS);

      g_free (text);
      /* Translators: %s is a size, e.g. "64.0 KiB" */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _ ("The XML is longer than %s: Vireo does not apply it. Shorten it, or press "
                      "Revert to start again."),
                   size);
      return NULL;
    }
  return text;
}

gboolean
vireo_details_xml_view_get_edited (VireoDetailsXmlView *self)
{
  g_return_val_if_fail (VIREO_IS_DETAILS_XML_VIEW (self), FALSE);

  return self->edited;
}

gboolean
vireo_details_xml_view_get_editable (VireoDetailsXmlView *self)
{
  g_return_val_if_fail (VIREO_IS_DETAILS_XML_VIEW (self), FALSE);

  return self->editable;
}

static void
vireo_details_xml_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), VIREO_TYPE_DETAILS_XML_VIEW);

  G_OBJECT_CLASS (vireo_details_xml_view_parent_class)->dispose (object);
}

static void
vireo_details_xml_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  VireoDetailsXmlView *self = VIREO_DETAILS_XML_VIEW (object);

  switch (prop_id)
    {
    case PROP_EDITED:
      g_value_set_boolean (value, self->edited);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_details_xml_view_class_init (VireoDetailsXmlViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_details_xml_view_dispose;
  object_class->get_property = vireo_details_xml_view_get_property;

  properties[PROP_EDITED] =
      g_param_spec_boolean ("edited", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_source_init ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/vireo/Vireo/details/vireo-details-xml-view.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsXmlView, description_label);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsXmlView, note_label);
  gtk_widget_class_bind_template_child (widget_class, VireoDetailsXmlView, source_view);
}

static void
vireo_details_xml_view_init (VireoDetailsXmlView *self)
{
  GtkSourceBuffer *buffer;
  GtkSourceLanguage *language;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->max_bytes = DEFAULT_MAX_BYTES;
  self->editable = TRUE;

  buffer = GTK_SOURCE_BUFFER (get_buffer (self));
  language = gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (), "xml");
  if (language != NULL)
    gtk_source_buffer_set_language (buffer, language);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (buffer_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (dark_cb), self,
                           G_CONNECT_SWAPPED);
  dark_cb (self);
}

GtkWidget *
vireo_details_xml_view_new (void)
{
  return g_object_new (VIREO_TYPE_DETAILS_XML_VIEW, NULL);
}
