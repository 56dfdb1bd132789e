#include "profile.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include <nlohmann/json.hpp>

namespace careerbot {
namespace {

using nlohmann::json;

// Reads fields of one JSON object, remembering the first error. Each getter
// returns a default value once an error has been recorded, so callers read
// straight through and check `ok()` at the end.
class FieldReader {
 public:
  FieldReader(const json& object, std::string prefix, ProfileError& error)
      : object_(object), prefix_(std::move(prefix)), error_(error) {}

  bool ok() const { return error_.field.empty(); }
  ProfileError& error() { return error_; }

  void fail(const std::string& key, std::string reason) {
    if (ok()) error_ = {prefix_ + key, std::move(reason)};
  }

  void reject_unknown(const std::set<std::string>& known) {
    for (const auto& item : object_.items()) {
      if (!known.contains(item.key())) fail(item.key(), "is not a known field");
    }
  }

  const json* find(const std::string& key, bool required) {
    auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) {
      if (required) fail(key, "is required");
      return nullptr;
    }
    return &*it;
  }

  std::string text(const std::string& key, bool required, std::size_t max_length = 4000) {
    const json* value = find(key, required);
    if (value == nullptr) return {};
    if (!value->is_string()) {
      fail(key, "must be a string");
      return {};
    }
    auto result = value->get<std::string>();
    if (required && result.empty()) fail(key, "must not be empty");
    if (result.size() > max_length)
      fail(key, "is longer than " + std::to_string(max_length) + " characters");
    return result;
  }

  double number(const std::string& key, double min, double max) {
    const json* value = find(key, true);
    if (value == nullptr) return 0;
    if (!value->is_number()) {
      fail(key, "must be a number");
      return 0;
    }
    double result = value->get<double>();
    if (result < min || result > max) {
      fail(key, "must be between " + json(min).dump() + " and " + json(max).dump());
    }
    return result;
  }

  long long count(const std::string& key) {
    const json* value = find(key, true);
    if (value == nullptr) return 0;
    if (!value->is_number_integer() || value->get<long long>() < 0) {
      fail(key, "must be a whole number of at least 0");
      return 0;
    }
    return value->get<long long>();
  }

  std::vector<std::string> texts(const std::string& key, bool required, std::size_t min_items,
                                 std::size_t max_items, std::size_t max_length) {
    const json* value = find(key, required);
    if (value == nullptr) return {};
    if (!value->is_array()) {
      fail(key, "must be an array of strings");
      return {};
    }
    if (value->size() < min_items)
      fail(key, "needs at least " + std::to_string(min_items) + " item(s)");
    if (value->size() > max_items)
      fail(key, "has more than " + std::to_string(max_items) + " items");
    std::vector<std::string> result;
    for (std::size_t i = 0; i < value->size() && ok(); ++i) {
      const auto& item = (*value)[i];
      std::string name = key + "[" + std::to_string(i) + "]";
      if (!item.is_string() || item.get_ref<const std::string&>().empty()) {
        fail(name, "must be a non-empty string");
      } else if (item.get_ref<const std::string&>().size() > max_length) {
        fail(name, "is longer than " + std::to_string(max_length) + " characters");
      } else {
        result.push_back(item.get<std::string>());
      }
    }
    return result;
  }

  // Returns a reader for a nested object, or nullopt when absent/invalid.
  std::optional<FieldReader> object(const std::string& key) {
    const json* value = find(key, false);
    if (value == nullptr) return std::nullopt;
    if (!value->is_object()) {
      fail(key, "must be an object");
      return std::nullopt;
    }
    return FieldReader(*value, prefix_ + key + ".", error_);
  }

  void one_of(const std::string& key, const std::string& value,
              std::initializer_list<const char*> allowed) {
    for (const char* option : allowed) {
      if (value == option) return;
    }
    std::string list;
    for (const char* option : allowed) list += (list.empty() ? "" : ", ") + std::string(option);
    fail(key, "must be one of: " + list);
  }

 private:
  const json& object_;
  std::string prefix_;
  ProfileError& error_;
};

bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

// "registered-nurse": lower-case letters and digits, single hyphens between.
bool is_slug(const std::string& id) {
  if (id.empty() || id.front() == '-' || id.back() == '-') return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    char c = id[i];
    bool ok = (c >= 'a' && c <= 'z') || is_digit(c) || (c == '-' && id[i - 1] != '-');
    if (!ok) return false;
  }
  return true;
}

void read_source(FieldReader& reader, std::string& source, std::string& as_of) {
  source = reader.text("source", true, 500);
  as_of = reader.text("as_of", true, 50);
}

Interests read_interests(FieldReader& r) {
  Interests in;
  std::set<std::string> known{"code", "source", "as_of"};
  for (auto name : kInterestAreaNames) known.emplace(name);
  r.reject_unknown(known);
  for (std::size_t i = 0; i < kInterestAreaNames.size(); ++i)
    in.scores[i] = r.number(std::string(kInterestAreaNames[i]), 1, 7);
  in.code = r.text("code", true, 3);
  std::set<char> seen;
  for (char c : in.code) {
    if (std::string_view("RIASEC").find(c) == std::string_view::npos || !seen.insert(c).second) {
      r.fail("code", "must be one to three different letters of RIASEC, strongest first");
      break;
    }
  }
  read_source(r, in.source, in.as_of);
  return in;
}

PayPercentiles read_pay(FieldReader& r) {
  PayPercentiles pay;
  std::set<std::string> known{"period", "top_coded", "source", "as_of"};
  for (auto name : kPercentileNames) known.emplace(name);
  r.reject_unknown(known);
  pay.period = r.text("period", true);
  r.one_of("period", pay.period, {"year", "hour"});
  std::optional<double> previous;
  for (std::size_t i = 0; i < kPercentileNames.size(); ++i) {
    std::string name(kPercentileNames[i]);
    if (r.find(name, false) == nullptr) continue;
    double value = r.number(name, 0.01, 1e9);
    if (previous && value < *previous) r.fail(name, "must not be below the lower percentiles");
    pay.values[i] = previous = value;
  }
  if (r.ok() && !pay.values[2]) r.fail("p50", "is required");
  pay.top_coded = r.texts("top_coded", false, 0, 5, 3);
  for (std::size_t i = 0; i < pay.top_coded.size(); ++i) {
    const auto& name = pay.top_coded[i];
    auto at = std::find(kPercentileNames.begin(), kPercentileNames.end(), name);
    if (at == kPercentileNames.end() ||
        !pay.values[static_cast<std::size_t>(at - kPercentileNames.begin())]) {
      r.fail("top_coded[" + std::to_string(i) + "]", "must name a percentile given above");
    }
  }
  read_source(r, pay.source, pay.as_of);
  return pay;
}

std::vector<ProgressionStep> read_progression(FieldReader& root) {
  std::vector<ProgressionStep> steps;
  const json* list = root.find("progression", false);
  if (list == nullptr) return steps;
  if (!list->is_array() || list->size() > 20) {
    root.fail("progression", "must be an array of at most 20 steps");
    return steps;
  }
  for (std::size_t i = 0; i < list->size() && root.ok(); ++i) {
    const std::string name = "progression[" + std::to_string(i) + "]";
    if (!(*list)[i].is_object()) {
      root.fail(name, "must be an object");
      break;
    }
    FieldReader r((*list)[i], name + ".", root.error());
    r.reject_unknown({"career", "title", "requires"});
    ProgressionStep step;
    step.career = r.text("career", false, 100);
    step.title = r.text("title", step.career.empty(), 200);
    step.requirement = r.text("requires", false, 1000);
    steps.push_back(std::move(step));
  }
  return steps;
}

}  // namespace

// "15-1254" or "15-1254.00".
bool is_soc_code(std::string_view code) {
  auto digits = [&](std::size_t from, std::size_t count) {
    for (std::size_t i = from; i < from + count; ++i) {
      if (std::isdigit(static_cast<unsigned char>(code[i])) == 0) return false;
    }
    return true;
  };
  if (code.size() != 7 && code.size() != 10) return false;
  if (!digits(0, 2) || code[2] != '-' || !digits(3, 4)) return false;
  return code.size() == 7 || (code[7] == '.' && digits(8, 2));
}

std::optional<CareerProfile> parse_profile(const json& doc, ProfileError& error) {
  error = {};
  if (!doc.is_object()) {
    error = {"(document)", "must be a JSON object"};
    return std::nullopt;
  }
  FieldReader root(doc, "", error);
  root.reject_unknown({"id",       "title",      "title_plural",  "aliases",     "soc_code",
                       "summary",  "tasks",      "median_salary", "education",   "growth",
                       "openings", "employment", "steps",         "related",     "skills",
                       "job_zone", "interests",  "pay",           "progression", "study",
                       "origin",   "revision",   "updated_at"});
  CareerProfile p;
  p.id = root.text("id", true, 100);
  if (root.ok() && !is_slug(p.id)) {
    root.fail("id", "must be lower-case letters and digits joined by single hyphens");
  }
  p.title = root.text("title", true, 200);
  p.title_plural = root.text("title_plural", false, 200);
  p.aliases = root.texts("aliases", false, 0, 2000, 200);
  p.soc_code = root.text("soc_code", false, 20);
  if (root.ok() && !p.soc_code.empty() && !is_soc_code(p.soc_code)) {
    root.fail("soc_code", "must look like 15-1254.00");
  }
  p.summary = root.text("summary", true, 4000);
  p.tasks = root.texts("tasks", true, 1, 200, 1000);
  p.steps = root.texts("steps", true, 1, 20, 1000);
  p.related = root.texts("related", false, 0, 50, 100);
  p.skills = root.texts("skills", false, 0, 200, 300);

  if (auto r = root.object("median_salary")) {
    MedianSalary s;
    r->reject_unknown({"amount", "currency", "period", "region", "top_coded", "source", "as_of"});
    s.amount = r->number("amount", 0.01, 1e9);
    s.currency = r->text("currency", true);
    r->one_of("currency", s.currency, {"USD"});
    s.period = r->text("period", true);
    r->one_of("period", s.period, {"year", "hour"});
    s.region = r->text("region", true, 200);
    if (const json* top = r->find("top_coded", false)) {
      if (top->is_boolean()) {
        s.top_coded = top->get<bool>();
      } else {
        r->fail("top_coded", "must be true or false");
      }
    }
    read_source(*r, s.source, s.as_of);
    p.median_salary = s;
  }
  if (auto r = root.object("education")) {
    Education e;
    r->reject_unknown({"level", "share_percent", "source", "as_of"});
    e.level = r->text("level", true, 200);
    if (r->find("share_percent", false) != nullptr)
      e.share_percent = r->number("share_percent", 0, 100);
    read_source(*r, e.source, e.as_of);
    p.education = e;
  }
  if (auto r = root.object("growth")) {
    Growth g;
    r->reject_unknown({"percent", "period", "source", "as_of"});
    g.percent = r->number("percent", -100, 1000);
    g.period = r->text("period", true, 50);
    read_source(*r, g.source, g.as_of);
    p.growth = g;
  }
  if (auto r = root.object("openings")) {
    Openings o;
    r->reject_unknown({"count", "period", "region", "source", "as_of"});
    o.count = r->count("count");
    o.period = r->text("period", true);
    r->one_of("period", o.period, {"current", "year"});
    o.region = r->text("region", true, 200);
    read_source(*r, o.source, o.as_of);
    p.openings = o;
  }
  if (auto r = root.object("employment")) {
    Employment e;
    r->reject_unknown({"count", "source", "as_of"});
    e.count = r->count("count");
    read_source(*r, e.source, e.as_of);
    p.employment = e;
  }
  if (const json* zone = root.find("job_zone", false)) {
    if (zone->is_number_integer() && zone->get<int>() >= 1 && zone->get<int>() <= 5) {
      p.job_zone = zone->get<int>();
    } else {
      root.fail("job_zone", "must be a whole number from 1 to 5");
    }
  }
  if (auto r = root.object("interests")) p.interests = read_interests(*r);
  if (auto r = root.object("pay")) p.pay = read_pay(*r);
  p.progression = read_progression(root);
  if (auto r = root.object("study")) {
    Study study;
    r->reject_unknown({"fields", "courses", "certifications"});
    study.fields = r->texts("fields", false, 0, 30, 200);
    study.courses = r->texts("courses", false, 0, 50, 300);
    study.certifications = r->texts("certifications", false, 0, 30, 300);
    p.study = study;
  }
  if (const json* revision = root.find("revision", false)) {
    if (revision->is_number_integer() && revision->get<long long>() >= 0) {
      p.revision = revision->get<long long>();
    } else {
      root.fail("revision", "must be a whole number of at least 0");
    }
  }
  if (root.find("origin", false) != nullptr) {
    p.origin = root.text("origin", true, 20);
    root.one_of("origin", p.origin, {"curated", "imported"});
  }
  p.updated_at = root.text("updated_at", false, 50);
  if (!root.ok()) return std::nullopt;
  return p;
}

json profile_to_json(const CareerProfile& p) {
  json doc = {{"id", p.id}, {"title", p.title}};
  if (!p.title_plural.empty()) doc["title_plural"] = p.title_plural;
  doc["aliases"] = p.aliases;
  if (!p.soc_code.empty()) doc["soc_code"] = p.soc_code;
  doc["summary"] = p.summary;
  doc["tasks"] = p.tasks;
  if (p.median_salary) {
    const auto& s = *p.median_salary;
    doc["median_salary"] = {{"amount", s.amount}, {"currency", s.currency}, {"period", s.period},
                            {"region", s.region}, {"source", s.source},     {"as_of", s.as_of}};
    if (s.top_coded) doc["median_salary"]["top_coded"] = true;
  }
  if (p.education) {
    const auto& e = *p.education;
    doc["education"] = {{"level", e.level}, {"source", e.source}, {"as_of", e.as_of}};
    if (e.share_percent) doc["education"]["share_percent"] = *e.share_percent;
  }
  if (p.growth) {
    const auto& g = *p.growth;
    doc["growth"] = {
        {"percent", g.percent}, {"period", g.period}, {"source", g.source}, {"as_of", g.as_of}};
  }
  if (p.openings) {
    const auto& o = *p.openings;
    doc["openings"] = {{"count", o.count},
                       {"period", o.period},
                       {"region", o.region},
                       {"source", o.source},
                       {"as_of", o.as_of}};
  }
  if (p.employment) {
    const auto& e = *p.employment;
    doc["employment"] = {{"count", e.count}, {"source", e.source}, {"as_of", e.as_of}};
  }
  doc["steps"] = p.steps;
  doc["related"] = p.related;
  doc["skills"] = p.skills;
  if (p.job_zone) doc["job_zone"] = *p.job_zone;
  if (p.interests) {
    const auto& in = *p.interests;
    json& out = doc["interests"];
    for (std::size_t i = 0; i < kInterestAreaNames.size(); ++i)
      out[std::string(kInterestAreaNames[i])] = in.scores[i];
    out["code"] = in.code;
    out["source"] = in.source;
    out["as_of"] = in.as_of;
  }
  if (p.pay) {
    const auto& pay = *p.pay;
    json& out = doc["pay"];
    out["period"] = pay.period;
    for (std::size_t i = 0; i < kPercentileNames.size(); ++i) {
      if (pay.values[i]) out[std::string(kPercentileNames[i])] = *pay.values[i];
    }
    if (!pay.top_coded.empty()) out["top_coded"] = pay.top_coded;
    out["source"] = pay.source;
    out["as_of"] = pay.as_of;
  }
  if (p.origin != "curated") doc["origin"] = p.origin;
  if (p.revision > 0) doc["revision"] = p.revision;
  if (!p.progression.empty()) {
    json& out = doc["progression"] = json::array();
    for (const auto& step : p.progression) {
      json item = json::object();
      if (!step.career.empty()) item["career"] = step.career;
      if (!step.title.empty()) item["title"] = step.title;
      if (!step.requirement.empty()) item["requires"] = step.requirement;
      out.push_back(std::move(item));
    }
  }
  if (p.study) {
    doc["study"] = {{"fields", p.study->fields},
                    {"courses", p.study->courses},
                    {"certifications", p.study->certifications}};
  }
  if (!p.updated_at.empty()) doc["updated_at"] = p.updated_at;
  return doc;
}

}  // namespace careerbot
