// The answer as the API's JSON (SPEC section 3), written once into the
// response's own buffer. Keys are in sorted order, as nlohmann::json's
// objects give them, so the bytes are what the API has always returned
// (tests/unit/answer_json_test.cpp holds the two side by side).
#include <nlohmann/json.hpp>

#include "answer.hpp"
#include "json_writer.hpp"

namespace careerbot {
namespace {

void write_ref(JsonWriter& w, const CareerRef& c) {
  w.begin_object().key("id").string(c.id).key("soc_code");
  c.soc_code.empty() ? w.null() : w.string(c.soc_code);
  w.key("title").string(c.title).end_object();
}

void write_refs(JsonWriter& w, const std::vector<CareerRef>& list) {
  w.begin_array();
  for (const auto& c : list) write_ref(w, c);
  w.end_array();
}

void write_strings(JsonWriter& w, const std::vector<std::string>& list) {
  w.begin_array();
  for (const auto& s : list) w.string(s);
  w.end_array();
}

void write_match(JsonWriter& w, const CareerMatchView& m) {
  w.begin_object().key("career");
  write_ref(w, m.career);
  w.key("education");
  m.education.empty() ? w.null() : w.string(m.education);
  w.key("growth");
  m.growth ? w.number(*m.growth) : w.null();
  w.key("job_zone");
  m.job_zone ? w.number(*m.job_zone) : w.null();
  w.key("match").number(m.match);
  w.key("median_salary");
  m.median_salary ? w.number(*m.median_salary) : w.null();
  w.key("salary_period");
  m.salary_period.empty() ? w.null() : w.string(m.salary_period);
  w.key("why").string(m.why).end_object();
}

// Where a reply's members landed in the output, so that the first reply's
// can be copied into the top level instead of written twice. The top level
// has the first reply's members, with "conversation_id" between `before`
// and `after`, and the whole answer's text in place of the reply's.
struct ReplySpans {
  std::size_t before_begin = 0, before_end = 0;  // "assessment" .. "confidence"
  std::size_t after_begin = 0, after_end = 0;    // "facts" .. "suggestions"
  std::size_t why_begin = 0, why_end = 0;        // "why"
};

ReplySpans write_reply(JsonWriter& w, const Reply& r) {
  ReplySpans spans;
  w.begin_object();
  spans.before_begin = w.position();
  if (r.assessment) {
    const auto& a = *r.assessment;
    w.key("assessment").begin_object().key("choices");
    write_strings(w, a.choices);
    w.key("id").string(a.id);
    w.key("item").number(a.item);
    w.key("of").number(a.of);
    w.key("question").string(a.question).end_object();
  }
  w.key("candidates");
  write_refs(w, r.candidates);
  w.key("career");
  r.career ? write_ref(w, *r.career) : void(w.null());
  w.key("careers");
  write_refs(w, r.careers);
  w.key("confidence").number(r.confidence);
  spans.before_end = w.position();

  spans.after_begin = spans.before_end + 1;  // past the comma before "facts"
  w.key("facts").begin_array();
  for (const auto& f : r.facts) {
    w.begin_object()
        .key("as_of")
        .string(f.as_of)
        .key("label")
        .string(f.label)
        .key("source")
        .string(f.source)
        .key("value")
        .string(f.value)
        .end_object();
  }
  w.end_array().key("intent").string(intent_name(r.intent));
  if (!r.matches.empty()) {
    w.key("matches").begin_array();
    for (const auto& m : r.matches) write_match(w, m);
    w.end_array();
  }
  w.key("next_steps");
  write_strings(w, r.next_steps);
  w.key("status").string(status_name(r.status));
  w.key("suggestions");
  write_strings(w, r.suggestions);
  spans.after_end = w.position();

  w.key("text").string(r.text);
  spans.why_begin = w.position() + 1;
  w.key("why").string(r.why);
  spans.why_end = w.position();
  w.end_object();
  return spans;
}

}  // namespace

void write_answer_json(const Answer& answer, std::string& out) {
  JsonWriter w(out);
  w.begin_object().key("answers").begin_array();
  ReplySpans first = write_reply(w, answer.replies.front());
  for (std::size_t i = 1; i < answer.replies.size(); ++i) write_reply(w, answer.replies[i]);
  w.end_array();
  w.copy_members(first.before_begin, first.before_end);
  w.key("conversation_id").string(answer.conversation_id);
  w.copy_members(first.after_begin, first.after_end);
  w.key("text");
  if (answer.replies.size() == 1) {
    w.string(answer.first().text);
  } else {
    w.string(answer.text());
  }
  w.copy_members(first.why_begin, first.why_end);
  w.end_object();
}

std::string answer_json(const Answer& answer) {
  std::string out;
  // A salary answer is about 2 KB; one allocation covers most answers.
  out.reserve(4096);
  write_answer_json(answer, out);
  return out;
}

nlohmann::json answer_to_json(const Answer& answer) {
  return nlohmann::json::parse(answer_json(answer));
}

std::string match_json(const CareerMatchView& match) {
  std::string out;
  JsonWriter w(out);
  write_match(w, match);
  return out;
}

nlohmann::json match_to_json(const CareerMatchView& match) {
  return nlohmann::json::parse(match_json(match));
}

}  // namespace careerbot
