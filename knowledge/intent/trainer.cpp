#include "trainer.hpp"

#include <stdlib.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>

#include <fasttext/fasttext.h>
#include <nlohmann/json.hpp>

#include "intent_model.hpp"
#include "seeded_random.hpp"

namespace careerbot {
namespace {

namespace fs = std::filesystem;

// fastText's training input and the fold models live here, and go with it.
class ScratchDir {
 public:
  ScratchDir() {
    std::string name = (fs::temp_directory_path() / "careerbot-intent-XXXXXX").string();
    if (::mkdtemp(name.data()) == nullptr)
      throw std::runtime_error("cannot make a scratch directory in " +
                               fs::temp_directory_path().string());
    dir_ = name;
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const fs::path& path() const { return dir_; }

 private:
  fs::path dir_;
};

template <typename T>
void shuffle(std::vector<T>& items, SeededRandom& random) {
  for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[random.below(i)]);
}

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument(what);
}

// fastText exit()s or misbehaves on some inputs it does not expect: check first.
void validate(const std::vector<Example>& examples, const std::vector<std::size_t>& pick,
              const TrainOptions& o) {
  require(!pick.empty(), "no training examples");
  std::set<Intent> labels;
  for (std::size_t i : pick) {
    const Example& e = examples[i];
    require(!e.text.empty() && e.text == normalise_question(e.text),
            "example '" + e.text + "' (" + e.origin + ") is empty or not normalised");
    labels.insert(e.label);
  }
  require(labels.size() >= 2, "the examples need at least two intents");
  require(o.dim >= 1 && o.dim <= 300, "dim must be 1-300");
  require(o.epoch >= 1 && o.epoch <= 1000 && o.retrain_epoch >= 1 && o.retrain_epoch <= 1000,
          "epoch and retrain_epoch must be 1-1000");
  require(o.lr > 0 && o.lr <= 10, "lr must be in (0, 10]");
  require(o.word_ngrams >= 1 && o.word_ngrams <= 5, "word_ngrams must be 1-5");
  require(o.maxn == 0 || (o.minn >= 1 && o.minn <= o.maxn && o.maxn <= 10),
          "subwords need 1 <= minn <= maxn <= 10 (or maxn 0)");
  require(o.bucket >= 1000 && o.bucket <= 10000000, "bucket must be 1000-10000000");
  require(!o.quantize || (o.cutoff >= 256 && o.dsub >= 1 && o.dsub <= o.dim),
          "quantisation needs cutoff >= 256 and 1 <= dsub <= dim");
}

std::vector<std::size_t> all_of(const std::vector<Example>& examples) {
  std::vector<std::size_t> pick(examples.size());
  for (std::size_t i = 0; i < pick.size(); ++i) pick[i] = i;
  return pick;
}

fasttext::Args fasttext_args(const TrainOptions& o, const fs::path& input) {
  fasttext::Args args;
  args.input = input.string();
  args.model = fasttext::model_name::sup;
  args.loss = fasttext::loss_name::softmax;
  args.minCount = 1;
  args.dim = o.dim;
  args.epoch = o.epoch;
  args.lr = o.lr;
  args.wordNgrams = o.word_ngrams;
  args.minn = o.minn;
  args.maxn = o.maxn;
  args.bucket = o.bucket;
  args.thread = 1;  // one thread, so that the model is the same on every run
  args.seed = o.seed;
  args.verbose = 0;
  args.cutoff = o.cutoff;
  args.retrain = o.retrain;
  args.qnorm = o.qnorm;
  args.dsub = static_cast<std::size_t>(o.dsub);
  return args;
}

// Trains on examples[pick] and saves the fastText model (no sidecar).
void train_fasttext(const std::vector<Example>& examples, std::vector<std::size_t> pick,
                    const TrainOptions& options, const fs::path& scratch, const fs::path& out) {
  validate(examples, pick, options);
  // fastText reads its input in order: shuffled, so no intent comes last.
  SeededRandom random(text_seed("training order", static_cast<std::uint64_t>(options.seed)));
  shuffle(pick, random);
  const fs::path input = scratch / "train.txt";
  {
    std::ofstream file(input, std::ios::binary | std::ios::trunc);
    for (std::size_t i : pick) {
      file << "__label__" << intent_name(examples[i].label) << ' ' << examples[i].text << '\n';
    }
    if (!file.flush()) throw std::runtime_error("cannot write " + input.string());
  }
  try {
    fasttext::FastText model;
    fasttext::Args args = fasttext_args(options, input);
    model.train(args);
    if (options.quantize) {
      args.epoch = options.retrain_epoch;  // retraining reads `input` again
      model.quantize(args);
    }
    model.saveModel(out.string());
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("fastText: ") + e.what());
  }
  std::error_code ignored;
  fs::remove(input, ignored);
}

double rounded(double value) {
  return std::round(value * 10000) / 10000;
}

void write_sidecar(const fs::path& model_file, std::size_t examples, const TrainOptions& o,
                   const CrossValidation* cv) {
  using nlohmann::json;
  json doc = {{"format", "careerbot-intent-model"},
              {"model", model_file.filename().string()},
              {"temperature", cv != nullptr ? cv->temperature : 1.0},
              {"examples", examples},
              {"fasttext",
               {{"loss", "softmax"},
                {"dim", o.dim},
                {"epoch", o.epoch},
                {"lr", o.lr},
                {"wordNgrams", o.word_ngrams},
                {"minn", o.minn},
                {"maxn", o.maxn},
                {"bucket", o.bucket},
                {"seed", o.seed},
                {"thread", 1},
                {"quantize", o.quantize ? json{{"cutoff", o.cutoff},
                                               {"retrain", o.retrain},
                                               {"retrain_epoch", o.retrain_epoch},
                                               {"qnorm", o.qnorm},
                                               {"dsub", o.dsub}}
                                        : json(nullptr)}}},
              {"cross_validation", nullptr}};
  if (cv != nullptr) {
    json by_intent = json::object();
    for (int i = 0; i < kIntentCount; ++i) {
      const IntentScore& s = cv->by_intent[static_cast<std::size_t>(i)];
      if (s.total > 0)
        by_intent[std::string(intent_name(static_cast<Intent>(i)))] = rounded(s.accuracy());
    }
    doc["cross_validation"] = {{"folds", cv->folds},
                               {"accuracy", rounded(cv->overall.accuracy())},
                               {"log_loss", rounded(cv->log_loss)},
                               {"log_loss_at_1", rounded(cv->log_loss_at_1)},
                               {"by_intent", by_intent}};
  }
  const fs::path sidecar = intent_model_sidecar(model_file);
  std::ofstream out(sidecar, std::ios::binary | std::ios::trunc);
  out << doc.dump(2) << "\n";
  if (!out.flush()) throw std::runtime_error("cannot write " + sidecar.string());
}

// Every variant of one corpus line goes to the same fold; each intent's lines
// are spread over the folds in a seeded order.
std::vector<int> assign_folds(const std::vector<Example>& examples, int folds, int seed) {
  std::map<std::string, std::size_t> group_of_origin;
  std::vector<std::size_t> group_of_example;
  std::array<std::vector<std::size_t>, kIntentCount> groups_by_intent;
  for (const auto& e : examples) {
    auto [it, added] = group_of_origin.emplace(e.origin, group_of_origin.size());
    if (added) groups_by_intent[static_cast<std::size_t>(e.label)].push_back(it->second);
    group_of_example.push_back(it->second);
  }
  std::vector<int> fold_of_group(group_of_origin.size());
  SeededRandom random(text_seed("folds", static_cast<std::uint64_t>(seed)));
  std::size_t next = 0;
  for (auto& groups : groups_by_intent) {
    shuffle(groups, random);
    for (std::size_t g : groups)
      fold_of_group[g] = static_cast<int>(next++ % static_cast<std::size_t>(folds));
  }
  std::vector<int> fold_of_example;
  fold_of_example.reserve(group_of_example.size());
  for (std::size_t g : group_of_example) fold_of_example.push_back(fold_of_group[g]);
  return fold_of_example;
}

// Mean negative log-likelihood of the expected intents at temperature T,
// from the T = 1 probabilities: p_i(T) is proportional to p_i^(1/T).
double log_loss(const std::vector<std::array<float, kIntentCount>>& probabilities,
                const std::vector<Intent>& expected, double temperature) {
  double total = 0;
  for (std::size_t n = 0; n < probabilities.size(); ++n) {
    double top = -1e300;
    std::array<double, kIntentCount> scaled{};
    for (std::size_t i = 0; i < kIntentCount; ++i) {
      float p = probabilities[n][i];
      scaled[i] = p > 0 ? std::log(static_cast<double>(p)) / temperature : -1e300;
      top = std::max(top, scaled[i]);
    }
    double sum = 0;
    for (double s : scaled) sum += s > -1e299 ? std::exp(s - top) : 0;
    double truth = scaled[static_cast<std::size_t>(expected[n])];
    total += truth > -1e299 ? -(truth - top - std::log(sum)) : -std::log(1e-12);
  }
  return probabilities.empty() ? 0 : total / static_cast<double>(probabilities.size());
}

}  // namespace

CrossValidation cross_validate(const std::vector<Example>& examples, int folds,
                               const TrainOptions& options) {
  if (folds < 2) throw std::invalid_argument("cross-validation needs at least 2 folds");
  validate(examples, all_of(examples), options);
  const std::vector<int> fold_of = assign_folds(examples, folds, options.seed);
  ScratchDir scratch;
  const fs::path model_file = scratch.path() / "fold.ftz";
  CrossValidation cv;
  cv.folds = folds;
  std::vector<std::array<float, kIntentCount>> held_out;
  std::vector<Intent> expected;
  for (int fold = 0; fold < folds; ++fold) {
    std::vector<std::size_t> train_on;
    std::vector<std::size_t> test_on;
    for (std::size_t i = 0; i < examples.size(); ++i) {
      (fold_of[i] == fold ? test_on : train_on).push_back(i);
    }
    if (test_on.empty()) continue;
    train_fasttext(examples, train_on, options, scratch.path(), model_file);
    write_sidecar(model_file, train_on.size(), options, nullptr);
    auto model = IntentModel::load(model_file);
    for (std::size_t i : test_on) {
      IntentPrediction p = model->predict(examples[i].text);
      auto want = static_cast<std::size_t>(examples[i].label);
      bool right = p.best == examples[i].label;
      cv.overall.total++;
      cv.overall.correct += right ? 1 : 0;
      cv.by_intent[want].total++;
      cv.by_intent[want].correct += right ? 1 : 0;
      cv.confusion[want][static_cast<std::size_t>(p.best)]++;
      held_out.push_back(p.probability);
      expected.push_back(examples[i].label);
    }
  }
  // The temperature: a grid from 0.5 to 5 in steps of 0.1.
  cv.log_loss_at_1 = log_loss(held_out, expected, 1.0);
  cv.temperature = 1.0;
  cv.log_loss = cv.log_loss_at_1;
  for (int step = 5; step <= 50; ++step) {
    double t = step / 10.0;
    double loss = log_loss(held_out, expected, t);
    if (loss < cv.log_loss - 1e-12) {
      cv.log_loss = loss;
      cv.temperature = t;
    }
  }
  return cv;
}

TrainedModel train(const std::vector<Example>& examples, const fs::path& file,
                   const TrainOptions& options, const CrossValidation* calibration) {
  ScratchDir scratch;
  if (file.has_parent_path()) fs::create_directories(file.parent_path());
  train_fasttext(examples, all_of(examples), options, scratch.path(), file);
  write_sidecar(file, examples.size(), options, calibration);
  return {file, fs::file_size(file), examples.size()};
}

}  // namespace careerbot
