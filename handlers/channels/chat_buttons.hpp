// Buttons under a chat answer, for the platforms that have them (Telegram,
// Slack, WhatsApp, Discord): the quiz's three choices while an interest quiz
// runs, or "Tell me about <title>" for the first recommended careers. A
// button's `data` ("quiz:like") is what the platform sends back when it is
// tapped; tapping it is the same as typing `button_answer(data)` ("like") into
// the conversation. Each adapter draws the buttons in its platform's format;
// only the last message of an answer carries them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "answer.hpp"
#include "chat_format.hpp"

namespace careerbot {

struct ChatButton {
  std::string label;  // "Like", "Tell me about Registered Nurses"
  std::string data;   // "quiz:like": at most kMaxButtonData bytes

  bool operator==(const ChatButton&) const = default;
};

// Telegram's limit for callback_data, the smallest of the platforms' limits.
inline constexpr std::size_t kMaxButtonData = 64;
inline constexpr std::size_t kMaxButtons = 3;

// The buttons for an answer: its last reply's quiz choices, or else (for
// recommendations) up to three careers to ask about; none otherwise. Buttons
// whose labels are longer than `max_label` code points (when not 0) are left out.
std::vector<ChatButton> chat_buttons(const Answer& answer, std::size_t max_label = 0);

// What tapping a button types: the data after a known prefix ("quiz:like" ->
// "like", "ask:Tell me about Nurses" -> "Tell me about Nurses"), anything else
// as it is ("quiz:banana" -> "banana", which the assistant says it didn't catch).
std::string button_answer(std::string_view data);

// Unicode code points in UTF-8 text, and the text cut to at most `max` of them
// (with an ellipsis when cut), for the platforms' label limits.
std::size_t code_points(std::string_view text);
std::string clip(std::string_view text, std::size_t max);

// When the message that carries buttons has a smaller limit than other
// messages (WhatsApp's interactive body, Slack's section block), the last
// piece is cut again to fit it.
void fit_last_piece(std::vector<std::string>& pieces, ChatMarkup markup, std::size_t limit);

// [{"label": "Like", "data": "quiz:like"}, ...] in outbox payloads, and back
// (entries that are not such objects are dropped).
nlohmann::json buttons_to_json(const std::vector<ChatButton>& buttons);
std::vector<ChatButton> buttons_from_json(const nlohmann::json& list);

}  // namespace careerbot
