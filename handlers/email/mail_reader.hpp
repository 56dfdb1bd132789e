// Reading an inbound email: raw RFC 5322 bytes (from the SMTP listener or a
// provider's raw-MIME webhook) become the sender, the threading ids and the
// question the person asked, without quoted history, signatures or
// disclaimers. MIME is parsed by GMime; nothing here touches the network.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace careerbot::email {

struct InboundMail {
  std::string message_id;    // as in the header, without angle brackets; "" when absent
  std::string subject;       // decoded to UTF-8 (RFC 2047), unfolded
  std::string from_address;  // addr-spec of From ("" when unparseable)
  std::string from_name;
  std::string in_reply_to;  // raw ids as found
  std::string references;
  // Every header in order: name lower-cased, value unfolded but not decoded.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string text;      // the body as UTF-8 plain text (text/plain, else text/html as text)
  std::string question;  // `text` without quoted history, signature or disclaimer; trimmed

  // The first value of a header (name given in lower case), or "".
  std::string header(std::string_view lower_name) const;
};

// std::nullopt, with *error (when given) set to a short reason, when the bytes
// are not a readable message: no headers at all, or no text part to read.
std::optional<InboundMail> read_mail(std::string_view raw, std::string* error);

// Readable text from an HTML body: scripts and styles dropped, block elements
// on their own lines, blockquotes prefixed with "> ", entities decoded,
// whitespace collapsed.
std::string html_to_text(std::string_view html);

// The new part of a reply: drops quoted history ("On ... wrote:", "> " lines,
// Outlook's "-----Original Message-----" and "From: ... Sent: ..." blocks),
// the signature ("-- " and sign-off blocks) and confidentiality disclaimers.
std::string strip_quoted_reply(std::string_view text);

// True for one bare addr-spec with a dot-atom local part and a host name
// ("jane.doe+jobs@example.org"); false for display names, angle brackets,
// quoted local parts, whitespace or control characters.
bool is_addr_spec(std::string_view address);

// Initialises GMime once per process, safely from any thread. Every function
// of this module that uses GMime calls it first.
void init_gmime();

}  // namespace careerbot::email
