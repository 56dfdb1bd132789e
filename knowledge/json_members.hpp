// The top-level members of a JSON object, read without building a tree: for
// request bodies on the hot path, where a nlohmann::json parse costs more
// allocations than the rest of reading the request.
//
// The whole text is checked as nlohmann::json::parse checks it (RFC 8259,
// UTF-8 as RFC 3629, a leading byte-order mark allowed, numbers that do not
// overflow a double), so a text is malformed here exactly when it is there;
// nested values are checked and skipped. Names and string values of the top
// level are decoded. A name given twice means its last value, as in
// nlohmann's object.
//
// One reader is reused across texts: once its buffers have grown, reading
// allocates nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace careerbot {

class JsonMembers {
 public:
  enum class Kind : std::uint8_t { null, boolean, number, string, array, object };
  enum class Read : std::uint8_t { object, not_object, malformed };

  struct Member {
    std::string_view name;
    Kind kind = Kind::null;
    // A string's decoded value; any other value's JSON text as written (a
    // view into the text read: a nested object can be read in turn).
    std::string_view text;
  };

  // Reads `json` whole, forgetting the previous text's members. The text
  // must outlive the members found in it.
  Read read(std::string_view json);

  // The member named `name` of the last object read.
  std::optional<Member> find(std::string_view name) const;

  // Every member read, in order, repeated names included.
  std::size_t size() const { return slots_.size(); }
  Member at(std::size_t index) const;

 private:
  struct Slot {
    std::size_t name_at = 0;
    std::size_t name_size = 0;
    Kind kind = Kind::null;
    std::size_t text_at = 0;
    std::size_t text_size = 0;
  };

  std::string decoded_;     // names and string values, one after the other
  std::string_view input_;  // the text read: where the other values are
  std::vector<Slot> slots_;
};

}  // namespace careerbot
