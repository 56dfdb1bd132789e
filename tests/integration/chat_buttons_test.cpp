// Quiz buttons on each chat platform that has them, the way a person uses
// them: "take the career quiz" is answered with the first question and three
// buttons (read back from the fake platform API), and a signed tap on "Like"
// brings the second question, exactly as typing "like" would. A retried tap
// is not answered twice, and a forged one gets 401.
#include <cctype>
#include <chrono>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "crypto.hpp"
#include "ed25519_signer.hpp"
#include "http_client.hpp"
#include "peer_process.hpp"
#include "server_process.hpp"

using namespace careerbot::test;
using careerbot::crypto::hmac_sha256_hex;
using nlohmann::json;

namespace {

const std::string kTelegramToken = "123456:ABCdef";
const std::string kTelegramSecret = "tg_secret-123";
const std::string kSlackSecret = "slack-signing-secret-for-tests";
const std::string kWhatsAppSecret = "wa-app-secret";
const std::string kDiscordPublicKey =
    "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

std::string now_text() {
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::now().time_since_epoch());
  return std::to_string(now.count());
}

std::vector<std::string> env_for(const FakeApi& api, std::vector<std::string> secrets) {
  secrets.push_back("CAREERBOT_DELIVERY_CA_FILE=" + test_pki().ca_cert);
  secrets.emplace_back("CAREERBOT_DELIVERY_FIRST_RETRY_MS=200");
  for (const char* name : {"SLACK", "TELEGRAM", "WHATSAPP", "DISCORD"}) {
    secrets.push_back(std::string("CAREERBOT_CHANNELS_") + name + "_API_BASE=" + api.base_url());
  }
  return secrets;
}

// The bodies (parsed) of the requests to `path` so far.
std::vector<json> sent_to(const FakeApi& api, const std::string& path) {
  std::vector<json> bodies;
  for (const auto& r : api.requests()) {
    if (r["path"] == path) bodies.push_back(json::parse(r["body"].get<std::string>()));
  }
  return bodies;
}

// Waits until `count` requests to `path` arrived; returns them.
std::vector<json> wait_sent(const FakeApi& api, const std::string& path, std::size_t count) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  auto bodies = sent_to(api, path);
  while (bodies.size() < count && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    bodies = sent_to(api, path);
  }
  return bodies;
}

void settle() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string percent_encode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char raw : text) {
    auto c = static_cast<unsigned char>(raw);
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += raw;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

// ---- Telegram ----------------------------------------------------------------

HttpReply telegram_post(const ServerProcess& server, const json& update,
                        const std::string& secret = kTelegramSecret) {
  return request(server.port(), "POST", "/v1/channels/telegram", update.dump(),
                 {"X-Telegram-Bot-Api-Secret-Token: " + secret, "Content-Type: application/json"});
}

json telegram_text(long long update_id, long long chat_id, const std::string& text) {
  return {{"update_id", update_id},
          {"message",
           {{"message_id", update_id},
            {"from", {{"id", chat_id}, {"is_bot", false}}},
            {"chat", {{"id", chat_id}, {"type", "private"}}},
            {"text", text}}}};
}

json telegram_tap(long long update_id, long long chat_id, const std::string& data) {
  return {{"update_id", update_id},
          {"callback_query",
           {{"id", "cbq-" + std::to_string(update_id)},
            {"from", {{"id", chat_id}, {"is_bot", false}}},
            {"message",
             {{"message_id", 1}, {"chat", {{"id", chat_id}, {"type", "private"}}}, {"text", "?"}}},
            {"chat_instance", "ci-1"},
            {"data", data}}}};
}

}  // namespace

TEST_CASE("telegram: quiz choices are an inline keyboard and a tap answers like typing",
          "[integration][channels][telegram][buttons]") {
  FakeApi api;
  ServerProcess server({},
                       env_for(api, {"CAREERBOT_CHANNELS_TELEGRAM_SECRET_TOKEN=" + kTelegramSecret,
                                     "CAREERBOT_CHANNELS_TELEGRAM_BOT_TOKEN=" + kTelegramToken}));
  const std::string send = "/bot" + kTelegramToken + "/sendMessage";
  const std::string ack = "/bot" + kTelegramToken + "/answerCallbackQuery";

  REQUIRE(telegram_post(server, telegram_text(500, 4242, "take the career quiz")).status == 200);
  auto sent = wait_sent(api, send, 1);
  REQUIRE(sent.size() == 1);
  CHECK(contains(sent[0]["text"], "1 of 30"));
  json keyboard = sent[0]["reply_markup"]["inline_keyboard"];
  REQUIRE(keyboard.size() == 1);
  REQUIRE(keyboard[0].size() == 3);
  CHECK(keyboard[0][0] == json{{"text", "Like"}, {"callback_data", "quiz:like"}});
  CHECK(keyboard[0][1] == json{{"text", "Not sure"}, {"callback_data", "quiz:not sure"}});
  CHECK(keyboard[0][2] == json{{"text", "Dislike"}, {"callback_data", "quiz:dislike"}});

  // The tap: the next question, with its own keyboard, and the button stops spinning.
  auto tap = telegram_tap(501, 4242, "quiz:like");
  REQUIRE(telegram_post(server, tap).status == 200);
  sent = wait_sent(api, send, 2);
  REQUIRE(sent.size() == 2);
  CHECK(sent[1]["chat_id"] == 4242);
  CHECK(contains(sent[1]["text"], "2 of 30"));
  CHECK(sent[1]["reply_markup"]["inline_keyboard"][0].size() == 3);
  auto acks = wait_sent(api, ack, 1);
  REQUIRE(acks.size() == 1);
  CHECK(acks[0] == json{{"callback_query_id", "cbq-501"}});

  // Telegram retries the update: no second reply, no second acknowledgement.
  CHECK(telegram_post(server, tap).status == 200);
  // A forged tap, and a malformed update, change nothing.
  CHECK(telegram_post(server, telegram_tap(502, 4242, "quiz:like"), "wrong").status == 401);
  auto malformed =
      request(server.port(), "POST", "/v1/channels/telegram",
              "{\"update_id\":", {"X-Telegram-Bot-Api-Secret-Token: " + kTelegramSecret});
  CHECK(malformed.status == 400);
  settle();
  CHECK(sent_to(api, send).size() == 2);
  CHECK(sent_to(api, ack).size() == 1);

  // Typing "like" in another chat has exactly the effect of the tap.
  REQUIRE(telegram_post(server, telegram_text(600, 7777, "take the career quiz")).status == 200);
  wait_sent(api, send, 3);
  REQUIRE(telegram_post(server, telegram_text(601, 7777, "like")).status == 200);
  sent = wait_sent(api, send, 4);
  REQUIRE(sent.size() == 4);
  CHECK(sent[3]["chat_id"] == 7777);
  CHECK(sent[3]["text"] == sent[1]["text"]);
  CHECK(sent[3]["reply_markup"] == sent[1]["reply_markup"]);

  // An unknown value is answered as the typed word would be, and still acknowledged.
  REQUIRE(telegram_post(server, telegram_tap(502, 4242, "quiz:banana")).status == 200);
  sent = wait_sent(api, send, 5);
  REQUIRE(sent.size() == 5);
  CHECK(contains(sent[4]["text"], "didn't catch"));
  CHECK(contains(sent[4]["text"], "2 of 30"));
  CHECK(wait_sent(api, ack, 2).size() == 2);
  CHECK(!contains(server.log(), "ABCdef"));
}

namespace {

// ---- Slack -------------------------------------------------------------------

HttpReply slack_signed(const ServerProcess& server, const std::string& path,
                       const std::string& body, const std::string& content_type,
                       const std::string& secret = kSlackSecret) {
  std::string ts = now_text();
  return request(server.port(), "POST", path, body,
                 {"X-Slack-Request-Timestamp: " + ts,
                  "X-Slack-Signature: v0=" + hmac_sha256_hex(secret, "v0:" + ts + ":" + body),
                  "Content-Type: " + content_type});
}

std::string slack_click(const std::string& value, const std::string& action_ts) {
  json payload = {
      {"type", "block_actions"},
      {"user", {{"id", "U777"}, {"team_id", "T1"}}},
      {"team", {{"id", "T1"}}},
      {"channel", {{"id", "C0123"}}},
      {"container",
       {{"type", "message"}, {"channel_id", "C0123"}, {"thread_ts", "1700000000.000200"}}},
      {"message", {{"ts", "1700000000.000300"}, {"thread_ts", "1700000000.000200"}}},
      {"trigger_id", "123.456.abc"},
      {"actions",
       {{{"type", "button"},
         {"action_id", "quiz:" + value},
         {"value", value},
         {"action_ts", action_ts}}}}};
  return "payload=" + percent_encode(payload.dump());
}

}  // namespace

TEST_CASE("slack: quiz choices are Block Kit buttons and a click answers in the thread",
          "[integration][channels][slack][buttons]") {
  FakeApi api;
  ServerProcess server({}, env_for(api, {"CAREERBOT_CHANNELS_SLACK_SIGNING_SECRET=" + kSlackSecret,
                                         "CAREERBOT_CHANNELS_SLACK_BOT_TOKEN=xoxb-test"}));
  json event = {{"type", "event_callback"},
                {"team_id", "T1"},
                {"event_id", "EvQuiz1"},
                {"event",
                 {{"type", "message"},
                  {"channel", "C0123"},
                  {"user", "U777"},
                  {"text", "take the career quiz"},
                  {"ts", "1700000000.000200"},
                  {"channel_type", "channel"}}}};
  REQUIRE(
      slack_signed(server, "/v1/channels/slack/events", event.dump(), "application/json").status ==
      200);
  auto sent = wait_sent(api, "/api/chat.postMessage", 1);
  REQUIRE(sent.size() == 1);
  CHECK(contains(sent[0]["text"], "1 of 30"));  // the fallback text stays
  REQUIRE(sent[0]["blocks"].size() == 2);
  CHECK(sent[0]["blocks"][0]["text"]["text"] == sent[0]["text"]);
  json buttons = sent[0]["blocks"][1]["elements"];
  REQUIRE(buttons.size() == 3);
  CHECK(buttons[1]["value"] == "not sure");
  CHECK(buttons[1]["text"]["text"] == "Not sure");

  const std::string path = "/v1/channels/slack/interactions";
  const std::string form = "application/x-www-form-urlencoded";
  std::string click = slack_click("like", "1700000001.000001");
  auto reply = slack_signed(server, path, click, form);
  CHECK(reply.status == 200);
  CHECK(reply.body.empty());
  sent = wait_sent(api, "/api/chat.postMessage", 2);
  REQUIRE(sent.size() == 2);
  CHECK(sent[1]["channel"] == "C0123");
  CHECK(sent[1]["thread_ts"] == "1700000000.000200");
  CHECK(contains(sent[1]["text"], "2 of 30"));
  CHECK(sent[1]["blocks"][1]["elements"].size() == 3);

  // The same click again, a forged one and a malformed one: nothing more.
  CHECK(slack_signed(server, path, click, form).status == 200);
  CHECK(
      slack_signed(server, path, slack_click("like", "1700000002.000001"), form, "wrong").status ==
      401);
  CHECK(slack_signed(server, path, "payload=%7Bnot-json", form).status == 400);
  settle();
  CHECK(sent_to(api, "/api/chat.postMessage").size() == 2);
  CHECK(contains(server.log(), R"("event":"channel_rejected")"));
}

namespace {

// ---- WhatsApp ----------------------------------------------------------------

std::string whatsapp_body(const json& message) {
  json value = {{"messaging_product", "whatsapp"},
                {"metadata", {{"phone_number_id", "1234567"}}},
                {"contacts", {{{"profile", {{"name", "Ana"}}}, {"wa_id", "15551234567"}}}},
                {"messages", {message}}};
  return json{
      {"object", "whatsapp_business_account"},
      {"entry", {{{"id", "WABA"}, {"changes", {{{"field", "messages"}, {"value", value}}}}}}}}
      .dump();
}

HttpReply whatsapp_post(const ServerProcess& server, const std::string& body) {
  return request(server.port(), "POST", "/v1/channels/whatsapp", body,
                 {"X-Hub-Signature-256: sha256=" + hmac_sha256_hex(kWhatsAppSecret, body)});
}

}  // namespace

TEST_CASE("whatsapp: quiz choices are reply buttons and a button reply answers like typing",
          "[integration][channels][whatsapp][buttons]") {
  FakeApi api;
  ServerProcess server({},
                       env_for(api, {"CAREERBOT_CHANNELS_WHATSAPP_APP_SECRET=" + kWhatsAppSecret,
                                     "CAREERBOT_CHANNELS_WHATSAPP_VERIFY_TOKEN=wa-verify",
                                     "CAREERBOT_CHANNELS_WHATSAPP_ACCESS_TOKEN=wa-access"}));
  const std::string path = "/v21.0/1234567/messages";
  json start = {{"from", "15551234567"},
                {"id", "wamid.quiz1"},
                {"timestamp", "1700000000"},
                {"type", "text"},
                {"text", {{"body", "take the career quiz"}}}};
  REQUIRE(whatsapp_post(server, whatsapp_body(start)).status == 200);
  auto sent = wait_sent(api, path, 1);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0]["type"] == "interactive");
  json interactive = sent[0]["interactive"];
  CHECK(interactive["type"] == "button");
  CHECK(contains(interactive["body"]["text"], "1 of 30"));
  json buttons = interactive["action"]["buttons"];
  REQUIRE(buttons.size() == 3);
  CHECK(buttons[0] == json{{"type", "reply"}, {"reply", {{"id", "quiz:like"}, {"title", "Like"}}}});

  json tap = {
      {"from", "15551234567"},
      {"id", "wamid.quiz2"},
      {"timestamp", "1700000010"},
      {"type", "interactive"},
      {"context", {{"from", "15550001111"}, {"id", "wamid.bot1"}}},
      {"interactive",
       {{"type", "button_reply"}, {"button_reply", {{"id", "quiz:like"}, {"title", "Like"}}}}}};
  std::string body = whatsapp_body(tap);
  REQUIRE(whatsapp_post(server, body).status == 200);
  CHECK(whatsapp_post(server, body).status == 200);  // at-least-once: the same id again
  CHECK(request(server.port(), "POST", "/v1/channels/whatsapp", body,
                {"X-Hub-Signature-256: sha256=00"})
            .status == 401);
  sent = wait_sent(api, path, 2);
  REQUIRE(sent.size() == 2);
  CHECK(sent[1]["context"]["message_id"] == "wamid.quiz2");
  CHECK(contains(sent[1]["interactive"]["body"]["text"], "2 of 30"));
  settle();
  CHECK(sent_to(api, path).size() == 2);
}

namespace {

// ---- Discord -----------------------------------------------------------------

HttpReply discord_post(const ServerProcess& server, const json& interaction, bool forge = false) {
  std::string body = interaction.dump();
  std::string ts = now_text();
  std::string signature = ed25519_sign_hex(ts + body);
  if (forge) signature[0] = signature[0] == 'a' ? 'b' : 'a';
  return request(server.port(), "POST", "/v1/channels/discord", body,
                 {"X-Signature-Ed25519: " + signature, "X-Signature-Timestamp: " + ts,
                  "Content-Type: application/json"});
}

}  // namespace

TEST_CASE("discord: quiz choices are message components and a click answers in the response",
          "[integration][channels][discord][buttons]") {
  FakeApi api;
  ServerProcess server({},
                       env_for(api, {"CAREERBOT_CHANNELS_DISCORD_PUBLIC_KEY=" + kDiscordPublicKey,
                                     "CAREERBOT_CHANNELS_DISCORD_APPLICATION_ID=111222333"}));
  json command = {
      {"type", 2},
      {"id", "7001"},
      {"token", "token-7001"},
      {"channel_id", "C9"},
      {"member", {{"user", {{"id", "U5"}}}}},
      {"data",
       {{"name", "career"},
        {"options", {{{"name", "question"}, {"type", 3}, {"value", "take the career quiz"}}}}}}};
  auto first = discord_post(server, command);
  REQUIRE(first.status == 200);
  json response = json::parse(first.body);
  CHECK(response["type"] == 4);
  CHECK(contains(response["data"]["content"], "1 of 30"));
  json row = response["data"]["components"][0];
  CHECK(row["type"] == 1);
  REQUIRE(row["components"].size() == 3);
  CHECK(row["components"][2]["type"] == 2);
  CHECK(row["components"][2]["custom_id"] == "quiz:dislike");
  CHECK(row["components"][2]["label"] == "Dislike");

  json click = {{"type", 3},
                {"id", "7002"},
                {"token", "token-7002"},
                {"channel_id", "C9"},
                {"member", {{"user", {{"id", "U5"}}}}},
                {"message", {{"id", "m-7001"}}},
                {"data", {{"custom_id", "quiz:like"}, {"component_type", 2}}}};
  CHECK(discord_post(server, click, true).status == 401);
  auto second = discord_post(server, click);
  REQUIRE(second.status == 200);
  response = json::parse(second.body);
  CHECK(response["type"] == 4);
  CHECK(contains(response["data"]["content"], "2 of 30"));
  CHECK(response["data"]["components"][0]["components"].size() == 3);
  // A repeat of the click gets the same response, and the quiz does not move on.
  CHECK(discord_post(server, click).body == second.body);
  settle();
  CHECK(api.requests().empty());  // everything fitted in the responses
}

TEST_CASE("telegram: the quiz taken to the end ends with the interest code and matches",
          "[integration][channels][telegram][buttons][guidance]") {
  FakeApi api;
  ServerProcess server({},
                       env_for(api, {"CAREERBOT_CHANNELS_TELEGRAM_SECRET_TOKEN=" + kTelegramSecret,
                                     "CAREERBOT_CHANNELS_TELEGRAM_BOT_TOKEN=" + kTelegramToken}));
  const std::string send = "/bot" + kTelegramToken + "/sendMessage";
  REQUIRE(telegram_post(server, telegram_text(700, 5151, "help me choose a career")).status == 200);
  REQUIRE(wait_sent(api, send, 1).size() == 1);
  // A tap, 28 typed at once (Realistic liked: the areas take turns, R first), a tap.
  REQUIRE(telegram_post(server, telegram_tap(701, 5151, "quiz:like")).status == 200);
  REQUIRE(wait_sent(api, send, 2).size() == 2);
  std::string typed;
  for (int item = 2; item <= 29; ++item) typed += item % 6 == 1 ? "1 " : "3 ";
  REQUIRE(telegram_post(server, telegram_text(702, 5151, typed)).status == 200);
  auto sent = wait_sent(api, send, 3);
  REQUIRE(sent.size() == 3);
  CHECK(contains(sent[2]["text"], "30 of 30"));
  REQUIRE(telegram_post(server, telegram_tap(703, 5151, "quiz:dislike")).status == 200);
  sent = wait_sent(api, send, 4);
  REQUIRE(sent.size() >= 4);
  std::string result;
  for (std::size_t i = 3; i < sent.size(); ++i) result += sent[i]["text"].get<std::string>();
  CHECK(contains(result, "Your interest code is R"));
  CHECK(contains(result, "% match)"));
  // The quiz is over: no quiz buttons on the result.
  const bool quiz_buttons = sent.back().contains("reply_markup") &&
                            sent.back()["reply_markup"]["inline_keyboard"][0][0]["text"] == "Like";
  CHECK(!quiz_buttons);
}
