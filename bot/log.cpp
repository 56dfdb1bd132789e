#include "log.hpp"

#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <string>
#include <thread>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "json_writer.hpp"
#include "thread_role.hpp"

namespace careerbot::log {
namespace {

std::atomic<Level> g_level{Level::info};

spdlog::logger& logger() {
  // Built on first use; spdlog adds the time and level, we add the rest.
  static std::shared_ptr<spdlog::logger> instance = [] {
    auto created = spdlog::stderr_logger_mt("careerbot");
    created->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%v)",
                         spdlog::pattern_time_type::utc);
    created->set_level(spdlog::level::trace);
    created->flush_on(spdlog::level::trace);
    return created;
  }();
  return *instance;
}

// The access log: lines gathered in memory and written to standard error by
// one background thread in batches, every kRequestFlush or sooner when many
// are waiting. A request costs an uncontended lock and a copy: no wake-up of
// another thread, no system call. Lines beyond kRequestBacklog bytes waiting
// are dropped and counted instead of making requests wait.
constexpr auto kRequestFlush = std::chrono::milliseconds(50);
constexpr std::size_t kRequestBatch = std::size_t{64} * 1024;          // write now
constexpr std::size_t kRequestBacklog = std::size_t{4} * 1024 * 1024;  // drop beyond
constexpr std::size_t kAtomicWrite = 4096;  // PIPE_BUF: a pipe never splits it

class RequestLog {
 public:
  RequestLog()
      : writer_([this] {
          name_this_thread("cb-access-log");
          write_batches();
        }) {}
  ~RequestLog() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    writer_.join();
  }
  RequestLog(const RequestLog&) = delete;
  RequestLog& operator=(const RequestLog&) = delete;

  void add(std::string_view line) {
    bool soon = false;
    {
      std::lock_guard lock(mutex_);
      if (pending_.size() + line.size() > kRequestBacklog) {
        ++dropped_;
        return;
      }
      pending_ += line;
      soon = pending_.size() >= kRequestBatch && pending_.size() - line.size() < kRequestBatch;
    }
    if (soon) wake_.notify_one();
  }

  std::size_t dropped() {
    std::lock_guard lock(mutex_);
    return dropped_;
  }

 private:
  void write_batches() {
    std::string batch;
    std::unique_lock lock(mutex_);
    while (true) {
      wake_.wait_for(lock, kRequestFlush,
                     [this] { return stopping_ || pending_.size() >= kRequestBatch; });
      batch.clear();
      batch.swap(pending_);
      const bool last = stopping_;
      lock.unlock();
      write_lines(batch);
      lock.lock();
      if (last && pending_.empty()) return;
    }
  }

  // Whole lines, at most kAtomicWrite bytes a call where lines allow, so that
  // the other log lines (written by spdlog to the same descriptor) never land
  // inside one of these.
  static void write_lines(std::string_view text) {
    while (!text.empty()) {
      std::size_t take = text.size();
      if (take > kAtomicWrite) {
        auto cut = text.rfind('\n', kAtomicWrite - 1);
        take = cut == std::string_view::npos ? text.find('\n') : cut;
        take = take == std::string_view::npos ? text.size() : take + 1;
      }
      auto chunk = text.substr(0, take);
      while (!chunk.empty()) {
        auto written = ::write(STDERR_FILENO, chunk.data(), chunk.size());
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) return;  // standard error is gone: nothing to tell
        chunk.remove_prefix(static_cast<std::size_t>(written));
      }
      text.remove_prefix(take);
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::string pending_;
  std::size_t dropped_ = 0;
  bool stopping_ = false;
  std::thread writer_;  // last: started once the state above exists
};

RequestLog& request_log() {
  static RequestLog instance;
  return instance;
}

// "2026-11-30T13:05:09.123Z", the time format of every log line.
void append_utc_now(std::string& out) {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const auto seconds = floor<std::chrono::seconds>(now);
  thread_local sys_seconds cached_second{};
  thread_local std::array<char, 24> cached{};  // "YYYY-MM-DDTHH:MM:SS"
  if (seconds != cached_second) {
    const std::time_t t = system_clock::to_time_t(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(cached.data(), cached.size(), "%Y-%m-%dT%H:%M:%S", &tm);
    cached_second = seconds;
  }
  const auto millis = duration_cast<milliseconds>(now - seconds).count();
  std::array<char, 8> fraction{};
  std::snprintf(fraction.data(), fraction.size(), ".%03dZ", static_cast<int>(millis));
  out += cached.data();
  out += fraction.data();
}

spdlog::level::level_enum to_spdlog(Level level) {
  switch (level) {
    case Level::debug:
      return spdlog::level::debug;
    case Level::info:
      return spdlog::level::info;
    case Level::warn:
      return spdlog::level::warn;
    case Level::error:
      return spdlog::level::err;
    case Level::off:
      return spdlog::level::off;
  }
  return spdlog::level::info;
}

}  // namespace

bool parse_level(std::string_view name, Level& level) {
  if (name == "debug")
    level = Level::debug;
  else if (name == "info")
    level = Level::info;
  else if (name == "warn")
    level = Level::warn;
  else if (name == "error")
    level = Level::error;
  else if (name == "off")
    level = Level::off;
  else
    return false;
  return true;
}

void set_level(Level level) {
  g_level = level;
}

bool enabled(Level level) {
  return level != Level::off && level >= g_level.load();
}

void write(Level level, std::string_view event, const nlohmann::json& fields) {
  if (!enabled(level)) return;
  nlohmann::json line = {{"event", event}};
  if (fields.is_object()) line.update(fields);
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  // Drop the opening brace: the pattern supplies it, with the time and level.
  logger().log(to_spdlog(level), "{}", std::string_view(text).substr(1));
}

void write(Level level, std::string_view event) {
  write(level, event, nlohmann::json::object());
}

void request(const RequestLine& line) {
  if (!enabled(Level::info)) return;
  thread_local std::string text;  // reused: no allocation once it has grown
  text.assign(R"({"time":")");
  append_utc_now(text);
  text += R"(","level":"info",)";
  const std::size_t object = text.size();
  JsonWriter w(text);
  w.begin_object().key("event").string("http_request");
  w.key("method").string(line.method);
  w.key("path").string(line.path.substr(0, 256));
  w.key("route").string(line.route);
  w.key("status").number(line.status);
  w.key("bytes").number(line.bytes);
  w.key("duration_ms").number(line.duration_ms);
  w.key("remote").string(line.remote).end_object();
  text.erase(object, 1);  // the writer's opening brace: the line has its own
  text += '\n';
  request_log().add(text);
}

std::size_t dropped_request_lines() {
  return request_log().dropped();
}

}  // namespace careerbot::log
