// SQLite helpers shared by the store's source files (not a public API):
// a prepared statement and a transaction that rolls back unless committed.
#pragma once

#include <sqlite3.h>

#include <string>

#include "store.hpp"

namespace careerbot::sqlite {

// The kind of failure an SQLite result code means.
inline StoreError::Kind kind_of(int code) {
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

// One prepared statement, finalised when it goes out of scope.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    if (int rc = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); rc != SQLITE_OK) {
      throw StoreError(std::string("SQLite prepare failed: ") + sqlite3_errmsg(db), kind_of(rc));
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, const std::string& text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind(int index, long long value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
  }
  Statement& bind_null(int index) {
    sqlite3_bind_null(stmt_, index);
    return *this;
  }
  // True while there is a row.
  bool step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw StoreError(std::string("SQLite step failed: ") + sqlite3_errmsg(db_), kind_of(rc));
  }
  std::string text(int column) const {
    const auto* data = sqlite3_column_text(stmt_, column);
    return data == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(data));
  }
  // Ready to run again, with new bindings (a statement prepared once for a
  // whole batch).
  Statement& reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    return *this;
  }
  bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  long long integer(int column) const { return sqlite3_column_int64(stmt_, column); }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// Rolls back unless committed: an exception mid-write leaves nothing half done.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) { run("BEGIN IMMEDIATE"); }
  ~Transaction() {
    if (!done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    run("COMMIT");
    done_ = true;
  }

 private:
  void run(const char* sql) {
    char* message = nullptr;
    if (int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message); rc != SQLITE_OK) {
      std::string text = message == nullptr ? "unknown error" : message;
      sqlite3_free(message);
      throw StoreError(std::string("SQLite ") + sql + " failed: " + text, kind_of(rc));
    }
  }
  sqlite3* db_;
  bool done_ = false;
};

}  // namespace careerbot::sqlite
