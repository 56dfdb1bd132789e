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
    sources.file = "/tmp/careerbot-config-test.json";
    std::ofstream(sources.file) << file_text;
  }
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

TEST_CASE("file, environment and flags override in that order", "[config]") {
  Config c = load(R"({"http": {"port": 9000, "threads": 3}, // comment
                      "data_dir": "/srv/cb"})",
                  {"CAREERBOT_HTTP_THREADS=4", "CAREERBOT_MATCHER_ANSWER_THRESHOLD=0.6", "OTHER=1"},
                  ConfigSources{"", std::string("/data"), 0});
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
  CHECK(error_of("", {"CAREERBOT_HTTP_PORT=http"}).find("CAREERBOT_HTTP_PORT") !=
        std::string::npos);
  CHECK(env_name("http.max_body_bytes") == "CAREERBOT_HTTP_MAX_BODY_BYTES");
}
