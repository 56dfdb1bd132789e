#include "profile_builder.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_set>
#include <utility>

#include <nlohmann/json.hpp>

#include "answer.hpp"
#include "career_ladder.hpp"
#include "fields.hpp"

namespace careerbot {
namespace {

constexpr std::string_view kOnetEducationSource =
    "O*NET 29.3 Database, USDOL/ETA (CC BY 4.0): required level of education";
constexpr std::string_view kOnetInterestsSource =
    "O*NET 29.3 Database, USDOL/ETA (CC BY 4.0): occupational interests";
constexpr std::string_view kOnetAsOf = "2025-05";
constexpr std::string_view kProjectionsSource =
    "U.S. Bureau of Labor Statistics, Employment Projections 2024-34";
constexpr std::string_view kProjectionsEducationSource =
    "U.S. Bureau of Labor Statistics, Employment Projections 2024-34 (typical entry-level "
    "education)";
constexpr std::string_view kProjectionsAsOf = "2024";
constexpr std::string_view kOewsSource =
    "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics (median pay, May "
    "2024)";
constexpr std::string_view kOewsPercentileSource =
    "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics (pay by "
    "percentile, May 2024)";
constexpr std::string_view kOewsAsOf = "2024-05";
constexpr std::string_view kRegion = "United States";
constexpr double kOewsTopCode = 239200;  // OEWS writes "#" for an annual figure of at least this

constexpr std::size_t kMaxAliases = 200;
constexpr std::size_t kMaxTasks = 30;
constexpr std::size_t kMaxRelated = 6;
constexpr std::size_t kMaxSkills = 10;

// The BLS row for an O*NET code: its 6-digit SOC code ("15-1299.08" ->
// "15-1299"); where BLS publishes several O*NET occupations only together
// (21-1011 and 21-1014 as 21-1018), the one BLS detailed code in the same
// broad group that no O*NET occupation has.
template <typename Map, typename IsDetailed>
std::string bls_code_for(const std::string& soc, const Map& rows,
                         const std::unordered_set<std::string>& onet_socs, IsDetailed is_detailed) {
  if (rows.contains(soc)) return soc;
  std::string found;
  for (const auto& [code, row] : rows) {
    if (code.size() != 7 || code.compare(0, 6, soc, 0, 6) != 0) continue;
    if (!is_detailed(row) || onet_socs.contains(code)) continue;
    if (!found.empty()) return {};  // ambiguous
    found = code;
  }
  return found;
}

// ---------------------------------------------------------------------------
// Building profiles

// The RIASEC scores and high-point code, where the release has all six scores.
std::optional<Interests> build_interests(const OnetOccupation& o) {
  if (std::any_of(o.interests.begin(), o.interests.end(), [](double v) { return v < 1; }))
    return std::nullopt;
  Interests in;
  in.scores = o.interests;
  for (int point : o.high_points) {
    if (point < 1 || point > 6) continue;
    char letter = "RIASEC"[point - 1];
    if (in.code.find(letter) == std::string::npos) in.code += letter;
  }
  if (in.code.empty()) {  // no high points published: the strongest area
    auto top = std::max_element(in.scores.begin(), in.scores.end()) - in.scores.begin();
    in.code = std::string(1, "RIASEC"[top]);
  }
  in.source = kOnetInterestsSource;
  in.as_of = kOnetAsOf;
  return in;
}

// OEWS percentiles: annual where published, else hourly (actors, dancers);
// "#" is the top-code, "*" not published. Dropped unless the median is known
// and the percentiles rise.
std::optional<PayPercentiles> build_pay(const Wage* wage) {
  if (wage == nullptr) return std::nullopt;
  auto read = [](const std::array<std::string, 5>& published, bool annual) {
    PayPercentiles pay;
    pay.period = annual ? "year" : "hour";
    for (std::size_t i = 0; i < published.size(); ++i) {
      if (annual && fields::trim(published[i]) == "#") {
        pay.values[i] = kOewsTopCode;
        pay.top_coded.emplace_back(kPercentileNames[i]);
      } else if (auto v = fields::parse_bls_number(published[i]); v && *v > 0) {
        pay.values[i] = *v;
      }
    }
    return pay;
  };
  PayPercentiles pay = read(wage->annual, true);
  if (!pay.values[2]) pay = read(wage->hourly, false);
  if (!pay.values[2]) return std::nullopt;
  std::optional<double> previous;
  for (const auto& value : pay.values) {
    if (!value) continue;
    if (previous && *value < *previous) return std::nullopt;
    previous = value;
  }
  pay.source = kOewsPercentileSource;
  pay.as_of = kOewsAsOf;
  return pay;
}

std::vector<std::string> build_aliases(const OnetOccupation& o) {
  std::vector<std::string> aliases;
  std::unordered_set<std::string> seen{fields::normalise_name(o.title)};
  // Reported titles and short titles are the names people use most; the long
  // alphabetical list of alternate titles comes last, so the cap cuts there.
  for (const auto* list : {&o.reported_titles, &o.short_titles, &o.alternate_titles}) {
    for (const auto& name : *list) {
      if (aliases.size() >= kMaxAliases) return aliases;
      std::string alias = fields::normalise_name(name);
      if (alias.empty() || alias.size() > 200) continue;
      if (seen.insert(alias).second) aliases.push_back(std::move(alias));
    }
  }
  return aliases;
}

std::vector<std::string> build_tasks(const OnetOccupation& o) {
  bool any_core =
      std::any_of(o.tasks.begin(), o.tasks.end(), [](const OnetTask& t) { return t.core; });
  std::vector<std::string> tasks;
  for (const auto& task : o.tasks) {
    if (tasks.size() >= kMaxTasks) break;
    if (any_core && !task.core) continue;
    std::string text = fields::clip(fields::trim(task.text), 1000);
    if (!text.empty()) tasks.push_back(std::move(text));
  }
  return tasks;
}

std::vector<std::string> build_skills(const OnetOccupation& o, const PublicData& s) {
  std::vector<const OnetTechnology*> chosen;
  bool any_hot = std::any_of(o.technology.begin(), o.technology.end(),
                             [](const OnetTechnology& t) { return t.hot; });
  for (const auto& example : o.technology) {
    if (!any_hot || example.hot) chosen.push_back(&example);
  }
  if (any_hot) {
    // In-demand tools first (the ones employers ask for in this occupation),
    // then the most widely used; file order breaks ties.
    auto frequency = [&](const OnetTechnology* t) {
      auto it = s.onet.technology_frequency.find(t->name);
      return it == s.onet.technology_frequency.end() ? 0 : it->second;
    };
    std::stable_sort(chosen.begin(), chosen.end(),
                     [&](const OnetTechnology* a, const OnetTechnology* b) {
                       if (a->in_demand != b->in_demand) return a->in_demand;
                       return frequency(a) > frequency(b);
                     });
  }
  std::vector<std::string> skills;
  std::unordered_set<std::string> seen;
  for (const auto* example : chosen) {
    if (skills.size() >= kMaxSkills) break;
    std::string name = fields::clip(fields::trim(example->name), 300);
    if (!name.empty() && seen.insert(fields::normalise_name(name)).second) skills.push_back(name);
  }
  return skills;
}

std::string zone_step(int zone) {
  switch (zone) {
    case 1:
      return "Start without prior experience: most people pick this job up through a few days to "
             "a few months of training on the job.";
    case 2:
      return "Get some related experience first, for example in an entry-level role; expect a few "
             "months to a year of learning alongside experienced co-workers.";
    case 3:
      return "Build a solid base of related experience or vocational training, such as an "
             "apprenticeship or a training program; expect one to two years of training on the "
             "job.";
    case 4:
      return "Plan for several years of related work experience on top of your education, plus "
             "training on the job.";
    default:
      return "Plan for extensive preparation: advanced study and often years of related experience "
             "or supervised practice before working on your own.";
  }
}

// A step from the BLS "work experience" and "typical on-the-job training" columns.
std::string training_step(const Projection& p) {
  auto given = [](const std::string& v) {
    std::string_view t = fields::trim(v);
    return !t.empty() && t != "None" && t != "\xE2\x80\x94";  // "—"
  };
  std::string training;
  if (given(p.training)) {
    std::string t = fields::lower_phrase(p.training);
    if (t == "apprenticeship") {
      training = "an apprenticeship";
    } else if (t == "internship/residency") {
      training = "an internship or residency";
    } else {
      training = t;
    }
  }
  if (given(p.work_experience)) {
    std::string step = "Gain related work experience first (" +
                       fields::lower_phrase(p.work_experience) + " is typical)";
    if (!training.empty()) step += ", then expect " + training + " once hired";
    return step + ".";
  }
  if (!training.empty()) return "Expect " + training + " once hired.";
  if (fields::trim(p.work_experience) == "None" && fields::trim(p.training) == "None")
    return "Start directly: no prior work experience or on-the-job training is usually required.";
  return {};
}

// "Earn the usual education for this career: Bachelor's degree (45.0% of
// workers say the job requires it)."
std::string education_step(const Education& e) {
  const bool none = e.level.starts_with("Less than") || e.level.starts_with("No formal");
  std::string level = e.level;
  if (none && !level.empty()) level[0] = fields::ascii_lower(level[0]);
  if (e.share_percent) {
    std::string share = fields::one_decimal(*e.share_percent) + "% of workers";
    if (none) {
      return "No diploma is usually needed to start: " + share + " say the job requires " + level +
             ".";
    }
    return "Earn the usual education for this career: " + e.level + " (" + share +
           " say the job requires it).";
  }
  if (none) return "No formal education is usually required to start.";
  return "Earn the usual entry-level education for this career: " + e.level + ".";
}

void note(std::vector<ImportNote>& notes, const CareerProfile& p, std::string reason) {
  notes.push_back({p.soc_code, p.id, std::move(reason)});
}

struct Builder {
  const PublicData& s;
  const std::map<std::string, std::string>& curated_by_soc;
  std::unordered_set<std::string> onet_socs;                 // 6-digit codes O*NET has
  std::unordered_map<std::string, std::string> imported_id;  // code -> id
  ImportResult& result;

  // The id a related code resolves to, or empty.
  std::string id_for(const std::string& code) const {
    if (auto it = curated_by_soc.find(code); it != curated_by_soc.end()) return it->second;
    if (auto it = imported_id.find(code); it != imported_id.end()) return it->second;
    return {};
  }

  void add_education(const OnetOccupation& o, const Projection* projection, CareerProfile& p) {
    if (o.education_category > 0) {
      auto label = s.onet.education_labels.find(o.education_category);
      if (label != s.onet.education_labels.end() && !label->second.empty()) {
        p.education = Education{label->second,
                                std::clamp(fields::round_to_tenth(o.education_share), 0.0, 100.0),
                                std::string(kOnetEducationSource), std::string(kOnetAsOf)};
        return;
      }
    }
    if (projection != nullptr && !fields::trim(projection->entry_education).empty() &&
        fields::trim(projection->entry_education) != "\xE2\x80\x94") {
      p.education =
          Education{fields::clip(fields::trim(projection->entry_education), 200), std::nullopt,
                    std::string(kProjectionsEducationSource), std::string(kProjectionsAsOf)};
      note(result.warnings, p,
           "no O*NET required-education data; BLS typical entry-level education used");
      return;
    }
    note(result.warnings, p, "no education data");
  }

  void add_salary(const Wage* wage, const Projection* projection, CareerProfile& p) {
    auto salary = [&](double amount, std::string_view period, bool top_coded,
                      std::string_view source, std::string_view as_of) {
      p.median_salary = MedianSalary{amount,
                                     "USD",
                                     std::string(period),
                                     std::string(kRegion),
                                     top_coded,
                                     std::string(source),
                                     std::string(as_of)};
    };
    if (wage != nullptr) {
      if (fields::trim(wage->annual_median()) == "#") {
        salary(kOewsTopCode, "year", true, kOewsSource, kOewsAsOf);
        return;
      }
      if (auto amount = fields::parse_bls_number(wage->annual_median()); amount && *amount > 0) {
        salary(*amount, "year", false, kOewsSource, kOewsAsOf);
        return;
      }
    }
    if (projection != nullptr && projection->median_wage && *projection->median_wage > 0) {
      salary(*projection->median_wage, "year", projection->median_top_coded, kProjectionsSource,
             kProjectionsAsOf);
      return;
    }
    // Some occupations (actors, dancers, musicians) are paid by the hour or
    // the engagement, and BLS publishes only an hourly median for them.
    if (wage != nullptr) {
      if (auto hourly = fields::parse_bls_number(wage->hourly_median()); hourly && *hourly > 0) {
        salary(*hourly, "hour", false, kOewsSource, kOewsAsOf);
        note(result.warnings, p, "no BLS annual median pay; the hourly median is used");
        return;
      }
    }
    note(result.warnings, p, "no BLS median pay");
  }

  void add_projections(const Projection* projection, CareerProfile& p) {
    if (projection == nullptr) {
      note(result.warnings, p, "no BLS employment projections (growth, openings, employment)");
      return;
    }
    const std::string source(kProjectionsSource);
    const std::string as_of(kProjectionsAsOf);
    const auto& pr = *projection;
    if (pr.change_pct && *pr.change_pct >= -100 && *pr.change_pct <= 1000) {
      p.growth = Growth{*pr.change_pct, "2024-34", source, as_of};
    } else {
      note(result.warnings, p, "no BLS employment growth");
    }
    if (pr.openings_k && *pr.openings_k >= 0) {
      p.openings = Openings{std::llround(*pr.openings_k * 1000), "year", std::string(kRegion),
                            source, as_of};
    } else {
      note(result.warnings, p, "no BLS annual openings");
    }
    if (pr.employment_k && *pr.employment_k >= 0) {
      p.employment = Employment{std::llround(*pr.employment_k * 1000), source, as_of};
    } else {
      note(result.warnings, p, "no BLS employment");
    }
  }

  std::vector<std::string> build_related(const OnetOccupation& o,
                                         const std::string& self_id) const {
    std::vector<const OnetRelated*> order;
    for (const auto& r : o.related) order.push_back(&r);
    std::stable_sort(order.begin(), order.end(), [](const OnetRelated* a, const OnetRelated* b) {
      return a->tier != b->tier ? a->tier < b->tier : a->index < b->index;
    });
    std::vector<std::string> related;
    for (const auto* r : order) {
      if (related.size() >= kMaxRelated) break;
      std::string id = id_for(r->code);
      if (id.empty() || id == self_id) continue;
      if (std::find(related.begin(), related.end(), id) == related.end())
        related.push_back(std::move(id));
    }
    return related;
  }

  std::vector<std::string> build_steps(const CareerProfile& p, const Projection* projection) const {
    std::vector<std::string> steps;
    if (p.education) steps.push_back(education_step(*p.education));
    if (p.job_zone) {
      steps.push_back(zone_step(*p.job_zone));
    } else if (projection != nullptr) {
      if (std::string step = training_step(*projection); !step.empty())
        steps.push_back(std::move(step));
    }
    if (p.openings) {
      long long count = p.openings->count;
      steps.push_back(count > 0 ? "Apply for openings: about " + format_count(count) +
                                      " a year in the " + std::string(kRegion) + "."
                                : "Apply for openings: fewer than 50 a year in the " +
                                      std::string(kRegion) + ", so expect competition.");
    } else {
      steps.push_back(
          fields::clip("Apply for openings: search job postings for " + p.title + ".", 1000));
    }
    return steps;
  }

  void build(const OnetOccupation& o, const std::string& id) {
    CareerProfile p;
    p.origin = "imported";
    p.id = id;
    p.soc_code = o.code;
    p.title = fields::clip(fields::trim(o.title), 200);
    p.aliases = build_aliases(o);
    p.tasks = build_tasks(o);
    std::string description = fields::clip(fields::trim(o.description), 4000);
    if (p.tasks.empty()) {
      p.tasks.push_back(fields::clip(description, 1000));
      note(result.warnings, p, "no O*NET task statements; the description stands in as the task");
    }
    if (description.empty()) {
      description = p.tasks.front();
      note(result.warnings, p, "no O*NET description; the first task stands in as the summary");
    }
    p.summary = std::move(description);

    const std::string soc = o.code.substr(0, 7);
    const std::string wage_code =
        bls_code_for(soc, s.wages, onet_socs, [](const Wage& w) { return w.detailed; });
    const std::string projection_code =
        bls_code_for(soc, s.projections, onet_socs, [](const Projection&) { return true; });
    const Wage* wage = wage_code.empty() ? nullptr : &s.wages.at(wage_code);
    const Projection* projection =
        projection_code.empty() ? nullptr : &s.projections.at(projection_code);
    auto combined = [&](const std::string& code, const std::string& title) {
      note(result.warnings, p,
           "BLS figures are for " + code + " (" + title + "), which includes this occupation");
    };
    if (wage != nullptr && wage_code != soc) combined(wage_code, wage->title);
    if (projection != nullptr && projection_code != soc && projection_code != wage_code)
      combined(projection_code, projection->title);

    add_education(o, projection, p);
    add_salary(wage, projection, p);
    add_projections(projection, p);
    if (o.job_zone) {
      p.job_zone = o.job_zone;
    } else {
      note(result.warnings, p, "no O*NET job zone");
    }
    p.interests = build_interests(o);
    if (!p.interests) note(result.warnings, p, "no O*NET interest profile");
    p.pay = build_pay(wage);
    p.related = build_related(o, p.id);
    p.skills = build_skills(o, s);
    p.steps = build_steps(p, projection);

    ProfileError problem;
    if (!parse_profile(profile_to_json(p), problem)) {
      result.skipped.push_back(
          {o.code, id, "the built profile is invalid: " + problem.field + " " + problem.reason});
      return;
    }
    result.profiles.push_back(std::move(p));
  }
};

}  // namespace

ImportResult build_profiles(const PublicData& s,
                            const std::map<std::string, std::string>& curated_by_soc) {
  ImportResult result;

  Builder builder{s, curated_by_soc, {}, {}, result};
  for (const auto& o : s.onet.occupations) builder.onet_socs.insert(o.code.substr(0, 7));

  // Decide what is built and assign ids first, so related ids can resolve.
  std::unordered_set<std::string> taken;
  for (const auto& [code, id] : curated_by_soc) taken.insert(id);
  std::vector<std::pair<const OnetOccupation*, std::string>> to_build;
  for (const auto& o : s.onet.occupations) {
    if (auto it = curated_by_soc.find(o.code); it != curated_by_soc.end()) {
      result.skipped.push_back(
          {o.code, it->second, "curated profile '" + it->second + "' covers this code"});
      continue;
    }
    if (!is_soc_code(o.code)) {
      result.skipped.push_back({o.code, "", "'" + o.code + "' is not an O*NET-SOC code"});
      continue;
    }
    if (fields::trim(o.title).empty()) {
      result.skipped.push_back({o.code, "", "no O*NET title"});
      continue;
    }
    if (o.tasks.empty() && fields::trim(o.description).empty()) {
      result.skipped.push_back({o.code, "", "no O*NET tasks or description"});
      continue;
    }
    std::string id = fields::slugify(o.title);
    if (id.empty()) id = "occupation";
    if (taken.contains(id)) id += "-" + fields::digits_of(o.code);
    const std::string base = id;
    for (int n = 2; taken.contains(id); ++n) id = base + "-" + std::to_string(n);
    taken.insert(id);
    builder.imported_id.emplace(o.code, id);
    to_build.emplace_back(&o, std::move(id));
  }

  result.profiles.reserve(to_build.size());
  for (const auto& [occupation, id] : to_build) builder.build(*occupation, id);
  add_progressions(result.profiles, s.onet);
  return result;
}

}  // namespace careerbot
