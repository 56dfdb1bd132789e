#include "metrics.hpp"

#include <atomic>
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

// The series' label text, written into a buffer the calling thread reuses:
// no allocation once the buffer has grown.
std::string_view label_text(Labels labels) {
  thread_local std::string text;
  text.clear();
  for (const auto& [key, value] : labels) {
    if (!text.empty()) text += ',';
    text += key;
    text += "=\"";
    if (value.find_first_of("\\\"\n") == std::string_view::npos) {
      text += value;
    } else {
      text += escape(value);
    }
    text += '"';
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

std::atomic<std::uint64_t> g_next_id{1};

// This thread's shard of each Metrics object it has written to, by the
// object's id (never reused, so a destroyed object's entry is never matched).
struct ShardSlot {
  std::uint64_t owner;
  void* shard;
};
thread_local std::vector<ShardSlot> t_shards;

template <typename Value>
Value& entry(std::map<std::string, Value, std::less<>>& series, std::string_view key) {
  auto it = series.find(key);
  if (it == series.end()) it = series.emplace(std::string(key), Value{}).first;
  return it->second;
}

}  // namespace

Metrics::Metrics() : id_(g_next_id.fetch_add(1)) {
  // Every family this service reports, declared in one place.
  declare("careerbot_http_requests_total", Type::counter,
          "HTTP requests by route, method and status.");
  declare("careerbot_http_request_duration_seconds", Type::histogram,
          "Time from a complete request to its response.");
  declare("careerbot_http_connections", Type::gauge, "Open HTTP connections.");
  declare("careerbot_http_connections_rejected_total", Type::counter,
          "Connections refused at the connection limit.");
  declare("careerbot_http_protocol_errors_total", Type::counter,
          "Requests that could not be read, by reason.");
  declare("careerbot_answers_total", Type::counter, "Answers given, by status and intent.");
  declare("careerbot_knowledge_careers", Type::gauge, "Careers in the live knowledge base.");
  declare("careerbot_channel_deliveries_total", Type::counter,
          "Replies given to chat and email channels.");
  declare("careerbot_channel_rejected_total", Type::counter,
          "Inbound channel requests refused, by reason.");
  declare("careerbot_channel_duplicates_total", Type::counter,
          "Retried inbound messages answered from the store, not again.");
  declare("careerbot_channel_skipped_total", Type::counter,
          "Inbound messages deliberately left unanswered, by channel and reason.");
  declare("careerbot_outbox_deliveries_total", Type::counter,
          "Outbox delivery attempts by channel and result (sent, retry, failed, dead).");
  declare("careerbot_outbox_depth", Type::gauge, "Replies waiting in the outbox.");
  declare("careerbot_smtp_sessions_total", Type::counter, "SMTP connections accepted.");
  declare("careerbot_smtp_sessions", Type::gauge, "Open SMTP sessions.");
  declare("careerbot_smtp_messages_total", Type::counter,
          "SMTP messages taken to the store, by result (stored, retry_later, rejected).");
  declare("careerbot_smtp_rejected_total", Type::counter,
          "SMTP commands, messages and sessions refused, by reason.");
  declare("careerbot_web_sessions_started_total", Type::counter, "Web chat sessions started.");
  declare("careerbot_web_sockets_opened_total", Type::counter, "Web chat sockets opened.");
  declare("careerbot_web_sockets", Type::gauge, "Open web chat sockets.");
  declare("careerbot_web_resends_total", Type::counter,
          "Web chat questions sent again, answered from the store.");
  declare("careerbot_web_limited_total", Type::counter,
          "Web chat questions refused by the per-session limit.");
  declare("careerbot_web_origin_refused_total", Type::counter,
          "Web chat requests from an origin that may not embed the chat.");
  declare("careerbot_handoffs_opened_total", Type::counter, "Conversations handed to a person.");
  declare("careerbot_handoffs_closed_total", Type::counter,
          "Handoffs closed, by how (answered, released, timed out).");
  declare("careerbot_handoff_messages_kept_total", Type::counter,
          "Messages kept for a counselor instead of answered.");
  declare("careerbot_rate_limited_total", Type::counter,
          "Requests refused by a per-client abuse limit, by limit.");
  declare("careerbot_privacy_purged_total", Type::counter,
          "Rows of personal data deleted after their retention period.");
  declare("careerbot_privacy_erasures_total", Type::counter, "Erasures of one person's data.");
  declare("careerbot_admin_failed_signins_total", Type::counter,
          "Admin requests with a token that is not valid.");
  declare("careerbot_access_log_dropped_lines", Type::gauge,
          "Access-log lines dropped since start because standard error could not keep up.");
}

void Metrics::declare(std::string name, Type type, std::string help) {
  std::size_t index = families_.size();
  families_.emplace(std::move(name), Family{type, std::move(help), index});
  gauges_.resize(families_.size());
}

Metrics::~Metrics() = default;

const Metrics::Family* Metrics::family(std::string_view name) const {
  auto it = families_.find(name);
  return it == families_.end() ? nullptr : &it->second;
}

Metrics::Shard& Metrics::shard() {
  for (const auto& slot : t_shards) {
    if (slot.owner == id_) return *static_cast<Shard*>(slot.shard);
  }
  auto created = std::make_unique<Shard>();
  created->counters.resize(families_.size());
  created->histograms.resize(families_.size());
  Shard* raw = created.get();
  {
    std::lock_guard lock(mutex_);
    shards_.push_back(std::move(created));
  }
  t_shards.push_back({id_, raw});
  return *raw;
}

void Metrics::Histogram::merge(const Histogram& other) {
  for (std::size_t i = 0; i < counts.size(); ++i) counts[i] += other.counts[i];
  count += other.count;
  sum += other.sum;
}

void Metrics::add(std::string_view name, Labels labels, double amount) {
  const Family* f = family(name);
  if (f == nullptr) return;
  if (f->type == Type::counter) {
    Shard& mine = shard();
    std::lock_guard lock(mine.mutex);
    entry(mine.counters[f->index], label_text(labels)) += amount;
  } else if (f->type == Type::gauge) {
    std::lock_guard lock(mutex_);
    entry(gauges_[f->index], label_text(labels)) += amount;
  }
}

void Metrics::set(std::string_view name, Labels labels, double value) {
  const Family* f = family(name);
  if (f == nullptr || f->type != Type::gauge) return;
  std::lock_guard lock(mutex_);
  entry(gauges_[f->index], label_text(labels)) = value;
}

void Metrics::observe(std::string_view name, Labels labels, double seconds) {
  const Family* f = family(name);
  if (f == nullptr || f->type != Type::histogram) return;
  Shard& mine = shard();
  std::lock_guard lock(mine.mutex);
  Histogram& h = entry(mine.histograms[f->index], label_text(labels));
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.counts[i];
  }
  ++h.count;
  h.sum += seconds;
}

// Called with mutex_ held (shards_ is read).
Metrics::Series Metrics::counters_of(const Family& f) const {
  Series total;
  for (const auto& s : shards_) {
    std::lock_guard lock(s->mutex);
    for (const auto& [labels, value] : s->counters[f.index]) total[labels] += value;
  }
  return total;
}

double Metrics::value(std::string_view name, Labels labels) const {
  const Family* f = family(name);
  if (f == nullptr) return 0;
  std::string key(label_text(labels));
  std::lock_guard lock(mutex_);
  const Series values = f->type == Type::gauge ? gauges_[f->index] : counters_of(*f);
  auto it = values.find(key);
  return it == values.end() ? 0 : it->second;
}

std::string Metrics::render() const {
  static constexpr std::array<const char*, 3> kTypeNames = {"counter", "gauge", "histogram"};
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, f] : families_) {
    out += "# HELP " + name + " " + f.help + "\n# TYPE " + name + " " +
           kTypeNames[static_cast<std::size_t>(f.type)] + "\n";
    if (f.type != Type::histogram) {
      const Series values = f.type == Type::gauge ? gauges_[f.index] : counters_of(f);
      for (const auto& [labels, value] : values)
        out += series(name, labels) + " " + number(value) + "\n";
      continue;
    }
    std::map<std::string, Histogram> histograms;
    for (const auto& s : shards_) {
      std::lock_guard shard_lock(s->mutex);
      for (const auto& [labels, h] : s->histograms[f.index]) histograms[labels].merge(h);
    }
    for (const auto& [labels, h] : histograms) {
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
