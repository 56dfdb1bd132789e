// Rendering answers for chat platforms and cutting them to the platforms'
// message limits. The splitter works on tokens (a character, an entity, a
// backslash escape, or a tag) so that no cut can fall inside one.
#include "chat_format.hpp"

#include <algorithm>
#include <array>
#include <optional>

namespace careerbot {
namespace {

constexpr std::string_view kZeroWidthSpace = "\xE2\x80\x8B";

// ---- characters ------------------------------------------------------------

struct Decoded {
  char32_t cp;
  std::size_t size;
};

bool continuation(unsigned char byte) {
  return (byte & 0xC0U) == 0x80U;
}

// The code point at s[i]; an invalid or truncated sequence is one byte of U+FFFD.
Decoded decode_utf8(std::string_view s, std::size_t i) {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char lead = at(0);
  if (lead < 0x80U) return {lead, 1};
  std::size_t size = 0;
  unsigned char low = 0x80U;
  unsigned char high = 0xBFU;
  if (lead >= 0xC2U && lead <= 0xDFU) {
    size = 2;
  } else if (lead >= 0xE0U && lead <= 0xEFU) {
    size = 3;
    if (lead == 0xE0U) low = 0xA0U;   // overlong
    if (lead == 0xEDU) high = 0x9FU;  // surrogates
  } else if (lead >= 0xF0U && lead <= 0xF4U) {
    size = 4;
    if (lead == 0xF0U) low = 0x90U;   // overlong
    if (lead == 0xF4U) high = 0x8FU;  // past U+10FFFF
  }
  if (size == 0 || i + size > s.size() || at(1) < low || at(1) > high) return {0xFFFD, 1};
  char32_t cp = lead & (0x7FU >> size);
  for (std::size_t k = 1; k < size; ++k) {
    if (!continuation(at(k))) return {0xFFFD, 1};
    cp = (cp << 6) | (at(k) & 0x3FU);
  }
  return {cp, size};
}

std::size_t utf16_units(char32_t cp) {
  return cp > 0xFFFF ? 2 : 1;
}

bool is_blank(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool is_ascii_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// ---- tokens ----------------------------------------------------------------

// What the splitter recognises as indivisible, and how it counts.
struct Syntax {
  bool entities = false;      // "&amp;", "&#8212;"
  bool html_tags = false;     // Telegram's tags, tracked open and closed
  bool backslash = false;     // "\*"
  bool discord_bold = false;  // "**" opens and closes bold
  bool utf16 = false;         // count UTF-16 units instead of code points
  bool parsed = false;        // count the text after parsing: tags 0, an entity 1 character
};

enum class Kind { text, open, close };

struct Token {
  std::string_view bytes;
  Kind kind = Kind::text;
  char32_t ch = 0;  // the character a text token shows
  std::size_t weight = 0;
  std::string_view closer;  // for an open token (static text)
  std::size_t closer_weight = 0;
};

bool blank(const Token& t) {
  return t.kind == Kind::text && is_blank(t.ch);
}

constexpr std::array<std::string_view, 16> kTelegramTags = {
    "b",   "strong", "i",    "em",  "u",    "ins",        "s",          "strike",
    "del", "a",      "code", "pre", "span", "blockquote", "tg-spoiler", "tg-emoji"};
// Their closing tags, in the same order.
constexpr std::array<std::string_view, 16> kTelegramClosers = {
    "</b>",    "</strong>",     "</i>",          "</em>",      "</u>",    "</ins>",
    "</s>",    "</strike>",     "</del>",        "</a>",       "</code>", "</pre>",
    "</span>", "</blockquote>", "</tg-spoiler>", "</tg-emoji>"};

// The length of a Telegram tag starting at s[i] == '<' (0 if there is none),
// whether it closes, and the tag that would close it.
std::size_t tag_length(std::string_view s, std::size_t i, std::string_view& closer, bool& closing) {
  std::size_t k = i + 1;
  closing = k < s.size() && s[k] == '/';
  if (closing) ++k;
  const std::size_t name_start = k;
  while (k < s.size() && (is_ascii_alpha(s[k]) || s[k] == '-')) ++k;
  const std::string_view name = s.substr(name_start, k - name_start);
  const auto* found = std::find(kTelegramTags.begin(), kTelegramTags.end(), name);
  if (found == kTelegramTags.end()) return 0;
  closer = kTelegramClosers[static_cast<std::size_t>(found - kTelegramTags.begin())];
  if (k < s.size() && s[k] != '>' && s[k] != ' ') return 0;
  const std::size_t end = s.find_first_of("<>", k);
  if (end == std::string_view::npos || s[end] != '>') return 0;
  return end + 1 - i;
}

// The length of an entity starting at s[i] == '&' (0 if there is none), and the
// character it stands for.
std::size_t entity_length(std::string_view s, std::size_t i, char32_t& ch) {
  constexpr std::size_t kLongest = 32;  // "&#x10FFFF;" and the longest names fit easily
  const std::size_t end = s.substr(0, i + kLongest).find(';', i);
  if (end == std::string_view::npos || end - i < 3) return 0;
  const std::string_view body = s.substr(i + 1, end - i - 1);
  if (body[0] == '#') {
    const bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    const std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty() || digits.size() > 7) return 0;
    char32_t value = 0;
    for (char c : digits) {
      char32_t digit = 0;
      if (is_digit(c)) {
        digit = static_cast<char32_t>(c - '0');
      } else if (hex && c >= 'a' && c <= 'f') {
        digit = static_cast<char32_t>(c - 'a' + 10);
      } else if (hex && c >= 'A' && c <= 'F') {
        digit = static_cast<char32_t>(c - 'A' + 10);
      } else {
        return 0;
      }
      value = value * (hex ? 16U : 10U) + digit;
    }
    ch = value;
    return end + 1 - i;
  }
  for (char c : body) {
    if (!is_ascii_alpha(c) && !is_digit(c)) return 0;
  }
  if (!is_ascii_alpha(body[0])) return 0;
  ch = body == "lt" ? U'<' : body == "gt" ? U'>' : body == "quot" ? U'"' : U'&';
  return end + 1 - i;
}

// A backslash followed by ASCII punctuation is one unit (Discord's escapes);
// '<' and '&' are left to start a tag or an entity.
bool escapable(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u > 0x20U && u < 0x7FU && !is_ascii_alpha(c) && !is_digit(c) && c != '<' && c != '&';
}

std::vector<Token> tokenize(std::string_view s, const Syntax& syntax) {
  std::vector<Token> tokens;
  tokens.reserve(s.size());  // (at most one token per byte)
  bool bold_open = false;
  std::size_t i = 0;
  while (i < s.size()) {
    Token t;
    std::string_view closer;
    bool closing = false;
    char32_t ch = 0;
    std::size_t length = 0;
    if (syntax.backslash && s[i] == '\\' && i + 1 < s.size() && escapable(s[i + 1])) {
      t.bytes = s.substr(i, 2);
      t.ch = static_cast<unsigned char>(s[i + 1]);
      t.weight = 2;
    } else if (syntax.discord_bold && s.substr(i, 2) == "**") {
      t.bytes = s.substr(i, 2);
      t.kind = bold_open ? Kind::close : Kind::open;
      bold_open = !bold_open;
      t.weight = 2;
      t.closer = "**";
      t.closer_weight = 2;
    } else if (syntax.html_tags && s[i] == '<' &&
               (length = tag_length(s, i, closer, closing)) > 0) {
      t.bytes = s.substr(i, length);
      t.kind = closing ? Kind::close : Kind::open;
      t.weight = syntax.parsed ? 0 : length;
      t.closer = closer;
      t.closer_weight = syntax.parsed ? 0 : t.closer.size();
    } else if (syntax.entities && s[i] == '&' && (length = entity_length(s, i, ch)) > 0) {
      t.bytes = s.substr(i, length);
      t.ch = ch;
      t.weight = syntax.parsed ? utf16_units(ch) : length;
    } else {
      const Decoded d = decode_utf8(s, i);
      t.bytes = s.substr(i, d.size);
      t.ch = d.cp;
      t.weight = syntax.utf16 ? utf16_units(d.cp) : 1;
    }
    i += t.bytes.size();
    tokens.push_back(t);
  }
  return tokens;
}

// ---- splitting -------------------------------------------------------------

using TagStack = std::vector<const Token*>;

void apply_tag(const Token& t, TagStack& open) {
  if (t.kind == Kind::open) open.push_back(&t);
  if (t.kind == Kind::close && !open.empty()) open.pop_back();
}

enum Level { any = 0, space = 1, sentence = 2, line = 3, paragraph = 4 };

// How good a cut before the blank tokens[at] is.
Level break_level(const std::vector<Token>& tokens, std::size_t at) {
  int newlines = 0;
  for (std::size_t k = at; k < tokens.size() && blank(tokens[k]); ++k) {
    if (tokens[k].ch == '\n') ++newlines;
  }
  if (newlines >= 2) return paragraph;
  if (newlines == 1) return line;
  // A sentence ends in . ! ? or an ellipsis, maybe followed by a quote, a bracket or a tag.
  for (std::size_t k = at; k > 0; --k) {
    const Token& t = tokens[k - 1];
    if (t.kind != Kind::text) continue;
    const char32_t c = t.ch;
    if (c == ')' || c == '"' || c == '\'' || c == U'\u201D' || c == U'\u2019') continue;
    return c == '.' || c == '!' || c == '?' || c == U'\u2026' ? sentence : space;
  }
  return space;
}

// How many tokens from `first` fit in one piece, and where it could be cut.
struct Fit {
  std::size_t end = 0;                             // tokens[first, end) fit
  std::array<std::optional<std::size_t>, 5> best;  // latest cut per level, piece half full
  std::optional<std::size_t> latest;               // latest cut at any blank
};

Fit measure(const std::vector<Token>& tokens, std::size_t first, TagStack open, bool bare,
            std::size_t limit) {
  Fit fit;
  std::size_t used = 0;     // weight of the piece so far
  std::size_t reserve = 0;  // weight of the closers it would need
  if (!bare) {
    for (const Token* t : open) {
      used += t->weight;
      reserve += t->closer_weight;
    }
  }
  std::size_t k = first;
  for (; k < tokens.size(); ++k) {
    const Token& t = tokens[k];
    const bool markup = t.kind != Kind::text;
    const std::size_t add = bare && markup ? 0 : t.weight;
    const std::size_t more = !bare && t.kind == Kind::open ? t.closer_weight : 0;
    const std::size_t less =
        !bare && t.kind == Kind::close && !open.empty() ? open.back()->closer_weight : 0;
    if (used + add + reserve + more > limit + less) break;
    used += add;
    reserve = reserve + more - less;
    apply_tag(t, open);
    if (k + 1 < tokens.size() && blank(tokens[k + 1]) && !blank(t)) {
      fit.latest = k + 1;
      if (2 * used >= limit) fit.best[static_cast<std::size_t>(break_level(tokens, k + 1))] = k + 1;
    }
  }
  fit.end = k;
  return fit;
}

std::size_t choose_cut(const Fit& fit, std::size_t token_count) {
  if (fit.end == token_count) return fit.end;
  for (std::size_t level = paragraph; level >= space; --level) {
    if (fit.best[level]) return *fit.best[level];
  }
  return fit.latest ? *fit.latest : fit.end;
}

std::vector<std::string> split_tokens(const std::vector<Token>& tokens, std::size_t max_length) {
  const std::size_t limit = std::max<std::size_t>(max_length, 1);
  std::vector<std::string> pieces;
  TagStack open;  // tags open where the next piece starts
  std::size_t first = 0;
  while (true) {
    // Skip blanks, and closers that would leave an empty element.
    while (first < tokens.size() &&
           (blank(tokens[first]) || (tokens[first].kind == Kind::close && !open.empty()))) {
      apply_tag(tokens[first], open);
      ++first;
    }
    if (first == tokens.size()) break;

    // A piece too small for its tags goes without them; one too small for a
    // single token still takes it, whole.
    bool bare = false;
    Fit fit = measure(tokens, first, open, bare, limit);
    if (fit.end == first) {
      bare = true;
      fit = measure(tokens, first, open, bare, limit);
    }
    std::size_t cut = fit.end == first ? first + 1 : choose_cut(fit, tokens.size());

    std::size_t stop = cut;
    while (stop > first && blank(tokens[stop - 1])) --stop;
    std::string piece;
    if (!bare) {
      for (const Token* t : open) piece += t->bytes;
    }
    bool visible = false;
    for (std::size_t k = first; k < stop; ++k) {
      const Token& t = tokens[k];
      apply_tag(t, open);
      if (bare && t.kind != Kind::text) continue;
      piece += t.bytes;
      visible = visible || (t.kind == Kind::text && !blank(t));
    }
    if (!bare) {
      for (auto it = open.rbegin(); it != open.rend(); ++it) piece += (*it)->closer;
    }
    if (visible) pieces.push_back(std::move(piece));
    first = cut;
  }
  return pieces;
}

// ---- rendering -------------------------------------------------------------

// Slack has no way to escape '*', so a title holding one is not made bold:
// the asterisks would end the bold early.
std::string bold(ChatMarkup markup, std::string_view text) {
  std::string escaped = escape_for(markup, text);
  switch (markup) {
    case ChatMarkup::slack_mrkdwn:
      return text.find('*') == std::string_view::npos ? "*" + escaped + "*" : escaped;
    case ChatMarkup::telegram_html:
      return "<b>" + escaped + "</b>";
    case ChatMarkup::discord_markdown:
      return "**" + escaped + "**";
    case ChatMarkup::plain:
      break;
  }
  return escaped;
}

// A title on one line: a newline inside would break the bold markup.
std::string one_line(std::string_view text) {
  std::string out;
  for (char c : text) {
    const bool space = is_blank(static_cast<unsigned char>(c));
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string heading(const Reply& reply) {
  if (reply.careers.size() > 1) {
    std::string titles;
    for (const auto& c : reply.careers) titles += (titles.empty() ? "" : " vs ") + c.title;
    return one_line(titles);
  }
  return reply.career ? one_line(reply.career->title) : std::string();
}

std::string_view trimmed(std::string_view text) {
  const auto blank_char = [](char c) { return is_blank(static_cast<unsigned char>(c)); };
  while (!text.empty() && blank_char(text.front())) text.remove_prefix(1);
  while (!text.empty() && blank_char(text.back())) text.remove_suffix(1);
  return text;
}

bool mentions(const std::string& text, const std::string& item) {
  return text.find(item) != std::string::npos;
}

// "Next steps:" and a bullet per item the reply text does not already say.
std::string list_block(ChatMarkup markup, std::string_view caption,
                       const std::vector<std::string>& items, const std::string& text) {
  const std::string_view bullet = markup == ChatMarkup::discord_markdown ? "- " : "\u2022 ";
  std::string block;
  for (const auto& item : items) {
    if (item.empty() || mentions(text, item)) continue;
    block += "\n" + std::string(bullet) + escape_for(markup, one_line(item));
  }
  return block.empty() ? block : escape_for(markup, caption) + block;
}

std::string render_reply(const Reply& reply, ChatMarkup markup) {
  std::vector<std::string> blocks;
  const std::string_view text = trimmed(reply.text);
  if (!text.empty()) blocks.push_back(escape_for(markup, text));
  // Figures the text does not quote are kept, with their source.
  for (const auto& f : reply.facts) {
    if (f.value.empty() || mentions(reply.text, f.value)) continue;
    std::string line = f.label + ": " + f.value;
    if (!f.source.empty()) {
      line += " (Source: " + f.source + (f.as_of.empty() ? "" : ", " + f.as_of) + ".)";
    }
    blocks.push_back(escape_for(markup, line));
  }
  blocks.push_back(list_block(markup, "Next steps:", reply.next_steps, reply.text));
  if (reply.status != Status::answered) {
    blocks.push_back(list_block(markup, "You could try:", reply.suggestions, reply.text));
  }

  std::string body;
  for (const auto& block : blocks) {
    if (!block.empty()) body += (body.empty() ? "" : "\n\n") + block;
  }
  const std::string title = heading(reply);
  if (title.empty()) return body;
  return bold(markup, title) + (body.empty() ? "" : "\n") + body;
}

Syntax syntax_of(ChatMarkup markup) {
  Syntax syntax;
  switch (markup) {
    case ChatMarkup::slack_mrkdwn:
      syntax.entities = true;
      break;
    case ChatMarkup::telegram_html:
      syntax.entities = true;
      syntax.html_tags = true;
      syntax.utf16 = true;
      syntax.parsed = true;
      break;
    case ChatMarkup::discord_markdown:
      syntax.backslash = true;
      syntax.discord_bold = true;
      break;
    case ChatMarkup::plain:
      break;
  }
  return syntax;
}

// Discord's <@user>, <@&role>, <#channel>, <:emoji:id>, <t:time>, </command:id>
// and the like: '<' then '@' or '#', or a name (maybe after '/') then ':'.
bool discord_token(std::string_view rest) {
  if (rest.size() < 2) return false;
  if (rest[1] == '@' || rest[1] == '#') return true;
  std::size_t k = rest[1] == '/' ? 2 : 1;
  constexpr std::size_t kLongestName = 40;
  while (k < rest.size() && k < kLongestName &&
         (is_ascii_alpha(rest[k]) || is_digit(rest[k]) || rest[k] == '_' || rest[k] == '-' ||
          rest[k] == ' ')) {
    ++k;
  }
  return k < rest.size() && rest[k] == ':';
}

}  // namespace

namespace {

// & < > always; " too when `quotes` (Telegram's HTML accepts &quot;).
std::string escape_markup(std::string_view text, bool quotes) {
  std::string out;
  out.reserve(text.size());
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
        out += quotes ? "&quot;" : "\"";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

std::string escape_slack(std::string_view text) {
  return escape_markup(text, false);
}

std::string escape_telegram_html(std::string_view text) {
  return escape_markup(text, true);
}

std::string escape_discord(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool line_start = true;   // nothing but spaces since the last newline
  bool after_blank = true;  // the previous character is a blank (or there is none)
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const std::string_view rest = text.substr(i);
    if (std::string_view("\\*_~`|[]").find(c) != std::string_view::npos ||
        (after_blank && (c == '>' || c == '#' || c == '-'))) {
      out += '\\';
      out += c;
    } else if (line_start && is_digit(c)) {
      // "1. " at a line start is an ordered list.
      std::size_t end = i;
      while (end < text.size() && is_digit(text[end])) ++end;
      out += text.substr(i, end - i);
      if (end < text.size() && text[end] == '.' &&
          (end + 1 == text.size() || is_blank(static_cast<unsigned char>(text[end + 1])))) {
        out += "\\.";
        ++end;
      }
      i = end - 1;
    } else if (c == '@') {
      out += c;
      std::string lowered;
      for (char r : rest.substr(1, 8)) lowered += static_cast<char>(r | 0x20);
      if (lowered.rfind("everyone", 0) == 0 || lowered.rfind("here", 0) == 0) {
        out += kZeroWidthSpace;
      }
    } else if (c == '<') {
      out += c;
      if (discord_token(rest)) out += kZeroWidthSpace;
    } else {
      out += c;
    }
    const char last = text[i];
    after_blank = is_blank(static_cast<unsigned char>(last));
    line_start = last == '\n' || (line_start && (last == ' ' || last == '\t'));
  }
  return out;
}

std::vector<std::string> split_message(std::string_view text, std::size_t max_length, bool utf16) {
  Syntax syntax;
  syntax.entities = true;
  syntax.html_tags = true;
  syntax.backslash = true;
  syntax.utf16 = utf16;
  return split_tokens(tokenize(text, syntax), max_length);
}

std::vector<std::string> render_chat(const Answer& answer, ChatMarkup markup,
                                     std::size_t max_length) {
  std::string text;
  for (const auto& reply : answer.replies) {
    std::string rendered = render_reply(reply, markup);
    if (rendered.empty()) continue;
    text += (text.empty() ? "" : "\n\n") + rendered;
  }
  return split_chat(text, markup, max_length);
}

std::vector<std::string> split_chat(std::string_view text, ChatMarkup markup,
                                    std::size_t max_length) {
  return split_tokens(tokenize(text, syntax_of(markup)), max_length);
}

std::string escape_for(ChatMarkup markup, std::string_view text) {
  switch (markup) {
    case ChatMarkup::slack_mrkdwn:
      return escape_slack(text);
    case ChatMarkup::telegram_html:
      return escape_telegram_html(text);
    case ChatMarkup::discord_markdown:
      return escape_discord(text);
    case ChatMarkup::plain:
      break;
  }
  return std::string(text);
}

}  // namespace careerbot
