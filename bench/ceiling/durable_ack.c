// The ceiling of a durable acknowledgement, for bench/ceiling_bench.sh: the
// least a server can do to answer a webhook only once its body is on disk.
// One epoll loop reads HTTP/1.1 requests (keep-alive, Content-Length bodies)
// and hands each body to a committer thread, which appends what gathered to
// a journal file with one pwrite and one fdatasync (group commit) and only
// then has the loop answer each request with an empty 200. The journal is
// written full of zeros first and then overwritten in a ring, so that an
// fdatasync flushes data, not the file's growing size (what a database's
// reused write-ahead log does). No signature, no JSON, no database: what
// careerbot does beyond this is its own cost.
//   durable_ack PORT JOURNAL_PATH
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

enum { kMaxFd = 65536, kRequestMax = 1 << 16, kBatchMax = 64 << 20 };
static const off_t kJournalBytes = 256 << 20;
static const char kOk[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 0\r\n\r\n";

struct connection {
  char *buffer;  // what arrived and is not yet a whole request
  int length;
};
static struct connection connections[kMaxFd];

// Handed from the loop to the committer (waiting), and back (committed).
struct batch {
  char *bytes;
  size_t length;
  int *fds;
  int count;
};
static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t handed_over = PTHREAD_COND_INITIALIZER;
static struct batch waiting, committed;
static int journal, wakeup;

static void die(const char *what) {
  perror(what);
  exit(1);
}

static void batch_init(struct batch *b) {
  b->bytes = malloc(kBatchMax);
  b->fds = malloc(sizeof(int) * kMaxFd);
  if (!b->bytes || !b->fds) die("malloc");
  b->length = 0;
  b->count = 0;
}

static void *commit_batches(void *unused) {
  (void)unused;
  struct batch mine;
  batch_init(&mine);
  off_t offset = 0;
  for (;;) {
    pthread_mutex_lock(&mutex);
    while (waiting.count == 0) pthread_cond_wait(&handed_over, &mutex);
    struct batch taken = waiting;  // swap the buffers: the loop fills the other
    waiting = mine;
    pthread_mutex_unlock(&mutex);
    mine = taken;
    if (offset + (off_t)mine.length > kJournalBytes) offset = 0;
    if (pwrite(journal, mine.bytes, mine.length, offset) != (ssize_t)mine.length) die("pwrite");
    offset += (off_t)mine.length;
    if (fdatasync(journal) != 0) die("fdatasync");
    pthread_mutex_lock(&mutex);
    memcpy(committed.fds + committed.count, mine.fds, sizeof(int) * mine.count);
    committed.count += mine.count;
    pthread_mutex_unlock(&mutex);
    mine.length = 0;
    mine.count = 0;
    uint64_t one = 1;
    if (write(wakeup, &one, sizeof one) != sizeof one) die("eventfd");
  }
  return NULL;
}

// A whole request at the start of c's buffer: its length, and its body's.
static int whole_request(const struct connection *c, int *body_start, int *body_length) {
  const char *end = memmem(c->buffer, c->length, "\r\n\r\n", 4);
  if (!end) return 0;
  *body_start = (int)(end - c->buffer) + 4;
  *body_length = 0;
  for (const char *line = c->buffer; line < end;) {
    const char *next = memmem(line, end - line, "\r\n", 2);
    if (!next) next = end;
    if (next - line > 15 && strncasecmp(line, "Content-Length:", 15) == 0) {
      *body_length = atoi(line + 15);
    }
    line = next + 2;
  }
  int total = *body_start + *body_length;
  return c->length >= total ? total : 0;
}

static void drop(int epoll, int fd) {
  epoll_ctl(epoll, EPOLL_CTL_DEL, fd, NULL);
  close(fd);
  connections[fd].length = 0;
}

static void read_requests(int epoll, int fd) {
  struct connection *c = &connections[fd];
  ssize_t got = read(fd, c->buffer + c->length, kRequestMax - c->length);
  if (got <= 0) {
    if (got < 0 && errno == EAGAIN) return;
    drop(epoll, fd);
    return;
  }
  c->length += (int)got;
  int start, body, total;
  while ((total = whole_request(c, &start, &body)) > 0) {
    pthread_mutex_lock(&mutex);
    memcpy(waiting.bytes + waiting.length, c->buffer + start, body);
    waiting.length += body;
    waiting.fds[waiting.count++] = fd;
    pthread_cond_signal(&handed_over);
    pthread_mutex_unlock(&mutex);
    memmove(c->buffer, c->buffer + total, c->length - total);
    c->length -= total;
  }
  if (c->length == kRequestMax) drop(epoll, fd);  // a request too big for this bench
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: durable_ack PORT JOURNAL_PATH\n");
    return 2;
  }
  journal = open(argv[2], O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (journal < 0) die(argv[2]);
  char *zeros = calloc(1, 1 << 20);
  for (off_t at = 0; at < kJournalBytes; at += 1 << 20) {
    if (pwrite(journal, zeros, 1 << 20, at) != 1 << 20) die("pwrite");
  }
  if (fsync(journal) != 0) die("fsync");
  free(zeros);
  batch_init(&waiting);
  batch_init(&committed);

  int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int on = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[1]))};
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listener, (struct sockaddr *)&address, sizeof address) != 0) die("bind");
  if (listen(listener, 1024) != 0) die("listen");
  int epoll = epoll_create1(EPOLL_CLOEXEC);
  wakeup = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  struct epoll_event event = {.events = EPOLLIN, .data.fd = listener};
  epoll_ctl(epoll, EPOLL_CTL_ADD, listener, &event);
  event.data.fd = wakeup;
  epoll_ctl(epoll, EPOLL_CTL_ADD, wakeup, &event);
  pthread_t committer;
  if (pthread_create(&committer, NULL, commit_batches, NULL) != 0) die("pthread_create");

  int *answer = malloc(sizeof(int) * kMaxFd);
  struct epoll_event ready[256];
  for (;;) {
    int n = epoll_wait(epoll, ready, 256, -1);
    if (n < 0 && errno != EINTR) die("epoll_wait");
    for (int i = 0; i < n; i++) {
      int fd = ready[i].data.fd;
      if (fd == listener) {
        int client = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (client < 0) continue;
        if (client >= kMaxFd) {
          close(client);
          continue;
        }
        setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        if (!connections[client].buffer) connections[client].buffer = malloc(kRequestMax);
        connections[client].length = 0;
        event.data.fd = client;
        epoll_ctl(epoll, EPOLL_CTL_ADD, client, &event);
      } else if (fd == wakeup) {
        uint64_t count;
        if (read(wakeup, &count, sizeof count) < 0 && errno != EAGAIN) die("eventfd");
        pthread_mutex_lock(&mutex);
        int k = committed.count;
        memcpy(answer, committed.fds, sizeof(int) * k);
        committed.count = 0;
        pthread_mutex_unlock(&mutex);
        // (a connection closed meanwhile: the write fails, nothing else)
        for (int j = 0; j < k; j++) {
          if (write(answer[j], kOk, sizeof kOk - 1) < 0) continue;
        }
      } else {
        read_requests(epoll, fd);
      }
    }
  }
}
