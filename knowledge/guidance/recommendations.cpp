#include "guidance/recommendations.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "guidance/interest_items.hpp"
#include "text.hpp"

namespace careerbot {
namespace {

constexpr double kTopicShare = 0.3;  // of the fit, when the person named topics

// Words that say which RIASEC area a person leans to ("I like working
// outdoors with my hands" -> realistic). Stemmed when first used.
struct AreaCue {
  const char* word;
  InterestArea area;
};
constexpr AreaCue kAreaCues[] = {
    {"outdoors", InterestArea::realistic},
    {"outside", InterestArea::realistic},
    {"outdoor", InterestArea::realistic},
    {"hands", InterestArea::realistic},
    {"build", InterestArea::realistic},
    {"building", InterestArea::realistic},
    {"fix", InterestArea::realistic},
    {"fixing", InterestArea::realistic},
    {"repair", InterestArea::realistic},
    {"machines", InterestArea::realistic},
    {"tools", InterestArea::realistic},
    {"animals", InterestArea::realistic},
    {"plants", InterestArea::realistic},
    {"nature", InterestArea::realistic},
    {"cars", InterestArea::realistic},
    {"engines", InterestArea::realistic},
    {"construction", InterestArea::realistic},
    {"physical", InterestArea::realistic},
    {"farm", InterestArea::realistic},
    {"garden", InterestArea::realistic},
    {"wood", InterestArea::realistic},
    {"mechanical", InterestArea::realistic},
    {"math", InterestArea::investigative},
    {"maths", InterestArea::investigative},
    {"mathematics", InterestArea::investigative},
    {"science", InterestArea::investigative},
    {"puzzles", InterestArea::investigative},
    {"research", InterestArea::investigative},
    {"analyze", InterestArea::investigative},
    {"analyse", InterestArea::investigative},
    {"experiments", InterestArea::investigative},
    {"problems", InterestArea::investigative},
    {"biology", InterestArea::investigative},
    {"chemistry", InterestArea::investigative},
    {"physics", InterestArea::investigative},
    {"logic", InterestArea::investigative},
    {"data", InterestArea::investigative},
    {"curious", InterestArea::investigative},
    {"art", InterestArea::artistic},
    {"arts", InterestArea::artistic},
    {"draw", InterestArea::artistic},
    {"drawing", InterestArea::artistic},
    {"music", InterestArea::artistic},
    {"write", InterestArea::artistic},
    {"writing", InterestArea::artistic},
    {"design", InterestArea::artistic},
    {"creative", InterestArea::artistic},
    {"paint", InterestArea::artistic},
    {"painting", InterestArea::artistic},
    {"acting", InterestArea::artistic},
    {"photography", InterestArea::artistic},
    {"film", InterestArea::artistic},
    {"fashion", InterestArea::artistic},
    {"dance", InterestArea::artistic},
    {"helping", InterestArea::social},
    {"helps", InterestArea::social},
    {"teach", InterestArea::social},
    {"teaching", InterestArea::social},
    {"care", InterestArea::social},
    {"caring", InterestArea::social},
    {"children", InterestArea::social},
    {"kids", InterestArea::social},
    {"patients", InterestArea::social},
    {"counsel", InterestArea::social},
    {"volunteer", InterestArea::social},
    {"community", InterestArea::social},
    {"listening", InterestArea::social},
    {"lead", InterestArea::enterprising},
    {"leading", InterestArea::enterprising},
    {"sell", InterestArea::enterprising},
    {"selling", InterestArea::enterprising},
    {"sales", InterestArea::enterprising},
    {"business", InterestArea::enterprising},
    {"persuade", InterestArea::enterprising},
    {"persuading", InterestArea::enterprising},
    {"manage", InterestArea::enterprising},
    {"managing", InterestArea::enterprising},
    {"entrepreneur", InterestArea::enterprising},
    {"negotiate", InterestArea::enterprising},
    {"politics", InterestArea::enterprising},
    {"organize", InterestArea::conventional},
    {"organise", InterestArea::conventional},
    {"organizing", InterestArea::conventional},
    {"numbers", InterestArea::conventional},
    {"details", InterestArea::conventional},
    {"records", InterestArea::conventional},
    {"spreadsheets", InterestArea::conventional},
    {"accounting", InterestArea::conventional},
    {"office", InterestArea::conventional},
    {"schedules", InterestArea::conventional},
    {"rules", InterestArea::conventional},
    {"budgets", InterestArea::conventional},
    {"filing", InterestArea::conventional},
};

// Words of a guidance request that say nothing about the person.
const std::unordered_set<std::string>& filler() {
  static const std::unordered_set<std::string> words = {
      "like",       "likes",      "love",       "loves",       "enjoy",     "enjoys",
      "good",       "great",      "job",        "jobs",        "career",    "careers",
      "work",       "working",    "suit",       "suits",       "fit",       "fits",
      "someone",    "people",     "person",     "who",         "what",      "should",
      "do",         "me",         "my",         "want",        "really",    "also",
      "degree",     "without",    "college",    "pay",         "over",      "more",
      "than",       "that",       "which",      "im",          "am",        "i",
      "kind",       "sort",       "type",       "things",      "thing",     "something",
      "interested", "passionate", "occupation", "occupations", "recommend", "suggest",
      "ideas",      "options",    "best",       "choose",      "pick",      "help",
      "helps",      "helping",    "growing",    "need",        "needs",     "k",
      "could",      "would",      "good",       "at",          "with",      "for",
      "and",        "figure",     "out",        "clue",        "idea",      "know",
      "wants",      "become",     "can",        "go",          "find",      "get",
      "make",       "think",      "sure",       "decide",      "afford",    "wish",
      "hope",       "try",        "she",        "he",          "they",      "her",
      "his",        "their",      "daughter",   "son",         "kid",       "friend",
      "school",     "high",       "after",      "future",      "life",      "day",
      "doing",      "please",     "profession", "professions", "field",     "fields",
      "area",       "areas",      "paying",     "money",       "test",      "quiz",
      "hello",      "hi",         "hey",        "thanks",      "well",      "lot",
      "much",       "many",       "other",      "others",      "new",       "own"};
  return words;
}

// Area words that also name what the work is about, worth finding in the
// careers' tasks (stems).
const std::unordered_set<std::string>& things() {
  static const auto stems =
      stems_of({"animals",     "plants",       "nature",    "cars",         "engines",  "machines",
                "wood",        "garden",       "farm",      "construction", "music",    "art",
                "photography", "film",         "fashion",   "dance",        "children", "kids",
                "patients",    "biology",      "chemistry", "physics",      "data",     "sales",
                "accounting",  "spreadsheets", "budgets"});
  return stems;
}

const std::unordered_map<std::string, InterestArea>& area_stems() {
  static const auto stems = [] {
    std::unordered_map<std::string, InterestArea> map;
    for (const auto& cue : kAreaCues) map.emplace(stem_word(cue.word), cue.area);
    return map;
  }();
  return stems;
}

bool has_word(const std::vector<std::string>& words, std::string_view word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// "$60k", "60,000", "60 thousand" -> 60000, following "over", "above", ...
std::optional<double> money_after_threshold(const std::vector<std::string>& words) {
  static const std::unordered_set<std::string> kAbove = {"over",    "above", "least", "than",
                                                         "minimum", "min",   "from",  "exceeding"};
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    if (!kAbove.contains(words[i])) continue;
    std::string digits;
    std::size_t j = i + 1;
    if (words[j] == "$" && j + 1 < words.size()) ++j;  // "$60k" may come as "$", "60k"
    for (char c : words[j]) {
      if (c >= '0' && c <= '9') digits += c;
    }
    // "60,000" comes as "60", "000".
    while (j + 1 < words.size() && words[j + 1].size() == 3 &&
           std::all_of(words[j + 1].begin(), words[j + 1].end(),
                       [](char c) { return c >= '0' && c <= '9'; })) {
      digits += words[++j];
    }
    if (digits.empty() || digits.size() > 9) continue;
    double amount = std::stod(digits);
    const std::string& word = words[j];
    bool thousands = word.ends_with("k") ||
                     (j + 1 < words.size() && (words[j + 1] == "k" || words[j + 1] == "thousand"));
    if (thousands) amount *= 1000;
    if (amount >= 1000) return amount;
  }
  return std::nullopt;
}

// "80k+", "$60,000 or more", "50k and up": an amount with a mark of "at
// least" after it, in the text as written (split_words drops the "+").
std::optional<double> money_or_more(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9' || (i > 0 && ascii_alnum(text[i - 1]))) continue;
    std::string digits;
    std::size_t j = i;
    for (; j < text.size() && ((text[j] >= '0' && text[j] <= '9') || text[j] == ','); ++j) {
      if (text[j] != ',') digits += text[j];
    }
    double amount = digits.size() <= 9 ? std::stod(digits) : 0;
    if (j < text.size() && (text[j] == 'k' || text[j] == 'K')) {
      amount *= 1000;
      ++j;
    }
    i = j;
    if (amount < 1000) continue;
    std::string rest;  // the words after it, lower-case
    for (char c : text.substr(j, 12)) {
      if (c != ' ' || !rest.empty()) rest += ascii_lower(c);
    }
    if ((j < text.size() && text[j] == '+') || rest.starts_with("or more") ||
        rest.starts_with("and up") || rest.starts_with("plus") || rest.starts_with("or above"))
      return amount;
  }
  return std::nullopt;
}

CareerMatchView view_of(const CareerProfile& p, int match, std::string why) {
  CareerMatchView v;
  v.career = ref_of(p);
  v.match = std::clamp(match, 0, 100);
  if (p.median_salary) {
    v.median_salary = p.median_salary->amount;
    v.salary_period = p.median_salary->period;
  }
  if (p.growth) v.growth = p.growth->percent;
  v.job_zone = p.job_zone;
  if (p.education) v.education = p.education->level;
  v.why = std::move(why);
  return v;
}

std::string interest_why(const CareerProfile& p) {
  if (!p.interests || p.interests->code.empty()) return {};
  std::string names;
  for (std::size_t i = 0; i < p.interests->code.size() && i < 2; ++i) {
    auto area = area_from_name(std::string(1, p.interests->code[i]));
    if (!area) continue;
    std::string name(area_name(*area));
    name[0] = static_cast<char>(name[0] - 'a' + 'A');
    names += (names.empty() ? "" : " and ") + name;
  }
  return "a mostly " + names + " career (" + p.interests->code + ")";
}

}  // namespace

bool StatedInterests::has_areas() const {
  return std::any_of(areas.begin(), areas.end(), [](double v) { return v > 0; });
}

StatedInterests read_interests(std::string_view text) {
  StatedInterests stated;
  const auto& stems = area_stems();
  const auto words = analyse(text);
  // Topics are what a person says they like or are about: words after
  // "like", "into", "with", "in", "for", ... ("what job am I cut out for"
  // names none; "I enjoy research" names one).
  static const std::unordered_set<std::string> kAbout = {
      "like",    "likes",    "love",   "loves", "enjoy",      "enjoys",     "into", "about",
      "with",    "at",       "in",     "for",   "interested", "passionate", "fond", "involving",
      "involve", "involves", "around", "using", "care",       "caring"};
  bool about = false;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const Word& word = words[i];
    const bool was_about = about;
    about = about || kAbout.contains(word.text);
    // "help people", "help kids": social; "help me choose" is a request.
    static const std::unordered_set<std::string> kHelped = {"people", "others",   "children",
                                                            "kids",   "patients", "animals"};
    if (word.text == "help" && i + 1 < words.size() && kHelped.contains(words[i + 1].text)) {
      stated.areas[static_cast<std::size_t>(InterestArea::social)] += 2;
      stated.mentioned.push_back("help " + words[i + 1].text);
    }
    if (word.text == "job" || word.text == "jobs" || word.text == "career" ||
        word.text == "careers" || word.text == "work" || word.text == "occupation") {
      stated.asks_for_work = true;
    }
    bool area_word = false;
    if (auto it = stems.find(word.stem); it != stems.end() && word.text != "help") {
      stated.areas[static_cast<std::size_t>(it->second)] += 2;
      stated.mentioned.push_back(word.text);
      area_word = true;
    }
    // "outdoors" or "creative" say how people like to work, which the area
    // captures; "animals" or "music" also say what the work is about.
    if (area_word && !things().contains(word.stem)) continue;
    if (!was_about) continue;
    if (is_stop_word(word.text) || filler().contains(word.text) || word.text.size() < 3) continue;
    if (std::all_of(word.text.begin(), word.text.end(),
                    [](char c) { return c >= '0' && c <= '9'; }))
      continue;
    // The careers' tasks say "children", people say "kids".
    std::string topic =
        word.text == "kids" || word.text == "kid" ? stem_word("children") : word.stem;
    if (!has_word(stated.topics, topic)) stated.topics.push_back(topic);
  }
  return stated;
}

FilterRequest read_filters(std::string_view text, const MatchFilters& current) {
  FilterRequest request;
  request.filters = current;
  auto words = split_words(text);
  auto has = [&](std::string_view w) { return has_word(words, w); };
  const bool degree = has("degree") || has("college") || has("university");
  const bool negated = has("without") || has("no") || has("not") || has("dont") || has("don't") ||
                       has("skip") || has("never");
  if (degree && negated) {
    request.filters.no_degree = true;
    request.found = true;
  }
  if (auto amount = money_after_threshold(words); amount || (amount = money_or_more(text))) {
    request.filters.min_median_salary = *amount;
    request.found = true;
  }
  if (has("growing") || has("growth") || has("demand") || has("grow")) {
    request.filters.growing = true;
    request.found = true;
  }
  const bool short_reply = words.size() <= 4;
  if (short_reply && (has("any") || has("all") || has("clear") || has("reset"))) {
    request.filters = MatchFilters{};
    request.clear = true;
    request.found = true;
  }
  return request;
}

std::vector<CareerMatchView> rank_careers(const Snapshot& s, const MatchBasis& basis,
                                          const MatchFilters& filters, std::size_t limit) {
  const auto& profiles = s.kb.profiles();
  // Relevance of each career's work to the topics, 0-1 relative to the best.
  std::unordered_map<int, double> topical;
  if (!basis.topics.empty()) {
    auto hits = s.search.rank(basis.topics, 60);
    const double top = hits.empty() ? 0 : hits.front().score;
    for (const auto& hit : hits) {
      if (top > 0 && hit.score >= 0.35 * top) topical[hit.profile] = hit.score / top;
    }
  }
  struct Scored {
    int profile;
    double score;
    int match;
  };
  std::vector<Scored> scored;
  if (basis.by_interests) {
    // A career outside the best `limit` by interest can only climb with its
    // topics, so those best and the topical careers are all the candidates.
    auto candidates = rank_by_interests(profiles, basis.person, filters, limit);
    for (const auto& entry : topical) {
      const int profile = entry.first;
      const auto& p = profiles[static_cast<std::size_t>(profile)];
      bool listed = std::any_of(candidates.begin(), candidates.end(),
                                [profile](const CareerMatch& m) { return m.profile == profile; });
      if (listed || !p.interests || !passes(p, filters)) continue;
      candidates.push_back({profile, interest_match(basis.person, p.interests->scores)});
    }
    for (const auto& m : candidates) {
      auto it = topical.find(m.profile);
      double relevance = it == topical.end() ? 0 : it->second;
      // With topics, the fit is 70% interests and 30% work about the topics.
      double fit =
          topical.empty() ? m.match : (1 - kTopicShare) * m.match + kTopicShare * 100 * relevance;
      scored.push_back({m.profile, fit, static_cast<int>(std::lround(fit))});
    }
  } else if (basis.topics.empty()) {
    // Requirements alone ("80k+ without college"): the careers that meet
    // them, likeliest meant first; each fits all that was said.
    for (int profile : s.kb.by_prominence()) {
      if (scored.size() >= limit) break;
      const auto& p = profiles[static_cast<std::size_t>(profile)];
      if (s.kb.prominence_at(profile).first == 0 || !passes(p, filters)) continue;
      scored.push_back({profile, 100, 100});
    }
  } else {
    for (const auto& [profile, relevance] : topical) {
      if (!passes(profiles[static_cast<std::size_t>(profile)], filters)) continue;
      int match = static_cast<int>(std::lround(100 * relevance));
      scored.push_back({profile, 100 * relevance, match});
    }
  }
  std::stable_sort(scored.begin(), scored.end(), [&](const Scored& a, const Scored& b) {
    if (a.score != b.score) return a.score > b.score;
    return s.kb.prominence_at(a.profile) > s.kb.prominence_at(b.profile);
  });
  if (scored.size() > limit) scored.resize(limit);
  std::vector<CareerMatchView> views;
  for (const auto& entry : scored) {
    const auto& p = profiles[static_cast<std::size_t>(entry.profile)];
    std::string why = basis.by_interests     ? interest_why(p)
                      : basis.topics.empty() ? std::string("it meets what you asked for")
                                             : std::string();
    if (topical.contains(entry.profile)) {
      why += std::string(why.empty() ? "its" : "; its") + " work matches what you said";
    }
    views.push_back(view_of(p, entry.match, why));
  }
  return views;
}

std::string match_lines(const std::vector<CareerMatchView>& matches, std::size_t first_number) {
  std::string text;
  for (std::size_t i = 0; i < matches.size(); ++i) {
    const auto& m = matches[i];
    std::string line = std::to_string(first_number + i) + ". " + m.career.title + " (" +
                       std::to_string(m.match) + "% match)";
    std::vector<std::string> parts;
    if (m.median_salary) {
      parts.push_back(format_money(*m.median_salary) +
                      (m.salary_period == "hour" ? " an hour" : " a year"));
    }
    if (m.growth) parts.push_back(format_percent(*m.growth, true) + " growth");
    if (!m.education.empty()) parts.push_back(m.education);
    for (std::size_t k = 0; k < parts.size(); ++k) line += (k == 0 ? ": " : ", ") + parts[k];
    text += "\n" + line;
  }
  return text;
}

AssessmentOutcome score_assessment(const Snapshot& s, const std::map<std::size_t, Choice>& answers,
                                   const MatchFilters& filters, std::size_t limit) {
  AssessmentOutcome outcome;
  outcome.scores = score_answers(answers);
  outcome.code = interest_code(outcome.scores);
  const auto& raw = outcome.scores.raw;
  outcome.informative = std::any_of(raw.begin(), raw.end(), [&](double v) { return v != raw[0]; });
  if (outcome.informative) {
    outcome.matches = rank_careers(s, {raw, true, {}}, filters, limit);
  }
  return outcome;
}

}  // namespace careerbot
