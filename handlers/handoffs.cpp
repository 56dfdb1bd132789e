#include "handoffs.hpp"

#include <chrono>
#include <stdexcept>

#include "chat_format.hpp"
#include "chat_inbox.hpp"
#include "log.hpp"

namespace careerbot {

using nlohmann::json;

namespace {

constexpr std::size_t kTurnsKept = 12;
constexpr std::size_t kConversationsKept = 10000;
constexpr int kSlackTextLimit = 3900;

bool asks_for_a_person(const Answer& answer) {
  for (const auto& reply : answer.replies) {
    if (reply.intent == Intent::handoff) return true;
  }
  return false;
}

std::string transcript_text(const Handoff& handoff) {
  std::string text;
  for (const auto& entry : handoff.transcript) {
    std::string role = entry.value("role", "");
    text += (role == "user" ? "Person" : role == "bot" ? "careerbot" : "Counselor");
    text += " (" + entry.value("at", "") + "): " + entry.value("text", "") + "\n";
  }
  return text;
}

}  // namespace

json chat_route(const std::string& channel, const json& reply_to, const std::string& rate_key,
                int markup, std::size_t max_length) {
  return {{"kind", "chat"},       {"channel", channel}, {"reply_to", reply_to},
          {"rate_key", rate_key}, {"markup", markup},   {"max_length", max_length}};
}

Handoffs::Handoffs(const HandoffConfig& config, Store& store, Outbox& outbox, Metrics& metrics)
    : config_(config), store_(store), outbox_(outbox), metrics_(metrics) {
  add_courier("chat", [](const json& route, const std::string& text) {
    auto markup = static_cast<ChatMarkup>(route.at("markup").get<int>());
    auto pieces =
        split_chat(escape_for(markup, text), markup, route.at("max_length").get<std::size_t>());
    std::vector<OutboxEntry> entries;
    for (auto& payload : chat_payloads(route.at("reply_to"), std::move(pieces), {})) {
      OutboxEntry entry;
      entry.channel = route.value("channel", "");
      entry.rate_key = route.at("rate_key").get<std::string>();
      entry.payload = std::move(payload);
      entry.next_attempt_ms = unix_ms_now();
      entries.push_back(std::move(entry));
    }
    return entries;
  });
}

void Handoffs::add_courier(const std::string& kind, Courier courier) {
  couriers_[kind] = std::move(courier);
}

std::vector<OutboxEntry> Handoffs::deliver(const json& route, const std::string& text) {
  auto courier = couriers_.find(route.value("kind", ""));
  if (courier == couriers_.end()) throw std::invalid_argument("no courier for this route");
  return courier->second(route, text);
}

void Handoffs::remember(const std::string& conversation, Turn turn, std::optional<bool> fallback) {
  std::lock_guard lock(mutex_);
  auto [it, fresh] = recent_.try_emplace(conversation);
  if (fresh) {
    ages_.push_back(conversation);
    it->second.age = std::prev(ages_.end());
    if (recent_.size() > kConversationsKept) {
      recent_.erase(ages_.front());
      ages_.pop_front();
    }
  } else {
    ages_.splice(ages_.end(), ages_, it->second.age);
  }
  auto& turns = it->second.turns;
  turns.push_back(std::move(turn));
  if (turns.size() > kTurnsKept) turns.erase(turns.begin());
  if (fallback) it->second.fallbacks_in_a_row = *fallback ? it->second.fallbacks_in_a_row + 1 : 0;
}

Handoffs::Recent Handoffs::recent(const std::string& conversation) {
  std::lock_guard lock(mutex_);
  auto it = recent_.find(conversation);
  return it == recent_.end() ? Recent{} : it->second;
}

std::string Handoffs::notice() const {
  return "I've passed our conversation to " + config_.counselor + ", who will answer here " +
         config_.reply_within +
         ". Until then I'll keep anything you write for them, so feel free to add details.";
}

void Handoffs::close_if_expired(Handoff& handoff) {
  if (handoff.state != "open" || handoff.expires_at > utc_now()) return;
  if (store_.close_handoff(handoff.id, "expired")) {
    metrics_.add("careerbot_handoffs_closed_total", {{"state", "expired"}});
    log::write(log::Level::info, "handoff_expired", {{"handoff", handoff.id}});
  }
  handoff.state = "expired";
}

std::optional<Handoff> Handoffs::holding(const std::string& conversation) {
  if (!enabled()) return std::nullopt;
  auto handoff = store_.open_handoff_for(conversation);
  if (!handoff) return std::nullopt;
  close_if_expired(*handoff);
  if (handoff->state != "open") return std::nullopt;
  return handoff;
}

void Handoffs::keep(const Handoff& handoff, std::string_view text) {
  store_.append_to_handoff(handoff.id,
                           json::array({{{"role", "user"}, {"text", text}, {"at", utc_now()}}}));
  metrics_.add("careerbot_handoff_messages_kept_total", {{"channel", handoff.channel}});
}

bool Handoffs::after_answer(const HandoffOrigin& origin, std::string_view question,
                            Answer& answer) {
  if (!enabled()) return false;  // no inbox: nothing to remember transcripts for
  const bool fallback = answer.first().status == Status::fallback;
  remember(origin.conversation, {"user", std::string(question), utc_now()}, fallback);
  const bool wants_person = asks_for_a_person(answer);
  const bool failed_them =
      config_.after_fallbacks > 0 &&
      recent(origin.conversation).fallbacks_in_a_row >= config_.after_fallbacks;
  if (!enabled() || (!wants_person && !failed_them) || origin.route.is_null() ||
      !couriers_.contains(origin.route.value("kind", ""))) {
    remember(origin.conversation, {"bot", answer.text(), utc_now()}, std::nullopt);
    return false;
  }
  Handoff handoff;
  handoff.conversation = origin.conversation;
  handoff.channel = origin.channel;
  handoff.reason = wants_person ? "asked for a person" : "fallbacks in a row";
  handoff.opened_at = utc_now();
  handoff.expires_at = utc_text(std::chrono::system_clock::now() + config_.timeout);
  handoff.route = origin.route;
  handoff.transcript = json::array();
  for (const auto& turn : recent(origin.conversation).turns) {
    handoff.transcript.push_back({{"role", turn.role}, {"text", turn.text}, {"at", turn.at}});
  }
  handoff.id = store_.open_handoff(handoff);

  Reply reply;
  reply.status = Status::answered;
  reply.intent = Intent::handoff;
  reply.confidence = answer.first().confidence;
  reply.text = notice();
  answer.replies = {std::move(reply)};
  remember(origin.conversation, {"bot", answer.text(), utc_now()}, false);
  store_.append_to_handoff(
      handoff.id, json::array({{{"role", "bot"}, {"text", answer.text()}, {"at", utc_now()}}}));
  handoff.transcript.push_back({{"role", "bot"}, {"text", answer.text()}, {"at", utc_now()}});

  try {
    auto entries = notify_counselors(handoff);
    store_.accept_inbound({"handoff", "open:" + std::to_string(handoff.id), origin.conversation},
                          entries, std::nullopt);
    outbox_.wake();
  } catch (const std::exception& e) {
    log::write(log::Level::error, "handoff_notify_failed",
               {{"handoff", handoff.id}, {"error", e.what()}});
  }
  metrics_.add("careerbot_handoffs_opened_total", {{"channel", origin.channel}});
  log::write(log::Level::info, "handoff_opened",
             {{"handoff", handoff.id}, {"channel", origin.channel}, {"reason", handoff.reason}});
  return true;
}

std::vector<OutboxEntry> Handoffs::notify_counselors(const Handoff& handoff) {
  std::string text = "Someone on " + handoff.channel + " would like to talk to a person (" +
                     handoff.reason + "). Answer them from the admin console, Handoffs, #" +
                     std::to_string(handoff.id) + ", by " + handoff.expires_at +
                     ".\n\nTranscript:\n" + transcript_text(handoff);
  std::vector<OutboxEntry> entries;
  if (!config_.email.empty()) {
    json route = {{"kind", "email"},
                  {"to", config_.email},
                  {"subject", "careerbot handoff #" + std::to_string(handoff.id)},
                  {"message_id", ""},
                  {"references", ""}};
    for (auto& entry : deliver(route, text)) entries.push_back(std::move(entry));
  }
  if (!config_.slack_channel.empty()) {
    OutboxEntry entry;
    entry.channel = "slack";
    entry.rate_key = "slack:" + config_.slack_channel;
    entry.next_attempt_ms = unix_ms_now();
    for (auto& payload : chat_payloads(
             {{"channel", config_.slack_channel}},
             split_chat(escape_slack(text), ChatMarkup::slack_mrkdwn, kSlackTextLimit), {})) {
      entry.payload = std::move(payload);
      entries.push_back(entry);
    }
  }
  return entries;
}

Handoffs::Outcome Handoffs::reply(long long id, const std::string& text,
                                  const std::string& counselor) {
  auto handoff = store_.handoff(id);
  if (!handoff) return Outcome::not_found;
  close_if_expired(*handoff);
  if (handoff->state != "open") return Outcome::not_open;
  std::vector<OutboxEntry> entries;
  try {
    entries = deliver(handoff->route, text);
  } catch (const std::exception& e) {
    log::write(log::Level::error, "handoff_reply_failed", {{"handoff", id}, {"error", e.what()}});
    return Outcome::no_route;
  }
  // Stored like an inbound message, so that a second click sends nothing twice.
  auto outcome = store_.accept_inbound(
      {"handoff", "reply:" + std::to_string(id), handoff->conversation}, entries, std::nullopt);
  if (!outcome.accepted) return Outcome::not_open;
  store_.append_to_handoff(
      id,
      json::array({{{"role", "counselor"}, {"text", text}, {"by", counselor}, {"at", utc_now()}}}));
  store_.close_handoff(id, "answered");
  outbox_.wake();
  remember(handoff->conversation, {"counselor", text, utc_now()}, false);
  metrics_.add("careerbot_handoffs_closed_total", {{"state", "answered"}});
  log::write(log::Level::info, "handoff_answered", {{"handoff", id}, {"by", counselor}});
  return Outcome::done;
}

Handoffs::Outcome Handoffs::release(long long id, const std::string& actor) {
  auto handoff = store_.handoff(id);
  if (!handoff) return Outcome::not_found;
  if (!store_.close_handoff(id, "released")) return Outcome::not_open;
  remember(handoff->conversation, {"bot", "(released by " + actor + ")", utc_now()}, false);
  metrics_.add("careerbot_handoffs_closed_total", {{"state", "released"}});
  log::write(log::Level::info, "handoff_released", {{"handoff", id}, {"by", actor}});
  return Outcome::done;
}

std::vector<Handoff> Handoffs::list(bool open_only, int limit) {
  auto list = store_.handoffs(open_only, limit);
  for (auto& handoff : list) close_if_expired(handoff);
  if (open_only) std::erase_if(list, [](const Handoff& h) { return h.state != "open"; });
  return list;
}

}  // namespace careerbot
