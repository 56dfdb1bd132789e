// Conversation memory in the store, for several instances answering one
// conversation's messages: a message holds its conversation (a short lease,
// so that a crashed holder's hold runs out) from loading the state to saving
// the answer's, and a second message of the same conversation waits.
#include "sql/connection.hpp"
#include "store.hpp"

namespace careerbot {

using sql::Statement;

std::pair<sql::Connection&, std::unique_lock<std::mutex>> Store::memory_for(const std::string& id) {
  if (memory_.empty()) return {*db_, std::unique_lock(mutex_)};
  auto& memory = *memory_[std::hash<std::string>{}(id) % memory_.size()];
  return {*memory.db, std::unique_lock(memory.mutex)};
}

std::optional<std::string> Store::hold_conversation(const std::string& id,
                                                    const std::string& holder, long long now_ms,
                                                    long long hold_ms) {
  auto [db, lock] = memory_for(id);
  // A conversation seen for the first time.
  Statement create(db,
                   "INSERT INTO conversations (id, state, expires_ms, held_by, held_until_ms) "
                   "VALUES (?, '', 0, ?, ?) ON CONFLICT DO NOTHING");
  create.bind(1, id).bind(2, holder).bind(3, now_ms + hold_ms).step();
  if (create.changes() > 0) return std::string();
  Statement take(db,
                 "UPDATE conversations SET held_by = ?2, held_until_ms = ?3 WHERE id = ?1 AND "
                 "(held_until_ms <= ?4 OR held_by = ?2) RETURNING state, expires_ms");
  take.bind(1, id).bind(2, holder).bind(3, now_ms + hold_ms).bind(4, now_ms);
  if (!take.step()) return std::nullopt;
  return take.integer(1) > now_ms ? take.text(0) : std::string();
}

void Store::save_conversation(const std::string& id, const std::string& holder,
                              const std::string& state, long long expires_ms) {
  auto [db, lock] = memory_for(id);
  // Saved even when the hold ran out meanwhile: the answer was given.
  Statement save(db,
                 "UPDATE conversations SET state = ?, expires_ms = ?, held_until_ms = CASE WHEN "
                 "held_by = ? THEN 0 ELSE held_until_ms END WHERE id = ?");
  save.bind(1, state).bind(2, expires_ms).bind(3, holder).bind(4, id).step();
}

void Store::release_conversation(const std::string& id, const std::string& holder) {
  auto [db, lock] = memory_for(id);
  Statement release(db, "UPDATE conversations SET held_until_ms = 0 WHERE id = ? AND held_by = ?");
  release.bind(1, id).bind(2, holder).step();
}

void Store::begin_conversations(const std::vector<std::pair<std::string, std::string>>& states,
                                long long expires_ms) {
  if (states.empty()) return;
  auto [db, lock] = memory_for(states.front().first);
  sql::Transaction transaction(db);
  Statement insert(db,
                   "INSERT INTO conversations (id, state, expires_ms) VALUES (?, ?, ?) "
                   "ON CONFLICT DO NOTHING");
  for (const auto& [id, state] : states)
    insert.reset().bind(1, id).bind(2, state).bind(3, expires_ms).step();
  transaction.commit();
}

}  // namespace careerbot
