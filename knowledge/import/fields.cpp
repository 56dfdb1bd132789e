#include "fields.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <system_error>

namespace careerbot::fields {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string normalise_name(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (char c : trim(s)) {
    if (is_space(c)) {
      pending_space = true;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += ascii_lower(c);
  }
  return out;
}

std::string lower_phrase(std::string_view s) {
  std::string out(trim(s));
  for (char& c : out) c = ascii_lower(c);
  return out;
}

std::string clip(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0U) == 0x80U) --end;
  return std::string(trim(s.substr(0, end)));
}

std::string slugify(std::string_view title, std::size_t max_length) {
  std::string slug;
  for (char c : title) {
    if (is_alnum(c)) {
      slug += ascii_lower(c);
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  if (slug.size() > max_length) {
    std::size_t cut = slug.rfind('-', max_length);
    slug.resize(cut != std::string::npos && cut >= max_length / 2 ? cut : max_length);
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug;
}

std::string digits_of(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c >= '0' && c <= '9') out += c;
  }
  return out;
}

std::string one_decimal(double value) {
  std::array<char, 64> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.1f", value);
  return buffer.data();
}

double round_to_tenth(double value) {
  return std::round(value * 10.0) / 10.0;
}

std::optional<double> parse_double(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  double value = 0;
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<int> parse_int(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  int value = 0;
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, value);
  if (ec == std::errc() && ptr == end) return value;
  // Workbooks store whole numbers as numbers: "3.0".
  if (auto d = parse_double(s); d && *d == std::floor(*d) && std::abs(*d) < 1e9)
    return static_cast<int>(*d);
  return std::nullopt;
}

std::optional<double> parse_bls_number(std::string_view s) {
  std::string cleaned;
  for (char c : trim(s)) {
    if (c != ',' && c != '$') cleaned += c;
  }
  return parse_double(cleaned);
}

}  // namespace careerbot::fields
