// The generic JSON webhook channel against the real server: signed
// deliveries are answered in the response, retries are never answered twice
// (also across a restart), and bad signatures get 401.
#include <signal.h>

#include <chrono>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "crypto.hpp"
#include "http_client.hpp"
#include "server_process.hpp"

using namespace careerbot::test;
using nlohmann::json;

namespace {

const std::string kSecret = "test-webhook-secret-0123456789";

std::string now_text(long long offset = 0) {
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::now().time_since_epoch());
  return std::to_string(now.count() + offset);
}

HttpReply deliver(const ServerProcess& server, const std::string& body,
                  const std::string& secret = kSecret, long long clock_offset = 0) {
  return post_signed_webhook(server.port(), secret, body, clock_offset);
}

std::string message(const std::string& id, const std::string& text,
                    const std::string& conversation = "chat-1") {
  return json{{"message_id", id}, {"conversation_id", conversation}, {"text", text}}.dump();
}

}  // namespace

TEST_CASE("a signed webhook message is answered in the response, once", "[integration][channels]") {
  std::string dir = temp_dir("webhook");
  std::vector<std::string> args = {"--data-dir", dir + "/var"};
  std::vector<std::string> env = {"CAREERBOT_CHANNELS_WEBHOOK_SECRET=" + kSecret};
  auto server = std::make_unique<ServerProcess>(args, env);
  CHECK(server->log().find(kSecret) == std::string::npos);  // secrets never reach the log

  auto first = deliver(*server, message("m-1", "how much do back end developers make"));
  REQUIRE(first.status == 200);
  auto answer = json::parse(first.body);
  CHECK(answer["intent"] == "salary");
  CHECK(answer["message_id"] == "m-1");
  CHECK(answer["text"].get<std::string>().find("$121,668") != std::string::npos);

  // The conversation carries on through the channel.
  auto follow_up = json::parse(deliver(*server, message("m-2", "what about the education?")).body);
  CHECK(follow_up["intent"] == "education");
  CHECK(follow_up["career"]["id"] == "back-end-developer");

  // A retry of m-1 gets the stored reply, not a second answer.
  auto retry = deliver(*server, message("m-1", "how much do back end developers make"));
  CHECK(retry.status == 200);
  CHECK(retry.headers["x-careerbot-duplicate"] == "true");
  CHECK(retry.body == first.body);

  // And so after a restart.
  server->signal(SIGTERM);
  REQUIRE(server->wait_exit(std::chrono::seconds(5)) == 0);
  server = std::make_unique<ServerProcess>(args, env);
  auto after_restart = deliver(*server, message("m-1", "how much do back end developers make"));
  CHECK(after_restart.headers["x-careerbot-duplicate"] == "true");
  CHECK(after_restart.body == first.body);

  auto metrics = get(server->port(), "/metrics").body;
  CHECK(metrics.find(R"(careerbot_channel_duplicates_total{channel="webhook"} 1)") !=
        std::string::npos);
}

TEST_CASE("forged, stale and unsigned webhook deliveries get 401 and no answer",
          "[integration][channels]") {
  ServerProcess server({}, {"CAREERBOT_CHANNELS_WEBHOOK_SECRET=" + kSecret});
  std::string body = message("m-9", "nurse salary");
  CHECK(deliver(server, body, "wrong-secret").status == 401);
  CHECK(deliver(server, body, kSecret, -600).status == 401);  // outside the 300 s window
  CHECK(deliver(server, body, kSecret, 600).status == 401);
  auto unsigned_reply = request(server.port(), "POST", "/v1/channels/webhook", body);
  CHECK(unsigned_reply.status == 401);
  CHECK(unsigned_reply.headers["content-type"] == "application/problem+json");
  // A tampered body fails even with headers copied from a valid delivery.
  std::string ts = now_text();
  std::string signature =
      "v0=" + careerbot::crypto::hmac_sha256_hex(kSecret, "v0:" + ts + ":" + body);
  auto tampered =
      request(server.port(), "POST", "/v1/channels/webhook", message("m-9", "lawyer salary"),
              {"X-Careerbot-Timestamp: " + ts, "X-Careerbot-Signature: " + signature});
  CHECK(tampered.status == 401);
  CHECK(server.log().find("\"event\":\"channel_rejected\"") != std::string::npos);
  // The rejected message was never recorded: a proper delivery is answered.
  CHECK(json::parse(deliver(server, body).body)["intent"] == "salary");
  CHECK(deliver(server, R"({"text": "no id"})").status == 400);
}

TEST_CASE("without a secret the webhook channel is off", "[integration][channels]") {
  ServerProcess server;
  CHECK(server.log().find("off: set channels.webhook.secret") != std::string::npos);
  CHECK(deliver(server, message("m-1", "hi")).status == 404);
}
