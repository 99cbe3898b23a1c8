/* test-lifecycle.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every lifecycle action through vireo_domain_action_async, checked against
 * libvirt's own state (a second connection to the same in-process test
 * driver); the errors a person gets when an action does not apply; title,
 * description and autostart written to the domain.
 */
#define G_LOG_DOMAIN "vireo-test-lifecycle"

#include "config.h"

#include "core-test-util.h"

typedef struct
{
  virConnectPtr raw;
  VireoConnection *conn;
  GListModel *domains;
  VireoDomain *domain; /* "life-vm", owned */
  virDomainPtr dom;    /* the same VM on the raw side */
} Fixture;

#define VM_NAME "life-vm"

static const char vm_xml[] = "<domain type='test'><name>" VM_NAME "</name>"
                             "<memory unit='MiB'>256</memory><vcpu>1</vcpu>"
                             "<os><type arch='x86_64'>hvm</type></os></domain>";

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->raw = test_raw_open ();
  g_assert_nonnull (f->raw);
  f->dom = virDomainDefineXML (f->raw, vm_xml);
  g_assert_nonnull (f->dom);
  f->conn = test_connection_new_open ("test:///default");
  f->domains = vireo_connection_get_domains (f->conn);
  f->domain = g_object_ref (test_find_domain (f->domains, VM_NAME, NULL));
  g_assert_cmpint (vireo_domain_get_state (f->domain), ==, VIREO_DOMAIN_STATE_SHUTOFF);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  int state = test_libvirt_state (f->raw, VM_NAME);

  vireo_connection_close (f->conn);
  g_clear_object (&f->domain);
  g_clear_object (&f->conn);
  if (state >= 0)
    {
      if (state != VIR_DOMAIN_SHUTOFF)
        virDomainDestroy (f->dom);
      virDomainUndefineFlags (f->dom, VIR_DOMAIN_UNDEFINE_MANAGED_SAVE);
    }
  virDomainFree (f->dom);
  test_raw_close (f->raw);
}

/* Runs @action on the fixture's VM, asserts it succeeded, then waits until
 * Vireo shows @expected and checks that libvirt agrees. */
static void
do_action (Fixture *f, VireoDomainAction action, VireoDomainState expected)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (test_domain_action (f->domain, action, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (vireo_domain_get_state (f->domain) == expected, TEST_TIMEOUT_MS);
  g_assert_cmpint (test_libvirt_state (f->raw, VM_NAME), ==, (int) expected);
}

static void
test_run_pause_resume (Fixture *f, gconstpointer data)
{
  g_assert_true (vireo_domain_can (f->domain, VIREO_DOMAIN_ACTION_RUN));
  g_assert_false (vireo_domain_can (f->domain, VIREO_DOMAIN_ACTION_PAUSE));

  do_action (f, VIREO_DOMAIN_ACTION_RUN, VIREO_DOMAIN_STATE_RUNNING);
  g_assert_cmpstr (vireo_domain_state_to_string (vireo_domain_get_state (f->domain),
                                                 vireo_domain_get_has_managed_save (f->domain)),
                   ==, "Running");
  g_assert_false (vireo_domain_can (f->domain, VIREO_DOMAIN_ACTION_RUN));
  g_assert_true (vireo_domain_can (f->domain, VIREO_DOMAIN_ACTION_PAUSE));

  do_action (f, VIREO_DOMAIN_ACTION_PAUSE, VIREO_DOMAIN_STATE_PAUSED);
  g_assert_cmpstr (vireo_domain_state_to_string (vireo_domain_get_state (f->domain),
                                                 vireo_domain_get_has_managed_save (f->domain)),
                   ==, "Paused");
  g_assert_true (vireo_domain_can (f->domain, VIREO_DOMAIN_ACTION_RESUME));
  g_assert_false (vireo_domain_can (f->domain, VIREO_DOMAIN_ACTION_PAUSE));

  do_action (f, VIREO_DOMAIN_ACTION_RESUME, VIREO_DOMAIN_STATE_RUNNING);
}

static void
test_shutdown_reboot_force_off (Fixture *f, gconstpointer data)
{
  do_action (f, VIREO_DOMAIN_ACTION_RUN, VIREO_DOMAIN_STATE_RUNNING);

  /* the test driver reboots at once and stays running (checked: rc 0, state 1) */
  do_action (f, VIREO_DOMAIN_ACTION_REBOOT, VIREO_DOMAIN_STATE_RUNNING);

  /* the test driver's "ACPI" shutdown is immediate */
  do_action (f, VIREO_DOMAIN_ACTION_SHUTDOWN, VIREO_DOMAIN_STATE_SHUTOFF);
  g_assert_cmpstr (vireo_domain_state_to_string (vireo_domain_get_state (f->domain),
                                                 vireo_domain_get_has_managed_save (f->domain)),
                   ==, "Shut off");

  do_action (f, VIREO_DOMAIN_ACTION_RUN, VIREO_DOMAIN_STATE_RUNNING);
  do_action (f, VIREO_DOMAIN_ACTION_FORCE_OFF, VIREO_DOMAIN_STATE_SHUTOFF);

  /* force off works on a paused VM too */
  do_action (f, VIREO_DOMAIN_ACTION_RUN, VIREO_DOMAIN_STATE_RUNNING);
  do_action (f, VIREO_DOMAIN_ACTION_PAUSE, VIREO_DOMAIN_STATE_PAUSED);
  g_assert_true (vireo_domain_can (f->domain, VIREO_DOMAIN_ACTION_FORCE_OFF));
  do_action (f, VIREO_DOMAIN_ACTION_FORCE_OFF, VIREO_DOMAIN_STATE_SHUTOFF);

  /* still listed, still the same object */
  g_assert_true (test_find_domain (f->domains, VM_NAME, NULL) == f->domain);
}

static void
assert_saved (Fixture *f)
{
  g_assert_cmpint (virDomainHasManagedSaveImage (f->dom, 0), ==, 1);
  WAIT_UNTIL (vireo_domain_get_has_managed_save (f->domain), TEST_TIMEOUT_MS);
  g_assert_cmpint (vireo_domain_get_state (f->domain), ==, VIREO_DOMAIN_STATE_SHUTOFF);
  g_assert_cmpstr (vireo_domain_state_to_string (vireo_domain_get_state (f->domain),
                                                 vireo_domain_get_has_managed_save (f->domain)),
                   ==, "Saved");
  g_assert_true (vireo_domain_can (f->domain, VIREO_DOMAIN_ACTION_RUN));
  g_assert_false (vireo_domain_can (f->domain, VIREO_DOMAIN_ACTION_SAVE));
  g_assert_false (vireo_domain_can (f->domain, VIREO_DOMAIN_ACTION_RESUME));
}

static void
assert_restored (Fixture *f)
{
  WAIT_UNTIL (!vireo_domain_get_has_managed_save (f->domain), TEST_TIMEOUT_MS);
  g_assert_cmpint (virDomainHasManagedSaveImage (f->dom, 0), ==, 0);
  g_assert_cmpint (vireo_domain_get_state (f->domain), ==, VIREO_DOMAIN_STATE_RUNNING);
  g_assert_cmpstr (vireo_domain_state_to_string (vireo_domain_get_state (f->domain),
                                                 vireo_domain_get_has_managed_save (f->domain)),
                   ==, "Running");
}

static void
test_save_restore (Fixture *f, gconstpointer data)
{
  g_assert_false (vireo_domain_get_has_managed_save (f->domain));

  do_action (f, VIREO_DOMAIN_ACTION_RUN, VIREO_DOMAIN_STATE_RUNNING);
  do_action (f, VIREO_DOMAIN_ACTION_SAVE, VIREO_DOMAIN_STATE_SHUTOFF);
  assert_saved (f);

  /* Run restores it */
  do_action (f, VIREO_DOMAIN_ACTION_RUN, VIREO_DOMAIN_STATE_RUNNING);
  assert_restored (f);

  /* saving a paused VM works as well */
  do_action (f, VIREO_DOMAIN_ACTION_PAUSE, VIREO_DOMAIN_STATE_PAUSED);
  do_action (f, VIREO_DOMAIN_ACTION_SAVE, VIREO_DOMAIN_STATE_SHUTOFF);
  assert_saved (f);
  do_action (f, VIREO_DOMAIN_ACTION_RUN, VIREO_DOMAIN_STATE_RUNNING);
  assert_restored (f);
}

static void
test_delete (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  guint n_before = g_list_model_get_n_items (f->domains);

  g_assert_true (vireo_domain_can (f->domain, VIREO_DOMAIN_ACTION_DELETE));
  g_assert_true (test_domain_action (f->domain, VIREO_DOMAIN_ACTION_DELETE, &error));
  g_assert_no_error (error);

  /* libvirt no longer knows it; the row goes; a window holding it learns so */
  g_assert_cmpint (test_libvirt_state (f->raw, VM_NAME), ==, -1);
  WAIT_UNTIL (test_find_domain (f->domains, VM_NAME, NULL) == NULL, TEST_TIMEOUT_MS);
  g_assert_cmpuint (g_list_model_get_n_items (f->domains), ==, n_before - 1);
  WAIT_UNTIL (vireo_domain_get_removed (f->domain), TEST_TIMEOUT_MS);
  g_assert_false (vireo_domain_get_available (f->domain));
}

/* A saved VM can be deleted too: Delete drops the definition (and the saved
 * state with it); it must not refuse because a managed save exists. */
static void
test_delete_saved (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  do_action (f, VIREO_DOMAIN_ACTION_RUN, VIREO_DOMAIN_STATE_RUNNING);
  do_action (f, VIREO_DOMAIN_ACTION_SAVE, VIREO_DOMAIN_STATE_SHUTOFF);
  assert_saved (f);
  g_assert_true (vireo_domain_can (f->domain, VIREO_DOMAIN_ACTION_DELETE));

  /* CORE-BUG-CHECK (delete-saved): needs VIR_DOMAIN_UNDEFINE_MANAGED_SAVE */
  g_assert_true (test_domain_action (f->domain, VIREO_DOMAIN_ACTION_DELETE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_libvirt_state (f->raw, VM_NAME), ==, -1);
  WAIT_UNTIL (test_find_domain (f->domains, VM_NAME, NULL) == NULL, TEST_TIMEOUT_MS);
  WAIT_UNTIL (vireo_domain_get_removed (f->domain), TEST_TIMEOUT_MS);
}

/* The error a person reads: a sentence naming the VM, with libvirt's words
 * under "Details". */
static void
assert_human_error (const GError *error, const char *libvirt_words, const char *libvirt_sentence)
{
  const char *details;

  g_assert_nonnull (error);
  g_test_message ("message: %s", error->message);
  g_test_message ("details: %s", vireo_error_get_details (error));

  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_STATE);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, VM_NAME));
  g_assert_false (g_str_has_prefix (error->message, "Requested operation"));
  g_assert_false (g_str_has_prefix (error->message, "internal error"));
  /* not a raw dump of libvirt's text */
  g_assert_null (strstr (error->message, libvirt_sentence));

  details = vireo_error_get_details (error);
  g_assert_nonnull (details);
  g_assert_nonnull (strstr (details, libvirt_words));
  g_assert_cmpstr (details, !=, error->message);
}

static void
test_errors (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  do_action (f, VIREO_DOMAIN_ACTION_RUN, VIREO_DOMAIN_STATE_RUNNING);

  /* Run on a running VM (libvirt: "internal error: Domain 'life-vm' is already running")
   * CORE-BUG-CHECK (run-running): must be INVALID_STATE with a sentence of Vireo's own */
  g_assert_false (test_domain_action (f->domain, VIREO_DOMAIN_ACTION_RUN, &error));
  assert_human_error (error, "already running", "Domain '" VM_NAME "' is already running");
  g_assert_cmpint (test_libvirt_state (f->raw, VM_NAME), ==, VIR_DOMAIN_RUNNING);
  g_assert_cmpint (vireo_domain_get_state (f->domain), ==, VIREO_DOMAIN_STATE_RUNNING);
  g_clear_error (&error);

  /* Resume on a running VM (libvirt: "internal error: domain 'life-vm' not paused")
   * CORE-BUG-CHECK (resume-running) */
  g_assert_false (test_domain_action (f->domain, VIREO_DOMAIN_ACTION_RESUME, &error));
  assert_human_error (error, "not paused", "domain '" VM_NAME "' not paused");
  g_assert_cmpint (test_libvirt_state (f->raw, VM_NAME), ==, VIR_DOMAIN_RUNNING);
  g_clear_error (&error);

  /* Pause on a shut off VM */
  do_action (f, VIREO_DOMAIN_ACTION_FORCE_OFF, VIREO_DOMAIN_STATE_SHUTOFF);
  g_assert_false (test_domain_action (f->domain, VIREO_DOMAIN_ACTION_PAUSE, &error));
  g_assert_nonnull (error);
  g_test_message ("pause on shut off: %s", error->message);
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_STATE);
  g_assert_nonnull (strstr (error->message, VM_NAME));
  g_assert_cmpint (test_libvirt_state (f->raw, VM_NAME), ==, VIR_DOMAIN_SHUTOFF);
  g_clear_error (&error);
}

/* An action on a VM somebody else undefined meanwhile: NOT_FOUND, no crash. */
static void
test_error_vanished (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (virDomainUndefine (f->dom), ==, 0);
  WAIT_UNTIL (vireo_domain_get_removed (f->domain), TEST_TIMEOUT_MS);
  g_assert_false (test_domain_action (f->domain, VIREO_DOMAIN_ACTION_RUN, &error));
  g_assert_nonnull (error);
  g_test_message ("run on a vanished VM: %s", error->message);
  g_assert_true (error->domain == VIREO_ERROR);
  g_assert_true (error->code == VIREO_ERROR_NOT_FOUND || error->code == VIREO_ERROR_INVALID_STATE);
  g_assert_nonnull (strstr (error->message, VM_NAME));
}

/* An action on a closed connection: DISCONNECTED, said as a sentence. */
static void
test_error_disconnected (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  vireo_connection_close (f->conn);
  WAIT_UNTIL (!vireo_domain_get_available (f->domain), TEST_TIMEOUT_MS);
  g_assert_false (test_domain_action (f->domain, VIREO_DOMAIN_ACTION_RUN, &error));
  g_assert_error (error, VIREO_ERROR, VIREO_ERROR_DISCONNECTED);
  g_test_message ("run while disconnected: %s", error->message);
  g_assert_cmpint (test_libvirt_state (f->raw, VM_NAME), ==, VIR_DOMAIN_SHUTOFF);
}

typedef struct
{
  VireoDomainAction action;
  VireoDomainState state;
  gboolean saved;
  gboolean applies;
} AppliesCase;

static const AppliesCase applies_cases[] = {
  { VIREO_DOMAIN_ACTION_RUN, VIREO_DOMAIN_STATE_SHUTOFF, FALSE, TRUE },
  { VIREO_DOMAIN_ACTION_RUN, VIREO_DOMAIN_STATE_SHUTOFF, TRUE, TRUE },
  { VIREO_DOMAIN_ACTION_RUN, VIREO_DOMAIN_STATE_CRASHED, FALSE, TRUE },
  { VIREO_DOMAIN_ACTION_RUN, VIREO_DOMAIN_STATE_RUNNING, FALSE, FALSE },
  { VIREO_DOMAIN_ACTION_RUN, VIREO_DOMAIN_STATE_PAUSED, FALSE, FALSE },

  { VIREO_DOMAIN_ACTION_PAUSE, VIREO_DOMAIN_STATE_RUNNING, FALSE, TRUE },
  { VIREO_DOMAIN_ACTION_PAUSE, VIREO_DOMAIN_STATE_PAUSED, FALSE, FALSE },
  { VIREO_DOMAIN_ACTION_PAUSE, VIREO_DOMAIN_STATE_SHUTOFF, FALSE, FALSE },
  { VIREO_DOMAIN_ACTION_PAUSE, VIREO_DOMAIN_STATE_SHUTOFF, TRUE, FALSE },
  { VIREO_DOMAIN_ACTION_PAUSE, VIREO_DOMAIN_STATE_CRASHED, FALSE, FALSE },

  { VIREO_DOMAIN_ACTION_RESUME, VIREO_DOMAIN_STATE_PAUSED, FALSE, TRUE },
  { VIREO_DOMAIN_ACTION_RESUME, VIREO_DOMAIN_STATE_RUNNING, FALSE, FALSE },
  { VIREO_DOMAIN_ACTION_RESUME, VIREO_DOMAIN_STATE_SHUTOFF, FALSE, FALSE },
  { VIREO_DOMAIN_ACTION_RESUME, VIREO_DOMAIN_STATE_SHUTOFF, TRUE, FALSE },

  { VIREO_DOMAIN_ACTION_SAVE, VIREO_DOMAIN_STATE_RUNNING, FALSE, TRUE },
  { VIREO_DOMAIN_ACTION_SAVE, VIREO_DOMAIN_STATE_PAUSED, FALSE, TRUE },
  { VIREO_DOMAIN_ACTION_SAVE, VIREO_DOMAIN_STATE_SHUTOFF, FALSE, FALSE },
  { VIREO_DOMAIN_ACTION_SAVE, VIREO_DOMAIN_STATE_SHUTOFF, TRUE, FALSE },

  { VIREO_DOMAIN_ACTION_SHUTDOWN, VIREO_DOMAIN_STATE_RUNNING, FALSE, TRUE },
  { VIREO_DOMAIN_ACTION_SHUTDOWN, VIREO_DOMAIN_STATE_SHUTOFF, FALSE, FALSE },
  { VIREO_DOMAIN_ACTION_SHUTDOWN, VIREO_DOMAIN_STATE_SHUTOFF, TRUE, FALSE },

  { VIREO_DOMAIN_ACTION_REBOOT, VIREO_DOMAIN_STATE_RUNNING, FALSE, TRUE },
  { VIREO_DOMAIN_ACTION_REBOOT, VIREO_DOMAIN_STATE_SHUTOFF, FALSE, FALSE },
  { VIREO_DOMAIN_ACTION_REBOOT, VIREO_DOMAIN_STATE_SHUTOFF, TRUE, FALSE },

  { VIREO_DOMAIN_ACTION_FORCE_OFF, VIREO_DOMAIN_STATE_RUNNING, FALSE, TRUE },
  { VIREO_DOMAIN_ACTION_FORCE_OFF, VIREO_DOMAIN_STATE_PAUSED, FALSE, TRUE },
  { VIREO_DOMAIN_ACTION_FORCE_OFF, VIREO_DOMAIN_STATE_SHUTOFF, FALSE, FALSE },
  { VIREO_DOMAIN_ACTION_FORCE_OFF, VIREO_DOMAIN_STATE_SHUTOFF, TRUE, FALSE },

  { VIREO_DOMAIN_ACTION_DELETE, VIREO_DOMAIN_STATE_SHUTOFF, FALSE, TRUE },
  { VIREO_DOMAIN_ACTION_DELETE, VIREO_DOMAIN_STATE_SHUTOFF, TRUE, TRUE },
  { VIREO_DOMAIN_ACTION_DELETE, VIREO_DOMAIN_STATE_CRASHED, FALSE, TRUE },
};

static void
test_applies (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (applies_cases); i++)
    {
      const AppliesCase *c = &applies_cases[i];

      g_test_message ("case %" G_GSIZE_FORMAT ": action %d state %d saved %d → %d", i, c->action,
                      c->state, c->saved, c->applies);
      g_assert_cmpint (vireo_domain_action_applies (c->action, c->state, c->saved), ==, c->applies);
    }
}

static void
test_state_strings (void)
{
  g_assert_cmpstr (vireo_domain_state_to_string (VIREO_DOMAIN_STATE_RUNNING, FALSE), ==, "Running");
  g_assert_cmpstr (vireo_domain_state_to_string (VIREO_DOMAIN_STATE_PAUSED, FALSE), ==, "Paused");
  g_assert_cmpstr (vireo_domain_state_to_string (VIREO_DOMAIN_STATE_SHUTOFF, FALSE), ==,
                   "Shut off");
  g_assert_cmpstr (vireo_domain_state_to_string (VIREO_DOMAIN_STATE_SHUTOFF, TRUE), ==, "Saved");

  for (int s = VIREO_DOMAIN_STATE_NOSTATE; s <= VIREO_DOMAIN_STATE_PMSUSPENDED; s++)
    {
      const char *text = vireo_domain_state_to_string (s, FALSE);
      const char *icon = vireo_domain_state_icon_name (s, FALSE);

      g_assert_nonnull (text);
      g_assert_cmpstr (text, !=, "");
      g_assert_nonnull (icon);
      g_assert_true (g_str_has_suffix (icon, "-symbolic"));
    }
  /* "Saved" looks different from "Shut off" */
  g_assert_cmpstr (vireo_domain_state_icon_name (VIREO_DOMAIN_STATE_SHUTOFF, TRUE), !=,
                   vireo_domain_state_icon_name (VIREO_DOMAIN_STATE_SHUTOFF, FALSE));
}

static char *
get_xml (VireoDomain *domain)
{
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  char *xml;

  vireo_domain_get_xml_async (domain, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  xml = vireo_domain_get_xml_finish (domain, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (xml);
  return xml;
}

static char *
raw_metadata (virDomainPtr dom, int type, unsigned int flags)
{
  char *value = virDomainGetMetadata (dom, type, NULL, flags);
  char *copy = g_strdup (value);

  free (value);
  return copy;
}

static void
test_metadata (Fixture *f, gconstpointer data)
{
  const char *title = "Web server";
  const char *description = "Serves <html> & \"quotes\"\nsecond line";
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *raw_title = NULL;
  g_autofree char *raw_description = NULL;
  g_autofree char *raw_config_title = NULL;

  vireo_domain_set_metadata_async (f->domain, title, description, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  g_assert_true (vireo_domain_set_metadata_finish (f->domain, result, &error));
  g_assert_no_error (error);

  /* the XML libvirt holds now */
  xml = get_xml (f->domain);
  g_assert_nonnull (strstr (xml, "<title>Web server</title>"));
  /* (libvirt may write the quotes as &quot;) */
  g_assert_nonnull (strstr (xml, "<description>Serves &lt;html&gt; &amp; "));

  /* exactly, and in the persistent definition too */
  raw_title = raw_metadata (f->dom, VIR_DOMAIN_METADATA_TITLE, 0);
  raw_description = raw_metadata (f->dom, VIR_DOMAIN_METADATA_DESCRIPTION, 0);
  raw_config_title = raw_metadata (f->dom, VIR_DOMAIN_METADATA_TITLE, VIR_DOMAIN_AFFECT_CONFIG);
  g_assert_cmpstr (raw_title, ==, title);
  g_assert_cmpstr (raw_description, ==, description);
  g_assert_cmpstr (raw_config_title, ==, title);

  /* the VM window shows the new values */
  WAIT_UNTIL (g_strcmp0 (vireo_domain_get_title (f->domain), title) == 0, TEST_TIMEOUT_MS);
  WAIT_UNTIL (g_strcmp0 (vireo_domain_get_description (f->domain), description) == 0,
              TEST_TIMEOUT_MS);

  /* on a running VM, too: live and persistent */
  do_action (f, VIREO_DOMAIN_ACTION_RUN, VIREO_DOMAIN_STATE_RUNNING);
  g_clear_object (&result);
  vireo_domain_set_metadata_async (f->domain, "Second title", description, NULL, test_store_result,
                                   &slot);
  result = test_wait_result (&slot);
  g_assert_true (vireo_domain_set_metadata_finish (f->domain, result, &error));
  g_assert_no_error (error);
  g_clear_pointer (&raw_title, g_free);
  g_clear_pointer (&raw_config_title, g_free);
  raw_title = raw_metadata (f->dom, VIR_DOMAIN_METADATA_TITLE, VIR_DOMAIN_AFFECT_LIVE);
  raw_config_title = raw_metadata (f->dom, VIR_DOMAIN_METADATA_TITLE, VIR_DOMAIN_AFFECT_CONFIG);
  g_assert_cmpstr (raw_title, ==, "Second title");
  g_assert_cmpstr (raw_config_title, ==, "Second title");
  WAIT_UNTIL (g_strcmp0 (vireo_domain_get_title (f->domain), "Second title") == 0, TEST_TIMEOUT_MS);
}

static void
set_autostart (Fixture *f, gboolean autostart)
{
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  int raw = -1;

  vireo_domain_set_autostart_async (f->domain, autostart, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  g_assert_true (vireo_domain_set_autostart_finish (f->domain, result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (virDomainGetAutostart (f->dom, &raw), ==, 0);
  g_assert_cmpint (raw, ==, autostart ? 1 : 0);
  /* CORE-BUG-CHECK (stale-refresh): fails now and then (about 2 runs in 100):
   * libvirt already holds the new value, but a refresh fetched before the
   * change finishes after it and puts the old value back; nothing refreshes
   * it again (autostart changes send no event). */
  WAIT_UNTIL (vireo_domain_get_autostart (f->domain) == autostart, TEST_TIMEOUT_MS);
}

static void
test_autostart (Fixture *f, gconstpointer data)
{
  g_assert_false (vireo_domain_get_autostart (f->domain));
  set_autostart (f, TRUE);
  set_autostart (f, FALSE);
}

int
main (int argc, char *argv[])
{
  TEST_CORE_INIT (&argc, &argv);

  g_test_add_func ("/lifecycle/applies", test_applies);
  g_test_add_func ("/lifecycle/state-strings", test_state_strings);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/lifecycle/run-pause-resume", test_run_pause_resume);
  ADD ("/lifecycle/shutdown-reboot-force-off", test_shutdown_reboot_force_off);
  ADD ("/lifecycle/save-restore", test_save_restore);
  ADD ("/lifecycle/delete", test_delete);
  ADD ("/lifecycle/delete-saved", test_delete_saved);
  ADD ("/lifecycle/errors", test_errors);
  ADD ("/lifecycle/error-vanished", test_error_vanished);
  ADD ("/lifecycle/error-disconnected", test_error_disconnected);
  ADD ("/lifecycle/metadata", test_metadata);
  ADD ("/lifecycle/autostart", test_autostart);
#undef ADD

  return g_test_run ();
}
