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

#include "ui-test-util.h"

#define FB_WIDTH  320
#define FB_HEIGHT 200

#define VNC_MESSAGE "The guest needs Virtio video to resize"

/* -- a scripted guest ------------------------------------------------------------ */

#define FAKE_TYPE_SESSION (fake_session_get_type ())
G_DECLARE_FINAL_TYPE (FakeSession, fake_session, FAKE, SESSION, VireoConsoleSession)

struct _FakeSession
{
  VireoConsoleSession parent_instance;
  GArray *keys;     /* guint: qnum | 0x10000 when down */
  gboolean follows; /* a guest with an agent: takes the size asked for */
  guint n_requests;
  int asked_width, asked_height;
};

G_DEFINE_FINAL_TYPE (FakeSession, fake_session, VIREO_TYPE_CONSOLE_SESSION)

static void
fake_send_key (VireoConsoleSession *session,
               guint                qnum,
               guint                keysym,
               gboolean             down)
{
  guint v = qnum | (down ? 0x10000 : 0);

  g_array_append_val (FAKE_SESSION (session)->keys, v);
}

static void
fake_send_pointer (VireoConsoleSession *session,
                   int                  x,
                   int                  y,
                   VireoConsoleButtons  buttons)
{
}

static void
fake_disconnect (VireoConsoleSession *session)
{
}

static void fill_magenta (VireoFramebuffer *fb);

static void
fake_set_size (VireoConsoleSession *session,
               int                  width,
               int                  height)
{
  FakeSession *self = FAKE_SESSION (session);

  self->n_requests++;
  self->asked_width = width;
  self->asked_height = height;
  if (self->follows)
    {
      g_autoptr(VireoFramebuffer) fb = vireo_framebuffer_new (width, height, 0);

      fill_magenta (fb);
      vireo_console_session_set_framebuffer (session, fb);
      vireo_console_session_emit_damage (session, 0, 0, width, height);
    }
}

static void
fake_session_finalize (GObject *object)
{
  g_array_unref (FAKE_SESSION (object)->keys);
  G_OBJECT_CLASS (fake_session_parent_class)->finalize (object);
}

static void
fake_session_class_init (FakeSessionClass *klass)
{
  VireoConsoleSessionClass *session_class = VIREO_CONSOLE_SESSION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = fake_session_finalize;
  session_class->protocol_name = "FAKE";
  session_class->send_key = fake_send_key;
  session_class->send_pointer = fake_send_pointer;
  session_class->disconnect = fake_disconnect;
  session_class->set_size = fake_set_size;
}

static void
fake_session_init (FakeSession *self)
{
  self->keys = g_array_new (FALSE, FALSE, sizeof (guint));
}

static void
fill_magenta (VireoFramebuffer *fb)
{
  guint8 *data = vireo_framebuffer_get_data (fb);
  int stride = vireo_framebuffer_get_stride (fb);
  int w = vireo_framebuffer_get_width (fb), h = vireo_framebuffer_get_height (fb);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      memcpy (data + y * stride + x * 4, "\xff\x00\xff\xff", 4);   /* B G R X */
  vireo_framebuffer_damage (fb, 0, 0, w, h);
}

/* a connected guest whose screen is all magenta */
static FakeSession *
fake_session_new_magenta (void)
{
  FakeSession *session = g_object_new (FAKE_TYPE_SESSION, NULL);
  g_autoptr(VireoFramebuffer) fb = vireo_framebuffer_new (FB_WIDTH, FB_HEIGHT, 0);

  fill_magenta (fb);
  vireo_console_session_set_framebuffer (VIREO_CONSOLE_SESSION (session), fb);
  vireo_console_session_emit_damage (VIREO_CONSOLE_SESSION (session), 0, 0, FB_WIDTH, FB_HEIGHT);
  vireo_console_session_set_connected (VIREO_CONSOLE_SESSION (session));
  return session;
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
  f->window = gtk_window_new ();
  f->page = VIREO_CONSOLE_PAGE (vireo_console_page_new (NULL));
  f->session = fake_session_new_magenta ();
  f->session->follows = follows;
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->page));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 640, 480);
  vireo_console_page_use_session (f->page, VIREO_CONSOLE_SESSION (f->session));
  gtk_window_present (GTK_WINDOW (f->window));
  ui_test_wait_drawn (GTK_WIDGET (vireo_console_page_get_display (f->page)));
  g_assert_cmpstr (vireo_console_page_get_view (f->page), ==, "display");
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
  GtkWidget *label = ui_test_find_widget (GTK_WIDGET (f->page), GTK_TYPE_LABEL, VNC_MESSAGE);

  return label != NULL && gtk_widget_is_drawable (label) ? label : NULL;
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
