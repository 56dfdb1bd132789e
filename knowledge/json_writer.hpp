// JSON text written straight into a string, for the answers on the hot path:
// no tree of nodes, no allocation beyond the string's own growth.
//
// The bytes are those nlohmann::json's dump(-1, ' ', false, replace) gives
// for the same values: the same escapes, the same number forms, invalid
// UTF-8 replaced the same way. Members come out in the order they are
// written; a caller that must match a nlohmann::json object (a std::map)
// writes its keys in sorted order.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace careerbot {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);

  JsonWriter& string(std::string_view text);
  JsonWriter& number(double value);  // not finite: null
  JsonWriter& number(long long value);
  JsonWriter& number(int value) { return number(static_cast<long long>(value)); }
  JsonWriter& number(std::size_t value);
  JsonWriter& null();
  JsonWriter& boolean(bool value);
  // A value already written as JSON text (by nlohmann's dump, say), as it is.
  JsonWriter& raw(std::string_view json_text);

  // Members already written earlier in this same output, out[begin, end):
  // copied into the open object as they are ("\"a\":1,\"b\":2").
  JsonWriter& copy_members(std::size_t begin, std::size_t end);

  // Where the next byte goes.
  std::size_t position() const { return out_.size(); }

 private:
  void separate();

  std::string& out_;
  static constexpr std::size_t kMaxDepth = 32;
  std::array<bool, kMaxDepth> first_{};  // no member or element yet, per open level
  std::size_t depth_ = 0;
  bool after_key_ = false;
};

// `text` as a JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view text);

}  // namespace careerbot
