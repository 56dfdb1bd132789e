#include "ask_handler.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "web_chat.hpp"

namespace careerbot {
namespace {

constexpr std::size_t kMaxConversationId = 128;

bool printable(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x20 && c != 0x7F; });
}

}  // namespace

WebResponse AskHandler::operator()(const WebRequest& request) const {
  // The body is read as JSON whatever its Content-Type: `curl -d` sends a
  // form type by default, and refusing it would help nobody.
  auto body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded()) {
    return problem_response(400, "Malformed JSON", "The request body is not valid JSON (UTF-8).");
  }
  if (!body.is_object()) {
    return problem_response(400, "Invalid request",
                            "The body must be a JSON object such as {\"text\": \"...\"}.");
  }
  if (web_chat_ != nullptr && body.contains("session")) return web_chat_->ask_over_http(body);
  auto text = body.find("text");
  if (text == body.end() || !text->is_string()) {
    return problem_response(400, "Invalid request",
                            "Field 'text' is required and must be a string.");
  }
  const auto& question = text->get_ref<const std::string&>();
  if (question.find_first_not_of(" \t\r\n") == std::string::npos) {
    return problem_response(400, "Invalid request", "Field 'text' must not be empty.");
  }
  if (question.size() > max_question_bytes_) {
    return problem_response(
        400, "Question too long",
        "Field 'text' is longer than " + std::to_string(max_question_bytes_) + " bytes.");
  }
  std::string conversation;
  if (auto id = body.find("conversation_id"); id != body.end() && !id->is_null()) {
    if (!id->is_string() || id->get_ref<const std::string&>().size() > kMaxConversationId ||
        !printable(id->get_ref<const std::string&>())) {
      return problem_response(
          400, "Invalid request",
          "Field 'conversation_id' must be a string of printable characters, at most " +
              std::to_string(kMaxConversationId) + " bytes.");
    }
    conversation = id->get<std::string>();
  }
  Answer answer = assistant_.ask(question, std::move(conversation));
  if (went_unanswered(answer)) knowledge_.note_unanswered(question, "api");
  for (const auto& reply : answer.replies) {
    metrics_.add("careerbot_answers_total", {{"status", std::string(status_name(reply.status))},
                                             {"intent", std::string(intent_name(reply.intent))}});
  }
  WebResponse response;
  response.body = answer_json(answer);  // written once, straight into the body
  return response;
}

}  // namespace careerbot
