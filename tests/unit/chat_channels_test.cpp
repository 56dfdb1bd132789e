// The chat adapters' request handlers called directly, as the router calls
// them, over a real store, assistant and inbox: bad input in a correctly
// signed request gets a 4xx, never an exception (which the router turns
// into a 500 and the platform retries). And messages acknowledged before
// they are answered (ChatInbox::receive_later), answered by the Answerer, with the
// outbox's part (claims, hand-over) played by the test.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <future>
#include <random>
#include <string>

#include <catch2/catch.hpp>

#include "answerer.hpp"
#include "chat_common.hpp"
#include "chat_inbox.hpp"
#include "conversation.hpp"
#include "crypto.hpp"
#include "discord_channel.hpp"
#include "ed25519_signer.hpp"
#include "handoffs.hpp"
#include "knowledge_service.hpp"
#include "outbox.hpp"
#include "sender_limit.hpp"
#include "signatures.hpp"
#include "slack_channel.hpp"
#include "twilio_channel.hpp"
#include "webhook_channel.hpp"

using namespace careerbot;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kNow = 1770000000;
constexpr const char* kSecret = "test-secret";
constexpr const char* kTwilioUrl = "https://bot.example.org/v1/channels/twilio";
constexpr const char* kDiscordKey =  // RFC 8032 test 1, as ed25519_signer signs
    "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

class NoTransport final : public HttpTransport {
 public:
  void send(OutboundRequest, ResponseHandler done) override { done(OutboundResponse{}); }
};

// Removed when the test ends, after everything that has files in it.
struct ScratchDir {
  fs::path path = fs::temp_directory_path() /
                  ("careerbot-channels-test-" + std::to_string(std::random_device()()));
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

// The objects `serve` builds for the chat channels, on a scratch store.
struct Channels {
  Channels() {
    twilio_config.auth_token = kSecret;
    twilio_config.account_sid = "AC1";
    twilio_config.public_url = kTwilioUrl;
    discord_config.public_key = kDiscordKey;
    discord_config.application_id = "42";
    webhook_config.secret = kSecret;
    slack_config.signing_secret = kSecret;
    slack_config.bot_token = "xoxb-test";
  }

  ScratchDir dir;
  Store store{dir.path};
  KnowledgeService knowledge{store, CAREERBOT_TEST_KNOWLEDGE_DIR};
  ConversationStore conversations{100, std::chrono::hours(1)};
  Assistant assistant{knowledge.snapshot(), MatcherSettings{}, conversations};
  Metrics metrics;
  Outbox outbox{store, OutboxConfig{}, metrics};
  SenderLimit limit{0, std::chrono::seconds(60)};
  HandoffConfig handoff_config;
  Handoffs handoffs{handoff_config, store, outbox, metrics};
  ChatInbox inbox{assistant, knowledge, outbox, metrics, limit, handoffs, 4000};
  NoTransport transport;

  TwilioConfig twilio_config;
  DiscordConfig discord_config;
  WebhookChannelConfig webhook_config;
  SlackConfig slack_config;
  TwilioChannel twilio{twilio_config, inbox, transport, metrics};
  SlackChannel slack{slack_config, inbox, transport, metrics, [] { return kNow; }};
  DiscordChannel discord{discord_config, inbox, transport, metrics};
  WebhookChannel webhook{webhook_config, assistant, knowledge, metrics, 4000, [] { return kNow; }};
};

WebRequest post(std::string body, std::vector<std::pair<std::string, std::string>> headers) {
  WebRequest request;
  request.method = "POST";
  request.body = std::move(body);
  request.headers = std::move(headers);
  request.remote = "192.0.2.1:1";
  return request;
}

// Twilio's signature: the URL, then each field's name and value sorted by name.
WebRequest twilio_post(const std::string& body) {
  auto fields = signatures::parse_form(body);
  std::sort(fields.begin(), fields.end());
  std::string signed_text = kTwilioUrl;
  for (const auto& [name, value] : fields) signed_text += name + value;
  return post(body, {{"x-twilio-signature", crypto::hmac_sha1_base64(kSecret, signed_text)}});
}

WebRequest discord_post(const std::string& body) {
  const std::string timestamp = std::to_string(kNow);
  return post(body, {{"x-signature-timestamp", timestamp},
                     {"x-signature-ed25519", test::ed25519_sign_hex(timestamp + body)}});
}

WebRequest webhook_post(const std::string& body) {
  const std::string timestamp = std::to_string(kNow);
  return post(body, {{"x-careerbot-timestamp", timestamp},
                     {"x-careerbot-signature",
                      "v0=" + crypto::hmac_sha256_hex(kSecret, "v0:" + timestamp + ":" + body)}});
}

WebRequest slack_post(const std::string& body) {
  const std::string timestamp = std::to_string(kNow);
  return post(body, {{"x-slack-request-timestamp", timestamp},
                     {"x-slack-signature",
                      "v0=" + crypto::hmac_sha256_hex(kSecret, "v0:" + timestamp + ":" + body)}});
}

// What the outbox would claim now, of these channels.
std::vector<OutboxEntry> claim(Store& store, const std::vector<std::string>& channels) {
  std::vector<Store::ClaimChannel> wanted;
  wanted.reserve(channels.size());
  for (const auto& c : channels) wanted.push_back({c, 0});
  return store.claim_outbox(64, unix_ms_now(), 60000, "test", wanted).entries;
}

// Hands an entry to the answerer, as the outbox does, and waits for its outcome.
DeliveryResult answer(Answerer& answerer, const OutboxEntry& entry) {
  std::promise<DeliveryResult> outcome;
  answerer.deliver(entry, [&outcome](const DeliveryResult& r) { outcome.set_value(r); });
  auto future = outcome.get_future();
  REQUIRE(future.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  return future.get();
}

// Hands a message over as a platform's request does; the response's status.
int receive(ChatInbox& inbox, const ChatMessage& message, const ChatStyle& style) {
  WebResponse stored;
  stored.status = 200;
  WebResponse response = inbox.receive_later({message}, style, stored, TwilioChannel::kPath);
  REQUIRE(response.later);
  std::promise<int> status;
  response.later([&status](const WebResponse& r) { status.set_value(r.status); });
  auto future = status.get_future();
  REQUIRE(future.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  return future.get();
}

ChatMessage sms(const std::string& id, const std::string& text) {
  ChatMessage m;
  m.channel = "twilio";
  m.message_id = id;
  m.sender = "+15550001";
  m.conversation = "twilio:+15550001";
  m.text = text;
  m.reply_to = {{"to", "+15550001"}};
  m.rate_key = "twilio:+15550001";
  return m;
}

const ChatStyle kPlain{ChatMarkup::plain, 1600};

}  // namespace

TEST_CASE("is_utf8 accepts well-formed UTF-8 only", "[channels]") {
  CHECK(is_utf8(""));
  CHECK(is_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x91\x8D"));
  CHECK(!is_utf8("caf\xE9"));           // Latin-1
  CHECK(!is_utf8("\xC0\xAF"));          // overlong '/'
  CHECK(!is_utf8("\xED\xA0\x80"));      // a surrogate
  CHECK(!is_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  CHECK(!is_utf8("\xE2\x82"));          // cut short
  CHECK(!is_utf8("\xE2\x82\x41"));      // a lead byte without its continuation
}

// Found by fuzz/chat_channels_fuzz: %-escapes decode to any bytes, and the
// first reply's JSON threw on them (type_error 316).
TEST_CASE("Twilio: a form whose fields are not UTF-8 gets 400", "[channels]") {
  Channels c;
  WebResponse response = c.twilio.message(
      twilio_post("MessageSid=SM1&AccountSid=AC1&From=%2B1555%FF&To=%2B1666&Body=caf%E9+jobs"));
  CHECK(response.status == 400);
  CHECK(c.twilio
            .message(twilio_post("MessageSid=SM2&AccountSid=AC1&From=%2B1555&To=%2B1666&"
                                 "Body=what+do+nurses+earn%3F"))
            .status == 200);
}

// Found by fuzz/chat_channels_fuzz: value() throws (type_error 306, 302) on a
// "data" that is not an object or an option "name" that is not a string.
TEST_CASE("Discord: odd data is no question, never an error", "[channels]") {
  Channels c;
  WebResponse response =
      c.discord.interaction(discord_post(R"({"type":2,"id":"1","token":"t","data":"x"})"));
  CHECK(response.status == 200);
  CHECK(response.body.find("Ask me with /career") != std::string::npos);

  response = c.discord.interaction(discord_post(
      R"({"type":2,"id":"2","token":"t","data":{"options":[{"name":5,"value":"what do nurses earn?"}]}})"));
  CHECK(response.status == 200);
  CHECK(response.body.find("Ask me with") == std::string::npos);  // answered
}

// Found by fuzz/chat_channels_fuzz: an optional field given as null passed
// the checks, then value() threw on it (type_error 302).
TEST_CASE("webhook: a null conversation_id or sender is as if absent", "[channels]") {
  Channels c;
  WebResponse response = c.webhook(
      webhook_post(R"({"message_id":"m1","text":"hi","conversation_id":null,"sender":null})"));
  CHECK(response.status == 200);
  response = c.webhook(webhook_post(R"({"message_id":"m2","text":"hi","sender":null})"));
  CHECK(response.status == 200);
}

TEST_CASE("a received message is stored with the work of answering it, and answered once",
          "[channels][answerer]") {
  Channels c;
  Answerer answerer{c.store, c.outbox};
  answerer.serve(kAnswerChannel, c.inbox);
  CHECK(receive(c.inbox, sms("SM1", "how much do electricians make?"), kPlain) == 200);
  // Delivered again by the platform: acknowledged, and nothing more is recorded.
  CHECK(receive(c.inbox, sms("SM1", "how much do electricians make?"), kPlain) == 200);
  CHECK(c.store.outbox_depth() == 1);
  CHECK(c.store.find_inbound("twilio", "SM1").has_value());
  CHECK(claim(c.store, {"twilio"}).empty());  // no reply before the answer

  auto work = claim(c.store, {kAnswerChannel});
  REQUIRE(work.size() == 1);
  CHECK(work[0].message_id == "SM1");
  CHECK(answer(answerer, work[0]).outcome == DeliveryResult::Outcome::sent);

  auto replies = claim(c.store, {"twilio"});
  REQUIRE(replies.size() == 1);
  auto payload = parse_chat_payload(replies[0].payload);
  REQUIRE(payload);
  CHECK(payload->text.find("lectrician") != std::string::npos);
  CHECK(payload->to["to"] == "+15550001");
  CHECK(replies[0].rate_key == "twilio:+15550001");
  CHECK(c.store.outbox_entry(work[0].id)->state == "sent");
  CHECK(c.store.outbox_entry(work[0].id)->payload.empty());  // the question is not kept

  // Handed over a second time (an instance whose claim ran out): no second reply.
  CHECK(answer(answerer, work[0]).outcome == DeliveryResult::Outcome::sent);
  c.store.outbox_sent(replies[0].id);
  CHECK(claim(c.store, {"twilio"}).empty());
}

TEST_CASE(
    "messages of one chat are answered in the order they came, the second with the first's "
    "context",
    "[channels][answerer]") {
  Channels c;
  Answerer answerer{c.store, c.outbox};
  answerer.serve(kAnswerChannel, c.inbox);
  REQUIRE(receive(c.inbox, sms("SM1", "how much do registered nurses make?"), kPlain) == 200);
  REQUIRE(receive(c.inbox, sms("SM2", "and what education do they need?"), kPlain) == 200);
  // Only the first is handed over until it is answered.
  auto first = claim(c.store, {kAnswerChannel});
  REQUIRE(first.size() == 1);
  CHECK(first[0].message_id == "SM1");
  CHECK(claim(c.store, {kAnswerChannel}).empty());
  CHECK(answer(answerer, first[0]).outcome == DeliveryResult::Outcome::sent);
  auto second = claim(c.store, {kAnswerChannel});
  REQUIRE(second.size() == 1);
  CHECK(second[0].message_id == "SM2");
  CHECK(answer(answerer, second[0]).outcome == DeliveryResult::Outcome::sent);

  // The replies, in order on the chat's key: the second is about nurses' education.
  auto reply = claim(c.store, {"twilio"});
  REQUIRE(reply.size() == 1);
  CHECK(parse_chat_payload(reply[0].payload)->text.find('$') != std::string::npos);
  c.store.outbox_sent(reply[0].id);
  reply = claim(c.store, {"twilio"});
  REQUIRE(reply.size() == 1);
  const std::string text = parse_chat_payload(reply[0].payload)->text;
  INFO(text);
  CHECK(text.find("urse") != std::string::npos);
  CHECK(text.find("degree") != std::string::npos);
}

TEST_CASE("work that is not a message to answer fails; the work's payload keeps message and style",
          "[channels][answerer]") {
  Channels c;
  Answerer answerer{c.store, c.outbox};
  answerer.serve(kAnswerChannel, c.inbox);
  OutboxEntry odd;
  odd.id = 999;
  odd.channel = kAnswerChannel;
  for (const char* payload :
       {"", "[]", "{\"message\":{}}", R"({"message":{"channel":"twilio"},"style":{"markup":9}})"}) {
    odd.payload = payload;
    CHECK(answer(answerer, odd).outcome == DeliveryResult::Outcome::failed);
  }
  CHECK(!parse_answer_payload(answer_payload(sms("SM1", "x"), {ChatMarkup::plain, 0})));
  auto read = parse_answer_payload(
      answer_payload(sms("SM1", "nurse pay"), {ChatMarkup::telegram_html, 4096, true, 1024, 20}));
  REQUIRE(read);
  CHECK(read->first.text == "nurse pay");
  CHECK(read->first.reply_to["to"] == "+15550001");
  CHECK(read->second.markup == ChatMarkup::telegram_html);
  CHECK(read->second.max_length_with_buttons == 1024);
  CHECK(read->second.max_button_label == 20);
}

TEST_CASE("Slack: an event is read from its envelope; odd envelopes get 400 or are passed over",
          "[channels]") {
  Channels c;
  for (const char* body : {R"({"type":"event_callback")", R"(["event_callback"])", "\xff"}) {
    INFO(body);
    WebResponse response = c.slack.events(slack_post(body));
    CHECK(response.status == 400);
    CHECK(response.body.find("Malformed JSON") != std::string::npos);
    CHECK_FALSE(response.later);
  }
  // Not a message to answer: 200 and nothing stored.
  for (
      const char* body :
      {R"({"type":"event_callback","event_id":"Ev1","event":"message"})",
       R"({"type":"app_rate_limited"})",
       R"({"type":"event_callback","event_id":"Ev2","event":{"type":"message","user":"U1","channel":"C1","text":"hi","bot_id":null}})",
       R"({"type":"event_callback","event_id":"Ev3","event":{"type":"message","user":7,"channel":"C1","text":"hi"}})"}) {
    INFO(body);
    WebResponse response = c.slack.events(slack_post(body));
    CHECK(response.status == 200);
    CHECK_FALSE(response.later);
  }
  WebResponse missing = c.slack.events(slack_post(
      R"({"type":"event_callback","event":{"type":"message","user":"U1","channel":"C1","text":"hi"}})"));
  CHECK(missing.status == 400);
  CHECK(c.slack.events(slack_post(R"({"type":"url_verification","challenge":"ch\u00e9"})")).body ==
        "{\"challenge\":\"ch\xC3\xA9\"}");

  // A mention in a channel thread, with escapes in the text and members in
  // any order: stored with its thread, its conversation and its text.
  WebResponse response = c.slack.events(slack_post(
      R"({"event":{"ts":"1.2","thread_ts":"1.1","text":"<@U0BOT> what do \"nurses\" earn?","channel":"C9","user":"U7","type":"app_mention","blocks":[{"x":[1,{"y":null}]}]},"team_id":"T3","event_id":"Ev9","type":"event_callback"})"));
  REQUIRE(response.later);
  std::promise<int> status;
  response.later([&status](const WebResponse& r) { status.set_value(r.status); });
  auto stored = status.get_future();
  REQUIRE(stored.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  CHECK(stored.get() == 200);
  auto work = claim(c.store, {kAnswerChannel});
  REQUIRE(work.size() == 1);
  auto payload = nlohmann::json::parse(work.front().payload);
  const auto& message = payload["message"];
  CHECK(message["message_id"] == "Ev9");
  CHECK(message["sender"] == "T3:U7");
  CHECK(message["conversation"] == "slack:T3:C9:1.1");
  CHECK(message["text"] == "what do \"nurses\" earn?");
  CHECK(message["reply_to"] == nlohmann::json{{"channel", "C9"}, {"thread_ts", "1.1"}});
  CHECK(message["rate_key"] == "slack:C9");
}
