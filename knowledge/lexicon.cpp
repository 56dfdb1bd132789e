#include "lexicon.hpp"

#include <algorithm>
#include <array>

namespace careerbot {
namespace {

struct CueSpec {
  const char* phrase;
  Intent intent;
  int weight;
  bool after_career = false;
};

// Phrases are written as people type them; they are stemmed when the lexicon
// is built, so "earns", "earning" and "earned" all meet "earn".
constexpr CueSpec kCues[] = {
    // salary
    {"salary", Intent::salary, 3},
    {"salaries", Intent::salary, 3},
    {"pay", Intent::salary, 3},
    {"paid", Intent::salary, 3},
    {"wage", Intent::salary, 3},
    {"earn", Intent::salary, 3},
    {"earnings", Intent::salary, 3},
    {"income", Intent::salary, 3},
    {"compensation", Intent::salary, 3},
    {"paycheck", Intent::salary, 3},
    {"how much money", Intent::salary, 3},
    // Money in other words: "what kind of cash", "make bank", "50 bucks an hour".
    {"cash", Intent::salary, 2},
    {"bucks", Intent::salary, 2},
    {"make bank", Intent::salary, 3},
    {"going rate", Intent::salary, 3},
    // Money idioms: "what do engineers pull in", "would I make six figures".
    {"pull in", Intent::salary, 2},
    {"bring in", Intent::salary, 2},
    {"rake in", Intent::salary, 2},
    {"take home", Intent::salary, 3},
    {"six figures", Intent::salary, 3},
    {"paycheque", Intent::salary, 3},
    // "what do medical assistants make": the verb after the career, at the
    // end, is the pay (as "do" there is the work). Before the weaker "make".
    {"make", Intent::salary, 3, true},
    {"makes", Intent::salary, 3, true},
    {"make", Intent::salary, 2},
    {"made", Intent::salary, 2},
    {"how much", Intent::salary, 2},
    {"money", Intent::salary, 2},
    {"$", Intent::salary, 2},
    {"hourly", Intent::salary, 2},
    {"per hour", Intent::salary, 2},
    {"rich", Intent::salary, 1},
    {"median", Intent::salary, 1},
    {"annual", Intent::salary, 1},
    // (Not "yearly": its stem is every "year", as in "6 years".)
    {"a year", Intent::salary, 1},
    {"per year", Intent::salary, 1},
    {"starting", Intent::salary, 1},
    // education
    {"degree", Intent::education, 3},
    {"education", Intent::education, 3},
    {"educational", Intent::education, 3},
    {"schooling", Intent::education, 3},
    {"diploma", Intent::education, 3},
    {"qualification", Intent::education, 3},
    {"major", Intent::education, 2},
    {"school", Intent::education, 2},
    {"university", Intent::education, 2},
    {"credential", Intent::education, 2},
    {"masters", Intent::education, 3},
    {"master", Intent::education, 3},
    {"bachelors", Intent::education, 3},
    {"bachelor", Intent::education, 3},
    {"phd", Intent::education, 3},
    {"doctorate", Intent::education, 3},
    {"associate degree", Intent::education, 3},
    {"college", Intent::education, 1},
    // outlook
    {"outlook", Intent::outlook, 3},
    {"demand", Intent::outlook, 3},
    // "the need for home health aides", "expected to increase".
    {"need for", Intent::outlook, 2},
    {"increase", Intent::outlook, 2},
    {"growth", Intent::outlook, 3},
    {"grow", Intent::outlook, 3},
    {"growing", Intent::outlook, 3},
    {"future", Intent::outlook, 3},
    {"prospects", Intent::outlook, 3},
    {"projected", Intent::outlook, 3},
    {"projection", Intent::outlook, 3},
    {"job security", Intent::outlook, 3},
    {"job market", Intent::outlook, 3},
    {"dying", Intent::outlook, 3},
    {"declining", Intent::outlook, 3},
    {"decline", Intent::outlook, 3},
    {"shrinking", Intent::outlook, 3},
    {"trend", Intent::outlook, 2},
    {"saturated", Intent::outlook, 2},
    {"stable", Intent::outlook, 1},
    {"replace", Intent::outlook, 2},
    {"replaced", Intent::outlook, 2},
    {"automation", Intent::outlook, 2},
    {"automated", Intent::outlook, 2},
    {"ai", Intent::outlook, 1},
    // duties
    {"duties", Intent::duties, 3},
    {"duty", Intent::duties, 3},
    {"tasks", Intent::duties, 3},
    {"responsibilities", Intent::duties, 3},
    {"responsibility", Intent::duties, 3},
    {"day to day", Intent::duties, 3},
    {"typical day", Intent::duties, 3},
    // The work told by a stretch of time: "an average week", "a normal shift".
    {"typical week", Intent::duties, 3},
    {"typical shift", Intent::duties, 3},
    {"average day", Intent::duties, 3},
    {"average week", Intent::duties, 3},
    {"normal day", Intent::duties, 3},
    {"normal shift", Intent::duties, 3},
    {"day in the life", Intent::duties, 3},
    {"job description", Intent::duties, 3},
    // "what's the job of a cartographer": the work, not the openings.
    {"job of a", Intent::duties, 3},
    {"job of an", Intent::duties, 3},
    {"what they do", Intent::duties, 3},
    {"do", Intent::duties, 3, true},
    {"does", Intent::duties, 3, true},
    {"did", Intent::duties, 3, true},
    {"all day", Intent::duties, 1},
    {"role", Intent::duties, 2},
    {"work on", Intent::duties, 2},
    // steps
    {"become", Intent::steps, 3},
    {"becoming", Intent::steps, 3},
    {"get into", Intent::steps, 3},
    {"get there", Intent::steps, 3},
    {"break into", Intent::steps, 3},
    {"get started", Intent::steps, 3},
    {"steps", Intent::steps, 3},
    {"step", Intent::steps, 3},
    {"where do i start", Intent::steps, 3},
    {"how to start", Intent::steps, 3},
    {"pathway", Intent::steps, 3},
    {"get a job", Intent::steps, 2},
    // "i wanna be a cop, what do i do first": what the person does, not the work.
    {"what do i do", Intent::steps, 3},
    {"land a job", Intent::steps, 2},
    {"get hired", Intent::steps, 2},
    {"how to be", Intent::steps, 2},
    {"switch to", Intent::steps, 2},
    {"transition", Intent::steps, 2},
    {"start", Intent::steps, 2},
    {"go into", Intent::steps, 1},
    {"want to be", Intent::steps, 2},
    {"wanna be", Intent::steps, 2},
    {"apprenticeship", Intent::steps, 1},
    {"qualify", Intent::steps, 1},
    {"license", Intent::steps, 3},
    {"licence", Intent::steps, 3},
    {"licensed", Intent::steps, 3},
    {"licensing", Intent::steps, 3},
    {"pass a test", Intent::steps, 3},
    {"exam", Intent::steps, 2},
    // openings
    {"openings", Intent::openings, 3},
    {"opening", Intent::openings, 3},
    {"vacancies", Intent::openings, 3},
    {"vacancy", Intent::openings, 3},
    {"how many jobs", Intent::openings, 3},
    {"how many positions", Intent::openings, 3},
    {"how many", Intent::openings, 2},
    {"positions", Intent::openings, 2},
    {"hiring", Intent::openings, 2},
    {"open up", Intent::openings, 2},
    {"jobs", Intent::openings, 1},
    {"available", Intent::openings, 1},
    // related
    {"similar", Intent::related, 3},
    {"related", Intent::related, 3},
    {"alternative", Intent::related, 3},
    {"instead of", Intent::related, 3},
    {"other careers", Intent::related, 3},
    {"careers like", Intent::related, 3},
    {"jobs like", Intent::related, 3},
    // progression
    {"progression", Intent::progression, 3},
    {"career progression", Intent::progression, 4},
    {"move up", Intent::progression, 3},
    {"career ladder", Intent::progression, 4},
    {"career path", Intent::progression, 3},
    {"next step after", Intent::progression, 5},
    {"next steps after", Intent::progression, 5},
    {"what comes after", Intent::progression, 4},
    {"what's next after", Intent::progression, 5},
    {"whats next after", Intent::progression, 5},
    {"what is next after", Intent::progression, 5},
    {"next after", Intent::progression, 4},
    {"go from here", Intent::progression, 5},
    {"where can i go", Intent::progression, 3},
    {"go after", Intent::progression, 3},
    {"grow professionally", Intent::progression, 5},
    {"move on to", Intent::progression, 3},
    {"after being", Intent::progression, 3},
    {"advance", Intent::progression, 3},
    // Rising in rank: "climb the ranks", "get promoted", "a step up".
    {"the ranks", Intent::progression, 3},
    {"promoted", Intent::progression, 3},
    {"promotion", Intent::progression, 3},
    {"step up", Intent::progression, 3},
    {"advancement", Intent::progression, 3},
    {"promotion", Intent::progression, 3},
    {"promoted", Intent::progression, 3},
    {"next role", Intent::progression, 4},
    {"senior", Intent::progression, 1},
    {"grow in", Intent::progression, 2},
    // courses
    {"courses", Intent::courses, 4},
    {"course", Intent::courses, 4},
    {"classes", Intent::courses, 4},
    {"class", Intent::courses, 3},
    {"certifications", Intent::courses, 4},
    {"certification", Intent::courses, 4},
    {"certificate", Intent::courses, 3},
    {"certs", Intent::courses, 4},
    {"bootcamp", Intent::courses, 3},
    {"what should i learn", Intent::courses, 5},
    {"what to learn", Intent::courses, 5},
    {"what do i need to learn", Intent::courses, 5},
    {"what should i study", Intent::courses, 4},
    {"what to study", Intent::courses, 4},
    {"what should i major in", Intent::courses, 5},
    {"field of study", Intent::courses, 4},
    {"study", Intent::courses, 2},
    {"studying", Intent::courses, 1},
    {"subjects", Intent::courses, 4},
    {"must study", Intent::courses, 4},
    {"need to study", Intent::courses, 4},
    {"fields of study", Intent::courses, 4},
    // assess
    {"quiz", Intent::assess, 4},
    {"quizz", Intent::assess, 4},
    {"quizzes", Intent::assess, 3},
    {"quiz me", Intent::assess, 4},
    {"quiz me on", Intent::unknown, 0},  // "quiz me on capitals": not our quiz
    {"holland code", Intent::assess, 5},
    {"holland test", Intent::assess, 5},
    {"riasec", Intent::assess, 5},
    {"career quiz", Intent::assess, 5},
    {"career test", Intent::assess, 5},
    {"interest test", Intent::assess, 5},
    {"personality test", Intent::assess, 4},
    {"assessment", Intent::assess, 4},
    {"interest profiler", Intent::assess, 5},
    // "is there a test i can take to figure out ...": a test to take, not
    // one to pass for a job (a career named and asked about wins).
    {"test i can take", Intent::assess, 3},
    {"take a test", Intent::assess, 3},
    // recommend: careers that fit what people say about themselves
    {"suit me", Intent::recommend, 4},
    {"suits me", Intent::recommend, 4},
    {"fit me", Intent::recommend, 4},
    {"fits me", Intent::recommend, 4},
    {"right for me", Intent::recommend, 4},
    {"good fit", Intent::recommend, 3},
    {"help me choose", Intent::recommend, 4},
    {"help me pick", Intent::recommend, 4},
    {"help me decide", Intent::recommend, 4},
    {"help me find a career", Intent::recommend, 5},
    {"choose a career", Intent::recommend, 4},
    {"pick a career", Intent::recommend, 4},
    {"what should i do", Intent::recommend, 3},
    {"what job should i", Intent::recommend, 4},
    {"what career should i", Intent::recommend, 4},
    {"which career should i", Intent::recommend, 4},
    {"don't know what to do", Intent::recommend, 4},
    {"no idea what to do", Intent::recommend, 4},
    {"no clue what", Intent::recommend, 4},
    {"don't know what i want", Intent::recommend, 4},
    {"figure out a career", Intent::recommend, 5},
    {"figure out what career", Intent::recommend, 5},
    {"figure out my career", Intent::recommend, 5},
    {"good for me", Intent::recommend, 4},
    {"what could i do", Intent::recommend, 4},
    {"what jobs could i do", Intent::recommend, 5},
    {"what could i become", Intent::recommend, 5},
    {"what can i become", Intent::recommend, 5},
    {"what should i become", Intent::recommend, 5},
    {"what could she become", Intent::recommend, 5},
    {"what could he become", Intent::recommend, 5},
    {"what could they become", Intent::recommend, 5},
    {"i like", Intent::recommend, 3},
    {"i love", Intent::recommend, 3},
    {"i enjoy", Intent::recommend, 3},
    {"i'm good at", Intent::recommend, 3},
    {"im good at", Intent::recommend, 3},
    {"i am good at", Intent::recommend, 3},
    {"good at", Intent::recommend, 2},
    {"good with", Intent::recommend, 2},
    {"interested in", Intent::recommend, 2},
    {"passionate about", Intent::recommend, 3},
    {"someone who", Intent::recommend, 3},
    {"people who", Intent::recommend, 3},
    {"for someone", Intent::recommend, 2},
    {"loves", Intent::recommend, 2},
    {"likes", Intent::recommend, 2},
    {"enjoys", Intent::recommend, 2},
    {"careers that", Intent::recommend, 3},
    {"jobs that", Intent::recommend, 3},
    {"careers for", Intent::recommend, 3},
    {"jobs for", Intent::recommend, 3},
    {"careers where", Intent::recommend, 3},
    {"jobs where", Intent::recommend, 3},
    {"jobs working with", Intent::recommend, 3},
    {"careers working with", Intent::recommend, 3},
    {"career working with", Intent::recommend, 3},
    {"job working with", Intent::recommend, 3},
    // skills
    {"skills", Intent::skills, 3},
    {"skill", Intent::skills, 3},
    {"tools", Intent::skills, 3},
    {"tool", Intent::skills, 3},
    {"technologies", Intent::skills, 3},
    {"technology", Intent::skills, 3},
    {"programming languages", Intent::skills, 3},
    {"languages", Intent::skills, 2},
    {"tech stack", Intent::skills, 3},
    {"abilities", Intent::skills, 3},
    {"competencies", Intent::skills, 3},
    {"software", Intent::skills, 2},
    {"learn", Intent::skills, 2},
    {"need to know", Intent::skills, 2},
    {"know", Intent::skills, 1},
    {"use", Intent::skills, 1},
    // compare
    {"compare", Intent::compare, 3},
    {"comparison", Intent::compare, 3},
    {"versus", Intent::compare, 3},
    {"vs", Intent::compare, 3},
    {"difference", Intent::compare, 3},
    {"which is better", Intent::compare, 3},
    {"better", Intent::compare, 2},
    {"or", Intent::compare, 1},
    // overview
    {"tell me about", Intent::overview, 2},
    {"overview", Intent::overview, 3},
    {"info", Intent::overview, 2},
    {"information", Intent::overview, 2},
    {"describe", Intent::overview, 2},
    {"explain", Intent::overview, 2},
    {"learn about", Intent::overview, 2},
    {"learn more", Intent::overview, 3},
    {"curious", Intent::overview, 1},
    {"what is a", Intent::overview, 1},
    // list
    {"list", Intent::list, 3},
    {"what careers", Intent::list, 3},
    {"which careers", Intent::list, 3},
    {"what jobs", Intent::list, 3},
    {"which jobs", Intent::list, 3},
    {"what occupations", Intent::list, 3},
    {"careers do you", Intent::list, 3},
    {"jobs do you", Intent::list, 3},
    {"all careers", Intent::list, 3},
    {"know about", Intent::list, 1},
    {"info on", Intent::list, 1},
    // greeting
    {"hi", Intent::greeting, 3},
    {"hello", Intent::greeting, 3},
    {"hey", Intent::greeting, 3},
    {"hiya", Intent::greeting, 3},
    {"howdy", Intent::greeting, 3},
    {"greetings", Intent::greeting, 3},
    {"yo", Intent::greeting, 3},
    {"good morning", Intent::greeting, 3},
    {"good afternoon", Intent::greeting, 3},
    {"good evening", Intent::greeting, 3},
    {"good day", Intent::greeting, 3},
    // help
    {"help", Intent::help, 3},
    {"what can you do", Intent::help, 4},
    {"how does this work", Intent::help, 4},
    {"what do you do", Intent::help, 4},
    {"what can i ask", Intent::help, 4},
    {"who are you", Intent::help, 4},
    {"what are you", Intent::help, 4},
    {"commands", Intent::help, 2},
    {"menu", Intent::help, 2},
    // thanks
    {"thanks", Intent::thanks, 4},
    {"thank", Intent::thanks, 4},
    {"appreciate", Intent::thanks, 4},
    {"appreciated", Intent::thanks, 4},
    {"cheers", Intent::thanks, 3},
    {"bye", Intent::thanks, 3},
    {"goodbye", Intent::thanks, 3},
    {"see you", Intent::thanks, 3},
    // handoff
    {"human", Intent::handoff, 4},
    {"representative", Intent::handoff, 4},
    {"real person", Intent::handoff, 5},
    {"live agent", Intent::handoff, 5},
    {"operator", Intent::handoff, 3},
    {"customer service", Intent::handoff, 4},
    {"talk to", Intent::handoff, 2},
    {"speak to", Intent::handoff, 2},
    {"speak with", Intent::handoff, 2},
    {"person", Intent::handoff, 2},
    {"agent", Intent::handoff, 2},
    {"someone", Intent::handoff, 1},
    {"connect me", Intent::handoff, 2},
    // Someone to call or write to, instead of the bot.
    {"someone i can call", Intent::handoff, 5},
    {"someone i can phone", Intent::handoff, 5},
    {"someone i can talk to", Intent::handoff, 5},
    {"someone i can speak to", Intent::handoff, 5},
    {"someone to call", Intent::handoff, 4},
    {"call someone", Intent::handoff, 4},
    {"phone someone", Intent::handoff, 4},
    {"number i can call", Intent::handoff, 5},
    {"phone number", Intent::handoff, 4},
    {"instead of this bot", Intent::handoff, 5},
    {"instead of a bot", Intent::handoff, 5},
    {"rather than this bot", Intent::handoff, 5},
    {"rather than a bot", Intent::handoff, 5},
    {"not a bot", Intent::handoff, 5},
};

int best_in(const std::array<int, kIntentCount>& score, Intent first, Intent last, Intent& best) {
  int best_score = 0;
  for (int i = static_cast<int>(first); i <= static_cast<int>(last); ++i) {
    if (score[static_cast<std::size_t>(i)] > best_score) {
      best_score = score[static_cast<std::size_t>(i)];
      best = static_cast<Intent>(i);
    }
  }
  return best_score;
}

}  // namespace

Intent IntentEvidence::best_fact_intent() const {
  Intent best = Intent::overview;
  int fact = best_in(score, Intent::salary, Intent::skills, best);
  // A tie between one cue and the model goes to the model, which read the
  // whole sentence ("coursework for future nurses" is not about the future);
  // several agreeing cues ("how much ... make") keep theirs.
  if (fact > 0 && is_fact_intent(model_intent) && model_intent != best &&
      score[static_cast<std::size_t>(model_intent)] == fact &&
      std::count_if(cues.begin(), cues.end(),
                    [&](const IntentCue* c) { return c->intent == best; }) <= 1)
    return model_intent;
  return fact > 0 ? best : Intent::overview;
}

int IntentEvidence::fact_score() const {
  Intent best = Intent::overview;
  return best_in(score, Intent::salary, Intent::skills, best);
}

Intent IntentEvidence::best_guidance_intent() const {
  const int assess = score[static_cast<std::size_t>(Intent::assess)];
  const int recommend = score[static_cast<std::size_t>(Intent::recommend)];
  if (std::max(assess, recommend) < 3) return Intent::unknown;
  return assess >= recommend ? Intent::assess : Intent::recommend;
}

Intent IntentEvidence::best_conversational_intent() const {
  // Ties go to the more specific intent: a person who says thanks and asks for
  // help in one breath is thanking; "hi, can you help" wants help.
  constexpr Intent kOrder[] = {Intent::handoff, Intent::thanks, Intent::list, Intent::help,
                               Intent::greeting};
  Intent best = Intent::unknown;
  int best_score = 2;  // a hint alone is not enough
  for (Intent intent : kOrder) {
    if (score[static_cast<std::size_t>(intent)] > best_score) {
      best_score = score[static_cast<std::size_t>(intent)];
      best = intent;
    }
  }
  return best;
}

IntentLexicon::IntentLexicon() {
  for (const auto& spec : kCues) {
    IntentCue cue{{}, spec.phrase, spec.intent, spec.weight, spec.after_career};
    for (auto& word : analyse(spec.phrase)) {
      words_.insert(word.text);
      cue.stems.push_back(std::move(word.stem));
    }
    if (cue.stems.empty()) continue;
    by_first_stem_[cue.stems.front()].push_back(cues_.size());
    cues_.push_back(std::move(cue));
  }
  // Longer phrases first, so "how many jobs" wins over "how many".
  for (auto& [stem, indexes] : by_first_stem_) {
    std::stable_sort(indexes.begin(), indexes.end(), [&](std::size_t a, std::size_t b) {
      return cues_[a].stems.size() > cues_[b].stems.size();
    });
  }
}

std::string IntentLexicon::correct(const std::string& word) const {
  constexpr std::size_t kMinLength = 4;  // shorter words have too many neighbours
  if (word.size() < kMinLength) return {};
  const int limit = word.size() >= 7 ? 2 : 1;
  std::string best;
  int best_distance = limit + 1;
  bool tie = false;
  for (const auto& known : words_) {
    if (known.size() < kMinLength || known.front() != word.front()) continue;
    const int distance = edit_distance(word, known, limit);
    if (distance > limit) continue;
    if (distance < best_distance) {
      best = known;
      best_distance = distance;
      tie = false;
    } else if (distance == best_distance && known != best) {
      tie = true;
    }
  }
  return tie ? std::string() : best;
}

bool IntentLexicon::cue_across(const std::vector<Word>& words, std::size_t at) const {
  constexpr std::size_t kLongestCue = 5;
  for (std::size_t start = at >= kLongestCue ? at - kLongestCue : 0; start <= at; ++start) {
    auto it = by_first_stem_.find(words[start].stem);
    if (it == by_first_stem_.end()) continue;
    for (std::size_t index : it->second) {
      const IntentCue& cue = cues_[index];
      const std::size_t n = cue.stems.size();
      if (n < 2 || start + n <= at || start + n > words.size() || cue.after_career) continue;
      bool match = true;
      for (std::size_t k = 0; k < n && match; ++k) match = words[start + k].stem == cue.stems[k];
      if (match) return true;
    }
  }
  return false;
}

namespace {

bool is_subject_pronoun(std::string_view word) {
  static constexpr std::array<std::string_view, 7> kPronouns = {"i",  "you", "he",  "she",
                                                                "it", "we",  "they"};
  return std::find(kPronouns.begin(), kPronouns.end(), word) != kPronouns.end();
}

// "What does that job actually pay?": a "does" after the career with
// another fact's plain cue close behind only helps to ask it (not "what do
// EMTs do on the job": "job" hints at openings only).
void drop_helping_verbs(IntentEvidence& found, const std::vector<std::size_t>& starts) {
  constexpr std::size_t kClose = 3;  // words between the two
  for (std::size_t c = 0; c < found.cues.size(); ++c) {
    const IntentCue* cue = found.cues[c];
    if (!cue->after_career || cue->intent != Intent::duties) continue;
    bool helps = false;
    for (std::size_t d = c + 1; d < found.cues.size() && starts[d] <= starts[c] + kClose + 1; ++d) {
      const IntentCue* next = found.cues[d];
      helps = helps ||
              (is_fact_intent(next->intent) && next->intent != Intent::duties && next->weight >= 2);
    }
    if (!helps) continue;
    found.score[static_cast<std::size_t>(Intent::duties)] -= cue->weight;
    found.cues[c] = nullptr;
  }
  std::erase(found.cues, nullptr);
}

}  // namespace

IntentEvidence IntentLexicon::evidence(const std::vector<Word>& words,
                                       const std::vector<bool>& covered,
                                       std::size_t career_start) const {
  IntentEvidence found;
  found.used.assign(words.size(), false);
  std::vector<std::size_t> starts;  // of found.cues
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (covered[i] || found.used[i]) continue;
    auto it = by_first_stem_.find(words[i].stem);
    if (it == by_first_stem_.end()) continue;
    const IntentCue* matched = nullptr;
    for (std::size_t index : it->second) {
      const IntentCue& cue = cues_[index];
      if (cue.after_career && i <= career_start) continue;
      if (cue.after_career && career_start >= words.size()) continue;
      // "what does a DBA do (all day)": the verb closes the question.
      if (cue.after_career && i + cue.stems.size() + 3 < words.size()) continue;
      // "..., what do they earn", "how do i get there": a verb before its
      // subject only helps to ask.
      if (cue.after_career && i + 1 < words.size() && is_subject_pronoun(words[i + 1].text))
        continue;
      std::size_t n = cue.stems.size();
      if (i + n > words.size()) continue;
      bool match = true;
      for (std::size_t k = 0; k < n && match; ++k) {
        match = !covered[i + k] && words[i + k].stem == cue.stems[k];
      }
      if (!match) continue;
      // Of one-word cues sharing a stem, the word as written: "school" is
      // not "schooling".
      if (n == 1 && matched != nullptr && cue.phrase != words[i].text) continue;
      matched = &cue;
      if (n > 1 || cue.phrase == words[i].text) break;
    }
    if (matched != nullptr) {
      // The verb that closes the question is its main verb: "what do
      // medical assistants make" asks the pay, whatever the model reads.
      const bool closes = matched->after_career && i + matched->stems.size() == words.size();
      found.score[static_cast<std::size_t>(matched->intent)] += matched->weight + (closes ? 1 : 0);
      found.cues.push_back(matched);
      starts.push_back(i);
      for (std::size_t k = 0; k < matched->stems.size(); ++k) found.used[i + k] = true;
    }
  }
  drop_helping_verbs(found, starts);
  return found;
}

}  // namespace careerbot
