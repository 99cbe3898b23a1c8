/* test-host-caps.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The CPU models a host offers a VM (the CPUs page's list):
 *   - vireo_cpu_models_parse on this machine's `virsh domcapabilities`
 *     (tests/core/data/domcaps-tcg.xml, trimmed): the supported modes, the
 *     model host-model gives, the named models with the usable ones first;
 *   - hostile XML: no crash, bounded count and length, names that are not
 *     model names left out, duplicates once;
 *   - vireo_connection_get_domain_caps_async on test:///default: libvirt's
 *     test driver has no domain capabilities (a sentence), the override
 *     tests use answers instead.
 */
#define G_LOG_DOMAIN "test-host-caps"

#include "config.h"

#include <string.h>

#include "core-test-util.h"
#include "vireo-host-caps.h"

static VireoConnection *connection;

static char *
read_data (const char *name)
{
  const char *root = g_getenv ("VIREO_SOURCE_DIR");
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  char *text = NULL;

  g_assert_nonnull (root);
  path = g_build_filename (root, "tests", "core", "data", name, NULL);
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static void
test_parse_models (void)
{
  g_autofree char *xml = read_data ("domcaps-tcg.xml");
  g_autoptr (GError) error = NULL;
  g_autoptr (VireoCpuModels) models = vireo_cpu_models_parse (xml, &error);
  static const char *const expected[] = {
    /* usable='yes', by name */
    "486", "Conroe", "core2duo", "kvm64", "Nehalem", "Opteron_G2", "Penryn", "qemu32", "qemu64",
    "Westmere",
    /* usable='no' */
    "EPYC", "EPYC-Rome", "Haswell", "phenom", "Skylake-Client",
  };

  g_assert_no_error (error);
  g_assert_nonnull (models);
  /* TCG: no host-passthrough; host-model is an EPYC */
  g_assert_false (models->host_passthrough);
  g_assert_true (models->host_model);
  g_assert_true (models->maximum);
  g_assert_true (models->custom);
  g_assert_cmpstr (models->host_model_name, ==, "EPYC");

  g_assert_cmpuint (models->models->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      VireoCpuModel *model = g_ptr_array_index (models->models, i);

      g_assert_cmpstr (model->name, ==, expected[i]);
      g_assert_cmpint (model->usable, ==, i < 10);
    }
  g_assert_true (vireo_cpu_models_find (models, "Westmere")->usable);
  g_assert_false (vireo_cpu_models_find (models, "Haswell")->usable);
  g_assert_null (vireo_cpu_models_find (models, "Icelake-Server"));
}

static void
test_parse_hostile (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VireoCpuModels) models = NULL;
  g_autoptr (GString) xml = g_string_new ("<domainCapabilities><cpu>"
                                          "<mode name='host-passthrough' supported='yes'/>"
                                          "<mode name='host-model' supported='yes'>"
                                          "<model>&lt;b&gt;x</model></mode>"
                                          "<mode name='custom' supported='yes'>");
  g_autofree char *long_name = g_strnfill (VIREO_CPU_MODEL_NAME_MAX + 1, 'a');
  g_autofree char *longest = g_strnfill (VIREO_CPU_MODEL_NAME_MAX, 'b');

  g_string_append (xml, "<model usable='yes'>&lt;b&gt;bold&lt;/b&gt;</model>");
  g_string_append (xml, "<model usable='yes'>two words</model>");
  g_string_append (xml, "<model usable='yes'></model>");
  g_string_append_printf (xml, "<model usable='yes'>%s</model>", long_name);
  g_string_append_printf (xml, "<model usable='maybe'>%s</model>", longest);
  g_string_append (xml, "<model usable='no'>dup</model><model usable='yes'>dup</model>");
  g_string_append (xml, "<model usable='unknown'>  POWER9_v2.0 </model>");
  for (guint i = 0; i < 2 * VIREO_CPU_MODELS_MAX; i++)
    g_string_append_printf (xml, "<model usable='no'>m%u</model>", i);
  g_string_append (xml, "</mode></cpu></domainCapabilities>");

  models = vireo_cpu_models_parse (xml->str, &error);
  g_assert_no_error (error);
  g_assert_true (models->host_passthrough);
  g_assert_true (models->custom);
  /* not a model name: not kept */
  g_assert_null (models->host_model_name);
  g_assert_cmpuint (models->models->len, ==, VIREO_CPU_MODELS_MAX);
  g_assert_null (vireo_cpu_models_find (models, "<b>bold</b>"));
  g_assert_null (vireo_cpu_models_find (models, "two words"));
  g_assert_null (vireo_cpu_models_find (models, long_name));
  /* the first of two with one name; anything but "no" may run */
  g_assert_false (vireo_cpu_models_find (models, "dup")->usable);
  g_assert_true (vireo_cpu_models_find (models, longest)->usable);
  g_assert_true (vireo_cpu_models_find (models, "POWER9_v2.0")->usable);
  for (guint i = 0; i < models->models->len; i++)
    g_assert_cmpuint (strlen (((VireoCpuModel *) g_ptr_array_index (models->models, i))->name), <=,
                      VIREO_CPU_MODEL_NAME_MAX);

  /* not domain capabilities */
  g_clear_pointer (&models, vireo_cpu_models_free);
  models = vireo_cpu_models_parse ("<capabilities/>", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (models);
  g_clear_error (&error);
  models = vireo_cpu_models_parse ("<domainCapabilities><cpu>", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  models = vireo_cpu_models_parse (NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* no <cpu>: nothing offered, not an error */
  models = vireo_cpu_models_parse ("<domainCapabilities/>", &error);
  g_assert_no_error (error);
  g_assert_false (models->host_model);
  g_assert_cmpuint (models->models->len, ==, 0);
}

static char *
domain_caps (VireoDomainConfig *config, GError **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr (GAsyncResult) result = NULL;

  vireo_connection_get_domain_caps_async (connection, config, NULL, test_store_result, &slot);
  result = test_wait_result (&slot);
  return vireo_connection_get_domain_caps_finish (connection, result, error);
}

static void
test_domain_caps (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (VireoDomainConfig) config = vireo_domain_config_new_from_xml (
      "<domain type='test'><name>t</name><memory>8192</memory>"
      "<os><type arch='i686'>hvm</type></os><devices><emulator>/bin/x</emulator></devices></domain>",
      &error);
  g_autofree char *sample = read_data ("domcaps-tcg.xml");
  g_autofree char *xml = NULL;

  g_assert_no_error (error);
  /* the test driver has none: a sentence, not a crash */
  xml = domain_caps (config, &error);
  g_assert_null (xml);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "Could not read what the host offers"));
  g_clear_error (&error);

  vireo_connection_set_domain_caps_override (connection, sample);
  xml = domain_caps (config, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xml, ==, sample);
  g_clear_pointer (&xml, g_free);

  vireo_connection_set_domain_caps_override (connection, NULL);
  xml = domain_caps (config, &error);
  g_assert_null (xml);
  g_assert_nonnull (error);
}

int
main (int argc, char *argv[])
{
  int ret;

  TEST_CORE_INIT (&argc, &argv);

  connection = test_connection_new_open ("test:///default");

  g_test_add_func ("/host-caps/parse-models", test_parse_models);
  g_test_add_func ("/host-caps/parse-hostile", test_parse_hostile);
  g_test_add_func ("/host-caps/domain-caps", test_domain_caps);
  ret = g_test_run ();

  vireo_connection_close (connection);
  g_clear_object (&connection);
  return ret;
}
