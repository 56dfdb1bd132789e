// The web chat behind the widget and the chat page: server-issued sessions
// whose messages are stored (so a reload or a reconnect carries on), a
// WebSocket endpoint (GET /chat/socket) and an HTTP fallback (POST
// /chat/v1/sessions, GET /chat/v1/sessions/{id}/messages, POST /v1/ask with
// a "session"), per-session question limits, and live delivery of a
// counselor's answer to every open page of the session. docs/WEB.md has the
// protocol.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "abuse_limits.hpp"
#include "assistant.hpp"
#include "config.hpp"
#include "handoffs.hpp"
#include "knowledge_service.hpp"
#include "metrics.hpp"
#include "rate_limit.hpp"
#include "router.hpp"
#include "socket.hpp"

namespace careerbot {

class WebChat {
 public:
  WebChat(Assistant& assistant, KnowledgeService& knowledge, Handoffs& handoffs, Metrics& metrics,
          AbuseLimits& limits, const WebConfig& config, std::size_t max_question_bytes);

  // GET /chat/socket (WebSocket) and the HTTP fallback's session routes.
  void add_routes(Router& router);

  // POST /v1/ask with a "session": the question is part of that web chat.
  WebResponse ask_over_http(const nlohmann::json& body);

  // Whether a browser page from this request's Origin may talk to the chat:
  // careerbot's own origin or one of web.allowed_origins (no Origin: not a
  // browser, allowed).
  bool origin_allowed(const WebRequest& request) const;

  // Another instance added messages to these sessions (or, with
  // every_session, perhaps to any): this instance's open pages of them get
  // what they have not had yet.
  void catch_up(const std::set<std::string>& sessions, bool every_session);

 private:
  // What asking did: the messages to show (the question and its answer),
  // or a refusal as a status with a problem.
  struct Exchange {
    int status = 200;
    std::string title;
    std::string detail;
    int retry_after = 0;
    bool fresh = false;  // false: a resend, answered from the store
    bool held = false;   // kept for a counselor, no answer
    std::vector<WebMessage> messages;
    nlohmann::json answer;  // the /v1/ask JSON of a fresh answer
  };
  Exchange ask(const std::string& session, const nlohmann::json& body);
  static Exchange refusal(int status, std::string title, std::string detail);

  std::string new_session();
  bool known_session(const std::string& session);
  void purge_old_history();

  SocketListener open_socket(const std::shared_ptr<SocketPeer>& peer, const std::string& client);
  void on_socket_message(struct SocketState& state, std::string_view frame);
  // A page's socket joins a session, having seen its messages up to `after`.
  void subscribe(const std::string& session, const std::shared_ptr<SocketPeer>& peer,
                 long long after);
  void unsubscribe(const std::string& session, const SocketPeer* peer);
  // Sends messages to one page, or to every page open on the session, each
  // message once.
  void send_to(const std::string& session, const SocketPeer& peer,
               const std::vector<WebMessage>& messages);
  void broadcast(const std::string& session, const std::vector<WebMessage>& messages);
  std::vector<OutboxEntry> deliver_counselor_text(const nlohmann::json& route,
                                                  const std::string& text);

  Assistant& assistant_;
  KnowledgeService& knowledge_;
  Handoffs& handoffs_;
  Metrics& metrics_;
  const WebConfig config_;
  const std::size_t max_question_bytes_;

  AbuseLimits& limits_;
  TokenBuckets questions_;  // per session

  // An open page of a session, and the messages it was sent: those up to
  // `floor`, and the ids in `sent` (which grows to a few hundred, then
  // raises the floor). Messages of one session may be committed out of id
  // order by two instances, so a high-water mark alone could skip one.
  struct Page {
    std::weak_ptr<SocketPeer> peer;
    long long floor = 0;
    std::set<long long> sent;
  };
  std::mutex sockets_mutex_;
  std::unordered_multimap<std::string, Page> sockets_;

  // One question of a session at a time, so that a resend waits for the
  // first answer and then finds it stored.
  std::array<std::mutex, 32> session_locks_;
  std::atomic<std::int64_t> last_purge_{0};
};

nlohmann::json web_message_to_json(const WebMessage& message);

}  // namespace careerbot
