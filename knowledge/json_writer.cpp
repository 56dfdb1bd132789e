#include "json_writer.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace careerbot {
namespace {

// The length of the well-formed UTF-8 sequence at text[i] (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF), or 0.
std::size_t utf8_sequence(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) {
    return k < text.size() ? static_cast<unsigned char>(text[k]) : 0u;
  };
  auto continuation = [&](std::size_t k) { return (byte(k) & 0xC0u) == 0x80u; };
  unsigned lead = byte(i);
  if (lead >= 0xC2 && lead <= 0xDF) return continuation(i + 1) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    unsigned second = byte(i + 1);
    bool ok = lead == 0xE0   ? second >= 0xA0 && second <= 0xBF
              : lead == 0xED ? second >= 0x80 && second <= 0x9F
                             : continuation(i + 1);
    return ok && continuation(i + 2) ? 3 : 0;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    unsigned second = byte(i + 1);
    bool ok = lead == 0xF0   ? second >= 0x90 && second <= 0xBF
              : lead == 0xF4 ? second >= 0x80 && second <= 0x8F
                             : continuation(i + 1);
    return ok && continuation(i + 2) && continuation(i + 3) ? 4 : 0;
  }
  return 0;
}

// The escape for a quote, a backslash or a control byte.
const char* escape_of(unsigned char c, char (&spare)[7]) {
  switch (c) {
    case '"':
      return "\\\"";
    case '\\':
      return "\\\\";
    case '\b':
      return "\\b";
    case '\f':
      return "\\f";
    case '\n':
      return "\\n";
    case '\r':
      return "\\r";
    case '\t':
      return "\\t";
    default:
      break;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  spare[0] = '\\';
  spare[1] = 'u';
  spare[2] = '0';
  spare[3] = '0';
  spare[4] = kHex[c >> 4];
  spare[5] = kHex[c & 0xF];
  spare[6] = '\0';
  return spare;
}

// Bytes that go out as they are: printable ASCII but the quote and backslash.
constexpr std::array<bool, 256> kPlain = [] {
  std::array<bool, 256> plain{};
  for (std::size_t c = 0x20; c < 0x80; ++c) plain[c] = c != '"' && c != '\\';
  return plain;
}();

// Whether any of the 8 bytes of `bytes` is not plain: a control byte, a
// quote, a backslash or part of a multibyte character (the usual SWAR tests
// for "some byte is zero" and "some byte is below n"; exact for "any").
bool any_special(std::uint64_t bytes) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
  auto has_zero = [](std::uint64_t v) { return (v - kOnes) & ~v & kHighs; };
  const std::uint64_t below_space = (bytes - kOnes * 0x20) & ~bytes & kHighs;
  return ((bytes & kHighs) | below_space | has_zero(bytes ^ (kOnes * '"')) |
          has_zero(bytes ^ (kOnes * '\\'))) != 0;
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  const std::size_t start = out.size();
  out += '"';
  std::size_t run = 0;  // start of the bytes not yet copied
  std::size_t i = 0;
  char spare[7];
  while (i < text.size()) {
    if (std::uint64_t eight = 0; i + 8 <= text.size()) {  // eight plain bytes at once
      std::memcpy(&eight, text.data() + i, 8);
      if (!any_special(eight)) {
        i += 8;
        continue;
      }
    }
    auto c = static_cast<unsigned char>(text[i]);
    if (kPlain[c]) {  // most of any text: copied later, in one piece with its run
      ++i;
      continue;
    }
    if (c >= 0x80) {
      std::size_t length = utf8_sequence(text, i);
      if (length == 0) {
        // Invalid UTF-8: nlohmann's own replacement, byte for byte.
        out.resize(start);
        out += nlohmann::json(std::string(text))
                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return;
      }
      i += length;
      continue;
    }
    out.append(text.data() + run, i - run);  // a quote, a backslash or a control byte
    out += escape_of(c, spare);
    run = ++i;
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
}

void JsonWriter::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (depth_ == 0) return;
  if (!first_[depth_ - 1]) out_ += ',';
  first_[depth_ - 1] = false;
}

JsonWriter& JsonWriter::begin_object() {
  separate();
  if (depth_ == kMaxDepth) throw std::length_error("JSON nested too deeply");
  out_ += '{';
  first_[depth_++] = true;
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  out_ += '}';
  --depth_;
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  separate();
  if (depth_ == kMaxDepth) throw std::length_error("JSON nested too deeply");
  out_ += '[';
  first_[depth_++] = true;
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  out_ += ']';
  --depth_;
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  separate();
  append_json_string(out_, name);
  out_ += ':';
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::string(std::string_view text) {
  separate();
  append_json_string(out_, text);
  return *this;
}

JsonWriter& JsonWriter::number(double value) {
  separate();
  if (!std::isfinite(value)) {
    out_ += "null";
    return *this;
  }
  // nlohmann's own shortest form (Grisu2, "1.0" for whole numbers), so the
  // digits are the ones dump() writes.
  char buffer[64];
  char* end = nlohmann::detail::to_chars(buffer, buffer + sizeof buffer, value);
  out_.append(buffer, end);
  return *this;
}

JsonWriter& JsonWriter::number(long long value) {
  separate();
  char buffer[24];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out_.append(buffer, result.ptr);
  return *this;
}

JsonWriter& JsonWriter::number(std::size_t value) {
  separate();
  char buffer[24];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out_.append(buffer, result.ptr);
  return *this;
}

JsonWriter& JsonWriter::null() {
  separate();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::boolean(bool value) {
  separate();
  out_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json_text) {
  separate();
  out_ += json_text;
  return *this;
}

JsonWriter& JsonWriter::copy_members(std::size_t begin, std::size_t end) {
  if (begin >= end) return *this;
  separate();
  const std::size_t length = end - begin;
  // Room first: the source is this same string, which must not move mid-copy.
  out_.reserve(out_.size() + length);
  out_.append(out_.data() + begin, length);
  return *this;
}

}  // namespace careerbot
