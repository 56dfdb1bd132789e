#include "email_webhooks.hpp"

#include <nlohmann/json.hpp>

#include "crypto.hpp"
#include "form_data.hpp"
#include "log.hpp"
#include "signatures.hpp"

namespace careerbot {
namespace {

using nlohmann::json;
using Fields = std::map<std::string, std::string>;

// The fields of a form post, urlencoded or multipart (attachments dropped).
std::optional<Fields> form_fields(const WebRequest& request) {
  Fields fields;
  std::string_view type = request.header("content-type");
  if (type.starts_with("multipart/form-data")) {
    auto parts = email::parse_form_data(type, request.body);
    if (!parts) return std::nullopt;
    for (auto& part : *parts) {
      if (part.filename.empty()) fields.emplace(part.name, std::move(part.value));
    }
    return fields;
  }
  for (auto& [name, value] : signatures::parse_form(request.body)) {
    fields.emplace(name, std::move(value));
  }
  return fields;
}

std::string get(const Fields& fields, const std::string& name) {
  auto it = fields.find(name);
  return it == fields.end() ? std::string() : it->second;
}

std::string without_brackets(std::string id) {
  while (!id.empty() && (id.front() == ' ' || id.front() == '<')) id.erase(id.begin());
  while (!id.empty() && (id.back() == ' ' || id.back() == '>')) id.pop_back();
  return id;
}

// "Ana Lima <ana@example.org>" -> ana@example.org
std::string address_of(const std::string& from) {
  auto open = from.rfind('<');
  auto close = from.rfind('>');
  if (open != std::string::npos && close != std::string::npos && close > open) {
    return from.substr(open + 1, close - open - 1);
  }
  auto first = from.find_first_not_of(' ');
  auto last = from.find_last_not_of(' ');
  return first == std::string::npos ? std::string() : from.substr(first, last - first + 1);
}

// Unfolds a raw header block ("Name: value\r\n continued\r\n...").
std::vector<std::pair<std::string, std::string>> header_lines(std::string_view block) {
  std::vector<std::pair<std::string, std::string>> headers;
  std::size_t start = 0;
  while (start < block.size()) {
    auto end = block.find('\n', start);
    std::string_view line = block.substr(start, end == std::string_view::npos ? end : end - start);
    start = end == std::string_view::npos ? block.size() : end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if ((line.front() == ' ' || line.front() == '\t') && !headers.empty()) {
      headers.back().second += " " + std::string(line.substr(line.find_first_not_of(" \t")));
      continue;
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string name(line.substr(0, colon));
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    headers.emplace_back(std::move(name), std::string(value));
  }
  return headers;
}

// The threading and identity fields that come from the headers.
void fill_from_headers(email::InboundMail& mail) {
  mail.message_id = without_brackets(mail.header("message-id"));
  mail.in_reply_to = mail.header("in-reply-to");
  mail.references = mail.header("references");
}

void fill_text(email::InboundMail& mail, const std::string& text, const std::string& html,
               const std::string& stripped) {
  mail.text = !text.empty() ? text : email::html_to_text(html);
  mail.question = !stripped.empty() ? stripped : email::strip_quoted_reply(mail.text);
  auto first = mail.question.find_first_not_of(" \t\r\n");
  auto last = mail.question.find_last_not_of(" \t\r\n");
  mail.question = first == std::string::npos ? "" : mail.question.substr(first, last - first + 1);
}

bool basic_auth_ok(const WebRequest& request, const std::string& user,
                   const std::string& password) {
  std::string expected = "Basic " + crypto::base64_encode(user + ":" + password);
  return crypto::equal_constant_time(request.header("authorization"), expected);
}

}  // namespace

EmailWebhooks::EmailWebhooks(const EmailWebhookConfig& config, EmailChannel& channel,
                             Metrics& metrics, UnixClock now)
    : config_(config), channel_(channel), metrics_(metrics), now_(std::move(now)) {}

std::vector<std::string> EmailWebhooks::add_routes(Router& router) {
  std::vector<std::string> on;
  if (!config_.mailgun_signing_key.empty()) {
    router.add("POST", std::string(kPathPrefix) + "mailgun",
               [this](const WebRequest& r) { return mailgun(r); });
    on.emplace_back("mailgun");
  }
  if (!config_.sendgrid_password.empty()) {
    router.add("POST", std::string(kPathPrefix) + "sendgrid",
               [this](const WebRequest& r) { return sendgrid(r); });
    on.emplace_back("sendgrid");
  }
  if (!config_.postmark_password.empty()) {
    router.add("POST", std::string(kPathPrefix) + "postmark",
               [this](const WebRequest& r) { return postmark(r); });
    on.emplace_back("postmark");
  }
  return on;
}

bool EmailWebhooks::token_reused(const std::string& token, std::int64_t now) {
  std::lock_guard lock(tokens_mutex_);
  // Tokens older than the window cannot come back: their timestamps are stale.
  std::erase_if(mailgun_tokens_, [&](const auto& item) {
    return item.second < now - 2 * config_.mailgun_window.count();
  });
  return !mailgun_tokens_.emplace(token, now).second;
}

WebResponse EmailWebhooks::hand_over(const email::InboundMail& mail, const std::string& return_path,
                                     const std::string& source) {
  try {
    auto result = channel_.take(mail, return_path, source);
    return json_response(
        200, {{"status", result.intake == EmailChannel::Intake::queued      ? "answered"
                         : result.intake == EmailChannel::Intake::duplicate ? "duplicate"
                                                                            : "not answered"},
              {"reason", result.reason}});
  } catch (const std::exception& e) {
    log::write(log::Level::error, "email_store_failed", {{"source", source}, {"error", e.what()}});
    return problem_response(503, "Not stored", "The message could not be stored; retry later.");
  }
}

WebResponse EmailWebhooks::mailgun(const WebRequest& request) {
  auto fields = form_fields(request);
  if (!fields)
    return problem_response(406, "Unreadable form", "Expected a form or multipart post.");
  std::string token = get(*fields, "token");
  auto verdict =
      signatures::verify_mailgun(config_.mailgun_signing_key, get(*fields, "timestamp"), token,
                                 get(*fields, "signature"), now_(), config_.mailgun_window.count());
  if (verdict != signatures::Verdict::ok) {
    return reject_request(metrics_, "mailgun", signatures::to_string(verdict), request);
  }
  if (token_reused(token, now_())) return reject_request(metrics_, "mailgun", "replayed", request);
  email::InboundMail mail;
  auto headers = json::parse(get(*fields, "message-headers"), nullptr, false);
  if (headers.is_array()) {
    for (const auto& pair : headers) {
      if (pair.is_array() && pair.size() == 2 && pair[0].is_string() && pair[1].is_string()) {
        std::string name = pair[0].get<std::string>();
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        mail.headers.emplace_back(std::move(name), pair[1].get<std::string>());
      }
    }
  }
  fill_from_headers(mail);
  mail.subject = get(*fields, "subject");
  mail.from_address = address_of(get(*fields, "from"));
  fill_text(mail, get(*fields, "body-plain"), get(*fields, "body-html"),
            get(*fields, "stripped-text"));
  return hand_over(mail, get(*fields, "sender"), "mailgun");
}

WebResponse EmailWebhooks::sendgrid(const WebRequest& request) {
  if (!basic_auth_ok(request, config_.sendgrid_username, config_.sendgrid_password)) {
    return reject_request(metrics_, "sendgrid", "not authorised", request);
  }
  auto fields = form_fields(request);
  if (!fields) {
    return problem_response(400, "Unreadable form", "Inbound Parse posts multipart/form-data.");
  }
  auto envelope = json::parse(get(*fields, "envelope"), nullptr, false);
  std::string return_path = envelope.is_object() ? envelope.value("from", "") : "";
  std::string raw = get(*fields, "email");
  if (!raw.empty()) {  // "Send Raw": the whole message as received
    std::string error;
    auto mail = email::read_mail(raw, &error);
    if (!mail) return problem_response(400, "Unreadable message", error);
    return hand_over(*mail, return_path, "sendgrid");
  }
  email::InboundMail mail;
  mail.headers = header_lines(get(*fields, "headers"));
  fill_from_headers(mail);
  mail.subject = get(*fields, "subject");
  mail.from_address = address_of(get(*fields, "from"));
  fill_text(mail, get(*fields, "text"), get(*fields, "html"), "");
  return hand_over(mail, return_path, "sendgrid");
}

WebResponse EmailWebhooks::postmark(const WebRequest& request) {
  if (!basic_auth_ok(request, config_.postmark_username, config_.postmark_password)) {
    return reject_request(metrics_, "postmark", "not authorised", request);
  }
  auto doc = json::parse(request.body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return problem_response(400, "Malformed JSON", "Postmark posts a JSON object.");
  }
  email::InboundMail mail;
  for (const auto& header : doc.value("Headers", json::array())) {
    if (!header.is_object()) continue;
    std::string name = header.value("Name", "");
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    mail.headers.emplace_back(std::move(name), header.value("Value", ""));
  }
  fill_from_headers(mail);
  const json from = doc.value("FromFull", json::object());
  mail.from_address = from.is_object() ? from.value("Email", "") : "";
  mail.from_name = from.is_object() ? from.value("Name", "") : "";
  mail.subject = doc.value("Subject", "");
  if (mail.message_id.empty()) mail.message_id = "postmark:" + doc.value("MessageID", "");
  fill_text(mail, doc.value("TextBody", ""), doc.value("HtmlBody", ""),
            doc.value("StrippedTextReply", ""));
  std::string return_path = without_brackets(mail.header("return-path"));
  if (return_path.empty() && mail.header("return-path").empty()) return_path = mail.from_address;
  return hand_over(mail, return_path, "postmark");
}

}  // namespace careerbot
