#include "metrics.hpp"

#include <cstdio>

namespace careerbot {
namespace {

std::string escape(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string label_text(const Labels& labels) {
  std::string text;
  for (const auto& [key, value] : labels) {
    text += (text.empty() ? "" : ",") + key + "=\"" + escape(value) + "\"";
  }
  return text;
}

std::string number(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.15g", value);
  return buffer;
}

std::string series(const std::string& name, const std::string& labels,
                   const std::string& extra = "") {
  std::string all = labels;
  if (!extra.empty()) all += (all.empty() ? "" : ",") + extra;
  return all.empty() ? name : name + "{" + all + "}";
}

}  // namespace

Metrics::Metrics() {
  // Every family this service reports, declared in one place.
  declare("careerbot_http_requests_total", "counter", "HTTP requests by route, method and status.");
  declare("careerbot_http_request_duration_seconds", "histogram",
          "Time from a complete request to its response.");
  declare("careerbot_http_connections", "gauge", "Open HTTP connections.");
  declare("careerbot_http_connections_rejected_total", "counter",
          "Connections refused at the connection limit.");
  declare("careerbot_http_protocol_errors_total", "counter",
          "Requests that could not be read, by reason.");
  declare("careerbot_answers_total", "counter", "Answers given, by status and intent.");
  declare("careerbot_knowledge_careers", "gauge", "Careers in the live knowledge base.");
  declare("careerbot_channel_deliveries_total", "counter",
          "Replies given to chat and email channels.");
  declare("careerbot_channel_rejected_total", "counter",
          "Inbound channel requests refused, by reason.");
  declare("careerbot_channel_duplicates_total", "counter",
          "Retried inbound messages answered from the store, not again.");
  declare("careerbot_channel_skipped_total", "counter",
          "Inbound messages deliberately left unanswered, by channel and reason.");
  declare("careerbot_outbox_deliveries_total", "counter",
          "Outbox delivery attempts by channel and result (sent, retry, failed, dead).");
  declare("careerbot_outbox_depth", "gauge", "Replies waiting in the outbox.");
  declare("careerbot_smtp_sessions_total", "counter", "SMTP connections accepted.");
  declare("careerbot_smtp_sessions", "gauge", "Open SMTP sessions.");
  declare("careerbot_smtp_messages_total", "counter",
          "SMTP messages taken to the store, by result (stored, retry_later, rejected).");
  declare("careerbot_smtp_rejected_total", "counter",
          "SMTP commands, messages and sessions refused, by reason.");
  declare("careerbot_web_sessions_started_total", "counter", "Web chat sessions started.");
  declare("careerbot_web_sockets_opened_total", "counter", "Web chat sockets opened.");
  declare("careerbot_web_sockets", "gauge", "Open web chat sockets.");
  declare("careerbot_web_resends_total", "counter",
          "Web chat questions sent again, answered from the store.");
  declare("careerbot_web_limited_total", "counter",
          "Web chat questions refused by the per-session limit.");
  declare("careerbot_web_origin_refused_total", "counter",
          "Web chat requests from an origin that may not embed the chat.");
  declare("careerbot_handoffs_opened_total", "counter", "Conversations handed to a person.");
  declare("careerbot_handoffs_closed_total", "counter",
          "Handoffs closed, by how (answered, released, timed out).");
  declare("careerbot_handoff_messages_kept_total", "counter",
          "Messages kept for a counselor instead of answered.");
  declare("careerbot_rate_limited_total", "counter",
          "Requests refused by a per-client abuse limit, by limit.");
  declare("careerbot_privacy_purged_total", "counter",
          "Rows of personal data deleted after their retention period.");
  declare("careerbot_privacy_erasures_total", "counter", "Erasures of one person's data.");
  declare("careerbot_admin_failed_signins_total", "counter",
          "Admin requests with a token that is not valid.");
}

void Metrics::declare(std::string name, std::string type, std::string help) {
  families_.emplace(std::move(name), Family{std::move(type), std::move(help), {}, {}});
}

Metrics::Family* Metrics::family(std::string_view name) {
  auto it = families_.find(name);
  return it == families_.end() ? nullptr : &it->second;
}

void Metrics::add(std::string_view name, const Labels& labels, double amount) {
  std::lock_guard lock(mutex_);
  if (auto* f = family(name)) f->values[label_text(labels)] += amount;
}

void Metrics::set(std::string_view name, const Labels& labels, double value) {
  std::lock_guard lock(mutex_);
  if (auto* f = family(name)) f->values[label_text(labels)] = value;
}

void Metrics::observe(std::string_view name, const Labels& labels, double seconds) {
  std::lock_guard lock(mutex_);
  auto* f = family(name);
  if (f == nullptr) return;
  Histogram& h = f->histograms[label_text(labels)];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.counts[i];
  }
  ++h.count;
  h.sum += seconds;
}

double Metrics::value(std::string_view name, const Labels& labels) const {
  std::lock_guard lock(mutex_);
  auto it = families_.find(name);
  if (it == families_.end()) return 0;
  auto v = it->second.values.find(label_text(labels));
  return v == it->second.values.end() ? 0 : v->second;
}

std::string Metrics::render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, f] : families_) {
    out += "# HELP " + name + " " + f.help + "\n# TYPE " + name + " " + f.type + "\n";
    for (const auto& [labels, value] : f.values)
      out += series(name, labels) + " " + number(value) + "\n";
    for (const auto& [labels, h] : f.histograms) {
      for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        out += series(name + "_bucket", labels, "le=\"" + number(kBuckets[i]) + "\"") + " " +
               std::to_string(h.counts[i]) + "\n";
      }
      out += series(name + "_bucket", labels, "le=\"+Inf\"") + " " + std::to_string(h.count) + "\n";
      out += series(name + "_sum", labels) + " " + number(h.sum) + "\n";
      out += series(name + "_count", labels) + " " + std::to_string(h.count) + "\n";
    }
  }
  return out;
}

}  // namespace careerbot
