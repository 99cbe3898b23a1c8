/* x11-ping.c — how long an X client's main loop takes to answer
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * usage: x11-ping PID PERIOD_MS SECONDS
 *
 * Finds the mapped top-level window of process PID (_NET_WM_PID) that takes
 * _NET_WM_PING, then sends it a _NET_WM_PING every PERIOD_MS for SECONDS.
 * GTK 3 and GTK 4 answer the ping from their main loop (GDK's event
 * handling bounces it to the root window), so the time to the answer is the
 * time the main loop was busy: the longest answer time is the longest stall
 * (minus at most one period).  One ping is outstanding at a time.  Prints
 *   PING_MAX_MS <max> mean=<mean> count=<n> over50=<n> over20=<n>
 * With no window manager (a bare Xvfb) nobody else answers pings.
 * Build: gcc -O2 -o x11-ping x11-ping.c -lX11
 */
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static Atom wm_protocols, net_wm_ping, net_wm_pid;

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
window_pid (Display *dpy, Window w)
{
  Atom type;
  int format;
  unsigned long n, after;
  unsigned char *data = NULL;
  int pid = -1;

  if (XGetWindowProperty (dpy, w, net_wm_pid, 0, 1, False, XA_CARDINAL, &type, &format,
                          &n, &after, &data) == Success && data != NULL)
    {
      if (n == 1 && format == 32)
        pid = (int) *(unsigned long *) data;
      XFree (data);
    }
  return pid;
}

static int
takes_ping (Display *dpy, Window w)
{
  Atom *protocols = NULL;
  int n = 0, found = 0;

  if (XGetWMProtocols (dpy, w, &protocols, &n))
    {
      for (int i = 0; i < n; i++)
        if (protocols[i] == net_wm_ping)
          found = 1;
      XFree (protocols);
    }
  return found;
}

static Window
find_window (Display *dpy, Window root, int pid)
{
  Window r, parent, *children = NULL, found = None;
  unsigned int n = 0;

  if (!XQueryTree (dpy, root, &r, &parent, &children, &n))
    return None;
  for (unsigned int i = 0; i < n && found == None; i++)
    {
      XWindowAttributes attrs;

      if (!XGetWindowAttributes (dpy, children[i], &attrs) || attrs.map_state != IsViewable)
        continue;
      if (window_pid (dpy, children[i]) == pid && takes_ping (dpy, children[i]))
        found = children[i];
    }
  if (children)
    XFree (children);
  return found;
}

int
main (int argc, char *argv[])
{
  Display *dpy;
  Window root, win = None;
  int pid, period, seconds;
  double end, max = 0, sum = 0;
  long count = 0, over50 = 0, over20 = 0, seq = 1;

  if (argc != 4)
    {
      fprintf (stderr, "usage: %s PID PERIOD_MS SECONDS\n", argv[0]);
      return 2;
    }
  pid = atoi (argv[1]);
  period = atoi (argv[2]);
  seconds = atoi (argv[3]);
  dpy = XOpenDisplay (NULL);
  if (dpy == NULL)
    {
      fprintf (stderr, "x11-ping: cannot open display\n");
      return 1;
    }
  root = DefaultRootWindow (dpy);
  wm_protocols = XInternAtom (dpy, "WM_PROTOCOLS", False);
  net_wm_ping = XInternAtom (dpy, "_NET_WM_PING", False);
  net_wm_pid = XInternAtom (dpy, "_NET_WM_PID", False);

  for (int i = 0; i < 100 && win == None; i++)
    {
      win = find_window (dpy, root, pid);
      if (win == None)
        {
          struct timespec ts = { 0, 100000000 };
          nanosleep (&ts, NULL);
        }
    }
  if (win == None)
    {
      printf ("PING_MAX_MS n/a reason=no-window-of-pid-%d-taking-_NET_WM_PING\n", pid);
      return 1;
    }
  /* the answers are sent to the root window with SubstructureNotify */
  XSelectInput (dpy, root, SubstructureNotifyMask);
  XSync (dpy, False);

  end = now_ms () + seconds * 1e3;
  while (now_ms () < end)
    {
      XEvent ev;
      double sent, next;
      int answered = 0;

      memset (&ev, 0, sizeof ev);
      ev.xclient.type = ClientMessage;
      ev.xclient.window = win;
      ev.xclient.message_type = wm_protocols;
      ev.xclient.format = 32;
      ev.xclient.data.l[0] = net_wm_ping;
      ev.xclient.data.l[1] = seq;   /* a "timestamp" we recognise */
      ev.xclient.data.l[2] = win;
      sent = now_ms ();
      XSendEvent (dpy, win, False, NoEventMask, &ev);
      XFlush (dpy);

      while (!answered)
        {
          struct pollfd pfd = { ConnectionNumber (dpy), POLLIN, 0 };

          while (XPending (dpy))
            {
              XEvent reply;

              XNextEvent (dpy, &reply);
              if (reply.type == ClientMessage && reply.xclient.message_type == wm_protocols &&
                  (Atom) reply.xclient.data.l[0] == net_wm_ping && reply.xclient.data.l[1] == seq)
                answered = 1;
            }
          if (answered)
            break;
          if (now_ms () > end + 60000)
            break;   /* the client is gone or never answers */
          poll (&pfd, 1, 100);
        }
      if (answered)
        {
          double ms = now_ms () - sent;

          count++;
          sum += ms;
          if (ms > max)
            max = ms;
          if (ms > 50)
            over50++;
          if (ms > 20)
            over20++;
        }
      seq++;
      next = sent + period;
      while (now_ms () < next)
        {
          double left = next - now_ms ();
          struct timespec ts = { (time_t) (left / 1e3), (long) (((long) left % 1000) * 1e6) };
          nanosleep (&ts, NULL);
        }
    }
  if (count == 0)
    printf ("PING_MAX_MS n/a reason=no-answer\n");
  else
    printf ("PING_MAX_MS %.1f mean=%.2f count=%ld over50=%ld over20=%ld\n",
            max, sum / count, count, over50, over20);
  XCloseDisplay (dpy);
  return 0;
}
