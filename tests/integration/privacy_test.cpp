// Privacy end to end: erasing one person (admin API and CLI) leaves no copy
// of what they sent in the database files, others' data stays; data past its
// retention period is purged by the running server on its own.
#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "http_client.hpp"
#include "server_process.hpp"

using namespace careerbot::test;
using nlohmann::json;

namespace {

const std::string kSecret = "privacy-webhook-secret-0123456789";

HttpReply deliver(unsigned short port, const std::string& id, const std::string& conversation,
                  const std::string& text) {
  return post_signed_webhook(
      port, kSecret,
      json{{"message_id", id}, {"conversation_id", conversation}, {"text", text}}.dump());
}

// Every byte careerbot keeps on disk: the database, its write-ahead log and
// the inbound journal.
std::string database_files(const std::string& data_dir) {
  std::string bytes = read_file(data_dir + "/careerbot.db");
  for (const char* file : {"/careerbot.db-wal", "/inbound.journal"}) {
    if (std::filesystem::exists(data_dir + file)) bytes += read_file(data_dir + file);
  }
  return bytes;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

struct Server {
  Server() : token(make_admin_token("dpo", "read,write")), dir(temp_dir("privacy")) {
    write_file(dir + "/careerbot.json", json{{"admin", {{"tokens", {token.entry}}}}}.dump());
    start();
  }
  void start() {
    server = std::make_unique<ServerProcess>(
        std::vector<std::string>{"--config", dir + "/careerbot.json", "--data-dir", dir + "/var"},
        std::vector<std::string>{"CAREERBOT_CHANNELS_WEBHOOK_SECRET=" + kSecret});
  }
  HttpReply erase(const json& body) {
    return request(server->port(), "POST", "/admin/v1/privacy/erase", body.dump(),
                   {"Authorization: Bearer " + token.secret, "Content-Type: application/json"});
  }
  AdminTestToken token;
  std::string dir;
  std::unique_ptr<ServerProcess> server;
};

}  // namespace

TEST_CASE("erasing a person leaves no copy in the database files and keeps everyone else's",
          "[integration][privacy]") {
  Server s;
  unsigned short port = s.server->port();
  REQUIRE(deliver(port, "a-1", "alice-4417", "how much do plumbers make").status == 200);
  REQUIRE(deliver(port, "a-2", "alice-4417", "and the education?").status == 200);
  REQUIRE(deliver(port, "b-1", "bob-9920", "what do nurses earn").status == 200);
  // A web chat whose question is as personal as it gets.
  std::string session = json::parse(post(port, "/chat/v1/sessions", "{}").body)["session"];
  REQUIRE(post(port, "/v1/ask",
               json{{"text", "I am Carol Quintero-Vasquez, what could I do"},
                    {"session", session},
                    {"client_id", "c-1"}}
                   .dump())
              .status == 200);
  std::string data_dir = s.dir + "/var";
  REQUIRE(contains(database_files(data_dir), "alice-4417"));
  REQUIRE(contains(database_files(data_dir), "Quintero-Vasquez"));

  auto erased = s.erase({{"channel", "webhook"}, {"sender", "alice-4417"}});
  REQUIRE(erased.status == 200);
  CHECK(json::parse(erased.body)["erased"]["inbound_messages"] == 2);
  auto web = s.erase({{"channel", "web"}, {"sender", session}});
  REQUIRE(web.status == 200);
  CHECK(json::parse(web.body)["erased"]["web_messages"] == 2);
  CHECK(json::parse(web.body)["erased"]["web_sessions"] == 1);

  std::string files = database_files(data_dir);
  CHECK_FALSE(contains(files, "alice-4417"));
  CHECK_FALSE(contains(files, "Quintero-Vasquez"));
  CHECK(contains(files, "bob-9920"));
  // Bob's retry is still answered from the store, not again.
  CHECK(deliver(port, "b-1", "bob-9920", "what do nurses earn").status == 200);
  // The log says who erased how much, never whom.
  CHECK(contains(s.server->log(), "\"privacy_erased\""));
  CHECK_FALSE(contains(s.server->log(), "alice-4417"));
  CHECK(s.erase({{"channel", "webhook"}}).status == 400);
  CHECK(request(port, "POST", "/admin/v1/privacy/erase", R"({"channel":"web","sender":"x"})",
                {"Content-Type: application/json"})
            .status == 401);
}

TEST_CASE("careerbot privacy erase works on the data directory, and old data is purged on its own",
          "[integration][privacy]") {
  Server s;
  unsigned short port = s.server->port();
  REQUIRE(deliver(port, "d-1", "dave-3141", "how much do plumbers make").status == 200);
  REQUIRE(deliver(port, "e-1", "erin-2718", "what do electricians earn").status == 200);
  REQUIRE(post(port, "/v1/ask", json{{"text", "what does a zorblattist do"}}.dump()).status == 200);
  s.server->signal(SIGTERM);  // a clean stop writes the unanswered questions it holds
  REQUIRE(s.server->wait_exit(std::chrono::seconds(15)) == 0);
  s.server.reset();
  std::string data_dir = s.dir + "/var";
  REQUIRE(contains(database_files(data_dir), "erin-2718"));
  REQUIRE(contains(database_files(data_dir), "zorblattist"));

  auto erased = run_careerbot({"privacy", "erase", "--channel", "webhook", "--sender", "dave-3141",
                               "--data-dir", data_dir});
  REQUIRE(erased.exit_code == 0);
  CHECK(json::parse(erased.out)["erased"]["inbound_messages"] == 1);
  CHECK_FALSE(contains(database_files(data_dir), "dave-3141"));

  // Erin's message and the unanswered question are made older than their
  // retention (30 and 90 days); the server purges them when it starts.
  REQUIRE(std::system(("/usr/bin/python3 -c \"import sqlite3; c = sqlite3.connect('" + data_dir +
                       "/careerbot.db'); c.execute(\\\"UPDATE inbound_messages SET received_at = "
                       "'2020-01-01T00:00:00Z'\\\"); c.execute(\\\"UPDATE unanswered SET last_seen "
                       "= '2020-01-01T00:00:00Z'\\\"); c.commit()\"")
                          .c_str()) == 0);
  s.start();
  for (int i = 0; i < 50 && !contains(s.server->log(), "\"privacy_purged\""); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(contains(s.server->log(), "\"privacy_purged\""));
  std::string files = database_files(data_dir);
  CHECK_FALSE(contains(files, "erin-2718"));
  CHECK_FALSE(contains(files, "zorblattist"));
}
