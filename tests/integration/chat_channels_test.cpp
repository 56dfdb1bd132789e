// Each chat channel but Slack (slack_channel_test.cpp) against the real
// server on port 0, with replies captured by a fake of the platform's API
// over real TLS (a CA made at test time):
// a signed question is answered once at the fake, a retried delivery is not
// answered again, a forged one gets 401, and the outbox waits out 500s and
// 429s and survives a restart.
#include <signal.h>

#include <chrono>
#include <map>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "chat_channel_support.hpp"
#include "crypto.hpp"
#include "ed25519_signer.hpp"
#include "http_client.hpp"
#include "peer_process.hpp"
#include "server_process.hpp"
#include "signatures.hpp"

using namespace careerbot::test;
using careerbot::crypto::hmac_sha256_hex;
using nlohmann::json;

TEST_CASE("delivery refuses an API whose certificate the configured CA did not sign",
          "[integration][channels][outbox]") {
  FakeApi api;
  auto env = slack_env(api.base_url());
  for (auto& variable : env) {
    if (variable.starts_with("CAREERBOT_DELIVERY_CA_FILE=")) {
      variable = "CAREERBOT_DELIVERY_CA_FILE=" + test_pki().other_ca_cert;
    }
  }
  ServerProcess server({}, env);
  REQUIRE(slack_post(server, slack_event("Ev400", "nurse salary")).status == 200);
  settle();
  CHECK(api.requests().empty());
  CHECK(contains(server.log(), "certificate"));
}

TEST_CASE("telegram: the secret token is checked and the reply goes to sendMessage as HTML",
          "[integration][channels][telegram]") {
  FakeApi api;
  auto env = delivery_env(api);
  env.emplace_back("CAREERBOT_CHANNELS_TELEGRAM_SECRET_TOKEN=tg_secret-123");
  env.emplace_back("CAREERBOT_CHANNELS_TELEGRAM_BOT_TOKEN=123456:ABCdef");
  ServerProcess server({}, env);
  std::string update = json{{"update_id", 9001},
                            {"message",
                             {{"message_id", 55},
                              {"from", {{"id", 42}, {"is_bot", false}}},
                              {"chat", {{"id", -1001234567890LL}, {"type", "private"}}},
                              {"text", "what education does a back end developer need?"}}}}
                           .dump();
  std::vector<std::string> headers = {"X-Telegram-Bot-Api-Secret-Token: tg_secret-123",
                                      "Content-Type: application/json"};
  CHECK(request(server.port(), "POST", "/v1/channels/telegram", update, headers).status == 200);
  CHECK(request(server.port(), "POST", "/v1/channels/telegram", update, headers).status == 200);
  CHECK(request(server.port(), "POST", "/v1/channels/telegram", update,
                {"X-Telegram-Bot-Api-Secret-Token: wrong"})
            .status == 401);
  auto requests = api.wait_for(1);
  settle();
  requests = api.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0]["path"] == "/bot123456:ABCdef/sendMessage");
  json sent = json::parse(requests[0]["body"].get<std::string>());
  CHECK(sent["chat_id"] == -1001234567890LL);
  CHECK(sent["parse_mode"] == "HTML");
  CHECK(contains(sent["text"], "Bachelor"));
  CHECK(!contains(server.log(), "ABCdef"));
}

TEST_CASE("whatsapp: subscription check, signed messages answered, receipts ignored",
          "[integration][channels][whatsapp]") {
  FakeApi api;
  auto env = delivery_env(api);
  env.emplace_back("CAREERBOT_CHANNELS_WHATSAPP_APP_SECRET=wa-app-secret");
  env.emplace_back("CAREERBOT_CHANNELS_WHATSAPP_VERIFY_TOKEN=wa-verify");
  env.emplace_back("CAREERBOT_CHANNELS_WHATSAPP_ACCESS_TOKEN=wa-access");
  ServerProcess server({}, env);
  auto ok = get(server.port(),
                "/v1/channels/"
                "whatsapp?hub.mode=subscribe&hub.verify_token=wa-verify&hub.challenge=1158201444");
  CHECK(ok.status == 200);
  CHECK(ok.body == "1158201444");
  CHECK(get(server.port(),
            "/v1/channels/whatsapp?hub.mode=subscribe&hub.verify_token=no&hub.challenge=1")
            .status == 401);

  json value = {
      {"messaging_product", "whatsapp"},
      {"metadata", {{"display_phone_number", "15550001111"}, {"phone_number_id", "1234567"}}},
      {"contacts", {{{"profile", {{"name", "Ana"}}}, {"wa_id", "15551234567"}}}},
      {"messages",
       {{{"from", "15551234567"},
         {"id", "wamid.HBgLMTU1NTEyMzQ1NjcVAgASGBQzQTdBQ0RGMDkyRjNDQkQ2RDk1NgA="},
         {"timestamp", "1700000000"},
         {"type", "text"},
         {"text", {{"body", "how many openings for registered nurses"}}}}}}};
  std::string body =
      json{{"object", "whatsapp_business_account"},
           {"entry", {{{"id", "WABA"}, {"changes", {{{"field", "messages"}, {"value", value}}}}}}}}
          .dump();
  auto sign = [](const std::string& raw) {
    return "X-Hub-Signature-256: sha256=" + hmac_sha256_hex("wa-app-secret", raw);
  };
  CHECK(request(server.port(), "POST", "/v1/channels/whatsapp", body, {sign(body)}).status == 200);
  CHECK(request(server.port(), "POST", "/v1/channels/whatsapp", body, {sign(body)}).status == 200);
  CHECK(request(server.port(), "POST", "/v1/channels/whatsapp", body,
                {"X-Hub-Signature-256: sha256=00"})
            .status == 401);
  json receipt = {{"object", "whatsapp_business_account"},
                  {"entry",
                   {{{"id", "WABA"},
                     {"changes",
                      {{{"field", "messages"},
                        {"value",
                         {{"metadata", {{"phone_number_id", "1234567"}}},
                          {"statuses", {{{"id", "wamid.X"}, {"status", "delivered"}}}}}}}}}}}}};
  CHECK(request(server.port(), "POST", "/v1/channels/whatsapp", receipt.dump(),
                {sign(receipt.dump())})
            .status == 200);
  api.wait_for(1);
  settle();
  auto requests = api.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0]["path"] == "/v21.0/1234567/messages");
  CHECK(requests[0]["headers"]["authorization"] == "Bearer wa-access");
  json sent = json::parse(requests[0]["body"].get<std::string>());
  CHECK(sent["to"] == "15551234567");
  CHECK(sent["context"]["message_id"] ==
        "wamid.HBgLMTU1NTEyMzQ1NjcVAgASGBQzQTdBQ0RGMDkyRjNDQkQ2RDk1NgA=");
  CHECK(contains(sent["text"]["body"], "openings"));
}

TEST_CASE("twilio: a signed SMS over the public URL is answered through the Messages API",
          "[integration][channels][twilio]") {
  FakeApi api;
  auto env = delivery_env(api);
  const std::string url = "https://bot.example.org/v1/channels/twilio";
  env.emplace_back("CAREERBOT_CHANNELS_TWILIO_AUTH_TOKEN=twilio-auth-token");
  env.emplace_back("CAREERBOT_CHANNELS_TWILIO_ACCOUNT_SID=AC0123456789abcdef");
  env.emplace_back("CAREERBOT_CHANNELS_TWILIO_PUBLIC_URL=" + url);
  ServerProcess server({}, env);
  careerbot::signatures::FormFields fields = {{"AccountSid", "AC0123456789abcdef"},
                                              {"Body", "How much do electricians make?"},
                                              {"From", "+15557654321"},
                                              {"MessageSid", "SM0123456789"},
                                              {"NumMedia", "0"},
                                              {"To", "+15550001111"}};
  std::string signed_text = url;
  for (const auto& [name, value] : fields) signed_text += name + value;
  std::string signature = careerbot::crypto::hmac_sha1_base64("twilio-auth-token", signed_text);
  std::string body =
      "AccountSid=AC0123456789abcdef&Body=How+much+do+electricians+make%3F&From=%2B15557654321&"
      "MessageSid=SM0123456789&NumMedia=0&To=%2B15550001111";
  std::vector<std::string> headers = {"X-Twilio-Signature: " + signature,
                                      "Content-Type: application/x-www-form-urlencoded"};
  auto reply = request(server.port(), "POST", "/v1/channels/twilio", body, headers);
  CHECK(reply.status == 200);
  CHECK(contains(reply.body, "<Response>"));
  CHECK(request(server.port(), "POST", "/v1/channels/twilio", body, headers).status == 200);
  CHECK(request(server.port(), "POST", "/v1/channels/twilio", body + "&Extra=1", headers).status ==
        401);
  api.wait_for(1);
  settle();
  auto requests = api.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0]["path"] == "/2010-04-01/Accounts/AC0123456789abcdef/Messages.json");
  CHECK(requests[0]["headers"]["authorization"] ==
        "Basic " + careerbot::crypto::base64_encode("AC0123456789abcdef:twilio-auth-token"));
  auto form = careerbot::signatures::parse_form(requests[0]["body"].get<std::string>());
  std::map<std::string, std::string> sent(form.begin(), form.end());
  CHECK(sent["To"] == "+15557654321");
  CHECK(sent["From"] == "+15550001111");
  CHECK(contains(sent["Body"], "lectrician"));
}

namespace {

HttpReply discord_post(const ServerProcess& server, const std::string& body, bool forge = false) {
  std::string ts = now_text();
  std::string signature = ed25519_sign_hex(ts + body);
  if (forge) signature[0] = signature[0] == 'a' ? 'b' : 'a';
  return request(server.port(), "POST", "/v1/channels/discord", body,
                 {"X-Signature-Ed25519: " + signature, "X-Signature-Timestamp: " + ts,
                  "Content-Type: application/json"});
}

}  // namespace

TEST_CASE("discord: PING, a /career command answered in the response, forged requests refused",
          "[integration][channels][discord]") {
  FakeApi api;
  auto env = delivery_env(api);
  env.emplace_back(
      "CAREERBOT_CHANNELS_DISCORD_PUBLIC_KEY="
      "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  env.emplace_back("CAREERBOT_CHANNELS_DISCORD_APPLICATION_ID=111222333");
  ServerProcess server({}, env);
  auto ping =
      discord_post(server, R"({"type":1,"id":"1","token":"t","application_id":"111222333"})");
  CHECK(ping.status == 200);
  CHECK(json::parse(ping.body)["type"] == 1);
  CHECK(discord_post(server, R"({"type":1})", true).status == 401);

  std::string command =
      json{{"type", 2},
           {"id", "987654321"},
           {"token", "interaction-token-abc"},
           {"channel_id", "C9"},
           {"member", {{"user", {{"id", "U5"}}}}},
           {"data",
            {{"name", "career"},
             {"options",
              {{{"name", "question"}, {"type", 3}, {"value", "what do software developers do"}}}}}}}
          .dump();
  auto answer = discord_post(server, command);
  REQUIRE(answer.status == 200);
  json response = json::parse(answer.body);
  CHECK(response["type"] == 4);
  CHECK(response["data"]["content"].get<std::string>().size() > 20);
  CHECK(response["data"]["allowed_mentions"]["parse"].empty());
  // A repeat of the interaction gets the same response, not a new answer.
  auto again = discord_post(server, command);
  CHECK(again.body == answer.body);
}

TEST_CASE("a sender over the limit is told once, then not answered until the window passes",
          "[integration][channels]") {
  FakeApi api;
  auto env = slack_env(api.base_url());
  env.emplace_back("CAREERBOT_CHANNELS_SENDER_MESSAGES_PER_WINDOW=2");
  ServerProcess server({}, env);
  for (int i = 0; i < 4; ++i) {
    REQUIRE(slack_post(server, slack_event("EvL" + std::to_string(i), "nurse salary")).status ==
            200);
  }
  api.wait_for(3, std::chrono::seconds(10));
  settle();
  auto requests = api.requests();
  REQUIRE(requests.size() == 3);
  CHECK(contains(json::parse(requests[2]["body"].get<std::string>())["text"], "faster than I can"));
}

TEST_CASE("channels without secrets are off and say so", "[integration][channels]") {
  ServerProcess server;
  for (const char* name : {"slack", "telegram", "whatsapp", "twilio", "discord"}) {
    CHECK(contains(server.log(), std::string(R"("channel":")") + name + R"(","event":"channel")"));
  }
  CHECK(contains(server.log(), "off: set channels.slack.signing_secret"));
  CHECK(request(server.port(), "POST", "/v1/channels/slack/events", "{}").status == 404);
}

TEST_CASE("a reply the platform refuses becomes a dead letter that an admin can send again",
          "[integration][channels][outbox]") {
  FakeApi api(
      json::array({{{"status", 404}, {"body", {{"ok", false}, {"error", "channel_not_found"}}}}}));
  auto token = make_admin_token("ops", "read,write");
  const std::string& secret = token.secret;
  auto env = slack_env(api.base_url());
  env.push_back("CAREERBOT_ADMIN_TOKENS=" + json::array({token.entry}).dump());
  ServerProcess server({}, env);
  REQUIRE(slack_post(server, slack_event("Ev500", "nurse salary")).status == 200);
  api.wait_for(1);
  settle();
  std::vector<std::string> auth = {"Authorization: Bearer " + secret};
  auto outbox = request(server.port(), "GET", "/admin/v1/outbox", "", auth);
  REQUIRE(outbox.status == 200);
  json listing = json::parse(outbox.body);
  REQUIRE(listing["dead_letters"].size() == 1);
  CHECK(contains(listing["dead_letters"][0]["last_error"], "channel_not_found"));
  CHECK(!listing["dead_letters"][0].contains("payload"));  // no message text in the listing
  CHECK(contains(server.log(), R"("event":"outbox_dead_letter")"));
  std::string id = std::to_string(listing["dead_letters"][0]["id"].get<long long>());
  CHECK(request(server.port(), "POST", "/admin/v1/outbox/" + id + "/retry", "", auth).status ==
        202);
  CHECK(request(server.port(), "POST", "/admin/v1/outbox/" + id + "/retry", "", auth).status ==
        404);
  auto requests = api.wait_for(2);
  REQUIRE(requests.size() == 2);
  CHECK(requests[1]["status"] == 200);
}

TEST_CASE("slack: asking for a person hands the chat to a counselor, whose answer comes back",
          "[integration][channels][slack][handoff]") {
  FakeApi api;
  auto token = make_admin_token("sam", "read,write");
  std::vector<std::string> auth = {"Authorization: Bearer " + token.secret};
  auto env = slack_env(api.base_url());
  env.push_back("CAREERBOT_ADMIN_TOKENS=" + json::array({token.entry}).dump());
  env.emplace_back("CAREERBOT_HANDOFF_SLACK_CHANNEL=CADVISERS");
  env.emplace_back("CAREERBOT_HANDOFF_COUNSELOR=Sam from the careers office");
  ServerProcess server({}, env);

  REQUIRE(slack_post(server, slack_event("EvH1", "what do electricians earn")).status == 200);
  REQUIRE(slack_post(server, slack_event("EvH2", "can I talk to a real person?")).status == 200);
  api.wait_for(3);
  settle();
  auto posts = to_path(api.requests(), "/api/chat.postMessage");
  REQUIRE(posts.size() == 3);
  // Each channel has its own queue: the notice and the inbox's copy in any order.
  std::vector<json> to_person;
  std::vector<json> to_inbox;
  for (const auto& post : posts) {
    json body = json::parse(post["body"].get<std::string>());
    (body["channel"] == "CADVISERS" ? to_inbox : to_person).push_back(body);
  }
  REQUIRE(to_person.size() == 2);
  REQUIRE(to_inbox.size() == 1);
  CHECK(contains(to_person[1]["text"], "Sam from the careers office"));
  CHECK(contains(to_inbox[0]["text"], "what do electricians earn"));
  CHECK(contains(to_inbox[0]["text"], "can I talk to a real person?"));

  // Quiet while a person handles it: no reply, the message kept for them.
  REQUIRE(slack_post(server, slack_event("EvH3", "I am thinking of a career change")).status ==
          200);
  settle();
  CHECK(to_path(api.requests(), "/api/chat.postMessage").size() == 3);
  auto listed = request(server.port(), "GET", "/admin/v1/handoffs", "", auth);
  json handoffs = json::parse(listed.body)["handoffs"];
  REQUIRE(handoffs.size() == 1);
  CHECK(contains(handoffs[0]["transcript"].dump(), "I am thinking of a career change"));

  std::string id = std::to_string(handoffs[0]["id"].get<long long>());
  auto replied = request(server.port(), "POST", "/admin/v1/handoffs/" + id + "/reply",
                         R"({"text":"Hi, Sam here. What do you do now?"})", auth);
  REQUIRE(replied.status == 200);
  api.wait_for(4);
  settle();
  posts = to_path(api.requests(), "/api/chat.postMessage");
  REQUIRE(posts.size() == 4);
  json answer = json::parse(posts[3]["body"].get<std::string>());
  CHECK(answer["channel"] == "C0123");
  CHECK(answer["thread_ts"] == "1700000000.000200");
  CHECK(answer["text"] == "Hi, Sam here. What do you do now?");
  // careerbot answers the next question again.
  REQUIRE(slack_post(server, slack_event("EvH4", "nurse salary")).status == 200);
  CHECK(api.wait_for(5).size() >= 5);
}

TEST_CASE("each endpoint has its own body limit, checked before the body is read",
          "[integration][channels]") {
  FakeApi api;
  auto env = slack_env(api.base_url());
  env.emplace_back("CAREERBOT_EMAIL_ADDRESS=careers@example.org");
  env.emplace_back("CAREERBOT_EMAIL_POSTMARK_PASSWORD=pm-pass");
  ServerProcess server({}, env);
  std::string big(300 * 1024, 'x');  // over the chat limit (256 KiB), under the default (1 MiB)
  auto slack = slack_post(server, big);
  CHECK(slack.status == 413);
  CHECK(contains(slack.body, "262144"));
  // The email webhooks take large mail (25 MiB): this one gets as far as its auth check.
  std::string mail(2 * 1024 * 1024, 'x');
  CHECK(request(server.port(), "POST", "/v1/channels/email/postmark", mail).status == 401);
  auto ask = request(server.port(), "POST", "/v1/ask", mail);
  CHECK(ask.status == 413);
  CHECK(contains(ask.body, "1048576"));
  // Over the largest limit of all (the email webhooks'): refused on the
  // declared length, still naming the limit of the route asked.
  Connection huge(server.port());
  huge.send("POST /v1/ask HTTP/1.1\r\nHost: t\r\nContent-Length: 90000000\r\n\r\n");
  auto refused = huge.read_reply();
  REQUIRE(refused);
  CHECK(refused->status == 413);
  CHECK(contains(refused->body, "1048576"));
  // A client that waits for 100 Continue is refused at once instead.
  Connection connection(server.port());
  connection.send(
      "POST /v1/channels/slack/events HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\n"
      "Content-Length: 400000\r\n\r\n");
  auto reply = connection.read_reply();
  REQUIRE(reply);
  CHECK(reply->status == 413);
}
