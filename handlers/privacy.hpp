// Privacy by default: a purge of personal data past its retention period
// (privacy.*, web.history_days) that runs by itself, and erasure of
// everything about one person: POST /admin/v1/privacy/erase (write scope) and
// `careerbot privacy erase`. docs/PRIVACY.md lists what is kept and for how long.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "admin_auth.hpp"
#include "config.hpp"
#include "metrics.hpp"
#include "router.hpp"
#include "store.hpp"

namespace careerbot {

class Privacy {
 public:
  Privacy(Store& store, const PrivacyConfig& config, Metrics& metrics);
  ~Privacy();
  Privacy(const Privacy&) = delete;
  Privacy& operator=(const Privacy&) = delete;

  // Purges now, then every purge interval, on a thread of its own, until stop().
  void start();
  void stop();

  PersonalDataCounts purge(
      std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

  void add_routes(Router& router, const AdminAuth& auth);

 private:
  WebResponse erase(const WebRequest& request, const std::string& actor);

  Store& store_;
  const PrivacyConfig config_;
  Metrics& metrics_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

nlohmann::json to_json(const PersonalDataCounts& counts);

}  // namespace careerbot
