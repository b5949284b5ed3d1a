/*
 * Batched UDP for Node: recvmmsg(2)/sendmmsg(2) on a non-blocking socket watched by libuv.
 *
 * Node's dgram makes one system call per datagram; at tens of thousands of GTP messages or
 * hundreds of thousands of G-PDUs a second those calls are most of the CPU time. Here one
 * readable event drains up to RX_BATCH datagrams with one recvmmsg, JS handles them all, and the
 * datagrams JS queued meanwhile leave with one sendmmsg.
 *
 * After each batch the callback runs once more with count 0: the moment to flush what the batch's
 * handlers (and their promise continuations) queued.
 *
 * Memory is shared, never copied per call: JS hands in four ArrayBuffers (receive slab, receive
 * metadata, send slab, send metadata) and reads/writes them directly. Peers (address + port) are
 * kept in a table so that a datagram's source and a send's destination are small integers.
 *
 * Receive metadata, per datagram i (Int32 x RX_META): [0] length, [1] peer index or -1,
 * [2] port, [3] family (4|6), [4..7] the address bytes (IPv4 in [4]), [8] the datagram's offset
 * in the receive slab, [9] 0. Without GRO datagram i lies at i * RX_SLOT; with UDP GRO on
 * (setGro) one slot may hold a train of datagrams of one size from one peer, which the metadata
 * lists one by one (up to RX_ENTRIES per batch).
 * Send metadata, per queued datagram j (Int32 x TX_META): [0] offset in the send slab,
 * [1] length, [2] peer index.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <stdio.h>
/* napi_add_async_cleanup_hook (N-API 8, Node 14.10+). */
#define NAPI_VERSION 8
#include <node_api.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <uv.h>

#define RX_BATCH 32
#define RX_SLOT 65536
#define RX_META 10
/* UDP GRO hands over at most 64 segments per receive (UDP_GRO_CNT_MAX). */
#define GRO_MAX_SEGS 64
#define RX_ENTRIES (RX_BATCH * GRO_MAX_SEGS)
#define TX_META 3
#define MAX_PEERS 4096
#define TX_CHUNK 256
#define PEER_BUCKETS 8192 /* a power of two, at least twice MAX_PEERS */
/* UDP GSO (Linux 4.18+, udp(7) UDP_SEGMENT): one sendmmsg message carries up to this many
 * equal-sized datagrams, which the kernel cuts apart below the socket layer. 64 is the kernel's
 * UDP_MAX_SEGMENTS before 6.9, and the whole super-datagram stays under IPv6's 64 KiB payload. */
#define GSO_MAX_SEGS 64
#define GSO_MAX_BYTES 63000
#ifndef SOL_UDP
#define SOL_UDP 17
#endif

typedef struct {
  struct sockaddr_storage addr;
  socklen_t len;
} peer_t;

typedef struct {
  napi_env env;
  int fd;
  int family;
  int closed;
  int poll_closed; /* libuv is done with the poll handle */
  int finalized;   /* the JS handle has been garbage-collected */
  /* The environment's teardown waits on this hook until libuv has closed the poll handle: its
   * close callback lives in this library, which a worker thread's teardown unloads. */
  napi_async_cleanup_hook_handle cleanup;
  napi_async_cleanup_hook_handle cleanup_hook; /* registered at open, removed by js_close */
  uv_poll_t poll;
  napi_ref on_batch;
  napi_ref keep[4];
  napi_async_context async;
  uint8_t *rx;
  int32_t *rx_meta;
  uint8_t *tx;
  size_t tx_size;
  int32_t *tx_meta;
  size_t tx_meta_count;
  peer_t *peers;
  int npeers;
  int connected;    /* the peer connect(2)ed to (connectPeer), or -1 */
  int gso;          /* send runs of equal, contiguous datagrams as one UDP_SEGMENT message */
  int gro;          /* receive trains of datagrams coalesced by UDP GRO, split in the metadata */
  int32_t *buckets; /* open addressing over PEER_BUCKETS slots: peer index + 1, 0 = empty */
  struct mmsghdr rx_msgs[RX_BATCH];
  struct iovec rx_iov[RX_BATCH];
  struct sockaddr_storage rx_from[RX_BATCH];
  union {
    char buf[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } rx_ctl[RX_BATCH];
} sock_t;

#define CHECK(call)                                                      \
  do {                                                                   \
    if ((call) != napi_ok) {                                             \
      napi_throw_error(env, NULL, "udp_mmsg: N-API call failed: " #call); \
      return NULL;                                                       \
    }                                                                    \
  } while (0)

static napi_value throw_errno(napi_env env, const char *what) {
  char msg[256];
  snprintf(msg, sizeof msg, "%s: %s", what, strerror(errno));
  napi_value code, text, err;
  napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &text);
  const char *name = errno == EADDRINUSE ? "EADDRINUSE" : errno == EADDRNOTAVAIL ? "EADDRNOTAVAIL" : errno == EACCES ? "EACCES" : "EIO";
  napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &code);
  napi_create_error(env, code, text, &err);
  napi_throw(env, err);
  return NULL;
}

/* Fills `out` from a textual address and port; returns 0 on success. */
static int to_sockaddr(int family, const char *text, int port, struct sockaddr_storage *out, socklen_t *len) {
  memset(out, 0, sizeof *out);
  if (family == 6) {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)out;
    a->sin6_family = AF_INET6;
    a->sin6_port = htons((uint16_t)port);
    /* A scoped link-local address ("fe80::1%eth0") carries its interface. */
    char buf[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];
    snprintf(buf, sizeof buf, "%s", text);
    char *pct = strchr(buf, '%');
    if (pct) {
      *pct = 0;
      a->sin6_scope_id = if_nametoindex(pct + 1);
      if (!a->sin6_scope_id) a->sin6_scope_id = (uint32_t)atoi(pct + 1);
    }
    if (inet_pton(AF_INET6, buf, &a->sin6_addr) != 1) return -1;
    *len = sizeof *a;
  } else {
    struct sockaddr_in *a = (struct sockaddr_in *)out;
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, text, &a->sin_addr) != 1) return -1;
    *len = sizeof *a;
  }
  return 0;
}

static int same_peer(const struct sockaddr_storage *a, const struct sockaddr_storage *b) {
  if (a->ss_family != b->ss_family) return 0;
  if (a->ss_family == AF_INET6) {
    const struct sockaddr_in6 *x = (const void *)a, *y = (const void *)b;
    return x->sin6_port == y->sin6_port && x->sin6_scope_id == y->sin6_scope_id &&
           memcmp(&x->sin6_addr, &y->sin6_addr, 16) == 0;
  }
  const struct sockaddr_in *x = (const void *)a, *y = (const void *)b;
  return x->sin_port == y->sin_port && x->sin_addr.s_addr == y->sin_addr.s_addr;
}

static uint32_t peer_hash(const struct sockaddr_storage *a) {
  uint32_t h = 2166136261u;
  const uint8_t *p;
  size_t n;
  uint16_t port;
  if (a->ss_family == AF_INET6) {
    p = (const uint8_t *)&((const struct sockaddr_in6 *)a)->sin6_addr;
    n = 16;
    port = ((const struct sockaddr_in6 *)a)->sin6_port;
  } else {
    p = (const uint8_t *)&((const struct sockaddr_in *)a)->sin_addr;
    n = 4;
    port = ((const struct sockaddr_in *)a)->sin_port;
  }
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
  h = (h ^ (port & 0xff)) * 16777619u;
  h = (h ^ (port >> 8)) * 16777619u;
  return h;
}

/* The peer's index, added if new; -1 when the table is full (MAX_PEERS distinct peers). */
static int peer_index(sock_t *s, const struct sockaddr_storage *addr, socklen_t len) {
  uint32_t slot = peer_hash(addr) & (PEER_BUCKETS - 1);
  for (;;) {
    int32_t b = s->buckets[slot];
    if (b == 0) break;
    if (same_peer(&s->peers[b - 1].addr, addr)) return b - 1;
    slot = (slot + 1) & (PEER_BUCKETS - 1);
  }
  if (s->npeers >= MAX_PEERS) return -1;
  s->peers[s->npeers].addr = *addr;
  s->peers[s->npeers].len = len;
  s->buckets[slot] = s->npeers + 1;
  return s->npeers++;
}

static void on_readable(uv_poll_t *handle, int status, int events) {
  sock_t *s = handle->data;
  if (s->closed || status < 0 || !(events & UV_READABLE)) return;
  napi_env env = s->env;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  /* Drain what is queued, a bounded number of batches per event so timers still run. */
  for (int round = 0; round < 8 && !s->closed; round++) {
    for (int i = 0; i < RX_BATCH; i++) {
      s->rx_msgs[i].msg_hdr.msg_namelen = sizeof(struct sockaddr_storage);
      s->rx_msgs[i].msg_hdr.msg_flags = 0;
      s->rx_msgs[i].msg_hdr.msg_control = s->gro ? s->rx_ctl[i].buf : NULL;
      s->rx_msgs[i].msg_hdr.msg_controllen = s->gro ? sizeof s->rx_ctl[i].buf : 0;
    }
    int n = recvmmsg(s->fd, s->rx_msgs, RX_BATCH, MSG_DONTWAIT, NULL);
    if (n <= 0) break; /* EAGAIN, or an ICMP error queued on the socket: nothing to hand over */
    int entries = 0;
    for (int i = 0; i < n && entries < RX_ENTRIES; i++) {
      struct sockaddr_storage *from = &s->rx_from[i];
      int32_t len = (int32_t)s->rx_msgs[i].msg_len;
      /* With UDP GRO the kernel may hand over a train of datagrams of `seg` octets (the last may
       * be shorter) in one buffer; its size comes in a UDP_GRO control message (udp(7)). */
      int32_t seg = len;
      if (s->gro) {
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&s->rx_msgs[i].msg_hdr); c; c = CMSG_NXTHDR(&s->rx_msgs[i].msg_hdr, c))
          if (c->cmsg_level == SOL_UDP && c->cmsg_type == UDP_GRO) {
            int g;
            memcpy(&g, CMSG_DATA(c), sizeof g);
            if (g > 0 && g < len) seg = g;
          }
      }
      int32_t *first = s->rx_meta + entries * RX_META;
      first[1] = peer_index(s, from, s->rx_msgs[i].msg_hdr.msg_namelen);
      if (from->ss_family == AF_INET6) {
        struct sockaddr_in6 *a = (void *)from;
        first[2] = ntohs(a->sin6_port);
        first[3] = 6;
        memcpy(&first[4], &a->sin6_addr, 16);
      } else {
        struct sockaddr_in *a = (void *)from;
        first[2] = ntohs(a->sin_port);
        first[3] = 4;
        memcpy(&first[4], &a->sin_addr, 4);
        first[5] = first[6] = first[7] = 0;
      }
      int32_t base = i * RX_SLOT;
      int32_t at = 0;
      do { /* once for a plain datagram (even an empty one), once per datagram of a GRO train */
        int32_t *m = s->rx_meta + entries * RX_META;
        if (m != first) memcpy(&m[1], &first[1], 7 * sizeof(int32_t));
        m[0] = len - at < seg ? len - at : seg;
        m[8] = base + at;
        m[9] = 0;
        entries++;
        at += seg;
      } while (at < len && entries < RX_ENTRIES);
    }
    napi_value cb, recv, argv[1], result;
    napi_get_reference_value(env, s->on_batch, &cb);
    napi_get_global(env, &recv);
    napi_create_int32(env, entries, &argv[0]);
    /* make_callback: promise continuations and nextTicks run before we return, as for dgram. */
    napi_status st = napi_make_callback(env, s->async, recv, cb, 1, argv, &result);
    /* Then once more with 0, after the promise continuations of the batch have run too: JS sends
     * what all of them queued in one sendmmsg before the next batch is read. */
    if (st == napi_ok && !s->closed) {
      napi_create_int32(env, 0, &argv[0]);
      st = napi_make_callback(env, s->async, recv, cb, 1, argv, &result);
    }
    if (st == napi_pending_exception) {
      napi_value exc;
      napi_get_and_clear_last_exception(env, &exc);
      napi_fatal_exception(env, exc);
      break;
    }
    if (n < RX_BATCH) break;
  }
  napi_close_handle_scope(env, scope);
}

static void *buffer_data(napi_env env, napi_value v, size_t *len) {
  void *data = NULL;
  bool is_ab = false;
  napi_is_arraybuffer(env, v, &is_ab);
  if (is_ab) {
    if (napi_get_arraybuffer_info(env, v, &data, len) != napi_ok) return NULL;
    return data;
  }
  return NULL;
}

/* The struct is freed once both libuv (poll handle closed) and V8 (handle collected) are done. */
static void on_poll_closed(uv_handle_t *h) {
  sock_t *s = h->data;
  s->poll_closed = 1;
  /* Closed at the environment's teardown: let it go on (it may finalize the handle now). */
  napi_async_cleanup_hook_handle cleanup = s->cleanup;
  s->cleanup = NULL;
  int finalized = s->finalized;
  if (finalized) {
    free(s->peers);
    free(s->buckets);
    free(s);
  }
  if (cleanup) napi_remove_async_cleanup_hook(cleanup);
}

/* Closes the socket; the poll handle's close completes later, in on_poll_closed. */
static void close_sock(sock_t *s) {
  if (s->closed) return;
  s->closed = 1;
  uv_poll_stop(&s->poll);
  close(s->fd);
  s->fd = -1;
  napi_delete_reference(s->env, s->on_batch);
  for (int i = 0; i < 4; i++) napi_delete_reference(s->env, s->keep[i]);
  napi_async_destroy(s->env, s->async);
  uv_close((uv_handle_t *)&s->poll, on_poll_closed);
}

/* A worker thread or the process ends with the socket still open: close it, and hold the teardown
 * until libuv has run the close callback (after that this library may be unloaded). */
static void env_cleanup(napi_async_cleanup_hook_handle handle, void *data) {
  sock_t *s = data;
  if (s->closed) {
    /* js_close removed the hook before closing; not reached, but never hold the teardown. */
    napi_remove_async_cleanup_hook(handle);
    return;
  }
  s->cleanup = handle;
  close_sock(s);
}

static void finalize_sock(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  sock_t *s = data;
  s->finalized = 1;
  /* Still open: only at the environment's teardown, whose cleanup hook closes it and frees it in
   * on_poll_closed. */
  if (!s->closed) return;
  if (s->poll_closed) {
    free(s->peers);
    free(s->buckets);
    free(s);
  }
}

/* open(family, address, port, rcvbuf, sndbuf, rx, rxMeta, tx, txMeta, onBatch) -> handle */
static napi_value js_open(napi_env env, napi_callback_info info) {
  size_t argc = 10;
  napi_value argv[10];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 10) {
    napi_throw_type_error(env, NULL, "open needs 10 arguments");
    return NULL;
  }
  int32_t family, port, rcvbuf, sndbuf;
  char address[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];
  size_t alen;
  CHECK(napi_get_value_int32(env, argv[0], &family));
  CHECK(napi_get_value_string_utf8(env, argv[1], address, sizeof address, &alen));
  CHECK(napi_get_value_int32(env, argv[2], &port));
  CHECK(napi_get_value_int32(env, argv[3], &rcvbuf));
  CHECK(napi_get_value_int32(env, argv[4], &sndbuf));
  sock_t *s = calloc(1, sizeof *s);
  s->peers = calloc(MAX_PEERS, sizeof(peer_t));
  s->buckets = calloc(PEER_BUCKETS, sizeof(int32_t));
  s->connected = -1;
  s->env = env;
  s->family = family;
  size_t rx_len, rxm_len, txm_len;
  s->rx = buffer_data(env, argv[5], &rx_len);
  s->rx_meta = buffer_data(env, argv[6], &rxm_len);
  s->tx = buffer_data(env, argv[7], &s->tx_size);
  s->tx_meta = buffer_data(env, argv[8], &txm_len);
  if (!s->rx || !s->rx_meta || !s->tx || !s->tx_meta || rx_len < (size_t)RX_BATCH * RX_SLOT ||
      rxm_len < (size_t)RX_ENTRIES * RX_META * 4) {
    free(s->peers);
    free(s->buckets);
    free(s);
    napi_throw_type_error(env, NULL, "open: buffers missing or too small");
    return NULL;
  }
  s->tx_meta_count = txm_len / (TX_META * 4);
  struct sockaddr_storage bind_addr;
  socklen_t bind_len;
  if (to_sockaddr(family, address, port, &bind_addr, &bind_len) != 0) {
    free(s->peers);
    free(s->buckets);
    free(s);
    napi_throw_type_error(env, NULL, "open: not an address of that family");
    return NULL;
  }
  s->fd = socket(family == 6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (s->fd < 0) {
    free(s->peers);
    free(s->buckets);
    free(s);
    return throw_errno(env, "socket");
  }
  int one = 1;
  if (family == 6) setsockopt(s->fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  if (rcvbuf > 0) setsockopt(s->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  if (sndbuf > 0) setsockopt(s->fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
  if (bind(s->fd, (struct sockaddr *)&bind_addr, bind_len) != 0) {
    int e = errno;
    close(s->fd);
    free(s->peers);
    free(s->buckets);
    free(s);
    errno = e;
    return throw_errno(env, "bind");
  }
  for (int i = 0; i < RX_BATCH; i++) {
    s->rx_iov[i].iov_base = s->rx + (size_t)i * RX_SLOT;
    s->rx_iov[i].iov_len = RX_SLOT;
    s->rx_msgs[i].msg_hdr.msg_iov = &s->rx_iov[i];
    s->rx_msgs[i].msg_hdr.msg_iovlen = 1;
    s->rx_msgs[i].msg_hdr.msg_name = &s->rx_from[i];
  }
  for (int i = 0; i < 4; i++) CHECK(napi_create_reference(env, argv[5 + i], 1, &s->keep[i]));
  CHECK(napi_create_reference(env, argv[9], 1, &s->on_batch));
  napi_value name;
  CHECK(napi_create_string_utf8(env, "v6harness.udp", NAPI_AUTO_LENGTH, &name));
  CHECK(napi_async_init(env, NULL, name, &s->async));
  uv_loop_t *loop;
  CHECK(napi_get_uv_event_loop(env, &loop));
  uv_poll_init(loop, &s->poll, s->fd);
  s->poll.data = s;
  uv_poll_start(&s->poll, UV_READABLE, on_readable);
  CHECK(napi_add_async_cleanup_hook(env, env_cleanup, s, &s->cleanup_hook));
  napi_value handle;
  CHECK(napi_create_external(env, s, finalize_sock, NULL, &handle));
  return handle;
}

static sock_t *get_sock(napi_env env, napi_value v) {
  void *data = NULL;
  if (napi_get_value_external(env, v, &data) != napi_ok || !data) {
    napi_throw_type_error(env, NULL, "not a udp_mmsg handle");
    return NULL;
  }
  sock_t *s = data;
  if (s->closed) {
    napi_throw_error(env, "ERR_SOCKET_DGRAM_NOT_RUNNING", "socket is closed");
    return NULL;
  }
  return s;
}

/* localPort(h) -> number */
static napi_value js_local_port(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], out;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  sock_t *s = get_sock(env, argv[0]);
  if (!s) return NULL;
  struct sockaddr_storage a;
  socklen_t len = sizeof a;
  if (getsockname(s->fd, (struct sockaddr *)&a, &len) != 0) return throw_errno(env, "getsockname");
  int port = a.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&a)->sin6_port) : ntohs(((struct sockaddr_in *)&a)->sin_port);
  CHECK(napi_create_int32(env, port, &out));
  return out;
}

/* Reads an (address, port) argument pair into a socket address of the socket's family; on a bad
 * pair throws ERR_SOCKET_BAD_ADDRESS and returns -1. */
static int address_args(napi_env env, sock_t *s, napi_value address_v, napi_value port_v, struct sockaddr_storage *a, socklen_t *len) {
  char address[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];
  size_t alen;
  int32_t port;
  if (napi_get_value_string_utf8(env, address_v, address, sizeof address, &alen) != napi_ok ||
      napi_get_value_int32(env, port_v, &port) != napi_ok || port < 0 || port > 65535 ||
      to_sockaddr(s->family, address, port, a, len) != 0) {
    napi_throw_type_error(env, "ERR_SOCKET_BAD_ADDRESS", "not an address of the socket's family");
    return -1;
  }
  return 0;
}

/* addPeer(h, address, port) -> index, or -1 when the table is full; throws on a bad address. */
static napi_value js_add_peer(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3], out;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  sock_t *s = get_sock(env, argv[0]);
  if (!s) return NULL;
  struct sockaddr_storage a;
  socklen_t len;
  if (address_args(env, s, argv[1], argv[2], &a, &len) != 0) return NULL;
  CHECK(napi_create_int32(env, peer_index(s, &a, len), &out));
  return out;
}

/* The (h, index) arguments of connectPeer and peer: the socket, or NULL with a JS error thrown. */
static sock_t *peer_args(napi_env env, napi_callback_info info, int32_t *i) {
  size_t argc = 2;
  napi_value argv[2];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  sock_t *s = get_sock(env, argv[0]);
  if (!s) return NULL;
  if (napi_get_value_int32(env, argv[1], i) != napi_ok || *i < 0 || *i >= s->npeers) {
    napi_throw_range_error(env, NULL, "no such peer");
    return NULL;
  }
  return s;
}

/* connectPeer(h, index) -> 0, or -errno: connect(2)s the socket to a peer of the table, for a
 * socket that only sends to it (a connected UDP socket receives from that peer alone). Its
 * datagrams then leave on the socket's cached route, as from a connected send(2). */
static napi_value js_connect_peer(napi_env env, napi_callback_info info) {
  napi_value out;
  int32_t i;
  sock_t *s = peer_args(env, info, &i);
  if (!s) return NULL;
  int r = connect(s->fd, (struct sockaddr *)&s->peers[i].addr, s->peers[i].len);
  if (r == 0) s->connected = i;
  CHECK(napi_create_int32(env, r == 0 ? 0 : -errno, &out));
  return out;
}

/* peer(h, index) -> "address" (the port is known to JS from the receive metadata) */
static napi_value js_peer(napi_env env, napi_callback_info info) {
  napi_value out;
  int32_t i;
  sock_t *s = peer_args(env, info, &i);
  if (!s) return NULL;
  char text[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];
  struct sockaddr_storage *a = &s->peers[i].addr;
  if (a->ss_family == AF_INET6) {
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)a;
    inet_ntop(AF_INET6, &a6->sin6_addr, text, INET6_ADDRSTRLEN);
    /* A link-local source keeps its zone, as Node's dgram reports it ("fe80::1%eth0"). */
    char ifname[IF_NAMESIZE];
    if (a6->sin6_scope_id && if_indextoname(a6->sin6_scope_id, ifname)) {
      strcat(text, "%");
      strcat(text, ifname);
    }
  } else inet_ntop(AF_INET, &((struct sockaddr_in *)a)->sin_addr, text, sizeof text);
  CHECK(napi_create_string_latin1(env, text, NAPI_AUTO_LENGTH, &out));
  return out;
}

/* A run of queued datagrams that leaves as one message: `segs` datagrams of `seg` octets (the
 * last may be shorter), contiguous in the send slab from `off`, to one peer. */
typedef struct {
  uint32_t off, len, seg;
  int32_t peer;
  int segs;
} run_t;

/* The run starting at queued datagram `j` of `count`: a single datagram unless GSO is on, then as
 * many following datagrams as are contiguous, of the first one's length (only the last may be
 * shorter) and to the same peer. Returns 0, or -1 for a datagram outside the slab or peer table. */
static int next_run(sock_t *s, int j, int count, run_t *r) {
  int32_t *m = s->tx_meta + (size_t)j * TX_META;
  r->off = (uint32_t)m[0];
  r->len = r->seg = (uint32_t)m[1];
  r->peer = m[2];
  r->segs = 1;
  if ((size_t)r->off + r->len > s->tx_size || r->peer < 0 || r->peer >= s->npeers) return -1;
  if (!s->gso || r->seg == 0) return 0;
  while (j + r->segs < count && r->segs < GSO_MAX_SEGS && r->len == r->seg * (uint32_t)r->segs) {
    int32_t *n = s->tx_meta + (size_t)(j + r->segs) * TX_META;
    uint32_t len = (uint32_t)n[1];
    if ((uint32_t)n[0] != r->off + r->len || n[2] != r->peer || len == 0 || len > r->seg ||
        r->len + len > GSO_MAX_BYTES || (size_t)n[0] + len > s->tx_size)
      break;
    r->len += len;
    r->segs++;
  }
  return 0;
}

/* flush(h, count) -> datagrams handed to the kernel (fewer than count when its buffer is full).
 * With GSO on (setGso), runs of equal datagrams to one peer go as one message each with a
 * UDP_SEGMENT control message: one trip through the socket, route and netfilter per run instead
 * of per datagram; the receiver still gets separate datagrams. */
static napi_value js_flush(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], out;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  sock_t *s = get_sock(env, argv[0]);
  if (!s) return NULL;
  int32_t count;
  CHECK(napi_get_value_int32(env, argv[1], &count));
  if (count < 0 || (size_t)count > s->tx_meta_count) {
    napi_throw_range_error(env, NULL, "flush: more datagrams than the send metadata holds");
    return NULL;
  }
  struct mmsghdr msgs[TX_CHUNK];
  struct iovec iov[TX_CHUNK];
  int segs[TX_CHUNK];
  union {
    char buf[CMSG_SPACE(sizeof(uint16_t))];
    struct cmsghdr align;
  } ctl[TX_CHUNK];
  int sent = 0;
  while (sent < count) {
    int n = 0, queued = 0;
    for (; n < TX_CHUNK && sent + queued < count; n++) {
      run_t r;
      if (next_run(s, sent + queued, count, &r) != 0) {
        napi_throw_range_error(env, NULL, "flush: a queued datagram lies outside the send slab or has no peer");
        return NULL;
      }
      iov[n].iov_base = s->tx + r.off;
      iov[n].iov_len = r.len;
      memset(&msgs[n].msg_hdr, 0, sizeof msgs[n].msg_hdr);
      msgs[n].msg_hdr.msg_iov = &iov[n];
      msgs[n].msg_hdr.msg_iovlen = 1;
      /* To the connected peer without an address: the kernel then uses the socket's cached
       * route instead of looking one up per datagram (udpv6_sendmsg/udp_sendmsg). */
      if (r.peer != s->connected) {
        msgs[n].msg_hdr.msg_name = &s->peers[r.peer].addr;
        msgs[n].msg_hdr.msg_namelen = s->peers[r.peer].len;
      }
      if (r.segs > 1) {
        msgs[n].msg_hdr.msg_control = ctl[n].buf;
        msgs[n].msg_hdr.msg_controllen = sizeof ctl[n].buf;
        struct cmsghdr *c = CMSG_FIRSTHDR(&msgs[n].msg_hdr);
        c->cmsg_level = SOL_UDP;
        c->cmsg_type = UDP_SEGMENT;
        c->cmsg_len = CMSG_LEN(sizeof(uint16_t));
        uint16_t seg = (uint16_t)r.seg;
        memcpy(CMSG_DATA(c), &seg, sizeof seg);
      }
      segs[n] = r.segs;
      queued += r.segs;
    }
    int r = sendmmsg(s->fd, msgs, (unsigned)n, MSG_DONTWAIT);
    if (r < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS) break;
      if (segs[0] > 1 && (errno == EINVAL || errno == EIO || errno == ENOPROTOOPT || errno == EOPNOTSUPP)) {
        /* The path cannot segment (no checksum offload, a segment over the MTU, IPsec): send
         * these datagrams one by one, and from now on all of them. */
        s->gso = 0;
        continue;
      }
      /* The first datagram failed (e.g. no route, EMSGSIZE): it is lost, as with dgram; go on. */
      sent += segs[0];
      continue;
    }
    for (int i = 0; i < r; i++) sent += segs[i];
    if (r < n) {
      /* sendmmsg stops at the first failure: let the caller retry from there. */
      break;
    }
  }
  CHECK(napi_create_int32(env, sent, &out));
  return out;
}

/* setGso(h, on) -> whether the kernel segments UDP for this socket (UDP_SEGMENT known); flush
 * then sends runs of equal datagrams as one message each. */
static napi_value js_set_gso(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], out;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  sock_t *s = get_sock(env, argv[0]);
  if (!s) return NULL;
  bool on;
  CHECK(napi_get_value_bool(env, argv[1], &on));
  int seg = 0;
  socklen_t sl = sizeof seg;
  /* A kernel without UDP GSO answers ENOPROTOOPT. */
  int supported = getsockopt(s->fd, SOL_UDP, UDP_SEGMENT, &seg, &sl) == 0;
  s->gso = on && supported;
  CHECK(napi_get_boolean(env, s->gso != 0, &out));
  return out;
}

/* sendTo(h, data, address, port) -> bytes sent, or -1 when the kernel refused: one datagram to a
 * peer outside the table (it is full), as dgram would send it. */
static napi_value js_send_to(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4], out;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  sock_t *s = get_sock(env, argv[0]);
  if (!s) return NULL;
  void *data;
  size_t len;
  bool is_typed = false;
  CHECK(napi_is_typedarray(env, argv[1], &is_typed));
  if (!is_typed) {
    napi_throw_type_error(env, NULL, "sendTo: data must be a Uint8Array");
    return NULL;
  }
  napi_typedarray_type type;
  napi_value ab;
  size_t byte_offset;
  CHECK(napi_get_typedarray_info(env, argv[1], &type, &len, &data, &ab, &byte_offset));
  struct sockaddr_storage a;
  socklen_t alen;
  if (address_args(env, s, argv[2], argv[3], &a, &alen) != 0) return NULL;
  ssize_t r = sendto(s->fd, data, len, MSG_DONTWAIT, (struct sockaddr *)&a, alen);
  CHECK(napi_create_int32(env, r < 0 ? -1 : (int32_t)r, &out));
  return out;
}

/* close(h): stops watching and closes the socket; idempotent. */
static napi_value js_close(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  void *data = NULL;
  if (napi_get_value_external(env, argv[0], &data) != napi_ok || !data) return NULL;
  sock_t *s = data;
  if (s->closed) return NULL;
  napi_remove_async_cleanup_hook(s->cleanup_hook);
  s->cleanup_hook = NULL;
  close_sock(s);
  return NULL;
}

/* setGro(h, on) -> whether the kernel coalesces UDP datagrams for this socket (udp(7) UDP_GRO,
 * Linux 5.0+): a train of equal datagrams from one peer then arrives in one receive, listed
 * datagram by datagram in the metadata. */
static napi_value js_set_gro(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], out;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  sock_t *s = get_sock(env, argv[0]);
  if (!s) return NULL;
  bool on;
  CHECK(napi_get_value_bool(env, argv[1], &on));
  int v = on ? 1 : 0;
  int ok = setsockopt(s->fd, SOL_UDP, UDP_GRO, &v, sizeof v) == 0;
  s->gro = on && ok;
  CHECK(napi_get_boolean(env, s->gro != 0, &out));
  return out;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"open", NULL, js_open, NULL, NULL, NULL, napi_default, NULL},
      {"localPort", NULL, js_local_port, NULL, NULL, NULL, napi_default, NULL},
      {"addPeer", NULL, js_add_peer, NULL, NULL, NULL, napi_default, NULL},
      {"connectPeer", NULL, js_connect_peer, NULL, NULL, NULL, napi_default, NULL},
      {"peer", NULL, js_peer, NULL, NULL, NULL, napi_default, NULL},
      {"sendTo", NULL, js_send_to, NULL, NULL, NULL, napi_default, NULL},
      {"flush", NULL, js_flush, NULL, NULL, NULL, napi_default, NULL},
      {"setGso", NULL, js_set_gso, NULL, NULL, NULL, napi_default, NULL},
      {"setGro", NULL, js_set_gro, NULL, NULL, NULL, napi_default, NULL},
      {"close", NULL, js_close, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_value v;
  napi_create_int32(env, RX_BATCH, &v);
  napi_set_named_property(env, exports, "RX_BATCH", v);
  napi_create_int32(env, RX_SLOT, &v);
  napi_set_named_property(env, exports, "RX_SLOT", v);
  napi_create_int32(env, RX_META, &v);
  napi_set_named_property(env, exports, "RX_META", v);
  napi_create_int32(env, RX_ENTRIES, &v);
  napi_set_named_property(env, exports, "RX_ENTRIES", v);
  napi_create_int32(env, TX_META, &v);
  napi_set_named_property(env, exports, "TX_META", v);
  napi_create_int32(env, MAX_PEERS, &v);
  napi_set_named_property(env, exports, "MAX_PEERS", v);
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
