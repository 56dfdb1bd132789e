#include "store.hpp"

#include <sqlite3.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <set>

#include "sql/connection.hpp"
#include "store_schema.hpp"

namespace careerbot {
namespace {

using nlohmann::json;
using sql::Statement;
using sql::Transaction;

json stored_document(const CareerProfile& profile) {
  json doc = profile_to_json(profile);
  doc.erase("revision");
  doc.erase("updated_at");
  return doc;
}

CareerProfile from_row(const std::string& document, long long revision,
                       const std::string& updated_at) {
  ProfileError error;
  auto parsed = parse_profile(json::parse(document, nullptr, false), error);
  if (!parsed) throw StoreError("stored profile is invalid: " + error.field + " " + error.reason);
  parsed->revision = revision;
  parsed->updated_at = updated_at;
  return *parsed;
}

// The top-level fields that differ between two documents.
json changed_fields(const std::optional<json>& before, const std::optional<json>& after) {
  std::set<std::string> keys;
  if (before) {
    for (const auto& item : before->items()) keys.insert(item.key());
  }
  if (after) {
    for (const auto& item : after->items()) keys.insert(item.key());
  }
  json changed = json::array();
  for (const auto& key : keys) {
    bool in_before = before && before->contains(key);
    bool in_after = after && after->contains(key);
    if (in_before != in_after || (in_before && (*before)[key] != (*after)[key]))
      changed.push_back(key);
  }
  return {{"changed", changed}};
}

}  // namespace

std::string utc_now() {
  return utc_text(std::chrono::system_clock::now());
}

std::string utc_text(std::chrono::system_clock::time_point when) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return buffer;
}

Store::Store(const std::filesystem::path& data_dir)
    : Store(StoreOptions{
          .backend = StoreOptions::Backend::sqlite, .data_dir = data_dir, .postgresql_url = {}}) {}

Store::Store(const StoreOptions& options) {
  if (options.backend == StoreOptions::Backend::postgresql) {
    where_ = "the PostgreSQL database";
    db_ = sql::open_postgresql(options.postgresql_url);
    migrate(*db_, where_);
    mark_outbox_heads();
    reader_ = sql::open_postgresql(options.postgresql_url);
    constexpr int kMemoryConnections = 4;
    for (int i = 0; i < kMemoryConnections; ++i) {
      auto memory = std::make_unique<MemoryConnection>();
      memory->db = sql::open_postgresql(options.postgresql_url, false);
      memory_.push_back(std::move(memory));
    }
    return;
  }
  path_ = options.data_dir / "careerbot.db";
  where_ = path_.string();
  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  db_ = sql::open_sqlite(path_.string(), false);
  migrate(*db_, where_);
  // One process owns a SQLite store: claims of an earlier run are void, and
  // what it was sending when it stopped goes out again now.
  db_->exec("UPDATE outbox SET claimed_until_ms = 0 WHERE claimed_until_ms > 0");
  mark_outbox_heads();
  reader_ = sql::open_sqlite(path_.string(), true);
}

// A start-up failure in words an operator can act on.
std::string explain(const StoreError& error) {
  switch (error.kind()) {
    case StoreError::Kind::busy:
      return std::string(
                 "the database in the data directory is locked by another process: is "
                 "another careerbot using this data directory? (") +
             error.what() + ")";
    case StoreError::Kind::damaged:
      return std::string(
                 "the database in the data directory is damaged or not a careerbot "
                 "database: restore it from a backup, or move it away to start with a "
                 "new one (") +
             error.what() + ")";
    case StoreError::Kind::full:
      return std::string("no space left on the disk of the data directory (") + error.what() + ")";
    case StoreError::Kind::unavailable:
      return std::string(
                 "the PostgreSQL server of store.postgresql.url cannot be reached, or refused "
                 "the connection (") +
             error.what() + ")";
    case StoreError::Kind::failed:
      break;
  }
  return error.what();
}

Store::~Store() = default;

int Store::schema_version() {
  std::lock_guard lock(mutex_);
  return careerbot::schema_version(*db_);
}

bool Store::has_profiles() {
  std::lock_guard lock(mutex_);
  Statement query(*db_, "SELECT 1 FROM profiles LIMIT 1");
  return query.step();
}

std::vector<CareerProfile> Store::load_all() {
  std::lock_guard lock(mutex_);
  Statement query(*db_, "SELECT document, revision, updated_at FROM profiles ORDER BY id");
  std::vector<CareerProfile> profiles;
  while (query.step()) profiles.push_back(from_row(query.text(0), query.integer(1), query.text(2)));
  return profiles;
}

std::optional<CareerProfile> Store::find(const std::string& id) {
  std::lock_guard lock(mutex_);
  Statement query(*db_, "SELECT document, revision, updated_at FROM profiles WHERE id = ?");
  query.bind(1, id);
  if (!query.step()) return std::nullopt;
  return from_row(query.text(0), query.integer(1), query.text(2));
}

void Store::bump_knowledge_version() {
  db_->exec("UPDATE knowledge_version SET version = version + 1 WHERE id = 1");
  // Delivered at commit, to every instance listening.
  if (db_->engine() == sql::Engine::postgresql)
    db_->exec(std::string("SELECT pg_notify('").append(kKnowledgeChanged).append("', '')"));
}

long long Store::knowledge_version() {
  std::lock_guard lock(reader_mutex_);
  Statement query(*reader_, "SELECT version FROM knowledge_version WHERE id = 1");
  return query.step() ? query.integer(0) : 0;
}

long long Store::stored_revision(const std::string& id) {
  Statement query(*db_, "SELECT revision FROM profiles WHERE id = ?");
  query.bind(1, id);
  return query.step() ? query.integer(0) : 0;
}

WriteResult Store::write(CareerProfile profile, long long new_revision, const std::string& actor,
                         const std::string& action, const std::optional<json>& before) {
  std::string at = utc_now();
  json doc = stored_document(profile);
  std::string text = doc.dump();
  Statement upsert(*db_,
                   "INSERT INTO profiles (id, revision, updated_at, document) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT(id) DO UPDATE SET revision = excluded.revision, "
                   "updated_at = excluded.updated_at, document = excluded.document");
  upsert.bind(1, profile.id).bind(2, new_revision).bind(3, at).bind(4, text).step();
  Statement history(*db_,
                    "INSERT INTO profile_revisions (id, revision, at, actor, action, document) "
                    "VALUES (?, ?, ?, ?, ?, ?)");
  history.bind(1, profile.id)
      .bind(2, new_revision)
      .bind(3, at)
      .bind(4, actor)
      .bind(5, action)
      .bind(6, text)
      .step();
  Statement audit(*db_,
                  "INSERT INTO audit_log (at, actor, action, profile_id, revision, detail) VALUES "
                  "(?, ?, ?, ?, ?, ?)");
  audit.bind(1, at).bind(2, actor).bind(3, action).bind(4, profile.id).bind(5, new_revision);
  audit.bind(6, changed_fields(before, doc).dump()).step();
  bump_knowledge_version();
  profile.revision = new_revision;
  profile.updated_at = at;
  return WriteResult::done(std::move(profile));
}

void Store::seed(const std::vector<CareerProfile>& profiles, const std::string& actor) {
  std::lock_guard lock(mutex_);
  Transaction transaction(*db_);
  // Instances starting together on a new database: the first seeds it.
  if (db_->engine() == sql::Engine::postgresql) db_->exec("SELECT pg_advisory_xact_lock(7291005)");
  if (Statement any(*db_, "SELECT 1 FROM profiles LIMIT 1"); any.step()) return;
  for (const auto& profile : profiles) write(profile, 1, actor, "seed", std::nullopt);
  transaction.commit();
}

WriteResult Store::create(CareerProfile profile, const std::string& actor) {
  std::lock_guard lock(mutex_);
  Transaction transaction(*db_);
  long long current = stored_revision(profile.id);
  if (current > 0) return WriteResult::failed(WriteStatus::exists, current);
  // A re-created id continues its revision numbers.
  Statement last(*db_, "SELECT COALESCE(MAX(revision), 0) FROM profile_revisions WHERE id = ?");
  last.bind(1, profile.id);
  long long previous = last.step() ? last.integer(0) : 0;
  auto result = write(std::move(profile), previous + 1, actor, "create", std::nullopt);
  transaction.commit();
  return result;
}

WriteResult Store::replace(CareerProfile profile, long long expected_revision,
                           const std::string& actor, const std::string& action) {
  std::lock_guard lock(mutex_);
  Transaction transaction(*db_);
  Statement query(*db_, "SELECT revision, document FROM profiles WHERE id = ?");
  query.bind(1, profile.id);
  if (!query.step()) return WriteResult::failed(WriteStatus::not_found);
  long long current = query.integer(0);
  if (current != expected_revision) return WriteResult::failed(WriteStatus::conflict, current);
  auto before = json::parse(query.text(1), nullptr, false);
  auto result = write(std::move(profile), current + 1, actor, action, before);
  transaction.commit();
  return result;
}

WriteResult Store::remove(const std::string& id, long long expected_revision,
                          const std::string& actor) {
  std::lock_guard lock(mutex_);
  Transaction transaction(*db_);
  Statement query(*db_, "SELECT revision, document FROM profiles WHERE id = ?");
  query.bind(1, id);
  if (!query.step()) return WriteResult::failed(WriteStatus::not_found);
  long long current = query.integer(0);
  if (current != expected_revision) return WriteResult::failed(WriteStatus::conflict, current);
  auto before = json::parse(query.text(1), nullptr, false);
  std::string at = utc_now();
  Statement erase(*db_, "DELETE FROM profiles WHERE id = ?");
  erase.bind(1, id).step();
  Statement history(*db_,
                    "INSERT INTO profile_revisions (id, revision, at, actor, action, document) "
                    "VALUES (?, ?, ?, ?, 'delete', NULL)");
  history.bind(1, id).bind(2, current + 1).bind(3, at).bind(4, actor).step();
  Statement audit(*db_,
                  "INSERT INTO audit_log (at, actor, action, profile_id, revision, detail) "
                  "VALUES (?, ?, 'delete', ?, ?, ?)");
  audit.bind(1, at)
      .bind(2, actor)
      .bind(3, id)
      .bind(4, current + 1)
      .bind(5, changed_fields(before, std::nullopt).dump());
  audit.step();
  bump_knowledge_version();
  transaction.commit();
  CareerProfile gone;
  gone.id = id;
  gone.revision = current + 1;
  return WriteResult::done(std::move(gone));
}

ImportCounts Store::import(const std::vector<CareerProfile>& profiles, const std::string& actor) {
  std::lock_guard lock(mutex_);
  Transaction transaction(*db_);
  ImportCounts counts;
  for (const auto& profile : profiles) {
    Statement query(*db_, "SELECT revision, document FROM profiles WHERE id = ?");
    query.bind(1, profile.id);
    json doc = stored_document(profile);
    if (!query.step()) {
      Statement last(*db_, "SELECT COALESCE(MAX(revision), 0) FROM profile_revisions WHERE id = ?");
      last.bind(1, profile.id);
      long long previous = last.step() ? last.integer(0) : 0;
      write(profile, previous + 1, actor, "import", std::nullopt);
      counts.added.push_back(profile.id);
      continue;
    }
    auto before = json::parse(query.text(1), nullptr, false);
    if (before == doc) {
      counts.unchanged.push_back(profile.id);
      continue;
    }
    write(profile, query.integer(0) + 1, actor, "import", before);
    counts.changed.push_back(profile.id);
  }
  transaction.commit();
  return counts;
}

std::vector<ProfileRevision> Store::history(const std::string& id) {
  std::lock_guard lock(mutex_);
  Statement query(
      *db_,
      "SELECT revision, at, actor, action, document FROM profile_revisions WHERE id = ? "
      "ORDER BY revision DESC");
  query.bind(1, id);
  std::vector<ProfileRevision> revisions;
  while (query.step()) {
    ProfileRevision r{id,          query.integer(0), query.text(1), query.text(2), query.text(3),
                      std::nullopt};
    revisions.push_back(std::move(r));
  }
  return revisions;
}

std::optional<ProfileRevision> Store::revision(const std::string& id, long long number) {
  std::lock_guard lock(mutex_);
  Statement query(
      *db_,
      "SELECT at, actor, action, document FROM profile_revisions WHERE id = ? AND revision = ?");
  query.bind(1, id).bind(2, number);
  if (!query.step()) return std::nullopt;
  ProfileRevision r{id, number, query.text(0), query.text(1), query.text(2), std::nullopt};
  if (!query.is_null(3)) r.document = json::parse(query.text(3), nullptr, false);
  return r;
}

std::vector<AuditEntry> Store::audit(int limit, long long before_seq) {
  std::lock_guard lock(mutex_);
  Statement query(*db_,
                  "SELECT seq, at, actor, action, profile_id, revision, detail FROM audit_log "
                  "WHERE seq < ? ORDER BY seq DESC LIMIT ?");
  query.bind(1, before_seq <= 0 ? std::numeric_limits<long long>::max() : before_seq)
      .bind(2, limit);
  std::vector<AuditEntry> entries;
  while (query.step()) {
    entries.push_back({query.integer(0), query.text(1), query.text(2), query.text(3), query.text(4),
                       query.integer(5), json::parse(query.text(6), nullptr, false)});
  }
  return entries;
}

void Store::record_unanswered(const std::vector<UnansweredQuestion>& questions) {
  if (questions.empty()) return;
  std::lock_guard lock(mutex_);
  Transaction transaction(*db_);
  for (const auto& q : questions) {
    Statement upsert(*db_,
                     "INSERT INTO unanswered (text, count, last_seen, channel) SELECT ?, ?, ?, ? "
                     "WHERE NOT EXISTS (SELECT 1 FROM unanswered_ignored WHERE text = ?1) "
                     "ON CONFLICT(text) DO UPDATE SET count = unanswered.count + excluded.count, "
                     "last_seen = excluded.last_seen, channel = excluded.channel");
    upsert.bind(1, q.text).bind(2, q.count).bind(3, q.last_seen).bind(4, q.channel).step();
  }
  transaction.commit();
}

std::vector<UnansweredQuestion> Store::unanswered(int limit) {
  std::lock_guard lock(mutex_);
  Statement query(*db_,
                  "SELECT text, count, last_seen, channel FROM unanswered ORDER BY count DESC, "
                  "last_seen DESC LIMIT ?");
  query.bind(1, static_cast<long long>(limit));
  std::vector<UnansweredQuestion> list;
  while (query.step())
    list.push_back({query.text(0), query.integer(1), query.text(2), query.text(3)});
  return list;
}

int Store::dismiss_unanswered(const std::vector<std::string>& texts, bool forever) {
  std::lock_guard lock(mutex_);
  Transaction transaction(*db_);
  int removed = 0;
  const std::string now = utc_now();
  for (const auto& text : texts) {
    Statement remove(*db_, "DELETE FROM unanswered WHERE text = ?");
    remove.bind(1, text).step();
    removed += static_cast<int>(remove.changes());
    if (forever) {
      Statement ignore(
          *db_, "INSERT INTO unanswered_ignored (text, at) VALUES (?, ?) ON CONFLICT DO NOTHING");
      ignore.bind(1, text).bind(2, now).step();
    }
  }
  transaction.commit();
  return removed;
}

std::optional<std::string> Store::unready_reason() {
  if (db_->engine() == sql::Engine::postgresql) {
    if (db_->reachable() && reader_->reachable()) return std::nullopt;
    return "The PostgreSQL database cannot be reached.";
  }
  bool writable = false;
  {
    std::lock_guard lock(mutex_);
    writable = ::access(path_.c_str(), W_OK) == 0 &&
               sqlite3_db_readonly(sql::sqlite_handle(*db_), "main") == 0;
  }
  if (!writable) return "The knowledge store in the data directory is not writable.";
  // Below this, messages can no longer be stored: webhooks would get 503.
  constexpr std::uint64_t kMinFreeBytes = std::uint64_t{1} << 20;
  struct statvfs disk {};
  if (::statvfs(path_.parent_path().c_str(), &disk) != 0 ||
      static_cast<std::uint64_t>(disk.f_bavail) * disk.f_frsize < kMinFreeBytes) {
    return "The disk of the data directory is full.";
  }
  return std::nullopt;
}

}  // namespace careerbot
