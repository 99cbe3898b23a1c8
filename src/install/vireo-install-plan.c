/* vireo-install-plan.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The New VM wizard's answers: the object and its properties, the
 * connection and the host's capabilities, the effective values and the OS.
 * The plan is one class in four files (vireo-install-plan-private.h):
 * checking the answers is in -validate.c, the libvirt XML they turn into in
 * -xml.c, the install phase of an edited configuration in -merge.c.
 */
#define G_LOG_DOMAIN "vireo-install-plan"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vireo-install-plan-private.h"
#include "vireo-xml.h"

G_DEFINE_ENUM_TYPE (VireoInstallMethod, vireo_install_method,
                    G_DEFINE_ENUM_VALUE (VIREO_INSTALL_METHOD_ISO, "iso"),
                    G_DEFINE_ENUM_VALUE (VIREO_INSTALL_METHOD_URL, "url"),
                    G_DEFINE_ENUM_VALUE (VIREO_INSTALL_METHOD_PXE, "pxe"),
                    G_DEFINE_ENUM_VALUE (VIREO_INSTALL_METHOD_IMPORT, "import"),
                    G_DEFINE_ENUM_VALUE (VIREO_INSTALL_METHOD_MANUAL, "manual"))
G_DEFINE_ENUM_TYPE (VireoInstallPhase, vireo_install_phase,
                    G_DEFINE_ENUM_VALUE (VIREO_INSTALL_PHASE_INSTALL, "install"),
                    G_DEFINE_ENUM_VALUE (VIREO_INSTALL_PHASE_FINAL, "final"))
G_DEFINE_ENUM_TYPE (VireoStorageMode, vireo_storage_mode,
                    G_DEFINE_ENUM_VALUE (VIREO_STORAGE_MODE_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (VIREO_STORAGE_MODE_NEW_VOLUME, "new-volume"),
                    G_DEFINE_ENUM_VALUE (VIREO_STORAGE_MODE_EXISTING, "existing"))
G_DEFINE_ENUM_TYPE (VireoNetworkMode, vireo_network_mode,
                    G_DEFINE_ENUM_VALUE (VIREO_NETWORK_MODE_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (VIREO_NETWORK_MODE_NETWORK, "network"),
                    G_DEFINE_ENUM_VALUE (VIREO_NETWORK_MODE_BRIDGE, "bridge"),
                    G_DEFINE_ENUM_VALUE (VIREO_NETWORK_MODE_DIRECT, "direct"),
                    G_DEFINE_ENUM_VALUE (VIREO_NETWORK_MODE_USER, "user"))
G_DEFINE_ENUM_TYPE (VireoFirmware, vireo_firmware,
                    G_DEFINE_ENUM_VALUE (VIREO_FIRMWARE_BIOS, "bios"),
                    G_DEFINE_ENUM_VALUE (VIREO_FIRMWARE_UEFI, "uefi"))

G_DEFINE_QUARK (vireo-install-plan-error-quark, vireo_install_plan_error)

static void
caps_guest_free (CapsGuest *guest)
{
  g_free (guest->os_type);
  g_free (guest->arch);
  g_strfreev (guest->domain_types);
  g_strfreev (guest->machines);
  g_free (guest);
}

G_DEFINE_FINAL_TYPE (VireoInstallPlan, vireo_install_plan, G_TYPE_OBJECT)

/* -- properties ------------------------------------------------------------ */

typedef enum
{
  KIND_STRING,
  KIND_UINT,
  KIND_INT64,
  KIND_BOOL,
  KIND_ENUM,
} PropKind;

typedef struct
{
  const char *name;
  PropKind    kind;
  gsize       offset;
  GType     (*enum_type) (void);
  gint64      min, max, def;
  const char *def_str;
} PropInfo;

#define OFF(field) G_STRUCT_OFFSET (VireoInstallPlan, field)

enum
{
  PROP_0,
  PROP_URI,
  PROP_METHOD,
  PROP_MEDIA_PATH,
  PROP_TREE_URL,
  PROP_KICKSTART_URL,
  PROP_KERNEL_ARGS,
  PROP_KERNEL_PATH,
  PROP_INITRD_PATH,
  PROP_OS_ID,
  PROP_ARCH,
  PROP_MACHINE,
  PROP_VIRT_TYPE,
  PROP_XEN_PV,
  PROP_MEMORY_MIB,
  PROP_VCPUS,
  PROP_HOST_MEMORY_MIB,
  PROP_HOST_CPUS,
  PROP_STORAGE_MODE,
  PROP_POOL_NAME,
  PROP_POOL_FREE_BYTES,
  PROP_VOLUME_NAME,
  PROP_DISK_SIZE_GIB,
  PROP_DISK_FORMAT,
  PROP_ALLOCATE_NOW,
  PROP_DISK_PATH,
  PROP_NAME,
  PROP_UUID,
  PROP_TITLE,
  PROP_NETWORK_MODE,
  PROP_NETWORK_SOURCE,
  PROP_MAC,
  PROP_FIRMWARE,
  PROP_TPM,
  PROP_BIOS_AVAILABLE,
  PROP_UEFI_AVAILABLE,
  PROP_SWTPM_AVAILABLE,
  PROP_MAX_VCPUS,
  PROP_MEDIA_READABLE,
  PROP_EXPRESS_INSTALL,
  PROP_USER_LOGIN,
  PROP_USER_FULLNAME,
  PROP_USER_PASSWORD,
  PROP_ADMIN_SAME_AS_USER,
  PROP_ADMIN_PASSWORD,
  PROP_HOSTNAME,
  PROP_TIMEZONE,
  PROP_LANGUAGE,
  PROP_PRODUCT_KEY,
  N_TABLE_PROPS,
  PROP_OS_DEVICES = N_TABLE_PROPS,
  N_PROPS
};

static const PropInfo prop_table[N_TABLE_PROPS] = {
  [PROP_URI] = { "uri", KIND_STRING, OFF (uri), NULL, 0, 0, 0, "qemu:///system" },
  [PROP_METHOD] = { "method", KIND_ENUM, OFF (method), vireo_install_method_get_type, 0, 0,
                    VIREO_INSTALL_METHOD_ISO, NULL },
  [PROP_MEDIA_PATH] = { "media-path", KIND_STRING, OFF (media_path), NULL, 0, 0, 0, "" },
  [PROP_TREE_URL] = { "tree-url", KIND_STRING, OFF (tree_url), NULL, 0, 0, 0, "" },
  [PROP_KICKSTART_URL] = { "kickstart-url", KIND_STRING, OFF (kickstart_url), NULL, 0, 0, 0, "" },
  [PROP_KERNEL_ARGS] = { "kernel-args", KIND_STRING, OFF (kernel_args), NULL, 0, 0, 0, "" },
  [PROP_KERNEL_PATH] = { "kernel-path", KIND_STRING, OFF (kernel_path), NULL, 0, 0, 0, "" },
  [PROP_INITRD_PATH] = { "initrd-path", KIND_STRING, OFF (initrd_path), NULL, 0, 0, 0, "" },
  [PROP_OS_ID] = { "os-id", KIND_STRING, OFF (os_id), NULL, 0, 0, 0, "" },
  [PROP_ARCH] = { "arch", KIND_STRING, OFF (arch), NULL, 0, 0, 0, "" },
  [PROP_MACHINE] = { "machine", KIND_STRING, OFF (machine), NULL, 0, 0, 0, "" },
  [PROP_VIRT_TYPE] = { "virt-type", KIND_STRING, OFF (virt_type), NULL, 0, 0, 0, "" },
  [PROP_XEN_PV] = { "xen-pv", KIND_BOOL, OFF (xen_pv), NULL, 0, 1, FALSE, NULL },
  [PROP_MEMORY_MIB] = { "memory-mib", KIND_UINT, OFF (memory_mib), NULL, 0, G_MAXUINT, 1024, NULL },
  [PROP_VCPUS] = { "vcpus", KIND_UINT, OFF (vcpus), NULL, 0, 4096, 1, NULL },
  [PROP_HOST_MEMORY_MIB] = { "host-memory-mib", KIND_UINT, OFF (host_memory_mib), NULL, 0, G_MAXUINT, 0, NULL },
  [PROP_HOST_CPUS] = { "host-cpus", KIND_UINT, OFF (host_cpus), NULL, 0, G_MAXUINT, 0, NULL },
  [PROP_STORAGE_MODE] = { "storage-mode", KIND_ENUM, OFF (storage_mode), vireo_storage_mode_get_type,
                          0, 0, VIREO_STORAGE_MODE_NEW_VOLUME, NULL },
  [PROP_POOL_NAME] = { "pool-name", KIND_STRING, OFF (pool_name), NULL, 0, 0, 0, "default" },
  [PROP_POOL_FREE_BYTES] = { "pool-free-bytes", KIND_INT64, OFF (pool_free_bytes), NULL, -1,
                             G_MAXINT64, -1, NULL },
  [PROP_VOLUME_NAME] = { "volume-name", KIND_STRING, OFF (volume_name), NULL, 0, 0, 0, "" },
  [PROP_DISK_SIZE_GIB] = { "disk-size-gib", KIND_UINT, OFF (disk_size_gib), NULL, 0, G_MAXUINT, 20, NULL },
  [PROP_DISK_FORMAT] = { "disk-format", KIND_STRING, OFF (disk_format), NULL, 0, 0, 0, "qcow2" },
  [PROP_ALLOCATE_NOW] = { "allocate-now", KIND_BOOL, OFF (allocate_now), NULL, 0, 1, FALSE, NULL },
  [PROP_DISK_PATH] = { "disk-path", KIND_STRING, OFF (disk_path), NULL, 0, 0, 0, "" },
  [PROP_NAME] = { "name", KIND_STRING, OFF (name), NULL, 0, 0, 0, "" },
  [PROP_UUID] = { "uuid", KIND_STRING, OFF (uuid), NULL, 0, 0, 0, "" },
  [PROP_TITLE] = { "title", KIND_STRING, OFF (title), NULL, 0, 0, 0, "" },
  [PROP_NETWORK_MODE] = { "network-mode", KIND_ENUM, OFF (network_mode), vireo_network_mode_get_type,
                          0, 0, VIREO_NETWORK_MODE_NETWORK, NULL },
  [PROP_NETWORK_SOURCE] = { "network-source", KIND_STRING, OFF (network_source), NULL, 0, 0, 0, "default" },
  [PROP_MAC] = { "mac", KIND_STRING, OFF (mac), NULL, 0, 0, 0, "" },
  [PROP_FIRMWARE] = { "firmware", KIND_ENUM, OFF (firmware), vireo_firmware_get_type, 0, 0,
                      VIREO_FIRMWARE_BIOS, NULL },
  [PROP_TPM] = { "tpm", KIND_BOOL, OFF (tpm), NULL, 0, 1, FALSE, NULL },
  [PROP_BIOS_AVAILABLE] = { "bios-available", KIND_BOOL, OFF (bios_available), NULL, 0, 1, TRUE, NULL },
  [PROP_UEFI_AVAILABLE] = { "uefi-available", KIND_BOOL, OFF (uefi_available), NULL, 0, 1, TRUE, NULL },
  [PROP_SWTPM_AVAILABLE] = { "swtpm-available", KIND_BOOL, OFF (swtpm_available), NULL, 0, 1, TRUE, NULL },
  [PROP_MAX_VCPUS] = { "max-vcpus", KIND_UINT, OFF (max_vcpus), NULL, 0, G_MAXUINT, 0, NULL },
  [PROP_MEDIA_READABLE] = { "media-readable", KIND_BOOL, OFF (media_readable), NULL, 0, 1, FALSE, NULL },
  [PROP_EXPRESS_INSTALL] = { "express-install", KIND_BOOL, OFF (express_install), NULL, 0, 1, FALSE, NULL },
  [PROP_USER_LOGIN] = { "user-login", KIND_STRING, OFF (user_login), NULL, 0, 0, 0, "" },
  [PROP_USER_FULLNAME] = { "user-fullname", KIND_STRING, OFF (user_fullname), NULL, 0, 0, 0, "" },
  [PROP_USER_PASSWORD] = { "user-password", KIND_STRING, OFF (user_password), NULL, 0, 0, 0, "" },
  [PROP_ADMIN_SAME_AS_USER] = { "admin-same-as-user", KIND_BOOL, OFF (admin_same_as_user), NULL, 0, 1, TRUE, NULL },
  [PROP_ADMIN_PASSWORD] = { "admin-password", KIND_STRING, OFF (admin_password), NULL, 0, 0, 0, "" },
  [PROP_HOSTNAME] = { "hostname", KIND_STRING, OFF (hostname), NULL, 0, 0, 0, "" },
  [PROP_TIMEZONE] = { "timezone", KIND_STRING, OFF (timezone), NULL, 0, 0, 0, "" },
  [PROP_LANGUAGE] = { "language", KIND_STRING, OFF (language), NULL, 0, 0, 0, "" },
  [PROP_PRODUCT_KEY] = { "product-key", KIND_STRING, OFF (product_key), NULL, 0, 0, 0, "" },
};

static GParamSpec *properties[N_PROPS];

static void
vireo_install_plan_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  VireoInstallPlan *self = VIREO_INSTALL_PLAN (object);
  const PropInfo *info;

  if (prop_id == PROP_OS_DEVICES)
    {
      g_value_set_boxed (value, self->os_devices);
      return;
    }
  if (prop_id == 0 || prop_id >= N_TABLE_PROPS)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  info = &prop_table[prop_id];
  switch (info->kind)
    {
    case KIND_STRING:
      g_value_set_string (value, G_STRUCT_MEMBER (char *, self, info->offset));
      break;
    case KIND_UINT:
      g_value_set_uint (value, G_STRUCT_MEMBER (guint, self, info->offset));
      break;
    case KIND_INT64:
      g_value_set_int64 (value, G_STRUCT_MEMBER (gint64, self, info->offset));
      break;
    case KIND_BOOL:
      g_value_set_boolean (value, G_STRUCT_MEMBER (gboolean, self, info->offset));
      break;
    case KIND_ENUM:
      g_value_set_enum (value, G_STRUCT_MEMBER (int, self, info->offset));
      break;
    default:
      g_assert_not_reached ();
    }
}

/* the express install's secrets (DESIGN.md rule 6) are wiped before their
 * memory is freed: a replaced password, and every one at finalize */
static void
free_string (guint  prop_id,
             char  *value)
{
  if (value != NULL
      && (prop_id == PROP_USER_PASSWORD || prop_id == PROP_ADMIN_PASSWORD || prop_id == PROP_PRODUCT_KEY))
    memset (value, 0, strlen (value));
  g_free (value);
}

static void
vireo_install_plan_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  VireoInstallPlan *self = VIREO_INSTALL_PLAN (object);
  const PropInfo *info;
  gboolean changed = FALSE;

  if (prop_id == 0 || prop_id >= N_TABLE_PROPS)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  info = &prop_table[prop_id];
  switch (info->kind)
    {
    case KIND_STRING:
      {
        char **field = &G_STRUCT_MEMBER (char *, self, info->offset);
        const char *str = g_value_get_string (value);

        /* strings are never NULL inside the plan: NULL means "" */
        if (str == NULL)
          str = "";
        if (g_strcmp0 (*field, str) != 0)
          {
            free_string (prop_id, *field);
            *field = g_strdup (str);
            changed = TRUE;
          }
      }
      break;
    case KIND_UINT:
      changed = G_STRUCT_MEMBER (guint, self, info->offset) != g_value_get_uint (value);
      G_STRUCT_MEMBER (guint, self, info->offset) = g_value_get_uint (value);
      break;
    case KIND_INT64:
      changed = G_STRUCT_MEMBER (gint64, self, info->offset) != g_value_get_int64 (value);
      G_STRUCT_MEMBER (gint64, self, info->offset) = g_value_get_int64 (value);
      break;
    case KIND_BOOL:
      changed = G_STRUCT_MEMBER (gboolean, self, info->offset) != g_value_get_boolean (value);
      G_STRUCT_MEMBER (gboolean, self, info->offset) = g_value_get_boolean (value);
      break;
    case KIND_ENUM:
      changed = G_STRUCT_MEMBER (int, self, info->offset) != g_value_get_enum (value);
      G_STRUCT_MEMBER (int, self, info->offset) = g_value_get_enum (value);
      break;
    default:
      g_assert_not_reached ();
    }

  if (changed)
    {
      /* a new name or prefix changes what these derive from */
      if (prop_id == PROP_NAME || prop_id == PROP_DISK_FORMAT)
        g_clear_pointer (&self->effective_volume_name, g_free);
      if (prop_id == PROP_VIRT_TYPE || prop_id == PROP_URI || prop_id == PROP_XEN_PV)
        g_clear_pointer (&self->generated_mac, g_free);
      g_object_notify_by_pspec (object, pspec);
    }
}

static void
vireo_install_plan_finalize (GObject *object)
{
  VireoInstallPlan *self = VIREO_INSTALL_PLAN (object);

  for (guint i = 1; i < N_TABLE_PROPS; i++)
    if (prop_table[i].kind == KIND_STRING)
      free_string (i, G_STRUCT_MEMBER (char *, self, prop_table[i].offset));
  g_free (self->answer_disk);
  vireo_os_devices_free (self->os_devices);
  g_free (self->host_arch);
  g_clear_pointer (&self->guests, g_ptr_array_unref);
  g_free (self->generated_mac);
  g_free (self->effective_volume_name);

  G_OBJECT_CLASS (vireo_install_plan_parent_class)->finalize (object);
}

static void
vireo_install_plan_class_init (VireoInstallPlanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vireo_install_plan_finalize;
  object_class->get_property = vireo_install_plan_get_property;
  object_class->set_property = vireo_install_plan_set_property;

  for (guint i = 1; i < N_TABLE_PROPS; i++)
    {
      const PropInfo *info = &prop_table[i];

      switch (info->kind)
        {
        case KIND_STRING:
          properties[i] = g_param_spec_string (info->name, NULL, NULL, info->def_str, flags);
          break;
        case KIND_UINT:
          properties[i] = g_param_spec_uint (info->name, NULL, NULL, (guint) info->min,
                                             (guint) info->max, (guint) info->def, flags);
          break;
        case KIND_INT64:
          properties[i] = g_param_spec_int64 (info->name, NULL, NULL, info->min, info->max,
                                              info->def, flags);
          break;
        case KIND_BOOL:
          properties[i] = g_param_spec_boolean (info->name, NULL, NULL, (gboolean) info->def, flags);
          break;
        case KIND_ENUM:
          properties[i] = g_param_spec_enum (info->name, NULL, NULL, info->enum_type (),
                                             (int) info->def, flags);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  properties[PROP_OS_DEVICES] = g_param_spec_boxed ("os-devices", NULL, NULL, VIREO_TYPE_OS_DEVICES,
                                                    G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                        | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vireo_install_plan_init (VireoInstallPlan *self)
{
  for (guint i = 1; i < N_TABLE_PROPS; i++)
    {
      const PropInfo *info = &prop_table[i];

      switch (info->kind)
        {
        case KIND_STRING:
          G_STRUCT_MEMBER (char *, self, info->offset) = g_strdup (info->def_str);
          break;
        case KIND_UINT:
          G_STRUCT_MEMBER (guint, self, info->offset) = (guint) info->def;
          break;
        case KIND_INT64:
          G_STRUCT_MEMBER (gint64, self, info->offset) = info->def;
          break;
        case KIND_BOOL:
          G_STRUCT_MEMBER (gboolean, self, info->offset) = (gboolean) info->def;
          break;
        case KIND_ENUM:
          G_STRUCT_MEMBER (int, self, info->offset) = (int) info->def;
          break;
        default:
          g_assert_not_reached ();
        }
    }
  g_free (self->uuid);
  self->uuid = g_uuid_string_random ();
  self->os_devices = vireo_os_devices_new_generic ();
}

VireoInstallPlan *
vireo_install_plan_new (const char *uri)
{
  VireoInstallPlan *self = g_object_new (VIREO_TYPE_INSTALL_PLAN, "uri", uri, NULL);

  /* an unprivileged (session) QEMU cannot create taps: user-mode networking */
  if (vireo_install_plan_is_session (self))
    self->network_mode = VIREO_NETWORK_MODE_USER;
  return self;
}

/* -- the connection -------------------------------------------------------- */

static char *
uri_scheme (const char *uri)
{
  const char *colon = uri != NULL ? strchr (uri, ':') : NULL;
  const char *plus;

  if (colon == NULL)
    return g_strdup ("");
  plus = memchr (uri, '+', colon - uri);
  return g_ascii_strdown (uri, (plus != NULL ? plus : colon) - uri);
}

gboolean
vireo_install_plan_is_session (VireoInstallPlan *self)
{
  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), FALSE);
  return self->uri != NULL && strstr (self->uri, "/session") != NULL;
}

/* Files named by a local connection can be checked here; on a remote host
 * only libvirt's storage API can look (the caller does). */
gboolean
_vireo_install_plan_is_local (VireoInstallPlan *self)
{
  g_autoptr (GUri) parsed = g_uri_parse (self->uri, G_URI_FLAGS_NONE, NULL);
  const char *host;

  if (parsed == NULL)
    return TRUE;
  host = g_uri_get_host (parsed);
  return host == NULL || *host == '\0';
}

gboolean
_vireo_install_plan_is_xen (VireoInstallPlan *self)
{
  return g_str_equal (vireo_install_plan_get_effective_virt_type (self), "xen");
}

gboolean
_vireo_install_plan_is_xen_pv (VireoInstallPlan *self)
{
  return _vireo_install_plan_is_xen (self) && self->xen_pv;
}

/* -- capabilities --------------------------------------------------------- */

gboolean
vireo_install_plan_set_capabilities (VireoInstallPlan *self,
                                     const char       *capabilities_xml,
                                     GError          **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GPtrArray) guests = NULL;
  xmlNode *root;
  GPtrArray *list;

  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), FALSE);
  g_return_val_if_fail (capabilities_xml != NULL, FALSE);

  doc = vireo_xml_parse (capabilities_xml, "capabilities", NULL);
  if (doc == NULL)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_CAPABILITIES,
                   _("The host's capabilities could not be read: the hypervisor sent a document "
                     "that is not libvirt capabilities XML."));
      return FALSE;
    }

  root = vireo_xml_root (doc);
  g_free (self->host_arch);
  self->host_arch = vireo_xml_get_string (root, "string(host/cpu/arch)");

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) caps_guest_free);
  guests = vireo_xml_get_nodes (root, "guest");
  for (guint i = 0; i < guests->len; i++)
    {
      xmlNode *node = g_ptr_array_index (guests, i);
      CapsGuest *guest = g_new0 (CapsGuest, 1);

      guest->os_type = vireo_xml_get_string (node, "string(os_type)");
      guest->arch = vireo_xml_get_string (node, "string(arch/@name)");
      guest->domain_types = vireo_xml_get_strings (node, "arch/domain/@type");
      guest->machines = vireo_xml_get_strings (node, "arch/machine | arch/machine/@canonical "
                                                     "| arch/domain/machine | arch/domain/machine/@canonical");
      g_ptr_array_add (list, guest);
    }

  g_clear_pointer (&self->guests, g_ptr_array_unref);
  self->guests = list;
  g_clear_pointer (&self->generated_mac, g_free);
  return TRUE;
}

GStrv
vireo_install_plan_dup_host_archs (VireoInstallPlan *self)
{
  g_autoptr (GPtrArray) archs = g_ptr_array_new ();

  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), NULL);

  for (guint i = 0; self->guests != NULL && i < self->guests->len; i++)
    {
      CapsGuest *guest = g_ptr_array_index (self->guests, i);

      if (guest->arch != NULL && *guest->arch != '\0'
          && !g_ptr_array_find_with_equal_func (archs, guest->arch, g_str_equal, NULL))
        g_ptr_array_add (archs, guest->arch);
    }
  g_ptr_array_add (archs, NULL);
  return g_strdupv ((char **) archs->pdata);
}

GStrv
vireo_install_plan_dup_host_virt_types (VireoInstallPlan *self)
{
  g_autoptr (GPtrArray) types = g_ptr_array_new ();

  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), NULL);

  for (guint i = 0; self->guests != NULL && i < self->guests->len; i++)
    {
      CapsGuest *guest = g_ptr_array_index (self->guests, i);

      for (guint j = 0; guest->domain_types != NULL && guest->domain_types[j] != NULL; j++)
        if (!g_ptr_array_find_with_equal_func (types, guest->domain_types[j], g_str_equal, NULL))
          g_ptr_array_add (types, guest->domain_types[j]);
    }
  g_ptr_array_add (types, NULL);
  return g_strdupv ((char **) types->pdata);
}

CapsGuest *
_vireo_install_plan_find_guest (VireoInstallPlan *self,
                                const char       *os_type,
                                const char       *arch,
                                const char       *domain_type)
{
  if (self->guests == NULL)
    return NULL;
  for (guint i = 0; i < self->guests->len; i++)
    {
      CapsGuest *guest = g_ptr_array_index (self->guests, i);

      if (os_type != NULL && g_strcmp0 (guest->os_type, os_type) != 0)
        continue;
      if (arch != NULL && g_strcmp0 (guest->arch, arch) != 0)
        continue;
      if (domain_type != NULL && !g_strv_contains ((const char *const *) guest->domain_types, domain_type))
        continue;
      return guest;
    }
  return NULL;
}

gboolean
vireo_install_plan_host_has_kvm (VireoInstallPlan *self)
{
  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), FALSE);
  return _vireo_install_plan_find_guest (self, "hvm", vireo_install_plan_get_effective_arch (self), "kvm") != NULL;
}

gboolean
vireo_install_plan_host_has_xen_pv (VireoInstallPlan *self)
{
  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), FALSE);
  /* libvirt calls Xen PV guests os_type "xen" (older: "linux") */
  return _vireo_install_plan_find_guest (self, "xen", NULL, "xen") != NULL || _vireo_install_plan_find_guest (self, "linux", NULL, "xen") != NULL;
}

/* -- effective values ------------------------------------------------------ */

const char *
vireo_install_plan_get_effective_arch (VireoInstallPlan *self)
{
  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), NULL);

  if (*self->arch != '\0')
    return self->arch;
  if (self->host_arch != NULL)
    return self->host_arch;
  return "x86_64";
}

const char *
vireo_install_plan_get_effective_virt_type (VireoInstallPlan *self)
{
  g_autofree char *scheme = NULL;
  const char *arch;

  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), NULL);

  if (*self->virt_type != '\0')
    return self->virt_type;

  arch = vireo_install_plan_get_effective_arch (self);
  if (self->guests != NULL)
    {
      if (_vireo_install_plan_find_guest (self, NULL, NULL, "xen") != NULL)
        return "xen";
      if (_vireo_install_plan_find_guest (self, "hvm", arch, "kvm") != NULL)
        return "kvm";
      return "qemu";
    }
  /* no capabilities given: guess from the URI */
  scheme = uri_scheme (self->uri);
  if (g_str_equal (scheme, "xen"))
    return "xen";
  return "kvm";
}

gboolean
_vireo_install_plan_use_q35 (VireoInstallPlan *self)
{
  const char *arch = vireo_install_plan_get_effective_arch (self);

  if (_vireo_install_plan_is_xen (self))
    return FALSE;
  if (!g_str_equal (arch, "x86_64") && !g_str_equal (arch, "i686"))
    return FALSE;
  if (*self->machine != '\0')
    return strstr (self->machine, "q35") != NULL;
  /* libosinfo lists the q35 chipset for the OSes known to work on it; an
   * OS it does not know gets i440FX, the most compatible PC (an old OS
   * without AHCI drivers would not see a q35 SATA disk) */
  return self->os_devices->os_id != NULL && self->os_devices->q35;
}

const char *
vireo_install_plan_get_effective_machine (VireoInstallPlan *self)
{
  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), NULL);

  if (*self->machine != '\0')
    return self->machine;
  if (_vireo_install_plan_is_xen (self))
    return self->xen_pv ? "xenpv" : "xenfv";
  return _vireo_install_plan_use_q35 (self) ? "q35" : "pc";
}

static const char *
volume_extension (const char *format)
{
  if (g_strcmp0 (format, "raw") == 0)
    return ".img";
  return NULL;
}

const char *
vireo_install_plan_get_effective_volume_name (VireoInstallPlan *self)
{
  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), NULL);

  if (*self->volume_name != '\0')
    return self->volume_name;
  if (self->effective_volume_name == NULL)
    {
      const char *ext = volume_extension (self->disk_format);
      g_autofree char *dot_ext = ext == NULL ? g_strconcat (".", self->disk_format, NULL) : NULL;

      /* a file name, not XML: the XML builder escapes it where it goes */
      self->effective_volume_name = g_strconcat (self->name, ext != NULL ? ext : dot_ext, NULL);
    }
  return self->effective_volume_name;
}

const char *
vireo_install_plan_get_effective_mac (VireoInstallPlan *self)
{
  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), NULL);

  if (*self->mac != '\0')
    return self->mac;
  if (self->generated_mac == NULL)
    {
      /* locally administered prefixes the hypervisors use: QEMU's 52:54:00,
       * Xen's 00:16:3e (as in the seeds) */
      const char *prefix = _vireo_install_plan_is_xen (self) ? "00:16:3e" : "52:54:00";

      self->generated_mac = g_strdup_printf ("%s:%02x:%02x:%02x", prefix,
                                             g_random_int_range (0, 256),
                                             g_random_int_range (0, 256),
                                             g_random_int_range (0, 256));
    }
  return self->generated_mac;
}

gboolean
vireo_install_plan_needs_install_phase (VireoInstallPlan *self)
{
  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), FALSE);
  return self->method == VIREO_INSTALL_METHOD_ISO || self->method == VIREO_INSTALL_METHOD_URL
         || self->method == VIREO_INSTALL_METHOD_PXE;
}

/* -- the OS ---------------------------------------------------------------- */

gboolean
vireo_install_plan_set_os (VireoInstallPlan *self,
                           VireoOsDatabase  *db,
                           const char       *os_id,
                           GError          **error)
{
  g_autoptr (VireoOsDevices) devices = NULL;
  GObject *object = G_OBJECT (self);
  guint memory, vcpus;

  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), FALSE);
  g_return_val_if_fail (db == NULL || VIREO_IS_OS_DATABASE (db), FALSE);

  if (os_id != NULL && *os_id != '\0' && db != NULL)
    {
      g_autoptr (GError) local_error = NULL;

      devices = vireo_os_database_get_devices (db, os_id, vireo_install_plan_get_effective_arch (self),
                                               &local_error);
      if (devices == NULL)
        {
          g_set_error_literal (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_OS,
                               local_error->message);
          return FALSE;
        }
    }
  else
    devices = vireo_os_devices_new_generic ();

  g_object_freeze_notify (object);
  vireo_os_devices_free (self->os_devices);
  self->os_devices = g_steal_pointer (&devices);
  g_object_notify_by_pspec (object, properties[PROP_OS_DEVICES]);

  /* libosinfo's recommendation when the host has room for it (or its size
   * is unknown), else the OS's minimum; the Resources page says which */
  memory = self->os_devices->ram_mib;
  vcpus = self->os_devices->n_cpus;
  self->resources_minimum = FALSE;
  if (self->host_memory_mib > 0 && self->os_devices->min_ram_mib > 0
      && !_vireo_install_plan_host_has_room (self, memory))
    {
      memory = MAX (self->os_devices->min_ram_mib, 64);
      self->resources_minimum = TRUE;
    }
  if (self->host_cpus > 0 && vcpus > self->host_cpus)
    vcpus = MAX (MAX (self->os_devices->min_n_cpus, 1), self->host_cpus);

  g_object_set (object,
                "os-id", self->os_devices->os_id != NULL ? self->os_devices->os_id : "",
                "memory-mib", memory,
                "vcpus", vcpus,
                "disk-size-gib", self->os_devices->storage_gib,
                "tpm", (gboolean) self->os_devices->tpm_required,
                NULL);
  if (!self->os_devices->bios_supported)
    g_object_set (object, "firmware", VIREO_FIRMWARE_UEFI, NULL);
  else if (!self->os_devices->efi_supported)
    g_object_set (object, "firmware", VIREO_FIRMWARE_BIOS, NULL);
  g_object_thaw_notify (object);
  return TRUE;
}

/* Room on the host for a guest of @memory_mib: at most three quarters of its
 * memory, the rest left to the host and its other guests (the Resources page
 * warns from 80 %). */
gboolean
_vireo_install_plan_host_has_room (VireoInstallPlan *self,
                                   guint             memory_mib)
{
  return self->host_memory_mib == 0 || (guint64) memory_mib * 4 <= (guint64) self->host_memory_mib * 3;
}

guint
_vireo_install_plan_install_memory_mib (VireoInstallPlan *self)
{
  guint net = self->os_devices->net_install_ram_mib;

  /* only installers that fetch their packages over the network; never more
   * than the host has room for */
  if (self->method != VIREO_INSTALL_METHOD_URL && self->method != VIREO_INSTALL_METHOD_PXE)
    return self->memory_mib;
  if (net <= self->memory_mib || !_vireo_install_plan_host_has_room (self, net))
    return self->memory_mib;
  return net;
}

char *
vireo_install_plan_dup_resources_note (VireoInstallPlan *self)
{
  const VireoOsDevices *d;
  g_autoptr (GString) note = g_string_new (NULL);
  guint install_memory;

  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), NULL);

  d = self->os_devices;
  if (d->os_id == NULL || d->name == NULL)
    return NULL;
  if (self->resources_minimum && self->memory_mib == MAX (d->min_ram_mib, 64))
    g_string_append_printf (note, _("The minimum for %s: the host has little memory for the recommended %u MiB."),
                            d->name, d->ram_mib);
  else if (self->memory_mib == d->ram_mib && d->rec_ram_mib > 0)
    g_string_append_printf (note, _("Recommended for %s."), d->name);
  else if (d->rec_ram_mib > 0)
    g_string_append_printf (note, _("%s: %u MiB recommended."), d->name, d->ram_mib);
  install_memory = _vireo_install_plan_install_memory_mib (self);
  if (install_memory > self->memory_mib)
    {
      if (note->len > 0)
        g_string_append_c (note, ' ');
      g_string_append_printf (note,
                              _("The installer gets %u MiB while it installs over the network (what %s "
                                "needs for a network install); the installed system has %u MiB."),
                              install_memory, d->name, self->memory_mib);
    }
  if (note->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&note), FALSE);
}

/* -- the host's TPM emulator ------------------------------------------------ */

gboolean
vireo_install_plan_set_domain_capabilities (VireoInstallPlan *self,
                                            const char       *domain_caps_xml)
{
  g_autoptr (xmlDoc) doc = NULL;
  g_autoptr (GPtrArray) tpm_nodes = NULL;
  gboolean swtpm = TRUE;

  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), FALSE);

  if (domain_caps_xml != NULL)
    doc = vireo_xml_parse (domain_caps_xml, "domainCapabilities", NULL);
  if (doc != NULL)
    tpm_nodes = vireo_xml_get_nodes (vireo_xml_root (doc), "devices/tpm");
  if (tpm_nodes != NULL && tpm_nodes->len > 0)
    {
      g_autofree char *has = NULL;

      /* libvirt lists the emulator backend only when it found swtpm */
      has = vireo_xml_get_string (vireo_xml_root (doc),
                                  "string(devices/tpm[@supported='yes']"
                                  "/enum[@name='backendModel']/value[. = 'emulator'])");
      swtpm = has != NULL && *has != '\0';
    }
  else if (_vireo_install_plan_is_local (self))
    {
      /* a libvirt without <tpm> in its domain capabilities: the host's PATH */
      g_autofree char *path = g_find_program_in_path ("swtpm");

      swtpm = path != NULL;
    }
  /* else a remote host that does not say: assume it has one */
  g_object_set (self, "swtpm-available", swtpm, NULL);
  return swtpm;
}

gboolean
_vireo_install_plan_wants_tpm (VireoInstallPlan *self)
{
  return !_vireo_install_plan_is_xen (self)
         && (self->tpm || self->firmware == VIREO_FIRMWARE_UEFI);
}

const VireoOsDevices *
vireo_install_plan_get_os_devices (VireoInstallPlan *self)
{
  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), NULL);
  return self->os_devices;
}
