// One connection to the store's database engine, SQLite or PostgreSQL, seen
// through the little the store needs: statements with numbered parameters,
// rows read by column, and transactions. The store writes its SQL once, in
// the dialect both engines share (`?` and `?N` parameters, ON CONFLICT,
// RETURNING); the PostgreSQL connection renumbers the parameters to `$N`.
// Not a public API: only the store's source files use it.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "../store.hpp"

namespace careerbot::sql {

enum class Engine { sqlite, postgresql };

// A statement as the engine runs it; see Statement.
class StatementImpl {
 public:
  virtual ~StatementImpl() = default;
  virtual void bind_text(int index, const std::string& text) = 0;
  virtual void bind_integer(int index, long long value) = 0;
  virtual void bind_null(int index) = 0;
  virtual bool step() = 0;
  virtual std::string text(int column) const = 0;
  virtual long long integer(int column) const = 0;
  virtual bool is_null(int column) const = 0;
  virtual void reset() = 0;
  virtual long long changes() const = 0;
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Engine engine() const = 0;
  // Prepares `sql` (cached by the engine where that pays). Throws StoreError.
  virtual std::unique_ptr<StatementImpl> prepare(std::string_view sql) = 0;
  // Runs one or more statements without parameters or rows.
  virtual void exec(const std::string& sql) = 0;
  // BEGIN: on SQLite it takes the write lock at once (BEGIN IMMEDIATE), so
  // two writers never deadlock upgrading a read.
  virtual void begin() = 0;
  virtual void commit() = 0;
  // Best effort, never throws: used while unwinding.
  virtual void rollback() noexcept = 0;
  // False once the engine's server could not be reached, until it can again
  // (any thread may ask).
  virtual bool reachable() const { return true; }
};

// A prepared statement, bound and stepped through its rows:
//   Statement query(db, "SELECT a, b FROM t WHERE id = ?");
//   query.bind(1, id);
//   while (query.step()) use(query.text(0), query.integer(1));
class Statement {
 public:
  Statement(Connection& db, std::string_view sql) : impl_(db.prepare(sql)) {}

  Statement& bind(int index, const std::string& text) {
    impl_->bind_text(index, text);
    return *this;
  }
  Statement& bind(int index, long long value) {
    impl_->bind_integer(index, value);
    return *this;
  }
  Statement& bind_null(int index) {
    impl_->bind_null(index);
    return *this;
  }
  // Runs the statement at the first call; true while there is a row.
  bool step() { return impl_->step(); }
  std::string text(int column) const { return impl_->text(column); }
  long long integer(int column) const { return impl_->integer(column); }
  bool is_null(int column) const { return impl_->is_null(column); }
  // Ready to run again, with new bindings (a statement prepared once for a
  // whole batch).
  Statement& reset() {
    impl_->reset();
    return *this;
  }
  // Rows inserted, changed or deleted by the last run.
  long long changes() const { return impl_->changes(); }

 private:
  std::unique_ptr<StatementImpl> impl_;
};

// Rolls back unless committed: an exception mid-write leaves nothing half done.
class Transaction {
 public:
  explicit Transaction(Connection& db) : db_(db) { db_.begin(); }
  ~Transaction() {
    if (!done_) db_.rollback();
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    db_.commit();
    done_ = true;
  }

 private:
  Connection& db_;
  bool done_ = false;
};

// Opens <path> (created if missing unless read-only), in WAL mode with full
// sync, foreign keys and secure delete. Throws StoreError.
std::unique_ptr<Connection> open_sqlite(const std::string& path, bool read_only);
// The SQLite handle of a connection open_sqlite made (WAL checkpoints, the
// read-only test); nullptr for another engine.
struct sqlite3* sqlite_handle(Connection& db);

// Connects to a PostgreSQL URL or keyword/value string, with statement and
// idle-in-transaction timeouts set. A connection lost later is re-established
// at its next use, no more often than a backoff allows. Throws StoreError
// (Kind::unavailable when the server cannot be reached).
// `durable` false: commits do not wait for the disk (synchronous_commit off),
// also after reconnecting; for what is not worth an fsync.
std::unique_ptr<Connection> open_postgresql(const std::string& url, bool durable = true);

// "?, ?3, ?" -> "$1, $3, $4": SQLite's numbering of parameters, written the
// way PostgreSQL reads them. Quoted text and identifiers are left alone.
std::string numbered_parameters(std::string_view sql);

}  // namespace careerbot::sql
