#include <atomic>
#include <string>
#include <thread>
#include <vector>

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

TEST_CASE("counts from many threads add up, also while being scraped", "[metrics]") {
  Metrics metrics;
  std::atomic<bool> done{false};
  std::thread scraper([&] {
    while (!done) (void)metrics.render();
  });
  std::vector<std::thread> workers;
  for (int t = 0; t < 4; ++t) {
    workers.emplace_back([&metrics, t] {
      std::string status = t % 2 == 0 ? "200" : "404";
      for (int i = 0; i < 5000; ++i) {
        metrics.add("careerbot_http_requests_total",
                    {{"route", "/v1/ask"}, {"method", "POST"}, {"status", status}});
        metrics.observe("careerbot_http_request_duration_seconds", {{"route", "/v1/ask"}}, 0.001);
      }
    });
  }
  for (auto& worker : workers) worker.join();
  done = true;
  scraper.join();
  CHECK(metrics.value("careerbot_http_requests_total",
                      {{"route", "/v1/ask"}, {"method", "POST"}, {"status", "200"}}) == 10000);
  CHECK(metrics.value("careerbot_http_requests_total",
                      {{"route", "/v1/ask"}, {"method", "POST"}, {"status", "404"}}) == 10000);
  std::string text = metrics.render();
  CHECK(text.find("careerbot_http_request_duration_seconds_count{route=\"/v1/ask\"} 20000\n") !=
        std::string::npos);
  CHECK(text.find("careerbot_http_request_duration_seconds_bucket{route=\"/v1/ask\",le=\"0.001\"} "
                  "20000\n") != std::string::npos);
}

TEST_CASE("label values are escaped", "[metrics]") {
  Metrics metrics;
  metrics.add("careerbot_channel_rejected_total", {{"channel", "a\"b\\c\nd"}, {"reason", "x"}});
  CHECK(metrics.render().find(
            "careerbot_channel_rejected_total{channel=\"a\\\"b\\\\c\\nd\",reason=\"x\"} 1\n") !=
        std::string::npos);
}
