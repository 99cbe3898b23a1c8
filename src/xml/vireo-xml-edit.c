/* vireo-xml-edit.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-xml"

#include "config.h"

#include <string.h>

#include <libxml/c14n.h>

#include "vireo-xml-edit.h"
#include "vireo-xml.h"

static gboolean
is_blank_text (xmlNode *node)
{
  if (node == NULL || node->type != XML_TEXT_NODE)
    return FALSE;
  for (const xmlChar *p = node->content; p != NULL && *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

static xmlNode *
first_element_child (xmlNode *parent)
{
  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE)
      return child;
  return NULL;
}

static xmlNode *
last_element_child (xmlNode *parent)
{
  for (xmlNode *child = parent->last; child != NULL; child = child->prev)
    if (child->type == XML_ELEMENT_NODE)
      return child;
  return NULL;
}

gboolean
vireo_xml_edit_set_attr (xmlNode    *node,
                         const char *name,
                         const char *value)
{
  g_autofree char *old = NULL;

  g_return_val_if_fail (node != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  old = vireo_xml_attr (node, name);
  if (g_strcmp0 (old, value) == 0)
    return FALSE;
  if (value != NULL)
    xmlSetProp (node, (const xmlChar *) name, (const xmlChar *) value);
  else
    xmlUnsetProp (node, (const xmlChar *) name);
  return TRUE;
}

gboolean
vireo_xml_edit_set_text (xmlNode    *node,
                         const char *text)
{
  g_autofree char *old = NULL;

  g_return_val_if_fail (node != NULL, FALSE);

  old = vireo_xml_text (node);
  if (g_strcmp0 (old != NULL ? old : "", text != NULL ? text : "") == 0)
    return FALSE;
  xmlNodeSetContent (node, NULL);
  if (text != NULL && *text != '\0')
    xmlNodeAddContent (node, (const xmlChar *) text);
  return TRUE;
}

/**
 * vireo_xml_edit_indent_of:
 *
 * Returns: (transfer full) (nullable): the blank text between the last
 *   newline before @node and its start tag; %NULL when @node does not start
 *   a line of its own (a document written without indentation)
 */
char *
vireo_xml_edit_indent_of (xmlNode *node)
{
  const char *text;
  const char *newline;

  g_return_val_if_fail (node != NULL, NULL);

  if (!is_blank_text (node->prev))
    return NULL;
  text = (const char *) node->prev->content;
  newline = text != NULL ? strrchr (text, '\n') : NULL;
  if (newline == NULL)
    return NULL;
  return g_strdup (newline + 1);
}

static void
reindent_text (xmlNode    *text,
               const char *indent)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = (const char *) text->content; *p != '\0'; p++)
    {
      g_string_append_c (out, *p);
      if (*p == '\n')
        g_string_append (out, indent);
    }
  xmlNodeSetContent (text, (const xmlChar *) out->str);
}

void
vireo_xml_edit_reindent (xmlNode    *node,
                         const char *indent)
{
  g_return_if_fail (node != NULL);

  if (indent == NULL || *indent == '\0')
    return;
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (is_blank_text (child) && strchr ((const char *) child->content, '\n') != NULL)
        reindent_text (child, indent);
      else if (child->type == XML_ELEMENT_NODE)
        vireo_xml_edit_reindent (child, indent);
    }
}

static xmlNode *
new_blank (xmlNode    *parent,
           const char *indent)
{
  g_autofree char *text = g_strconcat ("\n", indent, NULL);

  return xmlNewDocText (parent->doc, (const xmlChar *) text);
}

void
vireo_xml_edit_insert (xmlNode *parent,
                       xmlNode *sibling,
                       xmlNode *node)
{
  xmlNode *first;
  g_autofree char *indent = NULL;

  g_return_if_fail (parent != NULL);
  g_return_if_fail (node != NULL);
  g_return_if_fail (sibling == NULL || sibling->parent == parent);

  first = first_element_child (parent);
  if (sibling == NULL)
    sibling = last_element_child (parent);

  if (first != NULL)
    {
      indent = vireo_xml_edit_indent_of (first);
      if (indent != NULL)
        {
          vireo_xml_edit_reindent (node, indent);
          sibling = xmlAddNextSibling (sibling, new_blank (parent, indent));
        }
      xmlAddNextSibling (sibling, node);
      return;
    }

  /* no element child yet: one step deeper than @parent, when the document
   * is indented at all */
  {
    g_autofree char *parent_indent = vireo_xml_edit_indent_of (parent);
    gboolean blank = TRUE;

    for (xmlNode *child = parent->children; child != NULL; child = child->next)
      if (!is_blank_text (child))
        blank = FALSE;

    if (parent_indent == NULL || !blank)
      {
        xmlAddChild (parent, node);
        return;
      }
    while (parent->children != NULL)
      {
        xmlNode *child = parent->children;

        xmlUnlinkNode (child);
        xmlFreeNode (child);
      }
    indent = g_strconcat (parent_indent, "  ", NULL);
    vireo_xml_edit_reindent (node, indent);
    xmlAddChild (parent, new_blank (parent, indent));
    xmlAddChild (parent, node);
    xmlAddChild (parent, new_blank (parent, parent_indent));
  }
}

xmlNode *
vireo_xml_edit_add_child (xmlNode    *parent,
                          const char *name,
                          const char *text)
{
  xmlNode *node;

  g_return_val_if_fail (parent != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  node = xmlNewDocNode (parent->doc, NULL, (const xmlChar *) name, NULL);
  if (parent->ns != NULL && parent->ns->prefix == NULL)
    xmlSetNs (node, parent->ns);
  if (text != NULL && *text != '\0')
    xmlNodeAddContent (node, (const xmlChar *) text);
  vireo_xml_edit_insert (parent, NULL, node);
  return node;
}

xmlNode *
vireo_xml_edit_ensure_child (xmlNode    *parent,
                             const char *name)
{
  xmlNode *child;

  g_return_val_if_fail (parent != NULL, NULL);

  child = vireo_xml_child (parent, name);
  return child != NULL ? child : vireo_xml_edit_add_child (parent, name, NULL);
}

xmlNode *
vireo_xml_edit_new_element (xmlDoc     *doc,
                            const char *name)
{
  g_return_val_if_fail (doc != NULL && name != NULL, NULL);
  return xmlNewDocNode (doc, NULL, (const xmlChar *) name, NULL);
}

xmlNode *
vireo_xml_edit_import (xmlDoc  *doc,
                       xmlNode *node)
{
  g_return_val_if_fail (doc != NULL && node != NULL, NULL);
  return xmlDocCopyNode (node, doc, 1);
}

void
vireo_xml_edit_insert_first (xmlNode *parent,
                             xmlNode *node)
{
  xmlNode *first;
  g_autofree char *indent = NULL;

  g_return_if_fail (parent != NULL && node != NULL);

  first = first_element_child (parent);
  if (first == NULL)
    {
      vireo_xml_edit_insert (parent, NULL, node);
      return;
    }
  indent = vireo_xml_edit_indent_of (first);
  xmlAddPrevSibling (first, node);
  if (indent != NULL)
    {
      vireo_xml_edit_reindent (node, indent);
      xmlAddPrevSibling (first, new_blank (parent, indent));
    }
}

xmlNode *
vireo_xml_edit_replace_empty (xmlNode    *old,
                              const char *name)
{
  xmlNode *fresh;

  g_return_val_if_fail (old != NULL && old->doc != NULL && name != NULL, NULL);

  fresh = xmlNewDocNode (old->doc, NULL, (const xmlChar *) name, NULL);
  xmlReplaceNode (old, fresh);
  xmlFreeNode (old);
  return fresh;
}

gboolean
vireo_xml_edit_is_empty (xmlNode *node)
{
  g_return_val_if_fail (node != NULL, FALSE);

  if (node->properties != NULL)
    return FALSE;
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (!is_blank_text (child))
      return FALSE;
  return TRUE;
}

xmlDoc *
vireo_xml_edit_copy_document (xmlDoc *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);
  return xmlCopyDoc (doc, 1);
}

void
vireo_xml_edit_remove (xmlNode *node)
{
  xmlNode *parent;

  if (node == NULL)
    return;
  parent = node->parent;
  if (is_blank_text (node->prev))
    {
      xmlNode *blank = node->prev;

      xmlUnlinkNode (blank);
      xmlFreeNode (blank);
    }
  xmlUnlinkNode (node);
  xmlFreeNode (node);

  if (parent != NULL && parent->type == XML_ELEMENT_NODE && parent->children != NULL)
    {
      for (xmlNode *child = parent->children; child != NULL; child = child->next)
        if (!is_blank_text (child))
          return;
      while (parent->children != NULL)
        {
          xmlNode *child = parent->children;

          xmlUnlinkNode (child);
          xmlFreeNode (child);
        }
    }
}

xmlNode *
vireo_xml_edit_replace (xmlNode     *old,
                        const char  *xml,
                        const char  *root_name,
                        GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *indent = NULL;
  xmlNode *copy;

  g_return_val_if_fail (old != NULL && old->doc != NULL, NULL);

  doc = vireo_xml_parse (xml, root_name, error);
  if (doc == NULL)
    return NULL;
  copy = xmlDocCopyNode (vireo_xml_root (doc), old->doc, 1);
  if (copy == NULL)
    {
      g_set_error_literal (error, VIREO_XML_ERROR, VIREO_XML_ERROR_PARSE, "Out of memory");
      return NULL;
    }
  indent = vireo_xml_edit_indent_of (old);
  if (indent != NULL)
    vireo_xml_edit_reindent (copy, indent);
  xmlReplaceNode (old, copy);
  xmlFreeNode (old);
  return copy;
}

static void
dedent (xmlNode    *node,
        const char *indent)
{
  gsize len = strlen (indent);

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (is_blank_text (child) && strchr ((const char *) child->content, '\n') != NULL)
        {
          g_autoptr(GString) out = g_string_new (NULL);
          const char *p = (const char *) child->content;

          while (*p != '\0')
            {
              g_string_append_c (out, *p);
              if (*p++ == '\n' && strncmp (p, indent, len) == 0)
                p += len;
            }
          xmlNodeSetContent (child, (const xmlChar *) out->str);
        }
      else if (child->type == XML_ELEMENT_NODE)
        dedent (child, indent);
    }
}

char *
vireo_xml_edit_serialize_dedented (xmlNode *node)
{
  g_autofree char *indent = NULL;
  xmlNode *copy;
  char *ret;

  g_return_val_if_fail (node != NULL, NULL);

  indent = vireo_xml_edit_indent_of (node);
  if (indent == NULL || *indent == '\0')
    return vireo_xml_serialize_node (node, VIREO_XML_FORMAT_COMPACT);
  copy = xmlDocCopyNode (node, node->doc, 1);
  if (copy == NULL)
    return NULL;
  dedent (copy, indent);
  ret = vireo_xml_serialize_node (copy, VIREO_XML_FORMAT_COMPACT);
  xmlFreeNode (copy);
  return ret;
}

static void
strip_blanks (xmlNode *node)
{
  xmlNode *child = node->children;
  gboolean has_elements = first_element_child (node) != NULL;

  while (child != NULL)
    {
      xmlNode *next = child->next;

      if (has_elements && is_blank_text (child))
        {
          xmlUnlinkNode (child);
          xmlFreeNode (child);
        }
      else if (child->type == XML_ELEMENT_NODE)
        strip_blanks (child);
      child = next;
    }
}

char *
vireo_xml_edit_canonicalize (xmlDoc             *doc,
                             VireoXmlCanonFlags  flags)
{
  g_autoptr(xmlDoc) copy = NULL;
  xmlChar *out = NULL;
  char *ret;
  int len;

  g_return_val_if_fail (doc != NULL, NULL);

  if (flags & VIREO_XML_CANON_NO_BLANKS)
    {
      copy = xmlCopyDoc (doc, 1);
      if (copy == NULL)
        return NULL;
      if (xmlDocGetRootElement (copy) != NULL)
        strip_blanks (xmlDocGetRootElement (copy));
      doc = copy;
    }
  len = xmlC14NDocDumpMemory (doc, NULL, XML_C14N_1_0, NULL,
                              (flags & VIREO_XML_CANON_NO_COMMENTS) ? 0 : 1, &out);
  if (len < 0 || out == NULL)
    return NULL;
  ret = g_strndup ((const char *) out, len);
  xmlFree (out);
  return ret;
}

char *
vireo_xml_edit_canonicalize_string (const char          *xml,
                                    VireoXmlCanonFlags   flags,
                                    GError             **error)
{
  g_autoptr(xmlDoc) doc = vireo_xml_parse (xml, NULL, error);
  char *ret;

  if (doc == NULL)
    return NULL;
  ret = vireo_xml_edit_canonicalize (doc, flags);
  if (ret == NULL)
    g_set_error_literal (error, VIREO_XML_ERROR, VIREO_XML_ERROR_INVALID,
                         "The document has no canonical form");
  return ret;
}
