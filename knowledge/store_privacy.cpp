// Personal data in the store: deleting what is past its retention period,
// and everything about one person on request (the right to erasure). After
// either, the write-ahead log is checkpointed and truncated, and deleted
// content is overwritten (PRAGMA secure_delete, set when the store opens), so
// no copy stays in the database files.
#include <sqlite3.h>

#include <chrono>

#include "sql/connection.hpp"
#include "store.hpp"

namespace careerbot {

using sql::Statement;
using sql::Transaction;

namespace {

// `text` as a LIKE pattern that matches only itself.
std::string like_literal(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

int run(sql::Connection& db, const char* sql, const std::vector<std::string>& values) {
  Statement statement(db, sql);
  for (std::size_t i = 0; i < values.size(); ++i) {
    statement.bind(static_cast<int>(i + 1), values[i]);
  }
  statement.step();
  return static_cast<int>(statement.changes());
}

}  // namespace

void Store::checkpoint_truncate() {
  // Best effort: a reader in progress can keep the log from being emptied;
  // the next checkpoint takes it.
  // (PostgreSQL's own VACUUM reclaims dead rows; nothing to do here.)
  if (auto* sqlite = sql::sqlite_handle(*db_)) {
    sqlite3_wal_checkpoint_v2(sqlite, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  }
}

PersonalDataCounts Store::purge_personal_data(const RetentionCutoffs& cutoffs) {
  std::lock_guard lock(mutex_);
  PersonalDataCounts counts;
  {
    Transaction transaction(*db_);
    // Replies already sent (or given up on) are kept no longer than the
    // messages they answer; one still waiting to be sent is kept.
    counts.outbox = run(*db_, "DELETE FROM outbox WHERE state <> 'pending' AND created_at < ?",
                        {cutoffs.messages_before});
    counts.inbound =
        run(*db_, "DELETE FROM inbound_messages WHERE received_at < ?", {cutoffs.messages_before});
    counts.handoffs = run(*db_, "DELETE FROM handoffs WHERE state <> 'open' AND opened_at < ?",
                          {cutoffs.handoffs_before});
    counts.unanswered =
        run(*db_, "DELETE FROM unanswered WHERE last_seen < ?", {cutoffs.unanswered_before});
    // Memory no conversation holds and no one may ask after any more.
    Statement forget(*db_,
                     "DELETE FROM conversations WHERE expires_ms < ?1 AND held_until_ms < ?1");
    forget
        .bind(1, std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count())
        .step();
    counts.conversations = static_cast<int>(forget.changes());
    transaction.commit();
  }
  if (counts.total() > 0) checkpoint_truncate();
  return counts;
}

PersonalDataCounts Store::erase_person(const std::string& channel, const std::string& sender) {
  std::lock_guard lock(mutex_);
  PersonalDataCounts counts;
  if (channel.empty() || sender.empty()) return counts;
  // A conversation key is the channel, then place and person in some order:
  // "telegram:42", "slack:T1:C9:U7", "twilio:+1555:+1666", "email:a@b.org".
  const std::string exact = channel + ":" + sender;
  const std::string ends = like_literal(channel + ":") + "%" + like_literal(":" + sender);
  const std::string starts = like_literal(exact + ":") + "%";
  const std::vector<std::string> person = {exact, ends, starts};
  // The same conversation test in each statement (whole literals: GCC 12
  // warns falsely about concatenated SQL).
  {
    Transaction transaction(*db_);
    counts.outbox = run(*db_,
                        "DELETE FROM outbox WHERE message_id IN (SELECT message_id FROM "
                        "inbound_messages WHERE conversation = ?1 OR conversation LIKE ?2 "
                        "ESCAPE '\\' OR conversation LIKE ?3 ESCAPE '\\')",
                        person);
    mark_outbox_heads();  // the next of a key shared with others goes first now
    counts.inbound = run(*db_,
                         "DELETE FROM inbound_messages WHERE conversation = ?1 OR conversation "
                         "LIKE ?2 ESCAPE '\\' OR conversation LIKE ?3 ESCAPE '\\'",
                         person);
    counts.handoffs = run(*db_,
                          "DELETE FROM handoffs WHERE conversation = ?1 OR conversation LIKE ?2 "
                          "ESCAPE '\\' OR conversation LIKE ?3 ESCAPE '\\'",
                          person);
    counts.conversations = run(*db_,
                               "DELETE FROM conversations WHERE id = ?1 OR id LIKE ?2 ESCAPE '\\' "
                               "OR id LIKE ?3 ESCAPE '\\'",
                               person);
    if (channel == "web") {
      counts.web_messages = run(*db_, "DELETE FROM web_messages WHERE session = ?", {sender});
      counts.web_sessions = run(*db_, "DELETE FROM web_sessions WHERE id = ?", {sender});
    }
    transaction.commit();
  }
  checkpoint_truncate();
  return counts;
}

}  // namespace careerbot
