// POST /v1/ask: a question in, an answer out (SPEC section 3).
#pragma once

#include "assistant.hpp"
#include "knowledge_service.hpp"
#include "metrics.hpp"
#include "web.hpp"

namespace careerbot {

class WebChat;

class AskHandler {
 public:
  // Questions that get a fallback are noted in `knowledge` for admins.
  AskHandler(Assistant& assistant, KnowledgeService& knowledge, Metrics& metrics,
             std::size_t max_question_bytes)
      : assistant_(assistant),
        knowledge_(knowledge),
        metrics_(metrics),
        max_question_bytes_(max_question_bytes) {}

  // A question with a "session" belongs to that web chat (the widget's
  // fallback where WebSockets are blocked): it is answered there.
  void join_web_chat(WebChat& web_chat) { web_chat_ = &web_chat; }

  WebResponse operator()(const WebRequest& request) const;

 private:
  Assistant& assistant_;
  KnowledgeService& knowledge_;
  Metrics& metrics_;
  std::size_t max_question_bytes_;
  WebChat* web_chat_ = nullptr;
};

}  // namespace careerbot
