#include "privacy.hpp"

#include "log.hpp"
#include "thread_role.hpp"

namespace careerbot {

using nlohmann::json;

json to_json(const PersonalDataCounts& c) {
  return {{"inbound_messages", c.inbound},   {"outbox", c.outbox},
          {"handoffs", c.handoffs},          {"unanswered", c.unanswered},
          {"web_messages", c.web_messages},  {"web_sessions", c.web_sessions},
          {"conversations", c.conversations}};
}

Privacy::Privacy(Store& store, const PrivacyConfig& config, Metrics& metrics)
    : store_(store), config_(config), metrics_(metrics) {}

Privacy::~Privacy() {
  stop();
}

void Privacy::start() {
  thread_ = std::thread([this] {
    name_background_thread("cb-privacy");
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      try {
        purge();
      } catch (const std::exception& e) {
        log::write(log::Level::error, "privacy_purge_failed", {{"error", e.what()}});
      }
      lock.lock();
      wake_.wait_for(lock, config_.purge_interval, [this] { return stopping_; });
    }
  });
}

void Privacy::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

PersonalDataCounts Privacy::purge(std::chrono::system_clock::time_point now) {
  auto days = [&](int count) { return utc_text(now - std::chrono::hours(24) * count); };
  PersonalDataCounts counts = store_.purge_personal_data(
      {days(config_.messages_days), days(config_.handoff_days), days(config_.unanswered_days)});
  if (counts.total() > 0) {
    metrics_.add("careerbot_privacy_purged_total", {}, counts.total());
    log::write(log::Level::info, "privacy_purged", to_json(counts));
  }
  return counts;
}

void Privacy::add_routes(Router& router, const AdminAuth& auth) {
  router.add("POST", "/admin/v1/privacy/erase", [this, &auth](const WebRequest& request) {
    Authorization authorization = auth.authorize(request, Scope::write);
    if (authorization.denial) return *authorization.denial;
    return erase(request, *authorization.actor);
  });
}

WebResponse Privacy::erase(const WebRequest& request, const std::string& actor) {
  json body = json::parse(request.body, nullptr, false);
  if (!body.is_object() || !body.value("channel", json()).is_string() ||
      !body.value("sender", json()).is_string() || body["channel"].get<std::string>().empty() ||
      body["sender"].get<std::string>().empty()) {
    return problem_response(400, "Bad erasure request",
                            R"(Send {"channel": "telegram", "sender": "<the id the channel )"
                            R"(knows them by>"}.)");
  }
  const std::string channel = body["channel"];
  PersonalDataCounts counts = store_.erase_person(channel, body["sender"]);
  metrics_.add("careerbot_privacy_erasures_total", {});
  // Who asked and how much went; never whom it was about.
  json fields = to_json(counts);
  fields["actor"] = actor;
  fields["channel"] = channel;
  log::write(log::Level::info, "privacy_erased", fields);
  return json_response(200, {{"channel", channel},
                             {"erased", to_json(counts)},
                             {"note",
                              "Conversation memory is kept in memory only and forgotten "
                              "within conversations.ttl_seconds."}});
}

}  // namespace careerbot
