// The store's SQLite engine: one sqlite3 handle, statements prepared per use
// (SQLite prepares in microseconds), WAL with full sync.
#include <sqlite3.h>

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

class SqliteStatement final : public StatementImpl {
 public:
  SqliteStatement(sqlite3* db, std::string_view sql) : db_(db) {
    if (int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
        rc != SQLITE_OK) {
      throw StoreError(std::string("SQLite prepare failed: ") + sqlite3_errmsg(db), kind_of(rc));
    }
  }
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }
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
  sqlite3* db_;
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
      sqlite3_close_v2(db_);
      throw;
    }
  }
  ~SqliteConnection() override { sqlite3_close_v2(db_); }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Engine engine() const override { return Engine::sqlite; }
  std::unique_ptr<StatementImpl> prepare(std::string_view sql) override {
    return std::make_unique<SqliteStatement>(db_, sql);
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
