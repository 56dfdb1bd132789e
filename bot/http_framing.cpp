#include "http_framing.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace careerbot {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The codings of every Transfer-Encoding line, in order, lower-cased.
std::vector<std::string> codings_of(const std::vector<std::string_view>& fields) {
  std::vector<std::string> codings;
  for (std::string_view field : fields) {
    while (true) {
      std::size_t comma = field.find(',');
      codings.push_back(lower(trim(field.substr(0, comma))));
      if (comma == std::string_view::npos) break;
      field.remove_prefix(comma + 1);
    }
  }
  return codings;
}

bool known_coding(std::string_view coding) {
  static constexpr std::array<std::string_view, 5> kKnown = {"gzip", "x-gzip", "deflate",
                                                             "compress", "x-compress"};
  return std::find(kKnown.begin(), kKnown.end(), coding) != kKnown.end();
}

FramingProblem bad(std::string detail) {
  return {400, std::move(detail)};
}

}  // namespace

std::optional<FramingProblem> framing_problem(
    const std::vector<std::string_view>& transfer_encodings,
    const std::vector<std::string_view>& content_lengths, unsigned minor_version) {
  if (content_lengths.size() > 1) return bad("The request has more than one Content-Length.");
  for (std::string_view length : content_lengths) {
    if (length.empty() ||
        !std::all_of(length.begin(), length.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return bad("The Content-Length is not a plain decimal number.");
    }
  }
  if (transfer_encodings.empty()) return std::nullopt;
  if (minor_version == 0) return bad("Transfer-Encoding is not allowed in an HTTP/1.0 request.");
  if (!content_lengths.empty()) {
    return bad("The request has both Transfer-Encoding and Content-Length.");
  }
  std::vector<std::string> codings = codings_of(transfer_encodings);
  if (codings == std::vector<std::string>{"chunked"}) return std::nullopt;
  bool chunked_last = codings.back() == "chunked";
  bool chunked_once = std::count(codings.begin(), codings.end(), "chunked") == 1;
  if (chunked_last && chunked_once &&
      std::all_of(codings.begin(), codings.end() - 1,
                  [](const std::string& c) { return known_coding(c); })) {
    return FramingProblem{501, "Only the chunked transfer coding is supported."};
  }
  return bad("The Transfer-Encoding must be exactly 'chunked'.");
}

}  // namespace careerbot
