// The store's schema: numbered migrations, written once for both engines
// and applied in order when the store opens. SQLite keeps how many are
// applied in PRAGMA user_version; PostgreSQL in the careerbot_schema table,
// migrated under an advisory lock so that instances starting together take
// turns.
#include "store_schema.hpp"

#include <iterator>

namespace careerbot {
namespace {

using sql::Engine;
using sql::Statement;
using sql::Transaction;

constexpr const char* kMigrations[] = {
    // 1: profiles, their revisions, the audit log, unanswered questions
    R"sql(
      CREATE TABLE profiles (
        id TEXT PRIMARY KEY,
        revision INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        document TEXT NOT NULL);
      CREATE TABLE profile_revisions (
        id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        document TEXT,
        PRIMARY KEY (id, revision));
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        profile_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        detail TEXT NOT NULL);
      CREATE TABLE unanswered (
        text TEXT PRIMARY KEY,
        count INTEGER NOT NULL,
        last_seen TEXT NOT NULL,
        channel TEXT NOT NULL);
    )sql",
    // 2: inbound chat messages, so that a platform's retry is never answered twice
    R"sql(
      CREATE TABLE inbound_messages (
        channel TEXT NOT NULL,
        message_id TEXT NOT NULL,
        received_at TEXT NOT NULL,
        conversation TEXT NOT NULL,
        reply TEXT,
        PRIMARY KEY (channel, message_id));
    )sql",
    // 3: the outbox: replies waiting to be sent, with their retry state
    R"sql(
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        channel TEXT NOT NULL,
        message_id TEXT NOT NULL,
        rate_key TEXT NOT NULL,
        payload TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_ms INTEGER NOT NULL,
        last_error TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        finished_at TEXT);
      CREATE INDEX outbox_pending ON outbox (state, rate_key, id);
    )sql",
    // 4: web chat sessions and their messages, human handoffs, and
    // unanswered questions the admins chose to ignore
    R"sql(
      CREATE TABLE web_sessions (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        last_seen TEXT NOT NULL);
      CREATE TABLE web_messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session TEXT NOT NULL,
        role TEXT NOT NULL,
        at TEXT NOT NULL,
        text TEXT NOT NULL,
        client_id TEXT NOT NULL DEFAULT '',
        reply TEXT,
        held INTEGER NOT NULL DEFAULT 0);
      CREATE INDEX web_messages_session ON web_messages (session, id);
      CREATE INDEX web_messages_client ON web_messages (session, client_id);
      CREATE TABLE handoffs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        conversation TEXT NOT NULL,
        channel TEXT NOT NULL,
        state TEXT NOT NULL,
        reason TEXT NOT NULL,
        opened_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        closed_at TEXT,
        route TEXT NOT NULL,
        transcript TEXT NOT NULL);
      CREATE INDEX handoffs_open ON handoffs (conversation, state);
      CREATE TABLE unanswered_ignored (
        text TEXT PRIMARY KEY,
        at TEXT NOT NULL);
    )sql",
    // 5: several instances on one database: outbox entries claimed for a
    // while by the instance sending them, a version of the knowledge base
    // that every change bumps, and conversation memory
    R"sql(
      ALTER TABLE outbox ADD COLUMN claimed_until_ms INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE outbox ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
      CREATE TABLE knowledge_version (
        id INTEGER PRIMARY KEY,
        version INTEGER NOT NULL);
      INSERT INTO knowledge_version (id, version) VALUES (1, 0);
      CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        expires_ms INTEGER NOT NULL,
        held_by TEXT NOT NULL DEFAULT '',
        held_until_ms INTEGER NOT NULL DEFAULT 0);
      CREATE INDEX conversations_expiry ON conversations (expires_ms);
    )sql",
    // 6: what the outbox's claims look up among the pending entries only: in
    // id order, by when due, by when a claim runs out (the first two replaced
    // by 8)
    R"sql(
      CREATE INDEX outbox_pending_id ON outbox (id) WHERE state = 'pending';
      CREATE INDEX outbox_pending_due ON outbox (next_attempt_ms) WHERE state = 'pending';
      CREATE INDEX outbox_pending_claims ON outbox (claimed_until_ms) WHERE state = 'pending';
    )sql",
    // 7: each channel's overall pace, shared by the instances: how many of
    // its entries were claimed in the current second
    R"sql(
      CREATE TABLE outbox_pace (
        channel TEXT PRIMARY KEY,
        window_ms INTEGER NOT NULL,
        claimed INTEGER NOT NULL);
    )sql",
    // 8: the outbox's look-ups go channel by channel: a channel's pending
    // entries in id order and by when due, so that a backlog in another
    // channel (one without a courier here, or messages still to answer)
    // is not read through
    R"sql(
      CREATE INDEX outbox_pending_channel ON outbox (channel, id) WHERE state = 'pending';
      CREATE INDEX outbox_pending_channel_due ON outbox (channel, next_attempt_ms)
        WHERE state = 'pending';
      DROP INDEX outbox_pending_id;
      DROP INDEX outbox_pending_due;
    )sql",
    // 9: the first pending entry of each rate key is marked (head = 1), so
    // that claims read the heads only, not every entry queued behind one
    // (a chat or a sender with thousands waiting)
    R"sql(
      ALTER TABLE outbox ADD COLUMN head INTEGER NOT NULL DEFAULT 0;
      UPDATE outbox SET head = 1 WHERE state = 'pending' AND id IN
        (SELECT MIN(id) FROM outbox WHERE state = 'pending' GROUP BY rate_key);
      CREATE INDEX outbox_pending_heads ON outbox (channel, id)
        WHERE state = 'pending' AND head = 1;
      CREATE INDEX outbox_pending_heads_due ON outbox (channel, next_attempt_ms)
        WHERE state = 'pending' AND head = 1;
      DROP INDEX outbox_pending_channel;
      DROP INDEX outbox_pending_channel_due;
    )sql",
    // 10: the rate keys' index holds the pending entries only. Every entry
    // ever sent stayed in it under 'sent' at its rate key's place, so each
    // one sent wrote a page of its own (chats' keys are scattered); the
    // dead letters admins list get a small index of their own.
    R"sql(
      CREATE INDEX outbox_pending_keys ON outbox (rate_key, id) WHERE state = 'pending';
      CREATE INDEX outbox_dead ON outbox (id) WHERE state = 'dead';
      DROP INDEX outbox_pending;
    )sql",
};

constexpr int kLatest = static_cast<int>(std::size(kMigrations));

// The DDL as PostgreSQL reads it: SQLite's integers are 64-bit, and its
// AUTOINCREMENT keys are PostgreSQL's sequences.
std::string for_engine(Engine engine, std::string ddl) {
  if (engine == Engine::sqlite) return ddl;
  auto replace_all = [&](const std::string& from, const std::string& to) {
    for (auto at = ddl.find(from); at != std::string::npos; at = ddl.find(from, at + to.size()))
      ddl.replace(at, from.size(), to);
  };
  replace_all("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY");
  replace_all("INTEGER", "BIGINT");
  return ddl;
}

void check_known(int version, const std::string& where) {
  if (version > kLatest) {
    throw StoreError(where + " has schema version " + std::to_string(version) +
                     ", newer than this careerbot knows (" + std::to_string(kLatest) + ")");
  }
}

void migrate_sqlite(sql::Connection& db, const std::string& where) {
  int version = schema_version(db);
  check_known(version, where);
  for (int next = version; next < kLatest; ++next) {
    Transaction transaction(db);
    db.exec(kMigrations[next]);
    db.exec("PRAGMA user_version=" + std::to_string(next + 1));
    transaction.commit();
  }
}

void migrate_postgresql(sql::Connection& db, const std::string& where) {
  Transaction transaction(db);
  // One instance migrates at a time; the others then find nothing to do.
  db.exec("SELECT pg_advisory_xact_lock(7291004)");
  db.exec("CREATE TABLE IF NOT EXISTS careerbot_schema (version BIGINT NOT NULL)");
  int version = schema_version(db);
  check_known(version, where);
  if (version == 0)
    db.exec(
        "INSERT INTO careerbot_schema (version) SELECT 0 WHERE NOT EXISTS "
        "(SELECT 1 FROM careerbot_schema)");
  for (int next = version; next < kLatest; ++next) {
    db.exec(for_engine(Engine::postgresql, kMigrations[next]));
    db.exec("UPDATE careerbot_schema SET version = " + std::to_string(next + 1));
  }
  transaction.commit();
}

}  // namespace

int latest_schema_version() {
  return kLatest;
}

int schema_version(sql::Connection& db) {
  Statement query(db, db.engine() == Engine::sqlite
                          ? "PRAGMA user_version"
                          : "SELECT COALESCE(MAX(version), 0) FROM careerbot_schema");
  return query.step() ? static_cast<int>(query.integer(0)) : 0;
}

void migrate(sql::Connection& db, const std::string& where) {
  if (db.engine() == Engine::sqlite) {
    migrate_sqlite(db, where);
  } else {
    migrate_postgresql(db, where);
  }
}

}  // namespace careerbot
