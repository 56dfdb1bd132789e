// Fresh databases for the store's contract tests, on either engine: a
// directory for SQLite, a new database in the test PostgreSQL cluster (the
// ctest fixture "postgres" starts one and names its state directory in
// CAREERBOT_TEST_POSTGRES; run alone, the first test starts one itself).
#pragma once

#include <string>

#include "store.hpp"

namespace careerbot::testing {

class TestDatabase {
 public:
  // `engine` is "sqlite" or "postgresql"; `name` tells tests apart.
  TestDatabase(const std::string& engine, const std::string& name);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const StoreOptions& options() const { return options_; }

 private:
  StoreOptions options_;
  std::string database_;  // PostgreSQL: the database made for this test
};

// The cluster's URL without a database name: "postgresql://careerbot@127.0.0.1:5432".
std::string postgres_cluster_url();
// Runs SQL on the cluster's "postgres" database (CREATE/DROP DATABASE, ...).
void postgres_admin(const std::string& sql);
// The first column of the first row `sql` returns on the database at `url`.
std::string postgres_query(const std::string& url, const std::string& sql);

}  // namespace careerbot::testing
