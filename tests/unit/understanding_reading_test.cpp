// The first stages of understanding on the shipped knowledge base: reading
// a question (spelling, short forms, held letters, names ruled out) and
// naming the careers it means. understanding_test.cpp has the rest.
#include <catch2/catch.hpp>

#include <sstream>

#include "english_words.hpp"
#include "matcher.hpp"
#include "shipped_knowledge.hpp"
#include "understanding/career_names.hpp"
#include "understanding/reading.hpp"
#include "understanding_support.hpp"

using namespace careerbot;
using namespace careerbot::test;

TEST_CASE("reading: spelling is corrected against the names' words", "[understanding]") {
  auto r =
      read_question(shipped_snapshot().index, lexicon(), nullptr, "how much do electricans make");
  REQUIRE(r.corrected.size() == 1);
  CHECK(r.corrected.front() == "electricans -> electricians");
  REQUIRE(r.matches.size() == 1);
  CHECK(r.covered[3]);
}

TEST_CASE("reading: a long job noun two letters short is found", "[understanding]") {
  auto r = read_question(shipped_snapshot().index, lexicon(), nullptr,
                         "nurse practioner job growth next 10 yrs");
  CHECK(r.words[1].text == "practitioner");
  auto u = understand("nurse practioner job growth next 10 yrs", nullptr);
  REQUIRE(u.careers.size() == 1);
  CHECK(title(u.careers.front()) == "Nurse Practitioner");
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

TEST_CASE("reading: an English word a letter from the word that finishes a name is that word",
          "[understanding]") {
  auto r = read_question(shipped_snapshot().index, lexicon(), nullptr,
                         "marketing manger salary package in the US?");
  REQUIRE(r.corrected.size() == 1);
  CHECK(r.corrected.front() == "manger -> manager");
  auto u = understand("what does a marketing manger do", nullptr);
  REQUIRE(u.careers.size() == 1);
  CHECK(title(u.careers.front()) == "Marketing Manager");
  // Where the word is no part of a name, it stays as written.
  for (const char* text : {"a manger in the barn", "marketing plan for a bakery"}) {
    INFO(text);
    CHECK(read_question(shipped_snapshot().index, lexicon(), nullptr, text).corrected.empty());
  }
}

TEST_CASE("reading: emoji are a tone of voice, not words", "[understanding]") {
  auto r =
      read_question(shipped_snapshot().index, lexicon(), nullptr, "technical writer 🤔👍🏽");
  CHECK(r.words.size() == 2);
  auto u = understand("technical writer 🤔", nullptr);
  CHECK(u.status == Status::answered);
  CHECK(u.intent == Intent::overview);
  REQUIRE(u.careers.size() == 1);
  CHECK(title(u.careers.front()) == "Technical Writer");
  // Letters of other scripts are still words.
  CHECK(read_question(shipped_snapshot().index, lexicon(), nullptr, "看護師 ναι").words.size() ==
        2);
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
  // Nor is "attached" the "attache" of an alias, nor the verb "arrange" an
  // "arranger".
  for (const char* text : {"a normal shift", "annual compensation", "the animals",
                           "the minutes are attached", "please arrange a call", "what level"}) {
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
  // "webdev" is written as one word.
  auto webdev = understand("webdev salary in the US??", nullptr);
  CHECK(webdev.status == Status::answered);
  REQUIRE(webdev.careers.size() == 1);
  CHECK(title(webdev.careers.front()) == "Web Developer");
}

TEST_CASE("reading: a letter held for emphasis reads as the word", "[understanding]") {
  auto r = read_question(shipped_snapshot().index, lexicon(), nullptr, "heyyy thanksss sooo much");
  REQUIRE(r.words.size() == 4);
  CHECK(r.words[0].text == "hey");
  CHECK(r.words[1].text == "thanks");
  CHECK(r.words[2].text == "so");
  auto u = understand("hiiii", nullptr);
  CHECK(u.intent == Intent::greeting);
  // A doubled last letter, and runs beside a double that stays.
  for (const char* text : {"heyy", "helloooo"}) {
    INFO(text);
    CHECK(understand(text, nullptr).intent == Intent::greeting);
  }
  auto doubled = read_question(shipped_snapshot().index, lexicon(), nullptr, "thankss salaryy");
  REQUIRE(doubled.words.size() == 2);
  CHECK(doubled.words[0].text == "thanks");
  CHECK(doubled.words[1].text == "salary");
  CHECK(read_question(shipped_snapshot().index, lexicon(), nullptr, "staff").words.front().text ==
        "staff");
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
