// The store's web chat sessions, their messages, and human handoffs.
#include <set>

#include "sql/connection.hpp"
#include "store.hpp"

namespace careerbot {

using nlohmann::json;
using sql::Statement;
using sql::Transaction;

namespace {

constexpr const char* kMessageColumns =
    "id, session, role, at, text, client_id, reply, held FROM web_messages ";

WebMessage message_from(const Statement& row) {
  WebMessage m;
  m.id = row.integer(0);
  m.session = row.text(1);
  m.role = row.text(2);
  m.at = row.text(3);
  m.text = row.text(4);
  m.client_id = row.text(5);
  m.reply = row.text(6);
  m.held = row.integer(7) != 0;
  return m;
}

constexpr const char* kHandoffColumns =
    "SELECT id, conversation, channel, state, reason, opened_at, expires_at, closed_at, route, "
    "transcript FROM handoffs ";

Handoff handoff_from(const Statement& row) {
  Handoff h;
  h.id = row.integer(0);
  h.conversation = row.text(1);
  h.channel = row.text(2);
  h.state = row.text(3);
  h.reason = row.text(4);
  h.opened_at = row.text(5);
  h.expires_at = row.text(6);
  h.closed_at = row.text(7);
  h.route = json::parse(row.text(8), nullptr, false);
  h.transcript = json::parse(row.text(9), nullptr, false);
  if (!h.transcript.is_array()) h.transcript = json::array();
  return h;
}

}  // namespace

void Store::add_web_session(const std::string& id) {
  std::lock_guard lock(mutex_);
  const std::string now = utc_now();
  Statement insert(*db_, "INSERT INTO web_sessions (id, created_at, last_seen) VALUES (?, ?, ?)");
  insert.bind(1, id).bind(2, now).bind(3, now).step();
}

bool Store::touch_web_session(const std::string& id) {
  std::lock_guard lock(mutex_);
  Statement update(*db_, "UPDATE web_sessions SET last_seen = ? WHERE id = ?");
  update.bind(1, utc_now()).bind(2, id).step();
  return update.changes() > 0;
}

std::vector<WebMessage> Store::add_web_messages(std::vector<WebMessage> messages) {
  std::lock_guard lock(mutex_);
  Transaction transaction(*db_);
  for (auto& m : messages) {
    if (m.at.empty()) m.at = utc_now();
    Statement insert(*db_,
                     "INSERT INTO web_messages (session, role, at, text, client_id, reply, held) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    insert.bind(1, m.session).bind(2, m.role).bind(3, m.at).bind(4, m.text).bind(5, m.client_id);
    if (m.reply.empty()) {
      insert.bind_null(6);
    } else {
      insert.bind(6, m.reply);
    }
    insert.bind(7, m.held ? 1LL : 0LL).step();
    m.id = insert.integer(0);
  }
  if (db_->engine() == sql::Engine::postgresql) {
    // The session's pages open on other instances fetch them.
    std::set<std::string> sessions;
    for (const auto& m : messages) sessions.insert(m.session);
    Statement notify(*db_,
                     std::string("SELECT pg_notify('").append(kWebMessagesAdded).append("', ?)"));
    for (const auto& session : sessions) notify.reset().bind(1, session).step();
  }
  transaction.commit();
  return messages;
}

std::vector<WebMessage> Store::web_messages(const std::string& session, long long after,
                                            int limit) {
  std::lock_guard lock(mutex_);
  Statement query(*db_, (std::string("SELECT ") + kMessageColumns +
                         "WHERE session = ? AND id > ? ORDER BY id LIMIT ?")
                            .c_str());
  query.bind(1, session).bind(2, after).bind(3, static_cast<long long>(limit));
  std::vector<WebMessage> list;
  while (query.step()) list.push_back(message_from(query));
  return list;
}

std::vector<WebMessage> Store::web_messages_for(const std::string& session,
                                                const std::string& client_id) {
  std::lock_guard lock(mutex_);
  Statement query(*db_, (std::string("SELECT ") + kMessageColumns +
                         "WHERE session = ? AND client_id = ? ORDER BY id")
                            .c_str());
  query.bind(1, session).bind(2, client_id);
  std::vector<WebMessage> list;
  while (query.step()) list.push_back(message_from(query));
  return list;
}

int Store::purge_web_history(const std::string& before) {
  std::lock_guard lock(mutex_);
  Transaction transaction(*db_);
  Statement messages(*db_,
                     "DELETE FROM web_messages WHERE session IN (SELECT id FROM web_sessions "
                     "WHERE last_seen < ?)");
  messages.bind(1, before).step();
  Statement sessions(*db_, "DELETE FROM web_sessions WHERE last_seen < ?");
  sessions.bind(1, before).step();
  int removed = static_cast<int>(sessions.changes());
  transaction.commit();
  return removed;
}

long long Store::open_handoff(const Handoff& h) {
  std::lock_guard lock(mutex_);
  Statement insert(
      *db_,
      "INSERT INTO handoffs (conversation, channel, state, reason, opened_at, "
      "expires_at, route, transcript) VALUES (?, ?, 'open', ?, ?, ?, ?, ?) RETURNING id");
  insert.bind(1, h.conversation)
      .bind(2, h.channel)
      .bind(3, h.reason)
      .bind(4, h.opened_at)
      .bind(5, h.expires_at)
      .bind(6, h.route.dump())
      .bind(7, h.transcript.dump())
      .step();
  return insert.integer(0);
}

std::optional<Handoff> Store::handoff(long long id) {
  std::lock_guard lock(mutex_);
  Statement query(*db_, (std::string(kHandoffColumns) + "WHERE id = ?").c_str());
  query.bind(1, id);
  if (!query.step()) return std::nullopt;
  return handoff_from(query);
}

std::optional<Handoff> Store::open_handoff_for(const std::string& conversation) {
  std::lock_guard lock(mutex_);
  Statement query(*db_, (std::string(kHandoffColumns) +
                         "WHERE conversation = ? AND state = 'open' ORDER BY id DESC LIMIT 1")
                            .c_str());
  query.bind(1, conversation);
  if (!query.step()) return std::nullopt;
  return handoff_from(query);
}

std::vector<Handoff> Store::handoffs(bool open_only, int limit) {
  std::lock_guard lock(mutex_);
  Statement query(*db_, (std::string(kHandoffColumns) + (open_only ? "WHERE state = 'open' " : "") +
                         "ORDER BY id DESC LIMIT ?")
                            .c_str());
  query.bind(1, static_cast<long long>(limit));
  std::vector<Handoff> list;
  while (query.step()) list.push_back(handoff_from(query));
  return list;
}

void Store::append_to_handoff(long long id, const json& entries) {
  std::lock_guard lock(mutex_);
  Transaction transaction(*db_);
  Statement query(*db_, "SELECT transcript FROM handoffs WHERE id = ?");
  query.bind(1, id);
  if (!query.step()) return;
  json transcript = json::parse(query.text(0), nullptr, false);
  if (!transcript.is_array()) transcript = json::array();
  for (const auto& entry : entries) transcript.push_back(entry);
  Statement update(*db_, "UPDATE handoffs SET transcript = ? WHERE id = ?");
  update.bind(1, transcript.dump()).bind(2, id).step();
  transaction.commit();
}

bool Store::close_handoff(long long id, const std::string& state) {
  std::lock_guard lock(mutex_);
  Statement update(*db_,
                   "UPDATE handoffs SET state = ?, closed_at = ? WHERE id = ? AND state = 'open'");
  update.bind(1, state).bind(2, utc_now()).bind(3, id).step();
  return update.changes() > 0;
}

}  // namespace careerbot
