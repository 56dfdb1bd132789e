#include <unistd.h>

#include <cstdio>
#include <fstream>

#include <catch2/catch.hpp>

#include "config.hpp"

using namespace careerbot;

namespace {

Config load(const std::string& file_text, std::vector<std::string> env = {},
            ConfigSources sources = {}) {
  std::vector<char*> environ_vars;
  for (auto& e : env) environ_vars.push_back(e.data());
  environ_vars.push_back(nullptr);
  if (!file_text.empty()) {
    // One file per process: ctest runs test cases in parallel processes.
    sources.file = "/tmp/careerbot-config-test-" + std::to_string(::getpid()) + ".json";
    std::ofstream(sources.file) << file_text;
  }
  struct Remove {
    std::string path;
    ~Remove() {
      if (!path.empty()) std::remove(path.c_str());
    }
  } remove{sources.file};
  return load_config(sources, environ_vars.data());
}

std::string error_of(const std::string& file_text, std::vector<std::string> env = {}) {
  try {
    load(file_text, std::move(env));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("defaults serve the bundled knowledge base on 127.0.0.1:8080", "[config]") {
  Config c = load("");
  CHECK(c.http.host == "127.0.0.1");
  CHECK(c.http.port == 8080);
  CHECK(c.data_dir == "./var");
  CHECK(!c.knowledge_dir.empty());
}

TEST_CASE("the intent model defaults to the committed file, an empty path turns it off",
          "[config]") {
  CHECK(load("").intent_model.ends_with("knowledge/intent/intent-model.ftz"));
  CHECK(load("", {"CAREERBOT_INTENT_MODEL=/srv/intent.ftz"}).intent_model == "/srv/intent.ftz");
  CHECK(load("", {"CAREERBOT_INTENT_MODEL="}).intent_model.empty());
  CHECK(load(R"({"intent_model": ""})").intent_model.empty());
}

TEST_CASE("file, environment and flags override in that order", "[config]") {
  Config c = load(R"({"http": {"port": 9000, "threads": 3}, // comment
                      "data_dir": "/srv/cb"})",
                  {"CAREERBOT_HTTP_THREADS=4", "CAREERBOT_MATCHER_ANSWER_THRESHOLD=0.6", "OTHER=1"},
                  ConfigSources{"", std::string("/data"), 0, std::nullopt});
  CHECK(c.http.port == 0);
  CHECK(c.http.threads == 4);
  CHECK(c.data_dir == "/data");
  CHECK(c.matcher.answer_threshold == Approx(0.6));
}

TEST_CASE("bad configuration names the key", "[config]") {
  CHECK(error_of(R"({"http": {"port": 70000}})").find("'http.port'") != std::string::npos);
  CHECK(error_of(R"({"htp": {}})").find("'htp'") != std::string::npos);
  CHECK(error_of(R"({"log": {"level": "loud"}})").find("'log.level'") != std::string::npos);
  CHECK(error_of(R"([1, 2])").find("not a JSON object") != std::string::npos);
  CHECK(error_of(R"({"": 1})") == "config has an empty key");
  CHECK(error_of(R"({"http": {"": 1}})") == "config key 'http' has an empty key");
  CHECK(error_of("", {"CAREERBOT_HTTP_PORT=http"}).find("CAREERBOT_HTTP_PORT") !=
        std::string::npos);
  CHECK(env_name("http.max_body_bytes") == "CAREERBOT_HTTP_MAX_BODY_BYTES");
}

TEST_CASE("channel and email settings: secrets from files, checks naming the key", "[config]") {
  Config c = load("", {"CAREERBOT_CHANNELS_SLACK_SIGNING_SECRET=s3cret",
                       "CAREERBOT_CHANNELS_SLACK_BOT_TOKEN=xoxb-1",
                       "CAREERBOT_EMAIL_ADDRESS=careers@example.org",
                       "CAREERBOT_EMAIL_ACCEPT_DOMAINS=[\"Ask.Example.org\"]"});
  CHECK(c.slack.enabled());
  CHECK(!c.telegram.enabled());
  CHECK(c.slack.api_base == "https://slack.com");
  CHECK(c.email.enabled());
  CHECK(c.email.accept_domains == std::vector<std::string>{"ask.example.org"});

  CHECK(error_of(R"({"channels": {"telegram": {"secret_token": "has space"}}})")
            .find("'channels.telegram.secret_token'") != std::string::npos);
  CHECK(error_of(R"({"channels": {"slack": {"api_base": "slack.com"}}})")
            .find("'channels.slack.api_base'") != std::string::npos);
  CHECK(error_of(R"({"channels": {"discord": {"public_key": "abc"}}})")
            .find("'channels.discord.public_key'") != std::string::npos);
  CHECK(error_of(R"({"email": {"relay": {"tls": "ssl"}}})").find("'email.relay.tls'") !=
        std::string::npos);
  CHECK(error_of(R"({"email": {"smtp": {"tls_cert_file": "/x.pem"}}})")
            .find("email.smtp.tls_key_file") != std::string::npos);
  CHECK(error_of(R"({"channels": {"slack": {"bot_token": "a", "bot_token_file": "/b"}}})")
            .find("'channels.slack.bot_token_file'") != std::string::npos);
  CHECK(error_of(R"({"channels": {"slack": {"bot_token_file": "/nonexistent/token"}}})")
            .find("cannot read /nonexistent/token") != std::string::npos);
}

TEST_CASE("the example configuration is valid", "[config]") {
  Config c = load_config({CAREERBOT_TEST_SOURCE_DIR "/config/careerbot.example.json", {}, {}, {}},
                         nullptr);
  CHECK(c.http.port == 8080);
  CHECK(c.email.smtp_port == 2525);
  CHECK(!c.slack.enabled());
}
