// Turns an Answer into the chat messages one platform shows: Slack mrkdwn,
// Telegram HTML, Discord markdown, or plain text (WhatsApp, SMS). Everything
// the answer says is escaped for the target markup, so a career title holding
// `<script>`, `&` or `*` arrives literally; the only markup is ours (a bold
// title). Long answers become several messages, each within the platform's
// length limit, cut at the most natural place that fits.
//
// Lengths are counted as each platform counts them: Unicode code points for
// Slack, Discord and plain text (markup characters included, since those
// platforms count the raw text), and for Telegram UTF-16 code units of the text
// after entity parsing (tags count nothing, `&amp;` counts one).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "answer.hpp"

namespace careerbot {

enum class ChatMarkup { slack_mrkdwn, telegram_html, plain, discord_markdown };

// The messages to send for one answer, in order; each within `max_length` and
// none empty. Several replies are separated by a blank line. A limit too small
// for even one character or entity yields that unit alone (never a broken one);
// a limit of 0 is treated as 1.
std::vector<std::string> render_chat(const Answer& answer, ChatMarkup markup,
                                     std::size_t max_length);

// Cuts text already rendered for `markup` as render_chat does, counting as that
// platform counts.
std::vector<std::string> split_chat(std::string_view text, ChatMarkup markup,
                                    std::size_t max_length);

// Plain text made safe for the platform's markup (the escape_* below; plain
// text as it is).
std::string escape_for(ChatMarkup markup, std::string_view text);

// & < >  ->  &amp; &lt; &gt;
std::string escape_slack(std::string_view text);
// & < > "  ->  &amp; &lt; &gt; &quot;
std::string escape_telegram_html(std::string_view text);
// Backslash before \ * _ ~ ` | [ ] everywhere, and before > # - at the start
// of a line or after a space (where a cut may put them at a line start), and
// before the dot of "1. " at a line start. A zero-width space defuses
// @everyone, @here and <@...>, <#...>, <:...:...>, </...>, <t:...> tokens.
std::string escape_discord(std::string_view text);

// Splits `text` into pieces of at most `max_length` code points (UTF-16 units
// when `utf16`), counting every byte of markup, which is conservative for
// Telegram. Prefers a paragraph break, then a line break, a sentence end, a
// space, and only then any character boundary (a preferred break is used when
// it leaves the piece at least half full). Never cuts inside a UTF-8 sequence,
// an entity (`&amp;`, `&#8212;`), a backslash escape (`\*`) or a Telegram tag;
// tags open at a cut are closed at the end of the piece and re-opened at the
// start of the next (or dropped from a piece too small to hold them). Pieces
// are trimmed; whitespace-only pieces are dropped.
std::vector<std::string> split_message(std::string_view text, std::size_t max_length,
                                       bool utf16 = false);

}  // namespace careerbot
