// Quiz buttons: which buttons an answer gets, what a tap types, that only the
// last message carries them, and the exact request each platform gets.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "chat_buttons.hpp"
#include "chat_inbox.hpp"
#include "discord_channel.hpp"
#include "slack_channel.hpp"
#include "telegram_channel.hpp"
#include "whatsapp_channel.hpp"

using namespace careerbot;
using nlohmann::json;

namespace {

Reply quiz_reply(int item) {
  Reply r;
  r.status = Status::answered;
  r.intent = Intent::assess;
  r.text = std::to_string(item) + " of 30: Repair a bicycle? (like / not sure / dislike)";
  r.assessment =
      AssessmentPrompt{item, 30, "r1", "Repair a bicycle", {"like", "not sure", "dislike"}};
  return r;
}

CareerMatchView match(const std::string& title, int percent) {
  CareerMatchView m;
  m.career = {"id", title, "00-0000.00"};
  m.match = percent;
  return m;
}

Answer answer_of(std::vector<Reply> replies) {
  Answer a;
  a.conversation_id = "c";
  a.replies = std::move(replies);
  return a;
}

const std::vector<ChatButton> kQuiz = {
    {"Like", "quiz:like"}, {"Not sure", "quiz:not sure"}, {"Dislike", "quiz:dislike"}};

ChatPayload payload(const std::string& text, std::vector<ChatButton> buttons,
                    json to = json::object()) {
  return {std::move(to), text, std::move(buttons), json()};
}

}  // namespace

TEST_CASE("A running quiz gets its three choices as buttons", "[chat][buttons]") {
  CHECK(chat_buttons(answer_of({quiz_reply(1)})) == kQuiz);
  // Only the last reply counts: a quiz prompt followed by another answer has none.
  Reply other;
  other.text = "Nurses earn $93,600.";
  CHECK(chat_buttons(answer_of({quiz_reply(1), other})).empty());
  CHECK(chat_buttons(answer_of({other})).empty());
  // An assessment wins over matches on the same reply.
  Reply both = quiz_reply(2);
  both.matches = {match("Registered Nurses", 90)};
  CHECK(chat_buttons(answer_of({both})) == kQuiz);
}

TEST_CASE("Recommendations get up to three careers to ask about", "[chat][buttons]") {
  Reply r;
  r.intent = Intent::recommend;
  r.matches = {match("Registered Nurses", 93),
               match("A title far too long to fit in Telegram's sixty-four bytes of data", 80),
               match("Epidemiologists", 77), match("Line\nbreak  Title", 70),
               match("Biologists", 60)};
  auto buttons = chat_buttons(answer_of({r}));
  REQUIRE(buttons.size() == 3);
  CHECK(buttons[0] ==
        ChatButton{"Tell me about Registered Nurses", "ask:Tell me about Registered Nurses"});
  CHECK(buttons[1].label == "Tell me about Epidemiologists");
  CHECK(buttons[2].label == "Tell me about Line break Title");
  for (const auto& b : buttons) CHECK(b.data.size() <= kMaxButtonData);
  // WhatsApp's 20-character titles leave these out, but not the quiz's.
  CHECK(chat_buttons(answer_of({r}), 20).empty());
  CHECK(chat_buttons(answer_of({quiz_reply(1)}), 20) == kQuiz);
}

TEST_CASE("A tap types the button's answer; anything else is typed as it is", "[chat][buttons]") {
  CHECK(button_answer("quiz:like") == "like");
  CHECK(button_answer("quiz:not sure") == "not sure");
  CHECK(button_answer("quiz:banana") == "banana");
  CHECK(button_answer("ask:Tell me about Nurses") == "Tell me about Nurses");
  CHECK(button_answer("like") == "like");
  CHECK(button_answer("other:x") == "other:x");
  CHECK(button_answer("").empty());
}

TEST_CASE("Labels are clipped by code points, never inside a character", "[chat][buttons]") {
  CHECK(code_points("Caf\u00e9 \U0001F600") == 6);
  CHECK(clip("short", 5) == "short");
  CHECK(clip("Caf\u00e9s and more", 5) == "Caf\u00e9\u2026");
  CHECK(clip("\U0001F600\U0001F600\U0001F600", 2) == "\U0001F600\u2026");
  CHECK(clip("abc", 0).empty());
}

TEST_CASE("Only the last piece carries the buttons, cut to its own limit", "[chat][buttons]") {
  auto payloads = chat_payloads({{"chat_id", 1}}, {"one", "two", "three"}, kQuiz);
  REQUIRE(payloads.size() == 3);
  for (std::size_t i = 0; i < 2; ++i) {
    auto parsed = parse_chat_payload(payloads[i]);
    REQUIRE(parsed);
    CHECK(parsed->buttons.empty());
    CHECK(!json::parse(payloads[i]).contains("buttons"));
  }
  auto last = parse_chat_payload(payloads[2]);
  REQUIRE(last);
  CHECK(last->text == "three");
  CHECK(last->buttons == kQuiz);
  CHECK(last->to == json{{"chat_id", 1}});
  CHECK(last->ack.is_null());

  std::string sentence = "Care for patients and teach them about their health. ";
  std::string long_text;
  while (long_text.size() < 3000) long_text += sentence;
  std::vector<std::string> pieces = {"first", long_text};
  fit_last_piece(pieces, ChatMarkup::plain, 1024);
  REQUIRE(pieces.size() >= 4);
  CHECK(pieces[0] == "first");
  for (const auto& p : pieces) CHECK(code_points(p) <= 1024);
  std::vector<std::string> short_pieces = {"short"};
  fit_last_piece(short_pieces, ChatMarkup::plain, 1024);
  CHECK(short_pieces == std::vector<std::string>{"short"});
}

TEST_CASE("Acknowledgements and unreadable buttons in payloads", "[chat][buttons]") {
  auto ack = parse_chat_payload(R"({"to":{"chat_id":1},"ack":{"callback_query_id":"q1"}})");
  REQUIRE(ack);
  CHECK(ack->ack == json{{"callback_query_id", "q1"}});
  CHECK(ack->text.empty());
  CHECK(!parse_chat_payload(R"({"to":{}})"));
  CHECK(!parse_chat_payload("not json"));
  auto odd = parse_chat_payload(
      R"({"to":{},"text":"t","buttons":[1,{"label":"A"},{"label":"B","data":"quiz:b"}]})");
  REQUIRE(odd);
  CHECK(odd->buttons == std::vector<ChatButton>{{"B", "quiz:b"}});
  // Labels travel as they are: JSON escaping only.
  auto tricky = std::vector<ChatButton>{{"<b>\"&\"</b>", "quiz:<b>"}};
  auto round = parse_chat_payload(chat_payloads({}, {"t"}, tricky)[0]);
  REQUIRE(round);
  CHECK(round->buttons == tricky);
}

TEST_CASE("Telegram: an inline keyboard under the message", "[chat][buttons][telegram]") {
  json body = TelegramChannel::send_message_body(
      payload("1 of 30: <b>Repair</b> a bicycle?", kQuiz, {{"chat_id", 42}, {"reply_to", 7}}));
  CHECK(body["chat_id"] == 42);
  CHECK(body["parse_mode"] == "HTML");
  CHECK(body["text"] == "1 of 30: <b>Repair</b> a bicycle?");
  CHECK(body["reply_parameters"]["message_id"] == 7);
  CHECK(body["reply_markup"] ==
        json::parse(R"({"inline_keyboard":[[{"text":"Like","callback_data":"quiz:like"},
          {"text":"Not sure","callback_data":"quiz:not sure"},
          {"text":"Dislike","callback_data":"quiz:dislike"}]]})"));
  // Long labels get a row each; button text is not HTML, so it is sent as it is.
  json careers = TelegramChannel::send_message_body(
      payload("t", {{"Tell me about R&D <Managers>", "ask:a"}, {"Tell me about Nurses", "ask:b"}}));
  CHECK(careers["reply_markup"]["inline_keyboard"] ==
        json::parse(R"([[{"text":"Tell me about R&D <Managers>","callback_data":"ask:a"}],
                        [{"text":"Tell me about Nurses","callback_data":"ask:b"}]])"));
  CHECK(!TelegramChannel::send_message_body(payload("t", {}, {{"chat_id", 1}}))
             .contains("reply_markup"));
}

TEST_CASE("Slack: a section and an actions block, text kept as the fallback",
          "[chat][buttons][slack]") {
  json body = SlackChannel::post_message_body(
      payload("*Quiz* 1 of 30 &amp; more", kQuiz, {{"channel", "C1"}, {"thread_ts", "1.2"}}));
  CHECK(body["channel"] == "C1");
  CHECK(body["thread_ts"] == "1.2");
  CHECK(body["text"] == "*Quiz* 1 of 30 &amp; more");
  CHECK(body["blocks"] == json::parse(R"([
    {"type":"section","text":{"type":"mrkdwn","text":"*Quiz* 1 of 30 &amp; more"}},
    {"type":"actions","elements":[
      {"type":"button","action_id":"quiz:like","text":{"type":"plain_text","text":"Like"},
       "value":"like"},
      {"type":"button","action_id":"quiz:not sure",
       "text":{"type":"plain_text","text":"Not sure"},"value":"not sure"},
      {"type":"button","action_id":"quiz:dislike","text":{"type":"plain_text","text":"Dislike"},
       "value":"dislike"}]}])"));
  json long_label =
      SlackChannel::post_message_body(payload("t", {{std::string(90, 'x'), "ask:x"}}));
  CHECK(code_points(long_label["blocks"][1]["elements"][0]["text"]["text"].get<std::string>()) ==
        75);
  CHECK(!SlackChannel::post_message_body(payload("t", {})).contains("blocks"));
}

TEST_CASE("WhatsApp: an interactive message with reply buttons", "[chat][buttons][whatsapp]") {
  json to = {{"phone_number_id", "123"}, {"to", "1555"}, {"context", "wamid.1"}};
  json body = WhatsAppChannel::message_body(payload("1 of 30: Repair a bicycle?", kQuiz, to));
  CHECK(body == json::parse(R"({
    "messaging_product":"whatsapp","recipient_type":"individual","to":"1555",
    "context":{"message_id":"wamid.1"},"type":"interactive",
    "interactive":{"type":"button","body":{"text":"1 of 30: Repair a bicycle?"},
      "action":{"buttons":[
        {"type":"reply","reply":{"id":"quiz:like","title":"Like"}},
        {"type":"reply","reply":{"id":"quiz:not sure","title":"Not sure"}},
        {"type":"reply","reply":{"id":"quiz:dislike","title":"Dislike"}}]}}})"));
  json plain = WhatsAppChannel::message_body(payload("hello", {}, to));
  CHECK(plain["type"] == "text");
  CHECK(plain["text"]["body"] == "hello");
  CHECK(!plain.contains("interactive"));
}

TEST_CASE("Discord: an action row of buttons", "[chat][buttons][discord]") {
  json data = DiscordChannel::message_data("1 of 30", kQuiz);
  CHECK(data == json::parse(R"({"content":"1 of 30","allowed_mentions":{"parse":[]},
    "components":[{"type":1,"components":[
      {"type":2,"style":1,"label":"Like","custom_id":"quiz:like"},
      {"type":2,"style":1,"label":"Not sure","custom_id":"quiz:not sure"},
      {"type":2,"style":1,"label":"Dislike","custom_id":"quiz:dislike"}]}]})"));
  CHECK(!DiscordChannel::message_data("hi", {}).contains("components"));
}
