// The store's inbound messages and outbox: a message and the replies that
// answer it are written in one transaction, so a message that was acknowledged
// always has its replies queued, and a platform's retry finds it already there.
#include <algorithm>
#include <condition_variable>
#include <exception>
#include <memory>

#include "sql/connection.hpp"
#include "store.hpp"

namespace careerbot {
namespace {

using sql::Statement;
using sql::Transaction;

constexpr const char* kOutboxColumns =
    "id, channel, message_id, rate_key, payload, attempts, next_attempt_ms, state, last_error";

OutboxEntry entry_from(const Statement& row) {
  OutboxEntry e;
  e.id = row.integer(0);
  e.channel = row.text(1);
  e.message_id = row.text(2);
  e.rate_key = row.text(3);
  e.payload = row.text(4);
  e.attempts = static_cast<int>(row.integer(5));
  e.next_attempt_ms = row.integer(6);
  e.state = row.text(7);
  e.last_error = row.text(8);
  return e;
}

// SQL from its parts, appended one by one (GCC 12 warns falsely about
// chains of std::string operator+).
std::string sql_of(std::initializer_list<std::string_view> parts) {
  std::string sql;
  for (auto part : parts) sql.append(part);
  return sql;
}

// An entry of the outbox aliased "o" is the head of its rate key.
constexpr const char* kIsHead =
    "NOT EXISTS (SELECT 1 FROM outbox p WHERE p.state = 'pending' AND p.rate_key = o.rate_key "
    "AND p.id < o.id)";

constexpr const char* kFindInbound =
    "SELECT reply FROM inbound_messages WHERE channel = ? AND message_id = ?";

// Runs `query` (kFindInbound, prepared once for many lookups or just for this one).
std::optional<InboundOutcome> lookup(Statement& query, const std::string& channel,
                                     const std::string& message_id) {
  query.reset().bind(1, channel).bind(2, message_id);
  if (!query.step()) return std::nullopt;
  InboundOutcome seen{false, std::nullopt};
  if (!query.is_null(0)) seen.reply = query.text(0);
  return seen;
}

// An entry is its rate key's head when nothing of the key is pending before
// it. Heads are marked (outbox.head) so that claims need not walk what waits
// behind them: the first pending entry of every key is marked; a mark left on
// an entry that is no longer first is harmless (kIsHead still decides).
constexpr const char* kQueueEntry =
    "INSERT INTO outbox (channel, message_id, rate_key, payload, next_attempt_ms, created_at, "
    "head) VALUES (?1, ?2, ?3, ?4, ?5, ?6, CASE WHEN EXISTS (SELECT 1 FROM outbox WHERE "
    "state = 'pending' AND rate_key = ?3) THEN 0 ELSE 1 END)";

// After entry ?1 left the pending state: the next of its key becomes head.
constexpr const char* kPromoteNext =
    "UPDATE outbox SET head = 1 WHERE id = (SELECT MIN(id) FROM outbox WHERE state = 'pending' "
    "AND rate_key = (SELECT rate_key FROM outbox WHERE id = ?1)) AND head = 0";

// Runs `queue` (kQueueEntry, prepared once for a batch): one entry queued in
// `channel`, answering `message_id`.
void queue_entry(Statement& queue, const std::string& channel, const std::string& message_id,
                 const OutboxEntry& entry, const std::string& now) {
  queue.reset()
      .bind(1, channel)
      .bind(2, message_id)
      .bind(3, entry.rate_key)
      .bind(4, entry.payload)
      .bind(5, entry.next_attempt_ms)
      .bind(6, now)
      .step();
}

}  // namespace

std::optional<InboundOutcome> Store::find_inbound(const std::string& channel,
                                                  const std::string& message_id) {
  std::lock_guard lock(reader_mutex_);
  Statement query(*reader_, kFindInbound);
  return lookup(query, channel, message_id);
}

struct Store::PendingInbound {
  const InboundMessage& message;
  const std::vector<OutboxEntry>& replies;
  const std::optional<std::string>& sync_reply;
  InboundOutcome outcome;
  std::exception_ptr error;
  bool done = false;              // guarded by commit_mutex_
  std::condition_variable woken;  // done, or this caller leads the next commit
};

InboundOutcome Store::accept_inbound(const InboundMessage& message,
                                     const std::vector<OutboxEntry>& replies,
                                     const std::optional<std::string>& sync_reply) {
  PendingInbound me{message, replies, sync_reply, {}, nullptr, false, {}};
  std::unique_lock queue(commit_mutex_);
  commit_queue_.push_back(&me);
  while (!me.done) {
    if (committing_) {
      me.woken.wait(queue);
      continue;
    }
    // Lead: commit everything queued so far (this message included) at once.
    committing_ = true;
    std::vector<PendingInbound*> batch;
    batch.swap(commit_queue_);
    queue.unlock();
    commit_inbound(batch);
    queue.lock();
    committing_ = false;
    // Each caller of the batch is woken once; of those who came meanwhile,
    // the first leads the next commit (waking them all would cost a
    // context switch each, for nothing).
    for (auto* pending : batch) {
      pending->done = true;
      if (pending != &me) pending->woken.notify_one();
    }
    if (!commit_queue_.empty()) commit_queue_.front()->woken.notify_one();
  }
  if (me.error) std::rethrow_exception(me.error);
  return me.outcome;
}

std::vector<InboundOutcome> Store::accept_inbound_batch(const std::vector<Inbound>& messages) {
  const std::optional<std::string> no_reply;
  std::vector<std::unique_ptr<PendingInbound>> pending;
  pending.reserve(messages.size());
  std::vector<PendingInbound*> batch;
  batch.reserve(messages.size());
  for (const auto& m : messages) {
    pending.emplace_back(
        new PendingInbound{m.message, m.entries, no_reply, {}, nullptr, false, {}});
    batch.push_back(pending.back().get());
  }
  commit_inbound(batch);
  std::vector<InboundOutcome> outcomes;
  outcomes.reserve(pending.size());
  for (const auto& p : pending) {
    if (p->error) std::rethrow_exception(p->error);  // the same for all of them
    outcomes.push_back(p->outcome);
  }
  return outcomes;
}

void Store::commit_inbound(const std::vector<PendingInbound*>& batch) {
  std::lock_guard lock(mutex_);
  try {
    Transaction transaction(*db_);
    std::string now = utc_now();
    bool queued = false;
    // Prepared once for the batch, run once per message.
    Statement find(*db_, kFindInbound);
    // ON CONFLICT: another caller of this batch, or another careerbot on the
    // same database, recorded the message first; this one writes nothing.
    Statement insert(*db_,
                     "INSERT INTO inbound_messages (channel, message_id, received_at, "
                     "conversation, reply) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
    Statement queue(*db_, kQueueEntry);
    for (auto* pending : batch) {
      const InboundMessage& message = pending->message;
      insert.reset().bind(1, message.channel).bind(2, message.message_id).bind(3, now);
      insert.bind(4, message.conversation);
      if (pending->sync_reply) {
        insert.bind(5, *pending->sync_reply);
      } else {
        insert.bind_null(5);
      }
      insert.step();
      if (insert.changes() == 0) {
        pending->outcome = lookup(find, message.channel, message.message_id)
                               .value_or(InboundOutcome{false, std::nullopt});
        continue;
      }
      for (const auto& reply : pending->replies) {
        queue_entry(queue, reply.channel.empty() ? message.channel : reply.channel,
                    message.message_id, reply, now);
      }
      pending->outcome = {true, pending->sync_reply};
      queued = queued || !pending->replies.empty();
    }
    // Other instances' outboxes look now rather than at their next poll.
    if (queued && db_->engine() == sql::Engine::postgresql)
      db_->exec(sql_of({"SELECT pg_notify('", kOutboxQueued, "', '')"}));
    transaction.commit();
  } catch (...) {
    // Nothing of the batch was written: every caller hears of the failure.
    auto error = std::current_exception();
    for (auto* pending : batch) pending->error = error;
  }
}

std::vector<OutboxEntry> Store::pending_outbox(int limit) {
  // On the reading connection: with a long queue this scan takes a while, and
  // inbound commits go on meanwhile. It sees every commit made before it
  // starts, so also the outcomes the outbox recorded just before asking.
  std::lock_guard lock(reader_mutex_);
  Statement query(*reader_,
                  sql_of({"SELECT ", kOutboxColumns,
                          " FROM outbox WHERE id IN (SELECT MIN(id) FROM outbox WHERE state = "
                          "'pending' GROUP BY rate_key) ORDER BY id LIMIT ?"}));
  query.bind(1, static_cast<long long>(limit));
  std::vector<OutboxEntry> entries;
  while (query.step()) entries.push_back(entry_from(query));
  return entries;
}

namespace {

// Claims, in one transaction already open, at most `limit` heads of these
// channels' keys that are due and free, oldest first; PostgreSQL skips the
// rows another instance is claiming at this moment, SQLite has one writer.
// Each channel's pending entries are walked in id order (its own index), up
// to the limit, and the oldest of all are claimed: a backlog elsewhere costs
// nothing.
void claim_heads(sql::Connection& db, const std::vector<std::string>& channels, long long limit,
                 long long now_ms, long long lease_ms, const std::string& owner,
                 std::vector<OutboxEntry>& claimed) {
  if (channels.empty() || limit <= 0) return;
  const bool postgresql = db.engine() == sql::Engine::postgresql;
  // (SQLite's planner would rather read all the channel's due entries by
  // when due and sort them.)
  constexpr std::string_view kDueFree =
      " WHERE state = 'pending' AND head = 1 AND channel = ?1 AND next_attempt_ms <= ?2 AND "
      "claimed_until_ms <= ?2 AND ";
  Statement candidates(
      db, sql_of({"SELECT id FROM outbox o", postgresql ? "" : " INDEXED BY outbox_pending_heads",
                  kDueFree, kIsHead, " ORDER BY id LIMIT ?3",
                  postgresql ? " FOR UPDATE SKIP LOCKED" : ""}));
  std::vector<long long> ids;
  for (const auto& channel : channels) {
    candidates.reset().bind(1, channel).bind(2, now_ms).bind(3, limit);
    while (candidates.step()) ids.push_back(candidates.integer(0));
  }
  std::sort(ids.begin(), ids.end());
  if (ids.size() > static_cast<std::size_t>(limit)) ids.resize(static_cast<std::size_t>(limit));
  Statement claim(db, sql_of({"UPDATE outbox SET claimed_until_ms = ?1, claimed_by = ?2 WHERE "
                              "id = ?3 RETURNING ",
                              kOutboxColumns}));
  for (long long id : ids) {
    claim.reset().bind(1, now_ms + lease_ms).bind(2, owner).bind(3, id);
    if (claim.step()) claimed.push_back(entry_from(claim));
  }
}

// A channel's pace counter: how many of its entries were claimed in the
// second starting at `window_ms`, by any instance. The row stays locked until
// the transaction ends, so instances take turns; a window never goes back,
// even for an instance whose clock is a little behind.
constexpr const char* kAddPaceRow =
    "INSERT INTO outbox_pace (channel, window_ms, claimed) VALUES (?1, ?2, 0) "
    "ON CONFLICT (channel) DO NOTHING";
constexpr const char* kOpenPaceWindow =
    "UPDATE outbox_pace SET claimed = CASE WHEN window_ms >= ?2 THEN claimed ELSE 0 END, "
    "window_ms = CASE WHEN window_ms >= ?2 THEN window_ms ELSE ?2 END WHERE channel = ?1 "
    "RETURNING claimed, window_ms";
constexpr const char* kChannelHasDueHead =
    "SELECT 1 FROM outbox o WHERE state = 'pending' AND head = 1 AND channel = ?1 AND "
    "next_attempt_ms <= ?2 AND claimed_until_ms <= ?2 AND ";
constexpr const char* kCountPaced =
    "UPDATE outbox_pace SET claimed = claimed + ?2 WHERE channel = ?1";

}  // namespace

Store::OutboxClaim Store::claim_outbox(int limit, long long now_ms, long long lease_ms,
                                       const std::string& owner,
                                       const std::vector<ClaimChannel>& channels) {
  OutboxClaim claim;
  if (channels.empty() || limit <= 0) return claim;
  std::vector<std::string> free;
  for (const auto& c : channels) {
    if (c.per_second <= 0) free.push_back(c.name);
  }
  const long long window_ms = now_ms - now_ms % 1000;
  std::lock_guard lock(mutex_);
  if (db_->engine() == sql::Engine::postgresql && now_ms >= next_head_check_ms_) {
    mark_outbox_heads();
    next_head_check_ms_ = now_ms + 1000;
  }
  Transaction transaction(*db_);
  // The paced channels first, each at most its pace for this second (so a
  // busy unpaced channel cannot hold them back); the unpaced ones fill the
  // room left. A paced channel with nothing due writes nothing.
  Statement due(*db_, sql_of({kChannelHasDueHead, kIsHead, " LIMIT 1"}));
  for (const auto& c : channels) {
    const auto room = static_cast<long long>(limit) - static_cast<long long>(claim.entries.size());
    if (c.per_second <= 0 || room <= 0) continue;
    const bool any_due = due.reset().bind(1, c.name).bind(2, now_ms).step();
    due.reset();
    if (!any_due) continue;
    Statement(*db_, kAddPaceRow).bind(1, c.name).bind(2, window_ms).step();
    Statement window(*db_, kOpenPaceWindow);
    window.bind(1, c.name).bind(2, window_ms).step();
    const long long allowance = c.per_second - window.integer(0);
    const long long resets_ms = window.integer(1) + 1000;
    const auto before = claim.entries.size();
    claim_heads(*db_, {c.name}, std::min(room, allowance), now_ms, lease_ms, owner, claim.entries);
    const auto taken = static_cast<long long>(claim.entries.size() - before);
    if (taken > 0) Statement(*db_, kCountPaced).bind(1, c.name).bind(2, taken).step();
    if (taken >= allowance) {
      claim.paced.push_back(c.name);
      claim.pace_resets_ms =
          claim.pace_resets_ms == 0 ? resets_ms : std::min(claim.pace_resets_ms, resets_ms);
    }
  }
  claim_heads(*db_, free,
              static_cast<long long>(limit) - static_cast<long long>(claim.entries.size()), now_ms,
              lease_ms, owner, claim.entries);
  transaction.commit();
  std::sort(claim.entries.begin(), claim.entries.end(),
            [](const OutboxEntry& a, const OutboxEntry& b) { return a.id < b.id; });
  return claim;
}

int Store::extend_claims(const std::vector<long long>& ids, const std::string& owner,
                         long long until_ms) {
  if (ids.empty()) return 0;
  std::lock_guard lock(mutex_);
  Transaction transaction(*db_);
  Statement extend(*db_,
                   "UPDATE outbox SET claimed_until_ms = ?1 WHERE id = ?2 AND claimed_by = ?3 "
                   "AND state = 'pending' AND claimed_until_ms > 0");
  int extended = 0;
  for (long long id : ids) {
    extend.reset().bind(1, until_ms).bind(2, id).bind(3, owner).step();
    extended += static_cast<int>(extend.changes());
  }
  transaction.commit();
  return extended;
}

std::optional<long long> Store::next_outbox_due_ms(long long now_ms,
                                                   const std::vector<std::string>& channels) {
  if (channels.empty()) return std::nullopt;
  // Per channel, the first free head to fall due; and the first claim to run
  // out (of any channel: at worst a look too early). Each found by an index,
  // not by a look at every pending entry.
  const std::string free_head = sql_of(
      {"SELECT next_attempt_ms FROM outbox o",
       reader_->engine() == sql::Engine::postgresql ? "" : " INDEXED BY outbox_pending_heads_due",
       " WHERE state = 'pending' AND head = 1 AND channel = ?1 AND claimed_until_ms <= ?2 AND ",
       kIsHead, " ORDER BY next_attempt_ms LIMIT 1"});
  std::lock_guard lock(reader_mutex_);
  std::optional<long long> due;
  auto earliest = [&due](Statement& query) {
    if (query.step() && !query.is_null(0)) {
      due = due ? std::min(*due, query.integer(0)) : query.integer(0);
    }
  };
  Statement head(*reader_, free_head);
  for (const auto& channel : channels) {
    head.reset().bind(1, channel).bind(2, now_ms);
    earliest(head);
  }
  Statement claim_ends(
      *reader_, sql_of({"SELECT MIN(claimed_until_ms) FROM outbox",
                        reader_->engine() == sql::Engine::postgresql
                            ? ""
                            : " INDEXED BY outbox_pending_claims",  // (not all pending entries)
                        " WHERE state = 'pending' AND claimed_until_ms > ?1"}));
  claim_ends.bind(1, now_ms);
  earliest(claim_ends);
  return due;
}

void Store::mark_outbox_heads() {
  db_->exec(
      "UPDATE outbox SET head = 1 WHERE state = 'pending' AND head = 0 AND id IN "
      "(SELECT MIN(id) FROM outbox WHERE state = 'pending' GROUP BY rate_key)");
}

void Store::update_outbox(const std::vector<OutboxUpdate>& updates) {
  if (updates.empty()) return;
  std::lock_guard lock(mutex_);
  Transaction transaction(*db_);
  std::string now = utc_now();
  Statement update(*db_,
                   "UPDATE outbox SET state = ?, attempts = ?, next_attempt_ms = ?, "
                   "last_error = ?, finished_at = ?, claimed_until_ms = 0 WHERE id = ?");
  Statement pace(
      *db_,
      "UPDATE outbox SET next_attempt_ms = ?1 WHERE id = (SELECT MIN(id) FROM outbox "
      "WHERE rate_key = ?2 AND state = 'pending' AND id <> ?3) AND next_attempt_ms < ?1");
  Statement promote(*db_, kPromoteNext);
  for (const auto& u : updates) {
    update.reset().bind(1, u.state).bind(2, static_cast<long long>(u.attempts));
    update.bind(3, u.next_attempt_ms).bind(4, u.error);
    if (u.state == "pending") {
      update.bind_null(5);
    } else {
      update.bind(5, now);
    }
    update.bind(6, u.id).step();
    if (u.state == "pending") continue;
    promote.reset().bind(1, u.id).step();
    if (u.next_in_key_not_before_ms > 0) {
      pace.reset().bind(1, u.next_in_key_not_before_ms).bind(2, u.rate_key).bind(3, u.id).step();
    }
  }
  transaction.commit();
}

std::vector<bool> Store::finish_answers(const std::vector<AnsweredEntry>& answered) {
  std::vector<bool> finished;
  if (answered.empty()) return finished;
  std::lock_guard lock(mutex_);
  Transaction transaction(*db_);
  const std::string now = utc_now();
  Statement done(*db_,
                 "UPDATE outbox SET state = 'sent', attempts = attempts + 1, finished_at = ?, "
                 "claimed_until_ms = 0, payload = '' WHERE id = ? AND state = 'pending'");
  Statement queue(*db_, kQueueEntry);
  Statement promote(*db_, kPromoteNext);
  bool queued = false;
  for (const auto& entry : answered) {
    done.reset().bind(1, now).bind(2, entry.id).step();
    finished.push_back(done.changes() == 1);
    if (!finished.back()) continue;
    promote.reset().bind(1, entry.id).step();
    for (const auto& reply : entry.replies) {
      queue_entry(queue, reply.channel, entry.message_id, reply, now);
      queued = true;
    }
  }
  if (queued && db_->engine() == sql::Engine::postgresql)
    db_->exec(sql_of({"SELECT pg_notify('", kOutboxQueued, "', '')"}));
  transaction.commit();
  return finished;
}

void Store::outbox_sent(long long id) {
  auto entry = outbox_entry(id);
  update_outbox({{id, "sent", entry ? entry->attempts + 1 : 1, 0, "", "", 0}});
}

void Store::outbox_retry(long long id, int attempts, long long next_attempt_ms,
                         const std::string& error) {
  update_outbox({{id, "pending", attempts, next_attempt_ms, error, "", 0}});
}

void Store::outbox_dead(long long id, int attempts, const std::string& error) {
  update_outbox({{id, "dead", attempts, 0, error, "", 0}});
}

long long Store::outbox_depth() {
  std::lock_guard lock(reader_mutex_);
  Statement query(*reader_, "SELECT COUNT(*) FROM outbox WHERE state = 'pending'");
  return query.step() ? query.integer(0) : 0;
}

std::vector<OutboxEntry> Store::dead_letters(int limit) {
  std::lock_guard lock(mutex_);
  Statement query(*db_, sql_of({"SELECT ", kOutboxColumns,
                                " FROM outbox WHERE state = 'dead' ORDER BY id DESC LIMIT ?"}));
  query.bind(1, static_cast<long long>(limit));
  std::vector<OutboxEntry> entries;
  while (query.step()) entries.push_back(entry_from(query));
  return entries;
}

std::optional<OutboxEntry> Store::outbox_entry(long long id) {
  std::lock_guard lock(mutex_);
  Statement query(*db_, sql_of({"SELECT ", kOutboxColumns, " FROM outbox WHERE id = ?"}));
  query.bind(1, id);
  if (!query.step()) return std::nullopt;
  return entry_from(query);
}

bool Store::requeue_dead_letter(long long id) {
  std::lock_guard lock(mutex_);
  Statement update(*db_,
                   "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_ms = 0, "
                   "finished_at = NULL, head = 1 WHERE id = ? AND state = 'dead'");
  update.bind(1, id).step();
  return update.changes() > 0;
}

}  // namespace careerbot
