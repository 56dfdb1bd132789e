// The automatic reply to an inbound email: an RFC 5322 message, threaded to
// its parent and marked as auto-replied (RFC 3834), with a plain-text and an
// HTML version of the answer. Built with GMime, so every header and body is
// encoded correctly whatever characters the question or answer holds.
#pragma once

#include <string>
#include <string_view>

#include "answer.hpp"
#include "mail_reader.hpp"

namespace careerbot::email {

struct ReplyIdentity {
  std::string address;  // our mailbox, a bare addr-spec
  std::string display_name = "careerbot";
  std::string domain;  // for Message-IDs; "" means the domain of `address`
};

struct OutgoingMail {
  std::string envelope_from;  // our address
  std::string envelope_to;    // the one recipient
  std::string message_id;     // without brackets
  std::string data;  // the whole message: CRLF line endings, lines <= 998 octets, not dot-stuffed
};

// Throws std::invalid_argument when `return_path` or `from.address` is not a
// single valid addr-spec, or the Message-ID domain is not a host name: a
// reply must never carry a header built from a bad address.
OutgoingMail compose_reply(const InboundMail& parent, std::string_view return_path,
                           const careerbot::Answer& answer, const ReplyIdentity& from);

// "Re: <subject>" with exactly one "Re:", however many the parent stacked.
std::string reply_subject(std::string_view parent_subject);

}  // namespace careerbot::email
