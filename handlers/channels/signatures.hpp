// Request signature checks for each chat and email platform (see
// shared/CHANNELS.md). Pure functions over bytes: no HTTP types, no clock (the
// caller passes `now_seconds`), no exceptions for bad input. Always pass the raw
// request body exactly as received; re-serialising JSON or re-encoding a form
// breaks every signature. MACs and secrets are compared in constant time,
// with the primitives of bot/crypto.
//
// An empty configured secret never verifies anything: with an empty key anyone
// can compute the MAC, so it is treated as a mismatch, not as "auth disabled".
//
// None of these functions remember what they have seen. Rejecting a replayed
// request inside the time window (Mailgun's `token`, Slack's `event_id`,
// Twilio's `MessageSid`, ...) is the caller's job.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace careerbot::signatures {

enum class Verdict {
  ok,        // the signature is valid (and, where timed, fresh)
  missing,   // a header or field the check needs is absent or empty
  stale,     // the timestamp is outside the allowed window (past or future)
  mismatch,  // malformed, wrong secret, tampered body, or no secret configured
};

std::string_view to_string(Verdict verdict);

// application/x-www-form-urlencoded: pairs split on '&', name and value on
// the first '='; '+' is a space and %XX is decoded. A malformed escape is kept
// as written; empty pieces ("a=1&&b=2") are skipped; order is preserved.
using FormFields = std::vector<std::pair<std::string, std::string>>;
FormFields parse_form(std::string_view body);

// ---- platforms -----------------------------------------------------------

// Slack: X-Slack-Request-Timestamp and X-Slack-Signature
// ("v0=" + hex HMAC-SHA256 of "v0:" + timestamp + ":" + body). A timestamp that
// is not plain decimal digits is a mismatch; |now - timestamp| > window is stale.
Verdict verify_slack(std::string_view signing_secret, std::string_view timestamp_header,
                     std::string_view signature_header, std::string_view raw_body,
                     std::int64_t now_seconds, std::int64_t window_seconds = 300);

// WhatsApp Cloud API (and GitHub): X-Hub-Signature-256 = "sha256=" + hex
// HMAC-SHA256 of the body with the app secret.
Verdict verify_whatsapp(std::string_view app_secret, std::string_view signature_header,
                        std::string_view raw_body);

// Twilio form posts: X-Twilio-Signature = Base64(HMAC-SHA1(auth token, URL +
// name + value for every field sorted by name, then value)). `public_url` is the
// URL Twilio was given (configure it: behind a proxy the request line differs).
// Like Twilio's SDKs, identical name=value pairs count once, and the URL is
// also tried without its port and with the scheme's default port, because
// Twilio is not consistent about including it.
Verdict verify_twilio(std::string_view auth_token, std::string_view public_url,
                      const FormFields& form_fields, std::string_view signature_header);

// Twilio JSON posts: the URL carries bodySHA256 = hex SHA-256 of the body and
// the signature covers the URL alone. A missing or different bodySHA256 is a
// mismatch.
Verdict verify_twilio_json(std::string_view auth_token, std::string_view public_url,
                           std::string_view raw_body, std::string_view signature_header);

// Discord interactions: Ed25519 over X-Signature-Timestamp + body with the
// application's hex public key; X-Signature-Ed25519 is the hex signature. A key
// or signature that is not 32 or 64 bytes of hex is a mismatch. An empty
// signature is missing; the timestamp is signed as given (check its presence
// before calling if an absent header must be rejected as such).
Verdict verify_discord(std::string_view public_key_hex, std::string_view timestamp_header,
                       std::string_view signature_hex, std::string_view raw_body);

// Mailgun webhooks: signature = hex HMAC-SHA256(signing key, timestamp + token),
// all three taken from the posted fields. Stale as for Slack. Mailgun asks
// receivers to reject a token seen before: this function cannot, the caller
// must remember tokens for at least the window.
Verdict verify_mailgun(std::string_view signing_key, std::string_view timestamp,
                       std::string_view token, std::string_view signature_hex,
                       std::int64_t now_seconds, std::int64_t window_seconds = 300);

// Telegram: X-Telegram-Bot-Api-Secret-Token must equal the secret_token given
// to setWebhook.
Verdict verify_telegram(std::string_view expected_secret_token, std::string_view header_value);

}  // namespace careerbot::signatures
