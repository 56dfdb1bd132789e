// Messages acknowledged before they are answered (ChatInbox::receive), and
// answered from the outbox by ChatAnswerer: over a real store, assistant and
// inbox, with the outbox's part played by the test (claims and hand-over).
#include <chrono>
#include <filesystem>
#include <future>
#include <random>
#include <string>

#include <catch2/catch.hpp>

#include "chat_answerer.hpp"
#include "chat_inbox.hpp"
#include "conversation.hpp"
#include "handoffs.hpp"
#include "knowledge_service.hpp"
#include "outbox.hpp"
#include "sender_limit.hpp"

using namespace careerbot;
namespace fs = std::filesystem;

namespace {

struct ScratchDir {
  fs::path path = fs::temp_directory_path() /
                  ("careerbot-answerer-test-" + std::to_string(std::random_device()()));
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

// The objects `serve` builds for the chat channels (the outbox not started).
struct Inbox {
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
  ChatAnswerer answerer{inbox, store};

  // What the outbox would claim now, of these channels.
  std::vector<OutboxEntry> claim(const std::vector<std::string>& channels) {
    std::vector<Store::ClaimChannel> wanted;
    wanted.reserve(channels.size());
    for (const auto& c : channels) wanted.push_back({c, 0});
    return store.claim_outbox(64, unix_ms_now(), 60000, "test", wanted).entries;
  }
  // Hands an entry to the answerer, as the outbox does, and waits for its outcome.
  DeliveryResult answer(const OutboxEntry& entry) {
    std::promise<DeliveryResult> outcome;
    answerer.deliver(entry, [&outcome](const DeliveryResult& r) { outcome.set_value(r); });
    auto future = outcome.get_future();
    REQUIRE(future.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    return future.get();
  }
};

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

TEST_CASE("a received message is stored with the work of answering it, and answered once",
          "[channels][answerer]") {
  Inbox c;
  CHECK(c.inbox.receive(sms("SM1", "how much do electricians make?"), kPlain) == Intake::queued);
  // Delivered again by the platform: nothing more is recorded.
  CHECK(c.inbox.receive(sms("SM1", "how much do electricians make?"), kPlain) == Intake::duplicate);
  CHECK(c.store.find_inbound("twilio", "SM1").has_value());
  CHECK(c.claim({"twilio"}).empty());  // no reply before the answer

  auto work = c.claim({kAnswerChannel});
  REQUIRE(work.size() == 1);
  CHECK(work[0].message_id == "SM1");
  CHECK(c.answer(work[0]).outcome == DeliveryResult::Outcome::sent);

  auto replies = c.claim({"twilio"});
  REQUIRE(replies.size() == 1);
  auto payload = parse_chat_payload(replies[0].payload);
  REQUIRE(payload);
  CHECK(payload->text.find("lectrician") != std::string::npos);
  CHECK(payload->to["to"] == "+15550001");
  CHECK(replies[0].rate_key == "twilio:+15550001");
  CHECK(c.store.outbox_entry(work[0].id)->state == "sent");
  CHECK(c.store.outbox_entry(work[0].id)->payload.empty());  // the question is not kept

  // Handed over a second time (an instance whose claim ran out): no second reply.
  CHECK(c.answer(work[0]).outcome == DeliveryResult::Outcome::sent);
  c.store.outbox_sent(replies[0].id);
  CHECK(c.claim({"twilio"}).empty());
}

TEST_CASE(
    "messages of one chat are answered in the order they came, the second with the first's "
    "context",
    "[channels][answerer]") {
  Inbox c;
  REQUIRE(c.inbox.receive(sms("SM1", "how much do registered nurses make?"), kPlain) ==
          Intake::queued);
  REQUIRE(c.inbox.receive(sms("SM2", "and what education do they need?"), kPlain) ==
          Intake::queued);
  // Only the first is handed over until it is answered.
  auto first = c.claim({kAnswerChannel});
  REQUIRE(first.size() == 1);
  CHECK(first[0].message_id == "SM1");
  CHECK(c.claim({kAnswerChannel}).empty());
  CHECK(c.answer(first[0]).outcome == DeliveryResult::Outcome::sent);
  auto second = c.claim({kAnswerChannel});
  REQUIRE(second.size() == 1);
  CHECK(second[0].message_id == "SM2");
  CHECK(c.answer(second[0]).outcome == DeliveryResult::Outcome::sent);

  // The replies, in order on the chat's key: the second is about nurses' education.
  auto reply = c.claim({"twilio"});
  REQUIRE(reply.size() == 1);
  CHECK(parse_chat_payload(reply[0].payload)->text.find('$') != std::string::npos);
  c.store.outbox_sent(reply[0].id);
  reply = c.claim({"twilio"});
  REQUIRE(reply.size() == 1);
  const std::string text = parse_chat_payload(reply[0].payload)->text;
  INFO(text);
  CHECK(text.find("urse") != std::string::npos);
  CHECK(text.find("degree") != std::string::npos);
}

TEST_CASE("work that is not a message to answer fails; the work's payload keeps message and style",
          "[channels][answerer]") {
  Inbox c;
  OutboxEntry odd;
  odd.id = 999;
  odd.channel = kAnswerChannel;
  for (const char* payload :
       {"", "[]", "{\"message\":{}}", R"({"message":{"channel":"twilio"},"style":{"markup":9}})"}) {
    odd.payload = payload;
    CHECK(c.answer(odd).outcome == DeliveryResult::Outcome::failed);
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
