// The service configuration: one JSON file (config/careerbot.example.json
// documents every key), then CAREERBOT_* environment variables, then
// command-line flags. Invalid values fail start-up naming the key.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "matcher.hpp"

namespace careerbot {

struct HttpConfig {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 = any free port
  int threads = 2;
  int max_connections = 1024;
  std::size_t max_body_bytes = std::size_t{1024} * 1024;
  std::size_t max_header_bytes = std::size_t{16} * 1024;
  std::chrono::milliseconds read_timeout{10000};
  std::chrono::milliseconds idle_timeout{60000};
  std::chrono::milliseconds shutdown_grace{10000};
};

struct ConversationConfig {
  std::size_t max_conversations = 100000;
  std::chrono::seconds ttl{1800};
};

// An admin API token, stored as a salted hash (`careerbot admin token` makes one).
struct AdminToken {
  std::string name;    // who, in the audit log
  std::string salt;    // hex
  std::string sha256;  // hex of SHA-256(salt bytes + token)
  bool read = false;
  bool write = false;  // implies read
};

// The generic JSON webhook channel; off unless a secret is set.
struct WebhookChannelConfig {
  std::string secret;  // from the config, CAREERBOT_CHANNELS_WEBHOOK_SECRET or secret_file
  std::chrono::seconds replay_window{300};
};

struct Config {
  HttpConfig http;
  std::string data_dir = "./var";
  std::string knowledge_dir;  // the bundled knowledge base unless set
  ConversationConfig conversations;
  MatcherSettings matcher;
  std::size_t max_question_bytes = 4000;
  std::vector<AdminToken> admin_tokens;
  WebhookChannelConfig webhook;
  std::string log_level = "info";
};

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Where a configuration comes from; empty optionals leave values alone.
struct ConfigSources {
  std::string file;                     // --config
  std::optional<std::string> data_dir;  // --data-dir
  std::optional<int> port;              // --port
};

// Built-in defaults < file < environment (`environ`) < flags. Throws ConfigError.
Config load_config(const ConfigSources& sources, char** environ_vars);

// The name of the environment variable for a key: "http.port" -> CAREERBOT_HTTP_PORT.
std::string env_name(const std::string& key);

}  // namespace careerbot
