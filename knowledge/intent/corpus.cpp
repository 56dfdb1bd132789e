#include "corpus.hpp"

#include <algorithm>
#include <fstream>
#include <set>

#include "seeded_random.hpp"
#include "text.hpp"

namespace careerbot {
namespace {

constexpr std::uint64_t kCorpusSeed = 0x1CA8EE7B07ULL;
constexpr std::string_view kCareerSlot = "{career}";
constexpr std::string_view kSecondCareerSlot = "{career2}";

// A parsed line: each part is a list of options (a literal run has one).
// Slots stay in the option text as "{career}" and are filled after choosing.
using Parts = std::vector<std::vector<std::string>>;

std::string_view trim(std::string_view text) {
  const char* blanks = " \t\r\n";
  auto first = text.find_first_not_of(blanks);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

[[noreturn]] void fail(const std::string& where, std::size_t column, const std::string& what) {
  throw CorpusError(where + ": column " + std::to_string(column + 1) + ": " + what);
}

Parts parse_template(std::string_view line, const std::string& where) {
  Parts parts;
  std::string literal;
  std::vector<std::string> options;  // of the open alternation
  bool in_alternation = false;
  std::size_t opened_at = 0;
  auto current = [&]() -> std::string& { return in_alternation ? options.back() : literal; };
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == '(') {
      if (in_alternation) fail(where, i, "'(' inside an alternation (they do not nest)");
      if (!literal.empty()) parts.push_back({std::move(literal)});
      literal.clear();
      options.assign(1, "");
      in_alternation = true;
      opened_at = i;
    } else if (c == '|') {
      if (!in_alternation) fail(where, i, "'|' outside an alternation");
      options.emplace_back();
    } else if (c == ')') {
      if (!in_alternation) fail(where, i, "unbalanced parenthesis: ')' without '('");
      parts.push_back(std::move(options));
      options.clear();
      in_alternation = false;
    } else if (c == '{') {
      auto close = line.find('}', i);
      auto stop = line.find_first_of("{()|", i + 1);
      if (close == std::string_view::npos || stop < close) fail(where, i, "stray brace '{'");
      std::string_view slot = line.substr(i, close - i + 1);
      if (slot != kCareerSlot && slot != kSecondCareerSlot) {
        fail(where, i, "unknown slot " + std::string(slot) + " (slots: {career}, {career2})");
      }
      current() += slot;
      i = close;
    } else if (c == '}') {
      fail(where, i, "stray brace '}'");
    } else {
      current() += c;
    }
  }
  if (in_alternation) fail(where, opened_at, "unbalanced parenthesis: '(' is not closed");
  if (!literal.empty()) parts.push_back({std::move(literal)});
  return parts;
}

// Which option of each part, for every combination or for `limit` of them.
std::vector<std::vector<std::size_t>> choose_variants(const Parts& parts, std::size_t limit,
                                                      SeededRandom& random) {
  std::size_t combinations = 1;
  for (const auto& part : parts) {
    combinations = combinations > limit ? combinations : combinations * part.size();
  }
  std::vector<std::vector<std::size_t>> chosen;
  if (combinations <= limit) {
    std::vector<std::size_t> choice(parts.size(), 0);
    for (std::size_t n = 0; n < combinations; ++n) {
      chosen.push_back(choice);
      for (std::size_t p = parts.size(); p-- > 0;) {  // the last part turns fastest
        if (++choice[p] < parts[p].size()) break;
        choice[p] = 0;
      }
    }
    return chosen;
  }
  // More than `limit`: distinct combinations, each option drawn uniformly.
  std::set<std::vector<std::size_t>> seen;
  for (std::size_t attempt = 0; chosen.size() < limit && attempt < limit * 64; ++attempt) {
    std::vector<std::size_t> choice;
    for (const auto& part : parts) choice.push_back(random.below(part.size()));
    if (seen.insert(choice).second) chosen.push_back(std::move(choice));
  }
  return chosen;
}

void replace_all(std::string& text, std::string_view slot, const std::string& value) {
  for (auto at = text.find(slot); at != std::string::npos; at = text.find(slot, at)) {
    text.replace(at, slot.size(), value);
    at += value.size();
  }
}

bool is_plain_word(const std::string& word) {
  return word.size() >= 4 &&
         std::all_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// `text` with one letter swapped, dropped or doubled in one word of four or
// more letters that is not part of a career name; "" when there is none.
std::string with_typo(const std::string& text, const std::set<std::string>& career_words,
                      SeededRandom& random) {
  std::vector<std::string> words = split_words(text);
  std::vector<std::size_t> candidates;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (is_plain_word(words[i]) && !career_words.contains(words[i])) candidates.push_back(i);
  }
  if (candidates.empty()) return {};
  std::string& word = words[candidates[random.below(candidates.size())]];
  std::size_t at = random.below(word.size());
  switch (random.below(3)) {
    case 0:  // swap two neighbours (that differ)
      for (std::size_t k = 0; k + 1 < word.size(); ++k) {
        std::size_t i = (at + k) % (word.size() - 1);
        if (word[i] != word[i + 1]) {
          std::swap(word[i], word[i + 1]);
          break;
        }
      }
      break;
    case 1:
      word.erase(at, 1);
      break;
    default:
      word.insert(at, 1, word[at]);
      break;
  }
  std::string joined;
  for (const auto& w : words) joined += (joined.empty() ? "" : " ") + w;
  std::string typo = normalise_question(joined);
  return typo == text ? std::string() : typo;
}

std::set<std::string> words_of(const std::string& career) {
  auto words = split_words(career);
  return {words.begin(), words.end()};
}

std::vector<std::string> read_lines(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw CorpusError(file.string() + ": cannot be read");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(std::move(line));
  return lines;
}

bool is_entry(std::string_view line) {
  return !line.empty() && line.front() != '#';
}

}  // namespace

std::string normalise_question(std::string_view text) {
  std::string out;
  for (const auto& word : split_words(text)) {
    if (!out.empty()) out += ' ';
    out += word;
  }
  return out;
}

std::vector<Example> expand_line(Intent label, std::string_view line,
                                 const std::vector<std::string>& careers, const std::string& where,
                                 const CorpusOptions& options) {
  line = trim(line);
  Parts parts = parse_template(line, where);
  // Seeded by the line itself, so that editing one line changes no other.
  SeededRandom random(text_seed(line, text_seed(intent_name(label), kCorpusSeed)));
  std::vector<Example> examples;
  for (const auto& choice : choose_variants(parts, options.max_variants, random)) {
    std::string phrase;
    for (std::size_t p = 0; p < parts.size(); ++p) phrase += parts[p][choice[p]];
    std::set<std::string> career_words;
    bool first = phrase.find(kCareerSlot) != std::string::npos;
    bool second = phrase.find(kSecondCareerSlot) != std::string::npos;
    if ((first || second) && careers.empty()) {
      throw CorpusError(where + ": a career slot, but careers.txt lists no careers");
    }
    std::size_t career = random.below(careers.size());
    if (first) {
      replace_all(phrase, kCareerSlot, careers[career]);
      career_words = words_of(careers[career]);
    }
    if (second) {
      std::size_t other = career;
      for (int attempt = 0; attempt < 64 && careers[other] == careers[career]; ++attempt) {
        other = random.below(careers.size());
      }
      if (careers[other] == careers[career]) {
        throw CorpusError(where + ": {career2} needs two different careers in careers.txt");
      }
      replace_all(phrase, kSecondCareerSlot, careers[other]);
      career_words.merge(words_of(careers[other]));
    }
    std::string text = normalise_question(phrase);
    if (text.empty()) continue;
    bool add_typo = random.unit() < options.typo_share;
    std::string typo = add_typo ? with_typo(text, career_words, random) : std::string();
    examples.push_back({label, std::move(text), where});
    if (!typo.empty()) examples.push_back({label, std::move(typo), where});
  }
  return examples;
}

std::vector<Example> read_corpus(const std::filesystem::path& dir, const CorpusOptions& options) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(dir)) throw CorpusError(dir.string() + ": not a directory");
  const fs::path careers_file = dir / "careers.txt";
  if (!fs::exists(careers_file)) {
    throw CorpusError(careers_file.string() + ": missing (the career names for {career} slots)");
  }
  std::vector<std::string> careers;
  for (const auto& line : read_lines(careers_file)) {
    if (auto name = trim(line); is_entry(name)) careers.emplace_back(name);
  }

  std::vector<std::pair<Intent, fs::path>> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const fs::path& file = entry.path();
    if (!entry.is_regular_file() || file.extension() != ".txt" || file == careers_file) continue;
    auto label = intent_from_name(file.stem().string());
    if (!label) {
      throw CorpusError(file.string() + ": '" + file.stem().string() +
                        "' is not an intent; name each file <intent>.txt");
    }
    files.emplace_back(*label, file);
  }
  std::sort(files.begin(), files.end());

  std::vector<Example> examples;
  for (const auto& [label, file] : files) {
    auto lines = read_lines(file);
    for (std::size_t n = 0; n < lines.size(); ++n) {
      std::string_view line = trim(lines[n]);
      if (!is_entry(line)) continue;
      std::string where = file.filename().string() + ":" + std::to_string(n + 1);
      try {
        auto expanded = expand_line(label, line, careers, where, options);
        std::move(expanded.begin(), expanded.end(), std::back_inserter(examples));
      } catch (const CorpusError& e) {
        throw CorpusError((dir / e.what()).string());  // "dir/salary.txt:12: ..."
      }
    }
  }
  return examples;
}

}  // namespace careerbot
