/* rfb-server.c — a scripted RFB 3.8 server for tests/bench/bench-display.py
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rfb-server PORT WIDTH HEIGHT full|partial SECONDS
 *
 * Listens on 127.0.0.1:PORT (0: any free port), prints "PORT <n>", accepts
 * one client, handshakes (RFB 3.8, security type None) and answers every
 * FramebufferUpdateRequest at once with Raw rectangles in the client's
 * pixel format:
 *   full     every update is a whole new frame (a diagonal colour gradient
 *            moving 8 pixels per frame);
 *   partial  the first update is the whole screen, then each update is the
 *            72×64 area where a 64×64 white square moved 8 pixels.
 * A KeyEvent (or QEMU extended key event) press prints "KEY <t>"; the next
 * update carries a 32×32 marker in the top-left corner, and the next
 * request after that update was sent prints "KEYACK <t>" (the client has
 * received and decoded it).  Times are CLOCK_MONOTONIC seconds.
 * "START <t>" at the first request, "END <t> frames=<n> seconds=<s>" after
 * SECONDS, then the connection is closed.  Standard C and POSIX only.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int W, H, full_mode;
static int bpp = 32, big_endian = 0, rmax = 255, gmax = 255, bmax = 255, rshift = 16, gshift = 8, bshift = 0;
static unsigned char *rowbuf;   /* 2*W gradient pixels, client format */
static unsigned char *out;
static size_t out_cap;

static double
now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
die (const char *msg)
{
  fprintf (stderr, "rfb-server: %s\n", msg);
  exit (1);
}

static void
read_all (int fd, void *buf, size_t len)
{
  unsigned char *p = buf;
  while (len > 0)
    {
      ssize_t n = read (fd, p, len);
      if (n <= 0)
        {
          printf ("CLOSED %.6f\n", now ());
          fflush (stdout);
          exit (0);
        }
      p += n;
      len -= n;
    }
}

static void
write_all (int fd, const void *buf, size_t len)
{
  const unsigned char *p = buf;
  while (len > 0)
    {
      ssize_t n = write (fd, p, len);
      if (n <= 0)
        {
          printf ("CLOSED %.6f\n", now ());
          fflush (stdout);
          exit (0);
        }
      p += n;
      len -= n;
    }
}

static void
put_pixel (unsigned char *dst, int r, int g, int b)
{
  uint32_t v = ((uint32_t) (r * rmax / 255) << rshift)
             | ((uint32_t) (g * gmax / 255) << gshift)
             | ((uint32_t) (b * bmax / 255) << bshift);
  int n = bpp / 8;
  for (int i = 0; i < n; i++)
    dst[i] = big_endian ? (v >> (8 * (n - 1 - i))) & 0xff : (v >> (8 * i)) & 0xff;
}

static void
build_rowbuf (void)
{
  int n = bpp / 8;
  free (rowbuf);
  rowbuf = malloc ((size_t) 2 * W * n);
  for (int x = 0; x < 2 * W; x++)
    {
      double t = (double) (x % W) / W * 3.0;
      int r, g, b;
      if (t < 1)      { r = 255 * (1 - t); g = 255 * t; b = 0; }
      else if (t < 2) { r = 0; g = 255 * (2 - t); b = 255 * (t - 1); }
      else            { r = 255 * (t - 2); g = 0; b = 255 * (3 - t); }
      put_pixel (rowbuf + (size_t) x * n, r, g, b);
    }
}

static unsigned char *
reserve (size_t len)
{
  if (len > out_cap)
    {
      out_cap = len;
      out = realloc (out, out_cap);
      if (!out)
        die ("out of memory");
    }
  return out;
}

static unsigned char *
rect_header (unsigned char *p, int x, int y, int w, int h)
{
  uint16_t v[4] = { htons (x), htons (y), htons (w), htons (h) };
  memcpy (p, v, 8);
  memset (p + 8, 0, 4);  /* encoding 0: Raw */
  return p + 12;
}

/* one rectangle of frame @phase, with the square at @sq_x (or -1) and the
 * key marker when @marker */
static unsigned char *
rect_pixels (unsigned char *p, int x, int y, int w, int h, int phase, int sq_x, int sq_y, int marker)
{
  int n = bpp / 8;
  for (int j = y; j < y + h; j++)
    {
      unsigned char *src = rowbuf + (size_t) ((phase + j + x) % W) * n;
      memcpy (p, src, (size_t) w * n);
      if (sq_x >= 0 && j >= sq_y && j < sq_y + 64)
        {
          int a = sq_x > x ? sq_x : x, b = sq_x + 64 < x + w ? sq_x + 64 : x + w;
          for (int i = a; i < b; i++)
            put_pixel (p + (size_t) (i - x) * n, 255, 255, 255);
        }
      if (marker && j < 32)
        for (int i = x; i < x + w && i < 32; i++)
          put_pixel (p + (size_t) (i - x) * n, 255, 0, 0);
      p += (size_t) w * n;
    }
  return p;
}

int
main (int argc, char **argv)
{
  if (argc != 6)
    die ("usage: rfb-server PORT WIDTH HEIGHT full|partial SECONDS");
  int port = atoi (argv[1]);
  W = atoi (argv[2]);
  H = atoi (argv[3]);
  full_mode = strcmp (argv[4], "full") == 0;
  double seconds = atof (argv[5]);

  int ls = socket (AF_INET, SOCK_STREAM, 0), one = 1;
  setsockopt (ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons (port) };
  sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (bind (ls, (struct sockaddr *) &sa, sizeof sa) < 0 || listen (ls, 1) < 0)
    die ("cannot listen");
  socklen_t sl = sizeof sa;
  getsockname (ls, (struct sockaddr *) &sa, &sl);
  printf ("PORT %d\n", ntohs (sa.sin_port));
  fflush (stdout);

  int fd = accept (ls, NULL, NULL);
  if (fd < 0)
    die ("accept failed");
  close (ls);
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

  /* handshake */
  char ver[12];
  write_all (fd, "RFB 003.008\n", 12);
  read_all (fd, ver, 12);
  unsigned char sec[2] = { 1, 1 }, c;
  write_all (fd, sec, 2);
  read_all (fd, &c, 1);
  uint32_t ok = 0;
  write_all (fd, &ok, 4);
  read_all (fd, &c, 1);  /* ClientInit: shared flag */
  unsigned char init[24 + 5];
  uint16_t wh[2] = { htons (W), htons (H) };
  memcpy (init, wh, 4);
  unsigned char pf[16] = { 32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0 };
  memcpy (init + 4, pf, 16);
  uint32_t nl = htonl (5);
  memcpy (init + 20, &nl, 4);
  memcpy (init + 24, "bench", 5);
  write_all (fd, init, sizeof init);
  build_rowbuf ();
  printf ("CONNECTED %.6f\n", now ());
  fflush (stdout);

  long frames = 0;
  int phase = 0, sq_x = 0, sq_y = H / 2 - 32, sent_full = 0;
  int marker_pending = 0, marker_sent = 0;
  double t_start = 0, t_end = 0;

  for (;;)
    {
      if (t_start > 0)
        {
          double left = t_end - now ();
          if (left <= 0)
            break;
          struct pollfd pfd = { fd, POLLIN, 0 };
          if (poll (&pfd, 1, (int) (left * 1000) + 1) == 0)
            continue;
        }
      unsigned char type;
      read_all (fd, &type, 1);
      unsigned char buf[32];
      switch (type)
        {
        case 0:  /* SetPixelFormat */
          read_all (fd, buf, 19);
          bpp = buf[3];
          big_endian = buf[5];
          rmax = buf[7] << 8 | buf[8];
          gmax = buf[9] << 8 | buf[10];
          bmax = buf[11] << 8 | buf[12];
          rshift = buf[13];
          gshift = buf[14];
          bshift = buf[15];
          if (bpp != 8 && bpp != 16 && bpp != 32)
            die ("unsupported pixel format");
          build_rowbuf ();
          sent_full = 0;
          break;
        case 2:  /* SetEncodings */
          {
            read_all (fd, buf, 3);
            int n = buf[1] << 8 | buf[2];
            for (int i = 0; i < n; i++)
              read_all (fd, buf, 4);
          }
          break;
        case 3:  /* FramebufferUpdateRequest */
          {
            read_all (fd, buf, 9);
            double t = now ();
            if (t_start == 0)
              {
                t_start = t;
                t_end = t + seconds;
                printf ("START %.6f\n", t);
                fflush (stdout);
              }
            if (marker_sent)
              {
                printf ("KEYACK %.6f\n", t);
                fflush (stdout);
                marker_sent = 0;
              }
            int n = bpp / 8, marker = marker_pending;
            frames++;
            phase = (phase + 8) % W;
            unsigned char *p;
            if (full_mode || !sent_full || !buf[0])
              {
                p = reserve (4 + 12 + (size_t) W * H * n);
                p[0] = 0; p[1] = 0; p[2] = 0; p[3] = 1;
                unsigned char *q = rect_header (p + 4, 0, 0, W, H);
                q = rect_pixels (q, 0, 0, W, H, full_mode ? phase : 0,
                                 full_mode ? -1 : sq_x, sq_y, marker);
                write_all (fd, p, q - p);
                sent_full = 1;
              }
            else
              {
                int old_x = sq_x;
                sq_x += 8;
                if (sq_x + 64 > W)
                  sq_x = 0, old_x = -1;
                int nrects = (old_x < 0 ? 2 : 1) + (marker ? 1 : 0);
                p = reserve (4 + 3 * 12 + (size_t) (2 * 72 * 64 + 32 * 32) * n);
                p[0] = 0; p[1] = 0; p[2] = 0; p[3] = nrects;
                unsigned char *q = p + 4;
                if (old_x < 0)
                  {
                    /* wrapped: clear the old square at the right edge, draw the new one */
                    int ox = (W - 64) / 8 * 8;
                    q = rect_header (q, ox, sq_y, W - ox, 64);
                    q = rect_pixels (q, ox, sq_y, W - ox, 64, 0, -1, sq_y, 0);
                    q = rect_header (q, 0, sq_y, 64, 64);
                    q = rect_pixels (q, 0, sq_y, 64, 64, 0, sq_x, sq_y, 0);
                  }
                else
                  {
                    q = rect_header (q, old_x, sq_y, 72, 64);
                    q = rect_pixels (q, old_x, sq_y, 72, 64, 0, sq_x, sq_y, 0);
                  }
                if (marker)
                  {
                    q = rect_header (q, 0, 0, 32, 32);
                    q = rect_pixels (q, 0, 0, 32, 32, 0, -1, sq_y, 1);
                  }
                write_all (fd, p, q - p);
              }
            if (marker)
              {
                marker_pending = 0;
                marker_sent = 1;
              }
          }
          break;
        case 4:  /* KeyEvent */
          read_all (fd, buf, 7);
          if (buf[0])
            {
              printf ("KEY %.6f\n", now ());
              fflush (stdout);
              marker_pending = 1;
            }
          break;
        case 5:  /* PointerEvent */
          read_all (fd, buf, 5);
          break;
        case 6:  /* ClientCutText */
          {
            read_all (fd, buf, 7);
            uint32_t len = (uint32_t) buf[3] << 24 | buf[4] << 16 | buf[5] << 8 | buf[6];
            while (len > 0)
              {
                unsigned chunk = len > sizeof buf ? sizeof buf : len;
                read_all (fd, buf, chunk);
                len -= chunk;
              }
          }
          break;
        case 255:  /* QEMU */
          read_all (fd, buf, 1);
          if (buf[0] != 0)
            die ("unexpected QEMU message");
          read_all (fd, buf, 10);
          if (buf[0] << 8 | buf[1])
            {
              printf ("KEY %.6f\n", now ());
              fflush (stdout);
              marker_pending = 1;
            }
          break;
        default:
          fprintf (stderr, "rfb-server: unknown message %d\n", type);
          exit (1);
        }
    }
  double t = now ();
  printf ("END %.6f frames=%ld seconds=%.3f\n", t, frames, t - t_start);
  fflush (stdout);
  close (fd);
  return 0;
}
