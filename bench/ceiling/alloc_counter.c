// Counts heap allocations in a process it is preloaded into
// (LD_PRELOAD=alloc_counter.so): every malloc, calloc, realloc and
// aligned allocation, operator new included (libstdc++'s calls malloc).
// On SIGUSR2 it writes "alloc_count <N>" to standard error, so a benchmark
// can read the count before and after a load and divide by the requests.
#define _GNU_SOURCE
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <unistd.h>

extern void* __libc_malloc(size_t size);
extern void* __libc_calloc(size_t count, size_t size);
extern void* __libc_realloc(void* old, size_t size);
extern void* __libc_memalign(size_t alignment, size_t size);

static atomic_ullong allocations;

void* malloc(size_t size) {
  atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
  return __libc_malloc(size);
}

void* calloc(size_t count, size_t size) {
  atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
  return __libc_calloc(count, size);
}

void* realloc(void* old, size_t size) {
  atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
  return __libc_realloc(old, size);
}

void* aligned_alloc(size_t alignment, size_t size) {
  atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
  return __libc_memalign(alignment, size);
}

int posix_memalign(void** out, size_t alignment, size_t size) {
  atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
  void* p = __libc_memalign(alignment, size);
  if (p == NULL) return 12;  // ENOMEM
  *out = p;
  return 0;
}

static void report(int signal_number) {
  (void)signal_number;
  char line[64];
  int n = snprintf(line, sizeof line, "alloc_count %llu\n",
                   (unsigned long long)atomic_load(&allocations));
  if (n > 0) (void)write(2, line, (size_t)n);
}

__attribute__((constructor)) static void install(void) {
  struct sigaction action = {0};
  action.sa_handler = report;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGUSR2, &action, NULL);
}
