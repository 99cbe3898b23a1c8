/* vireo-serial-session.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * virDomainOpenConsole on a non-blocking virStream. Opening talks to the
 * daemon, so it runs on the connection's worker; afterwards the stream is
 * driven from the main context by libvirt's event loop
 * (virStreamEventAddCallback), and reads and writes never block. The stream
 * is torn down on a short-lived thread because aborting it may wait on the
 * network.
 */
#define G_LOG_DOMAIN "vireo-serial"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-connection-private.h"
#include "vireo-domain-private.h"
#include "vireo-error.h"
#include "vireo-serial-session.h"

#define READ_CHUNK      4096
#define READS_PER_EVENT 16

struct _VireoSerialSession
{
  GObject      parent_instance;

  VireoDomain *domain;     /* owned */
  char        *devname;
  virStreamPtr stream;     /* owned; NULL when closed */
  GByteArray  *pending;    /* bytes not yet taken by the stream */
  guint        opening : 1;
  guint        want_write : 1;
};

G_DEFINE_FINAL_TYPE (VireoSerialSession, vireo_serial_session, G_TYPE_OBJECT)

enum {
  SIGNAL_DATA,
  SIGNAL_CLOSED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static gpointer
stream_release_thread (gpointer data)
{
  virStreamPtr stream = data;

  virStreamAbort (stream);
  virStreamFree (stream);
  virResetLastError ();
  return NULL;
}

static void
release_stream (VireoSerialSession *self)
{
  virStreamPtr stream = g_steal_pointer (&self->stream);

  if (stream == NULL)
    return;
  virStreamEventRemoveCallback (stream);
  g_thread_unref (g_thread_new ("vireo-serial-close", stream_release_thread, stream));
  g_byte_array_set_size (self->pending, 0);
  self->want_write = FALSE;
}

static void
close_with (VireoSerialSession *self,
            GError             *error)
{
  if (self->stream == NULL)
    {
      g_clear_error (&error);
      return;
    }
  g_object_ref (self);
  release_stream (self);
  g_signal_emit (self, signals[SIGNAL_CLOSED], 0, error);
  g_clear_error (&error);
  g_object_unref (self);
}

static void
update_events (VireoSerialSession *self)
{
  int events = VIR_STREAM_EVENT_READABLE | VIR_STREAM_EVENT_ERROR | VIR_STREAM_EVENT_HANGUP;

  if (self->stream == NULL)
    return;
  if (self->want_write)
    events |= VIR_STREAM_EVENT_WRITABLE;
  virStreamEventUpdateCallback (self->stream, events);
}

static void
flush_pending (VireoSerialSession *self)
{
  while (self->stream != NULL && self->pending->len > 0)
    {
      int n = virStreamSend (self->stream, (const char *) self->pending->data, self->pending->len);

      if (n > 0)
        g_byte_array_remove_range (self->pending, 0, n);
      else if (n == -2)
        break;   /* would block */
      else
        {
          close_with (self, vireo_error_new_from_libvirt (_("Could not write to the console")));
          virResetLastError ();
          return;
        }
    }

  if (self->stream != NULL && self->want_write != (self->pending->len > 0))
    {
      self->want_write = self->pending->len > 0;
      update_events (self);
    }
}

static void
read_available (VireoSerialSession *self)
{
  char buf[READ_CHUNK];

  for (guint i = 0; i < READS_PER_EVENT && self->stream != NULL; i++)
    {
      int n = virStreamRecv (self->stream, buf, sizeof buf);

      if (n > 0)
        {
          g_autoptr(GBytes) bytes = g_bytes_new (buf, n);

          g_signal_emit (self, signals[SIGNAL_DATA], 0, bytes);
        }
      else if (n == -2)
        return;   /* nothing more for now */
      else if (n == 0)
        {
          close_with (self, NULL);   /* end of stream */
          return;
        }
      else
        {
          close_with (self, vireo_error_new_from_libvirt (_("The console connection was lost")));
          virResetLastError ();
          return;
        }
    }
}

static void
on_stream_event (virStreamPtr stream,
                 int          events,
                 void        *opaque)
{
  g_autoptr(VireoSerialSession) self = g_weak_ref_get (opaque);

  if (self == NULL || self->stream != stream)
    return;

  if (events & VIR_STREAM_EVENT_READABLE)
    read_available (self);
  if (self->stream != NULL && (events & VIR_STREAM_EVENT_WRITABLE))
    flush_pending (self);
  if (self->stream != NULL && (events & (VIR_STREAM_EVENT_ERROR | VIR_STREAM_EVENT_HANGUP)))
    {
      /* drain what is left, then end */
      read_available (self);
      close_with (self, NULL);
    }
}

static void
weak_ref_free (void *data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* -- open (worker) --------------------------------------------------------- */

typedef struct
{
  virDomainPtr handle;
  char        *devname;
  virStreamPtr stream;
} OpenData;

static void
open_data_free (gpointer ptr)
{
  OpenData *data = ptr;

  if (data->stream != NULL)
    {
      virStreamAbort (data->stream);
      virStreamFree (data->stream);
    }
  if (data->handle != NULL)
    virDomainFree (data->handle);
  g_free (data->devname);
  g_free (data);
}

/* a refusal that trying again a moment later will not change */
static gboolean
is_final_refusal (int code)
{
  switch (code)
    {
    case VIR_ERR_OPERATION_INVALID:   /* a stopped VM */
    case VIR_ERR_INTERNAL_ERROR:      /* an unknown device */
    case VIR_ERR_NO_DOMAIN:
    case VIR_ERR_NO_SUPPORT:
    case VIR_ERR_OPERATION_UNSUPPORTED:
    case VIR_ERR_ARGUMENT_UNSUPPORTED:
    case VIR_ERR_INVALID_ARG:
    case VIR_ERR_OPERATION_DENIED:
    case VIR_ERR_ACCESS_DENIED:
    case VIR_ERR_INVALID_CONN:
    case VIR_ERR_NO_CONNECT:
      return TRUE;
    default:
      return FALSE;
    }
}

static int open_attempts;

guint
_vireo_serial_session_get_open_attempts (void)
{
  return (guint) g_atomic_int_get (&open_attempts);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  virConnectPtr conn = virDomainGetConnect (data->handle);
  /* every libvirt call (virDomainGetName(), virStreamFree(), …) resets the
   * last error: it is saved right after the call that failed */
  g_autofree char *name = g_strdup (virDomainGetName (data->handle));
  virStreamPtr stream = NULL;
  virErrorPtr err = NULL;

  /* a console another stream is just letting go of may refuse for a moment,
   * even with FORCE: try a few times */
  for (guint attempt = 0; attempt < 4; attempt++)
    {
      if (attempt > 0)
        g_usleep (250 * 1000);
      g_clear_pointer (&err, virFreeError);
      g_atomic_int_inc (&open_attempts);
      stream = virStreamNew (conn, VIR_STREAM_NONBLOCK);
      if (stream == NULL)
        {
          err = virSaveLastError ();
          break;
        }
      if (virDomainOpenConsole (data->handle, data->devname, stream, VIR_DOMAIN_CONSOLE_FORCE) == 0)
        break;
      err = virSaveLastError ();
      virStreamFree (stream);
      stream = NULL;
      if (err != NULL && is_final_refusal (err->code))
        break;
    }
  virResetLastError ();

  if (stream == NULL)
    {
      g_autofree char *what = g_strdup_printf (_("Could not open the console of “%s”"), name);

      g_task_return_error (task, vireo_error_new_from_virerror (err, what));
      g_clear_pointer (&err, virFreeError);
      return;
    }

  g_clear_pointer (&err, virFreeError);
  data->stream = stream;
  g_task_return_boolean (task, TRUE);
}

static void
open_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  VireoSerialSession *self = g_task_get_source_object (outer);
  OpenData *data = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  GWeakRef *ref;

  self->opening = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, error);
      return;
    }
  if (g_task_return_error_if_cancelled (outer))
    return;

  release_stream (self);
  self->stream = g_steal_pointer (&data->stream);

  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  if (virStreamEventAddCallback (self->stream,
                                 VIR_STREAM_EVENT_READABLE | VIR_STREAM_EVENT_ERROR
                                 | VIR_STREAM_EVENT_HANGUP,
                                 on_stream_event, ref, weak_ref_free) < 0)
    {
      weak_ref_free (ref);
      error = vireo_error_new_from_libvirt (_("Could not watch the console"));
      virResetLastError ();
      virStreamAbort (self->stream);
      virStreamFree (g_steal_pointer (&self->stream));
      g_task_return_error (outer, error);
      return;
    }

  g_task_return_boolean (outer, TRUE);
  flush_pending (self);
}

void
vireo_serial_session_open_async (VireoSerialSession *self,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  VireoConnection *connection;
  OpenData *data;
  virDomainPtr handle;

  g_return_if_fail (VIREO_IS_SERIAL_SESSION (self));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, vireo_serial_session_open_async);

  connection = vireo_domain_get_connection (self->domain);
  handle = _vireo_domain_ref_handle (self->domain);
  if (connection == NULL || handle == NULL)
    {
      g_task_return_new_error (outer, VIREO_ERROR, VIREO_ERROR_NOT_FOUND,
                               _("The virtual machine “%s” no longer exists."),
                               vireo_domain_get_name (self->domain));
      return;
    }
  if (self->opening)
    {
      virDomainFree (handle);
      g_task_return_new_error (outer, VIREO_ERROR, VIREO_ERROR_INVALID_STATE,
                               _("The console is being opened already."));
      return;
    }

  data = g_new0 (OpenData, 1);
  data->handle = handle;
  data->devname = g_strdup (self->devname);

  self->opening = TRUE;
  inner = g_task_new (self, NULL, open_done, g_steal_pointer (&outer));
  g_task_set_task_data (inner, data, open_data_free);
  vireo_connection_run_in_worker (connection, inner, open_thread);
}

gboolean
vireo_serial_session_open_finish (VireoSerialSession *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* -- the rest -------------------------------------------------------------- */

void
vireo_serial_session_write (VireoSerialSession *self,
                            const void         *data,
                            gsize               len)
{
  g_return_if_fail (VIREO_IS_SERIAL_SESSION (self));
  g_return_if_fail (data != NULL || len == 0);

  if (len == 0)
    return;
  g_byte_array_append (self->pending, data, len);
  if (self->stream != NULL)
    flush_pending (self);
}

void
vireo_serial_session_close (VireoSerialSession *self)
{
  g_return_if_fail (VIREO_IS_SERIAL_SESSION (self));
  close_with (self, NULL);
}

VireoDomain *
vireo_serial_session_get_domain (VireoSerialSession *self)
{
  g_return_val_if_fail (VIREO_IS_SERIAL_SESSION (self), NULL);
  return self->domain;
}

const char *
vireo_serial_session_get_devname (VireoSerialSession *self)
{
  g_return_val_if_fail (VIREO_IS_SERIAL_SESSION (self), NULL);
  return self->devname;
}

gboolean
vireo_serial_session_get_is_open (VireoSerialSession *self)
{
  g_return_val_if_fail (VIREO_IS_SERIAL_SESSION (self), FALSE);
  return self->stream != NULL;
}

static void
vireo_serial_session_dispose (GObject *object)
{
  VireoSerialSession *self = VIREO_SERIAL_SESSION (object);

  release_stream (self);
  g_clear_object (&self->domain);

  G_OBJECT_CLASS (vireo_serial_session_parent_class)->dispose (object);
}

static void
vireo_serial_session_finalize (GObject *object)
{
  VireoSerialSession *self = VIREO_SERIAL_SESSION (object);

  g_free (self->devname);
  g_byte_array_unref (self->pending);

  G_OBJECT_CLASS (vireo_serial_session_parent_class)->finalize (object);
}

static void
vireo_serial_session_class_init (VireoSerialSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vireo_serial_session_dispose;
  object_class->finalize = vireo_serial_session_finalize;

  /* (GBytes *bytes) */
  signals[SIGNAL_DATA] =
    g_signal_new ("data", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);
  /* (GError *error or NULL) */
  signals[SIGNAL_CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
vireo_serial_session_init (VireoSerialSession *self)
{
  self->pending = g_byte_array_new ();
}

VireoSerialSession *
vireo_serial_session_new (VireoDomain *domain,
                          const char  *devname)
{
  VireoSerialSession *self;

  g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

  self = g_object_new (VIREO_TYPE_SERIAL_SESSION, NULL);
  self->domain = g_object_ref (domain);
  self->devname = g_strdup (devname);
  return self;
}
