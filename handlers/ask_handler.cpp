#include "ask_handler.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "json_members.hpp"
#include "web_chat.hpp"

namespace careerbot {
namespace {

constexpr std::size_t kMaxConversationId = 128;

bool printable(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x20 && c != 0x7F; });
}

}  // namespace

WebResponse AskHandler::operator()(const WebRequest& request) const {
  // The body is read as JSON whatever its Content-Type: `curl -d` sends a
  // form type by default, and refusing it would help nobody. One reader per
  // thread: its buffers are kept from one request to the next.
  thread_local JsonMembers body;
  switch (body.read(request.body)) {
    case JsonMembers::Read::malformed:
      return problem_response(400, "Malformed JSON", "The request body is not valid JSON (UTF-8).");
    case JsonMembers::Read::not_object:
      return problem_response(400, "Invalid request",
                              "The body must be a JSON object such as {\"text\": \"...\"}.");
    case JsonMembers::Read::object:
      break;
  }
  if (web_chat_ != nullptr && body.find("session")) {
    return web_chat_->ask_over_http(nlohmann::json::parse(request.body));
  }
  auto text = body.find("text");
  if (!text || text->kind != JsonMembers::Kind::string) {
    return problem_response(400, "Invalid request",
                            "Field 'text' is required and must be a string.");
  }
  const std::string_view question = text->text;
  if (question.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return problem_response(400, "Invalid request", "Field 'text' must not be empty.");
  }
  if (question.size() > max_question_bytes_) {
    return problem_response(
        400, "Question too long",
        "Field 'text' is longer than " + std::to_string(max_question_bytes_) + " bytes.");
  }
  std::string conversation;
  if (auto id = body.find("conversation_id"); id && id->kind != JsonMembers::Kind::null) {
    if (id->kind != JsonMembers::Kind::string || id->text.size() > kMaxConversationId ||
        !printable(id->text)) {
      return problem_response(
          400, "Invalid request",
          "Field 'conversation_id' must be a string of printable characters, at most " +
              std::to_string(kMaxConversationId) + " bytes.");
    }
    conversation = id->text;
  }
  Answer answer = assistant_.ask(question, std::move(conversation));
  if (went_unanswered(answer)) knowledge_.note_unanswered(std::string(question), "api");
  for (const auto& reply : answer.replies) {
    metrics_.add("careerbot_answers_total", {{"status", std::string(status_name(reply.status))},
                                             {"intent", std::string(intent_name(reply.intent))}});
  }
  WebResponse response;
  response.body = answer_json(answer);  // written once, straight into the body
  return response;
}

}  // namespace careerbot
