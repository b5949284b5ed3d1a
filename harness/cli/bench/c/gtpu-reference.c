/*
 * `bench gtpu`'s physical reference: the same G-PDU stream as harness/traffic/gtpu-generator.ts
 * (TS 29.281 §5.1 G-PDU, inner IPv6 + UDP with the 16-octet test payload of gtpu-stream.ts: flow,
 * sequence, send time; the inner UDP checksum updated per packet) sent by a plain C loop with
 * sendmmsg(2) on a connected socket, optionally with UDP GSO (udp(7) UDP_SEGMENT), and a C
 * receiver that counts with recvmmsg(2). Compiled by the bench with the system cc; what the kernel
 * allows one core on this machine, so the generator's rate is printed as a ratio to it.
 *
 *   gtpu-reference send ADDRESS PORT SECONDS GSO(0|1) BATCH FLOWS INNER_LENGTH
 *     -> "sent N seconds S cpu C user U" (C: user+system CPU seconds of this process, U: user)
 *   gtpu-reference recv ADDRESS
 *     -> "port P" once bound; on SIGTERM or SIGINT "received N malformed M seconds S"
 *        (S: first to last arrival)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef SOL_UDP
#define SOL_UDP 17
#endif
#define MAX_BATCH 1024
#define GSO_SEGS 64
#define MAX_FLOWS 1024
#define GTPU_HEADER 8
#define PAYLOAD_MIN 16

static double now_s(clockid_t c) {
  struct timespec t;
  clock_gettime(c, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static uint32_t sum16(const uint8_t *p, size_t n, uint32_t sum) {
  for (size_t i = 0; i + 1 < n; i += 2) sum += (uint32_t)(p[i] << 8 | p[i + 1]);
  if (n & 1) sum += (uint32_t)p[n - 1] << 8;
  return sum;
}

static uint16_t finish(uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return (uint16_t)~sum;
}

typedef struct {
  uint8_t packet[GTPU_HEADER + 1500];
  uint32_t base_sum; /* pseudo-header + UDP header and data with checksum and test payload zero */
} template_t;

static template_t templates[MAX_FLOWS];
static uint32_t seqs[MAX_FLOWS];

/* The template of flow i, as flowTemplate() writes it for src 2001:db8:1:<i>::2, dst 2001:db8:ffff::1. */
static void make_template(template_t *t, int i, int inner) {
  uint8_t *p = t->packet;
  memset(p, 0, sizeof t->packet);
  p[0] = 0x30;
  p[1] = 0xff;
  p[2] = (uint8_t)(inner >> 8);
  p[3] = (uint8_t)inner;
  uint32_t teid = 0x1000 + (uint32_t)i;
  p[4] = (uint8_t)(teid >> 24);
  p[5] = (uint8_t)(teid >> 16);
  p[6] = (uint8_t)(teid >> 8);
  p[7] = (uint8_t)teid;
  uint8_t *ip = p + GTPU_HEADER;
  int udp_len = inner - 40;
  ip[0] = 0x60;
  ip[4] = (uint8_t)(udp_len >> 8);
  ip[5] = (uint8_t)udp_len;
  ip[6] = 17;
  ip[7] = 64;
  char src[64];
  snprintf(src, sizeof src, "2001:db8:1:%x::2", i);
  inet_pton(AF_INET6, src, ip + 8);
  inet_pton(AF_INET6, "2001:db8:ffff::1", ip + 24);
  uint8_t *udp = ip + 40;
  udp[0] = 40000 >> 8;
  udp[1] = 40000 & 0xff;
  udp[3] = 9;
  udp[4] = (uint8_t)(udp_len >> 8);
  udp[5] = (uint8_t)udp_len;
  uint32_t sum = sum16(ip + 8, 32, 0) + (uint32_t)udp_len + 17;
  t->base_sum = sum16(udp, (size_t)udp_len, sum);
}

static void put32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 24);
  p[1] = (uint8_t)(v >> 16);
  p[2] = (uint8_t)(v >> 8);
  p[3] = (uint8_t)v;
}

/* writeStreamPacket(): the template, then flow, sequence, send time and the UDP checksum. */
static void write_packet(uint8_t *out, const template_t *t, int len, uint32_t flow, uint32_t seq, double sent_ms) {
  memcpy(out, t->packet, (size_t)len);
  uint8_t *udp = out + GTPU_HEADER + 40;
  uint8_t *pl = udp + 8;
  put32(pl, flow);
  put32(pl + 4, seq);
  uint64_t bits;
  memcpy(&bits, &sent_ms, 8);
  put32(pl + 8, (uint32_t)(bits >> 32));
  put32(pl + 12, (uint32_t)bits);
  uint16_t c = finish(sum16(pl, PAYLOAD_MIN, t->base_sum));
  if (c == 0) c = 0xffff;
  udp[6] = (uint8_t)(c >> 8);
  udp[7] = (uint8_t)c;
}

static int send_mode(int argc, char **argv) {
  if (argc < 9) return 2;
  const char *address = argv[2];
  int port = atoi(argv[3]);
  double seconds = atof(argv[4]);
  int gso = atoi(argv[5]);
  int batch = atoi(argv[6]);
  int flows = atoi(argv[7]);
  int inner = atoi(argv[8]);
  if (batch < 1 || batch > MAX_BATCH || flows < 1 || flows > MAX_FLOWS || inner < 40 + 8 + PAYLOAD_MIN || inner > 1500)
    return 2;
  int len = GTPU_HEADER + inner;
  for (int i = 0; i < flows; i++) make_template(&templates[i], i, inner);
  int fd = socket(AF_INET6, SOCK_DGRAM, 0);
  int sndbuf = 4 << 20;
  setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
  struct sockaddr_in6 to = {.sin6_family = AF_INET6, .sin6_port = htons((uint16_t)port)};
  if (inet_pton(AF_INET6, address, &to.sin6_addr) != 1 || connect(fd, (struct sockaddr *)&to, sizeof to) != 0) {
    perror("connect");
    return 1;
  }
  static uint8_t slab[MAX_BATCH * (GTPU_HEADER + 1500)];
  static struct mmsghdr msgs[MAX_BATCH];
  static struct iovec iov[MAX_BATCH];
  static union {
    char buf[CMSG_SPACE(sizeof(uint16_t))];
    struct cmsghdr align;
  } ctl[MAX_BATCH];
  /* The messages of one batch: one per datagram, or with GSO one per GSO_SEGS datagrams. */
  int per = gso ? GSO_SEGS : 1;
  int nmsg = 0;
  for (int at = 0; at < batch; at += per, nmsg++) {
    int segs = batch - at < per ? batch - at : per;
    iov[nmsg].iov_base = slab + (size_t)at * (size_t)len;
    iov[nmsg].iov_len = (size_t)segs * (size_t)len;
    memset(&msgs[nmsg].msg_hdr, 0, sizeof msgs[nmsg].msg_hdr);
    msgs[nmsg].msg_hdr.msg_iov = &iov[nmsg];
    msgs[nmsg].msg_hdr.msg_iovlen = 1;
    if (segs > 1) {
      msgs[nmsg].msg_hdr.msg_control = ctl[nmsg].buf;
      msgs[nmsg].msg_hdr.msg_controllen = sizeof ctl[nmsg].buf;
      struct cmsghdr *c = CMSG_FIRSTHDR(&msgs[nmsg].msg_hdr);
      c->cmsg_level = SOL_UDP;
      c->cmsg_type = UDP_SEGMENT;
      c->cmsg_len = CMSG_LEN(sizeof(uint16_t));
      uint16_t seg = (uint16_t)len;
      memcpy(CMSG_DATA(c), &seg, sizeof seg);
    }
  }
  double start = now_s(CLOCK_MONOTONIC), end = start + seconds, now = start;
  uint64_t sent = 0;
  uint32_t flow = 0;
  while (now < end) {
    double sent_ms = now_s(CLOCK_REALTIME) * 1000;
    for (int k = 0; k < batch; k++) {
      write_packet(slab + (size_t)k * (size_t)len, &templates[flow], len, flow, seqs[flow]++, sent_ms);
      if (++flow == (uint32_t)flows) flow = 0;
    }
    int done = 0;
    while (done < nmsg) {
      int r = sendmmsg(fd, msgs + done, (unsigned)(nmsg - done), 0);
      if (r < 0) {
        if (errno == EINTR) continue;
        perror("sendmmsg");
        return 1;
      }
      done += r;
    }
    sent += (uint64_t)batch;
    now = now_s(CLOCK_MONOTONIC);
  }
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
               (double)ru.ru_stime.tv_usec / 1e6;
  double user = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6;
  printf("sent %llu seconds %.6f cpu %.6f user %.6f\n", (unsigned long long)sent, now - start, cpu, user);
  return 0;
}

static volatile sig_atomic_t stopping = 0;
static void on_stop(int sig) {
  (void)sig;
  stopping = 1;
}

static int recv_mode(int argc, char **argv) {
  if (argc < 3) return 2;
  int fd = socket(AF_INET6, SOCK_DGRAM, 0);
  int rcvbuf = 4 << 20;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  struct timeval tv = {.tv_sec = 0, .tv_usec = 100000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  struct sockaddr_in6 a = {.sin6_family = AF_INET6};
  if (inet_pton(AF_INET6, argv[2], &a.sin6_addr) != 1 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0) {
    perror("bind");
    return 1;
  }
  socklen_t al = sizeof a;
  getsockname(fd, (struct sockaddr *)&a, &al);
  struct sigaction sa = {.sa_handler = on_stop};
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  printf("port %d\n", ntohs(a.sin6_port));
  fflush(stdout);
  enum { RX = 64, SLOT = 2048 };
  static uint8_t buf[RX][SLOT];
  struct mmsghdr msgs[RX];
  struct iovec iov[RX];
  for (int i = 0; i < RX; i++) {
    iov[i].iov_base = buf[i];
    iov[i].iov_len = SLOT;
    memset(&msgs[i].msg_hdr, 0, sizeof msgs[i].msg_hdr);
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
  }
  uint64_t received = 0, malformed = 0;
  double first = 0, last = 0;
  while (!stopping) {
    int n = recvmmsg(fd, msgs, RX, MSG_WAITFORONE, NULL);
    if (n <= 0) continue;
    last = now_s(CLOCK_MONOTONIC);
    if (!first) first = last;
    for (int i = 0; i < n; i++) {
      /* A G-PDU (type 255) carrying at least an IPv6 + UDP header and the test payload. */
      if (msgs[i].msg_len >= GTPU_HEADER + 40 + 8 + PAYLOAD_MIN && buf[i][1] == 0xff && (buf[i][0] >> 5) == 1)
        received++;
      else
        malformed++;
    }
  }
  printf("received %llu malformed %llu seconds %.6f\n", (unsigned long long)received, (unsigned long long)malformed,
         last - first);
  return 0;
}

int main(int argc, char **argv) {
  int r = 2;
  if (argc > 1 && strcmp(argv[1], "send") == 0) r = send_mode(argc, argv);
  else if (argc > 1 && strcmp(argv[1], "recv") == 0) r = recv_mode(argc, argv);
  if (r == 2)
    fprintf(stderr,
            "usage: gtpu-reference send ADDRESS PORT SECONDS GSO BATCH FLOWS INNER_LENGTH | recv ADDRESS\n");
  return r;
}
