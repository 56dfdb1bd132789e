#include <catch2/catch.hpp>

#include "metrics.hpp"

using namespace careerbot;

TEST_CASE("metrics render in the Prometheus text format", "[metrics]") {
  Metrics metrics;
  metrics.add("careerbot_answers_total", {{"status", "answered"}, {"intent", "salary"}});
  metrics.add("careerbot_answers_total", {{"status", "answered"}, {"intent", "salary"}});
  metrics.set("careerbot_http_connections", {}, 3);
  metrics.observe("careerbot_http_request_duration_seconds", {{"route", "/v1/ask"}}, 0.0003);
  metrics.add("not_declared", {});
  std::string text = metrics.render();
  CHECK(text.find("# TYPE careerbot_answers_total counter\n") != std::string::npos);
  CHECK(text.find("careerbot_answers_total{status=\"answered\",intent=\"salary\"} 2\n") !=
        std::string::npos);
  CHECK(text.find("careerbot_http_connections 3\n") != std::string::npos);
  CHECK(
      text.find(
          "careerbot_http_request_duration_seconds_bucket{route=\"/v1/ask\",le=\"0.00025\"} 0\n") !=
      std::string::npos);
  CHECK(
      text.find(
          "careerbot_http_request_duration_seconds_bucket{route=\"/v1/ask\",le=\"0.0005\"} 1\n") !=
      std::string::npos);
  CHECK(text.find("careerbot_http_request_duration_seconds_count{route=\"/v1/ask\"} 1\n") !=
        std::string::npos);
  CHECK(text.find("not_declared") == std::string::npos);
  CHECK(metrics.value("careerbot_answers_total", {{"status", "answered"}, {"intent", "salary"}}) ==
        2);
}
