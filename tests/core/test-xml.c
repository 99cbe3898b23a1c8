/* test-xml.c — the one XML layer: parse, read, write, serialize
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every XML document the core reads comes from a libvirtd, and a remote
 * libvirtd is not trusted: parse refuses what is not XML (with the line and
 * the reason), any DOCTYPE (so no external entity is fetched and no entity is
 * expanded), documents over the size bound and nesting over the depth bound.
 */
#define G_LOG_DOMAIN "test-xml"

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "vireo-xml.h"

static const char *domain_xml =
  "<domain type='kvm' id='3'>\n"
  "  <name>web</name>\n"
  "  <memory unit='KiB'>1048576</memory>\n"
  "  <vcpu max='x'>2</vcpu>\n"
  "  <metadata>\n"
  "    <libosinfo:libosinfo xmlns:libosinfo='" VIREO_XML_NS_LIBOSINFO "'>\n"
  "      <libosinfo:os id='http://debian.org/debian/12'/>\n"
  "    </libosinfo:libosinfo>\n"
  "  </metadata>\n"
  "  <devices>\n"
  "    <disk device='disk'><target dev='vda'/><readonly/></disk>\n"
  "    <disk device='cdrom'><target dev='sda'/></disk>\n"
  "    <graphics type='vnc' autoport='yes' port='0x1701'/>\n"
  "  </devices>\n"
  "</domain>\n";

static void
test_read (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = vireo_xml_parse (domain_xml, "domain", &error);
  g_autoptr(GPtrArray) disks = NULL;
  g_auto(GStrv) targets = NULL;
  g_autofree char *type = NULL, *os = NULL, *missing = NULL, *count = NULL;
  xmlNode *root, *graphics;
  gint64 number = -1;
  guint64 port = 0;
  gboolean autoport = FALSE;

  g_assert_no_error (error);
  root = vireo_xml_root (doc);
  g_assert_nonnull (root);

  type = vireo_xml_get_string (root, "@type");
  g_assert_cmpstr (type, ==, "kvm");
  os = vireo_xml_get_string (root, "metadata/libosinfo:libosinfo/libosinfo:os/@id");
  g_assert_cmpstr (os, ==, "http://debian.org/debian/12");
  missing = vireo_xml_get_string (root, "title");
  g_assert_null (missing);
  count = vireo_xml_get_string (root, "string(count(devices/disk))");
  g_assert_cmpstr (count, ==, "2");

  g_assert_true (vireo_xml_get_int (root, "memory", &number, NULL));
  g_assert_cmpint (number, ==, 1048576);

  /* relative to a node */
  disks = vireo_xml_get_nodes (root, "devices/disk");
  g_assert_cmpuint (disks->len, ==, 2);
  {
    g_autofree char *dev = vireo_xml_get_string (g_ptr_array_index (disks, 1), "target/@dev");

    g_assert_cmpstr (dev, ==, "sda");
  }
  targets = vireo_xml_get_strings (root, "devices/disk/target/@dev");
  g_assert_cmpuint (g_strv_length (targets), ==, 2);
  g_assert_cmpstr (targets[0], ==, "vda");

  graphics = vireo_xml_get_node (root, "devices/graphics");
  g_assert_true (vireo_xml_is_element (graphics, "graphics"));
  g_assert_true (vireo_xml_get_uint64 (graphics, "@port", &port, NULL));
  g_assert_cmpuint (port, ==, 0x1701);
  g_assert_true (vireo_xml_get_bool (graphics, "@autoport", &autoport, NULL));
  g_assert_true (autoport);
  g_assert_true (vireo_xml_attr_equals (graphics, "type", "vnc"));
  g_assert_null (vireo_xml_child (graphics, "listen"));
  g_assert_null (vireo_xml_attr (NULL, "type"));
  {
    g_autofree char *name = vireo_xml_child_text (root, "name");
    g_autofree char *blank = vireo_xml_child_text (root, "metadata");

    g_assert_cmpstr (name, ==, "web");
    g_assert_null (blank);
  }
}

static void
test_errors_name_the_element (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = vireo_xml_parse (domain_xml, NULL, NULL);
  xmlNode *root = vireo_xml_root (doc);
  gint64 number = 7;
  gboolean flag = FALSE;

  g_assert_false (vireo_xml_get_int (root, "vcpu/@max", &number, &error));
  g_assert_error (error, VIREO_XML_ERROR, VIREO_XML_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "<vcpu max> (line 4): “x” is not a whole number");
  g_assert_cmpint (number, ==, 7);
  g_clear_error (&error);

  g_assert_false (vireo_xml_get_bool (root, "name", &flag, &error));
  g_assert_error (error, VIREO_XML_ERROR, VIREO_XML_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "<name> (line 2): “web” is not yes or no");
  g_clear_error (&error);

  g_assert_false (vireo_xml_get_int (root, "currentMemory", &number, &error));
  g_assert_error (error, VIREO_XML_ERROR, VIREO_XML_ERROR_MISSING);
  g_assert_cmpstr (error->message, ==, "<domain> (line 1) has no value at currentMemory");
}

static void
test_not_xml (void)
{
  g_autoptr(GError) error = NULL;
  xmlDoc *doc;

  doc = vireo_xml_parse ("<domain>\n  <name>web</nam>\n</domain>", NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, VIREO_XML_ERROR, VIREO_XML_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "Line 2: "));
  g_assert_nonnull (strstr (error->message, "mismatch"));
  g_clear_error (&error);

  doc = vireo_xml_parse ("libvirt said no", NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, VIREO_XML_ERROR, VIREO_XML_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "Line 1: "));
  g_clear_error (&error);

  doc = vireo_xml_parse ("", NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, VIREO_XML_ERROR, VIREO_XML_ERROR_PARSE);
  g_clear_error (&error);

  /* the line and the reason apart, for a caller's own sentence */
  {
    g_autofree char *reason = NULL;
    int line = 0;

    doc = vireo_xml_parse_full ("<domain>\n\n<name>", NULL, VIREO_XML_PARSE_DEFAULT, &line, &reason, &error);
    g_assert_null (doc);
    g_assert_error (error, VIREO_XML_ERROR, VIREO_XML_ERROR_PARSE);
    g_assert_cmpint (line, ==, 3);
    g_assert_nonnull (reason);
    g_assert_false (g_str_has_prefix (reason, "Line"));
    g_clear_error (&error);
    g_clear_pointer (&reason, g_free);

    /* an empty document has no reason */
    doc = vireo_xml_parse_full ("", NULL, VIREO_XML_PARSE_DEFAULT, &line, &reason, &error);
    g_assert_null (doc);
    g_assert_null (reason);
    g_clear_error (&error);
  }

  doc = vireo_xml_parse (NULL, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, VIREO_XML_ERROR, VIREO_XML_ERROR_PARSE);
  g_clear_error (&error);

  doc = vireo_xml_parse ("<network/>", "domain", &error);
  g_assert_null (doc);
  g_assert_error (error, VIREO_XML_ERROR, VIREO_XML_ERROR_ROOT);
  g_assert_cmpstr (error->message, ==, "Root element is <network>, not <domain>");
}

static void
test_no_entities (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *secret_path = NULL;
  g_autofree char *xxe = NULL;
  g_autoptr(GString) laughs = g_string_new ("<?xml version='1.0'?>\n<!DOCTYPE lolz [\n"
                                            "<!ENTITY lol0 'lollollollollollollollollollol'>\n");
  xmlDoc *doc;
  int fd;

  /* an external entity pointing at a local file is never read */
  fd = g_file_open_tmp ("vireo-xxe-XXXXXX", &secret_path, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (secret_path, "SECRET", -1, NULL));
  close (fd);
  xxe = g_strdup_printf ("<?xml version='1.0'?>\n"
                         "<!DOCTYPE domain [<!ENTITY xxe SYSTEM 'file://%s'>]>\n"
                         "<domain><name>&xxe;</name></domain>", secret_path);
  doc = vireo_xml_parse (xxe, "domain", &error);
  g_assert_null (doc);
  g_assert_error (error, VIREO_XML_ERROR, VIREO_XML_ERROR_REFUSED);
  g_assert_cmpstr (error->message, ==, "Line 2: a document type declaration is not accepted");
  g_clear_error (&error);
  g_unlink (secret_path);

  /* nor is an internal one expanded (billion laughs) */
  for (int i = 1; i < 10; i++)
    g_string_append_printf (laughs, "<!ENTITY lol%d '&lol%d;&lol%d;&lol%d;&lol%d;&lol%d;"
                            "&lol%d;&lol%d;&lol%d;&lol%d;&lol%d;'>\n",
                            i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
  g_string_append (laughs, "]>\n<domain><name>&lol9;</name></domain>");
  doc = vireo_xml_parse (laughs->str, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, VIREO_XML_ERROR, VIREO_XML_ERROR_REFUSED);
  g_clear_error (&error);

  /* an entity reference without a declaration is an error, not a fetch */
  doc = vireo_xml_parse ("<domain><name>&undeclared;</name></domain>", NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, VIREO_XML_ERROR, VIREO_XML_ERROR_PARSE);
}

static void
test_bounded (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autofree char *huge = NULL;
  g_autoptr(xmlDoc) ok = NULL;
  xmlDoc *doc;

  /* nested far deeper than any libvirt XML: refused, and quickly */
  for (int i = 0; i < 100000; i++)
    g_string_append (deep, "<a>");
  for (int i = 0; i < 100000; i++)
    g_string_append (deep, "</a>");
  doc = vireo_xml_parse (deep->str, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, VIREO_XML_ERROR, VIREO_XML_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* just under the depth bound is fine */
  g_string_truncate (deep, 0);
  for (int i = 0; i < VIREO_XML_MAX_DEPTH - 1; i++)
    g_string_append (deep, "<a>");
  for (int i = 0; i < VIREO_XML_MAX_DEPTH - 1; i++)
    g_string_append (deep, "</a>");
  ok = vireo_xml_parse (deep->str, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ok);

  /* larger than the size bound: refused before libxml2 sees it */
  huge = g_malloc (VIREO_XML_MAX_BYTES + 64);
  memcpy (huge, "<domain>", 8);
  memset (huge + 8, 'x', VIREO_XML_MAX_BYTES);
  memcpy (huge + 8 + VIREO_XML_MAX_BYTES, "</domain>", 10);
  doc = vireo_xml_parse (huge, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, VIREO_XML_ERROR, VIREO_XML_ERROR_TOO_LARGE);
}

static void
test_write (void)
{
  g_autoptr(xmlDoc) doc = vireo_xml_new_document ("domain");
  g_autoptr(xmlDoc) back = NULL;
  g_autofree char *compact = NULL, *pretty = NULL, *bare = NULL, *name = NULL, *desc = NULL;
  xmlNode *root = vireo_xml_root (doc), *node;

  vireo_xml_set_attr (root, "type", "kvm");
  vireo_xml_add_child (root, "name", "a<b>&\"c\"");
  node = vireo_xml_ensure_path (root, "metadata/note");
  g_assert_true (node == vireo_xml_ensure_path (root, "metadata/note"));
  vireo_xml_set_text (node, "one");
  vireo_xml_set_text (node, "two & <three>");
  vireo_xml_set_attr (node, "gone", "x");
  vireo_xml_set_attr (node, "gone", NULL);
  vireo_xml_set_attr (vireo_xml_add_ns_child (vireo_xml_child (root, "metadata"), VIREO_XML_NS_INSTALL,
                                              "vireo", "install"),
                      "phase", "install");

  compact = vireo_xml_serialize (doc, VIREO_XML_FORMAT_COMPACT);
  g_assert_cmpstr (compact, ==,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<domain type=\"kvm\"><name>a&lt;b&gt;&amp;\"c\"</name>"
                   "<metadata><note>two &amp; &lt;three&gt;</note>"
                   "<vireo:install xmlns:vireo=\"" VIREO_XML_NS_INSTALL "\" phase=\"install\"/>"
                   "</metadata></domain>\n");
  pretty = vireo_xml_serialize (doc, VIREO_XML_FORMAT_PRETTY);
  g_assert_nonnull (strstr (pretty, "\n  <metadata>\n    <note>"));
  bare = vireo_xml_serialize (doc, VIREO_XML_FORMAT_NO_DECLARATION);
  g_assert_true (g_str_has_prefix (bare, "<domain type=\"kvm\">"));
  g_assert_true (g_str_has_suffix (bare, "</domain>\n"));

  /* what was written reads back the same */
  back = vireo_xml_parse (compact, "domain", NULL);
  name = vireo_xml_get_string (vireo_xml_root (back), "name");
  g_assert_cmpstr (name, ==, "a<b>&\"c\"");
  desc = vireo_xml_get_string (vireo_xml_root (back), "metadata/note");
  g_assert_cmpstr (desc, ==, "two & <three>");
  g_assert_nonnull (vireo_xml_get_node (vireo_xml_root (back), "metadata/vireo:install[@phase='install']"));
  g_assert_null (vireo_xml_get_node (vireo_xml_root (back), "metadata/install"));

  vireo_xml_remove (vireo_xml_child (root, "metadata"));
  g_assert_null (vireo_xml_child (root, "metadata"));
}

/* the tree edits: elements made apart then placed, copies from another
 * document, attributes listed and cleared, element children walked */
static void
test_edit (void)
{
  g_autoptr(xmlDoc) doc = vireo_xml_parse ("<domain><name>web</name>\n  <clock offset='utc'/></domain>", "domain", NULL);
  g_autoptr(xmlDoc) other = vireo_xml_parse (domain_xml, "domain", NULL);
  g_autofree char *out = NULL;
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) none = NULL;
  xmlNode *root = vireo_xml_root (doc), *other_root = vireo_xml_root (other);
  xmlNode *name, *clock, *cpu, *node, *disk;
  guint n;

  name = vireo_xml_child (root, "name");
  clock = vireo_xml_child (root, "clock");
  g_assert_true (vireo_xml_is_blank (clock->prev));
  g_assert_false (vireo_xml_is_blank (name->children)); /* "web" */
  g_assert_false (vireo_xml_is_blank (name));
  g_assert_false (vireo_xml_is_blank (NULL));

  /* made apart, placed before, after, first, last */
  cpu = vireo_xml_new_element (doc, "cpu");
  g_assert_nonnull (cpu);
  g_assert_null (cpu->parent);
  g_assert_true (vireo_xml_insert_before (clock, cpu) == cpu);
  g_assert_true (vireo_xml_insert_after (name, vireo_xml_new_element (doc, "uuid")) == name->next);
  vireo_xml_prepend (root, vireo_xml_new_element (doc, "first"));
  vireo_xml_append (root, vireo_xml_new_element (doc, "last"));
  vireo_xml_prepend (cpu, vireo_xml_new_element (doc, "topology")); /* into an empty element */

  /* a deep copy from another document, and a shallow one */
  disk = vireo_xml_get_node (other_root, "devices/disk");
  node = vireo_xml_append_copy (vireo_xml_ensure_path (root, "devices"), disk);
  g_assert_true (node->doc == doc);
  vireo_xml_append (vireo_xml_child (root, "devices"), vireo_xml_copy (disk, doc, FALSE));
  node = vireo_xml_copy (vireo_xml_get_node (other_root, "metadata/libosinfo:libosinfo"), doc, TRUE);
  vireo_xml_insert_after (cpu, node);

  out = vireo_xml_serialize (doc, VIREO_XML_FORMAT_NO_DECLARATION);
  g_assert_cmpstr (out, ==,
                   "<domain><first/><name>web</name><uuid/>\n"
                   "  <cpu><topology/></cpu>"
                   "<libosinfo:libosinfo xmlns:libosinfo=\"" VIREO_XML_NS_LIBOSINFO "\">\n"
                   "      <libosinfo:os id=\"http://debian.org/debian/12\"/>\n"
                   "    </libosinfo:libosinfo>"
                   "<clock offset=\"utc\"/><last/>"
                   "<devices><disk device=\"disk\"><target dev=\"vda\"/><readonly/></disk><disk device=\"disk\"/></devices>"
                   "</domain>\n");
  /* the other document is left as it was */
  {
    g_autoptr(GPtrArray) disks = vireo_xml_get_nodes (other_root, "devices/disk");

    g_assert_cmpuint (disks->len, ==, 2);
  }
  g_assert_nonnull (vireo_xml_get_node (other_root, "metadata/libosinfo:libosinfo"));

  /* a child added to a namespaced element is in its namespace */
  node = vireo_xml_add_child (vireo_xml_get_node (root, "libosinfo:libosinfo"), "extra", NULL);
  g_assert_true (node == vireo_xml_get_node (root, "libosinfo:libosinfo/libosinfo:extra"));

  /* element children, skipping text */
  n = 0;
  for (node = vireo_xml_first_element (root); node != NULL; node = vireo_xml_next_element (node))
    {
      g_assert_true (node->type == XML_ELEMENT_NODE);
      n++;
    }
  g_assert_cmpuint (n, ==, 8);
  g_assert_null (vireo_xml_first_element (vireo_xml_child (root, "last")));
  g_assert_null (vireo_xml_first_element (NULL));
  g_assert_null (vireo_xml_next_element (NULL));

  /* attributes: listed in order, tested, cleared */
  node = vireo_xml_child (vireo_xml_child (root, "devices"), "disk");
  vireo_xml_set_attr (node, "type", "file");
  names = vireo_xml_attr_names (node);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "device");
  g_assert_cmpstr (names[1], ==, "type");
  g_assert_true (vireo_xml_has_attr (node, "type"));
  g_assert_false (vireo_xml_has_attr (node, "bus"));
  g_assert_false (vireo_xml_has_attr (NULL, "type"));
  none = vireo_xml_attr_names (NULL);
  g_assert_cmpuint (g_strv_length (none), ==, 0);
  vireo_xml_clear_attrs (node);
  g_assert_false (vireo_xml_has_attr (node, "device"));
  g_assert_null (node->properties);
  g_assert_nonnull (vireo_xml_child (node, "target")); /* the children stay */

  /* an element made apart and never placed is freed by remove */
  vireo_xml_remove (vireo_xml_new_element (doc, "stray"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/xml/read", test_read);
  g_test_add_func ("/xml/errors-name-the-element", test_errors_name_the_element);
  g_test_add_func ("/xml/not-xml", test_not_xml);
  g_test_add_func ("/xml/no-entities", test_no_entities);
  g_test_add_func ("/xml/bounded", test_bounded);
  g_test_add_func ("/xml/write", test_write);
  g_test_add_func ("/xml/edit", test_edit);

  return g_test_run ();
}
