/* vireo-install-plan-merge.c — the install phase of an edited configuration
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * When a person edited the final XML before the install, the install run
 * is that XML with what the plan's install phase has and its final phase
 * has not (the installation media, the boot order, the installer's kernel)
 * applied to it, element by element.
 */
#define G_LOG_DOMAIN "vireo-install-plan"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vireo-install-plan-private.h"
#include "vireo-xml.h"

/* -- the install phase of an edited final configuration -------------------- */

/* An element's identity among its siblings: its namespace and name. */
static char *
node_key (xmlNodePtr node)
{
  return g_strdup_printf ("{%s}%s", node->ns != NULL ? (const char *) node->ns->href : "",
                          (const char *) node->name);
}

static gboolean
has_key (xmlNodePtr  node,
         const char *key)
{
  g_autofree char *k = NULL;

  if (node->type != XML_ELEMENT_NODE)
    return FALSE;
  k = node_key (node);
  return g_str_equal (k, key);
}

static xmlNodePtr
child_with_key (xmlNodePtr  parent,
                const char *key)
{
  for (xmlNodePtr n = parent->children; n != NULL; n = n->next)
    if (has_key (n, key))
      return n;
  return NULL;
}

static gboolean
nodes_equal (xmlNodePtr a,
             xmlNodePtr b)
{
  /* the XML text of each: compares elements of two documents */
  g_autofree char *ta = vireo_xml_serialize_node (a, VIREO_XML_FORMAT_COMPACT);
  g_autofree char *tb = vireo_xml_serialize_node (b, VIREO_XML_FORMAT_COMPACT);

  return g_str_equal (ta, tb);
}

/* the children of @a and @b called @key are the same, in the same order */
static gboolean
children_equal (xmlNodePtr  a,
                xmlNodePtr  b,
                const char *key)
{
  xmlNodePtr na = a->children, nb = b->children;

  for (;;)
    {
      while (na != NULL && !has_key (na, key))
        na = na->next;
      while (nb != NULL && !has_key (nb, key))
        nb = nb->next;
      if (na == NULL || nb == NULL)
        return na == nb;
      if (!nodes_equal (na, nb))
        return FALSE;
      na = na->next;
      nb = nb->next;
    }
}

/* Replaces the children of @edited called @key with copies of those of
 * @install: where the first of them was, else after the edited element
 * that matches the one before them in @install, else first. */
static void
replace_children (xmlNodePtr  edited,
                  xmlNodePtr  install,
                  const char *key)
{
  g_autoptr (GPtrArray) old = g_ptr_array_new ();
  xmlNodePtr first_install = child_with_key (install, key);
  xmlNodePtr anchor = NULL;   /* insert before it */
  xmlNodePtr after = NULL;    /* or after it */

  for (xmlNodePtr n = edited->children; n != NULL; n = n->next)
    if (has_key (n, key))
      g_ptr_array_add (old, n);

  if (first_install != NULL)
    {
      if (old->len > 0)
        anchor = g_ptr_array_index (old, 0);
      else
        for (xmlNodePtr prev = first_install->prev; prev != NULL && after == NULL; prev = prev->prev)
          if (prev->type == XML_ELEMENT_NODE)
            {
              g_autofree char *prev_key = node_key (prev);

              for (xmlNodePtr n = edited->children; n != NULL; n = n->next)
                if (has_key (n, prev_key))
                  after = n;  /* the last of them */
            }
      if (anchor == NULL && after == NULL)
        anchor = edited->children;

      for (xmlNodePtr n = first_install; n != NULL; n = n->next)
        {
          xmlNodePtr copy;

          if (!has_key (n, key))
            continue;
          copy = vireo_xml_copy (n, edited->doc, TRUE);
          if (anchor != NULL)
            vireo_xml_insert_before (anchor, copy);
          else if (after != NULL)
            after = vireo_xml_insert_after (after, copy);
          else
            vireo_xml_append (edited, copy);
        }
    }
  for (guint i = 0; i < old->len; i++)
    vireo_xml_remove (g_ptr_array_index (old, i));
}

/* the keys of the element children of @a, then those only @b has */
static GPtrArray *
child_keys (xmlNodePtr a,
            xmlNodePtr b)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  xmlNodePtr parents[] = { a, b };

  for (guint i = 0; i < G_N_ELEMENTS (parents); i++)
    for (xmlNodePtr n = parents[i]->children; n != NULL; n = n->next)
      if (n->type == XML_ELEMENT_NODE)
        {
          char *key = node_key (n);

          if (g_ptr_array_find_with_equal_func (keys, key, g_str_equal, NULL))
            g_free (key);
          else
            g_ptr_array_add (keys, key);
        }
  return keys;
}

/* the attributes in which @install differs from @final, set on @edited */
static void
apply_attributes (xmlNodePtr edited,
                  xmlNodePtr install,
                  xmlNodePtr final)
{
  g_auto(GStrv) install_names = vireo_xml_attr_names (install);
  g_auto(GStrv) final_names = vireo_xml_attr_names (final);

  for (guint i = 0; install_names[i] != NULL; i++)
    {
      g_autofree char *value = vireo_xml_attr (install, install_names[i]);
      g_autofree char *final_value = vireo_xml_attr (final, install_names[i]);

      if (g_strcmp0 (value, final_value) != 0)
        vireo_xml_set_attr (edited, install_names[i], value);
    }
  for (guint i = 0; final_names[i] != NULL; i++)
    if (!vireo_xml_has_attr (install, final_names[i]))
      vireo_xml_set_attr (edited, final_names[i], NULL);
}

/* Applies to @edited what @install has that @final has not, child by child
 * (by name): children that differ are replaced by those of @install, except
 * the containers (<os>, <metadata>), where only the children that differ
 * are. <devices> is left to apply_devices(). */
static void
apply_differences (xmlNodePtr edited,
                   xmlNodePtr install,
                   xmlNodePtr final)
{
  g_autoptr (GPtrArray) keys = child_keys (install, final);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      xmlNodePtr in = child_with_key (install, key);
      xmlNodePtr fin = child_with_key (final, key);

      if (children_equal (install, final, key))
        continue;
      if (edited->parent != NULL && edited->parent->type == XML_DOCUMENT_NODE
          && g_str_equal (key, "{}devices"))
        continue;
      if (in != NULL && fin != NULL && edited->parent != NULL && edited->parent->type == XML_DOCUMENT_NODE
          && (g_str_equal (key, "{}os") || g_str_equal (key, "{}metadata")))
        {
          xmlNodePtr ed = child_with_key (edited, key);

          if (ed == NULL)
            {
              /* an empty one where the install's is, filled below */
              xmlNodePtr shell = vireo_xml_copy (in, install->doc, FALSE);
              xmlNodePtr holder = vireo_xml_new_element (install->doc, "holder");

              vireo_xml_append (holder, shell);
              replace_children (edited, holder, key);
              vireo_xml_remove (holder);
              ed = child_with_key (edited, key);
            }
          apply_attributes (ed, in, fin);
          apply_differences (ed, in, fin);
          continue;
        }
      replace_children (edited, install, key);
    }
}

static char *
disk_target (xmlNodePtr disk)
{
  return vireo_xml_attr (child_with_key (disk, "{}target"), "dev");
}

static gboolean
prop_equal (xmlNodePtr  node,
            const char *name,
            const char *value)
{
  g_autofree char *v = vireo_xml_attr (node, name);

  return g_strcmp0 (v, value) == 0;
}

/* the edited disk that plays the part of @disk (same kind): the one that
 * already holds its medium, else the first empty one (the drive the final
 * configuration leaves empty), else the one on the same target; never a
 * drive the person put another medium in on another target (a driver disc) */
static xmlNodePtr
find_disk (xmlNodePtr devices,
           xmlNodePtr disk)
{
  g_autofree char *device = vireo_xml_attr (disk, "device");
  g_autofree char *target = disk_target (disk);
  xmlNodePtr source = child_with_key (disk, "{}source");
  xmlNodePtr same_source = NULL, empty = NULL, same_target = NULL;

  for (xmlNodePtr n = devices->children; n != NULL; n = n->next)
    {
      xmlNodePtr n_source;
      g_autofree char *t = NULL;

      if (!has_key (n, "{}disk") || !prop_equal (n, "device", device != NULL ? device : "disk"))
        continue;
      n_source = child_with_key (n, "{}source");
      if (same_source == NULL && source != NULL && n_source != NULL && nodes_equal (source, n_source))
        same_source = n;
      if (empty == NULL && n_source == NULL)
        empty = n;
      t = disk_target (n);
      if (same_target == NULL && t != NULL && g_strcmp0 (t, target) == 0)
        same_target = n;
    }
  return same_source != NULL ? same_source : empty != NULL ? empty : same_target;
}

static xmlNodePtr
find_final_disk (xmlNodePtr devices,
                 xmlNodePtr disk)
{
  g_autofree char *target = disk_target (disk);
  xmlNodePtr found = NULL;

  for (xmlNodePtr n = devices->children; n != NULL && found == NULL; n = n->next)
    if (has_key (n, "{}disk"))
      {
        g_autofree char *t = disk_target (n);

        if (g_strcmp0 (t, target) == 0)
          found = n;
      }
  return found;
}

static xmlNodePtr
find_equal (xmlNodePtr parent,
            xmlNodePtr node)
{
  g_autofree char *key = node_key (node);

  for (xmlNodePtr n = parent->children; n != NULL; n = n->next)
    if (has_key (n, key) && nodes_equal (n, node))
      return n;
  return NULL;
}

/* The devices of the install phase: a disk that differs (the medium in the
 * CD/DVD drive) is changed in the edited disk that plays its part; another
 * device only the install has is added, one only the final has removed. */
static gboolean
apply_devices (VireoInstallPlan *self,
               xmlNodePtr        edited,
               xmlNodePtr        install,
               xmlNodePtr        final,
               GError          **error)
{
  for (xmlNodePtr n = install->children; n != NULL; n = n->next)
    {
      gboolean cdrom;
      xmlNodePtr fin, ed;

      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (!has_key (n, "{}disk"))
        {
          if (find_equal (final, n) == NULL)
            vireo_xml_append_copy (edited, n);
          continue;
        }
      /* the express install's answer CD-ROM: the install's own, added as it is */
      if (self->answer_disk != NULL && prop_equal (child_with_key (n, "{}source"), "file", self->answer_disk))
        {
          vireo_xml_append_copy (edited, n);
          continue;
        }
      cdrom = prop_equal (n, "device", "cdrom");
      fin = find_final_disk (final, n);
      /* the installation media is always put in, also where both phases
       * have it (a live system without a disk) */
      if (fin != NULL && nodes_equal (fin, n) && !cdrom)
        continue;
      ed = find_disk (edited, n);
      if (ed == NULL && cdrom)
        {
          g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_XML,
                       _("The edited configuration has no CD/DVD drive for the installation media “%s”, "
                         "which the installer boots from. Add the drive back, or press Back to start again "
                         "from your answers."),
                       self->media_path);
          return FALSE;
        }
      if (ed == NULL)
        {
          vireo_xml_append_copy (edited, n);
          continue;
        }
      if (fin != NULL)
        {
          apply_attributes (ed, n, fin);
          apply_differences (ed, n, fin);
        }
      if (cdrom)
        {
          g_autofree char *type = vireo_xml_attr (n, "type");

          if (type != NULL)
            vireo_xml_set_attr (ed, "type", type);
          replace_children (ed, n, "{}source");
        }
    }
  for (xmlNodePtr n = final->children, next; n != NULL; n = next)
    {
      xmlNodePtr ed;

      next = n->next;
      if (n->type != XML_ELEMENT_NODE || has_key (n, "{}disk") || find_equal (install, n) != NULL)
        continue;
      ed = find_equal (edited, n);
      if (ed != NULL)
        vireo_xml_remove (ed);
    }
  return TRUE;
}

static xmlDoc *
parse_domain (const char *xml)
{
  xmlDoc *doc = vireo_xml_parse_full (xml, "domain", VIREO_XML_PARSE_NO_BLANKS, NULL, NULL, NULL);

  g_assert (doc != NULL);
  return doc;
}

/* the text of the child element @name of @parent, or NULL */
static char *
child_text (xmlNodePtr  parent,
            const char *name)
{
  g_autofree char *key = g_strdup_printf ("{}%s", name);
  xmlNodePtr node = child_with_key (parent, key);

  if (node == NULL)
    return NULL;
  return g_strstrip (vireo_xml_text (node));
}

/* libvirt refuses per-device <boot order> together with <os><boot>: where
 * the install boots through <os>, the install run drops the former */
static void
drop_device_boot_order (xmlNodePtr root)
{
  xmlNodePtr os = child_with_key (root, "{}os");
  xmlNodePtr devices = child_with_key (root, "{}devices");

  if (os == NULL || devices == NULL || child_with_key (os, "{}boot") == NULL)
    return;
  for (xmlNodePtr device = devices->children; device != NULL; device = device->next)
    {
      xmlNodePtr boot;

      if (device->type == XML_ELEMENT_NODE && (boot = child_with_key (device, "{}boot")) != NULL)
        vireo_xml_remove (boot);
    }
}

char *
vireo_install_plan_install_xml_from (VireoInstallPlan *self,
                                     const char       *final_xml,
                                     GError          **error)
{
  g_autofree char *install_xml = NULL;
  g_autofree char *plan_final_xml = NULL;
  g_autofree char *name = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *why = NULL;
  int xml_line = 0;
  g_autoptr(xmlDoc) edited = NULL;
  g_autoptr(xmlDoc) install = NULL;
  g_autoptr(xmlDoc) final = NULL;
  xmlNodePtr root, install_root, final_root, devices;

  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), NULL);
  g_return_val_if_fail (final_xml != NULL, NULL);

  if (!vireo_install_plan_needs_install_phase (self))
    return g_strdup (final_xml);

  edited = vireo_xml_parse_full (final_xml, NULL, VIREO_XML_PARSE_NO_BLANKS, &xml_line, &why, NULL);
  if (edited == NULL && why == NULL)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_XML,
                   _("The edited configuration is empty. Press Back to start again from your answers."));
      return NULL;
    }
  if (edited == NULL)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_XML,
                   _("The edited configuration is not valid XML (line %d: %s). Correct it, or press Back "
                     "to start again from your answers."),
                   xml_line, why);
      return NULL;
    }
  root = vireo_xml_root (edited);
  if (!has_key (root, "{}domain"))
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_XML,
                   _("The edited configuration is not a virtual machine’s: its outermost element must be "
                     "“domain”."));
      return NULL;
    }
  name = child_text (root, "name");
  uuid = child_text (root, "uuid");
  if (g_strcmp0 (name, self->name) != 0 || (*self->uuid != '\0' && g_ascii_strcasecmp (uuid ? uuid : "", self->uuid) != 0))
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_XML,
                   _("The edited configuration must keep the name “%s” and the UUID %s of the virtual machine being installed."),
                   self->name, self->uuid);
      return NULL;
    }

  install_xml = vireo_install_plan_to_domain_xml (self, VIREO_INSTALL_PHASE_INSTALL, error);
  if (install_xml == NULL)
    return NULL;
  plan_final_xml = vireo_install_plan_to_domain_xml (self, VIREO_INSTALL_PHASE_FINAL, error);
  if (plan_final_xml == NULL)
    return NULL;
  install = parse_domain (install_xml);
  final = parse_domain (plan_final_xml);
  install_root = vireo_xml_root (install);
  final_root = vireo_xml_root (final);

  apply_differences (root, install_root, final_root);
  devices = child_with_key (root, "{}devices");
  if (devices == NULL)
    devices = vireo_xml_append (root, vireo_xml_new_element (edited, "devices"));
  if (!apply_devices (self, devices, child_with_key (install_root, "{}devices"),
                      child_with_key (final_root, "{}devices"), error))
    return NULL;
  if (self->method == VIREO_INSTALL_METHOD_PXE && child_with_key (devices, "{}interface") == NULL)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_XML,
                   _("The edited configuration has no network interface, which a network (PXE) install "
                     "boots from. Add it back, or press Back to start again from your answers."));
      return NULL;
    }
  if (!children_equal (child_with_key (install_root, "{}os"), child_with_key (final_root, "{}os"), "{}boot"))
    drop_device_boot_order (root);

  return _vireo_install_plan_dump_document (edited);
}
