#include "web_chat.hpp"

#include "crypto.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <functional>
#include <map>

#include "log.hpp"

namespace careerbot {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxClientId = 64;
constexpr int kMaxHistory = 500;
constexpr std::int64_t kPurgeEverySeconds = 3600;

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool session_id_shape(const std::string& id) {
  return id.size() == 32 && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

bool printable(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x20 && c != 0x7F; });
}

// How many message ids a page remembers having been sent (see Page).
constexpr std::size_t kRememberSent = 256;

json error_frame(int status, std::string_view title, std::string_view detail, int retry_after) {
  json f = {{"type", "error"}, {"status", status}, {"title", title}, {"detail", detail}};
  if (retry_after > 0) f["retry_after"] = retry_after;
  return f;
}

}  // namespace

// One open socket: the session it joined with its hello.
struct SocketState {
  std::weak_ptr<SocketPeer> peer;
  std::string client;  // the address it came from
  std::string session;
};

json web_message_to_json(const WebMessage& m) {
  json j = {{"id", m.id}, {"role", m.role}, {"at", m.at}, {"text", m.text}};
  if (!m.client_id.empty() && m.role == "user") j["client_id"] = m.client_id;
  if (!m.reply.empty()) j["reply"] = json::parse(m.reply, nullptr, false);
  if (m.held) j["held"] = true;
  return j;
}

namespace {

std::string message_frame(const WebMessage& m) {
  return json{{"type", "message"}, {"message", web_message_to_json(m)}}.dump();
}

}  // namespace

WebChat::WebChat(Assistant& assistant, KnowledgeService& knowledge, Handoffs& handoffs,
                 Metrics& metrics, AbuseLimits& limits, const WebConfig& config,
                 std::size_t max_question_bytes)
    : assistant_(assistant),
      knowledge_(knowledge),
      handoffs_(handoffs),
      metrics_(metrics),
      config_(config),
      max_question_bytes_(max_question_bytes),
      limits_(limits),
      questions_(Rate{static_cast<double>(config.questions_per_minute),
                      static_cast<double>(config.question_burst)}) {
  handoffs_.add_courier("web", [this](const json& route, const std::string& text) {
    return deliver_counselor_text(route, text);
  });
  purge_old_history();
}

bool WebChat::origin_allowed(const WebRequest& request) const {
  std::string origin = lower(std::string(request.header("origin")));
  if (origin.empty()) return true;
  auto scheme_end = origin.find("://");
  if (scheme_end != std::string::npos &&
      origin.substr(scheme_end + 3) == lower(std::string(request.header("host")))) {
    return true;
  }
  return std::find(config_.allowed_origins.begin(), config_.allowed_origins.end(), origin) !=
         config_.allowed_origins.end();
}

std::string WebChat::new_session() {
  std::string id = crypto::random_hex(16);
  knowledge_.store().add_web_session(id);
  metrics_.add("careerbot_web_sessions_started_total", {});
  purge_old_history();
  return id;
}

bool WebChat::known_session(const std::string& session) {
  return session_id_shape(session) && knowledge_.store().touch_web_session(session);
}

void WebChat::purge_old_history() {
  std::int64_t now = std::time(nullptr);
  std::int64_t last = last_purge_.load();
  if (now - last < kPurgeEverySeconds || !last_purge_.compare_exchange_strong(last, now)) return;
  int removed = knowledge_.store().purge_web_history(
      utc_text(std::chrono::system_clock::now() - std::chrono::hours(24) * config_.history_days));
  if (removed > 0) log::write(log::Level::info, "web_history_purged", {{"sessions", removed}});
}

WebChat::Exchange WebChat::refusal(int status, std::string title, std::string detail) {
  Exchange e;
  e.status = status;
  e.title = std::move(title);
  e.detail = std::move(detail);
  return e;
}

WebChat::Exchange WebChat::ask(const std::string& session, const json& body) {
  auto text = body.find("text");
  if (text == body.end() || !text->is_string() ||
      text->get_ref<const std::string&>().find_first_not_of(" \t\r\n") == std::string::npos) {
    return refusal(400, "Invalid request", "Field 'text' is required and must not be empty.");
  }
  const std::string& question = text->get_ref<const std::string&>();
  if (question.size() > max_question_bytes_) {
    return refusal(
        413, "Question too long",
        "The question is longer than " + std::to_string(max_question_bytes_) + " bytes.");
  }
  std::string client_id;
  if (auto id = body.find("client_id"); id != body.end() && !id->is_null()) {
    if (!id->is_string() || id->get_ref<const std::string&>().size() > kMaxClientId ||
        !printable(id->get_ref<const std::string&>())) {
      return refusal(400, "Invalid request",
                     "Field 'client_id' must be printable text of at most 64 bytes.");
    }
    client_id = id->get<std::string>();
  }
  if (!known_session(session)) {
    return refusal(404, "Unknown session",
                   "This chat session does not exist or has expired; start a new one.");
  }
  std::lock_guard lock(session_locks_[std::hash<std::string>{}(session) % session_locks_.size()]);
  Store& store = knowledge_.store();
  Exchange exchange;
  if (!client_id.empty()) {
    exchange.messages = store.web_messages_for(session, client_id);
    if (!exchange.messages.empty()) {
      metrics_.add("careerbot_web_resends_total", {});
      return exchange;
    }
  }
  if (auto verdict = questions_.take(session); !verdict.allowed) {
    auto limited = refusal(429, "Too many questions", "Please wait a little before asking again.");
    limited.retry_after = verdict.retry_after;
    metrics_.add("careerbot_web_limited_total", {});
    return limited;
  }
  exchange.fresh = true;
  const std::string conversation = "web:" + session;
  WebMessage asked{0, session, "user", utc_now(), question, client_id, {}, false};
  if (auto held = handoffs_.holding(conversation)) {
    handoffs_.keep(*held, question);
    asked.held = true;
    exchange.held = true;
    exchange.messages = store.add_web_messages({asked});
    return exchange;
  }
  Answer answer = assistant_.ask(question, conversation);
  if (went_unanswered(answer)) knowledge_.note_unanswered(question, "web");
  handoffs_.after_answer({conversation, "web", {{"kind", "web"}, {"session", session}}}, question,
                         answer);
  exchange.answer = answer_to_json(answer);
  WebMessage answered{
      0, session, "bot", utc_now(), answer.text(), client_id, exchange.answer.dump(), false};
  exchange.messages = store.add_web_messages({asked, answered});
  for (const auto& reply : answer.replies) {
    metrics_.add("careerbot_answers_total", {{"status", std::string(status_name(reply.status))},
                                             {"intent", std::string(intent_name(reply.intent))}});
  }
  return exchange;
}

WebResponse WebChat::ask_over_http(const json& body) {
  auto session = body.find("session");
  if (!session->is_string()) {
    return problem_response(400, "Invalid request", "Field 'session' must be a string.");
  }
  const std::string id = session->get<std::string>();
  Exchange exchange = ask(id, body);
  if (exchange.status != 200) {
    auto response = problem_response(exchange.status, exchange.title, exchange.detail);
    if (exchange.retry_after > 0)
      response.headers.emplace_back("Retry-After", std::to_string(exchange.retry_after));
    return response;
  }
  if (exchange.fresh) broadcast(id, exchange.messages);
  json messages = json::array();
  for (const auto& m : exchange.messages) messages.push_back(web_message_to_json(m));
  json result = exchange.answer.is_object() ? exchange.answer : json::object();
  if (!exchange.answer.is_object() && !exchange.held) {
    // A resend: the stored answer.
    for (const auto& m : exchange.messages) {
      if (m.role == "bot") result = json::parse(m.reply, nullptr, false);
    }
    if (!result.is_object()) result = json::object();
  }
  result["session"] = id;
  result["messages"] = std::move(messages);
  if (exchange.held) result["held"] = true;
  return json_response(exchange.held ? 202 : 200, result);
}

void WebChat::add_routes(Router& router) {
  SocketEndpoint endpoint;
  endpoint.check = [this](const WebRequest& request) -> std::optional<WebResponse> {
    if (origin_allowed(request)) return std::nullopt;
    metrics_.add("careerbot_web_origin_refused_total", {});
    return problem_response(403, "Origin not allowed",
                            "Pages from this origin may not use the chat; add it to "
                            "web.allowed_origins.");
  };
  endpoint.open = [this](const std::shared_ptr<SocketPeer>& peer, const WebRequest& request) {
    return open_socket(peer, request.client);
  };
  // Frames a little over the limit get a 413 frame; far over it close the socket.
  endpoint.max_message_bytes = config_.max_message_bytes * 4;
  endpoint.idle_timeout = config_.idle_timeout;
  router.add_socket("/chat/socket", std::move(endpoint));

  router.add("POST", "/chat/v1/sessions", [this](const WebRequest& request) {
    if (!origin_allowed(request)) {
      return problem_response(403, "Origin not allowed",
                              "Pages from this origin may not use the chat.");
    }
    if (auto refused = limits_.new_web_session(request.client)) return *refused;
    return json_response(201, {{"session", new_session()}});
  });
  router.add("GET", "/chat/v1/sessions/{id}/messages", [this](const WebRequest& request) {
    const std::string& id = request.params.at("id");
    if (!known_session(id)) {
      return problem_response(404, "Unknown session",
                              "This chat session does not exist or has expired.");
    }
    long long after = 0;
    if (auto value = request.query_param("after");
        value && !value->empty() && value->size() < 19 &&
        value->find_first_not_of("0123456789") == std::string::npos) {
      after = std::stoll(*value);
    }
    json messages = json::array();
    for (const auto& m : knowledge_.store().web_messages(id, after, kMaxHistory))
      messages.push_back(web_message_to_json(m));
    return json_response(200, {{"session", id}, {"messages", messages}});
  });
}

SocketListener WebChat::open_socket(const std::shared_ptr<SocketPeer>& peer,
                                    const std::string& client) {
  auto state = std::make_shared<SocketState>();
  state->peer = peer;
  state->client = client;
  metrics_.add("careerbot_web_sockets_opened_total", {});
  SocketListener listener;
  listener.on_message = [this, state](std::string_view frame_text) {
    on_socket_message(*state, frame_text);
  };
  listener.on_close = [this, state] {
    if (!state->session.empty()) unsubscribe(state->session, state->peer.lock().get());
  };
  return listener;
}

void WebChat::on_socket_message(SocketState& state, std::string_view frame_text) {
  auto peer = state.peer.lock();
  if (!peer) return;
  auto send = [&](const json& f) { peer->send(f.dump()); };
  if (frame_text.size() > config_.max_message_bytes) {
    return send(error_frame(
        413, "Message too long",
        "A message may be at most " + std::to_string(config_.max_message_bytes) + " bytes.", 0));
  }
  auto body = json::parse(frame_text, nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("type") ||
      !body["type"].is_string()) {
    log::write(log::Level::warn, "web_chat_bad_frame", {{"bytes", frame_text.size()}});
    return send(error_frame(400, "Malformed message",
                            "Each message must be a JSON object with a \"type\".", 0));
  }
  const std::string type = body["type"].get<std::string>();
  if (type == "hello") {
    std::string session = body.value("session", json()).is_string()
                              ? body["session"].get<std::string>()
                              : std::string();
    bool resumed = known_session(session);
    if (!resumed) {
      if (auto refused = limits_.new_web_session(state.client)) {
        return send(error_frame(429, "Too many sessions",
                                "This address has started too many chat sessions.",
                                retry_after_of(*refused)));
      }
      session = new_session();
    }
    long long after = 0;
    if (body.contains("after") && body["after"].is_number_integer())
      after = std::max<long long>(0, body["after"].get<long long>());
    if (!state.session.empty()) unsubscribe(state.session, peer.get());
    state.session = session;
    if (!resumed) after = 0;
    auto history = knowledge_.store().web_messages(session, after, kMaxHistory);
    long long last = history.empty() ? after : history.back().id;
    send({{"type", "welcome"}, {"session", session}, {"resumed", resumed}, {"last", last}});
    subscribe(session, peer, after);
    send_to(session, *peer, history);
    // What was added between reading the history and subscribing (each
    // message still reaches the page once).
    send_to(session, *peer, knowledge_.store().web_messages(session, last, kMaxHistory));
    return;
  }
  if (type == "ask") {
    if (state.session.empty()) {
      return send(error_frame(400, "No session", "Send a hello before asking.", 0));
    }
    Exchange exchange = ask(state.session, body);
    if (exchange.status != 200) {
      json refused =
          error_frame(exchange.status, exchange.title, exchange.detail, exchange.retry_after);
      if (body.contains("client_id")) refused["client_id"] = body["client_id"];
      return send(refused);
    }
    if (exchange.fresh) return broadcast(state.session, exchange.messages);
    // A resend: answered again on this page, whatever it was sent before.
    for (const auto& m : exchange.messages) peer->send(message_frame(m));
    return;
  }
  send(error_frame(400, "Unknown message type", "Known types are hello and ask.", 0));
}

void WebChat::subscribe(const std::string& session, const std::shared_ptr<SocketPeer>& peer,
                        long long after) {
  std::lock_guard lock(sockets_mutex_);
  sockets_.emplace(session, Page{peer, after, {}});
}

void WebChat::unsubscribe(const std::string& session, const SocketPeer* peer) {
  std::lock_guard lock(sockets_mutex_);
  auto [begin, end] = sockets_.equal_range(session);
  for (auto it = begin; it != end;) {
    auto open = it->second.peer.lock();
    it = (!open || open.get() == peer) ? sockets_.erase(it) : std::next(it);
  }
}

void WebChat::send_to(const std::string& session, const SocketPeer& peer,
                      const std::vector<WebMessage>& messages) {
  std::lock_guard lock(sockets_mutex_);
  auto [begin, end] = sockets_.equal_range(session);
  for (auto it = begin; it != end; ++it) {
    auto open = it->second.peer.lock();
    if (open.get() != &peer) continue;
    Page& page = it->second;
    for (const auto& m : messages) {
      if (m.id <= page.floor || !page.sent.insert(m.id).second) continue;
      open->send(message_frame(m));
    }
    while (page.sent.size() > kRememberSent) {
      page.floor = std::max(page.floor, *page.sent.begin());
      page.sent.erase(page.sent.begin());
    }
  }
}

void WebChat::broadcast(const std::string& session, const std::vector<WebMessage>& messages) {
  std::vector<std::shared_ptr<SocketPeer>> peers;
  {
    std::lock_guard lock(sockets_mutex_);
    auto [begin, end] = sockets_.equal_range(session);
    for (auto it = begin; it != end; ++it) {
      if (auto peer = it->second.peer.lock()) peers.push_back(std::move(peer));
    }
  }
  for (const auto& peer : peers) send_to(session, *peer, messages);
}

void WebChat::catch_up(const std::set<std::string>& sessions, bool every_session) {
  // The oldest message any open page of each session may lack.
  std::map<std::string, long long> floors;
  {
    std::lock_guard lock(sockets_mutex_);
    for (const auto& [session, page] : sockets_) {
      if (!every_session && !sessions.contains(session)) continue;
      auto [at, added] = floors.emplace(session, page.floor);
      if (!added) at->second = std::min(at->second, page.floor);
    }
  }
  for (const auto& [session, floor] : floors) {
    broadcast(session, knowledge_.store().web_messages(session, floor, kMaxHistory));
  }
}

std::vector<OutboxEntry> WebChat::deliver_counselor_text(const json& route,
                                                         const std::string& text) {
  const std::string session = route.value("session", "");
  if (!session_id_shape(session)) throw std::invalid_argument("web route without a session");
  WebMessage message{0, session, "counselor", utc_now(), text, {}, {}, false};
  broadcast(session, knowledge_.store().add_web_messages({message}));
  return {};
}

}  // namespace careerbot
