// The learned intent classifier: the corpus expands as written, reproducibly;
// a model trained on a small corpus answers clear questions; the committed
// model is what the trainer builds from the committed corpus.
#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fasttext/fasttext.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "corpus.hpp"
#include "intent_model.hpp"
#include "text.hpp"
#include "trainer.hpp"

using namespace careerbot;
namespace fs = std::filesystem;

namespace {

const fs::path kFixtureCorpus = fs::path(CAREERBOT_TEST_DATA_DIR) / "intent";
const fs::path kCorpus = CAREERBOT_TEST_INTENT_CORPUS;
const fs::path kModel = CAREERBOT_TEST_INTENT_MODEL;
const CorpusOptions kNoTypos{12, 0.0};

struct Scratch {
  fs::path dir;
  Scratch() {
    std::random_device random;
    dir = fs::temp_directory_path() / ("careerbot-intent-test-" + std::to_string(random()));
    fs::create_directories(dir);
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name, std::ios::binary) << text;
  }
};

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::set<std::string> texts(const std::vector<Example>& examples) {
  std::set<std::string> out;
  for (const auto& e : examples) out.insert(e.text);
  return out;
}

// The message of the CorpusError that reading `dir` throws ("" if none).
std::string corpus_error(const fs::path& dir) {
  try {
    read_corpus(dir);
  } catch (const CorpusError& e) {
    return e.what();
  }
  return "";
}

// Small and quick: enough for the test corpus.
TrainOptions quick_options() {
  TrainOptions options;
  options.dim = 16;
  options.bucket = 20000;
  options.cutoff = 2000;
  return options;
}

}  // namespace

TEST_CASE("a corpus line expands to every combination of its alternations", "[intent]") {
  auto examples = expand_line(Intent::salary, "(How much|what) do nurses (make|earn|)?", {},
                              "s.txt:1", kNoTypos);
  CHECK(texts(examples) == std::set<std::string>{"how much do nurses make",
                                                 "how much do nurses earn", "how much do nurses",
                                                 "what do nurses make", "what do nurses earn",
                                                 "what do nurses"});
  CHECK(examples.size() == 6);
  for (const auto& e : examples) {
    CHECK(e.label == Intent::salary);
    CHECK(e.origin == "s.txt:1");
  }
  SECTION("a plain line counts once, normalised as split_words does") {
    auto plain = expand_line(Intent::salary, "  What's a DBA's PAY? ", {}, "s.txt:2", kNoTypos);
    REQUIRE(plain.size() == 1);
    CHECK(plain[0].text == "what is a dba pay");
    CHECK(normalise_question("What's a DBA's PAY?") == "what is a dba pay");
  }
}

TEST_CASE("corpus slots take career names, a different one for {career2}", "[intent]") {
  const std::vector<std::string> careers = {"Nurse", "software developer", "welder"};
  const std::set<std::string> names = {"nurse", "software developer", "welder"};
  auto examples = expand_line(Intent::compare, "(compare|weigh) {career} versus {career2}", careers,
                              "c.txt:1", kNoTypos);
  REQUIRE(examples.size() == 2);
  for (const auto& e : examples) {
    auto from = e.text.find(' ') + 1;
    auto versus = e.text.find(" versus ");
    REQUIRE(versus != std::string::npos);
    std::string first = e.text.substr(from, versus - from);
    std::string second = e.text.substr(versus + 8);
    CHECK(names.contains(first));
    CHECK(names.contains(second));
    CHECK(first != second);
  }
  CHECK_THROWS_WITH(expand_line(Intent::compare, "{career} vs {career2}", {"nurse"}, "c.txt:2"),
                    Catch::Contains("c.txt:2") && Catch::Contains("two different careers"));
  CHECK_THROWS_WITH(expand_line(Intent::salary, "{career} pay", {}, "s.txt:9"),
                    Catch::Contains("s.txt:9"));
}

TEST_CASE("a line with more than 12 combinations keeps 12 of them, the same ones each time",
          "[intent]") {
  const std::string line = "(a|b|c|d) (e|f|g|h) (i|j|k|l)";  // 64 combinations
  auto first = expand_line(Intent::unknown, line, {}, "u.txt:1", kNoTypos);
  CHECK(first.size() == 12);
  CHECK(texts(first).size() == 12);
  auto again = expand_line(Intent::unknown, line, {}, "u.txt:1", kNoTypos);
  REQUIRE(again.size() == first.size());
  for (std::size_t i = 0; i < first.size(); ++i) CHECK(again[i].text == first[i].text);
  CHECK(expand_line(Intent::unknown, line, {}, "u.txt:1", {5, 0.0}).size() == 5);
  CHECK(expand_line(Intent::unknown, "(a|b|c) (d|e|f|g)", {}, "u.txt:2", kNoTypos).size() == 12);
}

TEST_CASE("about 15% of corpus examples get a copy with one typo, never in a career name",
          "[intent]") {
  const std::vector<std::string> careers = {"software developer", "registered nurse"};
  auto examples = expand_line(Intent::salary,
                              "(what|how much) (money|salary|income|pay) (does|do|would|could) "
                              "(a|the|one|my) {career} (make|earn|receive|collect)",
                              careers, "s.txt:1", {12, 1.0});
  // Every phrase is followed by its copy, one letter off, the career intact.
  REQUIRE(examples.size() == 24);
  for (std::size_t i = 0; i < examples.size(); i += 2) {
    const std::string& text = examples[i].text;
    const std::string& typo = examples[i + 1].text;
    CHECK(edit_distance(text, typo, 3) == 1);
    for (const auto& career : careers) {
      CHECK((text.find(career) != std::string::npos) == (typo.find(career) != std::string::npos));
    }
  }
  // With the default share, about 15% of phrases.
  std::size_t total = 0;
  for (int i = 0; i < 400; ++i) {
    total += expand_line(Intent::salary, "question number " + std::to_string(i) + " about wages",
                         {}, "s.txt:" + std::to_string(i))
                 .size();
  }
  CHECK(total >= 400 + 40);
  CHECK(total <= 400 + 80);
}

TEST_CASE("corpus mistakes are reported with the file and line", "[intent]") {
  Scratch corpus;
  corpus.write("careers.txt", "nurse\nwelder\n");
  auto error_for = [&](const std::string& line) {
    corpus.write("salary.txt", "# salary\n\n" + line + "\nhow much do {career} make\n");
    return corpus_error(corpus.dir);
  };
  using Catch::Contains;
  CHECK_THAT(error_for("how much (do|does {career} make"),
             Contains("salary.txt:3") && Contains("unbalanced parenthesis"));
  CHECK_THAT(error_for("how much do|does) {career} make"), Contains("salary.txt:3"));
  CHECK_THAT(error_for("how much do) {career} make"),
             Contains("salary.txt:3") && Contains("unbalanced parenthesis"));
  CHECK_THAT(error_for("(how (much|many)) {career}"), Contains("salary.txt:3"));
  CHECK_THAT(error_for("how much do {career make"),
             Contains("salary.txt:3") && Contains("stray brace"));
  CHECK_THAT(error_for("how much do career} make"),
             Contains("salary.txt:3") && Contains("stray brace"));
  CHECK_THAT(error_for("how much do {job} make"),
             Contains("salary.txt:3") && Contains("unknown slot {job}"));
  CHECK(error_for("how much (do|does) {career} make").empty());

  corpus.write("wages.txt", "how much\n");
  CHECK_THAT(corpus_error(corpus.dir), Contains("wages.txt") && Contains("not an intent"));
  fs::remove(corpus.dir / "wages.txt");
  fs::remove(corpus.dir / "careers.txt");
  CHECK_THAT(corpus_error(corpus.dir), Contains("careers.txt") && Contains("missing"));
}

TEST_CASE("the corpus reads the same on every run", "[intent]") {
  auto first = read_corpus(kFixtureCorpus);
  auto second = read_corpus(kFixtureCorpus);
  REQUIRE(first.size() == second.size());
  for (std::size_t i = 0; i < first.size(); ++i) {
    CHECK(first[i].label == second[i].label);
    CHECK(first[i].text == second[i].text);
    CHECK(first[i].origin == second[i].origin);
  }
  std::set<Intent> labels;
  for (const auto& e : first) labels.insert(e.label);
  CHECK(labels == std::set<Intent>{Intent::salary, Intent::education, Intent::outlook,
                                   Intent::greeting, Intent::thanks, Intent::unknown});
}

TEST_CASE("a model trained on the test corpus answers clear questions", "[intent]") {
  Scratch scratch;
  const auto examples = read_corpus(kFixtureCorpus);
  const fs::path file = scratch.dir / "model.ftz";
  TrainedModel trained = train(examples, file, quick_options());
  CHECK(trained.examples == examples.size());
  CHECK(trained.bytes == fs::file_size(file));
  REQUIRE(fs::exists(intent_model_sidecar(file)));

  auto model = IntentModel::load(file);
  CHECK(model->temperature() == 1.0F);
  auto expect = [&](const char* question, Intent intent) {
    IntentPrediction p = model->predict(question);
    INFO(question << " -> " << intent_name(p.best) << " " << p.confidence);
    CHECK(p.best == intent);
    float sum = std::accumulate(p.probability.begin(), p.probability.end(), 0.0F);
    CHECK(sum == Approx(1.0F).epsilon(1e-4));
    CHECK(p.confidence == p.probability[static_cast<std::size_t>(p.best)]);
  };
  expect("How much do plumbers make?", Intent::salary);
  expect("what degree do you need to become a teacher", Intent::education);
  expect("are welders in demand", Intent::outlook);
  expect("hello there!", Intent::greeting);
  expect("thank you so much", Intent::thanks);
  expect("how much do nurses mkae", Intent::salary);  // a typo

  CHECK(model->knows_word("much"));
  CHECK_FALSE(model->knows_word("zebra"));
  CHECK_FALSE(model->knows_word("__label__salary"));

  IntentPrediction empty = model->predict("?!");
  CHECK(empty.best == Intent::unknown);
  CHECK(empty.confidence == 1.0F);

  SECTION("the same examples give the same bytes") {
    train(examples, scratch.dir / "again.ftz", quick_options());
    CHECK(read_bytes(scratch.dir / "again.ftz") == read_bytes(file));
  }
  SECTION("the temperature comes from the sidecar") {
    auto doc = nlohmann::json::parse(read_bytes(intent_model_sidecar(file)));
    doc["temperature"] = 2.0;
    std::ofstream(intent_model_sidecar(file), std::ios::binary) << doc.dump();
    auto warm = IntentModel::load(file);
    CHECK(warm->temperature() == 2.0F);
    auto cold = model->predict("how much do plumbers make");
    auto soft = warm->predict("how much do plumbers make");
    CHECK(soft.best == cold.best);
    CHECK(soft.confidence < cold.confidence);
  }
}

TEST_CASE("cross-validation holds out whole corpus lines and fits a temperature", "[intent]") {
  const auto examples = read_corpus(kFixtureCorpus);
  CrossValidation cv = cross_validate(examples, 3, quick_options());
  CHECK(cv.folds == 3);
  CHECK(cv.overall.total == examples.size());
  CHECK(cv.overall.accuracy() > 0.5);
  std::size_t by_intent = 0;
  for (const auto& s : cv.by_intent) by_intent += s.total;
  CHECK(by_intent == examples.size());
  CHECK(cv.temperature >= 0.5);
  CHECK(cv.temperature <= 5.0);
  CHECK(cv.log_loss <= cv.log_loss_at_1);
  CHECK_THROWS_AS(cross_validate(examples, 1), std::invalid_argument);
}

TEST_CASE("bad training input and model files are refused, not fatal", "[intent]") {
  Scratch scratch;
  std::vector<Example> one_intent = {{Intent::salary, "how much", "x:1"},
                                     {Intent::salary, "what pay", "x:2"}};
  CHECK_THROWS_AS(train(one_intent, scratch.dir / "m.ftz"), std::invalid_argument);
  std::vector<Example> raw = {{Intent::salary, "How much?", "x:1"},
                              {Intent::greeting, "hi", "x:2"}};
  CHECK_THROWS_AS(train(raw, scratch.dir / "m.ftz"), std::invalid_argument);
  CHECK_THROWS_AS(train({}, scratch.dir / "m.ftz"), std::invalid_argument);

  CHECK_THROWS_WITH(IntentModel::load(scratch.dir / "absent.ftz"), Catch::Contains("absent.ftz"));
  scratch.write("junk.ftz", "not a model");
  scratch.write("junk.ftz.json", R"({"format": "careerbot-intent-model", "temperature": 1})");
  CHECK_THROWS_WITH(IntentModel::load(scratch.dir / "junk.ftz"), Catch::Contains("junk.ftz"));
  scratch.write("lonely.ftz", "not a model");
  CHECK_THROWS_WITH(IntentModel::load(scratch.dir / "lonely.ftz"),
                    Catch::Contains("lonely.ftz.json"));
}

TEST_CASE("the committed intent model is what the trainer builds from the corpus", "[intent]") {
  if (!fs::exists(kCorpus / "careers.txt") || !fs::exists(kModel)) {
    WARN("skipped: no committed corpus or model in " << kCorpus.parent_path().string());
    return;
  }
  Scratch scratch;
  const auto examples = read_corpus(kCorpus);
  const fs::path rebuilt = scratch.dir / kModel.filename();
  train(examples, rebuilt);
  INFO(
      "rebuild with `careerbot intent train --corpus knowledge/intent/corpus --out "
      "knowledge/intent/intent-model.ftz`");
  CHECK(read_bytes(rebuilt) == read_bytes(kModel));
  // The sidecar's cross-validation figures are not recomputed here (minutes);
  // what the model was trained on and with must match.
  auto committed = nlohmann::json::parse(read_bytes(intent_model_sidecar(kModel)));
  auto fresh = nlohmann::json::parse(read_bytes(intent_model_sidecar(rebuilt)));
  CHECK(committed["examples"] == fresh["examples"]);
  CHECK(committed["fasttext"] == fresh["fasttext"]);
  CHECK(committed["temperature"].get<double>() >= 0.5);
}

TEST_CASE("the committed model's predictions are fastText's own, within rounding", "[intent]") {
  // IntentModel adds each word's rows once summed (intent_model.cpp); the
  // reference is fastText reading the same normalised line from scratch.
  auto model = IntentModel::load(kModel);
  fasttext::FastText reference;
  reference.loadModel(kModel.string());
  std::vector<std::string> texts = {"how much do nurses make",
                                    "how much do nurses mkae",
                                    "Qu'est-ce qu'un infirmier gagne? ¿Cuánto?",
                                    "zzqx blorf",
                                    "salary",
                                    "hi",
                                    "what's the outlook for welders and what do they do",
                                    "I'm a junior studying finance. Tell me about analysts."};
  for (const auto& example : read_corpus(kCorpus)) texts.push_back(example.text);
  int compared = 0;
  for (const auto& text : texts) {
    std::string line;
    for (const auto& word : split_words(text)) line += (line.empty() ? "" : " ") + word;
    IntentPrediction fast = model->predict(text);
    CHECK(model->predict_words(analyse(text)).probability == fast.probability);
    std::array<float, kIntentCount> expected{};
    std::istringstream in(line + "\n");
    std::vector<std::pair<fasttext::real, std::string>> predictions;
    reference.predictLine(in, predictions, -1, 0.0F);
    if (line.empty() || predictions.empty()) {
      CHECK(fast.best == Intent::unknown);
      continue;
    }
    // predictLine gives p + 1e-5; the model scales log(p + 1e-5) by 1/T.
    const float top = std::log(predictions.front().first);  // best first
    float sum = 0;
    for (const auto& [p, label] : predictions) {
      auto intent =
          intent_from_name(std::string_view(label).substr(std::string("__label__").size()));
      REQUIRE(intent);
      const float q = std::exp((std::log(p) - top) / model->temperature());
      expected[static_cast<std::size_t>(*intent)] += q;
      sum += q;
    }
    INFO(text);
    for (std::size_t i = 0; i < expected.size(); ++i)
      CHECK(fast.probability[i] == Approx(expected[i] / sum).margin(2e-4));
    ++compared;
  }
  CHECK(compared > 6000);
}
