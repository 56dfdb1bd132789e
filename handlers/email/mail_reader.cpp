// Reading an inbound email with GMime: headers, sender, threading ids and the
// body as UTF-8 text, then the question without quoted history.
#include "mail_reader.hpp"

#include <gmime/gmime.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <mutex>

#include "gmime_handles.hpp"

namespace careerbot::email {
namespace {

struct FreeParserOptions {
  void operator()(GMimeParserOptions* options) const { g_mime_parser_options_free(options); }
};

// Multiparts nested deeper than this are junk or an attack; their parts are ignored.
constexpr int kMaxDepth = 32;

GMimeObject* as_object(GMimeMessage* message) {
  return reinterpret_cast<GMimeObject*>(message);
}

std::string_view trim(std::string_view s) {
  const auto* space = " \t\r\n\f\v";
  auto first = s.find_first_not_of(space);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(space) - first + 1);
}

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lowered(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && lowered(s.substr(0, prefix.size())) == prefix;
}

bool ends_with_nocase(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && lowered(s.substr(s.size() - suffix.size())) == suffix;
}

// Invalid UTF-8 becomes U+FFFD rather than reaching the matcher or a log line.
std::string valid_utf8(std::string text) {
  auto size = static_cast<gssize>(text.size());
  if (g_utf8_validate(text.data(), size, nullptr) != FALSE) return text;
  GChars fixed(g_utf8_make_valid(text.data(), size));
  return fixed ? std::string(fixed.get()) : std::string();
}

// Control characters (a folded header's CR LF, a stray tab) become single spaces.
std::string one_line(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string normalise_newlines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\0') continue;
    if (c == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += c;
    }
  }
  return out;
}

// RFC 3676 format=flowed: a line ending in a space continues on the next one.
std::string unflow(std::string_view text, bool delete_space) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    bool quoted = !line.empty() && line[0] == '>';
    if (!quoted && !line.empty() && line[0] == ' ') line.remove_prefix(1);  // space-stuffing
    bool soft = !quoted && line != "-- " && !line.empty() && line.back() == ' ';
    if (soft && delete_space) line.remove_suffix(1);
    out += line;
    if (!soft && end < text.size()) out += '\n';
    start = end + 1;
  }
  return out;
}

// The bytes of a leaf part after its transfer encoding is undone.
std::string decoded_content(GMimePart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (content == nullptr) return {};
  Ref<GMimeStream> sink(g_mime_stream_mem_new());
  if (g_mime_data_wrapper_write_to_stream(content, sink.get()) < 0) return {};
  GByteArray* bytes =
      g_mime_stream_mem_get_byte_array(reinterpret_cast<GMimeStreamMem*>(sink.get()));
  return {reinterpret_cast<const char*>(bytes->data), bytes->len};
}

std::optional<std::string> convert(const std::string& bytes, const char* charset) {
  const char* name = g_mime_charset_iconv_name(charset);
  iconv_t converter = g_mime_iconv_open("UTF-8", name);
  if (reinterpret_cast<std::intptr_t>(converter) == -1) return std::nullopt;  // (iconv_t) -1
  GChars converted(g_mime_iconv_strndup(converter, bytes.data(), bytes.size()));
  g_mime_iconv_close(converter);
  if (!converted) return std::nullopt;
  return std::string(converted.get());
}

// Text in its declared charset (ISO-8859-x read as its Windows superset, as
// mail clients mislabel), else the charset GMime finds fits best.
std::string to_utf8(const std::string& bytes, const char* declared, GMimeParserOptions* options) {
  auto size = static_cast<gssize>(bytes.size());
  if (declared != nullptr && *declared != '\0') {
    std::string canonical = lowered(g_mime_charset_canon_name(declared));
    bool ascii_or_utf8 = canonical == "us-ascii" || canonical == "utf-8";
    if (!ascii_or_utf8) {
      const char* windows = g_mime_charset_iso_to_windows(canonical.c_str());
      auto converted = convert(bytes, windows != nullptr ? windows : canonical.c_str());
      if (converted) return *converted;
    }
  }
  if (g_utf8_validate(bytes.data(), size, nullptr) != FALSE) return bytes;
  GChars guessed(g_mime_utils_decode_8bit(options, bytes.data(), bytes.size()));
  return guessed ? std::string(guessed.get()) : std::string();
}

bool is_attachment(GMimeObject* object) {
  GMimeContentDisposition* disposition = g_mime_object_get_content_disposition(object);
  return disposition != nullptr && g_mime_content_disposition_is_attachment(disposition) != FALSE;
}

struct BodyParts {
  GMimeObject* plain = nullptr;
  GMimeObject* html = nullptr;
};

// The first inline text/plain and text/html parts, in document order.
// Attachments, forwarded messages and non-text parts are never opened.
void find_body(GMimeObject* object, BodyParts& found, int depth) {
  if (depth > kMaxDepth || (found.plain != nullptr && found.html != nullptr)) return;
  if (is_a(object, g_mime_multipart_get_type())) {
    auto* multipart = reinterpret_cast<GMimeMultipart*>(object);
    int count = g_mime_multipart_get_count(multipart);
    for (int i = 0; i < count; ++i)
      find_body(g_mime_multipart_get_part(multipart, i), found, depth + 1);
    return;
  }
  if (!is_a(object, g_mime_text_part_get_type()) || is_attachment(object)) return;
  GMimeContentType* type = g_mime_object_get_content_type(object);
  if (found.plain == nullptr && g_mime_content_type_is_type(type, "text", "plain") != FALSE) {
    found.plain = object;
  } else if (found.html == nullptr && g_mime_content_type_is_type(type, "text", "html") != FALSE) {
    found.html = object;
  }
}

std::string part_text(GMimeObject* object, GMimeParserOptions* options) {
  std::string bytes = decoded_content(reinterpret_cast<GMimePart*>(object));
  const char* charset = g_mime_object_get_content_type_parameter(object, "charset");
  std::string text = normalise_newlines(to_utf8(bytes, charset, options));
  const char* format = g_mime_object_get_content_type_parameter(object, "format");
  if (format != nullptr && lowered(format) == "flowed") {
    const char* delsp = g_mime_object_get_content_type_parameter(object, "delsp");
    text = unflow(text, delsp != nullptr && lowered(delsp) == "yes");
  }
  return valid_utf8(std::move(text));
}

void read_sender(GMimeMessage* message, InboundMail& mail) {
  InternetAddressList* from = g_mime_message_get_from(message);
  if (from == nullptr || internet_address_list_length(from) == 0) return;
  InternetAddress* address = internet_address_list_get_address(from, 0);
  if (is_a(address, internet_address_group_get_type())) {
    auto* members =
        internet_address_group_get_members(reinterpret_cast<InternetAddressGroup*>(address));
    if (members == nullptr || internet_address_list_length(members) == 0) return;
    address = internet_address_list_get_address(members, 0);
  }
  if (!is_a(address, internet_address_mailbox_get_type())) return;
  const char* addr =
      internet_address_mailbox_get_addr(reinterpret_cast<InternetAddressMailbox*>(address));
  if (addr != nullptr && is_addr_spec(addr)) mail.from_address = addr;
  const char* name = internet_address_get_name(address);
  if (name != nullptr) mail.from_name = valid_utf8(one_line(name));
}

struct RawHeader {
  gint64 offset;
  std::string name;
  std::string value;
};

void collect_headers(GMimeObject* object, std::vector<RawHeader>& found) {
  GMimeHeaderList* list = g_mime_object_get_header_list(object);
  int count = list == nullptr ? 0 : g_mime_header_list_get_count(list);
  for (int i = 0; i < count; ++i) {
    GMimeHeader* header = g_mime_header_list_get_header_at(list, i);
    const char* name = g_mime_header_get_name(header);
    const char* raw = g_mime_header_get_raw_value(header);
    if (name == nullptr) continue;
    found.push_back({g_mime_header_get_offset(header), lowered(name),
                     raw != nullptr ? valid_utf8(one_line(raw)) : std::string()});
  }
}

// GMime keeps the Content-* headers of the top-level block with the message's
// MIME part; both lists are merged back into the order they were written in.
void read_headers(GMimeMessage* message, InboundMail& mail) {
  std::vector<RawHeader> found;
  collect_headers(as_object(message), found);
  if (GMimeObject* part = g_mime_message_get_mime_part(message)) collect_headers(part, found);
  std::stable_sort(found.begin(), found.end(),
                   [](const RawHeader& a, const RawHeader& b) { return a.offset < b.offset; });
  for (auto& header : found)
    mail.headers.emplace_back(std::move(header.name), std::move(header.value));
}

}  // namespace

void init_gmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

std::string InboundMail::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return {};
}

std::optional<InboundMail> read_mail(std::string_view raw, std::string* error) {
  auto fail = [error](const char* reason) -> std::optional<InboundMail> {
    if (error != nullptr) *error = reason;
    return std::nullopt;
  };
  if (trim(raw).empty()) return fail("empty message");
  init_gmime();

  std::unique_ptr<GMimeParserOptions, FreeParserOptions> options(g_mime_parser_options_new());
  std::array<const char*, 4> fallback = {"utf-8", "windows-1252", "iso-8859-1", nullptr};
  g_mime_parser_options_set_fallback_charsets(options.get(), fallback.data());

  Ref<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
  Ref<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  Ref<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), options.get()));
  if (!message) return fail("no message headers");

  InboundMail mail;
  read_headers(message.get(), mail);
  if (mail.headers.empty()) return fail("no message headers");
  if (const char* id = g_mime_message_get_message_id(message.get()))
    mail.message_id = valid_utf8(one_line(id));
  if (const char* subject = g_mime_message_get_subject(message.get()))
    mail.subject = valid_utf8(one_line(subject));
  read_sender(message.get(), mail);
  mail.in_reply_to = mail.header("in-reply-to");
  mail.references = mail.header("references");

  BodyParts body;
  find_body(g_mime_message_get_mime_part(message.get()), body, 0);
  if (body.plain != nullptr) {
    mail.text = part_text(body.plain, options.get());
  } else if (body.html != nullptr) {
    mail.text = html_to_text(part_text(body.html, options.get()));
  } else {
    return fail("no text part");
  }
  mail.question = strip_quoted_reply(mail.text);
  return mail;
}

bool is_addr_spec(std::string_view address) {
  auto at = address.rfind('@');
  if (at == std::string_view::npos || at == 0 || at > 64 || address.size() > 254) return false;
  std::string_view local = address.substr(0, at);
  std::string_view domain = address.substr(at + 1);
  constexpr std::string_view kAtext = "!#$%&'*+-/=?^_`{|}~";
  auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  char previous = '.';
  for (char c : local) {
    if (c == '.' && previous == '.') return false;
    if (c != '.' && !alnum(c) && kAtext.find(c) == std::string_view::npos) return false;
    previous = c;
  }
  if (previous == '.' || domain.empty() || domain.size() > 253) return false;
  std::size_t label = 0;
  previous = '.';
  for (char c : domain) {
    if (c == '.') {
      if (label == 0 || previous == '-') return false;
      label = 0;
    } else if (alnum(c) || (c == '-' && label > 0)) {
      if (++label > 63) return false;
    } else {
      return false;
    }
    previous = c;
  }
  return label > 0 && previous != '-';
}

// ---- HTML to text -------------------------------------------------------

namespace {

// Builds plain text from HTML: collapses whitespace, keeps at most one blank
// line, and prefixes lines inside blockquotes with "> ".
class PlainText {
 public:
  void text(std::string_view s) {
    for (char c : s) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        space_ = true;
        continue;
      }
      if (!out_.empty() && newlines_ > 0) {
        out_.append(static_cast<std::size_t>(std::min(newlines_, 2)), '\n');
        line_start_ = true;
      }
      if (line_start_) {
        for (int i = 0; i < quote_depth_; ++i) out_ += "> ";
      } else if (space_) {
        out_ += ' ';
      }
      out_ += c;
      newlines_ = 0;
      space_ = false;
      line_start_ = false;
    }
  }
  void line_break() { newlines_ = std::min(newlines_ + 1, 2); }
  void block() { newlines_ = std::max(newlines_, 1); }
  void paragraph() { newlines_ = 2; }
  void enter_quote() {
    block();
    ++quote_depth_;
  }
  void leave_quote() {
    block();
    quote_depth_ = std::max(quote_depth_ - 1, 0);
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
  int newlines_ = 0;
  int quote_depth_ = 0;
  bool space_ = false;
  bool line_start_ = true;
};

void append_utf8(std::string& out, std::uint32_t code) {
  if (code == 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) code = 0xfffd;
  auto byte = [](std::uint32_t bits) { return static_cast<char>(bits); };
  if (code < 0x80) {
    out += byte(code);
  } else if (code < 0x800) {
    out += byte(0xc0 | (code >> 6));
    out += byte(0x80 | (code & 0x3f));
  } else if (code < 0x10000) {
    out += byte(0xe0 | (code >> 12));
    out += byte(0x80 | ((code >> 6) & 0x3f));
    out += byte(0x80 | (code & 0x3f));
  } else {
    out += byte(0xf0 | (code >> 18));
    out += byte(0x80 | ((code >> 12) & 0x3f));
    out += byte(0x80 | ((code >> 6) & 0x3f));
    out += byte(0x80 | (code & 0x3f));
  }
}

struct NamedEntity {
  std::string_view name;
  std::uint32_t code;
};
constexpr std::array<NamedEntity, 18> kEntities = {{
    {"amp", '&'},
    {"lt", '<'},
    {"gt", '>'},
    {"quot", '"'},
    {"apos", '\''},
    {"trade", 0x2122},
    {"hellip", 0x2026},
    {"mdash", 0x2014},
    {"ndash", 0x2013},
    {"lsquo", 0x2018},
    {"rsquo", 0x2019},
    {"ldquo", 0x201c},
    {"rdquo", 0x201d},
    {"bull", 0x2022},
    {"euro", 0x20ac},
    {"oelig", 0x153},
    {"OElig", 0x152},
    {"thinsp", 0x2009},
}};

// The HTML 4 names of U+00A0 to U+00FF, in code point order.
constexpr std::array<std::string_view, 96> kLatin1Entities = {
    "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar", "sect",   "uml",
    "copy",   "ordf",   "laquo",  "not",    "shy",    "reg",    "macr",   "deg",    "plusmn",
    "sup2",   "sup3",   "acute",  "micro",  "para",   "middot", "cedil",  "sup1",   "ordm",
    "raquo",  "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc",  "Atilde",
    "Auml",   "Aring",  "AElig",  "Ccedil", "Egrave", "Eacute", "Ecirc",  "Euml",   "Igrave",
    "Iacute", "Icirc",  "Iuml",   "ETH",    "Ntilde", "Ograve", "Oacute", "Ocirc",  "Otilde",
    "Ouml",   "times",  "Oslash", "Ugrave", "Uacute", "Ucirc",  "Uuml",   "Yacute", "THORN",
    "szlig",  "agrave", "aacute", "acirc",  "atilde", "auml",   "aring",  "aelig",  "ccedil",
    "egrave", "eacute", "ecirc",  "euml",   "igrave", "iacute", "icirc",  "iuml",   "eth",
    "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide", "oslash", "ugrave",
    "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml"};

std::optional<std::uint32_t> named_entity(std::string_view name) {
  for (const auto& entity : kEntities) {
    if (entity.name == name) return entity.code;
  }
  auto latin1 = std::find(kLatin1Entities.begin(), kLatin1Entities.end(), name);
  if (latin1 == kLatin1Entities.end()) return std::nullopt;
  return static_cast<std::uint32_t>(0xa0 + (latin1 - kLatin1Entities.begin()));
}

// "&amp;" and friends; an unknown or unterminated entity stays as written.
std::string decode_entities(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    // Entity names are short: looking further would make "&&&&..." quadratic.
    auto semicolon = s[i] == '&' ? s.substr(i, 12).find(';') : std::string_view::npos;
    if (semicolon != std::string_view::npos) semicolon += i;
    if (semicolon == std::string_view::npos) {
      out += s[i++];
      continue;
    }
    std::string_view name = s.substr(i + 1, semicolon - i - 1);
    std::optional<std::uint32_t> code;
    if (name.size() > 1 && name[0] == '#') {
      bool hex = name[1] == 'x' || name[1] == 'X';
      std::string digits(name.substr(hex ? 2 : 1));
      if (!digits.empty() && digits.find_first_not_of(hex ? "0123456789abcdefABCDEF"
                                                          : "0123456789") == std::string::npos) {
        code = static_cast<std::uint32_t>(
            std::min(std::stoul(digits, nullptr, hex ? 16 : 10), 0x110000UL));
      }
    } else {
      code = named_entity(name);
    }
    if (!code) {
      out += s[i++];
      continue;
    }
    append_utf8(out, *code == 0xa0 ? ' ' : *code);
    i = semicolon + 1;
  }
  return out;
}

bool one_of(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Index just past the '>' that closes a tag, quotes respected.
std::size_t tag_end(std::string_view html, std::size_t from) {
  char quote = 0;
  for (std::size_t i = from; i < html.size(); ++i) {
    char c = html[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return i + 1;
    }
  }
  return html.size();
}

void apply_tag(std::string_view name, bool closing, PlainText& out) {
  if (name == "br") {
    out.line_break();
  } else if (name == "blockquote") {
    closing ? out.leave_quote() : out.enter_quote();
  } else if (name == "li") {
    out.block();
    if (!closing) out.text("- ");
  } else if (name == "td" || name == "th") {
    out.text(" ");
  } else if (one_of(name, {"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "ul", "ol"})) {
    out.paragraph();
  } else if (one_of(name, {"div", "tr", "hr", "section", "article", "header", "footer", "dl", "dt",
                           "dd", "address", "figure", "center", "main", "nav", "aside", "form"})) {
    out.block();
  }
}

}  // namespace

std::string html_to_text(std::string_view html) {
  PlainText out;
  std::size_t i = 0;
  while (i < html.size()) {
    auto open = html.find('<', i);
    out.text(decode_entities(html.substr(i, open == std::string_view::npos ? open : open - i)));
    if (open == std::string_view::npos) break;
    if (html.substr(open, 4) == "<!--") {
      auto close = html.find("-->", open + 4);
      i = close == std::string_view::npos ? html.size() : close + 3;
      continue;
    }
    std::size_t name_start = open + 1;
    bool closing = name_start < html.size() && html[name_start] == '/';
    if (closing) ++name_start;
    std::size_t name_end = name_start;
    while (name_end < html.size() && std::isalnum(static_cast<unsigned char>(html[name_end])) != 0)
      ++name_end;
    bool declaration =
        name_start < html.size() && (html[name_start] == '!' || html[name_start] == '?');
    if (name_end == name_start && !declaration) {  // a bare '<' in text
      out.text("<");
      i = open + 1;
      continue;
    }
    std::string name = lowered(html.substr(name_start, name_end - name_start));
    i = tag_end(html, name_end);
    if (!closing && one_of(name, {"script", "style", "template", "title"})) {
      std::string closer = "</" + name;
      auto close =
          std::search(html.begin() + static_cast<std::ptrdiff_t>(i), html.end(), closer.begin(),
                      closer.end(), [](char a, char b) { return lower(a) == b; });
      i = close == html.end() ? html.size()
                              : tag_end(html, static_cast<std::size_t>(close - html.begin()));
      continue;
    }
    apply_tag(name, closing, out);
  }
  return out.take();
}

// ---- Quoted history and signatures ------------------------------------------

namespace {

using Lines = std::vector<std::string_view>;

Lines split_lines(std::string_view text) {
  Lines lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// "On Tue, 3 Mar 2026 at 10:02, Jane <jane@example.org> wrote:", which clients
// often wrap over two or three lines; also "<name> wrote:" above quoted lines.
bool is_attribution(const Lines& lines, std::size_t i) {
  std::string_view first = trim(lines[i]);
  constexpr std::array<std::string_view, 4> kOpeners = {"on ", "le ", "am ", "el "};
  constexpr std::array<std::string_view, 4> kClosers = {
      "wrote:", "a écrit :", "schrieb:", "escribió:"};
  auto closes = [&](std::string_view s) {
    return std::any_of(kClosers.begin(), kClosers.end(),
                       [&](std::string_view end) { return ends_with_nocase(s, end); });
  };
  if (std::any_of(kOpeners.begin(), kOpeners.end(),
                  [&](std::string_view start) { return starts_with_nocase(first, start); })) {
    std::string joined(first);
    for (std::size_t k = i; k < lines.size() && k < i + 3; ++k) {
      if (k > i) joined += " " + std::string(trim(lines[k]));
      if (closes(joined)) return true;
    }
  }
  if (!closes(first)) return false;
  for (std::size_t k = i + 1; k < lines.size(); ++k) {
    std::string_view next = trim(lines[k]);
    if (!next.empty()) return next[0] == '>';
  }
  return false;
}

// Outlook's header block: "From: ..." followed within a few lines by "Sent:" or "Date:".
bool is_outlook_header(const Lines& lines, std::size_t i) {
  if (!starts_with_nocase(trim(lines[i]), "from:")) return false;
  for (std::size_t k = i + 1; k < lines.size() && k <= i + 4; ++k) {
    std::string_view next = trim(lines[k]);
    if (starts_with_nocase(next, "sent:") || starts_with_nocase(next, "date:")) return true;
  }
  return false;
}

bool starts_history(const Lines& lines, std::size_t i) {
  std::string_view line = trim(lines[i]);
  if (starts_with_nocase(line, "-----") &&
      lowered(line).find("original message") != std::string::npos)
    return true;
  if (line.size() >= 10 && line.find_first_not_of('_') == std::string_view::npos) {
    for (std::size_t k = i + 1; k < lines.size(); ++k) {
      if (!trim(lines[k]).empty()) return is_outlook_header(lines, k);
    }
  }
  return is_outlook_header(lines, i) || is_attribution(lines, i);
}

bool is_signature_start(std::string_view line) {
  if (line == "-- " || trim(line) == "--") return true;
  constexpr std::array<std::string_view, 6> kMobile = {"sent from my ",     "sent from mail for",
                                                       "sent from outlook", "sent from yahoo",
                                                       "get outlook for",   "sent via "};
  std::string_view text = trim(line);
  return text.size() < 60 && std::any_of(kMobile.begin(), kMobile.end(),
                                         [&](auto p) { return starts_with_nocase(text, p); });
}

bool is_disclaimer_start(std::string_view line) {
  constexpr std::array<std::string_view, 10> kStarts = {
      "this email and any attachments",   "this e-mail and any attachments",
      "this message and any attachments", "this email is confidential",
      "this e-mail is confidential",      "this message is confidential",
      "this email (including any attach", "this e-mail (including any attach",
      "confidentiality notice",           "the information contained in this"};
  std::string_view text = trim(line);
  return std::any_of(kStarts.begin(), kStarts.end(),
                     [&](auto p) { return starts_with_nocase(text, p); }) ||
         starts_with_nocase(text, "disclaimer:");
}

bool is_sign_off(std::string_view line) {
  constexpr std::array<std::string_view, 20> kSignOffs = {"thanks",
                                                          "thank you",
                                                          "thanks in advance",
                                                          "thank you in advance",
                                                          "many thanks",
                                                          "thanks a lot",
                                                          "thanks again",
                                                          "regards",
                                                          "best regards",
                                                          "kind regards",
                                                          "warm regards",
                                                          "best",
                                                          "best wishes",
                                                          "all the best",
                                                          "cheers",
                                                          "sincerely",
                                                          "yours sincerely",
                                                          "yours truly",
                                                          "respectfully",
                                                          "with thanks"};
  std::string text = lowered(trim(line));
  while (!text.empty() &&
         (text.back() == ',' || text.back() == '!' || text.back() == '.' || text.back() == ' '))
    text.pop_back();
  return std::find(kSignOffs.begin(), kSignOffs.end(), text) != kSignOffs.end();
}

// "Thanks,\nJane Doe\nSenior Analyst": a sign-off line followed only by a few
// short lines without a question is a signature.
void drop_sign_off(Lines& kept) {
  for (std::size_t i = kept.size(); i-- > 1;) {
    if (!is_sign_off(kept[i])) continue;
    std::size_t after = 0;
    bool signature = true;
    for (std::size_t k = i + 1; k < kept.size(); ++k) {
      std::string_view line = trim(kept[k]);
      if (line.empty()) continue;
      signature = signature && ++after <= 6 && line.size() <= 72 &&
                  line.find('?') == std::string_view::npos;
    }
    if (signature) kept.resize(i);
    return;
  }
}

}  // namespace

std::string strip_quoted_reply(std::string_view text) {
  std::string normal = normalise_newlines(text);
  Lines lines = split_lines(normal);
  Lines kept;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (starts_history(lines, i) || is_signature_start(lines[i]) || is_disclaimer_start(lines[i]))
      break;
    if (!trim(lines[i]).empty() && trim(lines[i])[0] == '>') continue;
    kept.push_back(lines[i]);
  }
  drop_sign_off(kept);

  std::string out;
  int blank = 0;
  for (auto line : kept) {
    auto end = line.find_last_not_of(" \t");
    line = end == std::string_view::npos ? std::string_view() : line.substr(0, end + 1);
    if (line.empty()) {
      ++blank;
      continue;
    }
    if (!out.empty()) out.append(blank > 0 ? "\n\n" : "\n");
    out += line;
    blank = 0;
  }
  return out;
}

}  // namespace careerbot::email
