// Per-client abuse limits with their documented defaults (limits.*): questions
// per address, admin requests and failed sign-ins, new web chat sessions; the
// client's address from X-Forwarded-For only through a trusted proxy.
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "http_client.hpp"
#include "server_process.hpp"

using namespace careerbot::test;
using nlohmann::json;

namespace {

const std::string kQuestion = json{{"text", "how much do plumbers make"}}.dump();

HttpReply ask_from(unsigned short port, const std::string& forwarded_for) {
  std::vector<std::string> headers = {"Content-Type: application/json"};
  if (!forwarded_for.empty()) headers.push_back("X-Forwarded-For: " + forwarded_for);
  return request(port, "POST", "/v1/ask", kQuestion, headers);
}

// How many of `count` questions in a row were answered before the first 429.
int answered_in_a_row(unsigned short port, const std::string& forwarded_for, int count,
                      HttpReply* refusal) {
  for (int i = 0; i < count; ++i) {
    HttpReply reply = ask_from(port, forwarded_for);
    if (reply.status == 429) {
      *refusal = reply;
      return i;
    }
    REQUIRE(reply.status == 200);
  }
  return count;
}

}  // namespace

TEST_CASE("questions are limited per address, 20 at once then 60 a minute",
          "[integration][limits]") {
  ServerProcess server(
      {}, {"CAREERBOT_LIMITS_ENABLED=true", R"(CAREERBOT_HTTP_TRUSTED_PROXIES=["127.0.0.1"])"});
  HttpReply refusal;
  CHECK(answered_in_a_row(server.port(), "198.51.100.7", 25, &refusal) == 20);
  CHECK(refusal.headers["content-type"] == "application/problem+json");
  int retry_after = std::stoi(refusal.headers["retry-after"]);
  CHECK(retry_after >= 1);
  CHECK(retry_after <= 2);
  // Another client behind the same proxy is not held up.
  CHECK(ask_from(server.port(), "198.51.100.8").status == 200);
  // Only the nearest untrusted hop counts: a forged address further left does not help.
  CHECK(ask_from(server.port(), "203.0.113.1, 198.51.100.7").status == 429);
  auto metrics = get(server.port(), "/metrics").body;
  CHECK(metrics.find(R"(careerbot_rate_limited_total{limit="questions"})") != std::string::npos);
  // One log line for the client's first refusal in a row, not one per request.
  auto log = server.log();
  std::size_t lines = 0;
  for (auto at = log.find("\"rate_limited\""); at != std::string::npos;
       at = log.find("\"rate_limited\"", at + 1)) {
    ++lines;
  }
  CHECK(lines == 1);
}

TEST_CASE("X-Forwarded-For from a peer that is not a trusted proxy is ignored",
          "[integration][limits]") {
  ServerProcess server({}, {"CAREERBOT_LIMITS_ENABLED=true"});
  HttpReply refusal;
  CHECK(answered_in_a_row(server.port(), "", 25, &refusal) == 20);
  for (int i = 0; i < 3; ++i) {
    CHECK(ask_from(server.port(), "192.0.2." + std::to_string(i)).status == 429);
  }
}

TEST_CASE("limits.enabled false turns every limit off", "[integration][limits]") {
  ServerProcess server({}, {"CAREERBOT_LIMITS_ENABLED=false"});
  HttpReply refusal;
  CHECK(answered_in_a_row(server.port(), "", 30, &refusal) == 30);
}

TEST_CASE("failed admin sign-ins lock the address out, and admin requests are paced",
          "[integration][limits]") {
  auto token = make_admin_token("alice", "read,write");
  std::string dir = temp_dir("limits");
  write_file(dir + "/careerbot.json", json{{"admin", {{"tokens", {token.entry}}}}}.dump());
  ServerProcess server(
      {"--config", dir + "/careerbot.json"},
      {"CAREERBOT_LIMITS_ENABLED=true", R"(CAREERBOT_HTTP_TRUSTED_PROXIES=["127.0.0.1"])"});
  auto whoami = [&](const std::string& secret, const std::string& from) {
    return request(server.port(), "GET", "/admin/v1/whoami", "",
                   {"Authorization: Bearer " + secret, "X-Forwarded-For: " + from});
  };
  for (int i = 0; i < 10; ++i)
    CHECK(whoami("cbt_guess" + std::to_string(i), "198.51.100.9").status == 401);
  // The eleventh try is refused before the token is looked at, even a good one.
  auto locked = whoami(token.secret, "198.51.100.9");
  CHECK(locked.status == 429);
  CHECK(std::stoi(locked.headers["retry-after"]) >= 60);
  // The admin from another address signs in as usual.
  CHECK(whoami(token.secret, "198.51.100.10").status == 200);
  // 60 requests at once, then 300 a minute.
  int served = 0;
  while (served < 70 && whoami(token.secret, "198.51.100.11").status == 200) ++served;
  CHECK(served == 60);
}

TEST_CASE("new web chat sessions are limited per address", "[integration][limits]") {
  ServerProcess server({}, {"CAREERBOT_LIMITS_ENABLED=true"});
  int made = 0;
  HttpReply last;
  while (made < 15) {
    last = post(server.port(), "/chat/v1/sessions", "{}");
    if (last.status != 201) break;
    ++made;
  }
  CHECK(made == 10);
  CHECK(last.status == 429);
  CHECK(last.headers.contains("retry-after"));
}
