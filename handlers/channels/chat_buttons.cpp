#include "chat_buttons.hpp"

#include <array>
#include <utility>

namespace careerbot {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 2> kPrefixes = {"quiz:", "ask:"};

bool continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

// Blanks (newlines included) collapsed to single spaces, none at the ends.
std::string one_line(std::string_view text) {
  std::string out;
  for (char c : text) {
    const bool blank = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (blank && (out.empty() || out.back() == ' ')) continue;
    out += blank ? ' ' : c;
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// "not sure" -> "Not sure".
std::string capitalized(std::string_view text) {
  std::string out = one_line(text);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z')
    out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

void add(std::vector<ChatButton>& buttons, std::size_t max_label, std::string label,
         std::string data) {
  if (label.empty() || data.size() > kMaxButtonData || buttons.size() >= kMaxButtons) return;
  if (max_label > 0 && code_points(label) > max_label) return;
  for (const auto& b : buttons) {
    if (b.data == data) return;  // platforms want distinct ids
  }
  buttons.push_back({std::move(label), std::move(data)});
}

}  // namespace

std::vector<ChatButton> chat_buttons(const Answer& answer, std::size_t max_label) {
  std::vector<ChatButton> buttons;
  if (answer.replies.empty()) return buttons;
  const Reply& last = answer.replies.back();
  if (last.assessment) {
    for (const auto& choice : last.assessment->choices) {
      add(buttons, max_label, capitalized(choice), "quiz:" + one_line(choice));
    }
    return buttons;
  }
  for (const auto& match : last.matches) {
    const std::string title = one_line(match.career.title);
    if (title.empty()) continue;
    std::string label = "Tell me about " + title;
    std::string data = "ask:" + label;
    add(buttons, max_label, std::move(label), std::move(data));
  }
  return buttons;
}

std::string button_answer(std::string_view data) {
  for (auto prefix : kPrefixes) {
    if (data.starts_with(prefix)) return std::string(data.substr(prefix.size()));
  }
  return std::string(data);
}

std::size_t code_points(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) count += continuation(c) ? 0U : 1U;
  return count;
}

std::string clip(std::string_view text, std::size_t max) {
  if (code_points(text) <= max) return std::string(text);
  if (max == 0) return {};
  std::size_t kept = 0;
  std::size_t end = 0;
  while (end < text.size()) {
    if (!continuation(text[end]) && kept++ == max - 1) break;
    ++end;
  }
  return std::string(text.substr(0, end)) + "\u2026";
}

void fit_last_piece(std::vector<std::string>& pieces, ChatMarkup markup, std::size_t limit) {
  if (pieces.empty() || limit == 0) return;
  std::vector<std::string> cut = split_chat(pieces.back(), markup, limit);
  if (cut.size() <= 1) return;
  pieces.pop_back();
  for (auto& piece : cut) pieces.push_back(std::move(piece));
}

json buttons_to_json(const std::vector<ChatButton>& buttons) {
  json list = json::array();
  for (const auto& b : buttons) list.push_back({{"label", b.label}, {"data", b.data}});
  return list;
}

std::vector<ChatButton> buttons_from_json(const json& list) {
  std::vector<ChatButton> buttons;
  if (!list.is_array()) return buttons;
  for (const auto& item : list) {
    if (!item.is_object() || !item.contains("label") || !item["label"].is_string() ||
        !item.contains("data") || !item["data"].is_string()) {
      continue;
    }
    buttons.push_back({item["label"].get<std::string>(), item["data"].get<std::string>()});
  }
  return buttons;
}

}  // namespace careerbot
