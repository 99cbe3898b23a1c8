/* vireo-xml.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vireo-xml"

#include "config.h"

#include <string.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "vireo-xml.h"

G_DEFINE_QUARK (vireo-xml-error-quark, vireo_xml_error)

typedef struct
{
  int       line;
  char     *message;  /* the first error libxml2 raised */
  gboolean  doctype;
  gboolean  too_deep;
} ParseState;

static void
on_structured_error (void        *user_data,
                     xmlErrorPtr  err)
{
  xmlParserCtxtPtr ctxt = user_data;
  ParseState *state = ctxt->_private;

  if (state == NULL || state->message != NULL || err == NULL)
    return;
  state->line = err->line;
  state->message = g_strchomp (g_strdup (err->message != NULL ? err->message : "malformed XML"));
  if (err->code == XML_ERR_INTERNAL_ERROR && strstr (state->message, "depth") != NULL)
    state->too_deep = TRUE;
}

static void
on_internal_subset (void          *user_data,
                    const xmlChar *name,
                    const xmlChar *external_id,
                    const xmlChar *system_id)
{
  xmlParserCtxtPtr ctxt = user_data;
  ParseState *state = ctxt->_private;

  /* libvirt never writes a DOCTYPE; one can only bring entities (XXE,
   * billion laughs), so parsing stops here */
  state->doctype = TRUE;
  state->line = xmlSAX2GetLineNumber (ctxt);
  xmlStopParser (ctxt);
}

static int
node_depth (xmlNode *node)
{
  int depth = 0;

  for (; node != NULL && node->type == XML_ELEMENT_NODE; node = node->parent)
    depth++;
  return depth;
}

static gboolean
check_depth (xmlNode *root)
{
  /* libxml2 2.9 stops at depth 256 without XML_PARSE_HUGE (never passed);
   * this keeps the bound ours whatever libxml2 does */
  xmlNode *node = root;

  while (node != NULL)
    {
      if (node->type == XML_ELEMENT_NODE && node_depth (node) > VIREO_XML_MAX_DEPTH)
        return FALSE;
      if (node->children != NULL && node->type == XML_ELEMENT_NODE)
        node = node->children;
      else
        {
          while (node != NULL && node != root && node->next == NULL)
            node = node->parent;
          if (node == NULL || node == root)
            break;
          node = node->next;
        }
    }
  return TRUE;
}

/**
 * vireo_xml_parse:
 * @xml: the document
 * @root_name: (nullable): the root element it must have
 * @error: where a reason goes: line and libxml2's message
 *
 * Parses @xml as untrusted input: no network (XML_PARSE_NONET), no DTD loading,
 * no entity substitution, a DOCTYPE refused outright, at most
 * VIREO_XML_MAX_BYTES long and VIREO_XML_MAX_DEPTH deep (no XML_PARSE_HUGE).
 *
 * Returns: (transfer full): the document, with a root element
 */
xmlDoc *
vireo_xml_parse (const char  *xml,
                 const char  *root_name,
                 GError     **error)
{
  return vireo_xml_parse_full (xml, root_name, VIREO_XML_PARSE_DEFAULT, NULL, NULL, error);
}

/**
 * vireo_xml_parse_full:
 * @flags: how to parse
 * @error_line: (out) (optional): when the document is refused, the line
 *   libxml2 stopped at (0 when unknown)
 * @error_reason: (out) (optional) (transfer full): when the document is
 *   refused, libxml2's reason alone, for a sentence of the caller's; %NULL
 *   when the document was empty
 *
 * vireo_xml_parse() with flags, and the line and reason apart.
 */
xmlDoc *
vireo_xml_parse_full (const char          *xml,
                      const char          *root_name,
                      VireoXmlParseFlags   flags,
                      int                 *error_line,
                      char               **error_reason,
                      GError             **error)
{
  ParseState state = { 0, };
  xmlParserCtxtPtr ctxt;
  xmlDoc *doc;
  xmlNode *root;
  gsize len;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (error_line != NULL)
    *error_line = 0;
  if (error_reason != NULL)
    *error_reason = NULL;
  if (xml == NULL)
    {
      g_set_error_literal (error, VIREO_XML_ERROR, VIREO_XML_ERROR_PARSE, "No XML document");
      return NULL;
    }
  len = strnlen (xml, VIREO_XML_MAX_BYTES + 1);
  if (len > VIREO_XML_MAX_BYTES)
    {
      if (error_reason != NULL)
        *error_reason = g_strdup_printf ("larger than %d bytes", VIREO_XML_MAX_BYTES);
      g_set_error (error, VIREO_XML_ERROR, VIREO_XML_ERROR_TOO_LARGE,
                   "XML document is larger than %d bytes", VIREO_XML_MAX_BYTES);
      return NULL;
    }

  if (len == 0)
    {
      g_set_error_literal (error, VIREO_XML_ERROR, VIREO_XML_ERROR_PARSE, "Line 1: empty document");
      return NULL;
    }

  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    {
      g_set_error_literal (error, VIREO_XML_ERROR, VIREO_XML_ERROR_PARSE, "Out of memory");
      return NULL;
    }
  ctxt->_private = &state;
  ctxt->sax->internalSubset = on_internal_subset;
  ctxt->sax->serror = on_structured_error;
  ctxt->sax->initialized = XML_SAX2_MAGIC;

  doc = xmlCtxtReadMemory (ctxt, xml, (int) len, "document.xml", NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING
                           | ((flags & VIREO_XML_PARSE_NO_BLANKS) ? XML_PARSE_NOBLANKS : 0));
  if (!ctxt->wellFormed || state.doctype)
    g_clear_pointer (&doc, xmlFreeDoc);
  xmlFreeParserCtxt (ctxt);

  root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
  if (error_line != NULL)
    *error_line = state.line;
  if (error_reason != NULL)
    *error_reason = state.doctype ? g_strdup ("a document type declaration is not accepted")
                                  : g_strdup (state.message);
  if (state.doctype)
    g_set_error (error, VIREO_XML_ERROR, VIREO_XML_ERROR_REFUSED,
                 "Line %d: a document type declaration is not accepted", state.line);
  else if (state.too_deep)
    g_set_error (error, VIREO_XML_ERROR, VIREO_XML_ERROR_TOO_LARGE,
                 "Line %d: elements are nested deeper than %d", state.line, VIREO_XML_MAX_DEPTH);
  else if (doc == NULL || root == NULL)
    g_set_error (error, VIREO_XML_ERROR, VIREO_XML_ERROR_PARSE, "Line %d: %s",
                 state.line, state.message != NULL ? state.message : "no root element");
  else if (!check_depth (root))
    g_set_error (error, VIREO_XML_ERROR, VIREO_XML_ERROR_TOO_LARGE,
                 "Elements are nested deeper than %d", VIREO_XML_MAX_DEPTH);
  else if (root_name != NULL && !xmlStrEqual (root->name, (const xmlChar *) root_name))
    g_set_error (error, VIREO_XML_ERROR, VIREO_XML_ERROR_ROOT,
                 "Root element is <%s>, not <%s>", (const char *) root->name, root_name);
  else
    {
      if (error_line != NULL)
        *error_line = 0;
      if (error_reason != NULL)
        g_clear_pointer (error_reason, g_free);
      g_free (state.message);
      return doc;
    }

  g_free (state.message);
  if (doc != NULL)
    xmlFreeDoc (doc);
  return NULL;
}

xmlNode *
vireo_xml_root (xmlDoc *doc)
{
  return doc != NULL ? xmlDocGetRootElement (doc) : NULL;
}

/* XPath */

static xmlXPathObjectPtr
evaluate (xmlNode    *node,
          const char *xpath)
{
  xmlXPathContextPtr ctx;
  xmlXPathObjectPtr obj;

  if (node == NULL || node->doc == NULL)
    return NULL;
  ctx = xmlXPathNewContext (node->doc);
  if (ctx == NULL)
    return NULL;
  xmlXPathRegisterNs (ctx, (const xmlChar *) "libosinfo", (const xmlChar *) VIREO_XML_NS_LIBOSINFO);
  xmlXPathRegisterNs (ctx, (const xmlChar *) "vireo", (const xmlChar *) VIREO_XML_NS_INSTALL);
  ctx->node = node;
  obj = xmlXPathEvalExpression ((const xmlChar *) xpath, ctx);
  if (obj == NULL)
    g_critical ("Invalid XPath expression '%s'", xpath);
  xmlXPathFreeContext (ctx);
  return obj;
}

static char *
object_string (xmlXPathObjectPtr obj,
               xmlNode         **found)
{
  xmlChar *content = NULL;
  char *ret = NULL;

  if (found != NULL)
    *found = NULL;
  if (obj == NULL)
    return NULL;
  if (obj->type == XPATH_NODESET)
    {
      if (obj->nodesetval == NULL || obj->nodesetval->nodeNr == 0)
        return NULL;
      if (found != NULL)
        *found = obj->nodesetval->nodeTab[0];
      content = xmlNodeGetContent (obj->nodesetval->nodeTab[0]);
    }
  else
    content = xmlXPathCastToString (obj);

  if (content != NULL && *content != '\0')
    ret = g_strdup ((const char *) content);
  xmlFree (content);
  return ret;
}

/**
 * vireo_xml_get_string:
 *
 * Returns: (transfer full) (nullable): the text of the first node @xpath
 *   selects (or the string an XPath function gives), %NULL when it selects
 *   nothing or the text is empty
 */
char *
vireo_xml_get_string (xmlNode    *node,
                      const char *xpath)
{
  xmlXPathObjectPtr obj;
  char *ret;

  g_return_val_if_fail (xpath != NULL, NULL);

  obj = evaluate (node, xpath);
  ret = object_string (obj, NULL);
  xmlXPathFreeObject (obj);
  return ret;
}

/**
 * vireo_xml_get_strings:
 *
 * Returns: (transfer full): the non-empty texts of every node @xpath selects,
 *   in document order (an empty array when none)
 */
char **
vireo_xml_get_strings (xmlNode    *node,
                       const char *xpath)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new ();
  xmlXPathObjectPtr obj;

  g_return_val_if_fail (xpath != NULL, NULL);

  obj = evaluate (node, xpath);
  if (obj != NULL && obj->type == XPATH_NODESET && obj->nodesetval != NULL)
    for (int i = 0; i < obj->nodesetval->nodeNr; i++)
      {
        xmlChar *content = xmlNodeGetContent (obj->nodesetval->nodeTab[i]);

        if (content != NULL && *content != '\0')
          g_ptr_array_add (out, g_strdup ((const char *) content));
        xmlFree (content);
      }
  xmlXPathFreeObject (obj);
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

/**
 * vireo_xml_describe:
 *
 * Returns: (transfer full): how an error names @node: "<vcpu>" for an
 *   element, "<vcpu max>" for an attribute, with its line when known
 */
char *
vireo_xml_describe (xmlNode *node)
{
  long line;

  if (node == NULL)
    return g_strdup ("the document");
  line = xmlGetLineNo (node);
  if (node->type == XML_ATTRIBUTE_NODE && node->parent != NULL)
    return line > 0
           ? g_strdup_printf ("<%s %s> (line %ld)", node->parent->name, node->name, line)
           : g_strdup_printf ("<%s %s>", node->parent->name, node->name);
  if (node->type == XML_TEXT_NODE && node->parent != NULL)
    node = node->parent;
  return line > 0
         ? g_strdup_printf ("<%s> (line %ld)", node->name, line)
         : g_strdup_printf ("<%s>", node->name);
}

static char *
get_value (xmlNode     *node,
           const char  *xpath,
           xmlNode    **found,
           GError     **error)
{
  xmlXPathObjectPtr obj = evaluate (node, xpath);
  char *text = object_string (obj, found);

  xmlXPathFreeObject (obj);
  if (text == NULL)
    {
      g_autofree char *where = vireo_xml_describe (node);

      g_set_error (error, VIREO_XML_ERROR, VIREO_XML_ERROR_MISSING,
                   "%s has no value at %s", where, xpath);
    }
  return text;
}

static void
set_invalid (GError    **error,
             xmlNode    *node,
             xmlNode    *found,
             const char *text,
             const char *what)
{
  g_autofree char *where = vireo_xml_describe (found != NULL ? found : node);

  g_set_error (error, VIREO_XML_ERROR, VIREO_XML_ERROR_INVALID,
               "%s: “%s” is not %s", where, text, what);
}

/**
 * vireo_xml_get_int:
 *
 * Reads a decimal integer. Returns %FALSE with %VIREO_XML_ERROR_MISSING when
 * @xpath selects nothing, %VIREO_XML_ERROR_INVALID (naming the element) when
 * its text is not a number; @value is left as it was then.
 */
gboolean
vireo_xml_get_int (xmlNode     *node,
                   const char  *xpath,
                   gint64      *value,
                   GError     **error)
{
  g_autofree char *text = NULL;
  xmlNode *found = NULL;
  gint64 number;

  g_return_val_if_fail (xpath != NULL, FALSE);

  text = get_value (node, xpath, &found, error);
  if (text == NULL)
    return FALSE;
  g_strstrip (text);
  if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &number, NULL))
    {
      set_invalid (error, node, found, text, "a whole number");
      return FALSE;
    }
  if (value != NULL)
    *value = number;
  return TRUE;
}

/**
 * vireo_xml_get_uint64:
 *
 * Like vireo_xml_get_int() for an unsigned number (decimal, or hex with 0x,
 * as libvirt writes addresses).
 */
gboolean
vireo_xml_get_uint64 (xmlNode     *node,
                      const char  *xpath,
                      guint64     *value,
                      GError     **error)
{
  g_autofree char *text = NULL;
  xmlNode *found = NULL;
  guint64 number;
  gboolean ok;

  g_return_val_if_fail (xpath != NULL, FALSE);

  text = get_value (node, xpath, &found, error);
  if (text == NULL)
    return FALSE;
  g_strstrip (text);
  if (g_str_has_prefix (text, "0x") || g_str_has_prefix (text, "0X"))
    ok = g_ascii_string_to_unsigned (text + 2, 16, 0, G_MAXUINT64, &number, NULL);
  else
    ok = g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, &number, NULL);
  if (!ok)
    {
      set_invalid (error, node, found, text, "a whole number");
      return FALSE;
    }
  if (value != NULL)
    *value = number;
  return TRUE;
}

/**
 * vireo_xml_get_bool:
 *
 * Reads libvirt's booleans: "yes"/"on"/"true"/"1" and "no"/"off"/"false"/"0".
 */
gboolean
vireo_xml_get_bool (xmlNode     *node,
                    const char  *xpath,
                    gboolean    *value,
                    GError     **error)
{
  static const char * const yes[] = { "yes", "on", "true", "1", NULL };
  static const char * const no[] = { "no", "off", "false", "0", NULL };
  g_autofree char *text = NULL;
  xmlNode *found = NULL;

  g_return_val_if_fail (xpath != NULL, FALSE);

  text = get_value (node, xpath, &found, error);
  if (text == NULL)
    return FALSE;
  g_strstrip (text);
  if (g_strv_contains (yes, text) || g_strv_contains (no, text))
    {
      if (value != NULL)
        *value = g_strv_contains (yes, text);
      return TRUE;
    }
  set_invalid (error, node, found, text, "yes or no");
  return FALSE;
}

/**
 * vireo_xml_get_nodes:
 *
 * Returns: (transfer container) (element-type xmlNode): the nodes @xpath
 *   selects, in document order; they belong to the document
 */
GPtrArray *
vireo_xml_get_nodes (xmlNode    *node,
                     const char *xpath)
{
  GPtrArray *out = g_ptr_array_new ();
  xmlXPathObjectPtr obj;

  g_return_val_if_fail (xpath != NULL, out);

  obj = evaluate (node, xpath);
  if (obj != NULL && obj->type == XPATH_NODESET && obj->nodesetval != NULL)
    for (int i = 0; i < obj->nodesetval->nodeNr; i++)
      g_ptr_array_add (out, obj->nodesetval->nodeTab[i]);
  xmlXPathFreeObject (obj);
  return out;
}

/**
 * vireo_xml_get_node:
 *
 * Returns: (transfer none) (nullable): the first node @xpath selects
 */
xmlNode *
vireo_xml_get_node (xmlNode    *node,
                    const char *xpath)
{
  g_autoptr(GPtrArray) nodes = vireo_xml_get_nodes (node, xpath);

  return nodes->len > 0 ? g_ptr_array_index (nodes, 0) : NULL;
}

/* Walking */

gboolean
vireo_xml_is_element (xmlNode    *node,
                      const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE
         && (name == NULL || xmlStrEqual (node->name, (const xmlChar *) name));
}

/**
 * vireo_xml_child:
 *
 * Returns: (transfer none) (nullable): @parent's first child element called
 *   @name (any namespace); %NULL when @parent is %NULL
 */
xmlNode *
vireo_xml_child (xmlNode    *parent,
                 const char *name)
{
  for (xmlNode *node = parent != NULL ? parent->children : NULL; node != NULL; node = node->next)
    if (vireo_xml_is_element (node, name))
      return node;
  return NULL;
}

/**
 * vireo_xml_attr:
 *
 * Returns: (transfer full) (nullable): the attribute's value; %NULL when
 *   @node is %NULL or has no such attribute
 */
char *
vireo_xml_attr (xmlNode    *node,
                const char *name)
{
  xmlChar *value = node != NULL ? xmlGetProp (node, (const xmlChar *) name) : NULL;
  char *ret = value != NULL ? g_strdup ((const char *) value) : NULL;

  xmlFree (value);
  return ret;
}

gboolean
vireo_xml_attr_equals (xmlNode    *node,
                       const char *name,
                       const char *value)
{
  g_autofree char *prop = vireo_xml_attr (node, name);

  return prop != NULL && g_strcmp0 (prop, value) == 0;
}

/**
 * vireo_xml_text:
 *
 * Returns: (transfer full) (nullable): @node's text content; %NULL when @node
 *   is %NULL
 */
char *
vireo_xml_text (xmlNode *node)
{
  xmlChar *content = node != NULL ? xmlNodeGetContent (node) : NULL;
  char *ret = content != NULL ? g_strdup ((const char *) content) : NULL;

  xmlFree (content);
  return ret;
}

/**
 * vireo_xml_trimmed_text:
 *
 * Returns: (transfer full) (nullable): @node's text content without leading
 *   and trailing white space; %NULL when @node is %NULL or the text is blank
 */
char *
vireo_xml_trimmed_text (xmlNode *node)
{
  char *text = vireo_xml_text (node);

  if (text != NULL && *g_strstrip (text) == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/**
 * vireo_xml_child_text:
 *
 * Returns: (transfer full) (nullable): the trimmed text of @parent's first
 *   child element called @name; %NULL when there is none or it is blank
 */
char *
vireo_xml_child_text (xmlNode    *parent,
                      const char *name)
{
  return vireo_xml_trimmed_text (vireo_xml_child (parent, name));
}

/* Writing */

xmlDoc *
vireo_xml_new_document (const char *root_name)
{
  xmlDoc *doc = xmlNewDoc ((const xmlChar *) "1.0");

  xmlDocSetRootElement (doc, xmlNewDocNode (doc, NULL, (const xmlChar *) root_name, NULL));
  return doc;
}

/**
 * vireo_xml_add_child:
 * @text: (nullable): the element's text, escaped
 *
 * Returns: (transfer none): the new element, last child of @parent
 */
xmlNode *
vireo_xml_add_child (xmlNode    *parent,
                     const char *name,
                     const char *text)
{
  g_return_val_if_fail (parent != NULL, NULL);

  return xmlNewTextChild (parent, NULL, (const xmlChar *) name, (const xmlChar *) text);
}

/**
 * vireo_xml_add_ns_child:
 *
 * Adds <@ns_prefix:@name xmlns:@ns_prefix="@ns_href"/> as @parent's last
 * child, the way libvirt keeps an application's <metadata> element.
 *
 * Returns: (transfer none): the new element
 */
xmlNode *
vireo_xml_add_ns_child (xmlNode    *parent,
                        const char *ns_href,
                        const char *ns_prefix,
                        const char *name)
{
  xmlNode *node;

  g_return_val_if_fail (parent != NULL, NULL);

  node = xmlNewChild (parent, NULL, (const xmlChar *) name, NULL);
  xmlSetNs (node, xmlNewNs (node, (const xmlChar *) ns_href, (const xmlChar *) ns_prefix));
  return node;
}

/* @value: (nullable): %NULL removes the attribute */
void
vireo_xml_set_attr (xmlNode    *node,
                    const char *name,
                    const char *value)
{
  g_return_if_fail (node != NULL);

  if (value != NULL)
    xmlSetProp (node, (const xmlChar *) name, (const xmlChar *) value);
  else
    xmlUnsetProp (node, (const xmlChar *) name);
}

/* Replaces @node's children with @text (escaped) */
void
vireo_xml_set_text (xmlNode    *node,
                    const char *text)
{
  g_return_if_fail (node != NULL);

  xmlNodeSetContent (node, NULL);
  if (text != NULL)
    xmlNodeAddContent (node, (const xmlChar *) text);
}

/**
 * vireo_xml_ensure_path:
 * @path: element names separated by '/' ("metadata/description")
 *
 * Returns: (transfer none): the element at @path below @node, creating the
 *   missing ones as last children
 */
xmlNode *
vireo_xml_ensure_path (xmlNode    *node,
                       const char *path)
{
  g_auto(GStrv) names = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  names = g_strsplit (path, "/", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      xmlNode *child;

      if (names[i][0] == '\0')
        continue;
      child = vireo_xml_child (node, names[i]);
      node = child != NULL ? child : vireo_xml_add_child (node, names[i], NULL);
    }
  return node;
}

void
vireo_xml_remove (xmlNode *node)
{
  if (node == NULL)
    return;
  xmlUnlinkNode (node);
  xmlFreeNode (node);
}

/* Editing the tree */

/**
 * vireo_xml_new_element:
 *
 * Returns: (transfer full): a new element called @name, in no namespace, of
 *   @doc but not yet in its tree: place it with vireo_xml_append() and its
 *   kind, or free it with vireo_xml_remove()
 */
xmlNode *
vireo_xml_new_element (xmlDoc     *doc,
                       const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  return xmlNewDocNode (doc, NULL, (const xmlChar *) name, NULL);
}

/**
 * vireo_xml_copy:
 * @doc: the document the copy is for (may be another than @node's)
 * @deep: %TRUE copies the whole subtree; %FALSE only the element with its
 *   attributes and namespaces, no children
 *
 * Returns: (transfer full): the copy, not yet in @doc's tree
 */
xmlNode *
vireo_xml_copy (xmlNode  *node,
                xmlDoc   *doc,
                gboolean  deep)
{
  g_return_val_if_fail (node != NULL, NULL);

  return xmlDocCopyNode (node, doc, deep ? 1 : 2);
}

/**
 * vireo_xml_append:
 * @node: (transfer full): a node apart from any tree (vireo_xml_new_element(),
 *   vireo_xml_copy())
 *
 * Places @node as @parent's last child.
 *
 * Returns: (transfer none): the placed node (a text node may be merged into
 *   its neighbour, and then @node is freed)
 */
xmlNode *
vireo_xml_append (xmlNode *parent,
                  xmlNode *node)
{
  g_return_val_if_fail (parent != NULL, NULL);
  g_return_val_if_fail (node != NULL, NULL);

  return xmlAddChild (parent, node);
}

/**
 * vireo_xml_prepend:
 *
 * Like vireo_xml_append(), as @parent's first child (before any text).
 */
xmlNode *
vireo_xml_prepend (xmlNode *parent,
                   xmlNode *node)
{
  g_return_val_if_fail (parent != NULL, NULL);
  g_return_val_if_fail (node != NULL, NULL);

  if (parent->children != NULL)
    return xmlAddPrevSibling (parent->children, node);
  return xmlAddChild (parent, node);
}

/**
 * vireo_xml_insert_before:
 *
 * Like vireo_xml_append(), right before @sibling.
 */
xmlNode *
vireo_xml_insert_before (xmlNode *sibling,
                         xmlNode *node)
{
  g_return_val_if_fail (sibling != NULL, NULL);
  g_return_val_if_fail (node != NULL, NULL);

  return xmlAddPrevSibling (sibling, node);
}

/**
 * vireo_xml_insert_after:
 *
 * Like vireo_xml_append(), right after @sibling.
 */
xmlNode *
vireo_xml_insert_after (xmlNode *sibling,
                        xmlNode *node)
{
  g_return_val_if_fail (sibling != NULL, NULL);
  g_return_val_if_fail (node != NULL, NULL);

  return xmlAddNextSibling (sibling, node);
}

/**
 * vireo_xml_append_copy:
 * @node: an element of any document
 *
 * Returns: (transfer none): a copy of @node and its subtree, placed as
 *   @parent's last child
 */
xmlNode *
vireo_xml_append_copy (xmlNode *parent,
                       xmlNode *node)
{
  g_return_val_if_fail (parent != NULL, NULL);
  g_return_val_if_fail (node != NULL, NULL);

  return vireo_xml_append (parent, vireo_xml_copy (node, parent->doc, TRUE));
}

/* whether @node has the attribute @name (in any namespace) */
gboolean
vireo_xml_has_attr (xmlNode    *node,
                    const char *name)
{
  g_return_val_if_fail (name != NULL, FALSE);

  return node != NULL && node->type == XML_ELEMENT_NODE
         && xmlHasProp (node, (const xmlChar *) name) != NULL;
}

/**
 * vireo_xml_attr_names:
 *
 * Returns: (transfer full): the names of @node's attributes, in document
 *   order (an empty array when none, or when @node is %NULL)
 */
char **
vireo_xml_attr_names (xmlNode *node)
{
  GPtrArray *names = g_ptr_array_new ();

  if (node != NULL && node->type == XML_ELEMENT_NODE)
    for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
      g_ptr_array_add (names, g_strdup ((const char *) attr->name));
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

/* removes every attribute of @node (namespace declarations stay) */
void
vireo_xml_clear_attrs (xmlNode *node)
{
  g_return_if_fail (node != NULL);

  if (node->type != XML_ELEMENT_NODE)
    return;
  while (node->properties != NULL)
    if (xmlRemoveProp (node->properties) != 0)
      break;
}

/**
 * vireo_xml_first_element:
 *
 * For a loop over the element children of @parent (text and comments
 * skipped): `for (n = vireo_xml_first_element (p); n; n = vireo_xml_next_element (n))`.
 *
 * Returns: (transfer none) (nullable): @parent's first child element
 */
xmlNode *
vireo_xml_first_element (xmlNode *parent)
{
  return parent != NULL ? vireo_xml_child (parent, NULL) : NULL;
}

/**
 * vireo_xml_next_element:
 *
 * Returns: (transfer none) (nullable): the next element after @node among
 *   its siblings
 */
xmlNode *
vireo_xml_next_element (xmlNode *node)
{
  for (node = node != NULL ? node->next : NULL; node != NULL; node = node->next)
    if (node->type == XML_ELEMENT_NODE)
      return node;
  return NULL;
}

/* whether @node is a text node of white space only (the indentation between elements) */
gboolean
vireo_xml_is_blank (xmlNode *node)
{
  return node != NULL && node->type == XML_TEXT_NODE && xmlIsBlankNode (node);
}

/* Serializing */

/**
 * vireo_xml_serialize:
 *
 * Returns: (transfer full): @doc as UTF-8 text; with
 *   %VIREO_XML_FORMAT_NO_DECLARATION, each top-level node on its own line
 *   (the way libvirt hands a document back)
 */
char *
vireo_xml_serialize (xmlDoc         *doc,
                     VireoXmlFormat  format)
{
  g_return_val_if_fail (doc != NULL, NULL);

  if (format & VIREO_XML_FORMAT_NO_DECLARATION)
    {
      GString *out = g_string_new (NULL);

      for (xmlNode *node = doc->children; node != NULL; node = node->next)
        {
          g_autofree char *text = vireo_xml_serialize_node (node, format);

          g_string_append (out, text);
          g_string_append_c (out, '\n');
        }
      return g_string_free (out, FALSE);
    }
  else
    {
      xmlChar *buffer = NULL;
      int size = 0;
      char *ret;

      xmlDocDumpFormatMemoryEnc (doc, &buffer, &size, "UTF-8",
                                 (format & VIREO_XML_FORMAT_PRETTY) ? 1 : 0);
      ret = g_strndup ((const char *) buffer, size);
      xmlFree (buffer);
      return ret;
    }
}

/**
 * vireo_xml_serialize_node:
 *
 * Returns: (transfer full): @node and its subtree as text, no declaration
 */
char *
vireo_xml_serialize_node (xmlNode        *node,
                          VireoXmlFormat  format)
{
  xmlBufferPtr buffer;
  char *ret;

  g_return_val_if_fail (node != NULL, NULL);

  buffer = xmlBufferCreate ();
  xmlNodeDump (buffer, node->doc, node, 0, (format & VIREO_XML_FORMAT_PRETTY) ? 1 : 0);
  ret = g_strdup ((const char *) xmlBufferContent (buffer));
  xmlBufferFree (buffer);
  return ret;
}
