// The stages of understanding, one by one, on the shipped knowledge base:
// reading, career names, intent evidence (lexicon and a stand-in model) and
// the decision.
#include <catch2/catch.hpp>

#include <sstream>

#include "english_words.hpp"
#include "matcher.hpp"
#include "shipped_knowledge.hpp"
#include "understanding/career_choice.hpp"
#include "understanding/career_names.hpp"
#include "understanding/decision.hpp"
#include "understanding/intent_evidence.hpp"
#include "understanding/reading.hpp"

using namespace careerbot;
using careerbot::test::shipped_snapshot;

namespace {

const IntentLexicon& lexicon() {
  static const IntentLexicon instance;
  return instance;
}

// A model that says one thing with one confidence, whatever it reads.
class FixedModel : public IntentClassifier {
 public:
  FixedModel(Intent intent, float confidence) {
    prediction_.best = intent;
    prediction_.confidence = confidence;
    prediction_.probability[static_cast<std::size_t>(intent)] = confidence;
  }
  IntentPrediction predict(std::string_view text) const override {
    last_text = std::string(text);
    return prediction_;
  }
  // Knows every word but a misspelling.
  bool knows_word(std::string_view word) const override { return word != "electricans"; }
  mutable std::string last_text;

 private:
  IntentPrediction prediction_;
};

std::string title(int profile) {
  return shipped_snapshot().kb.profiles()[static_cast<std::size_t>(profile)].title;
}

NamedCareers names_in(const std::string& text) {
  static std::vector<Reading> readings;  // names point into their reading
  readings.push_back(read_question(shipped_snapshot().index, lexicon(), nullptr, text));
  return name_careers(shipped_snapshot(), lexicon(), readings.back());
}

Understanding understand(const std::string& text, std::shared_ptr<const IntentClassifier> model,
                         const ConversationState& state = {}) {
  MatcherSettings settings;
  settings.intent_model = std::move(model);
  return Matcher(settings).understand(shipped_snapshot(), text, state);
}

}  // namespace

TEST_CASE("reading: spelling is corrected against the names' words", "[understanding]") {
  auto r =
      read_question(shipped_snapshot().index, lexicon(), nullptr, "how much do electricans make");
  REQUIRE(r.corrected.size() == 1);
  CHECK(r.corrected.front() == "electricans -> electricians");
  REQUIRE(r.matches.size() == 1);
  CHECK(r.covered[3]);
}

TEST_CASE("reading: everyday English is never corrected into a career's word", "[understanding]") {
  // The system's word list (Debian's wamerican) is installed by deploy/install-deps.sh.
  REQUIRE(EnglishWords::system().size() > 50000);
  for (const char* text : {"whenever i can, what pays well", "sorry, what do nurses do",
                           "my daughter wants to be a vet", "never mind, welders"}) {
    auto r = read_question(shipped_snapshot().index, lexicon(), nullptr, text);
    INFO(text);
    CHECK(r.corrected.empty());
  }
  // A British spelling of a name's word still finds the name.
  auto british = read_question(shipped_snapshot().index, lexicon(), nullptr,
                               "what do licenced practical nurses earn");
  REQUIRE(british.corrected.size() == 1);
  CHECK(british.corrected.front() == "licenced -> licensed");
  // A plural of a name's word is no misspelling.
  auto plural = read_question(shipped_snapshot().index, lexicon(), nullptr, "geologists");
  CHECK(plural.corrected.empty());
  CHECK_FALSE(plural.matches.empty());
}

TEST_CASE("english words: a list read once, lower-cased, ASCII words only", "[understanding]") {
  std::istringstream list("Jordan\nsince\nsince\ncafé\nbaker's\nwheel\r\n\n");
  EnglishWords words(list);
  CHECK(words.size() == 3);
  CHECK(words.contains("jordan"));
  CHECK(words.contains("since"));
  CHECK(words.contains("wheel"));
  CHECK_FALSE(words.contains("Jordan"));  // (asked in lower case)
  CHECK_FALSE(words.contains("baker"));
  CHECK_FALSE(words.contains("wheeler"));
}

TEST_CASE("reading: a name matches forms of its word, not longer words", "[understanding]") {
  // "normal" is not "normalizer", "compensation" is not "compensator".
  for (const char* text : {"a normal shift", "annual compensation", "the animals"}) {
    auto r = read_question(shipped_snapshot().index, lexicon(), nullptr, text);
    INFO(text);
    CHECK(r.matches.empty());
  }
  auto plural = read_question(shipped_snapshot().index, lexicon(), nullptr, "secretaries");
  CHECK_FALSE(plural.matches.empty());
}

TEST_CASE("reading: a short form of a title word is read in full where that names a career",
          "[understanding]") {
  const auto& index = shipped_snapshot().index;
  struct Case {
    const char* text;
    const char* expanded;  // "" when the words stay as written
  };
  for (const Case& c :
       {Case{"how much does a wind turbine tech make", "tech -> technician"},
        Case{"and wind turbine techs?", "techs -> technicians"},
        Case{"db architect salary", "db -> database"}, Case{"civil eng salary", "eng -> engineer"},
        Case{"ops manager salary", "ops -> operations"},
        // Names as written: a short form that is itself the name.
        Case{"vet tech salary", ""}, Case{"hr rep salary", ""},
        // Alone, a short form names nothing longer.
        Case{"what does a tech do", ""}}) {
    auto r = read_question(index, lexicon(), nullptr, c.text);
    INFO(c.text);
    if (*c.expanded == '\0') {
      CHECK(r.expanded.empty());
      continue;
    }
    REQUIRE(r.expanded.size() == 1);
    CHECK(r.expanded.front() == c.expanded);
    CHECK(r.corrected.empty());  // no misspelling: the confidence stays whole
    REQUIRE(r.matches.size() == 1);
    CHECK(r.matches.front().length >= 2);
  }
  auto u = understand("how much does a wind turbine tech make a yr", nullptr);
  REQUIRE(u.careers.size() == 1);
  CHECK(title(u.careers.front()) == "Wind Turbine Service Technicians");
  CHECK(u.intent == Intent::salary);
  CHECK(u.why.find("short forms: tech -> technician") != std::string::npos);
}

TEST_CASE("names: brackets, shared names and fields of work", "[understanding]") {
  struct Case {
    const char* text;
    const char* career;
  };
  for (const Case& c : {
           // "Certified Nurse Midwife (CNM)" without its brackets, not the
           // "certifier" of agricultural inspectors.
           Case{"certified nurse midwife salary", "Nurse Midwives"},
           // "Surgical Technologist (Surgical Tech)": the title's short form.
           Case{"what education do surgical techs need", "Surgical Technologists"},
           // Shared by couriers; the title has every word.
           Case{"how much do mail carriers make", "Postal Service Mail Carriers"},
           // Reported by sonographers, only listed for radiologic technologists.
           Case{"how much does an ultrasound tech make", "Diagnostic Medical Sonographers"},
           Case{"what does a roustabout do", "Roustabouts, Oil and Gas"},
           // A field of work, where nothing else names a career.
           Case{"how do i get into welding", "Welders, Cutters, Solderers, and Brazers"},
           Case{"how much can you make in carpentry", "Carpenters"},
           Case{"how do i get into dog training", "Animal Trainers"},
           // A name's last word that a cue uses is the question's word.
           Case{"registered nurse education?", "Registered Nurse"},
           // The abbreviation of a name that spells the title out
           // ("certified nursing assistant (cna)"); surgical and home
           // health aides list "cna" too.
           Case{"how much do cnas make", "Nursing Assistants"},
           // "animator" and Aquacultural "Animals" stem alike; the title
           // with the word as written is meant.
           Case{"what does an animator do", "Special Effects Artists and Animators"},
           // A name an occupation shares only with its specialisation
           // (Geodetic Surveyors, 17-1022.01).
           Case{"what kind of work does a land surveyor do", "Surveyors"},
           // Fields of work ending in -y: therapist, photographer.
           Case{"is massage therapy a growing field", "Massage Therapists"},
           Case{"how much can you make in photography", "Photographers"},
           // Shared by three; industrial truck operators have five forklift
           // names, the others two and one.
           Case{"forklift operator salary", "Industrial Truck and Tractor Operators"},
           // ... but only when it is also the likeliest: school TAs employ
           // far more than postsecondary TAs, who have more such names.
           Case{"teaching assistant salary",
                "Teaching Assistants, Preschool, Elementary, Middle, and Secondary School, "
                "Except Special Education"},
           // A full word read as the short form a name has ("hvac tech").
           Case{"how much do hvac technicians make",
                "Heating, Air Conditioning, and Refrigeration Mechanics and Installers"},
           // A title narrowed after its comma is named without it.
           Case{"how to become a substitute teacher", "Substitute Teachers, Short-Term"},
           Case{"telecom line installer salary",
                "Telecommunications Line Installers and Repairers"},
           // The workers a supervisors' title lists are no name for them.
           Case{"jobs similar to forestry worker", "Forest and Conservation Workers"},
           Case{"first line supervisor of farm workers salary",
                "First-Line Supervisors of Farming, Fishing, and Forestry Workers"},
           // A school year is taught at its school.
           Case{"how do i become a 2nd grade teacher", "Elementary School Teacher"},
           Case{"7th grade teacher salary",
                "Middle School Teachers, Except Special and Career/Technical Education"},
           Case{"what do eleventh grade teachers make",
                "Secondary School Teachers, Except Special and Career/Technical Education"},
       }) {
    auto u = understand(c.text, nullptr);
    INFO(c.text << " -> " << u.why);
    CHECK(u.status == Status::answered);
    REQUIRE(u.careers.size() == 1);
    CHECK(title(u.careers.front()) == c.career);
  }
  // A field of several careers stays a word; so does a cue's word.
  auto training = understand("what training do i need", nullptr);
  CHECK(training.careers.empty());
  CHECK(training.why.find("from ,") == std::string::npos);  // a cue list or "the model"
  // The words that narrow a kind stand beside it.
  auto doctors = understand("doctors make a lot right? how much", nullptr);
  CHECK(doctors.status == Status::clarify);
  CHECK(doctors.careers.empty());
}

TEST_CASE("reading: a short form read as a title; an amount in thousands is money",
          "[understanding]") {
  // "customer service rep" is an alias of sales representatives; in full it
  // is the title of Customer Service Representatives.
  auto reps = understand("openings for customer service reps?", nullptr);
  REQUIRE(reps.careers.size() == 1);
  CHECK(title(reps.careers.front()) == "Customer Service Representatives");
  // "hr rep" stays the name it is.
  auto hr = read_question(shipped_snapshot().index, lexicon(), nullptr, "hr rep salary");
  CHECK(hr.expanded.empty());
  auto r =
      read_question(shipped_snapshot().index, lexicon(), nullptr, "can i make 100k as a welder");
  REQUIRE(r.words.size() == 8);
  CHECK(r.words[3].text == "$");
  CHECK(r.words[4].text == "100k");
  auto u = understand("can i make 100k as a welder", nullptr);
  CHECK(u.intent == Intent::salary);
  // "$100k" keeps its one "$"; other numbers are no money.
  CHECK(read_question(shipped_snapshot().index, lexicon(), nullptr, "$100k").words.size() == 2);
  CHECK(read_question(shipped_snapshot().index, lexicon(), nullptr, "in 5 years").words.size() ==
        3);
}

TEST_CASE("reading: a letter held for emphasis reads as the word", "[understanding]") {
  auto r = read_question(shipped_snapshot().index, lexicon(), nullptr, "heyyy thanksss sooo much");
  REQUIRE(r.words.size() == 4);
  CHECK(r.words[0].text == "hey");
  CHECK(r.words[1].text == "thanks");
  CHECK(r.words[2].text == "so");
  auto u = understand("hiiii", nullptr);
  CHECK(u.intent == Intent::greeting);
  // Words with double letters stay as written.
  auto kept = read_question(shipped_snapshot().index, lexicon(), nullptr, "bookkeeper");
  CHECK(kept.words.front().text == "bookkeeper");
}

TEST_CASE("reading: the plural of a name's \"-man\" finds the name", "[understanding]") {
  auto r = read_question(shipped_snapshot().index, lexicon(), nullptr, "what about fishermen");
  REQUIRE(r.words.size() == 3);
  CHECK(r.words[2].text == "fisherman");
  CHECK(r.matches.size() == 1);
  // A word that is no name's stays as written.
  auto women = read_question(shipped_snapshot().index, lexicon(), nullptr, "jobs for women");
  CHECK(women.words.back().text == "women");
}

TEST_CASE("reading: a career ruled out beside another is not asked about", "[understanding]") {
  const auto& index = shipped_snapshot().index;
  auto r = read_question(index, lexicon(), nullptr, "not a software developer, a web developer");
  CHECK(r.rules_out);
  REQUIRE(r.matches.size() == 1);
  CHECK(r.matches.front().start == 5);  // "web developer"
  // The name kept loses the careers ruled out: "paramedics" also names EMTs.
  auto u = understand("not emts but paramedics salary", nullptr);
  REQUIRE(u.careers.size() == 1);
  CHECK(title(u.careers.front()) == "Paramedics");
  // Without another career, "not" is only a word of the sentence.
  auto alone = read_question(index, lexicon(), nullptr, "i am not a nurse");
  CHECK_FALSE(alone.rules_out);
  CHECK(alone.matches.size() == 1);
  // Nothing ruled out: "didn't" beside two careers is no correction.
  auto story =
      read_question(index, lexicon(), nullptr, "my alarm didn't go off, then the plumber came by");
  CHECK_FALSE(story.rules_out);
}

TEST_CASE("reading: a name that ends a greeting or thanks addresses the reader",
          "[understanding]") {
  for (const char* text : {"thanks mate", "G'day mate", "hi nurse"}) {
    auto r = read_question(shipped_snapshot().index, lexicon(), nullptr, text);
    INFO(text);
    CHECK(r.matches.empty());
    auto u = understand(text, nullptr);
    CHECK((u.intent == Intent::thanks || u.intent == Intent::greeting));
    CHECK(u.careers.empty());
  }
  // Anywhere else the name is read.
  CHECK_FALSE(
      read_question(shipped_snapshot().index, lexicon(), nullptr, "thanks, what do nurses earn")
          .matches.empty());
}

TEST_CASE("career names: a title that lists several gives each its name", "[understanding]") {
  CHECK(title(names_in("licensed practical nurse salary").careers.at(0)) ==
        "Licensed Practical and Licensed Vocational Nurses");
  CHECK(title(names_in("heavy truck drivers").careers.at(0)) ==
        "Heavy and Tractor-Trailer Truck Drivers");
  CHECK(title(names_in("butchers").careers.at(0)) == "Butchers and Meat Cutters");
  CHECK(title(names_in("veterinary technicians").careers.at(0)) ==
        "Veterinary Technologists and Technicians");
  CHECK(title(names_in("electrician helpers").careers.at(0)) == "Helpers--Electricians");
}

TEST_CASE("career names: a kind word reads as the occupation that dominates it",
          "[understanding]") {
  auto developer = names_in("developer salary");
  REQUIRE(developer.careers.size() == 1);
  CHECK(title(developer.careers[0]) == "Software Developer");
  CHECK_FALSE(developer.also_meant.empty());  // offered: "Did you mean ...?"

  auto nurse = names_in("nurse pay");
  CHECK(title(nurse.careers.at(0)) == "Registered Nurse");

  // Architects of buildings, networks and databases are comparable: no pick.
  auto architect = names_in("what does an architect do");
  CHECK(architect.careers.empty());
  CHECK(architect.shared.size() >= 3);
}

TEST_CASE("career names: a loose alias reached only by a spelling fix names nothing",
          "[understanding]") {
  auto n = names_in("I wonder what paralegals get paid");  // "wonder" is not "winder"
  REQUIRE(n.careers.size() == 1);
  CHECK(title(n.careers[0]) == "Paralegals and Legal Assistants");
}

TEST_CASE("intent evidence: model points grow with its confidence", "[understanding]") {
  CHECK(model_points(0.95F) == 4);
  CHECK(model_points(0.75F) == 3);
  CHECK(model_points(0.55F) == 2);
  CHECK(model_points(0.4F) == 1);
  CHECK(model_points(0.2F) == 0);
}

TEST_CASE("intent evidence: the model fills the lexicon's gaps and reads corrected words",
          "[understanding]") {
  FixedModel model(Intent::salary, 0.92F);
  auto r = read_question(shipped_snapshot().index, lexicon(), &model,
                         "what kind of dough do welders bring home");
  auto evidence = gather_intent_evidence(lexicon(), &model, r, 5);
  CHECK(evidence.best_fact_intent() == Intent::salary);
  CHECK(evidence.model_intent == Intent::salary);
  CHECK(model.last_text == "what kind of dough do welders bring home");

  auto typo =
      read_question(shipped_snapshot().index, lexicon(), &model, "how much do electricans make");
  gather_intent_evidence(lexicon(), &model, typo, 3);
  CHECK(model.last_text == "how much do electricians make");
}

TEST_CASE("intent evidence: \"like\" asks for a likeness, for the model to read",
          "[understanding]") {
  FixedModel model(Intent::related, 0.94F);
  auto r =
      read_question(shipped_snapshot().index, lexicon(), &model, "what careers are like nursing");
  auto evidence = gather_intent_evidence(lexicon(), &model, r, 4);
  CHECK(evidence.model_intent == Intent::related);
  // A name alone still asks the model nothing.
  FixedModel unused(Intent::salary, 0.9F);
  auto name = read_question(shipped_snapshot().index, lexicon(), &unused, "and for plumbers?");
  CHECK(gather_intent_evidence(lexicon(), &unused, name, 2).model_intent == Intent::unknown);
}

TEST_CASE("intent evidence: several cues outweigh an unsure model", "[understanding]") {
  auto r = read_question(shipped_snapshot().index, lexicon(), nullptr,
                         "how much do nurses make, salary and pay");
  FixedModel model(Intent::outlook, 0.55F);
  auto evidence = gather_intent_evidence(lexicon(), &model, r, 3);
  CHECK(evidence.best_fact_intent() == Intent::salary);
}

TEST_CASE("intent evidence: cues as written", "[understanding]") {
  auto evidence_of = [](const std::string& text) {
    auto r = read_question(shipped_snapshot().index, lexicon(), nullptr, text);
    return lexicon().evidence(r.words, r.covered, r.words.size());
  };
  auto score = [](const IntentEvidence& e, Intent i) {
    return e.score[static_cast<std::size_t>(i)];
  };
  // Of one-word cues sharing a stem, the word as written: "school" is not "schooling".
  CHECK(score(evidence_of("do i need school"), Intent::education) == 2);
  CHECK(score(evidence_of("how much schooling"), Intent::education) == 3);
  // "6 years" is no yearly pay; "a year" is.
  CHECK(score(evidence_of("after 6 years in retail"), Intent::salary) == 0);
  CHECK(score(evidence_of("what is it a year"), Intent::salary) == 1);
  // Money idioms.
  for (const char* text : {"what do they pull in", "what do they take home",
                           "would i make six figures", "whats the going rate"}) {
    INFO(text);
    CHECK(score(evidence_of(text), Intent::salary) >= 2);
  }
  // "job security" is asked, not a career named "security".
  auto u = understand("nurse job security", nullptr);
  CHECK(u.intent == Intent::outlook);
  REQUIRE(u.careers.size() == 1);
  CHECK(title(u.careers.front()) == "Registered Nurse");
  // "pull" no longer narrows "engineers" to hoist engineers: which engineers?
  auto engineers = understand("what kind of money do engineers pull in", nullptr);
  CHECK(engineers.status == Status::clarify);
  CHECK(engineers.intent == Intent::salary);
}

TEST_CASE("decision: \"what do i do\" asks the steps; \"where can that lead\" the last career",
          "[understanding]") {
  auto u = understand("i wanna be a cop, what do i do first", nullptr);
  CHECK(u.intent == Intent::steps);
  REQUIRE(u.careers.size() == 1);
  ConversationState state;
  state.careers = {
      shipped_snapshot().kb.profiles()[static_cast<std::size_t>(u.careers.front())].id};
  state.intent = Intent::steps;
  auto next = understand("where can that lead, career-wise?", nullptr, state);
  CHECK(next.status == Status::answered);
  REQUIRE(next.careers.size() == 1);
  CHECK(next.careers.front() == u.careers.front());
}

TEST_CASE("decision: out of scope when the model is sure and no career is asked about",
          "[understanding]") {
  auto out = std::make_shared<FixedModel>(Intent::unknown, 0.95F);
  auto recipe = understand("what is a good recipe for a cook-off chili", out);
  CHECK(recipe.status == Status::fallback);
  CHECK(recipe.careers.empty());
  // A career named outright with a plain question is still answered.
  auto pay = understand("how much do registered nurses make", out);
  CHECK(pay.status == Status::answered);
  CHECK(pay.intent == Intent::salary);
  // All but certain, about words no cue reads: "how much" and an amount are
  // not enough; with nothing else said they are.
  auto certain = std::make_shared<FixedModel>(Intent::unknown, 0.97F);
  auto tip = understand("how much should I tip my barber for a $30 haircut", certain);
  CHECK(tip.status == Status::fallback);
  auto money = understand("plumber $$", certain);
  CHECK(money.status == Status::answered);
  CHECK(money.intent == Intent::salary);
  CHECK(understand("how much do barbers make", certain).status == Status::answered);
}

TEST_CASE("decision: talk about the service wins over a loose job word", "[understanding]") {
  auto list = std::make_shared<FixedModel>(Intent::list, 0.9F);
  auto u = understand("which jobs do you cover", list);
  CHECK(u.status == Status::answered);
  CHECK(u.intent == Intent::list);
  CHECK(u.careers.empty());
}

TEST_CASE("decision: a greeting opens a message; one further in is quoted", "[understanding]") {
  for (const char* text : {"hi there", "oh hello", "ok hi", "good morning"}) {
    auto u = understand(text, nullptr);
    INFO(text << " -> " << u.why);
    CHECK(u.intent == Intent::greeting);
  }
  for (const char* text :
       {"translate good morning into japanese", "how do you say hello in spanish"}) {
    auto u = understand(text, nullptr);
    INFO(text << " -> " << u.why);
    CHECK(u.status == Status::fallback);
    CHECK(u.intent == Intent::unknown);
  }
}

TEST_CASE("decision: asking for a person to call beats a job word and guidance",
          "[understanding]") {
  for (const char* text : {"is there someone i can phone instead of this bot",
                           "can i talk to someone who is not a bot"}) {
    auto u = understand(text, nullptr);
    INFO(text << " -> " << u.why);
    CHECK(u.intent == Intent::handoff);
    CHECK(u.careers.empty());
  }
  // "the job of a ..." asks about the work, not the openings.
  auto u = understand("whats the job of a cartographer", nullptr);
  CHECK(u.intent == Intent::duties);
}

TEST_CASE("decision: without a model the lexicon decides as before", "[understanding]") {
  auto u = understand("how much do electricians make", nullptr);
  CHECK(u.status == Status::answered);
  CHECK(u.intent == Intent::salary);
  CHECK(title(u.careers.at(0)) == "Electrician");
  CHECK(u.confidence >= 0.9);
}

TEST_CASE("reading: code is told from questions", "[understanding]") {
  CHECK(looks_like_code("'; DROP TABLE careers; --"));
  CHECK(looks_like_code("DROP TABLE careers;"));
  CHECK(looks_like_code("<script>alert(1)</script>"));
  CHECK(looks_like_code("{\"role\": \"admin\", \"id\": 4}"));
  CHECK(looks_like_code("rm -rf / && echo $(whoami)"));
  CHECK_FALSE(looks_like_code("what's the salary for a nurse? (RN) -- thanks"));
  CHECK_FALSE(looks_like_code("Could you select a career for me from the table of options?"));
}

TEST_CASE("reading: misspelt question words are fixed from the lexicon", "[understanding]") {
  CHECK(lexicon().correct("thnaks") == "thanks");
  CHECK(lexicon().correct("salery") == "salary");
  CHECK(lexicon().correct("xyzzy").empty());
  auto r =
      read_question(shipped_snapshot().index, lexicon(), nullptr, "whats the salery of a plumber");
  REQUIRE_FALSE(r.corrected.empty());
  CHECK(r.corrected.front() == "salery -> salary");
}

TEST_CASE("evidence: an aim told before the career gives way to the question after it",
          "[understanding]") {
  // "become" before the name is the person's aim; the question follows it.
  CHECK(understand("i want to become a nurse, what do they earn", nullptr).intent ==
        Intent::salary);
  CHECK(understand("i wanna become a cop whats the salary", nullptr).intent == Intent::salary);
  CHECK(understand("thinking about becoming a dental assistant, whats the pay like", nullptr)
            .intent == Intent::salary);
  CHECK(understand("i want to become an electrician what degree do i need", nullptr).intent ==
        Intent::education);
  // The model then reads only the question.
  auto model = std::make_shared<FixedModel>(Intent::salary, 0.92F);
  auto pay = understand("i wanna become a cop whats the salary", model);
  CHECK(pay.intent == Intent::salary);
  CHECK(model->last_text == "what is the salary");  // (as read: "whats" spelt out)
  // Steps asked outright, or only the aim, stay steps.
  CHECK(understand("how do i become a nurse", nullptr).intent == Intent::steps);
  CHECK(understand("how do i actually become an electrician, do i need school", nullptr).intent ==
        Intent::steps);
  CHECK(understand("i want to be a plumber how do i start", nullptr).intent == Intent::steps);
  CHECK(understand("thinking about becoming a welder", nullptr).intent == Intent::steps);
  // A verb before its subject only helps to ask: "how do i get there".
  auto there = understand("i want to be a plumber, how do i get there", nullptr);
  CHECK(there.intent == Intent::steps);
}

TEST_CASE("careers: an everyday word finds a career only where it names work", "[understanding]") {
  // "next" is in one alias's brackets ("(next-generation sequencing)"),
  // "matter" in "condensed matter physicist", "out" in "puller out".
  for (const char* text :
       {"whats the next step up", "which skills matter most", "what similar jobs are out there"}) {
    INFO(text);
    auto u = understand(text, nullptr);
    CHECK(u.careers.empty());
    CHECK(u.candidates.empty());
  }
  // A trade's own word, a title's word and a name's last word do.
  auto hvac = understand("is hvac a growing trade", nullptr);
  REQUIRE(hvac.careers.size() == 1);
  CHECK(title(hvac.careers.front()).starts_with("Heating, Air Conditioning"));
  auto massage = understand("is massage therapy a growing field", nullptr);
  REQUIRE(massage.careers.size() == 1);
  CHECK(title(massage.careers.front()) == "Massage Therapists");
}

TEST_CASE("decision: a verb after the name asks only in a question, or where the model agrees",
          "[understanding]") {
  auto out = std::make_shared<FixedModel>(Intent::unknown, 0.9F);
  auto recipe = understand("give me a recipe for pasta like the chefs make", out);
  CHECK(recipe.status == Status::fallback);
  CHECK(recipe.careers.empty());
  auto asked = understand("tell me what a forklift driver does", out);
  CHECK(asked.status == Status::answered);
  CHECK(asked.intent == Intent::duties);
  // A plain cue asks whatever the model thinks.
  auto pay = understand("salary of chefs", out);
  CHECK(pay.status == Status::answered);
  CHECK(pay.intent == Intent::salary);
}

TEST_CASE("evidence: a helping verb gives way; the verb that closes the question decides",
          "[understanding]") {
  // "does" before "pay" only helps to ask the pay.
  auto pay = understand("animators. what does that job actually pay", nullptr);
  CHECK(pay.intent == Intent::salary);
  // "job" only hints at openings: the work is still asked.
  CHECK(understand("what do emts do on the job", nullptr).intent == Intent::duties);
  // A model that reads the work does not outweigh the closing "make".
  auto duties = std::make_shared<FixedModel>(Intent::duties, 0.8F);
  auto make = understand("what do medical assistants make", duties);
  CHECK(make.intent == Intent::salary);
}

TEST_CASE("decision: a follow-up that needs a clarification keeps the question",
          "[understanding]") {
  ConversationState state;
  state.careers = {shipped_snapshot().kb.profiles().front().id};
  state.intent = Intent::openings;
  auto u = understand("and for therapists?", nullptr, state);
  CHECK(u.status == Status::clarify);
  CHECK(u.intent == Intent::openings);
}

TEST_CASE("evidence: the model reads a field of work as written", "[understanding]") {
  // "pharmacy" names pharmacists for the names, but the model reads the shop.
  auto model = std::make_shared<FixedModel>(Intent::unknown, 0.9F);
  auto shop = understand("what time does the pharmacy close", model);
  CHECK(model->last_text == "what time does the pharmacy close");
  CHECK(shop.status == Status::fallback);
  // Phrases of their own: "job market" is the outlook, "learn more" an overview.
  CHECK(understand("how's the job market for mechanical engineers", nullptr).intent ==
        Intent::outlook);
  CHECK(understand("i'd like to learn more about dietitians", nullptr).intent == Intent::overview);
}

TEST_CASE("guidance: a test to take is the quiz, unless a career is named", "[understanding]") {
  auto quiz = understand("is there a test i can take to figure out my interests", nullptr);
  CHECK(quiz.intent == Intent::assess);
  auto exam = understand("do i have to take a test to be an electrician", nullptr);
  CHECK(exam.intent != Intent::assess);
  REQUIRE(exam.careers.size() == 1);
  CHECK(title(exam.careers.front()) == "Electrician");
}

TEST_CASE("conversation: a comparison with \"that\" and a short answer to \"which one?\"",
          "[understanding]") {
  const auto& kb = shipped_snapshot().kb;
  auto auditor = understand("what does an accountant do", nullptr);
  REQUIRE(auditor.careers.size() == 1);
  ConversationState state;
  state.careers = {kb.profiles()[static_cast<std::size_t>(auditor.careers.front())].id};
  state.intent = Intent::duties;
  auto compared = understand("how does that compare with a financial analyst", nullptr, state);
  CHECK(compared.intent == Intent::compare);
  REQUIRE(compared.careers.size() == 2);
  CHECK(compared.careers.front() == auditor.careers.front());
  // "school bus" picks the offered school bus drivers, not the "Bus" of the
  // bus mechanics' title.
  auto drivers = understand("how much does a bus driver make", nullptr);
  REQUIRE(drivers.status == Status::clarify);
  ConversationState offered;
  for (int p : drivers.candidates)
    offered.candidates.push_back(kb.profiles()[static_cast<std::size_t>(p)].id);
  offered.pending_intent = drivers.intent;
  auto school = understand("school bus", nullptr, offered);
  REQUIRE(school.careers.size() == 1);
  CHECK(title(school.careers.front()) == "Bus Drivers, School");
  CHECK(school.intent == Intent::salary);
}
