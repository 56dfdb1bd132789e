// JsonMembers reads request bodies on the hot path in place of
// nlohmann::json::parse. It must call malformed exactly what nlohmann calls
// malformed, and give the same top-level members with the same values.
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "json_members.hpp"
#include "json_members_oracle.hpp"

using namespace careerbot;
using nlohmann::json;

namespace {

// What nlohmann makes of `text`, and whether the reader agrees.
void agrees_with_nlohmann(const std::string& text) {
  INFO("text: " << text);
  const auto disagreement = testing::json_members_disagreement(text);
  INFO(disagreement.value_or(""));
  CHECK_FALSE(disagreement.has_value());
}

}  // namespace

TEST_CASE("json members: valid and malformed texts are told apart as nlohmann tells them") {
  const std::vector<std::string> texts = {
      // objects
      R"({"text":"how much do nurses make"})",
      R"({"text":"hi","conversation_id":"abc-1"})",
      R"(  { "text" : "spaced" , "n" : 1 }  )",
      "{\n\t\"text\":\r\n\"tabs and newlines\"\n}",
      R"({})",
      R"({ })",
      R"({"a":{"b":[1,2,{"c":null}],"d":{}},"e":[],"f":[[[]]]})",
      R"({"nested":{"x":"\u00e9\"\\"},"text":"after"})",
      R"({"n":-0,"m":0.5,"o":1e10,"p":-1.25E-3,"q":12345678901234567890123})",
      R"({"t":true,"f":false,"z":null})",
      "\xEF\xBB\xBF{\"bom\":\"first\"}",
      // not objects
      R"("just a string")",
      R"([1,2,3])",
      R"(42)",
      R"(null)",
      R"(true)",
      "  []  ",
      // malformed
      "",
      "   ",
      "{",
      "}",
      R"({"text":})",
      R"({"text" "x"})",
      R"({"text":"x",})",
      R"({,"text":"x"})",
      R"({"text":"x"} trailing)",
      R"({"text":"x"}{})",
      R"({text:"x"})",
      R"({'text':'x'})",
      R"({"a":[1,2,]})",
      R"({"a":[1 2]})",
      R"({"a":{"b" 1}})",
      R"({"a":{"b":1,}})",
      R"({"a":[}})",
      R"({"a":{]})",
      R"({"a":01})",
      R"({"a":1.})",
      R"({"a":.5})",
      R"({"a":+1})",
      R"({"a":1e})",
      R"({"a":1e+})",
      R"({"a":-})",
      R"({"a":1e400})",
      R"({"a":-1e400})",
      R"({"a":1e-400})",
      R"({"a":NaN})",
      R"({"a":Infinity})",
      R"({"a":tru})",
      R"({"a":nul})",
      R"({"a":"unterminated)",
      "{\"a\":\"raw\ttab\"}",
      "{\"a\":\"raw\nnewline\"}",
      "{\"a\":\"nul\x01\"}",
      R"({"a":"\x"})",
      R"({"a":"\u12"})",
      R"({"a":"\u12G4"})",
      R"({"a":"\ud800"})",
      R"({"a":"\udc00"})",
      R"({"a":"\ud800\u0041"})",
      R"({"a":"\ud83d\ude00"})",
      R"({"a":"\uD83D\uDE00 \u00E9 \u0000"})",
      "{\"a\":\"\xC3\xA9\"}",          // é
      "{\"a\":\"\xE2\x80\x99\"}",      // ’
      "{\"a\":\"\xF0\x9F\x98\x80\"}",  // 😀
      "{\"a\":\"\xC0\xAF\"}",          // overlong
      "{\"a\":\"\xE0\x80\xAF\"}",      // overlong
      "{\"a\":\"\xED\xA0\x80\"}",      // a surrogate in UTF-8
      "{\"a\":\"\xF4\x90\x80\x80\"}",  // past U+10FFFF
      "{\"a\":\"\xF5\x80\x80\x80\"}",
      "{\"a\":\"\x80\"}",
      "{\"a\":\"\xC3\"}",
      "{\"a\":\"\xE2\x80\"}",
      "\xEF\xBB{\"a\":1}",
      "{\"a\":1}\xEF\xBB\xBF",
      std::string("{\"a\":1}\0", 8),
      std::string("{\"a\":1} \0 trailing", 18),
      std::string("\0{\"a\":1}", 8),
      std::string("{\"a\":\0}", 7),
      std::string("{\"a\":\"x\0y\"}", 11),
      std::string(40, '[') + std::string(40, ']'),
      "{\"deep\":" + std::string(100, '[') + std::string(100, ']') + "}",
      "{\"deep\":" + std::string(100, '[') + std::string(99, ']') + "}",
      "{\"deep\":" + std::string(50, '{') + "}",
  };
  for (const auto& text : texts) agrees_with_nlohmann(text);
}

TEST_CASE("json members: names and strings are decoded, and a repeated name keeps its last value") {
  JsonMembers members;
  REQUIRE(
      members.read(R"({"text":"caf\u00e9 \"quoted\" \\ \/ \ud83d\ude00\n","te\u0078t2":"x"})") ==
      JsonMembers::Read::object);
  auto text = members.find("text");
  REQUIRE(text);
  CHECK(text->kind == JsonMembers::Kind::string);
  CHECK(text->text == "caf\xC3\xA9 \"quoted\" \\ / \xF0\x9F\x98\x80\n");
  CHECK(members.find("text2"));
  CHECK_FALSE(members.find("missing"));

  REQUIRE(members.read(R"({"text":"first","text":"second","n":[1,{"text":"nested"}]})") ==
          JsonMembers::Read::object);
  CHECK(members.find("text")->text == "second");
  CHECK(members.find("n")->kind == JsonMembers::Kind::array);
  CHECK(members.size() == 3);

  // Other values come as written, so that a nested object can be read in turn.
  const std::string envelope =
      R"({"type":"event_callback", "n": -1.5e3 ,"event": {"type":"message","text":"hi \"you\""},"ok":true})";
  REQUIRE(members.read(envelope) == JsonMembers::Read::object);
  CHECK(members.find("n")->text == "-1.5e3");
  CHECK(members.find("ok")->text == "true");
  auto event = members.find("event");
  REQUIRE(event);
  CHECK(event->kind == JsonMembers::Kind::object);
  CHECK(event->text == R"({"type":"message","text":"hi \"you\""})");
  JsonMembers inner;
  REQUIRE(inner.read(event->text) == JsonMembers::Read::object);
  CHECK(inner.find("text")->text == "hi \"you\"");

  // A text read after another forgets the first one's members.
  REQUIRE(members.read(R"({"other":1})") == JsonMembers::Read::object);
  CHECK_FALSE(members.find("text"));
  CHECK(members.read(R"({"text":)") == JsonMembers::Read::malformed);
  CHECK(members.size() == 0);
}

TEST_CASE("json members: very deep nesting is walked without recursion") {
  std::string deep = "{\"a\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  JsonMembers members;
  CHECK(members.read(deep) == JsonMembers::Read::object);
  CHECK(members.find("a")->kind == JsonMembers::Kind::array);
  deep.pop_back();
  deep.pop_back();
  CHECK(members.read(deep) == JsonMembers::Read::malformed);
}
