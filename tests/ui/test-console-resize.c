/* test-console-resize.c — "Resize Guest to Window" says when the guest cannot follow
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Console page in a window under Xvfb shows a scripted VNC-like guest
 * (a small VireoConsoleSession subclass defined here).  A person turns on
 * "Resize Guest to Window": a guest without what it takes (no agent, a video
 * device that cannot resize) is asked for the window's size and keeps its
 * own; the page then says so, and what the guest needs, in a toast whose
 * button turns the option off.  A guest that follows gets no such message.
 */
#define G_LOG_DOMAIN "test-console-resize"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "vireo-console-page.h"

#include "console-test-util.h"
#include "ui-test-util.h"

#define FB_WIDTH  320
#define FB_HEIGHT 200

#define VNC_MESSAGE "The guest needs Virtio video to resize"

/* -- a scripted guest ------------------------------------------------------------ */

/* a connected guest whose screen is all magenta */
static FakeSession *
fake_session_new_magenta (void)
{
  return fake_session_new_magenta_sized (FB_WIDTH, FB_HEIGHT);
}

/* -- the page -------------------------------------------------------------------- */

typedef struct
{
  GtkWidget        *window;
  VireoConsolePage *page;
  FakeSession      *session;
} Fixture;

static void
fixture_setup (Fixture *f,
               gboolean follows)
{
  GSettings *settings = g_settings_new ("org.vireo.Vireo");

  /* the option starts off, as on a new installation */
  g_settings_set_boolean (settings, "console-resize-guest", FALSE);
  g_object_unref (settings);
  f->session = fake_session_new_magenta ();
  f->session->follows = follows;
  f->window = console_test_page_window (f->session, 640, 480, &f->page);
}

static void
fixture_teardown (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_object_unref (f->session);
}

/* the option as the page holds it (the menu item's check mark follows it) */
static gboolean
resize_guest_on (Fixture *f)
{
  return vireo_display_get_resize_guest (vireo_console_page_get_display (f->page));
}

static gboolean
resize_guest_off (gpointer data)
{
  return !resize_guest_on (data);
}

/* the toast's words, when they are on screen */
static GtkWidget *
message (Fixture *f)
{
  return ui_test_shown_label (GTK_WIDGET (f->page), VNC_MESSAGE);
}

static gboolean
message_shown (gpointer data)
{
  return message (data) != NULL;
}

/* drawn as a person reads it: its text colour on its own background, not on
 * the guest's magenta (the toast slides in: until then, it is not) */
static gboolean
message_readable (gpointer data)
{
  GtkWidget *label = message (data);
  UiTestImage image = { 0 };
  static const GdkRGBA magenta = { 1, 0, 1, 1 };
  guint32 background;
  guint text, guest;

  if (label == NULL)
    return FALSE;
  ui_test_render (label, "console-resize-message.png", &image);
  background = ui_test_image_background (&image, NULL);
  text = ui_test_image_count_text (&image, label, background);
  guest = ui_test_image_count_color (&image, 0, 0, image.width, image.height, &magenta, 0.1);
  ui_test_image_clear (&image);
  /* the whole sentence: not cut short with "…" */
  return text > 200 && guest == 0 &&
         !pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label)));
}

static gboolean
message_gone (gpointer data)
{
  Fixture *f = data;

  /* not only hidden: its slide out over and the toast taken away */
  return ui_test_find_widget (GTK_WIDGET (f->page), GTK_TYPE_LABEL, VNC_MESSAGE) == NULL;
}

static gboolean
asked (gpointer data)
{
  return ((Fixture *) data)->session->n_requests > 0;
}

static gboolean
guest_followed (gpointer data)
{
  Fixture *f = data;
  VireoFramebuffer *fb = vireo_console_session_get_framebuffer (VIREO_CONSOLE_SESSION (f->session));
  GtkWidget *display = GTK_WIDGET (vireo_console_page_get_display (f->page));

  return vireo_framebuffer_get_width (fb) == gtk_widget_get_width (display) &&
         vireo_framebuffer_get_height (fb) == gtk_widget_get_height (display);
}

/* -- tests ------------------------------------------------------------------------ */

static void
test_guest_cannot_resize (void)
{
  Fixture f;
  GtkWidget *button;

  fixture_setup (&f, FALSE);
  g_assert_false (resize_guest_on (&f));

  /* the person turns the option on (the Scaling menu's item) */
  gtk_widget_activate_action (GTK_WIDGET (f.page), "console.resize-guest", NULL);
  g_assert_true (resize_guest_on (&f));
  g_assert_true (ui_test_wait_for (asked, &f, UI_TEST_DEADLINE_MS));
  g_assert_cmpint (f.session->asked_width, ==, gtk_widget_get_width (GTK_WIDGET (vireo_console_page_get_display (f.page))));

  /* the guest keeps its size: the page says why, and what the guest needs */
  g_assert_true (ui_test_wait_for (message_shown, &f, UI_TEST_DEADLINE_MS));
  g_assert_cmpint (vireo_framebuffer_get_width (vireo_console_session_get_framebuffer (VIREO_CONSOLE_SESSION (f.session))), ==, FB_WIDTH);
  g_assert_true (ui_test_wait_for (message_readable, &f, UI_TEST_DEADLINE_MS));

  /* its button turns the option off, and the message goes */
  button = ui_test_find_widget (GTK_WIDGET (f.page), GTK_TYPE_BUTTON, "Turn _Off");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_drawable (button));
  gtk_widget_activate (button);
  g_assert_true (ui_test_wait_for (resize_guest_off, &f, UI_TEST_DEADLINE_MS));
  g_assert_true (ui_test_wait_for (message_gone, &f, UI_TEST_DEADLINE_MS));

  fixture_teardown (&f);
}

static void
test_guest_follows (void)
{
  Fixture f;
  VireoDisplay *display;

  fixture_setup (&f, TRUE);
  display = vireo_console_page_get_display (f.page);
  gtk_widget_activate_action (GTK_WIDGET (f.page), "console.resize-guest", NULL);
  g_assert_true (resize_guest_on (&f));

  /* the guest takes the window's size: nothing to say, and nothing pending
   * that could say it later */
  g_assert_true (ui_test_wait_for (guest_followed, &f, UI_TEST_DEADLINE_MS));
  g_assert_false (vireo_display_get_resize_guest_ignored (display));
  g_assert_null (message (&f));
  /* the picture is the guest's, at one guest pixel per screen pixel */
  {
    UiTestImage image = { 0 };
    static const GdkRGBA magenta = { 1, 0, 1, 1 };

    ui_test_render (GTK_WIDGET (display), "console-resize-followed.png", &image);
    g_assert_cmpuint (ui_test_image_count_color (&image, 0, 0, image.width, image.height, &magenta, 0.02), ==,
                      (guint) (image.width * image.height));
    ui_test_image_clear (&image);
  }

  /* turned off: it stays quiet */
  gtk_widget_activate_action (GTK_WIDGET (f.page), "console.resize-guest", NULL);
  g_assert_false (resize_guest_on (&f));
  g_assert_false (vireo_display_get_resize_guest_ignored (display));

  fixture_teardown (&f);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/console-resize/guest-cannot-resize", test_guest_cannot_resize);
  g_test_add_func ("/console-resize/guest-follows", test_guest_follows);

  return g_test_run ();
}
