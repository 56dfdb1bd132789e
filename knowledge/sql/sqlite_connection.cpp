// The store's SQLite engine: one sqlite3 handle, WAL with full sync, and its
// prepared statements kept for the next use of the same SQL (parsing and
// planning cost more than running the store's small statements).
#include <sqlite3.h>

#include <mutex>
#include <unordered_map>
#include <vector>

#include "connection.hpp"

namespace careerbot::sql {
namespace {

// The kind of failure an SQLite result code means.
StoreError::Kind kind_of(int code) {
  switch (code & 0xff) {
    case SQLITE_FULL:
      return StoreError::Kind::full;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return StoreError::Kind::busy;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return StoreError::Kind::damaged;
    default:
      return StoreError::Kind::failed;
  }
}

// A connection's prepared statements not in use, by their SQL. A statement
// comes back reset and unbound; the cache outlives neither its connection's
// handle nor a statement still out (each holds it).
class StatementCache {
 public:
  explicit StatementCache(sqlite3* db) : db_(db) {}
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;
  ~StatementCache() { close(); }

  // A kept statement for `sql`, or nullptr.
  sqlite3_stmt* take(std::string_view sql) {
    std::lock_guard lock(mutex_);
    auto found = idle_.find(sql);
    if (found == idle_.end() || found->second.empty()) return nullptr;
    sqlite3_stmt* stmt = found->second.back();
    found->second.pop_back();
    --kept_;
    return stmt;
  }
  // Keeps a statement done with, or finalizes it when the cache is full or closed.
  void give_back(std::string_view sql, sqlite3_stmt* stmt) {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    {
      std::lock_guard lock(mutex_);
      if (open_ && kept_ < kMaxKept) {
        auto found = idle_.find(sql);
        if (found == idle_.end()) found = idle_.try_emplace(std::string(sql)).first;
        auto& list = found->second;
        if (list.size() < kMaxPerSql) {
          list.push_back(stmt);
          ++kept_;
          return;
        }
      }
    }
    sqlite3_finalize(stmt);
  }
  // Finalizes what is kept; statements given back later are finalized then.
  void close() {
    std::lock_guard lock(mutex_);
    for (auto& [sql, list] : idle_) {
      for (auto* stmt : list) sqlite3_finalize(stmt);
    }
    idle_.clear();
    kept_ = 0;
    open_ = false;
  }
  sqlite3* db() const { return db_; }

 private:
  // The store has a few dozen distinct statements; a handful of threads use
  // one connection in turn.
  static constexpr std::size_t kMaxKept = 256;
  static constexpr std::size_t kMaxPerSql = 4;
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const {
      return std::hash<std::string_view>{}(sql);
    }
  };
  sqlite3* db_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::vector<sqlite3_stmt*>, Hash, std::equal_to<>> idle_;
  std::size_t kept_ = 0;
  bool open_ = true;
};

class SqliteStatement final : public StatementImpl {
 public:
  SqliteStatement(std::shared_ptr<StatementCache> cache, std::string_view sql)
      : cache_(std::move(cache)), db_(cache_->db()), sql_(sql), stmt_(cache_->take(sql)) {
    if (stmt_ != nullptr) return;
    if (int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
        rc != SQLITE_OK) {
      throw StoreError(std::string("SQLite prepare failed: ") + sqlite3_errmsg(db_), kind_of(rc));
    }
  }
  ~SqliteStatement() override { cache_->give_back(sql_, stmt_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  void bind_text(int index, const std::string& text) override {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  void bind_integer(int index, long long value) override {
    sqlite3_bind_int64(stmt_, index, value);
  }
  void bind_null(int index) override { sqlite3_bind_null(stmt_, index); }
  bool step() override {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) {
      changes_ = sqlite3_changes(db_);
      return false;
    }
    throw StoreError(std::string("SQLite step failed: ") + sqlite3_errmsg(db_), kind_of(rc));
  }
  std::string text(int column) const override {
    const auto* data = sqlite3_column_text(stmt_, column);
    return data == nullptr
               ? std::string()
               : std::string(reinterpret_cast<const char*>(data),
                             static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
  }
  long long integer(int column) const override { return sqlite3_column_int64(stmt_, column); }
  bool is_null(int column) const override {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
  }
  void reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  long long changes() const override { return changes_; }

 private:
  std::shared_ptr<StatementCache> cache_;
  sqlite3* db_;
  std::string sql_;
  sqlite3_stmt* stmt_ = nullptr;
  long long changes_ = 0;
};

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(const std::string& path, bool read_only) : path_(path) {
    int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) {
      std::string message = db_ == nullptr ? "out of memory" : sqlite3_errmsg(db_);
      sqlite3_close(db_);
      throw StoreError("cannot open " + path + ": " + message);
    }
    sqlite3_busy_timeout(db_, 5000);
    statements_ = std::make_shared<StatementCache>(db_);
    if (read_only) return;
    try {
      // WAL with full sync: a write is on disk when its transaction commits,
      // so an acknowledged change survives a crash of the process or the
      // machine.
      exec("PRAGMA journal_mode=WAL");
      exec("PRAGMA synchronous=FULL");
      exec("PRAGMA foreign_keys=ON");
      // Deleted rows are overwritten, not left in free pages (privacy erasure).
      exec("PRAGMA secure_delete=ON");
    } catch (...) {
      // The destructor does not run for a constructor that throws.
      statements_->close();
      sqlite3_close_v2(db_);
      throw;
    }
  }
  ~SqliteConnection() override {
    statements_->close();
    sqlite3_close_v2(db_);  // (deferred until a statement still out is finalized)
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Engine engine() const override { return Engine::sqlite; }
  std::unique_ptr<StatementImpl> prepare(std::string_view sql) override {
    return std::make_unique<SqliteStatement>(statements_, sql);
  }
  void exec(const std::string& sql) override {
    char* message = nullptr;
    if (int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message); rc != SQLITE_OK) {
      std::string text = message == nullptr ? "unknown error" : message;
      sqlite3_free(message);
      throw StoreError(path_ + ": " + text, kind_of(rc));
    }
  }
  void begin() override { exec("BEGIN IMMEDIATE"); }
  void commit() override { exec("COMMIT"); }
  void rollback() noexcept override { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }

  sqlite3* handle() const { return db_; }

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
  std::shared_ptr<StatementCache> statements_;
};

}  // namespace

std::unique_ptr<Connection> open_sqlite(const std::string& path, bool read_only) {
  return std::make_unique<SqliteConnection>(path, read_only);
}

sqlite3* sqlite_handle(Connection& db) {
  auto* sqlite = dynamic_cast<SqliteConnection*>(&db);
  return sqlite == nullptr ? nullptr : sqlite->handle();
}

}  // namespace careerbot::sql
