// Reading a fuzz input: the bytes as text, a leading byte that picks a
// variant, lines that become header values, and text made valid UTF-8 for
// the code that is only ever handed valid text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace careerbot::fuzz {

class Input {
 public:
  Input(const std::uint8_t* data, std::size_t size)
      : rest_(reinterpret_cast<const char*>(data), size) {}

  // The first byte (0 when there is none), removed from the input.
  std::uint8_t take_byte() {
    if (rest_.empty()) return 0;
    auto byte = static_cast<std::uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    return byte;
  }
  // Up to the first '\n' (removed, not returned); all that is left without one.
  std::string_view take_line() {
    auto end = rest_.find('\n');
    std::string_view line = rest_.substr(0, end);
    rest_ = end == std::string_view::npos ? std::string_view() : rest_.substr(end + 1);
    return line;
  }
  std::string_view rest() const { return rest_; }

 private:
  std::string_view rest_;
};

// Invalid UTF-8 sequences (stray bytes, overlong forms, surrogates, code
// points past U+10FFFF, cut sequences) each replaced by U+FFFD.
inline std::string valid_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  std::size_t i = 0;
  while (i < bytes.size()) {
    auto lead = static_cast<unsigned char>(bytes[i]);
    std::size_t length = 0;
    if (lead < 0x80) {
      length = 1;
    } else if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
    }
    bool ok = length > 0 && i + length <= bytes.size();
    for (std::size_t k = 1; ok && k < length; ++k) {
      ok = (static_cast<unsigned char>(bytes[i + k]) & 0xc0) == 0x80;
    }
    if (ok && length >= 3) {
      auto second = static_cast<unsigned char>(bytes[i + 1]);
      ok = !(lead == 0xe0 && second < 0xa0) && !(lead == 0xed && second > 0x9f) &&
           !(lead == 0xf0 && second < 0x90) && !(lead == 0xf4 && second > 0x8f);
    }
    if (!ok) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    out.append(bytes.substr(i, length));
    i += length;
  }
  return out;
}

}  // namespace careerbot::fuzz
