// The intent corpus: example questions per intent, written as templates in
// knowledge/intent/corpus/ and expanded into labelled training examples.
//
// One file per intent, `<intent>.txt`, plus `careers.txt` (career names, one
// a line). `#` lines and blank lines are skipped. A line is a question with
//   (a|b|)      alternations (no nesting; an empty option is allowed)
//   {career}    a career name from careers.txt
//   {career2}   another career name, different from {career}
// and expands to every combination of its alternations, or to 12 of them,
// picked reproducibly, when there are more. Each phrase gets its own career.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "intent.hpp"

namespace careerbot {

struct Example {
  Intent label = Intent::unknown;
  std::string text;    // normalised: split_words joined by single spaces
  std::string origin;  // "salary.txt:12", the corpus line it was expanded from
};

// A mistake in the corpus; the message starts with "file:line: ".
class CorpusError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CorpusOptions {
  std::size_t max_variants = 12;  // expansions kept per line
  double typo_share = 0.15;       // examples that also get a copy with one typo
};

// Expands one template line (no comment handling). Careers fill the slots.
// `where` ("salary.txt:12") prefixes errors and becomes each example's origin.
std::vector<Example> expand_line(Intent label, std::string_view line,
                                 const std::vector<std::string>& careers, const std::string& where,
                                 const CorpusOptions& options = {});

// Reads every `<intent>.txt` and `careers.txt` in `dir`. The result is the
// same, in the same order, on every run and machine. Throws CorpusError.
std::vector<Example> read_corpus(const std::filesystem::path& dir,
                                 const CorpusOptions& options = {});

// The words of `text` as the model sees them: split_words joined by spaces.
std::string normalise_question(std::string_view text);

}  // namespace careerbot
