// Durability: the server is killed with SIGKILL at random moments during a
// stream of acknowledged writes; after each restart every acknowledged write
// is there.
#include <signal.h>

#include <atomic>
#include <random>
#include <regex>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "http_client.hpp"
#include "server_process.hpp"

using namespace careerbot::test;
using nlohmann::json;
using namespace std::chrono_literals;

TEST_CASE("kill -9 during writes loses nothing that was acknowledged",
          "[integration][admin][crash]") {
  auto made = run_careerbot({"admin", "token", "--name", "crash", "--scopes", "write"});
  REQUIRE(made.exit_code == 0);
  std::smatch match;
  REQUIRE(std::regex_search(made.out, match, std::regex("(cbt_[0-9a-f]+)")));
  std::string token = match[1];
  std::string dir = temp_dir("crash");
  write_file(
      dir + "/careerbot.json",
      json{{"admin", {{"tokens", {json::parse(made.out.substr(made.out.find('{')))}}}}}.dump());
  const std::vector<std::string> args = {"--config", dir + "/careerbot.json", "--data-dir",
                                         dir + "/var"};
  const std::string path = "/admin/v1/careers/registered-nurse";
  const std::vector<std::string> auth = {"Authorization: Bearer " + token};

  std::mt19937 random(12345);
  long long acknowledged_revision = 1;
  long long acknowledged_amount = 93600;
  int total_acknowledged = 0;
  // Durability, not scale: the curated careers alone, so that each write
  // publishes in milliseconds and every round sees many of them.
  const std::vector<std::string> env = {"CAREERBOT_KNOWLEDGE_BUNDLE="};
  for (int round = 0; round < 5; ++round) {
    ServerProcess server(args, env);
    // Everything acknowledged before the last kill is there.
    auto current = request(server.port(), "GET", path, "", auth);
    REQUIRE(current.status == 200);
    auto stored = json::parse(current.body);
    REQUIRE(stored["revision"].get<long long>() >= acknowledged_revision);
    if (stored["revision"].get<long long>() == acknowledged_revision) {
      REQUIRE(stored["median_salary"]["amount"].get<long long>() == acknowledged_amount);
    }
    long long revision = stored["revision"];

    std::atomic<bool> stop{false};
    std::thread writer([&] {
      while (!stop) {
        long long amount = 90000 + revision;
        auto headers = auth;
        headers.push_back("If-Match: \"" + std::to_string(revision) + "\"");
        try {
          auto reply = request(server.port(), "PATCH", path,
                               json{{"median_salary", {{"amount", amount}}}}.dump(), headers);
          if (reply.status != 200) break;
          revision = json::parse(reply.body)["revision"];
          acknowledged_revision = revision;
          acknowledged_amount = amount;
          ++total_acknowledged;
        } catch (const std::exception&) {
          break;  // killed mid-request: not acknowledged
        }
      }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100 + random() % 300));
    server.signal(SIGKILL);
    stop = true;
    writer.join();
    server.wait_exit(5s);
  }
  ServerProcess last(args, env);
  auto final_state = json::parse(request(last.port(), "GET", path, "", auth).body);
  CHECK(final_state["revision"].get<long long>() >= acknowledged_revision);
  CHECK(total_acknowledged > 5);
  // Every acknowledged revision is in the history.
  auto history = json::parse(request(last.port(), "GET", path + "/revisions", "", auth).body);
  CHECK(history["revisions"][0]["revision"].get<long long>() >= acknowledged_revision);
  CHECK(static_cast<long long>(history["revisions"].size()) >= acknowledged_revision);
}
