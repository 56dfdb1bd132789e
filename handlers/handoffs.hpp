// Human handoff: when a person asks for someone (or careerbot fails them
// twice in a row), the conversation goes to the counselors' inbox with its
// transcript, the person is told who will answer and when, and careerbot
// keeps quiet there (keeping the messages) until a counselor answers from
// the console, releases it, or the handoff times out. Every channel takes
// part the same way: holding() before answering, after_answer() after.
#pragma once

#include <cstddef>
#include <functional>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "answer.hpp"
#include "config.hpp"
#include "metrics.hpp"
#include "outbox.hpp"
#include "store.hpp"

namespace careerbot {

// Where a conversation came from and how a counselor's answer gets back.
// `route["kind"]` names the courier: "chat" (a chat platform's reply_to,
// rate_key, markup, max_length), "email" or "web".
struct HandoffOrigin {
  std::string conversation;
  std::string channel;
  nlohmann::json route;
};

class Handoffs {
 public:
  Handoffs(const HandoffConfig& config, Store& store, Outbox& outbox, Metrics& metrics);

  // Builds the outbox entries that carry `text` to the person at `route`
  // (none when the courier delivers itself, as the web chat does). Throws
  // std::invalid_argument for a route it cannot use.
  using Courier =
      std::function<std::vector<OutboxEntry>(const nlohmann::json& route, const std::string& text)>;
  void add_courier(const std::string& kind, Courier courier);

  bool enabled() const { return config_.enabled(); }

  // The open handoff holding this conversation, if any (one past its time is
  // closed here as expired, and careerbot answers again).
  std::optional<Handoff> holding(const std::string& conversation);
  // Keeps a message of a held conversation for the counselor.
  void keep(const Handoff& handoff, std::string_view text);

  // With an inbox configured: remembers the turn for a transcript and, when the person asked for a
  // human or met too many fallbacks in a row, opens a handoff and replaces
  // the answer with the notice of who will answer and when. True when it did.
  bool after_answer(const HandoffOrigin& origin, std::string_view question, Answer& answer);

  enum class Outcome { done, not_found, not_open, no_route };
  // A counselor's answer, sent through the person's own channel; closes the handoff.
  Outcome reply(long long id, const std::string& text, const std::string& counselor);
  Outcome release(long long id, const std::string& actor);
  std::vector<Handoff> list(bool open_only, int limit);

 private:
  struct Turn {
    std::string role;
    std::string text;
    std::string at;
  };
  struct Recent {
    std::vector<Turn> turns;
    int fallbacks_in_a_row = 0;
    std::list<std::string>::iterator age;
  };
  void remember(const std::string& conversation, Turn turn, std::optional<bool> fallback);
  Recent recent(const std::string& conversation);
  std::string notice() const;
  std::vector<OutboxEntry> notify_counselors(const Handoff& handoff);
  std::vector<OutboxEntry> deliver(const nlohmann::json& route, const std::string& text);
  void close_if_expired(Handoff& handoff);

  const HandoffConfig config_;
  Store& store_;
  Outbox& outbox_;
  Metrics& metrics_;
  std::map<std::string, Courier> couriers_;
  std::mutex mutex_;
  std::unordered_map<std::string, Recent> recent_;
  std::list<std::string> ages_;  // least recently used first
};

// A chat platform's route: where replies go, their pacing key, and how the
// platform shows text.
nlohmann::json chat_route(const std::string& channel, const nlohmann::json& reply_to,
                          const std::string& rate_key, int markup, std::size_t max_length);

}  // namespace careerbot
