#include "config.hpp"

#include <cctype>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#ifndef CAREERBOT_DEFAULT_KNOWLEDGE_BUNDLE
#define CAREERBOT_DEFAULT_KNOWLEDGE_BUNDLE "knowledge/bundle/careers.jsonl.zst"
#endif
#ifndef CAREERBOT_DEFAULT_INTENT_MODEL
#define CAREERBOT_DEFAULT_INTENT_MODEL "knowledge/intent/intent-model.ftz"
#endif
#ifndef CAREERBOT_DEFAULT_KNOWLEDGE_DIR
#define CAREERBOT_DEFAULT_KNOWLEDGE_DIR "knowledge/data"
#endif

namespace careerbot {
namespace {

using nlohmann::json;

// Every key with its default; the file and environment may only set these.
json defaults() {
  Config c;
  return {
      {"http",
       {{"host", c.http.host},
        {"port", c.http.port},
        {"threads", c.http.threads},
        {"blocking_threads", c.http.blocking_threads},
        {"max_connections", c.http.max_connections},
        {"max_body_bytes", c.http.max_body_bytes},
        {"max_header_bytes", c.http.max_header_bytes},
        {"read_timeout_ms", c.http.read_timeout.count()},
        {"idle_timeout_ms", c.http.idle_timeout.count()},
        {"shutdown_grace_ms", c.http.shutdown_grace.count()},
        {"trusted_proxies", json::array()}}},
      {"privacy",
       {{"messages_days", c.privacy.messages_days},
        {"handoff_days", c.privacy.handoff_days},
        {"unanswered_days", c.privacy.unanswered_days},
        {"purge_interval_minutes", c.privacy.purge_interval.count()}}},
      {"limits",
       {{"enabled", c.limits.enabled},
        {"questions_per_minute", c.limits.questions_per_minute},
        {"question_burst", c.limits.question_burst},
        {"admin_requests_per_minute", c.limits.admin_requests_per_minute},
        {"admin_burst", c.limits.admin_burst},
        {"failed_signins_per_hour", c.limits.failed_signins_per_hour},
        {"web_sessions_per_hour", c.limits.web_sessions_per_hour},
        {"web_session_burst", c.limits.web_session_burst},
        {"max_clients", c.limits.max_clients}}},
      {"data_dir", c.data_dir},
      {"store", {{"backend", c.store.backend}, {"postgresql", {{"url", ""}, {"url_file", ""}}}}},
      {"knowledge_dir", CAREERBOT_DEFAULT_KNOWLEDGE_DIR},
      {"knowledge_bundle", CAREERBOT_DEFAULT_KNOWLEDGE_BUNDLE},
      {"intent_model", CAREERBOT_DEFAULT_INTENT_MODEL},
      {"conversations",
       {{"max_conversations", c.conversations.max_conversations},
        {"ttl_seconds", c.conversations.ttl.count()}}},
      {"matcher",
       {{"answer_threshold", c.matcher.answer_threshold},
        {"max_candidates", c.matcher.max_candidates},
        {"remembered_texts", c.matcher.remembered_texts}}},
      {"ask", {{"max_question_bytes", c.max_question_bytes}}},
      {"log", {{"level", c.log_level}}},
      {"admin", {{"tokens", json::array()}, {"max_import_bytes", c.admin_max_import_bytes}}},
      {"channels",
       {{"webhook",
         {{"secret", ""},
          {"secret_file", ""},
          {"replay_window_seconds", c.webhook.replay_window.count()}}},
        {"slack",
         {{"signing_secret", ""},
          {"signing_secret_file", ""},
          {"bot_token", ""},
          {"bot_token_file", ""},
          {"api_base", c.slack.api_base},
          {"replay_window_seconds", c.slack.replay_window.count()}}},
        {"telegram",
         {{"secret_token", ""},
          {"secret_token_file", ""},
          {"bot_token", ""},
          {"bot_token_file", ""},
          {"api_base", c.telegram.api_base}}},
        {"whatsapp",
         {{"app_secret", ""},
          {"app_secret_file", ""},
          {"verify_token", ""},
          {"verify_token_file", ""},
          {"access_token", ""},
          {"access_token_file", ""},
          {"api_base", c.whatsapp.api_base},
          {"api_version", c.whatsapp.api_version}}},
        {"twilio",
         {{"auth_token", ""},
          {"auth_token_file", ""},
          {"account_sid", ""},
          {"public_url", ""},
          {"api_base", c.twilio.api_base}}},
        {"discord",
         {{"public_key", ""},
          {"application_id", ""},
          {"api_base", c.discord.api_base},
          {"defer", c.discord.defer}}},
        {"sender_messages_per_window", c.channel_limits.sender_messages},
        {"sender_window_seconds", c.channel_limits.sender_window.count()},
        {"max_body_bytes", c.channel_limits.max_body_bytes}}},
      {"email",
       {{"address", ""},
        {"display_name", c.email.display_name},
        {"accept_domains", json::array()},
        {"accept_addresses", json::array()},
        {"replies_per_sender", c.email.replies_per_sender},
        {"sender_window_seconds", c.email.sender_window.count()},
        {"max_webhook_body_bytes", c.email.max_webhook_body_bytes},
        {"smtp",
         {{"host", c.email.smtp_host},
          {"port", c.email.smtp_port},
          {"hostname", c.email.smtp_hostname},
          {"max_message_bytes", c.email.max_message_bytes},
          {"max_recipients", c.email.max_recipients},
          {"max_sessions", c.email.max_sessions},
          {"tls_cert_file", ""},
          {"tls_key_file", ""},
          {"require_tls", false},
          {"auth_user", ""},
          {"auth_password", ""},
          {"auth_password_file", ""},
          {"command_timeout_seconds", c.email.command_timeout.count()},
          {"data_timeout_seconds", c.email.data_timeout.count()}}},
        {"relay",
         {{"host", ""},
          {"port", c.email.relay_port},
          {"tls", c.email.relay_tls},
          {"ca_file", ""},
          {"username", ""},
          {"password", ""},
          {"password_file", ""}}},
        {"mailgun",
         {{"signing_key", ""},
          {"signing_key_file", ""},
          {"replay_window_seconds", c.email.mailgun_window.count()}}},
        {"sendgrid",
         {{"username", c.email.sendgrid_username}, {"password", ""}, {"password_file", ""}}},
        {"postmark",
         {{"username", c.email.postmark_username}, {"password", ""}, {"password_file", ""}}}}},
      {"web",
       {{"allowed_origins", json::array()},
        {"assets_dir", ""},
        {"max_message_bytes", c.web.max_message_bytes},
        {"questions_per_minute", c.web.questions_per_minute},
        {"question_burst", c.web.question_burst},
        {"idle_timeout_seconds", c.web.idle_timeout.count()},
        {"history_days", c.web.history_days}}},
      {"handoff",
       {{"email", ""},
        {"slack_channel", ""},
        {"counselor", c.handoff.counselor},
        {"reply_within", c.handoff.reply_within},
        {"timeout_hours", c.handoff.timeout.count()},
        {"after_fallbacks", c.handoff.after_fallbacks}}},
      {"delivery",
       {{"ca_file", ""},
        {"connect_timeout_ms", c.delivery.connect_timeout.count()},
        {"request_timeout_ms", c.delivery.request_timeout.count()},
        {"max_attempts", c.delivery.max_attempts},
        {"first_retry_ms", c.delivery.first_retry.count()},
        {"max_retry_ms", c.delivery.max_retry.count()}}},
  };
}

// Copies `source` over `target`, refusing keys that `target` does not have.
void merge(json& target, const json& source, const std::string& prefix) {
  for (const auto& item : source.items()) {
    std::string key = prefix.empty() ? item.key() : prefix + "." + item.key();
    if (item.key().empty())
      throw ConfigError(prefix.empty() ? std::string("config has an empty key")
                                       : "config key '" + prefix + "' has an empty key");
    if (item.key().front() == '_') continue;  // "_comment" keys document the file
    auto it = target.find(item.key());
    if (it == target.end()) throw ConfigError("config key '" + key + "' is not a known setting");
    if (it->is_object()) {
      if (!item.value().is_object())
        throw ConfigError("config key '" + key + "' must be an object");
      merge(*it, item.value(), key);
    } else {
      *it = item.value();
    }
  }
}

// Applies CAREERBOT_* variables to every leaf key, parsed by the key's default type.
void apply_environment(json& node, const json& model, const std::string& prefix,
                       const std::map<std::string, std::string>& env) {
  for (auto& item : node.items()) {
    std::string key = prefix.empty() ? item.key() : prefix + "." + item.key();
    const json& kind = model.at(item.key());
    if (kind.is_object()) {
      apply_environment(item.value(), kind, key, env);
      continue;
    }
    auto found = env.find(env_name(key));
    if (found == env.end()) continue;
    const std::string& text = found->second;
    if (kind.is_string()) {
      item.value() = text;
      continue;
    }
    json parsed = json::parse(text, nullptr, false);
    if (parsed.is_discarded()) {
      throw ConfigError("environment variable " + env_name(key) + " (config key '" + key +
                        "') must be a " + (kind.is_boolean() ? "boolean" : "number"));
    }
    item.value() = parsed;
  }
}

const json& at(const json& doc, const std::string& key) {
  const json* node = &doc;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = key.find('.', start);
    node = &node->at(key.substr(start, dot - start));
    if (dot == std::string::npos) return *node;
    start = dot + 1;
  }
}

long long integer(const json& doc, const std::string& key, long long min, long long max) {
  const json& value = at(doc, key);
  if (!value.is_number_integer() || value.get<long long>() < min || value.get<long long>() > max) {
    throw ConfigError("config key '" + key + "' must be a whole number from " +
                      std::to_string(min) + " to " + std::to_string(max) + ", got " + value.dump());
  }
  return value.get<long long>();
}

double real(const json& doc, const std::string& key, double min, double max) {
  const json& value = at(doc, key);
  if (!value.is_number() || value.get<double>() < min || value.get<double>() > max) {
    throw ConfigError("config key '" + key + "' must be a number from " + json(min).dump() +
                      " to " + json(max).dump() + ", got " + value.dump());
  }
  return value.get<double>();
}

std::string text(const json& doc, const std::string& key, bool may_be_empty = false) {
  const json& value = at(doc, key);
  if (!value.is_string() || (!may_be_empty && value.get_ref<const std::string&>().empty())) {
    throw ConfigError("config key '" + key + "' must be a non-empty string, got " + value.dump());
  }
  return value.get<std::string>();
}

bool is_hex(const std::string& text) {
  return !text.empty() && text.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
}

std::vector<AdminToken> admin_tokens(const json& doc) {
  const json& list = at(doc, "admin.tokens");
  if (!list.is_array()) throw ConfigError("config key 'admin.tokens' must be an array");
  std::vector<AdminToken> tokens;
  for (std::size_t i = 0; i < list.size(); ++i) {
    std::string key = "admin.tokens[" + std::to_string(i) + "]";
    const json& entry = list[i];
    auto field = [&](const char* name) -> std::string {
      if (!entry.is_object() || !entry.contains(name) || !entry[name].is_string() ||
          entry[name].get_ref<const std::string&>().empty()) {
        throw ConfigError("config key '" + key + "." + name + "' must be a non-empty string");
      }
      return entry[name].get<std::string>();
    };
    AdminToken token{field("name"), field("salt"), field("sha256"), false, false};
    if (!is_hex(token.salt) || token.salt.size() % 2 != 0 || token.salt.size() < 16) {
      throw ConfigError("config key '" + key + ".salt' must be at least 16 hex digits");
    }
    if (!is_hex(token.sha256) || token.sha256.size() != 64) {
      throw ConfigError("config key '" + key + ".sha256' must be 64 hex digits");
    }
    for (auto& c : token.sha256) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!entry.contains("scopes") || !entry["scopes"].is_array() || entry["scopes"].empty()) {
      throw ConfigError("config key '" + key +
                        ".scopes' must be a non-empty array of \"read\" and \"write\"");
    }
    for (const auto& scope : entry["scopes"]) {
      if (scope == "read") {
        token.read = true;
      } else if (scope == "write") {
        token.write = true;
      } else {
        throw ConfigError("config key '" + key +
                          ".scopes' may only hold \"read\" and \"write\", not " + scope.dump());
      }
    }
    tokens.push_back(std::move(token));
  }
  return tokens;
}

// A secret given directly or, better, as a file (first line). Never logged.
std::string secret(const json& doc, const std::string& key) {
  std::string value = text(doc, key + ".secret", true);
  std::string file = text(doc, key + ".secret_file", true);
  if (!value.empty() && !file.empty()) {
    throw ConfigError("config keys '" + key + ".secret' and '" + key +
                      ".secret_file' are both set; use one");
  }
  if (file.empty()) return value;
  std::ifstream in(file);
  if (!in) throw ConfigError("config key '" + key + ".secret_file': cannot read " + file);
  std::getline(in, value);
  while (!value.empty() && (value.back() == '\r' || value.back() == ' ')) value.pop_back();
  if (value.empty())
    throw ConfigError("config key '" + key + ".secret_file': " + file + " is empty");
  return value;
}

// A secret given as `key` or, better, as a file named by `key`_file.
std::string secret_value(const json& doc, const std::string& key) {
  std::string value = text(doc, key, true);
  std::string file = text(doc, key + "_file", true);
  if (!value.empty() && !file.empty()) {
    throw ConfigError("config keys '" + key + "' and '" + key + "_file' are both set; use one");
  }
  if (file.empty()) return value;
  std::ifstream in(file);
  if (!in) throw ConfigError("config key '" + key + "_file': cannot read " + file);
  std::getline(in, value);
  while (!value.empty() && (value.back() == '\r' || value.back() == ' ')) value.pop_back();
  if (value.empty()) throw ConfigError("config key '" + key + "_file': " + file + " is empty");
  return value;
}

// An API base URL: http(s), no trailing slash.
std::string base_url(const json& doc, const std::string& key) {
  std::string value = text(doc, key);
  while (!value.empty() && value.back() == '/') value.pop_back();
  if (!value.starts_with("https://") && !value.starts_with("http://")) {
    throw ConfigError("config key '" + key + "' must be an http:// or https:// URL, got \"" +
                      value + "\"");
  }
  return value;
}

void load_channels(const json& doc, Config& c) {
  c.slack.signing_secret = secret_value(doc, "channels.slack.signing_secret");
  c.slack.bot_token = secret_value(doc, "channels.slack.bot_token");
  c.slack.api_base = base_url(doc, "channels.slack.api_base");
  c.slack.replay_window =
      std::chrono::seconds(integer(doc, "channels.slack.replay_window_seconds", 1, 24LL * 3600));
  c.telegram.secret_token = secret_value(doc, "channels.telegram.secret_token");
  if (!c.telegram.secret_token.empty() &&
      (c.telegram.secret_token.size() > 256 ||
       c.telegram.secret_token.find_first_not_of(
           "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") !=
           std::string::npos)) {
    throw ConfigError(
        "config key 'channels.telegram.secret_token' must be 1-256 characters of A-Z, a-z, "
        "0-9, _ and - (Telegram's rule)");
  }
  c.telegram.bot_token = secret_value(doc, "channels.telegram.bot_token");
  c.telegram.api_base = base_url(doc, "channels.telegram.api_base");
  c.whatsapp.app_secret = secret_value(doc, "channels.whatsapp.app_secret");
  c.whatsapp.verify_token = secret_value(doc, "channels.whatsapp.verify_token");
  c.whatsapp.access_token = secret_value(doc, "channels.whatsapp.access_token");
  c.whatsapp.api_base = base_url(doc, "channels.whatsapp.api_base");
  c.whatsapp.api_version = text(doc, "channels.whatsapp.api_version");
  c.twilio.auth_token = secret_value(doc, "channels.twilio.auth_token");
  c.twilio.account_sid = text(doc, "channels.twilio.account_sid", true);
  c.twilio.public_url = text(doc, "channels.twilio.public_url", true);
  if (!c.twilio.public_url.empty() && !c.twilio.public_url.starts_with("https://") &&
      !c.twilio.public_url.starts_with("http://")) {
    throw ConfigError(
        "config key 'channels.twilio.public_url' must be the full http(s) URL "
        "configured at Twilio");
  }
  c.twilio.api_base = base_url(doc, "channels.twilio.api_base");
  c.discord.public_key = text(doc, "channels.discord.public_key", true);
  if (!c.discord.public_key.empty() &&
      (c.discord.public_key.size() != 64 || !is_hex(c.discord.public_key))) {
    throw ConfigError("config key 'channels.discord.public_key' must be 64 hex digits");
  }
  c.discord.application_id = text(doc, "channels.discord.application_id", true);
  c.discord.api_base = base_url(doc, "channels.discord.api_base");
  const json& defer = at(doc, "channels.discord.defer");
  if (!defer.is_boolean())
    throw ConfigError("config key 'channels.discord.defer' must be true or false");
  c.discord.defer = defer.get<bool>();
  c.channel_limits.sender_messages =
      static_cast<int>(integer(doc, "channels.sender_messages_per_window", 0, 1000000));
  c.channel_limits.sender_window =
      std::chrono::seconds(integer(doc, "channels.sender_window_seconds", 1, 24LL * 3600));
  c.channel_limits.max_body_bytes =
      static_cast<std::size_t>(integer(doc, "channels.max_body_bytes", 1024, 1LL << 30));
  c.delivery.ca_file = text(doc, "delivery.ca_file", true);
  c.delivery.connect_timeout =
      std::chrono::milliseconds(integer(doc, "delivery.connect_timeout_ms", 10, 600000));
  c.delivery.request_timeout =
      std::chrono::milliseconds(integer(doc, "delivery.request_timeout_ms", 10, 600000));
  c.delivery.max_attempts = static_cast<int>(integer(doc, "delivery.max_attempts", 1, 1000));
  c.delivery.first_retry =
      std::chrono::milliseconds(integer(doc, "delivery.first_retry_ms", 1, 3600000));
  c.delivery.max_retry =
      std::chrono::milliseconds(integer(doc, "delivery.max_retry_ms", 1, 24LL * 3600000));
}

std::vector<std::string> address_list(const json& doc, const std::string& key) {
  const json& list = at(doc, key);
  if (!list.is_array()) throw ConfigError("config key '" + key + "' must be an array of strings");
  std::vector<std::string> values;
  for (const auto& item : list) {
    if (!item.is_string() || item.get_ref<const std::string&>().empty() ||
        item.get_ref<const std::string&>().find_first_of(" <>\r\n") != std::string::npos) {
      throw ConfigError("config key '" + key + "' must hold plain domains or addresses, got " +
                        item.dump());
    }
    std::string value = item.get<std::string>();
    for (auto& ch : value) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    values.push_back(std::move(value));
  }
  return values;
}

bool flag(const json& doc, const std::string& key) {
  const json& value = at(doc, key);
  if (!value.is_boolean()) throw ConfigError("config key '" + key + "' must be true or false");
  return value.get<bool>();
}

void load_email(const json& doc, EmailConfig& e) {
  e.address = text(doc, "email.address", true);
  if (!e.address.empty() && (e.address.find('@') == std::string::npos ||
                             e.address.find_first_of(" <>\r\n") != std::string::npos)) {
    throw ConfigError(
        "config key 'email.address' must be a plain address like careers@example.org");
  }
  e.display_name = text(doc, "email.display_name");
  e.accept_domains = address_list(doc, "email.accept_domains");
  e.accept_addresses = address_list(doc, "email.accept_addresses");
  e.replies_per_sender = static_cast<int>(integer(doc, "email.replies_per_sender", 0, 100000));
  e.sender_window =
      std::chrono::seconds(integer(doc, "email.sender_window_seconds", 1, 7LL * 24 * 3600));
  e.max_webhook_body_bytes =
      static_cast<std::size_t>(integer(doc, "email.max_webhook_body_bytes", 1024, 1LL << 30));
  e.smtp_host = text(doc, "email.smtp.host");
  e.smtp_port = static_cast<int>(integer(doc, "email.smtp.port", 0, 65535));
  e.smtp_hostname = text(doc, "email.smtp.hostname");
  e.max_message_bytes =
      static_cast<std::size_t>(integer(doc, "email.smtp.max_message_bytes", 1024, 1LL << 30));
  e.max_recipients = static_cast<int>(integer(doc, "email.smtp.max_recipients", 1, 100000));
  e.max_sessions = static_cast<int>(integer(doc, "email.smtp.max_sessions", 1, 100000));
  e.tls_cert_file = text(doc, "email.smtp.tls_cert_file", true);
  e.tls_key_file = text(doc, "email.smtp.tls_key_file", true);
  if (e.tls_cert_file.empty() != e.tls_key_file.empty()) {
    throw ConfigError(
        "config keys 'email.smtp.tls_cert_file' and 'email.smtp.tls_key_file' "
        "go together: set both or neither");
  }
  e.require_tls = flag(doc, "email.smtp.require_tls");
  if (e.require_tls && e.tls_cert_file.empty()) {
    throw ConfigError(
        "config key 'email.smtp.require_tls' needs email.smtp.tls_cert_file and "
        "tls_key_file");
  }
  e.auth_user = text(doc, "email.smtp.auth_user", true);
  e.auth_password = secret_value(doc, "email.smtp.auth_password");
  e.command_timeout =
      std::chrono::seconds(integer(doc, "email.smtp.command_timeout_seconds", 1, 3600));
  e.data_timeout = std::chrono::seconds(integer(doc, "email.smtp.data_timeout_seconds", 1, 3600));
  e.relay_host = text(doc, "email.relay.host", true);
  e.relay_port = static_cast<int>(integer(doc, "email.relay.port", 1, 65535));
  e.relay_tls = text(doc, "email.relay.tls");
  if (e.relay_tls != "starttls" && e.relay_tls != "tls" && e.relay_tls != "none") {
    throw ConfigError("config key 'email.relay.tls' must be starttls, tls or none; got \"" +
                      e.relay_tls + "\"");
  }
  e.relay_ca_file = text(doc, "email.relay.ca_file", true);
  e.relay_username = text(doc, "email.relay.username", true);
  e.relay_password = secret_value(doc, "email.relay.password");
  e.mailgun_signing_key = secret_value(doc, "email.mailgun.signing_key");
  e.mailgun_window =
      std::chrono::seconds(integer(doc, "email.mailgun.replay_window_seconds", 1, 24LL * 3600));
  e.sendgrid_username = text(doc, "email.sendgrid.username");
  e.sendgrid_password = secret_value(doc, "email.sendgrid.password");
  e.postmark_username = text(doc, "email.postmark.username");
  e.postmark_password = secret_value(doc, "email.postmark.password");
}

// "https://www.example.edu" or "http://localhost:8000": scheme, host and
// an optional port, nothing after.
std::vector<std::string> origin_list(const json& doc, const std::string& key) {
  std::vector<std::string> origins;
  const json& value = at(doc, key);
  if (!value.is_array()) throw ConfigError("config key '" + key + "' must be a list of origins");
  for (const auto& item : value) {
    const std::string text = item.is_string() ? item.get<std::string>() : item.dump();
    auto scheme_end = text.find("://");
    bool good = item.is_string() && scheme_end != std::string::npos &&
                (text.starts_with("http://") || text.starts_with("https://")) &&
                text.size() > scheme_end + 3 &&
                text.find_first_of("/?# \r\n", scheme_end + 3) == std::string::npos;
    if (!good) {
      throw ConfigError("config key '" + key +
                        "' must hold origins like https://www.example.edu, got " + text);
    }
    std::string origin = text;
    for (auto& ch : origin) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    origins.push_back(std::move(origin));
  }
  return origins;
}

std::vector<std::string> ip_list(const json& doc, const std::string& key) {
  std::vector<std::string> addresses;
  const json& value = at(doc, key);
  if (!value.is_array()) throw ConfigError("config key '" + key + "' must be a list of addresses");
  for (const auto& item : value) {
    const std::string text = item.is_string() ? item.get<std::string>() : item.dump();
    if (!item.is_string() || text.empty() ||
        text.find_first_not_of("0123456789abcdefABCDEF.:") != std::string::npos) {
      throw ConfigError("config key '" + key +
                        "' must hold IP addresses like 10.0.0.5 or ::1, got " + text);
    }
    addresses.push_back(text);
  }
  return addresses;
}

void load_privacy(const json& doc, PrivacyConfig& p) {
  p.messages_days = static_cast<int>(integer(doc, "privacy.messages_days", 1, 3650));
  p.handoff_days = static_cast<int>(integer(doc, "privacy.handoff_days", 1, 3650));
  p.unanswered_days = static_cast<int>(integer(doc, "privacy.unanswered_days", 1, 3650));
  p.purge_interval =
      std::chrono::minutes(integer(doc, "privacy.purge_interval_minutes", 1, 24LL * 60));
}

void load_limits(const json& doc, Config& c) {
  c.http.trusted_proxies = ip_list(doc, "http.trusted_proxies");
  LimitsConfig& l = c.limits;
  l.enabled = flag(doc, "limits.enabled");
  auto count = [&](const char* key, long long min) {
    return static_cast<int>(integer(doc, std::string("limits.") + key, min, 1000000));
  };
  l.questions_per_minute = count("questions_per_minute", 0);
  l.question_burst = count("question_burst", 1);
  l.admin_requests_per_minute = count("admin_requests_per_minute", 0);
  l.admin_burst = count("admin_burst", 1);
  l.failed_signins_per_hour = count("failed_signins_per_hour", 0);
  l.web_sessions_per_hour = count("web_sessions_per_hour", 0);
  l.web_session_burst = count("web_session_burst", 1);
  l.max_clients = static_cast<std::size_t>(integer(doc, "limits.max_clients", 16, 100000000));
}

void load_web(const json& doc, Config& c) {
  WebConfig& w = c.web;
  w.allowed_origins = origin_list(doc, "web.allowed_origins");
  w.assets_dir = text(doc, "web.assets_dir", true);
  w.max_message_bytes =
      static_cast<std::size_t>(integer(doc, "web.max_message_bytes", 256, 1 << 20));
  w.questions_per_minute = static_cast<int>(integer(doc, "web.questions_per_minute", 0, 100000));
  w.question_burst = static_cast<int>(integer(doc, "web.question_burst", 1, 100000));
  w.idle_timeout = std::chrono::seconds(integer(doc, "web.idle_timeout_seconds", 5, 24LL * 3600));
  w.history_days = static_cast<int>(integer(doc, "web.history_days", 1, 3650));
  HandoffConfig& h = c.handoff;
  h.email = text(doc, "handoff.email", true);
  if (!h.email.empty() && (h.email.find('@') == std::string::npos ||
                           h.email.find_first_of(" <>\r\n") != std::string::npos)) {
    throw ConfigError(
        "config key 'handoff.email' must be a plain address like advisers@example.org");
  }
  h.slack_channel = text(doc, "handoff.slack_channel", true);
  h.counselor = text(doc, "handoff.counselor");
  h.reply_within = text(doc, "handoff.reply_within");
  h.timeout = std::chrono::hours(integer(doc, "handoff.timeout_hours", 1, 24LL * 365));
  h.after_fallbacks = static_cast<int>(integer(doc, "handoff.after_fallbacks", 0, 100));
  if (!h.slack_channel.empty() && !c.slack.enabled()) {
    throw ConfigError(
        "config key 'handoff.slack_channel' needs the Slack channel configured "
        "(channels.slack.signing_secret and bot_token)");
  }
  if (!h.email.empty() && !c.email.enabled()) {
    throw ConfigError("config key 'handoff.email' needs email.address (the From of the mail)");
  }
}

}  // namespace

std::string env_name(const std::string& key) {
  std::string name = "CAREERBOT_";
  for (char c : key)
    name += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

Config load_config(const ConfigSources& sources, char** environ_vars) {
  const json model = defaults();
  json doc = model;
  if (!sources.file.empty()) {
    std::ifstream in(sources.file, std::ios::binary);
    if (!in) throw ConfigError("cannot read config file " + sources.file);
    std::stringstream buffer;
    buffer << in.rdbuf();
    json file = json::parse(buffer.str(), nullptr, false, true);
    if (file.is_discarded() || !file.is_object()) {
      throw ConfigError("config file " + sources.file + " is not a JSON object");
    }
    merge(doc, file, "");
  }
  std::map<std::string, std::string> env;
  for (char** entry = environ_vars; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view line(*entry);
    auto eq = line.find('=');
    if (eq != std::string_view::npos && line.starts_with("CAREERBOT_")) {
      env.emplace(std::string(line.substr(0, eq)), std::string(line.substr(eq + 1)));
    }
  }
  apply_environment(doc, model, "", env);
  if (sources.data_dir) doc["data_dir"] = *sources.data_dir;
  if (sources.port) doc["http"]["port"] = *sources.port;
  if (sources.smtp_port) doc["email"]["smtp"]["port"] = *sources.smtp_port;

  Config c;
  c.http.host = text(doc, "http.host");
  c.http.port = static_cast<int>(integer(doc, "http.port", 0, 65535));
  c.http.threads = static_cast<int>(integer(doc, "http.threads", 1, 256));
  c.http.blocking_threads = static_cast<int>(integer(doc, "http.blocking_threads", 1, 1024));
  c.http.max_connections = static_cast<int>(integer(doc, "http.max_connections", 1, 1000000));
  c.http.max_body_bytes =
      static_cast<std::size_t>(integer(doc, "http.max_body_bytes", 1024, 1LL << 30));
  c.http.max_header_bytes =
      static_cast<std::size_t>(integer(doc, "http.max_header_bytes", 1024, 1 << 20));
  c.http.read_timeout =
      std::chrono::milliseconds(integer(doc, "http.read_timeout_ms", 10, 3600000));
  c.http.idle_timeout =
      std::chrono::milliseconds(integer(doc, "http.idle_timeout_ms", 10, 3600000));
  c.http.shutdown_grace =
      std::chrono::milliseconds(integer(doc, "http.shutdown_grace_ms", 0, 3600000));
  c.data_dir = text(doc, "data_dir");
  c.store.backend = text(doc, "store.backend");
  c.store.postgresql_url = secret_value(doc, "store.postgresql.url");
  if (c.store.backend != "sqlite" && c.store.backend != "postgresql") {
    throw ConfigError("config key 'store.backend' must be sqlite or postgresql; got \"" +
                      c.store.backend + "\"");
  }
  if (c.store.backend == "postgresql" && c.store.postgresql_url.empty()) {
    throw ConfigError(
        "config key 'store.backend' is postgresql: set store.postgresql.url_file (or url), "
        "like postgresql://careerbot:PASSWORD@db.example.edu/careerbot");
  }
  c.knowledge_dir = text(doc, "knowledge_dir");
  c.knowledge_bundle = text(doc, "knowledge_bundle", true);
  c.intent_model = text(doc, "intent_model", true);
  c.conversations.max_conversations =
      static_cast<std::size_t>(integer(doc, "conversations.max_conversations", 1, 100000000));
  c.conversations.ttl =
      std::chrono::seconds(integer(doc, "conversations.ttl_seconds", 1, 30LL * 24 * 3600));
  c.matcher.answer_threshold = real(doc, "matcher.answer_threshold", 0, 1);
  c.matcher.max_candidates = static_cast<int>(integer(doc, "matcher.max_candidates", 2, 20));
  c.matcher.remembered_texts =
      static_cast<std::size_t>(integer(doc, "matcher.remembered_texts", 0, 100000));
  c.max_question_bytes =
      static_cast<std::size_t>(integer(doc, "ask.max_question_bytes", 1, 1 << 20));
  c.admin_tokens = admin_tokens(doc);
  c.admin_max_import_bytes =
      static_cast<std::size_t>(integer(doc, "admin.max_import_bytes", 1024, 1LL << 31));
  c.webhook.secret = secret(doc, "channels.webhook");
  c.webhook.replay_window =
      std::chrono::seconds(integer(doc, "channels.webhook.replay_window_seconds", 1, 24LL * 3600));
  load_channels(doc, c);
  load_email(doc, c.email);
  load_web(doc, c);
  load_limits(doc, c);
  load_privacy(doc, c.privacy);
  c.log_level = text(doc, "log.level");
  if (c.log_level != "debug" && c.log_level != "info" && c.log_level != "warn" &&
      c.log_level != "error" && c.log_level != "off") {
    throw ConfigError(
        "config key 'log.level' must be one of debug, info, warn, error, off; got \"" +
        c.log_level + "\"");
  }
  return c;
}

}  // namespace careerbot
