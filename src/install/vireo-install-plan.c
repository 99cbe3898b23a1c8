/* vireo-install-plan.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The New VM wizard's answers and the libvirt XML they turn into. The XML is
 * built through vireo-xml only: element text goes through
 * vireo_xml_add_child() and attribute values through vireo_xml_set_attr(),
 * which escape them when the document is written, so a "&", "<" or quote
 * typed by a person can never change the document's structure.
 *
 * Device choices follow libosinfo (see VireoOsDevices) the way virt-install
 * makes them:
 *   - QEMU/KVM x86: machine q35 when the OS lists the q35 chipset (or is
 *     unknown), else pc; disk virtio > sata (q35) > ide; NIC virtio > e1000e
 *     (q35) > e1000 > rtl8139; video virtio > qxl > vga; sound ich9 (q35) >
 *     ich6 > ac97 > none; USB tablet; virtio RNG where supported; SPICE
 *     graphics on 127.0.0.1 (local displays use virDomainOpenGraphicsFD, SSH
 *     tunnels the port); a pty serial console; host-passthrough CPU on KVM.
 *   - Xen: VNC graphics (libxl's SPICE support is partial), no sound; PV
 *     guests use xen disks and consoles, kernel+initrd for the install and
 *     pygrub afterwards; HVM guests use machine xenfv, xen disks for Linux
 *     (PV-on-HVM drivers) and IDE for others.
 */
#define G_LOG_DOMAIN "vireo-install-plan"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vireo-install-plan.h"
#include "vireo-xml.h"

#define NAME_MAX_LENGTH 64

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

typedef struct
{
  char      *os_type;      /* "hvm", "xen", "linux" */
  char      *arch;
  GStrv      domain_types; /* "kvm", "qemu", "xen" */
  GStrv      machines;     /* names and canonical names */
} CapsGuest;

static void
caps_guest_free (CapsGuest *guest)
{
  g_free (guest->os_type);
  g_free (guest->arch);
  g_strfreev (guest->domain_types);
  g_strfreev (guest->machines);
  g_free (guest);
}

struct _VireoInstallPlan
{
  GObject         parent_instance;

  /* answers (the property table below points into these) */
  char           *uri;
  int             method;
  char           *media_path;
  char           *tree_url;
  char           *kickstart_url;
  char           *kernel_args;
  char           *kernel_path;
  char           *initrd_path;
  char           *os_id;
  char           *arch;
  char           *machine;
  char           *virt_type;
  gboolean        xen_pv;
  guint           memory_mib;
  guint           vcpus;
  guint           host_memory_mib;
  guint           host_cpus;
  int             storage_mode;
  char           *pool_name;
  gint64          pool_free_bytes;
  char           *volume_name;
  guint           disk_size_gib;
  char           *disk_format;
  gboolean        allocate_now;
  char           *disk_path;
  char           *name;
  char           *uuid;
  char           *title;
  int             network_mode;
  char           *network_source;
  char           *mac;
  int             firmware;
  gboolean        tpm;
  gboolean        bios_available;
  gboolean        uefi_available;
  guint           max_vcpus;
  gboolean        media_readable;

  VireoOsDevices *os_devices;     /* never NULL */
  char           *host_arch;      /* from capabilities, NULL when not given */
  GPtrArray      *guests;         /* CapsGuest, NULL when not given */
  char           *generated_mac;
  char           *effective_volume_name;
};

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
  PROP_MAX_VCPUS,
  PROP_MEDIA_READABLE,
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
  [PROP_MAX_VCPUS] = { "max-vcpus", KIND_UINT, OFF (max_vcpus), NULL, 0, G_MAXUINT, 0, NULL },
  [PROP_MEDIA_READABLE] = { "media-readable", KIND_BOOL, OFF (media_readable), NULL, 0, 1, FALSE, NULL },
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
            g_free (*field);
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
      g_free (G_STRUCT_MEMBER (char *, self, prop_table[i].offset));
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
static gboolean
is_local (VireoInstallPlan *self)
{
  g_autoptr (GUri) parsed = g_uri_parse (self->uri, G_URI_FLAGS_NONE, NULL);
  const char *host;

  if (parsed == NULL)
    return TRUE;
  host = g_uri_get_host (parsed);
  return host == NULL || *host == '\0';
}

static gboolean
is_xen (VireoInstallPlan *self)
{
  return g_str_equal (vireo_install_plan_get_effective_virt_type (self), "xen");
}

static gboolean
is_xen_pv (VireoInstallPlan *self)
{
  return is_xen (self) && self->xen_pv;
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

static CapsGuest *
find_guest (VireoInstallPlan *self,
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
  return find_guest (self, "hvm", vireo_install_plan_get_effective_arch (self), "kvm") != NULL;
}

gboolean
vireo_install_plan_host_has_xen_pv (VireoInstallPlan *self)
{
  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), FALSE);
  /* libvirt calls Xen PV guests os_type "xen" (older: "linux") */
  return find_guest (self, "xen", NULL, "xen") != NULL || find_guest (self, "linux", NULL, "xen") != NULL;
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
      if (find_guest (self, NULL, NULL, "xen") != NULL)
        return "xen";
      if (find_guest (self, "hvm", arch, "kvm") != NULL)
        return "kvm";
      return "qemu";
    }
  /* no capabilities given: guess from the URI */
  scheme = uri_scheme (self->uri);
  if (g_str_equal (scheme, "xen"))
    return "xen";
  return "kvm";
}

static gboolean
use_q35 (VireoInstallPlan *self)
{
  const char *arch = vireo_install_plan_get_effective_arch (self);

  if (is_xen (self))
    return FALSE;
  if (!g_str_equal (arch, "x86_64") && !g_str_equal (arch, "i686"))
    return FALSE;
  if (*self->machine != '\0')
    return strstr (self->machine, "q35") != NULL;
  /* libosinfo lists the q35 chipset for the OSes known to work on it;
   * an OS it does not know gets q35 too (as virt-install does) */
  return self->os_devices->os_id == NULL || self->os_devices->q35;
}

const char *
vireo_install_plan_get_effective_machine (VireoInstallPlan *self)
{
  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), NULL);

  if (*self->machine != '\0')
    return self->machine;
  if (is_xen (self))
    return self->xen_pv ? "xenpv" : "xenfv";
  return use_q35 (self) ? "q35" : "pc";
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
      const char *prefix = is_xen (self) ? "00:16:3e" : "52:54:00";

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

  g_object_set (object,
                "os-id", self->os_devices->os_id != NULL ? self->os_devices->os_id : "",
                "memory-mib", self->os_devices->ram_mib,
                "vcpus", self->os_devices->n_cpus,
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

const VireoOsDevices *
vireo_install_plan_get_os_devices (VireoInstallPlan *self)
{
  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), NULL);
  return self->os_devices;
}

/* -- validation ------------------------------------------------------------ */

const char *
vireo_install_plan_name_rule (void)
{
  return _("A name may use letters of any language, digits, spaces and punctuation, at most 64 "
           "characters, but not “/” or line breaks, and must not start with “.” or “-” or be only "
           "digits. libvirt and QEMU use the name in file, socket and log names on the host, and "
           "command-line tools such as virsh read a name of only digits as a VM number.");
}

/* What libvirt refuses in a domain name (a "/" cannot be part of the file
 * names made from it; drivers refuse "\n" at define), plus what makes a
 * name hard to use from virsh or a shell: a leading "." or "-", only
 * digits. Spaces and letters of any script are fine with libvirt. */
gboolean
vireo_install_plan_validate_name (const char *name,
                                  GError    **error)
{
  gboolean all_digits = TRUE;

  if (name == NULL || *name == '\0')
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_NAME,
                   _("Name: the virtual machine needs a name. %s"), vireo_install_plan_name_rule ());
      return FALSE;
    }
  if (strchr (name, '/') != NULL)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_NAME,
                   _("Name: “%s” contains “/”, which cannot be part of a file name on the host. %s"),
                   name, vireo_install_plan_name_rule ());
      return FALSE;
    }
  if (!g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_NAME,
                   _("Name: %s is not allowed in a name. %s"), "?", vireo_install_plan_name_rule ());
      return FALSE;
    }
  if (g_utf8_strlen (name, -1) > NAME_MAX_LENGTH)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_NAME,
                   _("Name: the name is %u characters long; at most %u are allowed. %s"),
                   (guint) g_utf8_strlen (name, -1), (guint) NAME_MAX_LENGTH, vireo_install_plan_name_rule ());
      return FALSE;
    }
  if (name[0] == '.' || name[0] == '-')
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_NAME,
                   _("Name: “%s” starts with “%c”. %s"), name, name[0], vireo_install_plan_name_rule ());
      return FALSE;
    }
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        {
          g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_NAME,
                       _("Name: %s is not allowed in a name. %s"), _("a line break or control character"),
                       vireo_install_plan_name_rule ());
          return FALSE;
        }
      if (!g_ascii_isdigit (*p))
        all_digits = FALSE;
    }
  if (all_digits)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_NAME,
                   _("Name: “%s” is only digits. %s"), name, vireo_install_plan_name_rule ());
      return FALSE;
    }
  return TRUE;
}

gboolean
vireo_install_plan_validate_mac (const char *mac,
                                 GError    **error)
{
  guint octets[6];
  gboolean all_zero = TRUE;

  if (mac == NULL || strlen (mac) != 17)
    goto malformed;
  for (int i = 0; i < 6; i++)
    {
      const char *p = mac + 3 * i;

      if (!g_ascii_isxdigit (p[0]) || !g_ascii_isxdigit (p[1]) || (i < 5 && p[2] != ':'))
        goto malformed;
      octets[i] = g_ascii_xdigit_value (p[0]) * 16 + g_ascii_xdigit_value (p[1]);
      if (octets[i] != 0)
        all_zero = FALSE;
    }
  if (octets[0] & 1)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_MAC,
                   _("MAC address: %s is a multicast address (its first byte is odd); "
                     "a network card needs a unicast address such as 52:54:00:12:34:56."),
                   mac);
      return FALSE;
    }
  if (all_zero)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_MAC,
                   _("MAC address: 00:00:00:00:00:00 is not a usable address; "
                     "leave the field empty to have one generated."));
      return FALSE;
    }
  return TRUE;

malformed:
  g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_MAC,
               _("MAC address: “%s” is not a MAC address. Write six pairs of hexadecimal "
                 "digits separated by colons, such as 52:54:00:12:34:56, or leave it empty."),
               mac != NULL ? mac : "");
  return FALSE;
}

static gboolean
check_local_file (VireoInstallPlan     *self,
                  const char           *path,
                  VireoInstallPlanError code,
                  const char           *field,
                  gboolean              removable,
                  GError              **error)
{
  g_autofree char *display = NULL;

  if (!is_local (self))
    return TRUE;
  display = g_filename_display_name (path);
  if (!g_path_is_absolute (path))
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, code,
                   _("%s: “%s” is not a full path. Choose the file again."), field, display);
      return FALSE;
    }
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, code,
                   removable
                       ? _("%s: “%s” does not exist. Choose another file, or check that the disc is inserted.")
                       : _("%s: “%s” does not exist. Choose another file, or check that it was not moved or renamed."),
                   field, display);
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, code,
                   _("%s: “%s” is a folder; choose a file in it."), field, display);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_tree_url (const char *url)
{
  g_autofree char *scheme = g_uri_parse_scheme (url);

  return scheme != NULL
         && (g_str_equal (scheme, "http") || g_str_equal (scheme, "https")
             || g_str_equal (scheme, "ftp") || g_str_equal (scheme, "nfs")
             || g_str_equal (scheme, "file"));
}

gboolean
vireo_install_plan_check_firmware (VireoInstallPlan *self,
                                   GError          **error)
{
  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), FALSE);

  if (self->firmware == VIREO_FIRMWARE_UEFI && is_xen_pv (self))
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_FIRMWARE,
                   _("Firmware: a paravirtualised Xen guest boots its kernel directly and has no UEFI; "
                     "choose BIOS or full virtualisation."));
      return FALSE;
    }
  if (!is_xen_pv (self) && !self->os_devices->bios_supported && !self->uefi_available)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_FIRMWARE,
                   _("Firmware: %s can only boot with UEFI firmware, and no UEFI firmware is installed "
                     "on this host. Install it on the host (package ovmf on Debian and Ubuntu, edk2-ovmf "
                     "on Fedora) and start again, or choose another operating system."),
                   self->os_devices->name);
      return FALSE;
    }
  if (self->firmware == VIREO_FIRMWARE_UEFI && !self->uefi_available && !is_xen_pv (self))
    {
      g_set_error_literal (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_FIRMWARE,
                           _("Firmware: no UEFI firmware is installed on this host (package ovmf); "
                             "choose BIOS."));
      return FALSE;
    }
  if (self->firmware == VIREO_FIRMWARE_BIOS && !self->bios_available && !is_xen_pv (self))
    {
      g_set_error_literal (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_FIRMWARE,
                           _("Firmware: this host has no BIOS firmware for this architecture; choose UEFI."));
      return FALSE;
    }
  if (self->firmware == VIREO_FIRMWARE_BIOS && !self->os_devices->bios_supported)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_FIRMWARE,
                   _("Firmware: %s cannot boot with BIOS firmware; choose UEFI."),
                   self->os_devices->name);
      return FALSE;
    }
  if (self->firmware == VIREO_FIRMWARE_UEFI && !self->os_devices->efi_supported)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_FIRMWARE,
                   _("Firmware: %s cannot boot with UEFI firmware; choose BIOS."),
                   self->os_devices->name);
      return FALSE;
    }
  return TRUE;
}

gboolean
vireo_install_plan_validate (VireoInstallPlan *self,
                             GError          **error)
{
  const char *arch;
  const char *virt_type;

  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), FALSE);

  if (!vireo_install_plan_validate_name (self->name, error))
    return FALSE;

  arch = vireo_install_plan_get_effective_arch (self);
  virt_type = vireo_install_plan_get_effective_virt_type (self);
  if (!g_str_equal (arch, "x86_64") && !g_str_equal (arch, "i686"))
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_ARCH,
                   _("Architecture: Vireo creates x86_64 and i686 guests only; “%s” is not supported yet."),
                   arch);
      return FALSE;
    }
  if (self->guests != NULL
      && find_guest (self, is_xen_pv (self) ? NULL : "hvm", is_xen_pv (self) ? NULL : arch, virt_type) == NULL)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_ARCH,
                   _("Architecture: this host cannot run %s guests with “%s” virtualisation."),
                   arch, virt_type);
      return FALSE;
    }
  if (self->xen_pv && !is_xen (self))
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_METHOD,
                   _("Paravirtualisation requires a Xen host; this connection runs full virtualisation only."));
      return FALSE;
    }
  if (self->xen_pv && self->guests != NULL && !vireo_install_plan_host_has_xen_pv (self))
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_METHOD,
                   _("Paravirtualisation is not available on this Xen host."));
      return FALSE;
    }

  switch ((VireoInstallMethod) self->method)
    {
    case VIREO_INSTALL_METHOD_ISO:
      if (self->xen_pv)
        {
          g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_METHOD,
                       _("Install method: a paravirtualised Xen guest cannot boot from install media; "
                         "use a network install tree, or choose full virtualisation."));
          return FALSE;
        }
      if (*self->media_path == '\0')
        {
          g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_MEDIA,
                       _("Installation media: choose an ISO image or a CD/DVD drive."));
          return FALSE;
        }
      if (!check_local_file (self, self->media_path, VIREO_INSTALL_PLAN_ERROR_MEDIA,
                             _("Installation media"), TRUE, error))
        return FALSE;
      break;

    case VIREO_INSTALL_METHOD_URL:
      if (*self->tree_url == '\0' || !is_tree_url (self->tree_url))
        {
          g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_MEDIA,
                       _("Install tree: “%s” is not an http, https, ftp or nfs address of an install tree."),
                       self->tree_url);
          return FALSE;
        }
      if (*self->kickstart_url != '\0' && !is_tree_url (self->kickstart_url))
        {
          g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_MEDIA,
                       _("Kickstart: “%s” is not an http, https, ftp or nfs address."),
                       self->kickstart_url);
          return FALSE;
        }
      break;

    case VIREO_INSTALL_METHOD_PXE:
      if (self->xen_pv)
        {
          g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_METHOD,
                       _("Install method: a paravirtualised Xen guest cannot boot from the network; "
                         "use a network install tree, or choose full virtualisation."));
          return FALSE;
        }
      if (self->network_mode == VIREO_NETWORK_MODE_NONE)
        {
          g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_NETWORK,
                       _("Network: a network boot (PXE) needs a network connection; choose a virtual "
                         "network with PXE or a host bridge."));
          return FALSE;
        }
      break;

    case VIREO_INSTALL_METHOD_IMPORT:
      if (self->storage_mode != VIREO_STORAGE_MODE_EXISTING || *self->disk_path == '\0')
        {
          g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_STORAGE,
                       _("Storage: importing needs an existing disk image; choose one."));
          return FALSE;
        }
      if (!check_local_file (self, self->disk_path, VIREO_INSTALL_PLAN_ERROR_MEDIA,
                             _("Disk image to import"), FALSE, error))
        return FALSE;
      break;

    case VIREO_INSTALL_METHOD_MANUAL:
      break;

    default:
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_METHOD,
                   _("Install method: unknown method."));
      return FALSE;
    }

  if (self->memory_mib < 64)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_MEMORY,
                   _("Memory: %u MiB is too little to start any system; give at least 64 MiB."),
                   self->memory_mib);
      return FALSE;
    }
  if (self->host_memory_mib > 0 && self->memory_mib > self->host_memory_mib)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_MEMORY,
                   _("Memory: %u MiB is more than the host has (%u MiB). Give the virtual machine "
                     "less, and leave enough for the host itself."),
                   self->memory_mib, self->host_memory_mib);
      return FALSE;
    }
  if (self->os_devices->min_ram_mib > 0 && self->memory_mib < self->os_devices->min_ram_mib)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_MEMORY,
                   _("Memory: %s needs at least %u MiB; %u MiB is not enough for its installer."),
                   self->os_devices->name, self->os_devices->min_ram_mib, self->memory_mib);
      return FALSE;
    }
  if (self->vcpus < 1)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_VCPUS,
                   _("CPUs: a virtual machine needs at least one virtual CPU."));
      return FALSE;
    }
  if (self->max_vcpus > 0 && self->vcpus > self->max_vcpus)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_VCPUS,
                   ngettext ("CPUs: this host can give a virtual machine at most %u virtual CPU; "
                             "%u is too many.",
                             "CPUs: this host can give a virtual machine at most %u virtual CPUs; "
                             "%u is too many.",
                             self->max_vcpus),
                   self->max_vcpus, self->vcpus);
      return FALSE;
    }

  switch ((VireoStorageMode) self->storage_mode)
    {
    case VIREO_STORAGE_MODE_NEW_VOLUME:
      {
        const char *volume = vireo_install_plan_get_effective_volume_name (self);
        guint64 size = (guint64) self->disk_size_gib << 30;

        if (*self->pool_name == '\0')
          {
            g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_STORAGE,
                         _("Storage: choose the storage pool for the new disk."));
            return FALSE;
          }
        if (strchr (volume, '/') != NULL || *volume == '\0' || *volume == '.')
          {
            g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_STORAGE,
                         _("Storage: “%s” cannot be a volume name: it must not be empty, start with “.” "
                           "or contain “/”."),
                         volume);
            return FALSE;
          }
        if (self->disk_size_gib == 0)
          {
            g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_STORAGE,
                         _("Storage: the new disk needs a size of at least 1 GiB."));
            return FALSE;
          }
        if (self->disk_format == NULL || *self->disk_format == '\0'
            || (!g_str_equal (self->disk_format, "qcow2") && !g_str_equal (self->disk_format, "raw")))
          {
            g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_STORAGE,
                         _("Storage: the disk format must be qcow2 or raw, not “%s”."), self->disk_format);
            return FALSE;
          }
        /* also for sparse disks: a guest that fills a disk the pool cannot
         * hold gets write errors and corrupts its file systems (the seeds'
         * warning), so Vireo does not create one */
        if (self->pool_free_bytes >= 0 && size > (guint64) self->pool_free_bytes)
          {
            g_autofree char *want = g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS);
            g_autofree char *have = g_format_size_full (self->pool_free_bytes, G_FORMAT_SIZE_IEC_UNITS);

            g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_STORAGE,
                         _("Storage: the disk (%s) is larger than the free space in pool “%s” (%s). "
                           "Choose a smaller size or another pool."),
                         want, self->pool_name, have);
            return FALSE;
          }
      }
      break;

    case VIREO_STORAGE_MODE_EXISTING:
      if (*self->disk_path == '\0')
        {
          g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_STORAGE,
                       _("Storage: choose the existing disk image or device."));
          return FALSE;
        }
      if (!check_local_file (self, self->disk_path, VIREO_INSTALL_PLAN_ERROR_STORAGE, _("Storage"), FALSE,
                             error))
        return FALSE;
      break;

    case VIREO_STORAGE_MODE_NONE:
    default:
      break;
    }

  switch ((VireoNetworkMode) self->network_mode)
    {
    case VIREO_NETWORK_MODE_NETWORK:
    case VIREO_NETWORK_MODE_BRIDGE:
    case VIREO_NETWORK_MODE_DIRECT:
      if (self->network_source == NULL || *self->network_source == '\0')
        {
          g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_NETWORK,
                       self->network_mode == VIREO_NETWORK_MODE_NETWORK
                           ? _("Network: choose a virtual network.")
                           : self->network_mode == VIREO_NETWORK_MODE_BRIDGE
                                 ? _("Network: choose a host bridge.")
                                 : _("Network: choose the host device to share (macvtap)."));
          return FALSE;
        }
      break;
    case VIREO_NETWORK_MODE_USER:
      if (is_xen (self))
        {
          g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_NETWORK,
                       _("Network: user-mode networking is a QEMU feature; on Xen choose a bridge or a virtual network."));
          return FALSE;
        }
      break;
    case VIREO_NETWORK_MODE_NONE:
    default:
      break;
    }

  if (self->network_mode != VIREO_NETWORK_MODE_NONE && *self->mac != '\0'
      && !vireo_install_plan_validate_mac (self->mac, error))
    return FALSE;

  return vireo_install_plan_check_firmware (self, error);
}

/* g_strv_builder_take() is GLib 2.80 */
static void
builder_take (GStrvBuilder *builder,
              char         *str)
{
  g_strv_builder_add (builder, str);
  g_free (str);
}

GStrv
vireo_install_plan_get_warnings (VireoInstallPlan *self)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), NULL);

  if (self->host_memory_mib > 0 && self->memory_mib <= self->host_memory_mib
      && (guint64) self->memory_mib * 10 > (guint64) self->host_memory_mib * 9)
    builder_take (builder,
                         g_strdup_printf (_("%u MiB is close to all the host's memory (%u MiB). "
                                            "The host may run out of memory and stop virtual machines."),
                                          self->memory_mib, self->host_memory_mib));
  if (self->host_cpus > 0 && self->vcpus > self->host_cpus)
    builder_take (builder,
                         g_strdup_printf (is_xen (self)
                                              ? _("%u virtual CPUs is more than the host's %u; Xen does not overcommit CPUs.")
                                              : _("%u virtual CPUs is more than the host's %u; the guest will run slower, not faster."),
                                          self->vcpus, self->host_cpus));
  if (g_str_equal (vireo_install_plan_get_effective_virt_type (self), "qemu"))
    g_strv_builder_add (builder,
                        vireo_install_plan_host_has_kvm (self)
                          ? _("The guest runs under emulation (QEMU without KVM), as chosen under Advanced "
                              "options: much slower than with KVM, which this host has.")
                          : _("This host has no hardware virtualisation (KVM), so the guest runs under slow "
                              "emulation. Enable VT-x or AMD-V in the firmware settings and check that /dev/kvm exists."));
  if (self->storage_mode == VIREO_STORAGE_MODE_NEW_VOLUME && !self->allocate_now)
    g_strv_builder_add (builder,
                        _("The disk is not allocated now: space is taken as the guest writes. If the host "
                          "runs out of space, the guest's data may be corrupted."));
  if (self->method == VIREO_INSTALL_METHOD_ISO && is_local (self) && !vireo_install_plan_is_session (self)
      && !self->media_readable
      && *self->media_path != '\0' && !g_str_has_prefix (self->media_path, "/dev/")
      && !g_str_has_prefix (self->media_path, "/var/lib/libvirt/images/"))
    g_strv_builder_add (builder,
                        _("The installation media is outside /var/lib/libvirt/images. If QEMU cannot read it "
                          "(file permissions or an SELinux/AppArmor label), copy it there or into a storage pool."));
  return g_strv_builder_end (builder);
}

/* -- XML ------------------------------------------------------------------- */

/* The only ways text gets into the documents below are vireo_xml_add_child()
 * and vireo_xml_set_attr(): both escape it. */
/* an element with attribute name/value pairs, NULL-terminated */
static xmlNode *
add_element (xmlNode    *parent,
             const char *name,
             ...) G_GNUC_NULL_TERMINATED;

static xmlNode *
add_element (xmlNode    *parent,
             const char *name,
             ...)
{
  xmlNode *node = vireo_xml_add_child (parent, name, NULL);
  const char *attr;
  va_list args;

  va_start (args, name);
  while ((attr = va_arg (args, const char *)) != NULL)
    vireo_xml_set_attr (node, attr, va_arg (args, const char *));
  va_end (args);
  return node;
}

/* without the XML declaration: libvirt's own documents have none */
static char *
dump_document (xmlDoc *doc)
{
  return vireo_xml_serialize (doc, VIREO_XML_FORMAT_PRETTY | VIREO_XML_FORMAT_NO_DECLARATION);
}

char *
vireo_install_plan_to_volume_xml (VireoInstallPlan *self,
                                  GError          **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  xmlNodePtr root, node;
  g_autofree char *capacity = NULL;

  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), NULL);

  if (self->storage_mode != VIREO_STORAGE_MODE_NEW_VOLUME)
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_STORAGE,
                   _("Storage: this plan does not create a new disk."));
      return NULL;
    }
  if (self->disk_size_gib == 0 || *vireo_install_plan_get_effective_volume_name (self) == '\0')
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_STORAGE,
                   _("Storage: the new disk needs a name and a size."));
      return NULL;
    }

  capacity = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) self->disk_size_gib << 30);
  doc = vireo_xml_new_document ("volume");
  root = vireo_xml_root (doc);
  vireo_xml_add_child (root, "name", vireo_install_plan_get_effective_volume_name (self));
  node = vireo_xml_add_child (root, "capacity", capacity);
  vireo_xml_set_attr (node, "unit", "bytes");
  /* allocation = capacity asks libvirt to reserve the space now (falloc);
   * 0 makes a sparse file that grows as the guest writes */
  node = vireo_xml_add_child (root, "allocation", self->allocate_now ? capacity : "0");
  vireo_xml_set_attr (node, "unit", "bytes");
  node = vireo_xml_add_child (root, "target", NULL);
  add_element (node, "format", "type", self->disk_format, NULL);

  return dump_document (doc);
}

typedef struct
{
  guint count[4];
} Targets;

static char *
next_target (Targets    *targets,
             const char *bus)
{
  static const char *const prefixes[] = { "vd", "sd", "hd", "xvd" };
  guint i;

  if (g_str_equal (bus, "virtio"))
    i = 0;
  else if (g_str_equal (bus, "sata") || g_str_equal (bus, "scsi") || g_str_equal (bus, "usb"))
    i = 1;
  else if (g_str_equal (bus, "ide"))
    i = 2;
  else
    i = 3;
  return g_strdup_printf ("%s%c", prefixes[i], 'a' + targets->count[i]++);
}

static gboolean
is_windows (VireoInstallPlan *self)
{
  return g_strcmp0 (self->os_devices->family, "winnt") == 0
         || g_strcmp0 (self->os_devices->family, "win9x") == 0;
}

static gboolean
is_linux (VireoInstallPlan *self)
{
  return g_strcmp0 (self->os_devices->family, "linux") == 0;
}

static const char *
disk_bus (VireoInstallPlan *self)
{
  if (is_xen (self))
    return self->xen_pv || is_linux (self) ? "xen" : "ide";
  if (self->os_devices->virtio_disk)
    return "virtio";
  return use_q35 (self) ? "sata" : "ide";
}

static const char *
cdrom_bus (VireoInstallPlan *self)
{
  if (is_xen (self))
    return "ide";
  return use_q35 (self) ? "sata" : "ide";
}

static const char *
nic_model (VireoInstallPlan *self)
{
  const VireoOsDevices *d = self->os_devices;

  if (is_xen (self))
    /* PV and Linux HVM guests use netfront; others an emulated e1000 */
    return self->xen_pv || is_linux (self) ? NULL : "e1000";
  if (d->virtio_net)
    return "virtio";
  if (d->e1000e && use_q35 (self))
    return "e1000e";
  if (d->e1000)
    return "e1000";
  if (d->rtl8139)
    return "rtl8139";
  return "e1000";
}

static const char *
video_model (VireoInstallPlan *self)
{
  if (is_xen (self))
    return self->xen_pv ? "xen" : "vga";
  if (self->os_devices->virtio_gpu)
    return "virtio";
  if (self->os_devices->qxl)
    return "qxl";
  return "vga";
}

static const char *
sound_model (VireoInstallPlan *self)
{
  const VireoOsDevices *d = self->os_devices;

  if (is_xen (self))
    return NULL;
  if (d->ich9_hda && use_q35 (self))
    return "ich9";
  if (d->ich6 || d->ich9_hda)
    return "ich6";
  if (d->ac97)
    return "ac97";
  return NULL;
}

static const char *
guess_image_format (const char *path)
{
  if (g_str_has_suffix (path, ".qcow2") || g_str_has_suffix (path, ".qcow"))
    return "qcow2";
  if (g_str_has_suffix (path, ".vmdk"))
    return "vmdk";
  if (g_str_has_suffix (path, ".vdi"))
    return "vdi";
  if (g_str_has_suffix (path, ".vhdx"))
    return "vhdx";
  return "raw";
}

static void
add_disk_source_path (xmlNodePtr  disk,
                      const char *path)
{
  gboolean block = g_str_has_prefix (path, "/dev/");

  vireo_xml_set_attr (disk, "type", block ? "block" : "file");
  add_element (disk, "source", block ? "dev" : "file", path, NULL);
}

static char *
build_cmdline (VireoInstallPlan *self)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *distro = self->os_devices->distro;

  if (self->os_devices->kernel_url_arg != NULL)
    g_ptr_array_add (parts, g_strdup_printf ("%s=%s", self->os_devices->kernel_url_arg, self->tree_url));

  if (*self->kickstart_url != '\0')
    {
      if (g_strcmp0 (distro, "debian") == 0 || g_strcmp0 (distro, "ubuntu") == 0)
        g_ptr_array_add (parts, g_strdup_printf ("auto=true priority=critical url=%s", self->kickstart_url));
      else if (g_strcmp0 (distro, "opensuse") == 0 || g_strcmp0 (distro, "sles") == 0)
        g_ptr_array_add (parts, g_strdup_printf ("autoyast=%s", self->kickstart_url));
      else if (g_strcmp0 (distro, "fedora") == 0 || g_strcmp0 (distro, "rhel") == 0
               || g_strcmp0 (distro, "centos") == 0 || g_strcmp0 (distro, "centos-stream") == 0
               || g_strcmp0 (distro, "almalinux") == 0 || g_strcmp0 (distro, "rocky") == 0)
        g_ptr_array_add (parts, g_strdup_printf ("inst.ks=%s", self->kickstart_url));
      else
        g_ptr_array_add (parts, g_strdup_printf ("ks=%s", self->kickstart_url));
    }
  if (*self->kernel_args != '\0')
    g_ptr_array_add (parts, g_strdup (self->kernel_args));
  g_ptr_array_add (parts, NULL);
  /* one string of kernel arguments; it becomes element text, escaped */
  return g_strjoinv (" ", (char **) parts->pdata);
}

static void
add_interface (VireoInstallPlan *self,
               xmlNodePtr        devices)
{
  xmlNodePtr iface = vireo_xml_add_child (devices, "interface", NULL);
  const char *model = nic_model (self);

  switch ((VireoNetworkMode) self->network_mode)
    {
    case VIREO_NETWORK_MODE_NETWORK:
      vireo_xml_set_attr (iface, "type", "network");
      add_element (iface, "source", "network", self->network_source, NULL);
      break;
    case VIREO_NETWORK_MODE_BRIDGE:
      vireo_xml_set_attr (iface, "type", "bridge");
      add_element (iface, "source", "bridge", self->network_source, NULL);
      break;
    case VIREO_NETWORK_MODE_DIRECT:
      vireo_xml_set_attr (iface, "type", "direct");
      add_element (iface, "source", "dev", self->network_source, "mode", "bridge", NULL);
      break;
    case VIREO_NETWORK_MODE_USER:
    case VIREO_NETWORK_MODE_NONE:
    default:
      vireo_xml_set_attr (iface, "type", "user");
      break;
    }
  add_element (iface, "mac", "address", vireo_install_plan_get_effective_mac (self), NULL);
  if (model != NULL)
    add_element (iface, "model", "type", model, NULL);
}

char *
vireo_install_plan_to_domain_xml (VireoInstallPlan *self,
                                  VireoInstallPhase phase,
                                  GError          **error)
{
  const VireoOsDevices *d;
  const char *virt_type;
  gboolean xen, pv, kvm, install, q35, windows;
  g_autofree char *memory = NULL;
  g_autofree char *vcpus = NULL;
  Targets targets = { { 0 } };
  g_autoptr(xmlDoc) doc = NULL;
  xmlNodePtr root, node, os, features, devices;

  g_return_val_if_fail (VIREO_IS_INSTALL_PLAN (self), NULL);

  d = self->os_devices;
  virt_type = vireo_install_plan_get_effective_virt_type (self);
  xen = is_xen (self);
  pv = is_xen_pv (self);
  kvm = g_str_equal (virt_type, "kvm");
  q35 = use_q35 (self);
  windows = is_windows (self);
  install = phase == VIREO_INSTALL_PHASE_INSTALL && vireo_install_plan_needs_install_phase (self);

  if (*self->name == '\0')
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_NAME,
                   _("Name: the virtual machine needs a name."));
      return NULL;
    }
  if (install && self->method == VIREO_INSTALL_METHOD_URL
      && (*self->kernel_path == '\0' || *self->initrd_path == '\0'))
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_MEDIA,
                   _("Install tree: the installer's kernel and initrd of “%s” are not known yet: the tree must be detected (its “.treeinfo” read) first."),
                   self->tree_url);
      return NULL;
    }
  if (install && self->method == VIREO_INSTALL_METHOD_ISO && *self->media_path == '\0')
    {
      g_set_error (error, VIREO_INSTALL_PLAN_ERROR, VIREO_INSTALL_PLAN_ERROR_MEDIA,
                   _("Installation media: choose an ISO image or a CD/DVD drive."));
      return NULL;
    }

  doc = vireo_xml_new_document ("domain");
  root = vireo_xml_root (doc);
  vireo_xml_set_attr (root, "type", virt_type);

  vireo_xml_add_child (root, "name", self->name);
  if (*self->uuid != '\0')
    vireo_xml_add_child (root, "uuid", self->uuid);
  if (*self->title != '\0')
    vireo_xml_add_child (root, "title", self->title);

  if (d->os_id != NULL)
    {
      xmlNode *metadata = vireo_xml_add_child (root, "metadata", NULL);
      xmlNode *info = vireo_xml_add_ns_child (metadata, VIREO_XML_NS_LIBOSINFO, "libosinfo", "libosinfo");
      xmlNode *os_node = vireo_xml_add_child (info, "os", NULL); /* <libosinfo:os>, in its parent's namespace */

      vireo_xml_set_attr (os_node, "id", d->os_id);
    }

  memory = g_strdup_printf ("%u", self->memory_mib);
  node = vireo_xml_add_child (root, "memory", memory);
  vireo_xml_set_attr (node, "unit", "MiB");
  node = vireo_xml_add_child (root, "currentMemory", memory);
  vireo_xml_set_attr (node, "unit", "MiB");
  vcpus = g_strdup_printf ("%u", self->vcpus);
  vireo_xml_add_child (root, "vcpu", vcpus);

  /* boot */
  if (pv && !install)
    /* libxl finds pygrub in its own libexec directory */
    vireo_xml_add_child (root, "bootloader", "pygrub");

  os = vireo_xml_add_child (root, "os", NULL);
  if (self->firmware == VIREO_FIRMWARE_UEFI && !pv)
    vireo_xml_set_attr (os, "firmware", "efi");
  node = vireo_xml_add_child (os, "type", pv ? "linux" : "hvm");
  vireo_xml_set_attr (node, "arch", vireo_install_plan_get_effective_arch (self));
  vireo_xml_set_attr (node, "machine", vireo_install_plan_get_effective_machine (self));

  if (install && self->method == VIREO_INSTALL_METHOD_URL)
    {
      g_autofree char *cmdline = build_cmdline (self);

      vireo_xml_add_child (os, "kernel", self->kernel_path);
      vireo_xml_add_child (os, "initrd", self->initrd_path);
      if (*cmdline != '\0')
        vireo_xml_add_child (os, "cmdline", cmdline);
    }
  if (!pv && !(install && self->method == VIREO_INSTALL_METHOD_URL))
    {
      if (install && self->method == VIREO_INSTALL_METHOD_ISO)
        add_element (os, "boot", "dev", "cdrom", NULL);
      else if (install && self->method == VIREO_INSTALL_METHOD_PXE)
        add_element (os, "boot", "dev", "network", NULL);
      else if (self->method == VIREO_INSTALL_METHOD_ISO && self->storage_mode == VIREO_STORAGE_MODE_NONE)
        add_element (os, "boot", "dev", "cdrom", NULL); /* a live system without a disk */
      else if (self->method == VIREO_INSTALL_METHOD_PXE && self->storage_mode == VIREO_STORAGE_MODE_NONE)
        add_element (os, "boot", "dev", "network", NULL); /* a diskless network client */
      add_element (os, "boot", "dev", "hd", NULL);
    }

  /* features, CPU, clock */
  features = vireo_xml_add_child (root, "features", NULL);
  if (!pv)
    {
      vireo_xml_add_child (features, "acpi", NULL);
      vireo_xml_add_child (features, "apic", NULL);
    }
  if (!xen && windows)
    {
      xmlNodePtr hyperv = add_element (features, "hyperv", "mode", "custom", NULL);

      add_element (hyperv, "relaxed", "state", "on", NULL);
      add_element (hyperv, "vapic", "state", "on", NULL);
      add_element (hyperv, "spinlocks", "state", "on", "retries", "8191", NULL);
    }
  if (!xen && q35 && self->firmware == VIREO_FIRMWARE_UEFI)
    /* System Management Mode: the Secure Boot builds of OVMF need it */
    add_element (features, "smm", "state", "on", NULL);
  if (features->children == NULL)
    vireo_xml_remove (features);

  if (kvm)
    add_element (root, "cpu", "mode", "host-passthrough", "check", "none", "migratable", "on", NULL);

  if (!pv)
    {
      xmlNodePtr clock = add_element (root, "clock", "offset", windows ? "localtime" : "utc", NULL);

      if (!xen)
        {
          add_element (clock, "timer", "name", "rtc", "tickpolicy", "catchup", NULL);
          add_element (clock, "timer", "name", "pit", "tickpolicy", "delay", NULL);
          add_element (clock, "timer", "name", "hpet", "present", "no", NULL);
          if (windows && kvm)
            add_element (clock, "timer", "name", "hypervclock", "present", "yes", NULL);
        }
    }

  /* the installer's reboot ends the install run; the next start uses the
   * persistent (final) definition, which boots the disk */
  vireo_xml_add_child (root, "on_poweroff", "destroy");
  vireo_xml_add_child (root, "on_reboot", install ? "destroy" : "restart");
  vireo_xml_add_child (root, "on_crash", "destroy");

  devices = vireo_xml_add_child (root, "devices", NULL);

  /* disks */
  if (self->storage_mode != VIREO_STORAGE_MODE_NONE)
    {
      const char *bus = disk_bus (self);
      g_autofree char *target = next_target (&targets, bus);
      xmlNodePtr disk = add_element (devices, "disk", "type", "file", "device", "disk", NULL);

      if (self->storage_mode == VIREO_STORAGE_MODE_NEW_VOLUME)
        {
          add_element (disk, "driver", "name", "qemu", "type", self->disk_format, "discard", "unmap", NULL);
          vireo_xml_set_attr (disk, "type", "volume");
          add_element (disk, "source", "pool", self->pool_name,
                       "volume", vireo_install_plan_get_effective_volume_name (self), NULL);
        }
      else
        {
          add_element (disk, "driver", "name", "qemu", "type", guess_image_format (self->disk_path), NULL);
          add_disk_source_path (disk, self->disk_path);
        }
      add_element (disk, "target", "dev", target, "bus", bus, NULL);
    }
  if (self->method == VIREO_INSTALL_METHOD_ISO)
    {
      const char *bus = cdrom_bus (self);
      g_autofree char *target = next_target (&targets, bus);
      xmlNodePtr cdrom = add_element (devices, "disk", "type", "file", "device", "cdrom", NULL);

      add_element (cdrom, "driver", "name", "qemu", "type", "raw", NULL);
      /* after the install the drive stays, empty (the installer's "eject"),
       * so the guest keeps its drive letters; a diskless live system keeps
       * its medium */
      if (install || self->storage_mode == VIREO_STORAGE_MODE_NONE)
        add_disk_source_path (cdrom, self->media_path);
      add_element (cdrom, "target", "dev", target, "bus", bus, NULL);
      vireo_xml_add_child (cdrom, "readonly", NULL);
    }

  if (!xen && d->qemu_xhci)
    add_element (devices, "controller", "type", "usb", "model", "qemu-xhci", "ports", "15", NULL);

  if (self->network_mode != VIREO_NETWORK_MODE_NONE)
    add_interface (self, devices);

  /* consoles */
  if (pv)
    {
      node = add_element (devices, "console", "type", "pty", NULL);
      add_element (node, "target", "type", "xen", "port", "0", NULL);
    }
  else
    {
      node = add_element (devices, "serial", "type", "pty", NULL);
      add_element (node, "target", "port", "0", NULL);
      node = add_element (devices, "console", "type", "pty", NULL);
      add_element (node, "target", "type", "serial", "port", "0", NULL);
    }
  if (!xen && (d->virtio_disk || d->virtio_net))
    {
      node = add_element (devices, "channel", "type", "unix", NULL);
      add_element (node, "target", "type", "virtio", "name", "org.qemu.guest_agent.0", NULL);
      node = add_element (devices, "channel", "type", "spicevmc", NULL);
      add_element (node, "target", "type", "virtio", "name", "com.redhat.spice.0", NULL);
    }

  /* input */
  if (pv)
    {
      add_element (devices, "input", "type", "mouse", "bus", "xen", NULL);
      add_element (devices, "input", "type", "keyboard", "bus", "xen", NULL);
    }
  else if (d->usb_tablet || d->os_id == NULL)
    add_element (devices, "input", "type", "tablet", "bus", "usb", NULL);

  /* display */
  node = add_element (devices, "graphics", "type", xen ? "vnc" : "spice", "autoport", "yes", NULL);
  add_element (node, "listen", "type", "address", "address", "127.0.0.1", NULL);
  node = vireo_xml_add_child (devices, "video", NULL);
  add_element (node, "model", "type", video_model (self), NULL);

  if (sound_model (self) != NULL)
    add_element (devices, "sound", "model", sound_model (self), NULL);

  if (!xen && self->tpm)
    {
      node = add_element (devices, "tpm", "model", q35 ? "tpm-crb" : "tpm-tis", NULL);
      add_element (node, "backend", "type", "emulator", "version", "2.0", NULL);
    }
  if (!xen && d->virtio_rng)
    {
      node = add_element (devices, "rng", "model", "virtio", NULL);
      vireo_xml_set_text (add_element (node, "backend", "model", "random", NULL), "/dev/urandom");
    }

  return dump_document (doc);
}

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

  return dump_document (edited);
}
