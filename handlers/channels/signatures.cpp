#include "signatures.hpp"

#include "crypto.hpp"

#include <algorithm>
#include <charconv>

namespace careerbot::signatures {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A computed MAC against a presented hex string, byte for byte.
bool mac_matches_hex(std::string_view mac, std::string_view presented_hex) {
  auto presented = crypto::decode_hex(presented_hex);
  return !mac.empty() && presented && crypto::equal_constant_time(mac, *presented);
}

// Unix seconds written as plain decimal digits ("+5", "-5", " 5", "5.0" are not).
std::optional<std::int64_t> parse_seconds(std::string_view text) {
  if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

bool fresh(std::int64_t timestamp, std::int64_t now, std::int64_t window) {
  if (window < 0) return false;
  // The distance in unsigned arithmetic: exact for any two int64 values, no overflow.
  auto a = static_cast<std::uint64_t>(timestamp);
  auto b = static_cast<std::uint64_t>(now);
  std::uint64_t distance = timestamp >= now ? a - b : b - a;
  return distance <= static_cast<std::uint64_t>(window);
}

// Verdict for "timestamp" + MAC schemes once the presence checks have passed.
Verdict check_timed_hex_mac(std::string_view key, std::string_view timestamp,
                            std::string_view signed_text, std::string_view signature_hex,
                            std::int64_t now_seconds, std::int64_t window_seconds) {
  auto seconds = parse_seconds(timestamp);
  if (!seconds) return Verdict::mismatch;
  if (!fresh(*seconds, now_seconds, window_seconds)) return Verdict::stale;
  return mac_matches_hex(crypto::hmac_sha256(key, signed_text), signature_hex) ? Verdict::ok
                                                                               : Verdict::mismatch;
}

bool ascii_iequal(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    return lower(x) == lower(y);
  });
}

// The URL as given plus, like Twilio's SDKs, the same URL with the port
// removed (when it has one) or with the scheme's default port added.
std::vector<std::string> twilio_url_forms(std::string_view url) {
  std::vector<std::string> forms{std::string(url)};
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return forms;
  std::string_view scheme = url.substr(0, scheme_end);
  std::size_t authority_begin = scheme_end + 3;
  std::size_t authority_end = url.find_first_of("/?#", authority_begin);
  if (authority_end == std::string_view::npos) authority_end = url.size();
  std::string_view authority = url.substr(authority_begin, authority_end - authority_begin);
  // The port's colon comes after any user info and after an IPv6 literal's ']'.
  std::size_t host_begin = authority.rfind('@');
  host_begin = host_begin == std::string_view::npos ? 0 : host_begin + 1;
  std::size_t bracket = authority.rfind(']');
  if (bracket != std::string_view::npos && bracket > host_begin) host_begin = bracket;
  std::size_t colon = authority.find(':', host_begin);
  if (colon != std::string_view::npos) {
    std::string without(url.substr(0, authority_begin + colon));
    without += url.substr(authority_end);
    forms.push_back(std::move(without));
  } else if (ascii_iequal(scheme, "https") || ascii_iequal(scheme, "http")) {
    std::string with(url.substr(0, authority_end));
    with += ascii_iequal(scheme, "https") ? ":443" : ":80";
    with += url.substr(authority_end);
    forms.push_back(std::move(with));
  }
  return forms;
}

}  // namespace

std::string_view to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::ok:
      return "ok";
    case Verdict::missing:
      return "missing";
    case Verdict::stale:
      return "stale";
    case Verdict::mismatch:
      return "mismatch";
  }
  return "mismatch";
}

FormFields parse_form(std::string_view body) {
  auto decode = [](std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '+') {
        out += ' ';
      } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
                 hex_value(text[i + 2]) >= 0) {
        out += static_cast<char>((hex_value(text[i + 1]) << 4) | hex_value(text[i + 2]));
        i += 2;
      } else {
        out += text[i];
      }
    }
    return out;
  };
  FormFields fields;
  while (!body.empty()) {
    std::size_t amp = body.find('&');
    std::string_view piece = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
    if (piece.empty()) continue;
    std::size_t eq = piece.find('=');
    std::string_view name = piece.substr(0, eq);
    std::string_view value =
        eq == std::string_view::npos ? std::string_view{} : piece.substr(eq + 1);
    fields.emplace_back(decode(name), decode(value));
  }
  return fields;
}

Verdict verify_slack(std::string_view signing_secret, std::string_view timestamp_header,
                     std::string_view signature_header, std::string_view raw_body,
                     std::int64_t now_seconds, std::int64_t window_seconds) {
  if (signing_secret.empty()) return Verdict::mismatch;
  if (timestamp_header.empty() || signature_header.empty()) return Verdict::missing;
  constexpr std::string_view kPrefix = "v0=";
  if (!signature_header.starts_with(kPrefix)) return Verdict::mismatch;
  std::string base = "v0:";
  base += timestamp_header;
  base += ':';
  base += raw_body;
  return check_timed_hex_mac(signing_secret, timestamp_header, base,
                             signature_header.substr(kPrefix.size()), now_seconds, window_seconds);
}

Verdict verify_whatsapp(std::string_view app_secret, std::string_view signature_header,
                        std::string_view raw_body) {
  if (app_secret.empty()) return Verdict::mismatch;
  if (signature_header.empty()) return Verdict::missing;
  constexpr std::string_view kPrefix = "sha256=";
  if (!signature_header.starts_with(kPrefix)) return Verdict::mismatch;
  return mac_matches_hex(crypto::hmac_sha256(app_secret, raw_body),
                         signature_header.substr(kPrefix.size()))
             ? Verdict::ok
             : Verdict::mismatch;
}

Verdict verify_twilio(std::string_view auth_token, std::string_view public_url,
                      const FormFields& form_fields, std::string_view signature_header) {
  if (auth_token.empty()) return Verdict::mismatch;
  if (signature_header.empty()) return Verdict::missing;
  FormFields sorted = form_fields;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::string fields;
  for (const auto& [name, value] : sorted) {
    fields += name;
    fields += value;
  }
  bool valid = false;
  for (const auto& url : twilio_url_forms(public_url)) {
    std::string expected = crypto::hmac_sha1_base64(auth_token, url + fields);
    valid = (!expected.empty() && crypto::equal_constant_time(expected, signature_header)) || valid;
  }
  return valid ? Verdict::ok : Verdict::mismatch;
}

Verdict verify_twilio_json(std::string_view auth_token, std::string_view public_url,
                           std::string_view raw_body, std::string_view signature_header) {
  if (auth_token.empty()) return Verdict::mismatch;
  if (signature_header.empty()) return Verdict::missing;
  std::size_t query_begin = public_url.find('?');
  if (query_begin == std::string_view::npos) return Verdict::mismatch;
  std::string_view query = public_url.substr(query_begin + 1);
  query = query.substr(0, query.find('#'));
  auto fields = parse_form(query);
  auto body_hash = std::find_if(fields.begin(), fields.end(),
                                [](const auto& field) { return field.first == "bodySHA256"; });
  if (body_hash == fields.end()) return Verdict::mismatch;
  std::string digest = crypto::sha256(raw_body);
  if (!mac_matches_hex(digest, body_hash->second)) return Verdict::mismatch;
  return verify_twilio(auth_token, public_url, {}, signature_header);
}

Verdict verify_discord(std::string_view public_key_hex, std::string_view timestamp_header,
                       std::string_view signature_hex, std::string_view raw_body) {
  if (public_key_hex.empty()) return Verdict::mismatch;
  if (signature_hex.empty()) return Verdict::missing;
  constexpr std::size_t kKeySize = 32;
  constexpr std::size_t kSignatureSize = 64;
  auto key = crypto::decode_hex(public_key_hex);
  auto signature = crypto::decode_hex(signature_hex);
  if (!key || key->size() != kKeySize || !signature || signature->size() != kSignatureSize) {
    return Verdict::mismatch;
  }
  std::string message(timestamp_header);
  message += raw_body;
  return crypto::ed25519_verify(*key, *signature, message) ? Verdict::ok : Verdict::mismatch;
}

Verdict verify_mailgun(std::string_view signing_key, std::string_view timestamp,
                       std::string_view token, std::string_view signature_hex,
                       std::int64_t now_seconds, std::int64_t window_seconds) {
  if (signing_key.empty()) return Verdict::mismatch;
  if (timestamp.empty() || token.empty() || signature_hex.empty()) return Verdict::missing;
  std::string signed_text(timestamp);
  signed_text += token;
  return check_timed_hex_mac(signing_key, timestamp, signed_text, signature_hex, now_seconds,
                             window_seconds);
}

Verdict verify_telegram(std::string_view expected_secret_token, std::string_view header_value) {
  if (expected_secret_token.empty()) return Verdict::mismatch;
  if (header_value.empty()) return Verdict::missing;
  return crypto::equal_constant_time(expected_secret_token, header_value) ? Verdict::ok
                                                                          : Verdict::mismatch;
}

}  // namespace careerbot::signatures
