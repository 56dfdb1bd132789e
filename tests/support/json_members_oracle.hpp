// nlohmann::json as the oracle for JsonMembers, the reader of request bodies
// on the hot path: the same verdict on a text (malformed, not an object, an
// object), the same top-level members with the same kinds, and the same
// string values. The unit test and the /v1/ask fuzzer both hold the reader to
// it.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "json_members.hpp"

namespace careerbot::testing {

inline JsonMembers::Kind kind_of(const nlohmann::json& value) {
  if (value.is_null()) return JsonMembers::Kind::null;
  if (value.is_boolean()) return JsonMembers::Kind::boolean;
  if (value.is_number()) return JsonMembers::Kind::number;
  if (value.is_string()) return JsonMembers::Kind::string;
  if (value.is_array()) return JsonMembers::Kind::array;
  return JsonMembers::Kind::object;
}

// What JsonMembers makes of `text` differently from nlohmann, or nullopt when
// the two agree.
inline std::optional<std::string> json_members_disagreement(const std::string& text) {
  JsonMembers members;
  const auto read = members.read(text);
  const auto tree = nlohmann::json::parse(text, nullptr, false);
  if (tree.is_discarded() != (read == JsonMembers::Read::malformed))
    return tree.is_discarded() ? "nlohmann calls it malformed" : "the reader calls it malformed";
  if (tree.is_discarded()) return std::nullopt;
  if (tree.is_object() != (read == JsonMembers::Read::object))
    return tree.is_object() ? "the reader misses the object" : "the reader sees an object";
  if (!tree.is_object()) return std::nullopt;
  for (const auto& [name, value] : tree.items()) {
    const auto member = members.find(name);
    if (!member) return "the reader misses member \"" + name + "\"";
    if (member->kind != kind_of(value)) return "member \"" + name + "\" has another kind";
    if (value.is_string() && member->text != value.get_ref<const std::string&>())
      return "member \"" + name + "\" has another value";
  }
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (!tree.contains(std::string(members.at(i).name)))
      return "the reader finds member \"" + std::string(members.at(i).name) +
             "\" nlohmann does not";
  }
  return std::nullopt;
}

}  // namespace careerbot::testing
