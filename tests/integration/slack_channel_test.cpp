// The Slack channel against the real server on port 0, with replies
// captured by a fake Slack API over real TLS: answered once in its thread,
// in order with context, forged events refused, the API's failures waited
// out, and nothing lost or answered twice across a kill -9.
#include <signal.h>

#include <chrono>
#include <map>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "chat_channel_support.hpp"
#include "http_client.hpp"
#include "server_process.hpp"

using namespace careerbot::test;
using nlohmann::json;

TEST_CASE("slack: a question is answered once, in its thread, at the Slack API",
          "[integration][channels][slack]") {
  FakeApi api;
  ServerProcess server({}, slack_env(api.base_url()));
  CHECK(!contains(server.log(), kSlackSecret));
  CHECK(!contains(server.log(), kSlackToken));

  auto challenge = slack_post(server, R"({"type":"url_verification","challenge":"abc123"})");
  CHECK(challenge.status == 200);
  CHECK(json::parse(challenge.body)["challenge"] == "abc123");

  std::string body = slack_event("Ev001", "<@UBOT> how much does a back end developer make?");
  auto first = slack_post(server, body);
  CHECK(first.status == 200);
  // Slack retries when it thinks we were slow: the same event_id, no second reply.
  auto retry =
      slack_post(server, body, {"X-Slack-Retry-Num: 1", "X-Slack-Retry-Reason: http_timeout"});
  CHECK(retry.status == 200);

  auto requests = api.wait_for(1);
  settle();
  requests = to_path(api.requests(), "/api/chat.postMessage");
  REQUIRE(requests.size() == 1);
  const json& sent = requests[0];
  CHECK(sent["headers"]["authorization"] == "Bearer " + kSlackToken);
  json payload = json::parse(sent["body"].get<std::string>());
  CHECK(payload["channel"] == "C0123");
  CHECK(payload["thread_ts"] == "1700000000.000200");
  CHECK(contains(payload["text"], "$121,668"));

  // Bots (our own posts too) and edits are not questions.
  CHECK(slack_post(server, slack_event("Ev002", "salary of a nurse", {{"bot_id", "B1"}})).status ==
        200);
  CHECK(slack_post(server,
                   slack_event("Ev003", "salary of a nurse", {{"subtype", "message_changed"}}))
            .status == 200);
  settle();
  CHECK(to_path(api.requests(), "/api/chat.postMessage").size() == 1);

  auto metrics = get(server.port(), "/metrics").body;
  CHECK(contains(metrics, R"(careerbot_channel_duplicates_total{channel="slack"} 1)"));
  CHECK(contains(metrics, R"(careerbot_outbox_deliveries_total{channel="slack",result="sent"} 1)"));
}

TEST_CASE("slack: a thread's messages posted together are answered in order, with context",
          "[integration][channels][slack]") {
  FakeApi api;
  ServerProcess server({}, slack_env(api.base_url()));
  // Acknowledged as soon as stored; the answers follow from the outbox.
  REQUIRE(slack_post(server, slack_event("Ev010", "how much do registered nurses make?")).status ==
          200);
  REQUIRE(slack_post(server, slack_event("Ev011", "and what education do they need?")).status ==
          200);
  REQUIRE(slack_post(server, slack_event("Ev012", "what about their job outlook?")).status == 200);
  auto requests = to_path(api.wait_for(3), "/api/chat.postMessage");
  REQUIRE(requests.size() == 3);
  auto text = [&](std::size_t i) {
    return json::parse(requests[i]["body"].get<std::string>())["text"].get<std::string>();
  };
  INFO(text(0) << "\n---\n" << text(1) << "\n---\n" << text(2));
  CHECK(contains(text(0), "$93,600"));
  CHECK(contains(text(1), "urse"));
  CHECK(contains(text(1), "degree"));
  CHECK(contains(text(2), "urse"));
  CHECK(contains(text(2), "%"));
}

TEST_CASE("slack: forged, stale and unsigned events get 401 and no reply",
          "[integration][channels][slack]") {
  FakeApi api;
  ServerProcess server({}, slack_env(api.base_url()));
  std::string body = slack_event("Ev100", "nurse salary");
  CHECK(slack_post(server, body, {}, "not-the-secret").status == 401);
  CHECK(slack_post(server, body, {}, kSlackSecret, -400).status == 401);
  CHECK(request(server.port(), "POST", "/v1/channels/slack/events", body).status == 401);
  std::string ts = now_text();
  auto tampered = request(
      server.port(), "POST", "/v1/channels/slack/events", slack_event("Ev100", "lawyer salary"),
      {"X-Slack-Request-Timestamp: " + ts,
       "X-Slack-Signature: v0=" + hmac_sha256_hex(kSlackSecret, "v0:" + ts + ":" + body)});
  CHECK(tampered.status == 401);
  settle();
  CHECK(api.requests().empty());
  CHECK(contains(server.log(), R"("event":"channel_rejected")"));
  // The rejected event was never recorded: a genuine delivery is answered.
  CHECK(slack_post(server, body).status == 200);
  CHECK(api.wait_for(1).size() == 1);
}

TEST_CASE("slack: the API failing with 500, then 429 Retry-After, still gets the reply once",
          "[integration][channels][slack][outbox]") {
  FakeApi api(json::array({{{"status", 500}},
                           {{"status", 429},
                            {"headers", {{"Retry-After", "2"}}},
                            {"body", {{"ok", false}, {"error", "ratelimited"}}}}}));
  ServerProcess server({}, slack_env(api.base_url()));
  REQUIRE(slack_post(server, slack_event("Ev200", "what does a registered nurse earn")).status ==
          200);
  auto requests = api.wait_for(3, std::chrono::seconds(20));
  REQUIRE(requests.size() == 3);
  CHECK(requests[0]["status"] == 500);
  CHECK(requests[1]["status"] == 429);
  CHECK(requests[2]["status"] == 200);
  // The third attempt waited for the Retry-After of the second.
  CHECK(requests[2]["time"].get<double>() - requests[1]["time"].get<double>() >= 1.9);
  settle();
  CHECK(api.requests().size() == 3);
  CHECK(json::parse(requests[2]["body"].get<std::string>())["text"].get<std::string>().find(
            "$93,600") != std::string::npos);
  CHECK(contains(server.log(), R"("event":"outbox_retry")"));
}

TEST_CASE("slack: a reply still in the outbox at a crash is delivered after the restart",
          "[integration][channels][slack][outbox]") {
  std::string dir = temp_dir("outbox-restart");
  std::vector<std::string> args = {"--data-dir", dir + "/var"};
  unsigned short api_port = free_port();
  {
    // The API is down: the event is acknowledged, its reply waits.
    ServerProcess server(args, slack_env("https://127.0.0.1:" + std::to_string(api_port)));
    REQUIRE(slack_post(server, slack_event("Ev300", "how much do electricians make")).status ==
            200);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    CHECK(contains(server.log(), R"("event":"outbox_retry")"));
    server.signal(SIGKILL);
    server.wait_exit(std::chrono::seconds(5));
  }
  FakeApi api(json::array(), api_port);
  ServerProcess server(args, slack_env(api.base_url()));
  auto requests = api.wait_for(1, std::chrono::seconds(20));
  REQUIRE(requests.size() == 1);
  CHECK(contains(json::parse(requests[0]["body"].get<std::string>())["text"], "lectrician"));
  // The retried event after the restart is still not answered twice.
  CHECK(slack_post(server, slack_event("Ev300", "how much do electricians make")).status == 200);
  settle();
  CHECK(api.requests().size() == 1);
}

TEST_CASE("slack: events acknowledged just before a kill -9 are each answered once after it",
          "[integration][channels][slack][crash]") {
  // An acknowledged event is in the inbound journal before the 200; the kill
  // comes before the store has all of them, and the restart stores the rest.
  std::string dir = temp_dir("journal-restart");
  std::vector<std::string> args = {"--data-dir", dir + "/var"};
  unsigned short api_port = free_port();
  const int events = 30;
  {
    ServerProcess server(args, slack_env("https://127.0.0.1:" + std::to_string(api_port)));
    for (int i = 0; i < events; ++i) {
      // Each from a person of their own: no sender limit applies.
      std::string n = std::to_string(1000 + i);
      REQUIRE(
          slack_post(server, slack_event("EvJ" + std::to_string(i), "how much do electricians make",
                                         {{"channel", "C" + n}, {"user", "U" + n}}))
              .status == 200);
    }
    server.signal(SIGKILL);
    server.wait_exit(std::chrono::seconds(5));
  }
  FakeApi api(json::array(), api_port);
  ServerProcess server(args, slack_env(api.base_url()));
  api.wait_for(events, std::chrono::seconds(30));
  // Retried by Slack after the restart: still one answer each.
  CHECK(slack_post(server, slack_event("EvJ0", "how much do electricians make",
                                       {{"channel", "C1000"}, {"user", "U1000"}}))
            .status == 200);
  settle();
  std::map<std::string, int> answers;
  for (const auto& sent : to_path(api.requests(), "/api/chat.postMessage")) {
    auto payload = json::parse(sent["body"].get<std::string>());
    CHECK(contains(payload["text"], "lectrician"));
    ++answers[payload["channel"]];
  }
  CHECK(answers.size() == static_cast<std::size_t>(events));
  for (const auto& [chat, count] : answers) {
    INFO(chat);
    CHECK(count == 1);
  }
}
