#include "json_members.hpp"

#include <cmath>
#include <cstdlib>

#include "text.hpp"

namespace careerbot {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A cursor over the text; every function returns false on the first thing
// that is not JSON and leaves `at` somewhere after it.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  bool done() const { return at_ == text_.size(); }
  std::size_t at() const { return at_; }
  // After the value: nothing more, or a NUL byte (nlohmann ends the text at
  // one outside a string, whatever follows it).
  bool ended() const { return done() || text_[at_] == '\0'; }
  char peek() const { return done() ? '\0' : text_[at_]; }
  bool take(char c) {
    if (done() || text_[at_] != c) return false;
    ++at_;
    return true;
  }
  void skip_space() {
    while (!done() && is_space(text_[at_])) ++at_;
  }
  void skip_byte_order_mark() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") at_ = 3;
  }

  // A string at the cursor; decoded onto `out` when it is not null.
  bool string(std::string* out) {
    if (!take('"')) return false;
    while (!done()) {
      auto c = static_cast<unsigned char>(text_[at_]);
      if (c == '"') {
        ++at_;
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        if (!escape(out)) return false;
      } else if (c < 0x80) {
        if (out != nullptr) *out += static_cast<char>(c);
        ++at_;
      } else if (!utf8_sequence(out)) {
        return false;
      }
    }
    return false;
  }

  // A number at the cursor: RFC 8259's grammar, and a finite double.
  bool number() {
    const std::size_t start = at_;
    take('-');
    if (take('0')) {
    } else if (!digits()) {
      return false;
    }
    if (take('.') && !digits()) return false;
    if (peek() == 'e' || peek() == 'E') {
      ++at_;
      if (!take('+')) take('-');
      if (!digits()) return false;
    }
    return finite(text_.substr(start, at_ - start));
  }

  bool literal(std::string_view word) {
    if (text_.substr(at_, word.size()) != word) return false;
    at_ += word.size();
    return true;
  }

  // Any value at the cursor, nested ones walked without recursion.
  bool value() {
    std::string closers;  // what each open array or object ends with
    for (;;) {
      skip_space();
      if (take('{')) {
        skip_space();
        if (!take('}')) {
          closers += '}';
          if (!member_name()) return false;
          continue;
        }
      } else if (take('[')) {
        skip_space();
        if (!take(']')) {
          closers += ']';
          continue;
        }
      } else if (!scalar()) {
        return false;
      }
      // A value is complete: close what it completes, or go on to the next.
      for (;;) {
        if (closers.empty()) return true;
        skip_space();
        if (take(closers.back())) {
          closers.pop_back();
        } else if (take(',')) {
          if (closers.back() == '}' && !member_name()) return false;
          break;
        } else {
          return false;
        }
      }
    }
  }

 private:
  bool scalar() {
    switch (peek()) {
      case '"':
        return string(nullptr);
      case 't':
        return literal("true");
      case 'f':
        return literal("false");
      case 'n':
        return literal("null");
      default:
        return number();
    }
  }

  // A member's name and its colon, inside a nested object.
  bool member_name() {
    skip_space();
    if (!string(nullptr)) return false;
    skip_space();
    return take(':');
  }

  bool digits() {
    const std::size_t start = at_;
    while (!done() && text_[at_] >= '0' && text_[at_] <= '9') ++at_;
    return at_ > start;
  }

  static bool finite(std::string_view number) {
    // strtod needs a terminated copy; numbers longer than the buffer are rare.
    char buffer[64];
    if (number.size() < sizeof buffer) {
      number.copy(buffer, number.size());
      buffer[number.size()] = '\0';
      return std::isfinite(std::strtod(buffer, nullptr));
    }
    return std::isfinite(std::strtod(std::string(number).c_str(), nullptr));
  }

  bool hex4(unsigned& code) {
    if (text_.size() - at_ < 4) return false;
    code = 0;
    for (int i = 0; i < 4; ++i) {
      int digit = hex_digit(text_[at_++]);
      if (digit < 0) return false;
      code = code * 16 + static_cast<unsigned>(digit);
    }
    return true;
  }

  bool escape(std::string* out) {
    ++at_;  // the backslash
    if (done()) return false;
    char c = text_[at_++];
    char plain = '\0';
    switch (c) {
      case '"':
      case '\\':
      case '/':
        plain = c;
        break;
      case 'b':
        plain = '\b';
        break;
      case 'f':
        plain = '\f';
        break;
      case 'n':
        plain = '\n';
        break;
      case 'r':
        plain = '\r';
        break;
      case 't':
        plain = '\t';
        break;
      case 'u':
        return unicode_escape(out);
      default:
        return false;
    }
    if (out != nullptr) *out += plain;
    return true;
  }

  // After "\u": a code point, a surrogate pair written as two escapes.
  bool unicode_escape(std::string* out) {
    unsigned code = 0;
    if (!hex4(code)) return false;
    if (code >= 0xDC00 && code <= 0xDFFF) return false;  // a low half alone
    if (code >= 0xD800 && code <= 0xDBFF) {
      unsigned low = 0;
      if (!take('\\') || !take('u') || !hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }
    if (out != nullptr) append_utf8(*out, code);
    return true;
  }

  // One UTF-8 sequence of two to four bytes, as RFC 3629 allows them.
  bool utf8_sequence(std::string* out) {
    const std::size_t start = at_;
    auto lead = static_cast<unsigned char>(text_[at_++]);
    unsigned char low = 0x80;
    unsigned char high = 0xBF;  // the range of the byte after the lead
    int following = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
      following = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      following = 2;
      if (lead == 0xE0) low = 0xA0;   // no overlong forms
      if (lead == 0xED) high = 0x9F;  // no surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      following = 3;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;  // nothing past U+10FFFF
    } else {
      return false;
    }
    for (int i = 0; i < following; ++i) {
      if (done()) return false;
      auto byte = static_cast<unsigned char>(text_[at_++]);
      if (byte < low || byte > high) return false;
      low = 0x80;
      high = 0xBF;
    }
    if (out != nullptr) out->append(text_.substr(start, at_ - start));
    return true;
  }

  std::string_view text_;
  std::size_t at_ = 0;
};

JsonMembers::Kind kind_at(char first) {
  switch (first) {
    case '"':
      return JsonMembers::Kind::string;
    case '{':
      return JsonMembers::Kind::object;
    case '[':
      return JsonMembers::Kind::array;
    case 't':
    case 'f':
      return JsonMembers::Kind::boolean;
    case 'n':
      return JsonMembers::Kind::null;
    default:
      return JsonMembers::Kind::number;
  }
}

}  // namespace

JsonMembers::Read JsonMembers::read(std::string_view json) {
  decoded_.clear();
  slots_.clear();
  input_ = json;
  Cursor cursor(json);
  cursor.skip_byte_order_mark();
  cursor.skip_space();
  if (cursor.peek() != '{') {
    bool valid = cursor.value();
    cursor.skip_space();
    return valid && cursor.ended() ? Read::not_object : Read::malformed;
  }
  auto malformed = [this] {
    slots_.clear();
    return Read::malformed;
  };
  cursor.take('{');
  cursor.skip_space();
  if (!cursor.take('}')) {
    do {
      Slot slot;
      cursor.skip_space();
      slot.name_at = decoded_.size();
      if (!cursor.string(&decoded_)) return malformed();
      slot.name_size = decoded_.size() - slot.name_at;
      cursor.skip_space();
      if (!cursor.take(':')) return malformed();
      cursor.skip_space();
      slot.kind = kind_at(cursor.peek());
      if (slot.kind == Kind::string) {
        slot.text_at = decoded_.size();
        if (!cursor.string(&decoded_)) return malformed();
        slot.text_size = decoded_.size() - slot.text_at;
      } else {
        slot.text_at = cursor.at();
        if (!cursor.value()) return malformed();
        slot.text_size = cursor.at() - slot.text_at;
      }
      slots_.push_back(slot);
      cursor.skip_space();
    } while (cursor.take(','));
    if (!cursor.take('}')) return malformed();
  }
  cursor.skip_space();
  return cursor.ended() ? Read::object : malformed();
}

JsonMembers::Member JsonMembers::at(std::size_t index) const {
  const Slot& slot = slots_[index];
  std::string_view all = decoded_;
  std::string_view values = slot.kind == Kind::string ? all : input_;
  return {all.substr(slot.name_at, slot.name_size), slot.kind,
          values.substr(slot.text_at, slot.text_size)};
}

std::optional<JsonMembers::Member> JsonMembers::find(std::string_view name) const {
  for (std::size_t i = slots_.size(); i-- > 0;) {
    Member member = at(i);
    if (member.name == name) return member;
  }
  return std::nullopt;
}

}  // namespace careerbot
