// Conversation memory in the store, for several instances answering one
// conversation's messages: a message holds its conversation (a short lease,
// so that a crashed holder's hold runs out) from loading the state to saving
// the answer's, and a second message of the same conversation waits.
#include "sql/connection.hpp"
#include "store.hpp"

namespace careerbot {

using sql::Statement;

std::optional<std::string> Store::hold_conversation(const std::string& id,
                                                    const std::string& holder, long long now_ms,
                                                    long long hold_ms) {
  std::lock_guard lock(mutex_);
  // A conversation seen for the first time.
  Statement create(*db_,
                   "INSERT INTO conversations (id, state, expires_ms, held_by, held_until_ms) "
                   "VALUES (?, '', 0, ?, ?) ON CONFLICT DO NOTHING");
  create.bind(1, id).bind(2, holder).bind(3, now_ms + hold_ms).step();
  if (create.changes() > 0) return std::string();
  Statement take(*db_,
                 "UPDATE conversations SET held_by = ?2, held_until_ms = ?3 WHERE id = ?1 AND "
                 "(held_until_ms <= ?4 OR held_by = ?2) RETURNING state, expires_ms");
  take.bind(1, id).bind(2, holder).bind(3, now_ms + hold_ms).bind(4, now_ms);
  if (!take.step()) return std::nullopt;
  return take.integer(1) > now_ms ? take.text(0) : std::string();
}

void Store::save_conversation(const std::string& id, const std::string& holder,
                              const std::string& state, long long expires_ms) {
  std::lock_guard lock(mutex_);
  // Saved even when the hold ran out meanwhile: the answer was given.
  Statement save(*db_,
                 "UPDATE conversations SET state = ?, expires_ms = ?, held_until_ms = CASE WHEN "
                 "held_by = ? THEN 0 ELSE held_until_ms END WHERE id = ?");
  save.bind(1, state).bind(2, expires_ms).bind(3, holder).bind(4, id).step();
}

void Store::release_conversation(const std::string& id, const std::string& holder) {
  std::lock_guard lock(mutex_);
  Statement release(*db_,
                    "UPDATE conversations SET held_until_ms = 0 WHERE id = ? AND held_by = ?");
  release.bind(1, id).bind(2, holder).step();
}

void Store::begin_conversations(const std::vector<std::pair<std::string, std::string>>& states,
                                long long expires_ms) {
  if (states.empty()) return;
  std::lock_guard lock(mutex_);
  sql::Transaction transaction(*db_);
  Statement insert(*db_,
                   "INSERT INTO conversations (id, state, expires_ms) VALUES (?, ?, ?) "
                   "ON CONFLICT DO NOTHING");
  for (const auto& [id, state] : states)
    insert.reset().bind(1, id).bind(2, state).bind(3, expires_ms).step();
  transaction.commit();
}

}  // namespace careerbot
