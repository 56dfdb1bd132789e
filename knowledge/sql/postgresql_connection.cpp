// The store's PostgreSQL engine, through libpq: each distinct statement is
// prepared on the server once per connection, parameters travel as text
// (integers typed int8, the rest inferred from their place), and a lost
// connection is re-established at its next use, with a backoff.
#include <libpq-fe.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <unordered_map>
#include <vector>

#include "connection.hpp"
#include "postgresql_message.hpp"

namespace careerbot::sql {
namespace {

constexpr Oid kInt8 = 20;  // int8 in pg_type

// The kind of failure a SQLSTATE means.
StoreError::Kind kind_of(const char* sqlstate) {
  const std::string_view code = sqlstate == nullptr ? "" : sqlstate;
  if (code.starts_with("08") || code == "57P01" || code == "57P02" || code == "57P03")
    return StoreError::Kind::unavailable;
  if (code == "53100") return StoreError::Kind::full;
  if (code == "40001" || code == "40P01" || code == "55P03" || code == "57014")
    return StoreError::Kind::busy;
  return StoreError::Kind::failed;
}

using Clock = std::chrono::steady_clock;

class PostgresConnection;

class PostgresStatement final : public StatementImpl {
 public:
  PostgresStatement(PostgresConnection& db, std::string sql) : db_(db), sql_(std::move(sql)) {}
  ~PostgresStatement() override { PQclear(result_); }
  PostgresStatement(const PostgresStatement&) = delete;
  PostgresStatement& operator=(const PostgresStatement&) = delete;

  void bind_text(int index, const std::string& text) override { slot(index) = {text, 0, false}; }
  void bind_integer(int index, long long value) override {
    slot(index) = {std::to_string(value), kInt8, false};
  }
  void bind_null(int index) override { slot(index) = {"", 0, true}; }
  bool step() override;
  std::string text(int column) const override {
    return is_null(column)
               ? std::string()
               : std::string(PQgetvalue(result_, row_, column),
                             static_cast<std::size_t>(PQgetlength(result_, row_, column)));
  }
  long long integer(int column) const override {
    return is_null(column) ? 0 : std::strtoll(PQgetvalue(result_, row_, column), nullptr, 10);
  }
  bool is_null(int column) const override {
    return result_ == nullptr || row_ < 0 || PQgetisnull(result_, row_, column) != 0;
  }
  void reset() override {
    PQclear(result_);
    result_ = nullptr;
    row_ = -1;
    params_.clear();
  }
  long long changes() const override { return changes_; }

 private:
  struct Param {
    std::string value;
    Oid type = 0;  // 0: inferred by the server
    bool null = true;
  };
  Param& slot(int index) {
    const auto i = static_cast<std::size_t>(std::max(index, 1) - 1);
    if (params_.size() <= i) params_.resize(i + 1);
    return params_[i];
  }

  PostgresConnection& db_;
  std::string sql_;
  std::vector<Param> params_;
  PGresult* result_ = nullptr;
  int row_ = -1;
  long long changes_ = 0;
};

class PostgresConnection final : public Connection {
 public:
  PostgresConnection(const std::string& url, bool durable) {
    // The URL comes first so that the settings after it win over its own.
    // A statement never runs for more than 15 s, and a transaction left open
    // by a stalled process loses its locks after 30 s. Session settings
    // travel with the connection, so they hold again after a reconnection.
    static constexpr const char* kOptions =
        "-c statement_timeout=15000 -c idle_in_transaction_session_timeout=30000 "
        "-c client_min_messages=warning";
    static constexpr const char* kFastOptions =
        "-c statement_timeout=15000 -c idle_in_transaction_session_timeout=30000 "
        "-c client_min_messages=warning -c synchronous_commit=off";
    const char* keys[] = {"dbname", "connect_timeout", "application_name", "options", nullptr};
    const char* values[] = {url.c_str(), "5", "careerbot", durable ? kOptions : kFastOptions,
                            nullptr};
    conn_ = PQconnectdbParams(keys, values, 1);
    if (conn_ == nullptr) throw StoreError("PostgreSQL: out of memory");
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string message = first_line(PQerrorMessage(conn_));
      PQfinish(conn_);
      // Never the URL itself: it may hold a password.
      throw StoreError("cannot connect to PostgreSQL: " + message, StoreError::Kind::unavailable);
    }
  }
  ~PostgresConnection() override { PQfinish(conn_); }
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  Engine engine() const override { return Engine::postgresql; }
  std::unique_ptr<StatementImpl> prepare(std::string_view sql) override {
    return std::make_unique<PostgresStatement>(*this, numbered_parameters(sql));
  }
  void exec(const std::string& sql) override {
    ensure_connected();
    PQclear(check(PQexec(conn_, sql.c_str()), sql));
  }
  void begin() override {
    exec("BEGIN");
    in_transaction_ = true;
  }
  void commit() override {
    in_transaction_ = false;
    exec("COMMIT");
  }
  void rollback() noexcept override {
    in_transaction_ = false;
    if (PQstatus(conn_) == CONNECTION_OK) PQclear(PQexec(conn_, "ROLLBACK"));
  }
  bool reachable() const override { return reachable_.load(std::memory_order_relaxed); }

  // Runs `sql` with `params`, preparing it on this connection the first time.
  PGresult* run(const std::string& sql, const std::vector<const char*>& values,
                const std::vector<Oid>& types) {
    ensure_connected();
    auto [name, added] = prepared_.try_emplace(sql, "s" + std::to_string(prepared_.size() + 1));
    const int count = static_cast<int>(values.size());
    if (added) {
      try {
        PQclear(
            check(PQprepare(conn_, name->second.c_str(), sql.c_str(), count, types.data()), sql));
      } catch (...) {
        prepared_.erase(name);
        throw;
      }
    }
    PGresult* result =
        PQexecPrepared(conn_, name->second.c_str(), count, values.data(), nullptr, nullptr, 0);
    return check(result, sql);
  }

 private:
  // Re-establishes a lost connection, no more often than the backoff allows;
  // never inside a transaction, which died with the connection.
  void ensure_connected() {
    if (PQstatus(conn_) == CONNECTION_OK) return;
    if (in_transaction_) {
      throw StoreError("PostgreSQL connection lost in a transaction",
                       StoreError::Kind::unavailable);
    }
    const auto now = Clock::now();
    if (now < next_attempt_) {
      throw StoreError("PostgreSQL unreachable; the next attempt to reconnect is soon",
                       StoreError::Kind::unavailable);
    }
    PQreset(conn_);
    prepared_.clear();  // server-side statements die with their session
    if (PQstatus(conn_) == CONNECTION_OK) {
      backoff_ = std::chrono::milliseconds(100);
      reachable_ = true;
      return;
    }
    reachable_ = false;
    next_attempt_ = now + backoff_;
    backoff_ = std::min(backoff_ * 2, std::chrono::milliseconds(5000));
    throw StoreError("cannot reconnect to PostgreSQL: " + first_line(PQerrorMessage(conn_)),
                     StoreError::Kind::unavailable);
  }

  PGresult* check(PGresult* result, const std::string& sql) {
    const auto status = PQresultStatus(result);
    reachable_ = PQstatus(conn_) == CONNECTION_OK;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
    const auto kind = PQstatus(conn_) != CONNECTION_OK
                          ? StoreError::Kind::unavailable
                          : kind_of(PQresultErrorField(result, PG_DIAG_SQLSTATE));
    std::string message = result == nullptr ? first_line(PQerrorMessage(conn_))
                                            : first_line(PQresultErrorMessage(result));
    PQclear(result);
    const auto statement = sql.substr(0, std::min<std::size_t>(sql.find_first_of("(\n"), 60));
    throw StoreError("PostgreSQL: " + message + " (in: " + statement + ")", kind);
  }

  PGconn* conn_ = nullptr;
  std::unordered_map<std::string, std::string> prepared_;  // SQL -> statement name
  bool in_transaction_ = false;
  std::atomic<bool> reachable_{true};
  Clock::time_point next_attempt_{};
  std::chrono::milliseconds backoff_{100};
};

bool PostgresStatement::step() {
  if (result_ == nullptr) {
    std::vector<const char*> values;
    std::vector<Oid> types;
    for (const auto& p : params_) {
      values.push_back(p.null ? nullptr : p.value.c_str());
      types.push_back(p.type);
    }
    result_ = db_.run(sql_, values, types);
    const char* affected = PQcmdTuples(result_);
    changes_ = affected[0] == '\0' ? 0 : std::strtoll(affected, nullptr, 10);
    row_ = -1;
  }
  if (row_ + 1 >= PQntuples(result_)) return false;
  ++row_;
  return true;
}

}  // namespace

std::unique_ptr<Connection> open_postgresql(const std::string& url, bool durable) {
  return std::make_unique<PostgresConnection>(url, durable);
}

std::string numbered_parameters(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 8);
  int highest = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      // Quoted text or identifier, with its doubled quotes: copied as it is.
      const auto end = sql.find(c, i + 1);
      const auto stop = end == std::string_view::npos ? sql.size() : end + 1;
      out.append(sql.substr(i, stop - i));
      i = stop - 1;
      continue;
    }
    if (c != '?') {
      out += c;
      continue;
    }
    std::size_t digits = i + 1;
    while (digits < sql.size() && sql[digits] >= '0' && sql[digits] <= '9') ++digits;
    int number = 0;
    if (digits > i + 1) {
      number = std::stoi(std::string(sql.substr(i + 1, digits - i - 1)));
      i = digits - 1;
    } else {
      number = highest + 1;
    }
    highest = std::max(highest, number);
    out += '$';
    out += std::to_string(number);
  }
  return out;
}

}  // namespace careerbot::sql
