#include "assistant.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <random>

#include "text.hpp"

namespace careerbot {
namespace {

constexpr std::array<std::string_view, 22> kQuestionStarts = {
    "what", "how",  "which", "who",  "where",   "when",   "why",  "is",
    "are",  "do",   "does",  "can",  "could",   "should", "will", "would",
    "tell", "give", "show",  "list", "explain", "compare"};

bool starts_like_question(std::string_view text) {
  // The first word counts, past a word that only joins it to what came
  // before ("also is it growing", "and what do they earn").
  static constexpr std::array<std::string_view, 7> kJoining = {"and",  "also", "so",  "but",
                                                               "plus", "ok",   "okay"};
  constexpr std::size_t kOpening = 48;          // enough for a joining word or two and the first
  thread_local std::vector<std::string> words;  // called for every sentence: kept, not reallocated
  words.clear();
  split_words(text.substr(0, std::min(text.size(), kOpening)), words);
  std::size_t at = 0;
  while (at + 1 < words.size() &&
         std::find(kJoining.begin(), kJoining.end(), words[at]) != kJoining.end())
    ++at;
  return at < words.size() && std::find(kQuestionStarts.begin(), kQuestionStarts.end(),
                                        words[at]) != kQuestionStarts.end();
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) s.remove_suffix(1);
  return s;
}

// Splits "X and what Y" into "X" and "what Y" when what follows starts a
// question, in a sentence that asks: "I'm finishing school and is ..." is
// one statement.
void split_on_conjunctions(std::string_view sentence, bool asked, std::vector<Segment>& out) {
  if (!asked) {
    out.push_back({sentence, false});
    return;
  }
  static constexpr std::array<std::string_view, 5> kJoins = {" and ", " also ", ", and ", " + ",
                                                             " & "};
  std::size_t start = 0;
  for (std::size_t i = 0; i < sentence.size(); ++i) {
    for (auto join : kJoins) {
      if (sentence.size() - i < join.size()) continue;
      bool same = true;
      for (std::size_t k = 0; k < join.size() && same; ++k) {
        same = ascii_lower(sentence[i + k]) == join[k];
      }
      if (!same || !starts_like_question(sentence.substr(i + join.size()))) continue;
      auto part = trim(sentence.substr(start, i - start));
      if (!part.empty()) out.push_back({part, true});
      start = i + join.size();
      i = start;
      break;
    }
  }
  auto rest = trim(sentence.substr(start));
  if (!rest.empty()) out.push_back({rest, asked || starts_like_question(rest)});
}

// Whether `u` names one of the several careers of the last answer.
bool picks_one_of(const Snapshot& snapshot, const ConversationState& running,
                  const Understanding& u) {
  if (u.careers.size() != 1 || running.careers.size() < 2) return false;
  return std::any_of(running.careers.begin(), running.careers.end(), [&](const std::string& id) {
    return snapshot.kb.index_of(id) == u.careers.front();
  });
}

// The replies to the further facts asked with the first ("nurse salary and
// outlook": the outlook), in order.
void add_also_asked(const Snapshot& snapshot, const Understanding& u, std::vector<Reply>& replies) {
  for (Intent also : u.also_asked) {
    Understanding next = u;
    next.intent = also;
    next.also_asked.clear();
    replies.push_back(compose_reply(snapshot, next));
  }
}

std::string new_conversation_id() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id = "c-";
  auto value = random();
  for (int i = 0; i < 16; ++i) {
    id += kHex[value & 0xF];
    value >>= 4;
  }
  return id;
}

// Whether a sentence that is no question still asks for something: "I'd
// like to know what welders earn.", "Please send the outlook for nurses."
bool makes_request(std::string_view sentence) {
  static constexpr std::array<std::string_view, 11> kRequestWords = {
      "tell",    "know", "wondering", "wonder", "curious",    "please",
      "explain", "info", "details",   "share",  "information"};
  thread_local std::vector<std::string> words;
  words.clear();
  split_words(sentence, words);
  return std::any_of(words.begin(), words.end(), [](const std::string& w) {
    return std::find(kRequestWords.begin(), kRequestWords.end(), w) != kRequestWords.end();
  });
}

// Whether a question only asks if what was just said holds: "Is that
// true?", "really?", "is that right".
bool asks_if_true(std::string_view sentence) {
  static constexpr std::array<std::string_view, 11> kVerdicts = {
      "true",  "right", "correct", "really", "real", "accurate",
      "legit", "case",  "wrong",   "fact",   "so"};
  static constexpr std::array<std::string_view, 16> kAround = {
      "is",  "isn", "t",        "s",  "that", "it",  "this", "for",
      "the", "a",   "actually", "or", "not",  "was", "am",   "i"};
  thread_local std::vector<std::string> words;
  words.clear();
  split_words(sentence, words);
  const auto in = [](const auto& list, const std::string& w) {
    return std::find(list.begin(), list.end(), w) != list.end();
  };
  const bool verdict = std::any_of(words.begin(), words.end(),
                                   [&](const std::string& w) { return in(kVerdicts, w); });
  return verdict && std::all_of(words.begin(), words.end(), [&](const std::string& w) {
           return in(kVerdicts, w) || in(kAround, w);
         });
}

// "... due within 30 days. Regards, Accounts Payable": a sign-off after a
// sentence, then a few words without a question, is a signature; the text
// before it is the message (the signature's words name no career asked about).
std::string_view without_signature(std::string_view text) {
  static constexpr std::array<std::string_view, 12> kSignOffs = {
      "best regards", "kind regards", "warm regards", "regards", "sincerely", "cheers",
      "best wishes",  "many thanks",  "thank you",    "thanks",  "best",      "respectfully"};
  // A sign-off and six words fit in the text's last few lines: only they
  // are looked at, each position once (a long message costs no more).
  constexpr std::size_t kSignatureBytes = 160;
  if (text.size() < 2) return text;
  const std::size_t from =
      std::max<std::size_t>(1, text.size() - std::min(text.size(), kSignatureBytes));
  constexpr std::string_view kSpace = " \t\r\n";
  std::size_t end_of_sentence = text.find_last_not_of(kSpace, from - 1);  // npos: none yet
  for (std::size_t i = from; i < text.size(); ++i) {
    const char before = text[i - 1];
    if (kSpace.find(before) == std::string_view::npos) end_of_sentence = i - 1;
    if (before != ' ' && before != '\n') continue;
    if (end_of_sentence == std::string_view::npos) return text;  // a sign-off opens the text
    const char last = text[end_of_sentence];
    if (last != '.' && last != '!' && last != '?' && before != '\n') continue;
    for (std::string_view sign_off : kSignOffs) {
      if (text.size() - i < sign_off.size() + 1) continue;
      bool same = true;
      for (std::size_t k = 0; k < sign_off.size() && same; ++k)
        same = ascii_lower(text[i + k]) == sign_off[k];
      const char after = text[i + sign_off.size()];
      if (!same || (after != ',' && after != '\n' && after != '!')) continue;
      const std::string_view rest = text.substr(i + sign_off.size() + 1);
      thread_local std::vector<std::string> words;
      words.clear();
      split_words(rest, words);
      constexpr std::size_t kSignatureWords = 6;
      if (words.size() <= kSignatureWords && rest.find('?') == std::string_view::npos)
        return trim(text.substr(0, i));
    }
  }
  return text;
}

// Whether a sentence asks for careers in the plural ("which careers would
// suit me", "any jobs for someone like me"), not about one.
bool asks_for_careers(std::string_view sentence) {
  static constexpr std::array<std::string_view, 6> kCareers = {
      "careers", "jobs", "occupations", "professions", "fields", "roles"};
  thread_local std::vector<std::string> words;
  words.clear();
  split_words(sentence, words);
  return std::any_of(words.begin(), words.end(), [](const std::string& w) {
    return std::find(kCareers.begin(), kCareers.end(), w) != kCareers.end();
  });
}

// A part of a message worth its own reply.
bool has_substance(const Understanding& u) {
  // (A request for a person is one, whatever small talk is around it.)
  const bool request = u.intent == Intent::handoff || u.intent == Intent::list;
  return (u.status == Status::answered && (!u.careers.empty() || request)) ||
         (u.status == Status::clarify && !u.candidates.empty());
}

}  // namespace

std::vector<Segment> split_questions(std::string_view text) {
  std::vector<Segment> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    bool end = i == text.size();
    char c = end ? '\0' : text[i];
    bool boundary = end || c == '?' || c == '!' || c == '\n' || c == ';' ||
                    (c == '.' && (i + 1 == text.size() ||
                                  std::isspace(static_cast<unsigned char>(text[i + 1])) != 0));
    if (!boundary) continue;
    auto sentence = trim(text.substr(start, i - start));
    if (!sentence.empty())
      split_on_conjunctions(sentence, c == '?' || starts_like_question(sentence), out);
    start = i + 1;
  }
  return out;
}

namespace {

// One message's use of a loaded conversation: saved on the way out, or
// released when answering failed.
class Turn {
 public:
  // `fresh`: a conversation this message begins (nothing to load or hold).
  Turn(ConversationMemory& memory, const std::string& id, bool fresh)
      : memory_(memory), id_(id), fresh_(fresh) {}
  ~Turn() {
    if (loaded_ && !saved_) memory_.release(id_);
  }
  Turn(const Turn&) = delete;
  Turn& operator=(const Turn&) = delete;
  ConversationState load() {
    if (fresh_) return {};
    ConversationState state = memory_.load(id_);
    loaded_ = true;  // (a load that throws leaves nothing to release)
    return state;
  }
  void save(ConversationState state) {
    if (fresh_) {
      memory_.begin(id_, std::move(state));
    } else {
      memory_.save(id_, std::move(state));
    }
    saved_ = true;
  }

 private:
  ConversationMemory& memory_;
  const std::string& id_;
  const bool fresh_;
  bool loaded_ = false;
  bool saved_ = false;
};

}  // namespace

Assistant::Assistant(SnapshotPtr snapshot, MatcherSettings settings,
                     ConversationMemory& conversations)
    : snapshot_(std::move(snapshot)),
      matcher_(std::move(settings)),
      conversations_(conversations) {}

Answer Assistant::ask(std::string_view text, std::string conversation_id,
                      const GuideOptions& options) {
  SnapshotPtr snapshot = snapshot_.load();  // one consistent view for the whole message
  text = without_signature(text);
  Answer answer;
  const bool fresh = conversation_id.empty();
  answer.conversation_id = fresh ? new_conversation_id() : std::move(conversation_id);
  Turn turn(conversations_, answer.conversation_id, fresh);
  ConversationState state = turn.load();

  // A quiz answer, a quiz control or a follow-up on recommended careers
  // ("that are growing"), unless the message names a career of its own ("is
  // nursing growing?").
  const bool names_career =
      state.matches && !state.quiz.active && matcher_.understand(*snapshot, text, state).named;
  if (auto reply = names_career ? std::nullopt : guide_.carry_on(*snapshot, text, state, options)) {
    answer.replies.push_back(std::move(*reply));
    turn.save(std::move(state));
    return answer;
  }

  // Several questions in one message each get an answer, in order; small
  // talk and statements around them ("Hi," "Thanks, Sam") are left out.
  auto segments = split_questions(text);
  bool every_part_out_of_scope = false;  // several sentences, none about careers
  if (segments.size() > 1 && !state.quiz.active) {
    every_part_out_of_scope = true;
    // (A request asks as a question does: "My son talks of becoming an
    // electrician. I'd like to know what electricians earn.")
    const bool has_question = std::any_of(segments.begin(), segments.end(), [](const Segment& s) {
      return s.is_question || makes_request(s.text);
    });
    ConversationState running = state;
    std::vector<Understanding> parts;
    Intent guidance = Intent::unknown;  // asked for anywhere, it answers the whole message
    std::optional<Understanding> told;  // the last statement passed over, if it had substance
    // A statement naming a career before any question ("I want to be a nurse.").
    std::string_view aim;
    for (const auto& segment : segments) {
      Understanding u = matcher_.understand(*snapshot, segment.text, running);
      every_part_out_of_scope = every_part_out_of_scope && u.status == Status::fallback;
      // "I want to be an electrical engineer. What should I do to get
      // there?": a question that names no career after one is read as the
      // one sentence it could have been, so that "get there" points back.
      // (A career named only through a spelling fix, "how much do they
      // actualy make", or a field of work read as its worker, "duties
      // besides the teaching (grading, ...)", may be a reading gone wrong:
      // read joined too, for the career; what the question asks is its own.)
      // (A request to the service, "could you arrange for a person to
      // contact me?", is its own.)
      // (Nor is a request for other careers, "which careers would suit
      // someone like me?", about the career of a story told before it.)
      const bool to_the_service =
          u.status == Status::answered &&
          (is_conversational_intent(u.intent) ||
           (is_guidance_intent(u.intent) && asks_for_careers(segment.text)));
      if (segment.is_question && !aim.empty() && (!u.named || u.named_loosely) && !to_the_service) {
        std::string joined(aim);
        joined.append(", ").append(segment.text);
        Understanding together = matcher_.understand(*snapshot, joined, state);
        if (together.status == Status::answered && together.named && !together.named_loosely) {
          // (Facts the story tells, "electricians are in high demand", are
          // not asked again beside the question's own.)
          const bool own_fact = u.status == Status::answered && is_fact_intent(u.intent);
          if (own_fact && (u.named_loosely || !together.also_asked.empty())) {
            together.intent = u.intent;
            together.also_asked = u.also_asked;
          }
          u = std::move(together);
        }
      }
      // "My uncle says air traffic controllers make bank. Is that true?":
      // the question asks what the statement said.
      if (segment.is_question && told && asks_if_true(segment.text)) {
        u = std::move(*told);
        told.reset();
      }
      // Guidance is asked for by a question or a request; a person's story
      // ("I love working with people.") before a question about a career is
      // no request for recommendations.
      const bool requests = !segment.is_question && makes_request(segment.text);
      const bool asks = segment.is_question || requests;
      if (is_guidance_intent(u.intent) && guidance != Intent::assess && asks) guidance = u.intent;
      // Statements around the questions ("I'm studying finance.", "I have
      // been typing since high school.") only count when they plainly ask
      // for something themselves.
      // (A query without its question mark, "NP salary.", asks.)
      bool weak_statement =
          !segment.is_question && !u.terse &&
          (u.intent == Intent::overview || u.confidence < 0.9 || (has_question && !requests));
      if (!has_substance(u)) continue;
      // A career a statement names is what the questions after it are
      // about: "I'm thinking about becoming a dental hygienist. What
      // education would I need?" (Not after one: "What do nurses earn? My
      // dad is a welder." stays about nurses.)
      const bool names_a_career = u.status == Status::answered && u.named;
      if (weak_statement) {
        if (names_a_career && parts.empty()) {
          remember(*snapshot, u, running);
          aim = segment.text;
        } else if (names_a_career && picks_one_of(*snapshot, running, u)) {
          // "web developer or software developer? I'm going with software
          // developer. what does it pay": of the careers just compared,
          // the one a statement names is the one asked about next.
          remember(*snapshot, u, running);
        }
        told = std::move(u);
        continue;
      }
      // The same thing asked twice ("... is that true? what's the median
      // pay?") is answered once.
      const bool repeated = std::any_of(parts.begin(), parts.end(), [&](const Understanding& p) {
        return p.status == u.status && p.intent == u.intent && p.careers == u.careers &&
               p.candidates == u.candidates;
      });
      if (repeated) continue;
      remember(*snapshot, u, running);
      parts.push_back(std::move(u));
    }
    if (guidance != Intent::unknown) {
      Reply reply = guide_.answer(*snapshot, guidance, text, state, options);
      answer.replies.push_back(std::move(reply));
      turn.save(std::move(state));
      return answer;
    }
    if (!parts.empty()) {
      for (const auto& u : parts) {
        answer.replies.push_back(compose_reply(*snapshot, u));
        add_also_asked(*snapshot, u, answer.replies);
      }
      turn.save(std::move(running));
      return answer;
    }
  }

  Understanding u = matcher_.understand(*snapshot, text, state);
  // "The March invoice is attached; payment is due in 30 days.": words of
  // sentences that each ask nothing make no question about which career.
  if (every_part_out_of_scope && u.status == Status::clarify && !u.named) {
    u = Understanding{};
    u.why = "no sentence of the message asks about careers";
  }
  // "which jobs pay over 80k without a degree": no career to ask about, but
  // careers to find.
  if (u.status == Status::clarify && u.candidates.empty() && Guide::asks_by_requirements(text))
    u.intent = Intent::recommend;
  if (is_guidance_intent(u.intent)) {
    Reply reply = guide_.answer(*snapshot, u.intent, text, state, options);
    if (reply.why.empty()) reply.why = u.why;
    answer.replies.push_back(std::move(reply));
    turn.save(std::move(state));
    return answer;
  }
  remember(*snapshot, u, state);
  Reply reply = compose_reply(*snapshot, u);
  if (state.quiz.active && reply.status == Status::fallback) {
    // Neither an answer nor a question: say what the quiz takes.
    reply.text = "Sorry, I didn't catch that answer.";
    reply.suggestions = {"like", "not sure", "dislike", "skip", "stop"};
  }
  guide_.add_quiz_reminder(state, reply);  // a question in the middle of the quiz
  answer.replies.push_back(std::move(reply));
  add_also_asked(*snapshot, u, answer.replies);
  turn.save(std::move(state));
  return answer;
}

}  // namespace careerbot
