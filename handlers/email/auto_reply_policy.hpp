// Whether an inbound email may get an automatic reply (RFC 3834 and the
// "do not reply" rules in CHANNELS.md): never to bounces, automatic mail,
// mailing lists, system mailboxes or ourselves. Pure: the per-sender rate
// limit, which needs state, lives with the email channel.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mail_reader.hpp"

namespace careerbot::email {

enum class SkipReason {
  none,
  auto_submitted,
  bounce,
  system_sender,
  mailing_list,
  bulk_precedence,
  own_message,
  no_sender
};

// "auto_submitted", "bounce", ...: a metrics label.
std::string_view to_string(SkipReason reason);

// return_path: the envelope sender (MAIL FROM) or a provider webhook's sender
// field, with or without angle brackets; "" or "<>" is a bounce.
// own_addresses: our mailboxes; a message from one of them, or carrying our
// X-Careerbot-Reply header, is our own. A reply to one of our messages (our
// Message-ID in In-Reply-To) is a person answering us and is not skipped.
SkipReason should_skip(const InboundMail& mail, std::string_view return_path,
                       const std::vector<std::string>& own_addresses);

// The bare address of a return path ("<jane@example.org>" -> "jane@example.org"),
// or "" when it is empty or not a single addr-spec.
std::string envelope_address(std::string_view return_path);

}  // namespace careerbot::email
