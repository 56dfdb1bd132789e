// How careerbot's own threads present themselves: a name, as `top -H`, `perf`
// and debuggers show it, and for those that work in the background, a lower
// CPU priority.
#pragma once

#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace careerbot {

// Linux keeps the first 15 characters. The main thread keeps the program's
// name (renaming it would rename the process for `ps` and `pkill`).
inline void name_this_thread(const char* name) {
  pthread_setname_np(pthread_self(), name);
}

// Acknowledging comes first: when threads want the CPU at once, a platform
// waiting for its 2xx (Slack gives 3 s, then sends again) or a mail client
// waiting for its 250 goes before answering and delivering, which catch up as
// soon as there is room. The niceness is added to the one the thread was
// started with (the process's, when it runs under `nice`), up to 19.
inline constexpr int kBackgroundNiceness = 10;

// (The name comes last: a thread seen with its name has its priority.)
inline void name_background_thread(const char* name) {
  const auto me = static_cast<id_t>(gettid());
  errno = 0;
  const int started_with = getpriority(PRIO_PROCESS, me);  // -1 is a valid niceness
  if (errno == 0) setpriority(PRIO_PROCESS, me, std::min(started_with + kBackgroundNiceness, 19));
  name_this_thread(name);
}

}  // namespace careerbot
