#include "answer.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "bundle.hpp"
#include "career_paths.hpp"

namespace careerbot {
namespace {

const CareerProfile& profile_at(const Snapshot& s, int index) {
  return s.kb.profiles()[static_cast<std::size_t>(index)];
}

// Imported descriptions and tasks come from O*NET, whose licence asks for this.
constexpr const char* kOnetAttribution =
    "(Description and tasks: O*NET 29.3 Database by USDOL/ETA, used under CC BY 4.0; careerbot's "
    "selection is not endorsed by USDOL/ETA.)";

// Every piece onto the end of `out`: one text grown in place instead of a
// temporary string per `+`.
template <typename... Pieces>
void append(std::string& out, const Pieces&... pieces) {
  (out.append(std::string_view(pieces)), ...);
}

void attribution(const CareerProfile& p, std::string& out) {
  if (p.origin == "imported") append(out, "\n", kOnetAttribution);
}

void cite(const std::string& source, const std::string& as_of, std::string& out) {
  append(out, "(Source: ", source);
  if (!as_of.empty()) append(out, ", ", as_of);
  out += ".)";
}

void salary_value(const MedianSalary& s, std::string& out) {
  append(out, s.top_coded ? "at least " : "", format_money(s.amount),
         s.period == "hour" ? " an hour" : " a year");
}

void growth_period(const Growth& g, std::string& out) {
  append(out, g.period.find('-') != std::string::npos ? "from " : "over ", g.period);
}

void openings_value(const Openings& o, std::string& out) {
  append(out, format_count(o.count), o.period == "year" ? " a year" : " open now");
}

template <typename Figure>
std::string written(void (*write)(const Figure&, std::string&), const Figure& figure) {
  std::string text;
  write(figure, text);
  return text;
}

Fact salary_fact(const MedianSalary& s) {
  return {"Median salary", written(salary_value, s), s.source, s.as_of};
}
Fact education_fact(const Education& e) {
  std::string value = e.level;
  if (e.share_percent) append(value, " (", format_percent(*e.share_percent, false), " of workers)");
  return {e.share_percent ? "Most common education" : "Typical entry-level education",
          std::move(value), e.source, e.as_of};
}
Fact growth_fact(const Growth& g) {
  std::string value = format_percent(g.percent, true);
  value += ' ';
  growth_period(g, value);
  return {"Projected growth", std::move(value), g.source, g.as_of};
}
Fact openings_fact(const Openings& o) {
  return {"Openings", written(openings_value, o), o.source, o.as_of};
}
Fact employment_fact(const Employment& e) {
  return {"Employment", format_count(e.count), e.source, e.as_of};
}

std::vector<Fact> all_facts(const CareerProfile& p) {
  std::vector<Fact> facts;
  facts.reserve(5);
  if (p.median_salary) facts.push_back(salary_fact(*p.median_salary));
  if (p.education) facts.push_back(education_fact(*p.education));
  if (p.growth) facts.push_back(growth_fact(*p.growth));
  if (p.openings) facts.push_back(openings_fact(*p.openings));
  if (p.employment) facts.push_back(employment_fact(*p.employment));
  return facts;
}

void numbered(const std::vector<std::string>& items, std::string& out) {
  for (std::size_t i = 0; i < items.size(); ++i)
    append(out, "\n", std::to_string(i + 1), ". ", items[i]);
}

void bulleted(const std::vector<std::string>& items, std::string& out) {
  for (const auto& item : items) append(out, "\n- ", item);
}

std::string bulleted(const std::vector<std::string>& items) {
  std::string text;
  bulleted(items, text);
  return text;
}

void missing(const CareerProfile& p, const char* what, std::string& out) {
  append(out, "I don't have ", what, " for ", p.plural(), " yet.");
}

void salary_text(const CareerProfile& p, std::string& out) {
  if (!p.median_salary) return missing(p, "a median salary", out);
  const auto& s = *p.median_salary;
  append(out, p.plural(), " earn a median salary of ");
  salary_value(s, out);
  append(out, " in the ", s.region, ". ");
  cite(s.source, s.as_of, out);
}

void education_text(const CareerProfile& p, std::string& out) {
  if (!p.education) return missing(p, "education figures", out);
  const auto& e = *p.education;
  if (e.share_percent) {
    append(out, "The most common education for ", p.plural(), " is a ", e.level, ": ",
           format_percent(*e.share_percent, false),
           " of people in this career have this level of education. ");
  } else {
    append(out, "The typical entry-level education for ", p.plural(), " is: ", e.level, ". ");
  }
  cite(e.source, e.as_of, out);
}

void outlook_text(const CareerProfile& p, std::string& out) {
  if (!p.growth) return missing(p, "a job outlook", out);
  const auto& g = *p.growth;
  append(out, "Employment of ", p.plural(), " is projected to ",
         g.percent >= 0 ? "grow by " : "change by ", format_percent(g.percent, true), " ");
  growth_period(g, out);
  out += g.percent < 0 ? ", a decline. " : ". ";
  cite(g.source, g.as_of, out);
  if (p.openings) {
    out += " Openings: ";
    openings_value(*p.openings, out);
    out += '.';
  }
}

void openings_text(const CareerProfile& p, std::string& out) {
  if (!p.openings) return missing(p, "openings figures", out);
  const auto& o = *p.openings;
  if (o.period == "year") {
    append(out, "About ", format_count(o.count), " openings for ", p.plural(),
           " are projected each year in the ", o.region, ". ");
  } else {
    append(out, "There are ", format_count(o.count), " openings for ", p.plural(), " in the ",
           o.region, " right now. ");
  }
  cite(o.source, o.as_of, out);
}

void overview_text(const CareerProfile& p, const std::vector<Fact>& facts, std::string& out) {
  append(out, p.title, ": ", p.summary);
  attribution(p, out);
  if (facts.empty()) return;
  out += "\n\nQuick facts:";
  for (const auto& f : facts) {
    append(out, "\n- ", f.label, ": ", f.value, " ");
    cite(f.source, f.as_of, out);
  }
}

void compare_line(const CareerProfile& p, const std::vector<Fact>& facts, std::string& out) {
  append(out, p.title, ":");
  const char* sep = " ";
  for (const auto& f : facts) {
    if (f.label == "Employment") continue;
    append(out, sep, f.label, " ", f.value);
    sep = "; ";
  }
  if (std::string_view(sep) == " ") out += " no figures yet";
}

std::vector<std::string> related_titles(const Snapshot& s, const CareerProfile& p) {
  std::vector<std::string> titles;
  for (const auto& id : p.related) {
    if (const auto* other = s.kb.find(id)) titles.push_back(other->title);
  }
  return titles;
}

std::vector<std::string> career_suggestions(const CareerProfile& p, Intent asked) {
  // The first three of these, leaving out the one just answered; only
  // those three are written.
  static constexpr std::array<Intent, 10> kOrder = {
      Intent::salary,   Intent::education, Intent::outlook, Intent::steps,       Intent::duties,
      Intent::openings, Intent::skills,    Intent::related, Intent::progression, Intent::courses};
  const std::string& plural = p.plural();
  auto question = [&](Intent intent) -> std::string {
    switch (intent) {
      case Intent::salary:
        return "How much do " + plural + " make?";
      case Intent::education:
        return "What education do " + plural + " need?";
      case Intent::outlook:
        return "What is the job outlook for " + plural + "?";
      case Intent::steps:
        return "How do I become one?";
      case Intent::duties:
        return "What do " + plural + " do?";
      case Intent::openings:
        return "How many openings are there?";
      case Intent::skills:
        return "What skills do " + plural + " need?";
      case Intent::related:
        return "What careers are similar?";
      case Intent::progression:
        return "What's the next step after this career?";
      default:
        return "What should I study for it?";
    }
  };
  std::vector<std::string> result;
  result.reserve(3);
  for (Intent intent : kOrder) {
    if (intent != asked && result.size() < 3) result.push_back(question(intent));
  }
  return result;
}

// Largest careers first: good examples for people who have not asked yet.
std::vector<const CareerProfile*> best_known(const Snapshot& s, std::size_t count) {
  const auto& order = s.kb.by_prominence();
  std::vector<const CareerProfile*> list;
  list.reserve(std::min(count, order.size()));
  for (std::size_t i = 0; i < order.size() && i < count; ++i)
    list.push_back(&s.kb.profiles()[static_cast<std::size_t>(order[i])]);
  return list;
}

std::vector<std::string> example_questions(const Snapshot& s) {
  auto known = best_known(s, 3);
  std::vector<std::string> questions;
  for (std::size_t i = 0; i < known.size(); ++i) {
    const std::string& plural = known[i]->plural();
    switch (i % 3) {
      case 0:
        questions.push_back("How much do " + plural + " make?");
        break;
      case 1:
        questions.push_back("What is the job outlook for " + plural + "?");
        break;
      default:
        questions.push_back("What do " + plural + " do?");
        break;
    }
  }
  return questions;
}

const char* kCapabilities =
    "pay, education, job outlook, openings, what the work involves, skills, related careers, "
    "career progression, what to study and how to get started";
const char* kQuizOffer =
    " Not sure what you want to do? Say \"take the career quiz\" and I'll match your interests "
    "to careers.";

void compose_fact_text(const Snapshot& s, const Understanding& u, const CareerProfile& p,
                       Reply& reply);

void compose_career_reply(const Snapshot& s, const Understanding& u, Reply& reply) {
  const CareerProfile& p = profile_at(s, u.careers.front());
  reply.career = ref_of(p);
  reply.next_steps = p.steps;
  reply.suggestions = career_suggestions(p, u.intent);
  compose_fact_text(s, u, p, reply);
  if (!u.also_meant.empty()) {
    std::vector<std::string> titles;
    for (int other : u.also_meant) titles.push_back(profile_at(s, other).title);
    std::string joined;
    for (std::size_t i = 0; i < titles.size(); ++i)
      joined += (i == 0 ? "" : i + 1 == titles.size() ? " or " : ", ") + titles[i];
    reply.text += "\n\nDid you mean " + joined + "?";
    reply.suggestions.insert(reply.suggestions.begin(), titles.begin(), titles.end());
  }
}

void compose_fact_text(const Snapshot& s, const Understanding& u, const CareerProfile& p,
                       Reply& reply) {
  std::string& text = reply.text;
  text.reserve(1024);
  switch (u.intent) {
    case Intent::salary:
      salary_text(p, text);
      if (p.median_salary) reply.facts.push_back(salary_fact(*p.median_salary));
      break;
    case Intent::education:
      education_text(p, text);
      if (p.education) reply.facts.push_back(education_fact(*p.education));
      break;
    case Intent::outlook:
      outlook_text(p, text);
      if (p.growth) reply.facts.push_back(growth_fact(*p.growth));
      break;
    case Intent::openings:
      openings_text(p, text);
      if (p.openings) reply.facts.push_back(openings_fact(*p.openings));
      break;
    case Intent::duties:
      append(text, p.summary, "\n\nTypical tasks of ", p.plural(), ":");
      bulleted(p.tasks, text);
      attribution(p, text);
      break;
    case Intent::steps:
      append(text, "How people become ", p.plural(), ":");  // (titles of either number)
      numbered(p.steps, text);
      break;
    case Intent::related: {
      auto titles = related_titles(s, p);
      if (titles.empty()) {
        missing(p, "related careers", text);
      } else {
        append(text, "Careers related to ", p.plural(), ":");
        bulleted(titles, text);
      }
      break;
    }
    case Intent::progression:
      text = progression_text(s, p, reply.facts);
      break;
    case Intent::courses:
      text = courses_text(p, reply.facts);
      break;
    case Intent::skills:
      if (p.skills.empty()) {
        missing(p, "a list of skills", text);
      } else {
        append(text, "Key skills and tools for ", p.plural(), ":");
        bulleted(p.skills, text);
      }
      break;
    case Intent::compare: {
      text = "Side by side:";
      for (int index : u.careers) {
        const CareerProfile& other = profile_at(s, index);
        reply.careers.push_back(ref_of(other));
        auto facts = all_facts(other);
        text += "\n- ";
        compare_line(other, facts, text);
        reply.facts.insert(reply.facts.end(), std::make_move_iterator(facts.begin()),
                           std::make_move_iterator(facts.end()));
      }
      std::vector<std::string> sources;
      for (const auto& f : reply.facts) {
        std::string source = f.source + ", " + f.as_of;
        if (std::find(sources.begin(), sources.end(), source) == sources.end())
          sources.push_back(std::move(source));
      }
      text += "\nSources:";
      bulleted(sources, text);
      reply.next_steps.clear();
      return;
    }
    default:
      reply.facts = all_facts(p);
      overview_text(p, reply.facts, text);
      break;
  }
  if (u.intent != Intent::steps && !p.steps.empty()) {
    text += "\n\nNext steps:";
    numbered(p.steps, text);
  }
}

void compose_conversational(const Snapshot& s, Intent intent, Reply& reply) {
  const std::string count = format_count(static_cast<long long>(s.kb.size()));
  switch (intent) {
    case Intent::greeting:
      reply.text = std::string("Hi! I'm careerbot. Ask me about a career: ") + kCapabilities + "." +
                   kQuizOffer;
      break;
    case Intent::help:
      reply.text = "I answer questions about " + count + " careers: " + kCapabilities +
                   ". Name a career and what you want to know, for example \"How much do "
                   "registered nurses make?\"." +
                   kQuizOffer;
      if (std::any_of(s.kb.profiles().begin(), s.kb.profiles().end(),
                      [](const CareerProfile& p) { return p.origin == "imported"; })) {
        reply.text += std::string("\n\nAbout the data: ") + kPublicDataAttribution;
      }
      break;
    case Intent::thanks:
      reply.text = "You're welcome! Ask me anything else about careers.";
      break;
    case Intent::handoff:
      reply.text =
          "I'm an automated assistant, so I can't put you through to a person here. For one-to-one "
          "advice, a "
          "career counselor at your school or a local job center can help. Meanwhile, I can tell "
          "you about " +
          std::string(kCapabilities) + ".";
      break;
    case Intent::list: {
      auto known = best_known(s, 50);
      std::vector<std::string> titles;
      titles.reserve(known.size());
      for (const auto* p : known) titles.push_back(p->title);
      std::sort(titles.begin(), titles.end());
      reply.text = "I know about " + count + " careers" +
                   (known.size() < s.kb.size() ? ", including:" : ":") + bulleted(titles) +
                   "\nAsk me about any of them.";
      break;
    }
    default:
      break;
  }
  reply.suggestions = example_questions(s);
}

}  // namespace

CareerRef ref_of(const CareerProfile& p) {
  return {p.id, p.title, p.soc_code};
}

std::string Answer::text() const {
  std::string text;
  for (const auto& reply : replies) text += (text.empty() ? "" : "\n\n") + reply.text;
  return text;
}

std::string format_count(long long count) {
  std::string digits = std::to_string(count < 0 ? -count : count);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (count < 0 ? "-" : "") + out;
}

std::string format_money(double amount) {
  double rounded = std::round(amount * 100) / 100;
  if (rounded >= 1000 || rounded == std::floor(rounded)) {
    return "$" + format_count(static_cast<long long>(std::llround(amount)));
  }
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "$%.2f", rounded);
  return buffer;
}

std::string format_percent(double percent, bool with_sign) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.2f", percent);
  std::string text = buffer;
  if (text.back() == '0') text.pop_back();  // 4.90 -> 4.9, but 6.00 -> 6.0
  if (text == "-0.0") text = "0.0";
  if (with_sign && percent > 0) text = "+" + text;
  return text + "%";
}

Reply compose_reply(const Snapshot& s, const Understanding& u) {
  Reply reply;
  reply.status = u.status;
  reply.intent = u.intent;
  reply.confidence = std::round(u.confidence * 100) / 100;
  reply.why = u.why;
  for (int index : u.candidates) reply.candidates.push_back(ref_of(profile_at(s, index)));

  if (u.status == Status::answered && !u.careers.empty()) {
    compose_career_reply(s, u, reply);
  } else if (u.status == Status::answered) {
    compose_conversational(s, u.intent, reply);
  } else if (u.status == Status::clarify) {
    if (reply.candidates.empty()) {
      std::vector<std::string> examples;
      for (const auto* p : best_known(s, 3)) examples.push_back(p->title);
      reply.text = "Which career do you mean? For example:";
      bulleted(examples, reply.text);
      reply.text += "\nReply with a career name.";
    } else {
      std::vector<std::string> titles;
      for (const auto& c : reply.candidates) titles.push_back(c.title);
      reply.text = "Which career do you mean?";
      numbered(titles, reply.text);
      reply.text += "\nReply with a number or a name.";
      reply.suggestions = std::move(titles);
    }
  } else {
    reply.text.reserve(512);
    append(reply.text, "Sorry, I can only help with questions about careers. I can tell you about ",
           kCapabilities, " for ", format_count(static_cast<long long>(s.kb.size())), " careers.");
    if (!reply.candidates.empty())
      append(reply.text, " Did you mean ", reply.candidates.front().title, "?");
    auto examples = example_questions(s);
    if (!examples.empty()) append(reply.text, " Try: \"", examples.front(), "\".");
    reply.text += kQuizOffer;
    reply.suggestions = std::move(examples);
  }
  return reply;
}

bool went_unanswered(const Answer& answer) {
  const Reply& first = answer.first();
  if (first.status == Status::fallback) return true;
  return first.status == Status::clarify && first.candidates.empty() && !first.career &&
         !first.assessment;
}

}  // namespace careerbot
