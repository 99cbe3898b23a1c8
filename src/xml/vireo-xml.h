/* vireo-xml.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one XML layer of the core: every libvirt XML document the core reads
 * or writes goes through these calls. Parsing is bounded and never touches
 * the network or expands entities (a remote libvirtd's XML is untrusted);
 * reads are XPath expressions relative to a node; writes escape text and
 * attribute values; errors name the element.
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

#define VIREO_XML_ERROR (vireo_xml_error_quark ())

typedef enum
{
  VIREO_XML_ERROR_PARSE,     /* not well-formed XML */
  VIREO_XML_ERROR_TOO_LARGE, /* over VIREO_XML_MAX_BYTES, or nested too deep */
  VIREO_XML_ERROR_REFUSED,   /* a DOCTYPE: entities are never accepted */
  VIREO_XML_ERROR_ROOT,      /* the root element is not the one asked for */
  VIREO_XML_ERROR_MISSING,   /* the XPath selects nothing */
  VIREO_XML_ERROR_INVALID,   /* the value is not of the asked type */
} VireoXmlError;

/* The largest document parse accepts (a big host's capabilities are ~1 MiB) */
#define VIREO_XML_MAX_BYTES (32 * 1024 * 1024)
/* The deepest nesting parse accepts (libvirt's XML is under 10 deep) */
#define VIREO_XML_MAX_DEPTH 256

/* Namespaces every XPath expression may use by prefix */
#define VIREO_XML_NS_LIBOSINFO "http://libosinfo.org/xmlns/libvirt/domain/1.0" /* libosinfo: */
#define VIREO_XML_NS_INSTALL   "https://vireo.org/xmlns/libvirt/domain/install/1.0" /* vireo: */

typedef enum
{
  VIREO_XML_FORMAT_COMPACT        = 0,
  VIREO_XML_FORMAT_PRETTY         = 1 << 0, /* indented, as libvirt writes it */
  VIREO_XML_FORMAT_NO_DECLARATION = 1 << 1, /* no <?xml ...?> line */
} VireoXmlFormat;

typedef enum
{
  VIREO_XML_PARSE_DEFAULT   = 0,
  VIREO_XML_PARSE_NO_BLANKS = 1 << 0, /* drop blank text between elements, to re-indent */
} VireoXmlParseFlags;

GQuark     vireo_xml_error_quark     (void);

/* Parsing */
xmlDoc    *vireo_xml_parse           (const char   *xml,
                                      const char   *root_name,
                                      GError      **error);
xmlDoc    *vireo_xml_parse_full      (const char   *xml,
                                      const char   *root_name,
                                      VireoXmlParseFlags flags,
                                      int          *error_line,
                                      char        **error_reason,
                                      GError      **error);
xmlNode   *vireo_xml_root            (xmlDoc       *doc);

/* Reading: xpath is relative to node ("@id", "devices/emulator", "string(os/type)") */
char      *vireo_xml_get_string      (xmlNode      *node,
                                      const char   *xpath);
char     **vireo_xml_get_strings     (xmlNode      *node,
                                      const char   *xpath);
gboolean   vireo_xml_get_int         (xmlNode      *node,
                                      const char   *xpath,
                                      gint64       *value,
                                      GError      **error);
gboolean   vireo_xml_get_uint64      (xmlNode      *node,
                                      const char   *xpath,
                                      guint64      *value,
                                      GError      **error);
gboolean   vireo_xml_get_bool        (xmlNode      *node,
                                      const char   *xpath,
                                      gboolean     *value,
                                      GError      **error);
GPtrArray *vireo_xml_get_nodes       (xmlNode      *node,
                                      const char   *xpath);
xmlNode   *vireo_xml_get_node        (xmlNode      *node,
                                      const char   *xpath);

/* Walking without XPath (cheap, for loops over children) */
gboolean   vireo_xml_is_element      (xmlNode      *node,
                                      const char   *name);
xmlNode   *vireo_xml_child           (xmlNode      *parent,
                                      const char   *name);
char      *vireo_xml_attr            (xmlNode      *node,
                                      const char   *name);
gboolean   vireo_xml_attr_equals     (xmlNode      *node,
                                      const char   *name,
                                      const char   *value);
char      *vireo_xml_text            (xmlNode      *node);
char      *vireo_xml_trimmed_text    (xmlNode      *node);
char      *vireo_xml_child_text      (xmlNode      *parent,
                                      const char   *name);

/* Writing: text and values are escaped */
xmlDoc    *vireo_xml_new_document    (const char   *root_name);
xmlNode   *vireo_xml_add_child       (xmlNode      *parent,
                                      const char   *name,
                                      const char   *text);
xmlNode   *vireo_xml_add_ns_child    (xmlNode      *parent,
                                      const char   *ns_href,
                                      const char   *ns_prefix,
                                      const char   *name);
void       vireo_xml_set_attr        (xmlNode      *node,
                                      const char   *name,
                                      const char   *value);
void       vireo_xml_set_text        (xmlNode      *node,
                                      const char   *text);
xmlNode   *vireo_xml_ensure_path     (xmlNode      *node,
                                      const char   *path);
void       vireo_xml_remove          (xmlNode      *node);

/* Editing the tree: nodes made apart, then placed; copies across documents */
xmlNode   *vireo_xml_new_element     (xmlDoc       *doc,
                                      const char   *name);
xmlNode   *vireo_xml_copy            (xmlNode      *node,
                                      xmlDoc       *doc,
                                      gboolean      deep);
xmlNode   *vireo_xml_append          (xmlNode      *parent,
                                      xmlNode      *node);
xmlNode   *vireo_xml_prepend         (xmlNode      *parent,
                                      xmlNode      *node);
xmlNode   *vireo_xml_insert_before   (xmlNode      *sibling,
                                      xmlNode      *node);
xmlNode   *vireo_xml_insert_after    (xmlNode      *sibling,
                                      xmlNode      *node);
xmlNode   *vireo_xml_append_copy     (xmlNode      *parent,
                                      xmlNode      *node);
gboolean   vireo_xml_has_attr        (xmlNode      *node,
                                      const char   *name);
char     **vireo_xml_attr_names      (xmlNode      *node);
void       vireo_xml_clear_attrs     (xmlNode      *node);
xmlNode   *vireo_xml_first_element   (xmlNode      *parent);
xmlNode   *vireo_xml_next_element    (xmlNode      *node);
gboolean   vireo_xml_is_blank        (xmlNode      *node);

/* Serializing */
char      *vireo_xml_serialize       (xmlDoc       *doc,
                                      VireoXmlFormat format);
char      *vireo_xml_serialize_node  (xmlNode      *node,
                                      VireoXmlFormat format);
char      *vireo_xml_describe        (xmlNode      *node);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

G_END_DECLS
