// Chat rendering: the exact text each markup gets for a realistic answer,
// escaping per platform, and splitting long answers to the platforms' limits
// without breaking a character, an entity or a tag.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "chat_format.hpp"

using namespace careerbot;

namespace {

// ---- independent checks of the output --------------------------------------

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto lead = static_cast<unsigned char>(s[i]);
    std::size_t size = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
    if (size == 0 || i + size > s.size()) return false;
    for (std::size_t k = 1; k < size; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += size;
  }
  return true;
}

std::size_t code_points(std::string_view s) {
  std::size_t count = 0;
  for (char c : s) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return count;
}

std::size_t utf16_units(std::string_view s) {
  std::size_t count = 0;
  for (char c : s) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte & 0xC0) != 0x80) count += byte >= 0xF0 ? 2 : 1;
  }
  return count;
}

constexpr std::string_view kEntities[] = {"&lt;", "&gt;", "&amp;", "&quot;"};

// Telegram's view: tags removed, entities decoded.
std::string telegram_visible(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool markup = s[i] == '<' || s[i] == '&';
    const std::size_t end = markup ? s.find(s[i] == '<' ? '>' : ';', i) : std::string_view::npos;
    if (s[i] == '<' && end != std::string_view::npos) {
      i = end;
    } else if (s[i] == '&' && end != std::string_view::npos) {
      const std::string_view entity = s.substr(i, end + 1 - i);
      out += entity == "&lt;" ? '<' : entity == "&gt;" ? '>' : entity == "&quot;" ? '"' : '&';
      i = end;
    } else {
      out += s[i];  // malformed: kept as is, and the comparison fails
    }
  }
  return out;
}

std::size_t telegram_length(std::string_view s) {
  return utf16_units(telegram_visible(s));
}

// Only <b> <i> <code> <a href="..."> (balanced) and the four entities.
bool telegram_markup_ok(std::string_view s) {
  std::vector<std::string> open;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '&') {
      bool known = false;
      for (auto entity : kEntities) known = known || s.substr(i, entity.size()) == entity;
      if (!known) return false;
    } else if (s[i] == '>') {
      return false;
    } else if (s[i] == '<') {
      const std::size_t end = s.find('>', i);
      if (end == std::string_view::npos) return false;
      std::string tag(s.substr(i + 1, end - i - 1));
      i = end;
      if (!tag.empty() && tag[0] == '/') {
        if (open.empty() || open.back() != tag.substr(1)) return false;
        open.pop_back();
        continue;
      }
      if (tag.rfind("a href=\"", 0) == 0) tag = "a";
      if (tag != "b" && tag != "i" && tag != "code" && tag != "a") return false;
      open.push_back(tag);
    }
  }
  return open.empty();
}

// Discord's view: escapes, bold markers and zero-width spaces removed.
std::string discord_visible(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      out += s[++i];
    } else if (s.substr(i, 2) == "**") {
      ++i;
    } else if (s.substr(i, 3) == "\u200B") {
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string slack_visible(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const std::size_t end = s[i] == '&' ? s.find(';', i) : std::string_view::npos;
    if (end != std::string_view::npos) {
      const std::string_view entity = s.substr(i, end + 1 - i);
      out += entity == "&lt;" ? '<' : entity == "&gt;" ? '>' : '&';
      i = end;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string visible(ChatMarkup markup, std::string_view s) {
  switch (markup) {
    case ChatMarkup::telegram_html:
      return telegram_visible(s);
    case ChatMarkup::discord_markdown:
      return discord_visible(s);
    case ChatMarkup::slack_mrkdwn:
      return slack_visible(s);
    case ChatMarkup::plain:
      break;
  }
  return std::string(s);
}

// The length as the platform counts it.
std::size_t platform_length(ChatMarkup markup, std::string_view s) {
  return markup == ChatMarkup::telegram_html ? telegram_length(s) : code_points(s);
}

std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  std::string word;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\t') {
      if (!word.empty()) out.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) out.push_back(word);
  return out;
}

std::string without_blanks(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != ' ' && c != '\n' && c != '\t') out += c;
  }
  return out;
}

std::string joined(const std::vector<std::string>& pieces) {
  std::string out;
  for (const auto& p : pieces) out += p + "\n";
  return out;
}

bool blank_only(std::string_view s) {
  return without_blanks(s).empty();
}

// ---- answers -----------------------------------------------------------------

Reply salary_reply() {
  Reply r;
  r.status = Status::answered;
  r.intent = Intent::salary;
  r.career = CareerRef{"software-developer", "Software Developer & Tester <QA>", "15-1252"};
  r.confidence = 0.93;
  r.text =
      "Software developers earn a median salary of $121,668 a year in the United States. (Source: "
      "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics, May 2024.)";
  r.facts = {{"Median salary", "$121,668 a year",
              "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics",
              "May 2024"}};
  r.next_steps = {"Earn a bachelor's degree in computer science",
                  "Build a portfolio of \"real\" projects"};
  r.suggestions = {"What education do software developers need?"};
  return r;
}

Answer answer_of(std::vector<Reply> replies) {
  return Answer{"conv-1", std::move(replies)};
}

constexpr std::string_view kSalaryText =
    "Software developers earn a median salary of $121,668 a year in the United States. (Source: "
    "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics, May 2024.)";

// About 10,000 characters: paragraphs of sentences with multi-byte characters,
// an emoji (2 UTF-16 units), characters every markup escapes, bullet lines,
// and one 3,000-character paragraph that must be cut between sentences.
Answer long_answer() {
  Reply r;
  r.status = Status::answered;
  r.intent = Intent::overview;
  r.career = CareerRef{"cafe-owner", "Café Owner & Barista <Lead>", "11-9051"};
  int n = 0;
  auto sentence = [&n] {
    return "Sentence " + std::to_string(++n) +
           " says café résumé — naïve \"quotes\" & <tags> *stars* cost $121,668 😀.";
  };
  std::string long_paragraph;
  while (code_points(long_paragraph) < 3000) long_paragraph += sentence() + " ";
  long_paragraph.pop_back();
  r.text = long_paragraph;
  while (code_points(r.text) < 10000) {
    r.text += "\n\n";
    for (int s = 0; s < 6; ++s) r.text += sentence() + (s < 5 ? " " : "");
    if (n % 4 == 0) r.text += "\n- a bullet line with é and 😀\n- another — bullet";
  }
  r.next_steps = {"Learn espresso & latte art", "Open a <small> café"};
  return answer_of({r});
}

}  // namespace

TEST_CASE("Each markup renders a realistic answer exactly", "[format]") {
  const Answer answer = answer_of({salary_reply()});
  const std::string text(kSalaryText);

  SECTION("Slack mrkdwn") {
    const auto pieces = render_chat(answer, ChatMarkup::slack_mrkdwn, 40000);
    REQUIRE(pieces.size() == 1);
    CHECK(pieces[0] == "*Software Developer &amp; Tester &lt;QA&gt;*\n" + text +
                           "\n\nNext steps:\n"
                           "\u2022 Earn a bachelor's degree in computer science\n"
                           "\u2022 Build a portfolio of \"real\" projects");
  }
  SECTION("Telegram HTML") {
    const auto pieces = render_chat(answer, ChatMarkup::telegram_html, 4096);
    REQUIRE(pieces.size() == 1);
    CHECK(pieces[0] == "<b>Software Developer &amp; Tester &lt;QA&gt;</b>\n" + text +
                           "\n\nNext steps:\n"
                           "\u2022 Earn a bachelor's degree in computer science\n"
                           "\u2022 Build a portfolio of &quot;real&quot; projects");
    CHECK(telegram_markup_ok(pieces[0]));
  }
  SECTION("Discord markdown") {
    const auto pieces = render_chat(answer, ChatMarkup::discord_markdown, 2000);
    REQUIRE(pieces.size() == 1);
    CHECK(pieces[0] == "**Software Developer & Tester <QA>**\n" + text +
                           "\n\nNext steps:\n"
                           "- Earn a bachelor's degree in computer science\n"
                           "- Build a portfolio of \"real\" projects");
  }
  SECTION("plain text for WhatsApp and SMS") {
    const auto pieces = render_chat(answer, ChatMarkup::plain, 1600);
    REQUIRE(pieces.size() == 1);
    CHECK(pieces[0] == "Software Developer & Tester <QA>\n" + text +
                           "\n\nNext steps:\n"
                           "\u2022 Earn a bachelor's degree in computer science\n"
                           "\u2022 Build a portfolio of \"real\" projects");
  }
}

TEST_CASE("Rendering keeps facts, lists suggestions and joins replies", "[format]") {
  SECTION("a figure the text does not quote is added with its source") {
    Reply r = salary_reply();
    r.facts.push_back({"Projected growth", "+15.0% over 2024-34",
                       "U.S. Bureau of Labor Statistics, Employment Projections", "2024-34"});
    const auto pieces = render_chat(answer_of({r}), ChatMarkup::plain, 1600);
    REQUIRE(pieces.size() == 1);
    CHECK(pieces[0].find("$121,668") != std::string::npos);
    CHECK(pieces[0].find("$121,668 a year in") == pieces[0].rfind("$121,668"));  // not repeated
    CHECK(pieces[0].find("Projected growth: +15.0% over 2024-34 (Source: U.S. Bureau of Labor "
                         "Statistics, Employment Projections, 2024-34.)") != std::string::npos);
  }
  SECTION("steps the text already lists are not repeated") {
    Reply r = salary_reply();
    r.text +=
        "\n\nNext steps:\n1. Earn a bachelor's degree in computer science\n2. Build a "
        "portfolio of \"real\" projects";
    const auto pieces = render_chat(answer_of({r}), ChatMarkup::plain, 1600);
    REQUIRE(pieces.size() == 1);
    CHECK(pieces[0] == "Software Developer & Tester <QA>\n" + r.text);
  }
  SECTION("suggestions on a clarification or a fallback, not on an answer") {
    Reply fallback;
    fallback.status = Status::fallback;
    fallback.text = "Sorry, I can only help with questions about careers.";
    fallback.suggestions = {"How much do nurses make?", "What do <chefs> do?"};
    const auto telegram = render_chat(answer_of({fallback}), ChatMarkup::telegram_html, 4096);
    REQUIRE(telegram.size() == 1);
    CHECK(telegram[0] ==
          "Sorry, I can only help with questions about careers.\n\nYou could try:\n"
          "\u2022 How much do nurses make?\n\u2022 What do &lt;chefs&gt; do?");
    const auto discord = render_chat(answer_of({fallback}), ChatMarkup::discord_markdown, 2000);
    REQUIRE(discord.size() == 1);
    CHECK(discord[0].find("You could try:\n- How much do nurses make?\n- What do <chefs> do?") !=
          std::string::npos);
    CHECK(render_chat(answer_of({salary_reply()}), ChatMarkup::plain, 1600)[0].find(
              "What education") == std::string::npos);
  }
  SECTION("several replies are separated by a blank line") {
    Reply hello;
    hello.status = Status::answered;
    hello.intent = Intent::greeting;
    hello.text = "Hi! I'm careerbot.";
    const auto pieces =
        render_chat(answer_of({hello, salary_reply()}), ChatMarkup::slack_mrkdwn, 40000);
    REQUIRE(pieces.size() == 1);
    CHECK(pieces[0].rfind("Hi! I'm careerbot.\n\n*Software Developer &amp; Tester", 0) == 0);
  }
  SECTION("a title is kept on one line, so its bold cannot break") {
    Reply r = salary_reply();
    r.career->title = "Nurse\n  Practitioner\t";
    r.next_steps.clear();
    CHECK(render_chat(answer_of({r}), ChatMarkup::discord_markdown, 2000) ==
          std::vector<std::string>{"**Nurse Practitioner**\n" + r.text});
  }
  SECTION("a compare reply is headed by every title") {
    Reply r;
    r.status = Status::answered;
    r.intent = Intent::compare;
    r.careers = {{"a", "Nurse", ""}, {"b", "Doctor", ""}};
    r.career = r.careers.front();
    r.text = "Side by side:";
    CHECK(render_chat(answer_of({r}), ChatMarkup::telegram_html, 4096) ==
          std::vector<std::string>{"<b>Nurse vs Doctor</b>\nSide by side:"});
  }
}

TEST_CASE("Hostile text arrives literally on every platform", "[format]") {
  Reply r;
  r.status = Status::answered;
  r.career = CareerRef{"x", "<script>alert(\"x\")</script> & *bold*", ""};
  r.text = "Use <b>tags</b> & \"quotes\" *here* @everyone <@123>";
  const Answer answer = answer_of({r});

  const auto telegram = render_chat(answer, ChatMarkup::telegram_html, 4096);
  REQUIRE(telegram.size() == 1);
  CHECK(telegram[0] ==
        "<b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; *bold*</b>\nUse "
        "&lt;b&gt;tags&lt;/b&gt; &amp; &quot;quotes&quot; *here* @everyone &lt;@123&gt;");
  CHECK(telegram_markup_ok(telegram[0]));

  // Slack cannot escape '*': the title is left unbolded rather than broken.
  const auto slack = render_chat(answer, ChatMarkup::slack_mrkdwn, 40000);
  REQUIRE(slack.size() == 1);
  CHECK(slack[0] ==
        "&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; *bold*\nUse &lt;b&gt;tags&lt;/b&gt; "
        "&amp; \"quotes\" *here* @everyone &lt;@123&gt;");

  const auto discord = render_chat(answer, ChatMarkup::discord_markdown, 2000);
  REQUIRE(discord.size() == 1);
  CHECK(discord[0] ==
        "**<script>alert(\"x\")</script> & \\*bold\\***\nUse <b>tags</b> & \"quotes\" \\*here\\* "
        "@\u200Beveryone <\u200B@123>");
  CHECK(discord_visible(discord[0]) == "<script>alert(\"x\")</script> & *bold*\n" + r.text);

  const auto plain = render_chat(answer, ChatMarkup::plain, 1600);
  CHECK(plain == std::vector<std::string>{r.career->title + "\n" + r.text});
}

TEST_CASE("Escaping follows each platform's rules exactly", "[format]") {
  const std::string_view input = R"(a & b < c > d "e" 'f' *g* _h_)";
  CHECK(escape_slack(input) == R"(a &amp; b &lt; c &gt; d "e" 'f' *g* _h_)");
  CHECK(escape_telegram_html(input) == R"(a &amp; b &lt; c &gt; d &quot;e&quot; 'f' *g* _h_)");
  CHECK(escape_slack("&amp;") == "&amp;amp;");
  CHECK(escape_telegram_html("\"<>&") == "&quot;&lt;&gt;&amp;");

  SECTION("Discord: inline markers everywhere") {
    CHECK(escape_discord(R"(*a* _b_ ~c~ `d` |e| \f [g](h) & <i> $121,668)") ==
          R"(\*a\* \_b\_ \~c\~ \`d\` \|e\| \\f \[g\](h) & <i> $121,668)");
  }
  SECTION("Discord: block markers at a line start or after a space") {
    CHECK(escape_discord("# Title\n> quote\n- item\n  - nested\n1. first\n12. twelfth") ==
          "\\# Title\n\\> quote\n\\- item\n  \\- nested\n1\\. first\n12\\. twelfth");
    CHECK(escape_discord("2024-34 grew 1.5% in 2024. a-b #1") ==
          "2024-34 grew 1.5% in 2024. a-b \\#1");
  }
  SECTION("Discord: mentions cannot ping") {
    CHECK(escape_discord("@everyone @Here <@123> <@!4> <@&5> <#6> <:x:7> <t:1700000000> </c:8>") ==
          "@\u200Beveryone @\u200BHere <\u200B@123> <\u200B@!4> <\u200B@&5> <\u200B#6> "
          "<\u200B:x:7> <\u200Bt:1700000000> <\u200B/c:8>");
    CHECK(escape_discord("mail me @ home, a <b> c") == "mail me @ home, a <b> c");
  }
}

TEST_CASE("Long answers are split within each platform's limit", "[format]") {
  const Answer answer = long_answer();
  REQUIRE(code_points(answer.first().text) >= 10000);

  const auto [markup, limit] = GENERATE(table<ChatMarkup, std::size_t>({
      {ChatMarkup::telegram_html, 4096},
      {ChatMarkup::discord_markdown, 2000},
      {ChatMarkup::plain, 1600},
      {ChatMarkup::slack_mrkdwn, 3000},
  }));
  CAPTURE(static_cast<int>(markup), limit);

  const auto whole = render_chat(answer, markup, 1000000);
  REQUIRE(whole.size() == 1);
  const auto pieces = render_chat(answer, markup, limit);
  REQUIRE(pieces.size() >= 3);

  for (const auto& piece : pieces) {
    CAPTURE(piece.substr(0, 80), piece.substr(piece.size() > 80 ? piece.size() - 80 : 0));
    CHECK(platform_length(markup, piece) <= limit);
    CHECK(valid_utf8(piece));
    CHECK_FALSE(blank_only(piece));
    CHECK(piece.front() != ' ');
    CHECK(piece.back() != ' ');
    CHECK(piece.back() != '\n');
    if (markup == ChatMarkup::telegram_html) CHECK(telegram_markup_ok(piece));
    if (markup == ChatMarkup::discord_markdown) {
      CHECK(piece.back() != '\\');  // no escape cut from what it escapes
    }
    if (markup == ChatMarkup::slack_mrkdwn) {
      for (std::size_t at = piece.find('&'); at != std::string::npos;
           at = piece.find('&', at + 1)) {
        const auto rest = std::string_view(piece).substr(at, 5);
        CHECK((rest == "&amp;" || rest.substr(0, 4) == "&lt;" || rest.substr(0, 4) == "&gt;"));
      }
    }
  }
  // Every word, in order: cuts fall only between words.
  CHECK(words(visible(markup, joined(pieces))) == words(visible(markup, whole[0])));

  // The long paragraph is cut after a sentence, not in the middle of one.
  if (markup != ChatMarkup::telegram_html) {
    const std::string first = visible(markup, pieces[0]);
    CHECK(first.back() == '.');
  }
}

TEST_CASE("Telegram counts UTF-16 units after entity parsing", "[format]") {
  Reply r;
  r.status = Status::answered;
  std::string emoji;
  for (int i = 0; i < 3000; ++i) emoji += "\U0001F600";
  r.text = emoji;
  auto pieces = render_chat(answer_of({r}), ChatMarkup::telegram_html, 4096);
  REQUIRE(pieces.size() == 2);
  CHECK(code_points(pieces[0]) == 2048);  // 4,096 UTF-16 units
  CHECK(code_points(pieces[1]) == 952);

  r.text = std::string(5000, '&');
  pieces = render_chat(answer_of({r}), ChatMarkup::telegram_html, 4096);
  REQUIRE(pieces.size() == 2);
  CHECK(telegram_length(pieces[0]) == 4096);  // 4,096 "&amp;" entities, 20,480 bytes
  CHECK(pieces[0].size() == std::size_t{4096} * 5);
  CHECK(telegram_length(pieces[1]) == 904);
}

TEST_CASE("split_message prefers natural breaks", "[format]") {
  SECTION("a sentence end before a space mid-sentence") {
    CHECK(split_message("The first sentence is here. The second sentence runs on and on.", 40) ==
          std::vector<std::string>{"The first sentence is here.",
                                   "The second sentence runs on and on."});
  }
  SECTION("a paragraph break before a sentence end") {
    CHECK(
        split_message("One. Two words are here, and more.\n\nThree. Four is another.", 50) ==
        std::vector<std::string>{"One. Two words are here, and more.", "Three. Four is another."});
  }
  SECTION("a space before a cut inside a word") {
    CHECK(split_message("alpha beta gamma delta", 13) ==
          std::vector<std::string>{"alpha beta", "gamma delta"});
  }
  SECTION("a word longer than the limit is cut between characters") {
    CHECK(split_message("éééééééé", 3) == std::vector<std::string>{"ééé", "ééé", "éé"});
    CHECK(split_message("😀😀😀", 3, true) == std::vector<std::string>{"😀", "😀", "😀"});
  }
  SECTION("entities and escapes stay whole") {
    CHECK(split_message("a&amp;b&quot;c", 6) ==
          std::vector<std::string>{"a&amp;", "b", "&quot;", "c"});
    CHECK(split_message(R"(ab\*cd)", 3) == std::vector<std::string>{"ab", R"(\*c)", "d"});
  }
  SECTION("a tag open at a cut is closed and re-opened") {
    const auto pieces = split_message("<b>bold words go on and on and on</b> plain tail", 20);
    REQUIRE(pieces.size() >= 3);
    for (const auto& p : pieces) {
      CAPTURE(p);
      CHECK(p.size() <= 20);
      CHECK(telegram_markup_ok(p));
    }
    CHECK(pieces.front().rfind("<b>bold", 0) == 0);
    CHECK(words(telegram_visible(joined(pieces))) ==
          words("bold words go on and on and on plain tail"));
  }
  SECTION("blank leftovers are dropped") {
    CHECK(split_message("  \n\n  ", 10).empty());
    CHECK(split_message("abc\n\n\n\n   ", 4) == std::vector<std::string>{"abc"});
    CHECK(split_message("", 10).empty());
  }
}

TEST_CASE("Tiny limits still terminate without broken characters", "[format]") {
  Reply r = salary_reply();
  r.career->title = "Café 😀 & <Chef> *star*";
  r.text += " Naïve — résumé 😀 \"ok\" & done.";
  const Answer answer = answer_of({r});
  const auto markup = GENERATE(ChatMarkup::slack_mrkdwn, ChatMarkup::telegram_html,
                               ChatMarkup::plain, ChatMarkup::discord_markdown);
  const auto whole = render_chat(answer, markup, 1000000);
  REQUIRE(whole.size() == 1);
  for (std::size_t limit = 0; limit < 20; ++limit) {
    CAPTURE(static_cast<int>(markup), limit);
    const auto pieces = render_chat(answer, markup, limit);
    REQUIRE_FALSE(pieces.empty());
    for (const auto& piece : pieces) {
      CAPTURE(piece);
      CHECK(valid_utf8(piece));
      CHECK_FALSE(blank_only(piece));
      // A single entity ("&quot;" is 6) may not fit below that.
      if (limit >= 6) CHECK(platform_length(markup, piece) <= limit);
      if (markup == ChatMarkup::telegram_html) CHECK(telegram_markup_ok(piece));
    }
    CHECK(without_blanks(visible(markup, joined(pieces))) ==
          without_blanks(visible(markup, whole[0])));
  }
}
