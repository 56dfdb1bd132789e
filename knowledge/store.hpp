// The durable store: SQLite in the data directory (WAL, numbered migrations
// applied at open). It keeps the current profiles, every past revision, an
// audit log of who changed what, the questions careerbot could not answer,
// and the inbound chat messages with their replies. All methods are thread-safe; each write is one
// transaction that is on disk before the method returns.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "profile.hpp"

namespace careerbot {

namespace sql {
class Connection;
}

class StoreError : public std::runtime_error {
 public:
  // What went wrong, where callers answer differently: a full disk, a busy
  // database or a database server out of reach is worth retrying later; a
  // damaged file is not.
  enum class Kind { failed, full, busy, damaged, unavailable };
  explicit StoreError(const std::string& what, Kind kind = Kind::failed)
      : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// Rows deleted from each table by a purge or an erasure.
struct PersonalDataCounts {
  int inbound = 0;       // messages received, with the replies given
  int outbox = 0;        // replies queued or sent
  int handoffs = 0;      // conversations handed to a person, with transcripts
  int unanswered = 0;    // questions careerbot could not answer
  int web_messages = 0;  // web chat messages
  int web_sessions = 0;
  int conversations = 0;  // conversation memory kept in the store (several instances)
  int total() const {
    return inbound + outbox + handoffs + unanswered + web_messages + web_sessions + conversations;
  }
};

struct RetentionCutoffs {
  std::string messages_before;    // inbound messages, their replies, sent replies
  std::string handoffs_before;    // closed handoffs and their transcripts
  std::string unanswered_before;  // unanswered questions, by when last asked
};

// A failure to open or use the store, in words an operator can act on (a
// locked or damaged database, a full disk).
std::string explain(const StoreError& error);

enum class WriteStatus { ok, not_found, conflict, exists, invalid };

struct WriteResult {
  WriteStatus status = WriteStatus::ok;
  ProfileError error;              // what is wrong (invalid)
  CareerProfile profile;           // as stored, with its new revision (ok)
  long long current_revision = 0;  // the stored revision (conflict, exists)

  static WriteResult done(CareerProfile stored) {
    WriteResult r;
    r.current_revision = stored.revision;
    r.profile = std::move(stored);
    return r;
  }
  static WriteResult failed(WriteStatus status, long long current_revision = 0) {
    WriteResult r;
    r.status = status;
    r.current_revision = current_revision;
    return r;
  }
  static WriteResult invalid(ProfileError error) {
    WriteResult r;
    r.status = WriteStatus::invalid;
    r.error = std::move(error);
    return r;
  }
};

struct ProfileRevision {
  std::string id;
  long long revision = 0;
  std::string at;
  std::string actor;
  std::string action;                      // create, replace, patch, delete, rollback, import, seed
  std::optional<nlohmann::json> document;  // absent for a deletion
};

struct AuditEntry {
  long long seq = 0;
  std::string at;
  std::string actor;
  std::string action;
  std::string profile_id;
  long long revision = 0;
  nlohmann::json detail;  // what changed: the top-level fields
};

struct UnansweredQuestion {
  std::string text;  // normalised
  long long count = 0;
  std::string last_seen;
  std::string channel;
};

struct ImportCounts {
  std::vector<std::string> added;
  std::vector<std::string> changed;
  std::vector<std::string> unchanged;
};

// A reply waiting in the outbox. `payload` says what to send (JSON, without
// credentials: the channel adds those when it sends).
struct OutboxEntry {
  long long id = 0;
  std::string channel;
  std::string message_id;  // the inbound message it answers
  std::string rate_key;    // entries with one key are sent in order, one at a time
  std::string payload;
  int attempts = 0;
  long long next_attempt_ms = 0;  // Unix time in milliseconds
  std::string state;              // pending, sent, dead
  std::string last_error;
};

// An inbound chat or email message, recorded before the platform is told it
// arrived.
struct InboundMessage {
  std::string channel;
  std::string message_id;  // the platform's id: deduplicates its retries
  std::string conversation;
};

// One message of a web chat session: the person's, careerbot's or a counselor's.
struct WebMessage {
  long long id = 0;  // grows within a session
  std::string session;
  std::string role;  // user, bot, counselor
  std::string at;
  std::string text;
  // The page's id for a user message, also kept on its reply: a resent
  // message is not answered again.
  std::string client_id;
  std::string reply;  // the /v1/ask JSON of a bot message
  bool held = false;  // a user message kept for a counselor instead of answered
};

// A conversation handed to a person.
struct Handoff {
  long long id = 0;
  std::string conversation;
  std::string channel;
  std::string state;  // open, answered, released, expired
  std::string reason;
  std::string opened_at;
  std::string expires_at;
  std::string closed_at;
  nlohmann::json route;       // how to reach the person on their channel
  nlohmann::json transcript;  // [{"role", "text", "at"}]
};

// What recording an inbound message did.
struct InboundOutcome {
  bool accepted = true;              // false: seen before, nothing was written
  std::optional<std::string> reply;  // the synchronous reply stored with it, if any
};

// Where the store keeps its data.
struct StoreOptions {
  enum class Backend { sqlite, postgresql };
  Backend backend = Backend::sqlite;
  std::filesystem::path data_dir;  // SQLite: <data_dir>/careerbot.db
  std::string postgresql_url;      // a secret (it may hold a password): never logged
};

class Store {
 public:
  // Opens (creating if needed) <data_dir>/careerbot.db. Throws StoreError.
  explicit Store(const std::filesystem::path& data_dir);
  // Opens the configured database and applies the migrations it lacks.
  explicit Store(const StoreOptions& options);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  int schema_version();
  bool has_profiles();
  std::vector<CareerProfile> load_all();
  std::optional<CareerProfile> find(const std::string& id);

  // Initial content on first start: every profile at revision 1.
  void seed(const std::vector<CareerProfile>& profiles, const std::string& actor);
  WriteResult create(CareerProfile profile, const std::string& actor);
  // Replaces the profile whose stored revision is `expected_revision`.
  WriteResult replace(CareerProfile profile, long long expected_revision, const std::string& actor,
                      const std::string& action);
  WriteResult remove(const std::string& id, long long expected_revision, const std::string& actor);
  // Adds new and changed imported profiles in one transaction.
  ImportCounts import(const std::vector<CareerProfile>& profiles, const std::string& actor);

  // Grows with every change to the profiles, made by any instance: one that
  // finds it changed loads the profiles again.
  long long knowledge_version();

  std::vector<ProfileRevision> history(const std::string& id);
  std::optional<ProfileRevision> revision(const std::string& id, long long revision);
  std::vector<AuditEntry> audit(int limit, long long before_seq);

  void record_unanswered(const std::vector<UnansweredQuestion>& questions);
  std::vector<UnansweredQuestion> unanswered(int limit);
  // Removes questions from the list; `forever` also ignores them from now on.
  // Returns how many were listed.
  int dismiss_unanswered(const std::vector<std::string>& texts, bool forever);

  // ---- web chat and handoffs (store_web.cpp) ----

  void add_web_session(const std::string& id);
  // Whether the session exists; marks it seen.
  bool touch_web_session(const std::string& id);
  // Stores the messages in one transaction and returns them with their ids.
  std::vector<WebMessage> add_web_messages(std::vector<WebMessage> messages);
  std::vector<WebMessage> web_messages(const std::string& session, long long after, int limit);
  // The user message with this client id and its reply.
  std::vector<WebMessage> web_messages_for(const std::string& session,
                                           const std::string& client_id);
  // Deletes sessions unseen since `before` (UTC text) and their messages.
  int purge_web_history(const std::string& before);

  // Personal data past its retention period (store_privacy.cpp): times are
  // UTC text as utc_text() writes them.
  PersonalDataCounts purge_personal_data(const RetentionCutoffs& cutoffs);
  // Everything stored about one person: their messages and the replies to
  // them, queued replies, handoffs; for "web", the session's chat. `sender`
  // is the id the channel knows them by (a chat id, a phone number, an
  // email address, a web session id).
  PersonalDataCounts erase_person(const std::string& channel, const std::string& sender);

  long long open_handoff(const Handoff& handoff);
  std::optional<Handoff> handoff(long long id);
  std::optional<Handoff> open_handoff_for(const std::string& conversation);
  std::vector<Handoff> handoffs(bool open_only, int limit);
  void append_to_handoff(long long id, const nlohmann::json& entries);
  // Moves an open handoff to `state`; false when it was not open.
  bool close_handoff(long long id, const std::string& state);

  // ---- conversation memory shared by instances (store_conversations.cpp) ----

  // Holds the conversation for `holder` until `now_ms + hold_ms` and returns
  // its state (JSON text; "" when new or expired); nullopt while another
  // holder's hold runs.
  std::optional<std::string> hold_conversation(const std::string& id, const std::string& holder,
                                               long long now_ms, long long hold_ms);
  // Stores the state, to be forgotten at `expires_ms`, and ends the hold.
  void save_conversation(const std::string& id, const std::string& holder, const std::string& state,
                         long long expires_ms);
  void release_conversation(const std::string& id, const std::string& holder);
  // The first states of conversations just begun, in one transaction; a
  // conversation already stored (its follow-up came first) keeps its own.
  void begin_conversations(const std::vector<std::pair<std::string, std::string>>& states,
                           long long expires_ms);

  // ---- inbound messages and the outbox (store_messages.cpp) ----

  // Whether a message with this id was recorded, and its stored reply.
  std::optional<InboundOutcome> find_inbound(const std::string& channel,
                                             const std::string& message_id);
  // Records the message, its outbox entries and its synchronous reply (if the
  // channel answers in the response) in one durable transaction. A message
  // seen before writes nothing and returns accepted = false with its reply.
  // Callers arriving together share one transaction (group commit): each
  // returns once the commit that holds its message is on disk.
  InboundOutcome accept_inbound(const InboundMessage& message,
                                const std::vector<OutboxEntry>& replies,
                                const std::optional<std::string>& sync_reply);
  // The same for messages gathered by the caller (without a synchronous
  // reply), in one transaction: their outcomes in order. Throws StoreError
  // when nothing could be written.
  struct Inbound {
    InboundMessage message;
    std::vector<OutboxEntry> entries;
  };
  std::vector<InboundOutcome> accept_inbound_batch(const std::vector<Inbound>& messages);

  // The oldest pending entry of each rate key (the next one to send there), in
  // id order, at most `limit`.
  std::vector<OutboxEntry> pending_outbox(int limit);
  // A channel whose entries are claimed, and its overall pace: at most
  // `per_second` entries of it are claimed in one second, by all the
  // instances together (0: no limit).
  struct ClaimChannel {
    std::string name;
    int per_second = 0;
  };
  struct OutboxClaim {
    std::vector<OutboxEntry> entries;  // in id order
    // Channels that used up this second's pace: look again at pace_resets_ms.
    std::vector<std::string> paced;
    long long pace_resets_ms = 0;
  };
  // Claims, for `owner` until `now_ms + lease_ms`, at most `limit` entries that
  // may be sent now: of the `channels` given, each the head of its rate key,
  // due, not claimed by a lease still running, and within its channel's pace
  // for the current second (a counter in the store, so the pace holds across
  // instances). Several instances claiming at once never get the same entry
  // (PostgreSQL: FOR UPDATE SKIP LOCKED).
  OutboxClaim claim_outbox(int limit, long long now_ms, long long lease_ms,
                           const std::string& owner, const std::vector<ClaimChannel>& channels);
  // Extends `owner`'s claims on these entries, still pending, to `until_ms`
  // (a send taking longer than the lease keeps its entry); returns how many.
  int extend_claims(const std::vector<long long>& ids, const std::string& owner,
                    long long until_ms);
  // When the next unclaimed head of these channels falls due, or a claim runs
  // out (Unix ms); nullopt when nothing waits.
  std::optional<long long> next_outbox_due_ms(long long now_ms,
                                              const std::vector<std::string>& channels);
  // What became of delivery attempts, written in one transaction; each entry's
  // claim ends with it.
  struct OutboxUpdate {
    long long id = 0;
    std::string state;  // sent, pending (to retry) or dead
    int attempts = 0;
    long long next_attempt_ms = 0;
    std::string error;
    // Pacing across instances: the next entry of the same key waits at least
    // until then (0: no wait).
    std::string rate_key;
    long long next_in_key_not_before_ms = 0;
  };
  void update_outbox(const std::vector<OutboxUpdate>& updates);
  // A message answered after it was acknowledged: its outbox entry (the work
  // of answering it) is done, and its replies are queued, in one transaction
  // with the others of the batch. An entry no longer pending (done by another
  // instance after this one's claim ran out) queues nothing: false at its place.
  // A finished entry no longer keeps the message (its payload is emptied).
  struct AnsweredEntry {
    long long id = 0;
    std::string message_id;
    std::vector<OutboxEntry> replies;
  };
  std::vector<bool> finish_answers(const std::vector<AnsweredEntry>& answered);
  void outbox_sent(long long id);
  void outbox_retry(long long id, int attempts, long long next_attempt_ms,
                    const std::string& error);
  void outbox_dead(long long id, int attempts, const std::string& error);
  long long outbox_depth();
  // The most recent dead letters, newest first.
  std::vector<OutboxEntry> dead_letters(int limit);
  std::optional<OutboxEntry> outbox_entry(long long id);
  // Puts a dead letter back in line, to be tried again now; false when `id`
  // is not a dead letter.
  bool requeue_dead_letter(long long id);

  // Why the store cannot take writes now, in words for /readyz (a read-only
  // or full disk, an unreachable database server); nullopt when it can.
  std::optional<std::string> unready_reason();

 private:
  struct PendingInbound;
  void commit_inbound(const std::vector<PendingInbound*>& batch);
  // Marks the first pending entry of every rate key as its head, where a
  // mark is missing (a deletion took the head; on PostgreSQL, an entry queued
  // while the one before it finished on another connection). Reads every
  // pending entry: at start-up, after an erasure, now and then on PostgreSQL.
  void mark_outbox_heads();
  long long next_head_check_ms_ = 0;  // (PostgreSQL; under mutex_)

  void checkpoint_truncate();
  // In a write transaction: counts a change of the profiles and, on
  // PostgreSQL, tells the other instances at commit.
  void bump_knowledge_version();
  WriteResult write(CareerProfile profile, long long new_revision, const std::string& actor,
                    const std::string& action, const std::optional<nlohmann::json>& before);
  long long stored_revision(const std::string& id);

  std::filesystem::path path_;  // the SQLite file; empty for PostgreSQL
  std::string where_;           // the database, as errors name it
  std::unique_ptr<sql::Connection> db_;
  std::mutex mutex_;
  // A second, read-only connection for the reads on the delivery path (the
  // duplicate check every inbound message makes first, the outbox's scans):
  // in WAL mode it reads while db_ commits, so those never queue behind a
  // commit's fsync, nor commits behind them.
  std::unique_ptr<sql::Connection> reader_;
  std::mutex reader_mutex_;
  // PostgreSQL: connections for conversation memory, without waiting for
  // the disk at commit (synchronous_commit off: a conversation's state is
  // not worth an fsync); a conversation always uses the same one. SQLite
  // keeps it on db_.
  struct MemoryConnection {
    std::unique_ptr<sql::Connection> db;
    std::mutex mutex;
  };
  std::vector<std::unique_ptr<MemoryConnection>> memory_;
  // The connection for a conversation, with its lock taken.
  std::pair<sql::Connection&, std::unique_lock<std::mutex>> memory_for(const std::string& id);

  // Group commit of inbound messages: one caller at a time commits all that
  // are queued, the others wait for it.
  std::mutex commit_mutex_;
  std::vector<PendingInbound*> commit_queue_;
  bool committing_ = false;
};

// What instances sharing a PostgreSQL database tell each other (LISTEN /
// NOTIFY channels): the profiles changed; replies were queued; a web chat
// session has new messages.
inline constexpr const char* kKnowledgeChanged = "careerbot_knowledge";
inline constexpr const char* kOutboxQueued = "careerbot_outbox";
// Web chat messages were added; the payload is the session.
inline constexpr const char* kWebMessagesAdded = "careerbot_web";

// "2026-11-28T17:40:00Z"
std::string utc_now();
std::string utc_text(std::chrono::system_clock::time_point when);

}  // namespace careerbot
