#include "guidance/guide.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "guidance/interest_items.hpp"
#include "guidance/recommendations.hpp"
#include "text.hpp"

namespace careerbot {
namespace {

constexpr std::size_t kPage = 10;         // careers shown at a time
constexpr std::size_t kKept = 50;         // careers kept for "more" and picks
constexpr std::size_t kEmailEnough = 20;  // answers that make an emailed quiz worth scoring

const std::vector<std::string>& choice_names() {
  static const std::vector<std::string> names = {"like", "not sure", "dislike"};
  return names;
}

std::string normalised(std::string_view text) {
  std::string joined;
  for (const auto& w : split_words(text)) joined += (joined.empty() ? "" : " ") + w;
  return joined;
}

bool one_of(const std::string& text, std::initializer_list<std::string_view> options) {
  return std::any_of(options.begin(), options.end(), [&](std::string_view o) { return text == o; });
}

AssessmentPrompt prompt_for(std::size_t index) {
  const auto& item = interest_items()[index];
  return {static_cast<int>(index + 1), static_cast<int>(interest_items().size()), item.id,
          item.text, choice_names()};
}

std::string question_line(std::size_t index) {
  const auto& items = interest_items();
  return std::to_string(index + 1) + " of " + std::to_string(items.size()) + ": " +
         items[index].text + "? (like / not sure / dislike)";
}

// The first item from `from` on that has no answer yet, or the end. Skipped
// items stay behind: skipping means "no answer".
std::size_t next_unanswered(const QuizProgress& quiz, std::size_t from) {
  const std::size_t total = interest_items().size();
  for (std::size_t i = from; i < total; ++i) {
    if (!quiz.answers.contains(i)) return i;
  }
  return total;
}

Reply guidance_reply(std::string text) {
  Reply reply;
  reply.status = Status::answered;
  reply.intent = Intent::assess;
  reply.confidence = 1.0;
  reply.text = std::move(text);
  return reply;
}

std::string capitalised(std::string_view word) {
  std::string out(word);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return out;
}

const char* kFollowUps =
    "\n\nNarrow them down: \"only ones without a degree\", \"that pay over $60k\", \"that are "
    "growing\", \"more\", or \"tell me about the third one\".";

// Shows the next page of the kept careers.
Reply show_page(const Snapshot& s, ShownMatches& shown, Intent intent, std::string heading) {
  Reply reply = guidance_reply(std::move(heading));
  reply.intent = intent;
  const std::size_t from = shown.shown;
  for (std::size_t i = from; i < shown.ids.size() && i < from + kPage; ++i) {
    const auto* p = s.kb.find(shown.ids[i]);
    if (p == nullptr) continue;
    CareerMatchView view;
    view.career = ref_of(*p);
    view.match = shown.percents[i];
    if (p->median_salary) {
      view.median_salary = p->median_salary->amount;
      view.salary_period = p->median_salary->period;
    }
    if (p->growth) view.growth = p->growth->percent;
    view.job_zone = p->job_zone;
    if (p->education) view.education = p->education->level;
    reply.matches.push_back(std::move(view));
  }
  shown.shown = from + reply.matches.size();
  if (reply.matches.empty()) {
    reply.text += from == 0 ? "\nNo career in the knowledge base passes those filters. Say "
                              "\"any\" to drop them."
                            : "\nThat's all of them.";
    return reply;
  }
  reply.text += match_lines(reply.matches, from + 1) + kFollowUps;
  for (std::size_t i = 0; i < reply.matches.size() && i < 3; ++i)
    reply.suggestions.push_back("Tell me about " + reply.matches[i].career.title);
  return reply;
}

// Keeps a ranking for follow-ups. The careers shown are now what the
// conversation is about, not a career asked about before.
ShownMatches keep(const std::vector<CareerMatchView>& ranked, const MatchBasis& basis,
                  const MatchFilters& filters, ConversationState& state) {
  state.careers.clear();
  state.intent = Intent::unknown;
  ShownMatches shown;
  for (const auto& m : ranked) {
    shown.ids.push_back(m.career.id);
    shown.percents.push_back(m.match);
  }
  shown.person = basis.person;
  shown.topics = basis.topics;
  shown.filters = filters;
  return shown;
}

std::string filter_words(const MatchFilters& f) {
  std::vector<std::string> parts;
  if (f.no_degree) parts.emplace_back("no degree needed");
  if (f.min_median_salary)
    parts.push_back("median pay of at least " + format_money(*f.min_median_salary));
  if (f.growing) parts.emplace_back("growing");
  if (f.max_job_zone) parts.push_back("job zone " + std::to_string(*f.max_job_zone) + " or less");
  std::string text;
  for (std::size_t i = 0; i < parts.size(); ++i) text += (i == 0 ? "" : ", ") + parts[i];
  return text;
}

// "the third one", "number 3", "#3", "3": a position among the shown careers.
std::optional<std::size_t> picked_position(const std::vector<std::string>& words) {
  static constexpr std::array<std::string_view, 10> kOrdinals = {
      "first", "second",  "third",  "fourth", "fifth",
      "sixth", "seventh", "eighth", "ninth",  "tenth"};
  static constexpr std::array<std::string_view, 10> kShort = {"1st", "2nd", "3rd", "4th", "5th",
                                                              "6th", "7th", "8th", "9th", "10th"};
  if (words.size() > 8) return std::nullopt;
  for (const auto& w : words) {
    for (std::size_t i = 0; i < kOrdinals.size(); ++i) {
      if (w == kOrdinals[i] || w == kShort[i]) return i;
    }
  }
  const bool pointing =
      words.size() <= 2 || std::any_of(words.begin(), words.end(), [](const std::string& w) {
        return w == "number" || w == "no" || w == "about" || w == "one";
      });
  for (const auto& w : words) {
    std::string digits = w.starts_with("#") ? w.substr(1) : w;
    if (digits.empty() || digits.size() > 2 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
      continue;
    int n = std::stoi(digits);
    if (pointing && n >= 1) return static_cast<std::size_t>(n - 1);
  }
  return std::nullopt;
}

}  // namespace

void Guide::add_quiz_reminder(const ConversationState& state, Reply& reply) const {
  if (!state.quiz.active || state.quiz.whole_set) return;
  const std::size_t total = interest_items().size();
  if (state.quiz.next >= total) return;
  reply.text += "\n\nBack to the career quiz, " + question_line(state.quiz.next);
  reply.assessment = prompt_for(state.quiz.next);
}

Reply Guide::start_quiz(ConversationState& state, const GuideOptions& options) const {
  state.quiz = QuizProgress{};
  state.quiz.active = true;
  state.matches.reset();
  const auto& items = interest_items();
  if (options.whole_quiz) {
    state.quiz.whole_set = true;
    std::string text =
        "Let's find careers that fit your interests. For each activity below, say whether you "
        "would like doing it: like, not sure or dislike. Reply with the number and your answer on "
        "each line, for example:\n1 like\n2 not sure\n3 dislike\n";
    for (std::size_t i = 0; i < items.size(); ++i)
      text += "\n" + std::to_string(i + 1) + ". " + items[i].text;
    text += "\n\nI'll reply with your interest profile and the careers that fit it best.";
    return guidance_reply(std::move(text));
  }
  Reply reply = guidance_reply(
      "Let's find careers that fit your interests: " + std::to_string(items.size()) +
      " quick activities; for each, say whether you'd like doing it: like, not sure or dislike "
      "(1, 2 or 3 work too, and several at once: \"1 3 2\"). Say \"skip\", \"stop\" or \"start "
      "over\" any time.\n\n" +
      question_line(0));
  reply.assessment = prompt_for(0);
  return reply;
}

Reply Guide::next_item(const Snapshot& s, ConversationState& state) const {
  state.quiz.next = next_unanswered(state.quiz, state.quiz.next);
  if (state.quiz.next >= interest_items().size()) return quiz_result(s, state);
  Reply reply = guidance_reply(question_line(state.quiz.next));
  reply.assessment = prompt_for(state.quiz.next);
  return reply;
}

Reply Guide::quiz_result(const Snapshot& s, ConversationState& state) const {
  AssessmentOutcome outcome = score_assessment(s, state.quiz.answers, {}, kKept);
  state.quiz.active = false;
  if (!outcome.informative) {
    state.matches.reset();
    Reply reply = guidance_reply(
        "Your answers came out the same for every kind of work, so they don't point to any "
        "careers yet. Say \"start over\" to take the quiz again, with a few more likes and "
        "dislikes, or tell me what you enjoy (\"I like working with my hands\").");
    reply.suggestions = {"Take the career quiz", "I like working with my hands"};
    return reply;
  }
  std::string text = "Your interest profile (0-10 per area):";
  for (std::size_t i = 0; i < kInterestAreaNames.size(); ++i) {
    text += "\n- " + capitalised(kInterestAreaNames[i]) + ": " +
            format_count(std::llround(outcome.scores.raw[i]));
  }
  text += "\n\nYour interest code is " + outcome.code + ":";
  for (char letter : outcome.code) {
    if (auto area = area_from_name(std::string(1, letter))) {
      text += "\n- " + capitalised(area_name(*area)) + ": " + std::string(area_meaning(*area));
    }
  }
  MatchBasis basis{outcome.scores.raw, true, {}};
  state.matches = keep(outcome.matches, basis, {}, state);
  Reply reply = show_page(s, *state.matches, Intent::assess,
                          text + "\n\nThe careers that fit your interests best:");
  reply.why = "assessment answered: " + std::to_string(state.quiz.answers.size()) + " of " +
              std::to_string(interest_items().size()) + " items; code " + outcome.code;
  return reply;
}

Reply Guide::recommend(const Snapshot& s, std::string_view text, ConversationState& state,
                       const GuideOptions& options) const {
  StatedInterests stated = read_interests(text);
  FilterRequest filters = read_filters(text, {});
  if (!stated.has_areas() && !stated.topics.empty() && !stated.asks_for_work) {
    // "I like pizza": a statement, not a question about work.
    Reply reply;
    reply.status = Status::fallback;
    reply.intent = Intent::unknown;
    reply.text =
        "I can only help with careers. If you're looking for career ideas, tell me what you "
        "enjoy doing (\"I like working outdoors with my hands\") or take the career quiz.";
    reply.suggestions = {"Take the career quiz", "What careers would suit me?"};
    reply.why = "a liking, but no interest area or question about work";
    return reply;
  }
  if (!stated.has_areas() && stated.topics.empty() && !filters.found) {
    // Nothing to go on: the quiz finds it out.
    Reply reply = start_quiz(state, options);
    reply.why = "recommend without interests to go on: the quiz";
    return reply;
  }
  MatchBasis basis;
  basis.by_interests = stated.has_areas();
  basis.person = stated.areas;
  basis.topics = stated.topics;
  auto ranked = rank_careers(s, basis, filters.filters, kKept);
  if (ranked.empty() && !basis.by_interests) {
    // The words matched no career's work: the quiz finds out instead.
    Reply reply = start_quiz(state, options);
    reply.why = "recommend: nothing in what was said matches careers; the quiz";
    return reply;
  }
  state.matches = keep(ranked, basis, filters.filters, state);
  state.quiz.active = false;
  std::string heading = "Careers that fit what you said";
  if (!stated.mentioned.empty()) {
    heading += " (";
    for (std::size_t i = 0; i < stated.mentioned.size() && i < 4; ++i)
      heading += (i == 0 ? "" : ", ") + stated.mentioned[i];
    heading += ")";
  }
  if (!filter_words(filters.filters).empty()) heading += ", " + filter_words(filters.filters);
  heading += ":";
  Reply reply = show_page(s, *state.matches, Intent::recommend, heading);
  if (!reply.matches.empty()) {
    reply.text += "\nFor a closer match, take the career quiz: say \"take the career quiz\".";
    reply.suggestions.emplace_back("Take the career quiz");
  }
  reply.why = "recommend from " + std::string(basis.by_interests ? "interest areas" : "topics") +
              (stated.mentioned.empty() ? "" : " ('" + stated.mentioned.front() + "' ...)");
  return reply;
}

std::optional<Reply> Guide::follow_up(const Snapshot& s, std::string_view text,
                                      ConversationState& state) const {
  if (!state.matches || state.matches->ids.empty()) return std::nullopt;
  ShownMatches& shown = *state.matches;
  const auto words = split_words(text);
  const std::string said = normalised(text);
  if (one_of(said, {"more", "show more", "more please", "next", "show me more", "others",
                    "what else", "any more", "more careers", "more options"})) {
    return show_page(s, shown, Intent::recommend, "More careers that fit:");
  }
  if (auto position = picked_position(words); position && *position < shown.shown) {
    int index = s.kb.index_of(shown.ids[*position]);
    if (index < 0) return std::nullopt;
    Understanding u;
    u.status = Status::answered;
    // "how much does the third one make": the fact asked, else its overview.
    const auto analysed = analyse(text);
    const std::vector<bool> no_career(analysed.size(), false);
    u.intent = lexicon_.evidence(analysed, no_career, analysed.size()).best_fact_intent();
    u.careers = {index};
    u.confidence = 0.9;
    u.why = "chose career " + std::to_string(*position + 1) + " of those shown";
    remember(s, u, state);
    return compose_reply(s, u);
  }
  FilterRequest request = read_filters(text, shown.filters);
  if (!request.found) return std::nullopt;
  MatchBasis basis{
      shown.person,
      std::any_of(shown.person.begin(), shown.person.end(), [](double v) { return v > 0; }),
      shown.topics};
  auto ranked = rank_careers(s, basis, request.filters, kKept);
  state.matches = keep(ranked, basis, request.filters, state);
  std::string heading = request.clear || filter_words(request.filters).empty()
                            ? "All the careers that fit, without filters:"
                            : "Careers that fit, " + filter_words(request.filters) + ":";
  return show_page(s, *state.matches, Intent::recommend, heading);
}

std::optional<Reply> Guide::carry_on(const Snapshot& s, std::string_view text,
                                     ConversationState& state, const GuideOptions& options) const {
  const std::size_t total = interest_items().size();
  // An emailed reply that lists answers is scored whatever the state: mail
  // may come back after the conversation was forgotten.
  if (options.whole_quiz) {
    auto listed = parse_answer_list(text);
    if (listed.size() >= kEmailEnough || (state.quiz.active && !listed.empty())) {
      if (!state.quiz.active) state.quiz = QuizProgress{true, true, 0, {}};
      for (const auto& [item, choice] : listed) state.quiz.answers[item] = choice;
      if (state.quiz.answers.size() >= kEmailEnough) return quiz_result(s, state);
      std::string missing;
      for (std::size_t i = 0; i < total; ++i) {
        if (!state.quiz.answers.contains(i))
          missing += (missing.empty() ? "" : ", ") + std::to_string(i + 1);
      }
      return guidance_reply("Thanks, I have " + std::to_string(state.quiz.answers.size()) + " of " +
                            std::to_string(total) +
                            " answers. Please answer these too: " + missing + ".");
    }
  }
  if (!state.quiz.active) return follow_up(s, text, state);

  const std::string said = normalised(text);
  if (one_of(said, {"stop", "quit", "cancel", "exit", "end", "stop the quiz", "stop quiz",
                    "quit the quiz", "end the quiz", "enough", "no more"})) {
    state.quiz = QuizProgress{};
    Reply reply = guidance_reply(
        "Quiz stopped. Say \"take the career quiz\" to start again, or ask me about any career.");
    reply.suggestions = {"Take the career quiz"};
    return reply;
  }
  if (one_of(said, {"start over", "restart", "reset", "start again", "begin again",
                    "from the start", "restart the quiz", "start the quiz over"})) {
    return start_quiz(state, options);
  }
  if (one_of(said, {"skip", "pass", "skip it", "skip this one", "skip this", "next one"})) {
    state.quiz.next = next_unanswered(state.quiz, state.quiz.next + 1);
    if (state.quiz.next >= total) return quiz_result(s, state);
    Reply reply = guidance_reply(question_line(state.quiz.next));
    reply.assessment = prompt_for(state.quiz.next);
    return reply;
  }
  const std::size_t remaining = total - std::min(total, state.quiz.next);
  if (auto choices = parse_choices(text, std::max<std::size_t>(remaining, 1))) {
    std::size_t at = state.quiz.next;
    for (Choice choice : *choices) {
      if (at >= total) break;
      state.quiz.answers[at] = choice;
      at = next_unanswered(state.quiz, at + 1);
    }
    state.quiz.next = at;
    return next_item(s, state);
  }
  return std::nullopt;
}

bool Guide::asks_by_requirements(std::string_view text) {
  const auto words = split_words(text);
  const bool careers_asked = std::any_of(words.begin(), words.end(), [](const std::string& w) {
    return w == "careers" || w == "jobs" || w == "occupations" || w == "professions" ||
           w == "career" || w == "job";
  });
  return careers_asked && read_filters(text, {}).found;
}

Reply Guide::answer(const Snapshot& s, Intent intent, std::string_view text,
                    ConversationState& state, const GuideOptions& options) const {
  if (intent == Intent::assess) return start_quiz(state, options);
  return recommend(s, text, state, options);
}

}  // namespace careerbot
