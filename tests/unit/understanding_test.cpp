// The later stages of understanding on the shipped knowledge base: intent
// evidence (lexicon and a stand-in model) and the decision, with guidance
// and conversation where they meet it. understanding_reading_test.cpp has
// reading and career names, understanding_choice_test.cpp the choice of
// careers.
#include <catch2/catch.hpp>

#include "matcher.hpp"
#include "shipped_knowledge.hpp"
#include "understanding/career_choice.hpp"
#include "understanding/career_names.hpp"
#include "understanding/decision.hpp"
#include "understanding/intent_evidence.hpp"
#include "understanding/reading.hpp"
#include "understanding_support.hpp"

using namespace careerbot;
using namespace careerbot::test;
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

TEST_CASE("decision: \"i'd like to be\" tells an aim; \"what is it like to be\" asks the work",
          "[understanding]") {
  for (const char* text : {"I'd like to be a plumber.", "I would like to be a plumber"}) {
    INFO(text);
    auto u = understand(text, nullptr);
    CHECK(u.intent == Intent::steps);
    REQUIRE(u.careers.size() == 1);
    CHECK(title(u.careers.front()).find("Plumbers") == 0);
  }
  // (Without a model the lexicon reads an overview; the shipped model, the work.)
  auto work = understand("what is it like to be a plumber", nullptr);
  CHECK(work.intent != Intent::steps);
  auto todo = understand("what do i need to do to become a plumber", nullptr);
  CHECK(todo.intent == Intent::steps);
}

TEST_CASE("names: an imported alias opening with a little word's acronym is not read",
          "[understanding]") {
  // O*NET's "IS Project Manager": "is" opens questions.
  auto u = understand("is project management a growing field", nullptr);
  CHECK(u.intent == Intent::outlook);
  REQUIRE(u.careers.size() == 1);
  CHECK(title(u.careers.front()) == "Project Management Specialist");
  // "OR nurse" is still a nurse by the rest of its words; "IT" aliases stay.
  auto it = understand("what do it technicians make", nullptr);
  CHECK(it.status == Status::answered);
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
  const ConversationState offered = offered_by(drivers);
  auto school = understand("school bus", nullptr, offered);
  REQUIRE(school.careers.size() == 1);
  CHECK(title(school.careers.front()) == "Bus Drivers, School");
  CHECK(school.intent == Intent::salary);
}

TEST_CASE("decision: careers compared plainly are no request for guidance", "[understanding]") {
  auto u =
      understand("accountant vs actuary which one is better for someone good at math", nullptr);
  CHECK(u.intent == Intent::compare);
  CHECK(u.careers.size() == 2);
  // Traits alone, with no careers named, still ask for guidance.
  auto guided = understand("which careers are better for someone good at math", nullptr);
  CHECK(is_guidance_intent(guided.intent));
}

TEST_CASE("decision: a career named as the one to talk to asks for a person", "[understanding]") {
  for (const char* text : {"can i talk to an actual career advisor instead?",
                           "could I speak with a real nurse", "i want to chat with a lawyer"}) {
    INFO(text);
    auto u = understand(text, nullptr);
    CHECK(u.status == Status::answered);
    CHECK(u.intent == Intent::handoff);
  }
  // A fact asked beside it is still asked.
  auto pay = understand("i talked to a nurse, how much do they make", nullptr);
  CHECK(pay.intent == Intent::salary);
}

TEST_CASE("intent evidence: thanks in the past tense, a questionnaire, jobs going away",
          "[understanding]") {
  auto thanks = understand("thanks a ton, this really helped me decide", nullptr);
  CHECK(thanks.intent == Intent::thanks);
  auto asks = understand("can you help me decide on a career", nullptr);
  CHECK(is_guidance_intent(asks.intent));
  auto quiz = understand("can u give me the questionnaire that tells u what jobs suit u", nullptr);
  CHECK(quiz.intent == Intent::assess);
  auto outlook = understand("are web developer jobs going away", nullptr);
  CHECK(outlook.intent == Intent::outlook);
  REQUIRE(outlook.careers.size() == 1);
  CHECK(title(outlook.careers.front()) == "Web Developer");
  auto obsolete = understand("will accountants become obsolete", nullptr);
  CHECK(obsolete.intent == Intent::outlook);
}

TEST_CASE("evidence: the programs of a job are its software; modules are courses",
          "[understanding]") {
  for (const char* text : {"what programs do database administrators work with",
                           "which programs do technical writers work in"}) {
    INFO(text);
    CHECK(understand(text, nullptr).intent == Intent::skills);
  }
  CHECK(understand("best uni modules to study for becoming an actuary", nullptr).intent ==
        Intent::courses);
  // Programmes one applies to are what to study.
  CHECK(understand("what programs should i apply to to become a nurse", nullptr).intent !=
        Intent::skills);
}

TEST_CASE("conversation: a word that names a career with the kind most offered titles end in",
          "[understanding]") {
  auto engineers = understand("how much do engineers make", nullptr);
  REQUIRE(engineers.status == Status::clarify);
  const ConversationState offered = offered_by(engineers);
  // Petroleum engineers were not offered, and "petroleum" with the
  // "Operators" of one offered title would name other careers.
  for (const auto& [answer, meant] :
       {std::pair{"petroleum", "Petroleum Engineers"}, std::pair{"nuclear", "Nuclear Engineers"}}) {
    INFO(answer);
    auto u = understand(answer, nullptr, offered);
    CHECK(u.status == Status::answered);
    CHECK(u.intent == Intent::salary);
    REQUIRE(u.careers.size() == 1);
    CHECK(title(u.careers.front()) == meant);
  }
}

TEST_CASE("evidence: \"break in\", \"comp\", one of those tests", "[understanding]") {
  CHECK(understand("how would a 40 yo break in as a data scientist", nullptr).intent ==
        Intent::steps);
  auto comp = understand("info security analyst comp?", nullptr);
  CHECK(comp.intent == Intent::salary);
  REQUIRE(comp.careers.size() == 1);
  CHECK(title(comp.careers.front()) == "Information Security Analyst");
  // "comp sci" is a degree's name.
  CHECK(understand("comp sci degree for software developers", nullptr).intent == Intent::education);
  CHECK(
      understand("can i do one of those tests that tells you what kind of work suits you?", nullptr)
          .intent == Intent::assess);
}

TEST_CASE("evidence: letters' words, a wave and the short forms of chat", "[understanding]") {
  auto pay = understand(
      "Dear Sir or Madam, I am writing to enquire about the typical annual remuneration of an "
      "actuary in the United States.",
      nullptr);
  CHECK(pay.intent == Intent::salary);
  auto more = understand("I'd like to know more about marketing managers", nullptr);
  CHECK(more.intent == Intent::overview);
  CHECK(understand("\xF0\x9F\x91\x8B", nullptr).intent == Intent::greeting);
  auto swe = understand("swe salary", nullptr);
  REQUIRE(swe.careers.size() == 1);
  CHECK(title(swe.careers.front()) == "Software Developer");
  // "hmm what about paralegals" keeps asking what was asked.
  auto first = understand("how much do lawyers make", nullptr);
  REQUIRE(first.careers.size() == 1);
  REQUIRE(first.intent == Intent::salary);
  auto next = understand("hmm what about paralegals", nullptr, after(first));
  CHECK(next.intent == Intent::salary);
  REQUIRE(next.careers.size() == 1);
  CHECK(title(next.careers.front()).find("Paralegals") == 0);
}

TEST_CASE("conversation: a person asked for, money signs, two kinds sharing a noun",
          "[understanding]") {
  auto managers =
      understand("what's the median pay for computer and information systems managers", nullptr);
  REQUIRE(managers.careers.size() == 1);
  REQUIRE(managers.intent == Intent::salary);
  const ConversationState state = after(managers);
  auto person = understand("can I talk to a real person about this?", nullptr, state);
  CHECK(person.intent == Intent::handoff);
  CHECK(person.careers.empty());
  // A model sure that "$$?" alone is out of scope gives way to the conversation.
  auto money = understand("$$?", std::make_shared<FixedModel>(Intent::unknown, 0.97F), state);
  CHECK(money.intent == Intent::salary);
  REQUIRE(money.careers.size() == 1);
  CHECK(money.careers.front() == managers.careers.front());
  CHECK(understand("$$?", std::make_shared<FixedModel>(Intent::unknown, 0.97F)).status ==
        Status::fallback);
  auto both = understand("compare electrical and electronics engineers", nullptr);
  CHECK(both.intent == Intent::compare);
  REQUIRE(both.careers.size() == 2);
  CHECK(title(both.careers[0]) == "Electrical Engineer");
  CHECK(title(both.careers[1]) == "Electronics Engineer");
}

TEST_CASE("decision: a piece of writing asked for; a kind word after its career was talked of",
          "[understanding]") {
  for (const char* text : {"write me a poem about being a software engineer",
                           "can you write a funny song about nurses"}) {
    INFO(text);
    auto u = understand(text, nullptr);
    CHECK(u.status == Status::fallback);
    CHECK(u.careers.empty());
  }
  CHECK(understand("how much do writers make", nullptr).intent == Intent::salary);
  // "programmers" names several careers, one of which the last turn compared.
  auto compared = understand(
      "what's the difference between a computer programmer and a software developer", nullptr);
  REQUIRE(compared.careers.size() == 2);
  auto pay = understand("how much do programmers make", nullptr, after(compared));
  CHECK(pay.status == Status::answered);
  REQUIRE(pay.careers.size() == 1);
  CHECK(title(pay.careers.front()) == "Computer Programmer");
}

TEST_CASE("reading: a rank written before a name is part of the job's title", "[understanding]") {
  const std::pair<const char*, const char*> titles[] = {
      {"Sr. Backend Engineer", "Back End Developer / Engineer"},
      {"Jr. Web Developer", "Web Developer"},
      {"senior data scientist", "Data Scientist"},
      {"Staff Software Engineer", "Software Developer"},
  };
  for (const auto& [text, career] : titles) {
    INFO(text);
    auto u = understand(text, nullptr);
    CHECK(u.status == Status::answered);
    CHECK(u.intent == Intent::overview);
    REQUIRE(u.careers.size() == 1);
    CHECK(title(u.careers.front()) == career);
  }
  CHECK(understand("what's the going rate for a Sr. Backend Engineer?", nullptr).intent ==
        Intent::salary);
  // The ladder is asked in words of its own.
  CHECK(understand("career ladder for software developers, junior to senior", nullptr).intent ==
        Intent::progression);
  CHECK(understand("how do web developers advance to senior roles", nullptr).intent ==
        Intent::progression);
}

TEST_CASE("reading: to teach a school or a class is its teacher's work", "[understanding]") {
  auto year = understand("what do you need to do to teach second grade", nullptr);
  CHECK(year.intent == Intent::steps);
  REQUIRE(year.careers.size() == 1);
  CHECK(title(year.careers.front()) == "Elementary School Teacher");
  auto kindergarten = understand("how much does teaching kindergarten pay", nullptr);
  CHECK(kindergarten.intent == Intent::salary);
  REQUIRE(kindergarten.careers.size() == 1);
  CHECK(title(kindergarten.careers.front()).find("Kindergarten Teachers") == 0);
  // A teaching assistant is a career of its own.
  auto assistant = understand("how much do teaching assistants make", nullptr);
  REQUIRE(assistant.careers.size() == 1);
  CHECK(title(assistant.careers.front()).find("Teaching Assistants") == 0);
}

TEST_CASE("evidence: a rundown, the work of, careers that match, a test here", "[understanding]") {
  auto rundown = understand("lawyers: give me the rundown", nullptr);
  CHECK(rundown.intent == Intent::overview);
  REQUIRE(rundown.careers.size() == 1);
  CHECK(title(rundown.careers.front()) == "Lawyer");
  auto work = understand("Hello, what is the work of electrician?", nullptr);
  CHECK(work.status == Status::answered);
  CHECK(work.intent == Intent::duties);
  CHECK(understand("Which careers match that?", nullptr).intent == Intent::recommend);
  CHECK(understand("what jobs would suit my personality", nullptr).intent == Intent::recommend);
  CHECK(understand("Can I do some kind of test here to find out which career suits my interests?",
                   nullptr)
            .intent == Intent::assess);
  // An age between "I'm a" and the job held: the move is about the job wanted.
  auto move = understand("i'm a 40 year old cashier and want to become a paralegal", nullptr);
  REQUIRE(move.careers.size() == 1);
  CHECK(title(move.careers.front()).find("Paralegal") == 0);
  CHECK(move.intent == Intent::steps);
}

TEST_CASE("reading: \"principal\" before what a job involves means main", "[understanding]") {
  auto duties =
      understand("describe the principal duties of a computer hardware engineer", nullptr);
  CHECK(duties.intent == Intent::duties);
  REQUIRE(duties.careers.size() == 1);
  CHECK(title(duties.careers.front()) == "Computer Hardware Engineer");
  auto alone = understand("what are the principal duties of the role?", nullptr);
  CHECK(alone.careers.empty());
  CHECK(alone.candidates.empty());
  // The head of a school is still one.
  auto pay = understand("how much does a school principal make", nullptr);
  CHECK(pay.intent == Intent::salary);
  CHECK(!(pay.careers.empty() && pay.candidates.empty()));
}

TEST_CASE("evidence: people who do a job are no person described", "[understanding]") {
  // The pay of work described, not careers for someone like that.
  CHECK(understand("how much do people who fix cars make", nullptr).intent == Intent::salary);
  CHECK(understand("what careers are there for people who love animals?", nullptr).intent ==
        Intent::recommend);
  CHECK(understand("jobs for someone who enjoys science", nullptr).intent == Intent::recommend);
  CHECK(understand("what jobs are good for someone who likes drawing", nullptr).intent ==
        Intent::recommend);
}

TEST_CASE("decision: careers compared, or a fact asked after them with 'and', are no small talk",
          "[understanding]") {
  // A model sure the words are out of scope gives way to careers named
  // outright and compared...
  auto sure_not = std::make_shared<FixedModel>(Intent::unknown, 0.97F);
  auto compared = understand("bricklayer vs stonemason", sure_not);
  CHECK(compared.status == Status::answered);
  CHECK(compared.intent == Intent::compare);
  REQUIRE(compared.careers.size() == 2);
  CHECK(title(compared.careers.back()) == "Stonemasons");
  // ... and to a fact asked plainly as a follow-up of the career talked about.
  auto unsure = std::make_shared<FixedModel>(Intent::unknown, 0.85F);
  auto first = understand("what education do x-ray techs need", nullptr);
  REQUIRE(first.careers.size() == 1);
  auto salary = understand("and the salary once i'm working?", unsure, after(first));
  CHECK(salary.status == Status::answered);
  CHECK(salary.intent == Intent::salary);
  CHECK(salary.careers == first.careers);
  // Without "and", such a model still reads it as out of scope.
  CHECK(understand("the salary once i'm working?", unsure, after(first)).status ==
        Status::fallback);
}

TEST_CASE("reading: men and women after a name in -man are its plural; a dying job's future",
          "[understanding]") {
  auto collectors = understand("do garbage men really make good money", nullptr);
  REQUIRE(collectors.careers.size() == 1);
  CHECK(title(collectors.careers.front()) == "Refuse and Recyclable Material Collectors");
  CHECK(collectors.intent == Intent::salary);
  // A model reading the job's words as its duties gives way to "dying job".
  auto reads_duties = std::make_shared<FixedModel>(Intent::duties, 0.88F);
  CHECK(understand("is data entry clerk a dying job", reads_duties).intent == Intent::outlook);
}
