// Choosing the careers a question is about, on the shipped knowledge base:
// a career held and one wanted, background, a choice told, a kind offered
// as an alternative, a second career for a comparison.
// understanding_test.cpp has evidence and the decision.
#include <catch2/catch.hpp>

#include "matcher.hpp"
#include "shipped_knowledge.hpp"
#include "understanding_support.hpp"

using namespace careerbot;
using namespace careerbot::test;

TEST_CASE("decision: a move from the career held to another is about the one wanted",
          "[understanding]") {
  struct Case {
    const char* text;
    Intent intent;
    const char* wanted;
  };
  for (const auto& c :
       {Case{"im a cna and want to become an RN", Intent::steps, "Registered Nurse"},
        Case{"i wanna be a nurse practitioner, how do i get there from being a CNA", Intent::steps,
             "Nurse Practitioner"},
        Case{"how do i go from cna to nurse practitioner", Intent::steps, "Nurse Practitioner"},
        Case{"I'm an electrician and want to be an electrical engineer, what do I need",
             Intent::steps, "Electrical Engineer"},
        Case{"switching from accountant to financial analyst, what should i study", Intent::courses,
             "Financial and Investment Analyst"},
        Case{"going from teacher to lawyer, how much would i make", Intent::salary, "Lawyer"},
        Case{"nurse to lawyer career change", Intent::steps, "Lawyer"},
        Case{"I'm a barista and I'd make a great project manager, what do they do", Intent::duties,
             "Project Management Specialist"},
        Case{"currently an accountant, want to move into data science", Intent::steps,
             "Data Scientist"},
        // The one who would become the other is the one held.
        Case{"which courses would help a retail mgr become a management analyst", Intent::courses,
             "Management Analyst"},
        Case{"what classes would help a cashier become a web developer", Intent::courses,
             "Web Developer"},
        Case{"can an electrician switch to being a plumber, what would i need to study",
             Intent::courses, "Plumbers, Pipefitters, and Steamfitters"}}) {
    INFO(c.text);
    auto u = understand(c.text, nullptr);
    CHECK(u.status == Status::answered);
    CHECK(u.intent == c.intent);
    REQUIRE(u.careers.size() == 1);
    CHECK(title(u.careers.front()) == c.wanted);
  }
  // Asked as a comparison, both careers are compared.
  for (const char* text :
       {"I'm a nurse, is being a lawyer better paid?", "how do nurses compare to lawyers"}) {
    INFO(text);
    auto compared = understand(text, nullptr);
    CHECK(compared.intent == Intent::compare);
    CHECK(compared.careers.size() == 2);
  }
  // Where the person goes from a career, with no career wanted, it is the ladder.
  auto onward = understand("where can i go from being a nurse", nullptr);
  REQUIRE(onward.careers.size() == 1);
  CHECK(title(onward.careers.front()) == "Registered Nurse");
}

namespace {

// One career asked about, with what is asked of it.
struct AboutOne {
  const char* text;
  Intent intent;
  const char* title;
};

void check_about_one(std::initializer_list<AboutOne> cases) {
  for (const auto& c : cases) {
    INFO(c.text);
    auto u = understand(c.text, nullptr);
    CHECK(u.status == Status::answered);
    CHECK(u.intent == c.intent);
    REQUIRE(u.careers.size() == 1);
    CHECK(title(u.careers.front()) == c.title);
  }
}

void check_compared(std::initializer_list<const char*> texts) {
  for (const char* text : texts) {
    INFO(text);
    auto compared = understand(text, nullptr);
    CHECK(compared.intent == Intent::compare);
    CHECK(compared.careers.size() == 2);
  }
}

}  // namespace

TEST_CASE("choice: a career held, told as background, leaves the question to the other",
          "[understanding]") {
  check_about_one(
      {{"I'm a cashier, what do web developers earn?", Intent::salary, "Web Developer"},
       {"my uncle is a plumber and he swears electricians are in huge demand", Intent::outlook,
        "Electrician"},
       {"my mom was a nurse, what do accountants make", Intent::salary, "Accountant / Auditor"},
       {"I work as an accountant. What does a financial analyst do?", Intent::duties,
        "Financial and Investment Analyst"},
       // Someone in the person's life; a cue for the overview.
       {"my guidance counselor said help desk jobs are shrinking, is that true", Intent::outlook,
        "Computer User Support Specialist"},
       {"My husband is an electrician and im curious about computer hardware engineers, can u "
        "give me a rundown",
        Intent::overview, "Computer Hardware Engineer"}});
  // Two careers held, or a comparison asked, compare them.
  check_compared({"I'm a web developer and a graphic designer, which pays more?",
                  "i am a nurse, how do accountants compare"});
  // "rn" straight after the career held is "right now", not a second career.
  auto ladder = understand("im a nursing assistant rn, what can i move up to", nullptr);
  REQUIRE(ladder.careers.size() == 1);
  CHECK(title(ladder.careers.front()) == "Nursing Assistants");
}

TEST_CASE("choice: a career and a kind of career offered as alternatives are compared",
          "[understanding]") {
  check_compared({"should i become a nurse or a teacher", "should i be a teacher or an accountant",
                  "is a nurse or engineer better"});
  // In the order asked.
  auto ordered = understand("should i be a teacher or an accountant", nullptr);
  REQUIRE(ordered.careers.size() == 2);
  CHECK(title(ordered.careers.back()) == "Accountant / Auditor");
  // A kind beside the career without "or" is no alternative.
  auto one = understand("how do i become a nurse, do teachers help", nullptr);
  REQUIRE(one.careers.size() == 1);
  CHECK(title(one.careers.front()) == "Registered Nurse");
}

TEST_CASE("choice: of the careers weighed, the one chosen is asked about", "[understanding]") {
  check_about_one({{"I was torn between statistician and data scientist and I've settled on "
                    "statistician, how many openings come up each year",
                    Intent::openings, "Statistician"},
                   {"after weighing web developer vs software developer i chose web developer. "
                    "what skills do i need",
                    Intent::skills, "Web Developer"},
                   {"accountant or financial analyst? I went with accountant, what is the pay",
                    Intent::salary, "Accountant / Auditor"}});
  // A comparison asked after the choice, or a choice still open, compares.
  check_compared({"i picked web developer over software developer, which pays better?",
                  "should i go with accountant or financial analyst"});
}

TEST_CASE("choice: a word that ends only the odd alias is no second career to compare",
          "[understanding]") {
  // "work" ends an alias or two; "or" alone leans to a comparison.
  auto u = understand(
      "Is a bachelor's enough to work as a computer research scientist, or is a PhD expected?",
      nullptr);
  CHECK(u.intent == Intent::education);
  REQUIRE(u.careers.size() == 1);
  CHECK(title(u.careers.front()) == "Computer and Information Research Scientist");
}

TEST_CASE("choice: a name several careers share, compared with another, keeps its place",
          "[understanding]") {
  auto compared = understand("orderly vs psychiatric aide", nullptr);
  REQUIRE(compared.careers.size() == 2);
  CHECK(title(compared.careers.front()) == "Orderlies");
  CHECK(title(compared.careers.back()) == "Psychiatric Aides");
}
