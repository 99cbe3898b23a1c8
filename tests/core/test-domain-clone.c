/* test-domain-clone.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Clone (issue 15), on libvirt's test driver: what a VM holds (a disk that
 * can be cloned, a CD-ROM and an empty drive shared, a disk outside a pool
 * not clonable, the free name "<name>-clone"); the clone's definition as
 * libvirt holds it (its name, a new UUID, new MAC addresses, the cloned disk
 * on a new volume "<clone>.img" in the same pool, the shared one on the same
 * volume, the left-out one gone, the rest unchanged); a name taken refused;
 * a pool without room refused before anything is made; a running VM refused
 * without "Pause while cloning" and resumed after a paused clone; a cancel
 * mid-copy leaving no volume and no VM.
 */
#define G_LOG_DOMAIN "vireo-test-domain-clone"

#include "config.h"

#include "core-test-util.h"

#define POOL "default-pool"   /* test:///default's pool, target /default-pool */

typedef struct
{
  virConnectPtr    raw;
  VireoConnection *conn;
  GListModel      *domains;
} Fixture;

static void
create_volume (virConnectPtr raw, const char *name, guint64 allocation)
{
  g_autofree char *xml = g_strdup_printf ("<volume><name>%s</name>"
                                          "<capacity unit='bytes'>%" G_GUINT64_FORMAT "</capacity>"
                                          "<allocation unit='bytes'>%" G_GUINT64_FORMAT "</allocation>"
                                          "<target><format type='raw'/></target></volume>",
                                          name, MAX (allocation, 1048576), allocation);
  virStoragePoolPtr pool = virStoragePoolLookupByName (raw, POOL);
  virStorageVolPtr vol;

  g_assert_nonnull (pool);
  vol = virStorageVolCreateXML (pool, xml, 0);
  g_assert_nonnull (vol);
  virStorageVolFree (vol);
  virStoragePoolFree (pool);
}

static gboolean
volume_exists (virConnectPtr raw, const char *name)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (raw, POOL);
  virStorageVolPtr vol = pool != NULL ? virStorageVolLookupByName (pool, name) : NULL;

  virResetLastError ();
  if (vol != NULL)
    virStorageVolFree (vol);
  if (pool != NULL)
    virStoragePoolFree (pool);
  return vol != NULL;
}

static void
remove_volume (virConnectPtr raw, const char *name)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (raw, POOL);
  virStorageVolPtr vol = pool != NULL ? virStorageVolLookupByName (pool, name) : NULL;

  if (vol != NULL)
    {
      virStorageVolDelete (vol, 0);
      virStorageVolFree (vol);
    }
  if (pool != NULL)
    virStoragePoolFree (pool);
  virResetLastError ();
}

#define UUID "1f6c3d2a-8b7e-4c1d-9a2b-3c4d5e6f7a8b"
#define MAC  "52:54:00:aa:bb:01"

static void
define (virConnectPtr raw, const char *name, const char *uuid, const char *devices)
{
  g_autofree char *xml = g_strdup_printf ("<domain type='test'><name>%s</name>%s%s%s"
                                          "<memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                                          "<os><type arch='x86_64'>hvm</type></os>"
                                          "<devices>%s</devices></domain>", name,
                                          uuid != NULL ? "<uuid>" : "", uuid != NULL ? uuid : "",
                                          uuid != NULL ? "</uuid>" : "", devices);
  virDomainPtr dom = virDomainDefineXML (raw, xml);

  g_assert_nonnull (dom);
  virDomainFree (dom);
}

static void
remove_domain (virConnectPtr raw, const char *name)
{
  virDomainPtr dom = virDomainLookupByName (raw, name);

  if (dom != NULL)
    {
      if (virDomainIsActive (dom) == 1)
        virDomainDestroy (dom);
      virDomainUndefineFlags (dom, VIR_DOMAIN_UNDEFINE_MANAGED_SAVE);
      virDomainFree (dom);
    }
  virResetLastError ();
}

static gboolean
domain_exists (virConnectPtr raw, const char *name)
{
  virDomainPtr dom = virDomainLookupByName (raw, name);

  virResetLastError ();
  if (dom != NULL)
    virDomainFree (dom);
  return dom != NULL;
}

static char *
domain_xml (virConnectPtr raw, const char *name)
{
  virDomainPtr dom = virDomainLookupByName (raw, name);
  char *xml, *copy;

  g_assert_nonnull (dom);
  xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
  virDomainFree (dom);
  g_assert_nonnull (xml);
  copy = g_strdup (xml);
  free (xml);
  return copy;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->raw = test_raw_open ();
  f->conn = test_connection_new_open ("test:///default");
  f->domains = vireo_connection_get_domains (f->conn);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  static const char *const domains[] = { "cl-src", "cl-src-clone", "cl-copy", "cl-taken", "cl-run",
                                         "cl-run-clone", "cl-big", "cl-big-clone" };
  static const char *const volumes[] = { "cl-src.img", "cl-shared.img", "cl-out.img", "cl-copy.img",
                                         "cl-copy-2.img", "cl-src-clone.img", "cl-run.img",
                                         "cl-run-clone.img", "cl-big.img", "cl-big-clone.img" };

  vireo_connection_close (f->conn);
  g_clear_object (&f->conn);
  for (guint i = 0; i < G_N_ELEMENTS (domains); i++)
    remove_domain (f->raw, domains[i]);
  for (guint i = 0; i < G_N_ELEMENTS (volumes); i++)
    remove_volume (f->raw, volumes[i]);
  test_raw_close (f->raw);
}

static VireoDomain *
wait_domain (Fixture *f, const char *name)
{
  WAIT_UNTIL (test_find_domain (f->domains, name, NULL) != NULL, TEST_TIMEOUT_MS);
  return g_object_ref (test_find_domain (f->domains, name, NULL));
}

static VireoClonePlan *
plan (VireoDomain *domain)
{
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  VireoClonePlan *out;

  vireo_domain_clone_plan_async (domain, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  out = vireo_domain_clone_plan_finish (domain, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (out);
  return out;
}

typedef struct
{
  GCancellable *cancel_at_progress;
  guint         calls;
  guint64       copied;
  guint64       total;
} Progress;

static void
on_progress (guint64 copied, guint64 total, gpointer user_data)
{
  Progress *progress = user_data;

  g_assert_cmpuint (copied, <=, total);
  progress->calls++;
  progress->copied = copied;
  progress->total = total;
  if (progress->cancel_at_progress != NULL && copied > 0)
    g_cancellable_cancel (progress->cancel_at_progress);
}

/* the plan's disk on @target */
static VireoCloneDisk *
plan_disk (VireoClonePlan *clone_plan, const char *target, guint *index)
{
  for (guint i = 0; i < clone_plan->disks->len; i++)
    {
      VireoCloneDisk *disk = g_ptr_array_index (clone_plan->disks, i);

      if (g_strcmp0 (disk->target, target) == 0)
        {
          if (index != NULL)
            *index = i;
          return disk;
        }
    }
  g_assert_not_reached ();
  return NULL;
}

static GPtrArray *
clone_domain (VireoDomain *domain, const char *name, const VireoCloneDiskChoice *choices,
              guint n, VireoDomainCloneFlags flags, guint64 rate, Progress *progress,
              GCancellable *cancellable, GError **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;

  vireo_domain_clone_async (domain, name, choices, n, flags, rate,
                            progress != NULL ? on_progress : NULL, progress, cancellable,
                            test_store_result, &slot);
  result = test_wait_result (&slot);
  return vireo_domain_clone_finish (domain, result, error);
}

#define CLONED_DISK "<disk type='file' device='disk'><driver name='qemu' type='raw'/>" \
                    "<source file='/default-pool/cl-src.img'/><target dev='vda' bus='virtio'/></disk>"
#define SHARED_DISK "<disk type='volume' device='disk'><source pool='" POOL "' volume='cl-shared.img'/>" \
                    "<target dev='vdb' bus='virtio'/></disk>"
#define LEFT_OUT "<disk type='file' device='disk'><source file='/default-pool/cl-out.img'/>" \
                 "<target dev='vdc' bus='virtio'/></disk>"
#define CDROM "<disk type='file' device='cdrom'><target dev='hdc' bus='ide'/><readonly/></disk>"
#define OUTSIDE "<disk type='file' device='disk'><source file='/srv/not-a-pool/plain.img'/>" \
                "<target dev='vdd' bus='virtio'/></disk>"
#define NIC "<interface type='network'><mac address='" MAC "'/><source network='default'/></interface>"

/* the plan says which disk can be cloned and why the others cannot; the
 * clone's definition has its name, a new UUID and MAC, the cloned disk on a
 * new volume, the shared one on the old, no left-out disk */
static void
test_clone_xml (Fixture *f, gconstpointer data)
{
  VireoCloneDiskChoice choices[5];
  guint index;
  g_autoptr (VireoDomain) domain = NULL;
  g_autoptr (VireoClonePlan) clone_plan = NULL;
  g_autoptr (GPtrArray) notes = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *old_xml = NULL;
  Progress progress = { 0 };
  VireoCloneDisk *disk;

  create_volume (f->raw, "cl-src.img", 1048576);
  create_volume (f->raw, "cl-shared.img", 1048576);
  create_volume (f->raw, "cl-out.img", 1048576);
  define (f->raw, "cl-src", UUID, CLONED_DISK SHARED_DISK LEFT_OUT CDROM OUTSIDE NIC);
  domain = wait_domain (f, "cl-src");

  clone_plan = plan (domain);
  g_assert_cmpstr (clone_plan->clone_name, ==, "cl-src-clone");
  g_assert_false (clone_plan->active);
  g_assert_cmpuint (clone_plan->disks->len, ==, 5);
  /* libvirt orders the disks by bus: the plan follows the definition */
  for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
    choices[i] = VIREO_CLONE_DISK_SHARE;
  disk = plan_disk (clone_plan, "vda", &index);
  choices[index] = VIREO_CLONE_DISK_CLONE;
  g_assert_true (disk->can_clone);
  g_assert_cmpint (disk->suggested, ==, VIREO_CLONE_DISK_CLONE);
  g_assert_cmpstr (disk->pool, ==, POOL);
  g_assert_cmpstr (disk->clone_name, ==, "cl-src-clone.img");
  disk = plan_disk (clone_plan, "vdc", &index);
  choices[index] = VIREO_CLONE_DISK_LEAVE_OUT;
  g_assert_true (disk->can_clone);
  disk = plan_disk (clone_plan, "vdb", NULL);
  g_assert_true (disk->can_clone);
  g_assert_cmpstr (disk->source, ==, POOL "/cl-shared.img");
  disk = plan_disk (clone_plan, "hdc", NULL);
  g_assert_false (disk->can_clone);
  g_assert_cmpint (disk->suggested, ==, VIREO_CLONE_DISK_SHARE);
  g_assert_nonnull (strstr (disk->no_clone_reason, "no storage"));
  disk = plan_disk (clone_plan, "vdd", NULL);
  g_assert_false (disk->can_clone);
  g_assert_nonnull (strstr (disk->no_clone_reason, "not a volume of a storage pool"));

  old_xml = domain_xml (f->raw, "cl-src");
  notes = clone_domain (domain, "cl-src-clone", choices, G_N_ELEMENTS (choices),
                        VIREO_DOMAIN_CLONE_NONE, 0, &progress, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (notes);
  g_assert_cmpuint (notes->len, ==, 0);
  g_assert_cmpuint (progress.copied, ==, 1048576);
  g_assert_cmpuint (progress.total, ==, 1048576);

  /* the new VM in the list, by libvirt's events */
  g_clear_object (&domain);
  domain = wait_domain (f, "cl-src-clone");
  xml = domain_xml (f->raw, "cl-src-clone");
  g_assert_null (strstr (xml, UUID));
  g_assert_nonnull (strstr (xml, "<uuid>"));
  g_assert_null (strstr (xml, MAC));
  g_assert_nonnull (strstr (xml, "<mac address="));
  g_assert_nonnull (strstr (xml, "<source file='/default-pool/cl-src-clone.img'/>"));
  g_assert_nonnull (strstr (xml, "<source pool='" POOL "' volume='cl-shared.img'/>"));
  g_assert_null (strstr (xml, "cl-out.img"));
  g_assert_null (strstr (xml, "vdc"));
  g_assert_nonnull (strstr (xml, "<target dev='hdc' bus='ide'/>"));
  g_assert_nonnull (strstr (xml, "/srv/not-a-pool/plain.img"));
  g_assert_true (volume_exists (f->raw, "cl-src-clone.img"));
  /* the original is as it was */
  g_clear_pointer (&xml, g_free);
  xml = domain_xml (f->raw, "cl-src");
  g_assert_cmpstr (xml, ==, old_xml);
}

/* the pure XML builder: the name, no UUID and MAC, a pool disk renamed in its pool */
static void
test_build_xml (void)
{
  const char *xml = "<domain type='kvm'><name>a</name><uuid>" UUID "</uuid>"
                    "<os><type>hvm</type><nvram>/var/lib/libvirt/qemu/nvram/a_VARS.fd</nvram></os>"
                    "<devices>" SHARED_DISK NIC "</devices></domain>";
  const VireoCloneDiskChoice clone[] = { VIREO_CLONE_DISK_CLONE };
  const char *const sources[] = { POOL "/b.img", NULL };
  g_autofree char *out = NULL;
  g_autofree char *no_nvram = NULL;
  g_autoptr (GError) error = NULL;

  out = vireo_domain_clone_build_xml (xml, "b", clone, sources, 1,
                                      "/var/lib/libvirt/qemu/nvram/b_VARS.fd", &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (out, "<name>b</name>"));
  g_assert_null (strstr (out, "<uuid>"));
  g_assert_null (strstr (out, "<mac"));
  g_assert_nonnull (strstr (out, "<source pool=\"" POOL "\" volume=\"b.img\"/>"));
  g_assert_nonnull (strstr (out, "<nvram>/var/lib/libvirt/qemu/nvram/b_VARS.fd</nvram>"));
  /* no copy of the variables: libvirt makes them from its template */
  no_nvram = vireo_domain_clone_build_xml (xml, "b", clone, sources, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (no_nvram, "nvram"));
  /* choices that do not match the disks: a sentence */
  g_assert_null (vireo_domain_clone_build_xml (xml, "b", clone, sources, 0, NULL, &error));
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "Open Clone again"));
}

/* a name another VM has, or against the name rules: refused, nothing made */
static void
test_name_taken (Fixture *f, gconstpointer data)
{
  const VireoCloneDiskChoice choices[] = { VIREO_CLONE_DISK_CLONE };
  g_autoptr (VireoDomain) domain = NULL;
  g_autoptr (GPtrArray) notes = NULL;
  g_autoptr (GError) error = NULL;

  create_volume (f->raw, "cl-copy.img", 1048576);
  define (f->raw, "cl-copy", NULL, "<disk type='file' device='disk'><source file='/default-pool/cl-copy.img'/>"
                                   "<target dev='vda' bus='virtio'/></disk>");
  define (f->raw, "cl-taken", NULL, "");
  domain = wait_domain (f, "cl-copy");
  g_object_unref (wait_domain (f, "cl-taken"));

  notes = clone_domain (domain, "cl-taken", choices, 1, VIREO_DOMAIN_CLONE_NONE, 0, NULL, NULL, &error);
  g_assert_null (notes);
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "another virtual machine on this host is called “"));
  g_assert_nonnull (strstr (error->message, "cl-taken"));
  g_assert_false (volume_exists (f->raw, "cl-taken.img"));
  g_clear_error (&error);

  notes = clone_domain (domain, "bad name/", choices, 1, VIREO_DOMAIN_CLONE_NONE, 0, NULL, NULL, &error);
  g_assert_null (notes);
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_FAILED);
  g_assert_true (g_str_has_prefix (error->message, "Could not clone “"));
  g_assert_nonnull (strstr (error->message, "cl-copy"));
}

/* a pool with less room than the copy needs: refused before anything is made */
static void
test_no_room (Fixture *f, gconstpointer data)
{
  const VireoCloneDiskChoice choices[] = { VIREO_CLONE_DISK_CLONE };
  g_autoptr (VireoDomain) domain = NULL;
  g_autoptr (GPtrArray) notes = NULL;
  g_autoptr (GError) error = NULL;
  /* test:///default's pool holds 100 GiB: this volume leaves less than itself free */
  const guint64 big = G_GUINT64_CONSTANT (60) << 30;

  create_volume (f->raw, "cl-big.img", big);
  define (f->raw, "cl-big", NULL, "<disk type='file' device='disk'><source file='/default-pool/cl-big.img'/>"
                                  "<target dev='vda' bus='virtio'/></disk>");
  domain = wait_domain (f, "cl-big");

  notes = clone_domain (domain, "cl-big-clone", choices, 1, VIREO_DOMAIN_CLONE_NONE, 0, NULL, NULL, &error);
  g_assert_null (notes);
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "the pool “"));
  g_assert_nonnull (strstr (error->message, POOL));
  g_assert_nonnull (strstr (error->message, "free and the copies need 64.4"));
  g_assert_false (volume_exists (f->raw, "cl-big-clone.img"));
  g_assert_false (domain_exists (f->raw, "cl-big-clone"));
}

/* a running VM: refused without the pause; with it, cloned and running again */
static void
test_running (Fixture *f, gconstpointer data)
{
  const VireoCloneDiskChoice choices[] = { VIREO_CLONE_DISK_CLONE };
  g_autoptr (VireoDomain) domain = NULL;
  g_autoptr (VireoClonePlan) clone_plan = NULL;
  g_autoptr (GPtrArray) notes = NULL;
  g_autoptr (GError) error = NULL;

  create_volume (f->raw, "cl-run.img", 1048576);
  define (f->raw, "cl-run", NULL, "<disk type='file' device='disk'><source file='/default-pool/cl-run.img'/>"
                                  "<target dev='vda' bus='virtio'/></disk>");
  domain = wait_domain (f, "cl-run");
  g_assert_true (test_domain_action (domain, VIREO_DOMAIN_ACTION_RUN, NULL));
  WAIT_UNTIL (vireo_domain_get_state (domain) == VIREO_DOMAIN_STATE_RUNNING, TEST_TIMEOUT_MS);

  clone_plan = plan (domain);
  g_assert_true (clone_plan->active);
  g_assert_false (clone_plan->paused);

  notes = clone_domain (domain, "cl-run-clone", choices, 1, VIREO_DOMAIN_CLONE_NONE, 0, NULL, NULL, &error);
  g_assert_null (notes);
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_STATE);
  g_assert_nonnull (strstr (error->message, "Pause while cloning"));
  g_assert_false (domain_exists (f->raw, "cl-run-clone"));
  g_clear_error (&error);

  notes = clone_domain (domain, "cl-run-clone", choices, 1, VIREO_DOMAIN_CLONE_PAUSE, 0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (notes);
  g_assert_true (domain_exists (f->raw, "cl-run-clone"));
  g_assert_true (volume_exists (f->raw, "cl-run-clone.img"));
  g_assert_cmpint (test_libvirt_state (f->raw, "cl-run"), ==, VIR_DOMAIN_RUNNING);
}

/* a cancel once the first volume is copied (a throttled copy: it waits for
 * the cancel): that volume is removed, no VM defined, the original runs on */
static void
test_cancel (Fixture *f, gconstpointer data)
{
  const VireoCloneDiskChoice choices[] = { VIREO_CLONE_DISK_CLONE, VIREO_CLONE_DISK_CLONE };
  g_autoptr (VireoDomain) domain = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GPtrArray) notes = NULL;
  g_autoptr (GError) error = NULL;
  Progress progress = { .cancel_at_progress = cancellable };

  create_volume (f->raw, "cl-copy.img", 1048576);
  create_volume (f->raw, "cl-copy-2.img", 1048576);
  define (f->raw, "cl-copy", NULL,
          "<disk type='file' device='disk'><source file='/default-pool/cl-copy.img'/>"
          "<target dev='vda' bus='virtio'/></disk>"
          "<disk type='file' device='disk'><source file='/default-pool/cl-copy-2.img'/>"
          "<target dev='vdb' bus='virtio'/></disk>");
  domain = wait_domain (f, "cl-copy");

  /* 1 KiB/s: the first volume's 1 MiB would take 17 minutes */
  notes = clone_domain (domain, "cl-src-clone", choices, 2, VIREO_DOMAIN_CLONE_NONE, 1024,
                        &progress, cancellable, &error);
  g_assert_null (notes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (progress.calls, >=, 1);
  g_assert_cmpuint (progress.copied, ==, 1048576);
  g_assert_cmpuint (progress.total, ==, 2 * 1048576);
  g_assert_false (volume_exists (f->raw, "cl-src-clone.img"));
  g_assert_false (volume_exists (f->raw, "cl-src-clone-2.img"));
  g_assert_false (domain_exists (f->raw, "cl-src-clone"));
}

int
main (int argc, char **argv)
{
  TEST_CORE_INIT (&argc, &argv);

  g_test_add_func ("/domain-clone/build-xml", test_build_xml);
  g_test_add ("/domain-clone/xml", Fixture, NULL, fixture_setup, test_clone_xml, fixture_teardown);
  g_test_add ("/domain-clone/name-taken", Fixture, NULL, fixture_setup, test_name_taken, fixture_teardown);
  g_test_add ("/domain-clone/no-room", Fixture, NULL, fixture_setup, test_no_room, fixture_teardown);
  g_test_add ("/domain-clone/running", Fixture, NULL, fixture_setup, test_running, fixture_teardown);
  g_test_add ("/domain-clone/cancel", Fixture, NULL, fixture_setup, test_cancel, fixture_teardown);
  return g_test_run ();
}
