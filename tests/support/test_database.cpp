#include "test_database.hpp"

#include <libpq-fe.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace careerbot::testing {
namespace {

std::string read_url(const std::filesystem::path& state) {
  std::ifstream in(state / "url");
  std::string url;
  std::getline(in, url);
  return url;
}

// A cluster this process started because no fixture did; stopped at exit.
class OwnCluster {
 public:
  OwnCluster()
      : state_(std::filesystem::temp_directory_path() /
               ("careerbot-test-pg-" + std::to_string(::getpid()))) {
    const std::string command = "bash '" CAREERBOT_TEST_SOURCE_DIR
                                "/tests/support/postgres_cluster.sh' start '" +
                                state_.string() + "' >/dev/null";
    if (std::system(command.c_str()) != 0)
      throw std::runtime_error("cannot start a PostgreSQL cluster for the tests");
    url_ = read_url(state_);
  }
  ~OwnCluster() {
    const std::string command = "bash '" CAREERBOT_TEST_SOURCE_DIR
                                "/tests/support/postgres_cluster.sh' stop '" +
                                state_.string() + "'";
    [[maybe_unused]] int rc = std::system(command.c_str());
  }
  OwnCluster(const OwnCluster&) = delete;
  OwnCluster& operator=(const OwnCluster&) = delete;
  const std::string& url() const { return url_; }

 private:
  std::filesystem::path state_;
  std::string url_;
};

}  // namespace

std::string postgres_cluster_url() {
  if (const char* state = std::getenv("CAREERBOT_TEST_POSTGRES")) {
    auto url = read_url(state);
    if (url.empty()) throw std::runtime_error(std::string("no cluster URL in ") + state + "/url");
    return url;
  }
  static OwnCluster cluster;
  return cluster.url();
}

namespace {

// Runs `sql` on the database at `url`; the first cell of its result.
std::string run_sql(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb((url + "?options=-c%20client_min_messages%3Dwarning").c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("cannot reach the test cluster: " + message);
  }
  PGresult* result = PQexec(conn, sql.c_str());
  const bool ok =
      PQresultStatus(result) == PGRES_COMMAND_OK || PQresultStatus(result) == PGRES_TUPLES_OK;
  std::string message = ok ? "" : PQresultErrorMessage(result);
  std::string cell = ok && PQntuples(result) > 0 ? PQgetvalue(result, 0, 0) : "";
  PQclear(result);
  PQfinish(conn);
  if (!ok) throw std::runtime_error(sql + ": " + message);
  return cell;
}

}  // namespace

void postgres_admin(const std::string& sql) {
  run_sql(postgres_cluster_url() + "/postgres", sql);
}

std::string postgres_query(const std::string& url, const std::string& sql) {
  return run_sql(url, sql);
}

TestDatabase::TestDatabase(const std::string& engine, const std::string& name) {
  // Unique per process: ctest runs test cases side by side.
  const std::string unique = name + "_" + std::to_string(::getpid());
  if (engine == "postgresql") {
    database_ = "test_" + unique;
    for (auto& c : database_) {
      if (c == '-') c = '_';
    }
    postgres_admin("DROP DATABASE IF EXISTS " + database_);
    postgres_admin("CREATE DATABASE " + database_);
    options_.backend = StoreOptions::Backend::postgresql;
    options_.postgresql_url = postgres_cluster_url() + "/" + database_;
    return;
  }
  options_.data_dir = std::filesystem::temp_directory_path() / ("careerbot-store-" + unique);
  std::filesystem::remove_all(options_.data_dir);
}

TestDatabase::~TestDatabase() {
  try {
    if (!database_.empty()) {
      postgres_admin("DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
    } else {
      std::filesystem::remove_all(options_.data_dir);
    }
  } catch (...) {  // a leftover database dies with the cluster
  }
}

}  // namespace careerbot::testing
