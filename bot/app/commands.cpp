#include "commands.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "ask_handler.hpp"
#include "assistant.hpp"
#include "config.hpp"
#include "evaluation.hpp"
#include "http_server.hpp"
#include "log.hpp"
#include "ops_handler.hpp"
#include "router.hpp"

extern char** environ;

namespace careerbot {
namespace {

Config load(const CommonOptions& common, std::optional<int> port = std::nullopt) {
  Config config = load_config({common.config_file, common.data_dir, port}, environ);
  log::Level level = log::Level::info;
  log::parse_level(config.log_level, level);
  log::set_level(level);
  return config;
}

SnapshotPtr load_knowledge(const Config& config) {
  KnowledgeError error;
  auto kb = load_knowledge_dir(config.knowledge_dir, error);
  if (!kb) throw ConfigError("knowledge base: " + error.message());
  return std::make_shared<const Snapshot>(std::move(*kb));
}

// Start-up failures are reported once, plainly, with a non-zero exit.
template <typename Body>
int guarded(const char* command, Body body) {
  try {
    return body();
  } catch (const std::exception& e) {
    log::write(log::Level::error, "startup_failed", {{"command", command}, {"error", e.what()}});
    std::cerr << "careerbot " << command << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace

int run_serve(const CommonOptions& common, std::optional<int> port) {
  return guarded("serve", [&] {
    Config config = load(common, port);
    std::filesystem::create_directories(config.data_dir);
    SnapshotPtr snapshot = load_knowledge(config);
    log::write(log::Level::info, "knowledge_loaded",
               {{"careers", snapshot->kb.size()}, {"dir", config.knowledge_dir}});

    Metrics metrics;
    ConversationStore conversations(config.conversations.max_conversations,
                                    config.conversations.ttl);
    Assistant assistant(snapshot, config.matcher, conversations);
    AskHandler ask(assistant, metrics, config.max_question_bytes);
    OpsHandler ops(assistant, metrics, config.data_dir);

    Router router;
    router.add("POST", "/v1/ask", [&ask](const WebRequest& r) { return ask(r); });
    router.add("GET", "/healthz", [&ops](const WebRequest& r) { return ops.health(r); });
    router.add("GET", "/readyz", [&ops](const WebRequest& r) { return ops.ready(r); });
    router.add("GET", "/metrics", [&ops](const WebRequest& r) { return ops.metrics(r); });

    HttpServer server(config.http, router, metrics);
    unsigned short bound = server.listen();
    log::write(log::Level::info, "http_listening",
               {{"host", config.http.host}, {"port", bound}, {"threads", config.http.threads}});
    server.run();
    log::write(log::Level::info, "stopped");
    return 0;
  });
}

int run_ask(const CommonOptions& common, const std::string& question, bool as_json,
            const std::string& conversation) {
  return guarded("ask", [&] {
    Config config = load(common);
    if (question.find_first_not_of(" \t\r\n") == std::string::npos) {
      std::cerr << "careerbot ask: the question is empty\n";
      return 2;
    }
    if (question.size() > config.max_question_bytes) {
      std::cerr << "careerbot ask: the question is longer than " << config.max_question_bytes
                << " bytes\n";
      return 2;
    }
    ConversationStore conversations(16, config.conversations.ttl);
    Assistant assistant(load_knowledge(config), config.matcher, conversations);
    Answer answer = assistant.ask(question, conversation);
    if (as_json) {
      std::cout << answer_to_json(answer).dump(2, ' ', false,
                                               nlohmann::json::error_handler_t::replace)
                << "\n";
    } else {
      std::cout << answer.text() << "\n";
    }
    return 0;
  });
}

int run_kb_validate(const CommonOptions& common, const std::string& dir) {
  return guarded("kb validate", [&] {
    Config config = load(common);
    std::string target = dir.empty() ? config.knowledge_dir : dir;
    KnowledgeError error;
    auto kb = load_knowledge_dir(target, error);
    if (!kb) {
      std::cerr << "invalid: " << error.message() << "\n";
      return 1;
    }
    std::cout << "ok: " << kb->size() << " career profiles in " << target << "\n";
    return 0;
  });
}

int run_eval(const CommonOptions& common, const std::string& file, const std::string& kb,
             double min_accuracy) {
  return guarded("eval", [&] {
    Config config = load(common);
    log::set_level(log::Level::warn);
    ConversationStore conversations(100000, config.conversations.ttl);
    Assistant assistant(load_knowledge(config), config.matcher, conversations);
    std::ifstream in(file);
    EvalReport report = run_evaluation(in, kb, assistant);
    std::cout << format_report(report);
    if (report.overall.total == 0) {
      std::cerr << "careerbot eval: no cases for knowledge base '" << kb << "' in " << file << "\n";
      return 1;
    }
    return report.overall.accuracy() + 1e-9 < min_accuracy ? 1 : 0;
  });
}

}  // namespace careerbot
