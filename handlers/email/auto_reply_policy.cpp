// The RFC 3834 "do not reply" rules, checked in order from the cheapest and
// most certain (bounces, our own mail) to the header heuristics.
#include "auto_reply_policy.hpp"

#include <algorithm>
#include <array>

namespace careerbot::email {
namespace {

std::string lowered(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return out;
}

std::string_view trim(std::string_view s) {
  auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

// The first word of a structured header value, lower-cased, without
// comments or parameters: "Auto-Replied; owner=x (vacation)" -> "auto-replied".
std::string keyword(std::string_view value) {
  std::string plain;
  int depth = 0;
  for (char c : value) {
    if (c == '(') ++depth;
    if (depth == 0) plain += c;
    if (c == ')' && depth > 0) --depth;
  }
  std::string_view text = trim(plain);
  return lowered(text.substr(0, text.find_first_of("; \t")));
}

bool has_header(const InboundMail& mail, std::string_view name) {
  return std::any_of(mail.headers.begin(), mail.headers.end(),
                     [&](const auto& header) { return header.first == name; });
}

bool is_auto_submitted(const InboundMail& mail) {
  for (const auto& [name, value] : mail.headers) {
    if (name == "auto-submitted" && keyword(value) != "no") return true;
    if (name == "x-autoreply" || name == "x-autorespond") return true;
    if (name == "x-auto-response-suppress") {
      // A comma-separated list such as "DR, OOF, AutoReply".
      std::string list = lowered(value);
      std::size_t start = 0;
      while (start <= list.size()) {
        auto end = std::min(list.find(',', start), list.size());
        std::string_view item = trim(std::string_view(list).substr(start, end - start));
        if (item == "all" || item == "autoreply") return true;
        start = end + 1;
      }
    }
  }
  return false;
}

bool is_system_mailbox(std::string_view address) {
  std::string local = lowered(address.substr(0, address.rfind('@')));
  if (local == "mailer-daemon" || local == "postmaster") return true;
  if (local.starts_with("owner-") || local.ends_with("-request")) return true;
  std::string base = local.substr(0, local.find('+'));
  constexpr std::array<std::string_view, 5> kNoReply = {"noreply", "no-reply", "no_reply",
                                                        "do-not-reply", "donotreply"};
  return std::find(kNoReply.begin(), kNoReply.end(), base) != kNoReply.end();
}

bool is_list_mail(const InboundMail& mail) {
  return std::any_of(mail.headers.begin(), mail.headers.end(),
                     [](const auto& header) { return header.first.starts_with("list-"); });
}

bool is_bulk(const InboundMail& mail) {
  for (const auto& [name, value] : mail.headers) {
    if (name != "precedence") continue;
    std::string word = keyword(value);
    if (word == "bulk" || word == "list" || word == "junk") return true;
  }
  return false;
}

bool is_ours(std::string_view address, const std::vector<std::string>& own_addresses) {
  if (address.empty()) return false;
  std::string wanted = lowered(address);
  return std::any_of(own_addresses.begin(), own_addresses.end(), [&](const std::string& own) {
    return lowered(envelope_address(own)) == wanted;
  });
}

}  // namespace

std::string_view to_string(SkipReason reason) {
  switch (reason) {
    case SkipReason::none:
      return "none";
    case SkipReason::auto_submitted:
      return "auto_submitted";
    case SkipReason::bounce:
      return "bounce";
    case SkipReason::system_sender:
      return "system_sender";
    case SkipReason::mailing_list:
      return "mailing_list";
    case SkipReason::bulk_precedence:
      return "bulk_precedence";
    case SkipReason::own_message:
      return "own_message";
    case SkipReason::no_sender:
      return "no_sender";
  }
  return "unknown";
}

std::string envelope_address(std::string_view return_path) {
  std::string_view path = trim(return_path);
  if (path.size() >= 2 && path.front() == '<' && path.back() == '>')
    path = path.substr(1, path.size() - 2);
  return is_addr_spec(path) ? std::string(path) : std::string();
}

SkipReason should_skip(const InboundMail& mail, std::string_view return_path,
                       const std::vector<std::string>& own_addresses) {
  std::string_view path = trim(return_path);
  if (path.empty() || path == "<>") return SkipReason::bounce;
  std::string sender = envelope_address(path);
  if (sender.empty()) return SkipReason::no_sender;
  if (has_header(mail, "x-careerbot-reply") || is_ours(sender, own_addresses) ||
      is_ours(mail.from_address, own_addresses))
    return SkipReason::own_message;
  if (is_auto_submitted(mail)) return SkipReason::auto_submitted;
  if (is_system_mailbox(sender) ||
      (!mail.from_address.empty() && is_system_mailbox(mail.from_address)))
    return SkipReason::system_sender;
  if (is_list_mail(mail)) return SkipReason::mailing_list;
  if (is_bulk(mail)) return SkipReason::bulk_precedence;
  return SkipReason::none;
}

}  // namespace careerbot::email
