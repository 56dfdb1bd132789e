// Composing the reply with GMime. Everything taken from the parent (subject,
// ids, addresses) is cleaned before it reaches a header, so no input can end
// a header line early or add one.
#include "reply_composer.hpp"

#include <gmime/gmime.h>

#include <array>
#include <memory>
#include <random>
#include <stdexcept>
#include <vector>

#include "auto_reply_policy.hpp"
#include "gmime_handles.hpp"

namespace careerbot::email {
namespace {

GMimeObject* as_object(gpointer object) {
  return static_cast<GMimeObject*>(object);
}

// Keeps the thread short enough for any client; the first id names the thread root.
constexpr std::size_t kMaxReferences = 20;
constexpr std::size_t kMaxIdLength = 250;

// One line of valid UTF-8: control characters (CR, LF, NUL, ...) and Unicode
// line separators become single spaces.
std::string header_text(std::string_view text) {
  std::string valid(text);
  if (g_utf8_validate(valid.data(), static_cast<gssize>(valid.size()), nullptr) == FALSE) {
    std::unique_ptr<char, GFree> fixed(
        g_utf8_make_valid(valid.data(), static_cast<gssize>(valid.size())));
    valid = fixed ? fixed.get() : "";
  }
  std::string out;
  bool space = false;
  for (const char* p = valid.c_str(); *p != '\0'; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (c <= 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out.append(p, static_cast<std::size_t>(g_utf8_next_char(p) - p));
  }
  return out;
}

// A Message-ID reduced to the characters RFC 5322 allows in one (atext, '.',
// '@', '[', ']'); "" when nothing usable is left.
std::string clean_id(std::string_view id) {
  constexpr std::string_view kAllowed = "!#$%&'*+-/=?^_`{|}~.@[]";
  std::string out;
  for (char c : id) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum || kAllowed.find(c) != std::string_view::npos) out += c;
  }
  bool usable = out.find('@') != std::string::npos && out.size() <= kMaxIdLength;
  return usable ? out : std::string();
}

std::vector<std::string> parse_ids(const std::string& text) {
  std::vector<std::string> ids;
  if (text.empty()) return ids;
  GMimeReferences* refs = g_mime_references_parse(nullptr, text.c_str());
  if (refs == nullptr) return ids;
  for (int i = 0; i < g_mime_references_length(refs); ++i) {
    std::string id = clean_id(g_mime_references_get_message_id(refs, i));
    if (!id.empty()) ids.push_back(std::move(id));
  }
  g_mime_references_free(refs);
  return ids;
}

// RFC 5322 3.6.4: the parent's References (or its In-Reply-To when that holds
// exactly one id), then the parent's own Message-ID.
std::string references_value(const InboundMail& parent, const std::string& parent_id) {
  std::vector<std::string> ids = parse_ids(parent.references);
  if (ids.empty()) {
    ids = parse_ids(parent.in_reply_to);
    if (ids.size() != 1) ids.clear();
  }
  if (ids.size() >= kMaxReferences) {
    ids.erase(ids.begin() + 1, ids.end() - static_cast<std::ptrdiff_t>(kMaxReferences - 2));
  }
  if (ids.empty() || ids.back() != parent_id) ids.push_back(parent_id);
  std::string value;
  for (const auto& id : ids) value += (value.empty() ? "<" : " <") + id + ">";
  return value;
}

std::string random_id(const std::string& domain) {
  std::random_device random;
  std::string id;
  constexpr std::string_view kHex = "0123456789abcdef";
  for (int i = 0; i < 4; ++i) {
    auto word = random();
    for (int nibble = 0; nibble < 8; ++nibble, word >>= 4) id += kHex[word & 0xfU];
  }
  return id + "@" + domain;
}

std::string with_crlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 40);
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\0') continue;
    if (c == '\r' || c == '\n') {
      out += "\r\n";
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += c;
    }
  }
  return out;
}

std::string html_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Blank lines separate paragraphs; other line breaks stay line breaks.
std::string html_paragraphs(std::string_view text) {
  std::string out = "<p>";
  std::size_t start = 0;
  bool blank_run = false;
  while (start <= text.size()) {
    auto end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    bool blank = line.find_first_not_of(" \t\r") == std::string_view::npos;
    if (blank) {
      blank_run = out.size() > 3;
    } else {
      if (blank_run)
        out += "</p>\n<p>";
      else if (out.size() > 3)
        out += "<br>\n";
      out += html_escape(line);
      blank_run = false;
    }
    start = end + 1;
  }
  return out + "</p>\n";
}

std::string footer_name(const ReplyIdentity& from) {
  std::string name = header_text(from.display_name);
  return name.empty() ? "careerbot" : name;
}

// The next steps the reply's text does not already spell out.
std::vector<std::string> steps_not_in_text(const Reply& reply) {
  std::vector<std::string> steps;
  for (const auto& step : reply.next_steps) {
    if (reply.text.find(step) == std::string::npos) steps.push_back(step);
  }
  return steps;
}

std::string plain_body(const Answer& answer, const ReplyIdentity& from) {
  std::string out;
  for (const auto& reply : answer.replies) {
    if (!out.empty()) out += "\n\n* * *\n\n";
    out += reply.text;
    auto steps = steps_not_in_text(reply);
    if (!steps.empty()) {
      out += "\n\nNext steps:";
      for (const auto& step : steps) out += "\n- " + step;
    }
  }
  return out + "\n\n-- \nThis is an automatic reply from " + footer_name(from) + ".\n";
}

std::string html_body(const Answer& answer, const ReplyIdentity& from) {
  std::string out =
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head>\n"
      "<body style=\"font-family: sans-serif\">\n";
  bool first = true;
  for (const auto& reply : answer.replies) {
    if (!first) out += "<hr>\n";
    first = false;
    out += html_paragraphs(reply.text);
    if (!reply.facts.empty()) {
      out += "<ul>\n";
      for (const auto& fact : reply.facts) {
        out += "<li><strong>" + html_escape(fact.label) + "</strong>: " + html_escape(fact.value);
        if (!fact.source.empty()) {
          out += " <small>(Source: " + html_escape(fact.source) +
                 (fact.as_of.empty() ? "" : ", " + html_escape(fact.as_of)) + ")</small>";
        }
        out += "</li>\n";
      }
      out += "</ul>\n";
    }
    auto steps = steps_not_in_text(reply);
    if (!steps.empty()) {
      out += "<p><strong>Next steps</strong></p>\n<ul>\n";
      for (const auto& step : steps) out += "<li>" + html_escape(step) + "</li>\n";
      out += "</ul>\n";
    }
  }
  return out + "<p style=\"color: #666666\">This is an automatic reply from " +
         html_escape(footer_name(from)) + ".</p>\n</body></html>\n";
}

// A UTF-8 text part; GMime picks quoted-printable or base64 so it travels as 7-bit.
Ref<GMimeTextPart> text_part(const char* subtype, const std::string& text) {
  Ref<GMimeTextPart> part(g_mime_text_part_new_with_subtype(subtype));
  g_mime_text_part_set_charset(part.get(), "utf-8");
  std::string canonical = with_crlf(text);
  if (g_utf8_validate(canonical.data(), static_cast<gssize>(canonical.size()), nullptr) == FALSE) {
    std::unique_ptr<char, GFree> fixed(
        g_utf8_make_valid(canonical.data(), static_cast<gssize>(canonical.size())));
    canonical = fixed ? fixed.get() : "";
  }
  Ref<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(canonical.data(), canonical.size()));
  Ref<GMimeDataWrapper> content(
      g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
  auto* mime_part = reinterpret_cast<GMimePart*>(part.get());
  g_mime_part_set_content(mime_part, content.get());
  g_mime_part_set_content_encoding(
      mime_part, g_mime_part_get_best_content_encoding(mime_part, GMIME_ENCODING_CONSTRAINT_7BIT));
  return part;
}

std::string serialise(GMimeMessage* message) {
  std::unique_ptr<GMimeFormatOptions, decltype(&g_mime_format_options_free)> options(
      g_mime_format_options_new(), &g_mime_format_options_free);
  g_mime_format_options_set_newline_format(options.get(), GMIME_NEWLINE_FORMAT_DOS);
  Ref<GMimeStream> sink(g_mime_stream_mem_new());
  g_mime_object_write_to_stream(as_object(message), options.get(), sink.get());
  GByteArray* bytes =
      g_mime_stream_mem_get_byte_array(reinterpret_cast<GMimeStreamMem*>(sink.get()));
  return {reinterpret_cast<const char*>(bytes->data), bytes->len};
}

std::string id_domain(const ReplyIdentity& from) {
  std::string domain =
      from.domain.empty() ? from.address.substr(from.address.rfind('@') + 1) : from.domain;
  if (!is_addr_spec("x@" + domain)) {
    throw std::invalid_argument("reply Message-ID domain is not a host name");
  }
  return domain;
}

}  // namespace

std::string reply_subject(std::string_view parent_subject) {
  std::string subject = header_text(parent_subject);
  std::string_view rest = subject;
  // Strip "Re:", "RE :", "Re[2]:", "Re(3):" however often they repeat.
  while (rest.size() >= 3 && (rest[0] == 'R' || rest[0] == 'r') &&
         (rest[1] == 'E' || rest[1] == 'e')) {
    std::size_t i = 2;
    if (rest[i] == '[' || rest[i] == '(') {
      char close = rest[i] == '[' ? ']' : ')';
      std::size_t digits = rest.find_first_not_of("0123456789", i + 1);
      if (digits == std::string_view::npos || digits == i + 1 || rest[digits] != close) break;
      i = digits + 1;
    }
    while (i < rest.size() && rest[i] == ' ') ++i;
    if (i >= rest.size() || rest[i] != ':') break;
    rest.remove_prefix(i + 1);
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  }
  return "Re: " + (rest.empty() ? std::string("your career question") : std::string(rest));
}

OutgoingMail compose_reply(const InboundMail& parent, std::string_view return_path,
                           const careerbot::Answer& answer, const ReplyIdentity& from) {
  std::string recipient = envelope_address(return_path);
  if (recipient.empty()) throw std::invalid_argument("reply recipient is not one addr-spec");
  if (!is_addr_spec(from.address)) throw std::invalid_argument("our address is not an addr-spec");
  std::string domain = id_domain(from);
  init_gmime();

  OutgoingMail mail;
  mail.envelope_from = from.address;
  mail.envelope_to = recipient;
  mail.message_id = random_id(domain);

  Ref<GMimeMessage> message(g_mime_message_new(TRUE));
  GMimeObject* object = as_object(message.get());
  g_mime_message_add_mailbox(message.get(), GMIME_ADDRESS_TYPE_FROM,
                             header_text(from.display_name).c_str(), from.address.c_str());
  g_mime_message_add_mailbox(message.get(), GMIME_ADDRESS_TYPE_TO, "", recipient.c_str());
  g_mime_message_set_subject(message.get(), reply_subject(parent.subject).c_str(), "utf-8");
  std::unique_ptr<GDateTime, decltype(&g_date_time_unref)> now(g_date_time_new_now_utc(),
                                                               &g_date_time_unref);
  g_mime_message_set_date(message.get(), now.get());
  g_mime_message_set_message_id(message.get(), mail.message_id.c_str());
  std::string parent_id = clean_id(parent.message_id);
  if (!parent_id.empty()) {
    g_mime_object_set_header(object, "In-Reply-To", ("<" + parent_id + ">").c_str(), nullptr);
    g_mime_object_set_header(object, "References", references_value(parent, parent_id).c_str(),
                             nullptr);
  }
  g_mime_object_set_header(object, "Auto-Submitted", "auto-replied", nullptr);
  g_mime_object_set_header(object, "X-Careerbot-Reply", "1", nullptr);

  Ref<GMimeMultipart> alternative(g_mime_multipart_new_with_subtype("alternative"));
  Ref<GMimeTextPart> plain = text_part("plain", plain_body(answer, from));
  Ref<GMimeTextPart> html = text_part("html", html_body(answer, from));
  g_mime_multipart_add(alternative.get(), as_object(plain.get()));
  g_mime_multipart_add(alternative.get(), as_object(html.get()));
  g_mime_message_set_mime_part(message.get(), as_object(alternative.get()));

  mail.data = serialise(message.get());
  return mail;
}

}  // namespace careerbot::email
