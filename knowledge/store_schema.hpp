// The store's schema and its migrations (store_schema.cpp).
#pragma once

#include <string>

#include "sql/connection.hpp"

namespace careerbot {

int latest_schema_version();
// How many migrations the database has; 0 for a new one.
int schema_version(sql::Connection& db);
// Applies the migrations the database lacks, in order. `where` names the
// database in errors. Throws StoreError, also for a database newer than this
// careerbot.
void migrate(sql::Connection& db, const std::string& where);

}  // namespace careerbot
