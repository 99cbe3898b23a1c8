/* vireo-xml-edit.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lossless edits of a parsed document (one parsed keeping its blanks): each
 * call changes only what it names and keeps the indentation of the
 * document, so an added element is exactly one added line and a removed one
 * exactly one removed line. And the canonical form that makes two documents
 * comparable.
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

typedef enum
{
  VIREO_XML_CANON_DEFAULT     = 0,      /* C14N 1.0 with comments: whitespace counts */
  VIREO_XML_CANON_NO_BLANKS   = 1 << 0, /* blank text between elements dropped first */
  VIREO_XML_CANON_NO_COMMENTS = 1 << 1,
} VireoXmlCanonFlags;

/* sets (NULL: removes) @name on @node; the other attributes keep their order.
 * Returns TRUE when the document changed */
gboolean  vireo_xml_edit_set_attr     (xmlNode        *node,
                                       const char     *name,
                                       const char     *value);
/* replaces @node's text; returns TRUE when it changed */
gboolean  vireo_xml_edit_set_text     (xmlNode        *node,
                                       const char     *text);
/* a new element @name (with @text, escaped, when non-NULL) as the last
 * element child of @parent, indented like its siblings (or one step deeper
 * than @parent when it has none) */
xmlNode  *vireo_xml_edit_add_child    (xmlNode        *parent,
                                       const char     *name,
                                       const char     *text);
/* the first child element @name of @parent, made by
 * vireo_xml_edit_add_child when missing */
xmlNode  *vireo_xml_edit_ensure_child (xmlNode        *parent,
                                       const char     *name);
/* puts @node (unlinked, of @parent's document) after @sibling (NULL: as
 * @parent's last element child), indented like @parent's children; the
 * blank text inside @node is re-indented to that depth */
void      vireo_xml_edit_insert       (xmlNode        *parent,
                                       xmlNode        *sibling,
                                       xmlNode        *node);
/* a new element @name of @doc, not yet in the tree (for _insert) */
xmlNode  *vireo_xml_edit_new_element  (xmlDoc         *doc,
                                       const char     *name);
/* a deep copy of @node (of any document) for @doc, not yet in the tree */
xmlNode  *vireo_xml_edit_import       (xmlDoc         *doc,
                                       xmlNode        *node);
/* puts @node (unlinked) before @parent's first element child, indented
 * like it; as the last child when there is none */
void      vireo_xml_edit_insert_first (xmlNode        *parent,
                                       xmlNode        *node);
/* an empty element @name in @old's place (same indentation); @old freed */
xmlNode  *vireo_xml_edit_replace_empty (xmlNode       *old,
                                        const char    *name);
/* no attributes, no children but blank text */
gboolean  vireo_xml_edit_is_empty     (xmlNode        *node);
/* a deep copy of @doc */
xmlDoc   *vireo_xml_edit_copy_document (xmlDoc        *doc);
/* unlinks and frees @node with the blank text that indents it; a parent
 * left with blank text only becomes empty */
void      vireo_xml_edit_remove       (xmlNode        *node);
/* parses @xml as untrusted (vireo_xml_parse) and puts its root element in
 * @old's place; @old is freed. Returns the new element, or NULL with
 * @error (VIREO_XML_ERROR) and @old untouched. @root_name: the element
 * the new one must be (NULL: any) */
xmlNode  *vireo_xml_edit_replace      (xmlNode        *old,
                                       const char     *xml,
                                       const char     *root_name,
                                       GError        **error);
/* the blank text before @node's start tag after its last newline ("    ") */
char     *vireo_xml_edit_indent_of    (xmlNode        *node);
/* re-indents @node's descendants' blank text so its inside lines start
 * after @indent */
void      vireo_xml_edit_reindent     (xmlNode        *node,
                                       const char     *indent);
/* @node's XML with its inside lines moved left by @node's own indentation
 * (for an editor; vireo_xml_edit_replace puts it back) */
char     *vireo_xml_edit_serialize_dedented (xmlNode     *node);

/* canonical text of @doc (C14N 1.0), or NULL when libxml2 fails */
char     *vireo_xml_edit_canonicalize (xmlDoc         *doc,
                                       VireoXmlCanonFlags flags);
/* parses @xml (vireo_xml_parse) and canonicalizes it; NULL with @error */
char     *vireo_xml_edit_canonicalize_string (const char        *xml,
                                              VireoXmlCanonFlags flags,
                                              GError           **error);

G_END_DECLS
