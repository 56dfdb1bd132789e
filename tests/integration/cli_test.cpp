// The careerbot command line, run as a user would run it.
#include <cstdlib>
#include <filesystem>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "http_client.hpp"
#include "server_process.hpp"

using namespace careerbot::test;
using nlohmann::json;

TEST_CASE("careerbot ask --json answers like POST /v1/ask", "[integration][cli]") {
  auto result = run_careerbot({"ask", "--json", "how much does a back end developer make"});
  REQUIRE(result.exit_code == 0);
  auto answer = json::parse(result.out);
  CHECK(answer["status"] == "answered");
  CHECK(answer["intent"] == "salary");
  CHECK(answer["career"]["id"] == "back-end-developer");
  CHECK(answer["career"]["soc_code"] == "15-1254.00");
  CHECK(answer["text"].get<std::string>().find("$121,668") != std::string::npos);
}

// With every career careerbot starts with and its intent model: business
// mail that holds job words asks nothing.
TEST_CASE("careerbot ask: a signature or sentences that ask nothing get no career answer",
          "[integration][cli]") {
  for (const char* text :
       {"Please find attached the invoice for March, payment due within 30 days. Regards, "
        "Accounts Payable",
        "Meeting with the engineers went fine. The invoice is overdue.",
        "The minutes are attached. Regards, Lawyer",
        "my plumber never showed up and now my basement is flooded what do i do"}) {
    auto result = run_careerbot({"ask", "--json", text});
    INFO(text << "\n" << result.out << result.err);
    REQUIRE(result.exit_code == 0);
    auto answer = json::parse(result.out);
    CHECK(answer["status"] == "fallback");
    CHECK(answer["candidates"].empty());
  }
}

// A question after a story, naming its career only through a spelling fix
// ("actualy": actuary), is about the career the story named.
TEST_CASE("careerbot ask: a fix gone wrong gives way to the career the message named",
          "[integration][cli]") {
  auto result = run_careerbot(
      {"ask", "--json",
       "Im a cashier at walmart thinking about going back to school to be a pharmacist. how "
       "much do they actualy make after all that school"});
  REQUIRE(result.exit_code == 0);
  auto answer = json::parse(result.out);
  CHECK(answer["intent"] == "salary");
  CHECK(answer["career"]["soc_code"] == "29-1051.00");
}

// A letter whose question asks for a person, after a statement that reads
// like a career's words, asks for a person.
TEST_CASE("careerbot ask: a request for a person after a statement is a handoff",
          "[integration][cli]") {
  auto result = run_careerbot(
      {"ask", "--json",
       "Dear team,  I would prefer to correspond with a member of your staff rather than an "
       "automated service. Could you please arrange for a person to contact me?  Sincerely, "
       "Ruth Moore"});
  REQUIRE(result.exit_code == 0);
  auto answer = json::parse(result.out);
  CHECK(answer["intent"] == "handoff");
  CHECK(answer["career"].is_null());
}

TEST_CASE("careerbot ask prints the reply text", "[integration][cli]") {
  auto result = run_careerbot({"ask", "how", "many", "openings", "for", "backend", "developers?"});
  REQUIRE(result.exit_code == 0);
  CHECK(result.out.find("1,267") != std::string::npos);
  CHECK(result.out.front() != '{');
}

TEST_CASE("careerbot kb validate accepts the bundled knowledge base", "[integration][cli]") {
  auto result = run_careerbot({"kb", "validate"});
  REQUIRE(result.exit_code == 0);
  CHECK(result.out.find("ok: 38 career profiles") != std::string::npos);
}

TEST_CASE("an invalid profile is reported with its file and field", "[integration][cli]") {
  std::string dir = temp_dir("kb");
  auto seed = json::parse(
      read_file(std::string(CAREERBOT_SOURCE_DIR) + "/knowledge/data/back-end-developer.json"));
  seed["related"] = json::array();
  seed["median_salary"]["amount"] = "lots";
  write_file(dir + "/back-end-developer.json", seed.dump());

  auto validate = run_careerbot({"kb", "validate", "--dir", dir});
  CHECK(validate.exit_code == 1);
  CHECK(validate.err.find("back-end-developer.json") != std::string::npos);
  CHECK(validate.err.find("median_salary.amount") != std::string::npos);

  // The service refuses to start on it, naming the same.
  auto serve = run_careerbot({"serve", "--port", "0", "--data-dir", dir + "/var"},
                             {"CAREERBOT_KNOWLEDGE_DIR=" + dir});
  CHECK(serve.exit_code == 1);
  CHECK(serve.err.find("median_salary.amount") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("bad configuration fails start-up naming the key", "[integration][cli]") {
  std::string dir = temp_dir("config");
  SECTION("wrong type in the file") {
    write_file(dir + "/c.json", R"({"http": {"port": "eighty"}})");
    auto result = run_careerbot({"serve", "--config", dir + "/c.json"});
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("'http.port'") != std::string::npos);
  }
  SECTION("unknown key in the file") {
    write_file(dir + "/c.json", R"({"http": {"prot": 8080}})");
    auto result = run_careerbot({"serve", "--config", dir + "/c.json"});
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("'http.prot'") != std::string::npos);
  }
  SECTION("bad environment override") {
    auto result = run_careerbot({"serve", "--port", "0"}, {"CAREERBOT_HTTP_THREADS=many"});
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("CAREERBOT_HTTP_THREADS") != std::string::npos);
  }
  SECTION("port already in use") {
    ServerProcess first;
    auto result = run_careerbot({"serve", "--port", std::to_string(first.port()), "--smtp-port",
                                 "0", "--data-dir", dir + "/var"});
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("cannot listen") != std::string::npos);
  }
  SECTION("SMTP port already in use") {
    ServerProcess first;
    auto result = run_careerbot({"serve", "--port", "0", "--smtp-port",
                                 std::to_string(first.smtp_port()), "--data-dir", dir + "/var"});
    CHECK(result.exit_code == 1);
    CHECK(result.err.find(std::to_string(first.smtp_port())) != std::string::npos);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("the example configuration is valid and documented keys work", "[integration][cli]") {
  std::string dir = temp_dir("example");
  ServerProcess server(
      {"--config", std::string(CAREERBOT_SOURCE_DIR) + "/config/careerbot.example.json"},
      {"CAREERBOT_LOG_LEVEL=info"});
  CHECK(server.port() != 0);
  // The curated careers and the bundle, curated winning for the same code.
  CHECK(server.log().find("\"careers\":1017") != std::string::npos);
  auto ready = json::parse(get(server.port(), "/readyz").body);
  CHECK(ready["careers"] == 1017);
  std::filesystem::remove_all(dir);
}

TEST_CASE("careerbot eval scores the development set at 95% or better",
          "[integration][cli][eval]") {
  std::string dev = std::string(CAREERBOT_SHARED_DIR) + "/eval/dev.jsonl";
  if (!std::filesystem::exists(dev)) {
    WARN("skipped: " << dev << " is absent");
    return;
  }
  auto result = run_careerbot({"eval", dev, "--kb", "default", "--min-accuracy", "0.95"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("by intent:") != std::string::npos);
}

TEST_CASE("careerbot eval scores the guidance cases at 95% or better", "[integration][cli][eval]") {
  // Written blind (from the specification alone) for the guidance intents.
  const std::string cases =
      std::string(CAREERBOT_SOURCE_DIR) + "/tests/data/eval/guidance-blind.jsonl";
  auto result = run_careerbot({"eval", cases, "--kb", "default", "--min-accuracy", "0.95"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("assess") != std::string::npos);
  CHECK(result.out.find("progression") != std::string::npos);
}

// Written blind for the understanding issue (#12): people's own phrasings,
// typos, near-identical titles, out-of-scope and hostile input. The floor is
// a little below today's score, to catch regressions, not to pin it.
TEST_CASE("careerbot eval scores the blind understanding sets at 93% or better",
          "[integration][cli][eval]") {
  const std::string dir = std::string(CAREERBOT_SOURCE_DIR) + "/tests/data/eval/";
  auto on_default = run_careerbot(
      {"eval", dir + "blind-default.jsonl", "--kb", "default", "--min-accuracy", "0.93"});
  INFO(on_default.out << on_default.err);
  CHECK(on_default.exit_code == 0);
  CHECK(on_default.out.find("unknown") != std::string::npos);
  // Written blind in sessions 17 and 18, each scored before the fixes it led to
  // (each fixed a kind of question, not a sentence); floors a little below
  // their scores after.
  struct LaterSet {
    const char* file;
    const char* floor;
  };
  const LaterSet later_sets[] = {
      {"blind-default-3.jsonl", "0.95"},  // 156 cases: 94.9% when written, 98.1% after
      {"blind-default-4.jsonl", "0.91"},  // 123: conversations, long messages; 89.4%, 95.1%
      {"blind-default-5.jsonl",
       "0.92"},  // 121: a week's mix, stories before a question; 89.3%, 94.2%
      // Session 18: 138 cases; 94.2% when written (and on the build before
      // session 17's fixes), 99.3% after.
      {"blind-default-6.jsonl", "0.97"},
      // 136: SMS and email shapes, British and Australian job words,
      // corrections ("not nurses, I mean ..."); 89.7% when written, 98.5% after.
      {"blind-default-7.jsonl", "0.96"},
      // 125, written to resemble dev.jsonl: 98.4% when written (on the build
      // before sessions 17 and 18 too), 100% after.
      {"blind-default-8.jsonl", "0.97"},
      // Session 19: 130, written to resemble dev.jsonl by another helper:
      // 90.0% when written, 95.4% after.
      {"blind-default-9.jsonl", "0.94"},
      // Session 20: 130, like dev.jsonl, by a third writer: 96.2% when
      // written, 100% after.
      {"blind-default-10.jsonl", "0.98"},
      // 120, a week's traffic of students, career changers, parents and
      // second-language writers: 98.3% when written, 100% after.
      {"blind-default-11.jsonl", "0.98"},
      // 120, written to be a fresh sample of dev.jsonl's source: 97.5% when
      // written (98.3% on the build before session 20), 100% after.
      {"blind-default-12.jsonl", "0.98"},
      // 120, like dev.jsonl by another writer: 98.3% when written (95.8% on
      // the build before session 20), 100% after.
      {"blind-default-13.jsonl", "0.98"},
      // Session 21: 120, a fresh sample by another writer: 96.7% when
      // written, 99.2% after.
      {"blind-default-14.jsonl", "0.97"},
      // Session 23: 120, a fresh sample by another writer: 99.2% when
      // written (session 22's build), 100% after.
      {"blind-default-15.jsonl", "0.97"},
      // 120, chat, SMS and email by a sixth writer: 95.8% when written,
      // 99.2% after.
      {"blind-default-16.jsonl", "0.97"},
      // Session 24: 120, chat, SMS and email by a seventh writer: 94.2% when
      // written, 100% after.
      {"blind-default-17.jsonl", "0.97"},
      // 120 by an eighth writer, a third of them careers beyond the curated
      // ones: 94.2% when written (on this session's first fixes too), 99.2%
      // after.
      {"blind-default-18.jsonl", "0.97"},
      // 120 by a ninth writer, a quarter of them conversations, with phone
      // shorthand and formal letters: 85.8% when written, 95.0% after.
      {"blind-default-19.jsonl", "0.92"},
      // 120 by a tenth writer: letters, texting, conversations, guidance:
      // 93.3% when written, 99.2% after.
      {"blind-default-20.jsonl", "0.97"},
      // Session 26: 120 by an eleventh writer (letters, texting, 27
      // conversations, guidance): 94.2% when written, 99.2% after.
      {"blind-default-21.jsonl", "0.97"},
      // 120 by a twelfth writer (students, parents, veterans, second-language
      // writers; fragments and emoji): 94.2% when written, 100% after.
      {"blind-default-22.jsonl", "0.97"},
      // Session 27: 120 by a thirteenth writer (people changing careers,
      // workplace shorthand, 26 conversations): 98.3% when written, 100% after.
      {"blind-default-23.jsonl", "0.97"},
      // Session 28: 120 by a fourteenth writer (phones and chat: fragments,
      // British, Australian and Indian wording, two questions in one
      // message, 25 conversations): 94.2% when written, 100% after.
      {"blind-default-24.jsonl", "0.97"},
  };
  for (const auto& set : later_sets) {
    auto result =
        run_careerbot({"eval", dir + set.file, "--kb", "default", "--min-accuracy", set.floor});
    INFO(set.file << "\n" << result.out << result.err);
    CHECK(result.exit_code == 0);
  }
}

// The same for the sets on the full knowledge base (each run builds it from
// ../shared/data).
TEST_CASE("careerbot eval scores the blind sets on the full knowledge base",
          "[integration][cli][eval]") {
  const std::string dir = std::string(CAREERBOT_SOURCE_DIR) + "/tests/data/eval/";
  const std::string data = std::string(CAREERBOT_SHARED_DIR) + "/data";
  if (!std::filesystem::exists(data)) {
    WARN("full knowledge base skipped: " << data << " is absent");
    return;
  }
  // blind-full-2 (session 19): 120 cases about less common occupations,
  // with O*NET's everyday names; 90.8% when written, 97.5% after.
  // blind-full-3 (session 20): 110, rarer occupations, conversations and
  // out-of-scope messages with job words; 94.5% when written, 100% after.
  // blind-full-4 (session 20): 100 outside the office and health jobs,
  // described work ("the people who fix elevators"); 87% when written (88%
  // on the build before session 20), 92% after.
  // blind-full-5 (session 21): 100 trades, care, transport and school
  // jobs by their everyday names; 98% when written, 99% after.
  // blind-full-6 (session 24): 100 by the seventh writer; 99% when written,
  // 100% after.
  // blind-full-7 (session 25): 100 everyday names across the O*NET families;
  // 94% when written, nothing fixed for it yet.
  // blind-full-8 (session 27): 100 trades, care, transport, arts and office
  // jobs by everyday names, 15 conversations; 94% when written, 99% after.
  // blind-full-9 (session 28): 100 science, law, farming, food, care, sales,
  // media, repair and production jobs, 16 conversations; 98% when written,
  // 99% after.
  for (const auto& [file, floor] :
       {std::pair{"blind-full.jsonl", "0.93"}, std::pair{"blind-full-2.jsonl", "0.95"},
        std::pair{"blind-full-3.jsonl", "0.98"}, std::pair{"blind-full-4.jsonl", "0.89"},
        std::pair{"blind-full-5.jsonl", "0.97"}, std::pair{"blind-full-6.jsonl", "0.97"},
        std::pair{"blind-full-7.jsonl", "0.92"}, std::pair{"blind-full-8.jsonl", "0.97"},
        std::pair{"blind-full-9.jsonl", "0.97"}}) {
    auto on_full = run_careerbot(
        {"eval", dir + file, "--kb", "full", "--public-data", data, "--min-accuracy", floor});
    INFO(file << "\n" << on_full.out << on_full.err);
    CHECK(on_full.exit_code == 0);
  }
}

// Cases of my own (not blind), every one required:
// - clarification-answers: answers to "which one do you mean?", by a word of
//   the career's names that a cue also reads ("high school"), by the words
//   most of its names share, with filler around ("the elementary ones"), by
//   position, by a word also read as a kind ("mechanical", as "mechanic"),
//   by a word that names the career with the offered titles' kind
//   ("software" engineers, not offered); the question asked before stands
//   unless a new one is asked.
// - statements-and-questions: the person's story around a question about one
//   career ("I love working with people. How do I become a loan officer?") is
//   context, never a request for recommendations nor a question of its own; a
//   career it names is what the questions after it are about, and a
//   statement after the questions does not change the subject; "is that
//   true?" after a statement asks what the statement said.
TEST_CASE("careerbot eval answers every clarification answer and statements-and-questions case",
          "[integration][cli][eval]") {
  struct Required {
    const char* file;
    const char* all_passed;
  };
  for (const Required& set : {Required{"clarification-answers.jsonl", "10 / 10"},
                              Required{"statements-and-questions.jsonl", "8 / 8"}}) {
    const std::string cases = std::string(CAREERBOT_SOURCE_DIR) + "/tests/data/eval/" + set.file;
    auto result = run_careerbot({"eval", cases, "--kb", "default", "--min-accuracy", "1"});
    INFO(set.file << "\n" << result.out << result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.out.find(set.all_passed) != std::string::npos);
  }
}

TEST_CASE("careerbot eval scores the development set on the full knowledge base at 95% or better",
          "[integration][cli][eval]") {
  std::string dev = std::string(CAREERBOT_SHARED_DIR) + "/eval/dev.jsonl";
  if (!std::filesystem::exists(dev) ||
      !std::filesystem::exists(std::string(CAREERBOT_SHARED_DIR) + "/data")) {
    WARN("skipped: " << dev << " or the public data is absent");
    return;
  }
  auto result = run_careerbot({"eval", dev, "--kb", "full", "--min-accuracy", "0.95"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("careers: 1017") != std::string::npos);
}

TEST_CASE("careerbot kb import builds about 1,000 careers and is idempotent",
          "[integration][cli][import]") {
  std::string data = std::string(CAREERBOT_SHARED_DIR) + "/data";
  if (!std::filesystem::exists(data)) {
    WARN("skipped: " << data << " is absent");
    return;
  }
  std::string dir = temp_dir("import");
  std::vector<std::string> args = {"kb",
                                   "import",
                                   "--onet",
                                   data + "/onet-29.3",
                                   "--bls-projections",
                                   data + "/bls/employment-projections-2024-34.csv",
                                   "--oews",
                                   data + "/bls/oews-national-may-2024.tsv",
                                   "--data-dir",
                                   dir};
  // Without the bundle, the data directory starts with the curated careers.
  const std::vector<std::string> no_bundle = {"CAREERBOT_KNOWLEDGE_BUNDLE="};
  auto first = run_careerbot(args, no_bundle);
  REQUIRE(first.exit_code == 0);
  CHECK(first.out.find("979 added, 0 changed, 0 unchanged, 37 skipped") != std::string::npos);
  CHECK(first.out.find("knowledge base: 1017 careers") != std::string::npos);
  auto second = run_careerbot(args, no_bundle);
  REQUIRE(second.exit_code == 0);
  CHECK(second.out.find("0 added, 0 changed, 979 unchanged, 37 skipped") != std::string::npos);
  CHECK(second.out.find("curated profile 'registered-nurse' covers this code") !=
        std::string::npos);

  auto plumber = run_careerbot({"ask", "--json", "how much do plumbers make", "--data-dir", dir});
  REQUIRE(plumber.exit_code == 0);
  auto answer = json::parse(plumber.out);
  CHECK(answer["career"]["soc_code"] == "47-2152.00");
  CHECK(answer["text"].get<std::string>().find("$62,970") != std::string::npos);
  auto pharmacist = json::parse(
      run_careerbot({"ask", "--json", "what does a pharmacist do", "--data-dir", dir}).out);
  CHECK(pharmacist["intent"] == "duties");
  CHECK(pharmacist["text"].get<std::string>().find("O*NET") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("out of the box careerbot knows plumbers, with the BLS median and its source",
          "[integration][cli][bundle]") {
  std::string dir = temp_dir("bundle");
  auto result = run_careerbot({"ask", "--json", "how much do plumbers make", "--data-dir", dir});
  REQUIRE(result.exit_code == 0);
  auto answer = json::parse(result.out);
  CHECK(answer["status"] == "answered");
  CHECK(answer["intent"] == "salary");
  CHECK(answer["career"]["soc_code"] == "47-2152.00");
  const std::string text = answer["text"];
  CHECK(text.find("$62,970") != std::string::npos);
  CHECK(text.find("Occupational Employment and Wage Statistics") != std::string::npos);
  CHECK(answer["facts"][0]["source"].get<std::string>().find("Bureau of Labor Statistics") !=
        std::string::npos);
  // The help reply carries the attribution O*NET's licence asks for.
  auto help = run_careerbot({"ask", "how does this work", "--data-dir", dir});
  CHECK(help.out.find("1,017 careers") != std::string::npos);
  CHECK(help.out.find("O*NET 29.3 Database") != std::string::npos);
  CHECK(help.out.find("CC BY 4.0") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("kb import takes the O*NET zip and the BLS workbooks; a broken one changes nothing",
          "[integration][cli][import]") {
  const std::string xlsx = std::string(CAREERBOT_SOURCE_DIR) + "/tests/data/xlsx";
  std::string dir = temp_dir("official");
  // A small O*NET release, zipped with its top folder as published.
  const std::string release = dir + "/db_29_3_text";
  std::filesystem::create_directories(release);
  auto file = [&](const std::string& name, const std::string& text) {
    write_file(release + "/" + name, text);
  };
  const std::string code = "47-2152.00\tPlumbers, Pipefitters, and Steamfitters\t";
  file("Occupation Data.txt",
       "O*NET-SOC Code\tTitle\tDescription\n" + code + "Assemble and repair pipe systems.\n");
  file("Task Statements.txt", "O*NET-SOC Code\tTitle\tTask ID\tTask\tTask Type\n" + code +
                                  "1\tInstall pipe systems.\tCore\n");
  file("Alternate Titles.txt",
       "O*NET-SOC Code\tTitle\tAlternate Title\tShort Title\n" + code + "Drain Layer\t\n");
  file("Sample of Reported Titles.txt",
       "O*NET-SOC Code\tTitle\tReported Job Title\n" + code + "Plumber\n");
  file("Education, Training, and Experience Categories.txt",
       "Element Name\tScale ID\tCategory\tCategory Description\n");
  file("Education, Training, and Experience.txt",
       "O*NET-SOC Code\tElement Name\tScale ID\tCategory\tData Value\n");
  file("Job Zones.txt", "O*NET-SOC Code\tTitle\tJob Zone\n" + code + "3\n");
  file("Related Occupations.txt",
       "O*NET-SOC Code\tRelated O*NET-SOC Code\tRelatedness Tier\tIndex\n");
  file("Technology Skills.txt", "O*NET-SOC Code\tExample\tHot Technology\tIn Demand\n");
  file("Interests.txt", "O*NET-SOC Code\tElement ID\tScale ID\tData Value\n");
  REQUIRE(std::system(("cd '" + dir + "' && zip -qr onet.zip db_29_3_text").c_str()) == 0);

  const std::string data = dir + "/var";
  const std::vector<std::string> no_bundle = {"CAREERBOT_KNOWLEDGE_BUNDLE="};
  auto import = [&](const std::string& onet, const std::string& projections,
                    const std::string& oews) {
    return run_careerbot({"kb", "import", "--onet", onet, "--bls-projections", projections,
                          "--oews", oews, "--data-dir", data},
                         no_bundle);
  };
  auto plumbers = [&] {
    return json::parse(
        run_careerbot({"ask", "--json", "how much do plumbers make", "--data-dir", data}, no_bundle)
            .out);
  };

  auto broken =
      import(dir + "/onet.zip", xlsx + "/broken/truncated.xlsx", xlsx + "/oews-national.xlsx");
  CHECK(broken.exit_code == 1);
  CHECK(broken.err.find(xlsx + "/broken/truncated.xlsx: ") != std::string::npos);
  CHECK(plumbers()["status"] != "answered");  // nothing was imported

  auto not_zip = import(xlsx + "/broken/not-a-zip.xlsx", xlsx + "/ep-occupation.xlsx",
                        xlsx + "/oews-national.xlsx");
  CHECK(not_zip.exit_code == 1);
  CHECK(not_zip.err.find("not-a-zip.xlsx: not a zip archive") != std::string::npos);

  auto imported =
      import(dir + "/onet.zip", xlsx + "/ep-occupation.xlsx", xlsx + "/oews-national.xlsx");
  INFO(imported.out << imported.err);
  REQUIRE(imported.exit_code == 0);
  CHECK(imported.out.find("1 added") != std::string::npos);
  auto answer = plumbers();
  CHECK(answer["career"]["soc_code"] == "47-2152.00");
  CHECK(answer["text"].get<std::string>().find("$62,970") != std::string::npos);
  std::filesystem::remove_all(dir);
}
