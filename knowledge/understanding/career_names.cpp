#include "career_names.hpp"

#include <algorithm>

namespace careerbot {
namespace {

std::string quote(std::string_view text) {
  return "'" + std::string(text) + "'";
}

bool contains(const std::vector<int>& list, int value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// Of several careers sharing a name, the one it clearly belongs to: the only
// one with it as a title, else the only curated one; nullptr when none.
const CareerIndex::Name* decisive_name(const Snapshot& snapshot,
                                       const std::vector<const CareerIndex::Name*>& names) {
  if (names.size() == 1) return names.front();
  auto only = [&](auto&& qualifies) -> const CareerIndex::Name* {
    const CareerIndex::Name* found = nullptr;
    for (const auto* name : names) {
      if (!qualifies(name)) continue;
      if (found != nullptr && found->profile != name->profile) return nullptr;
      found = name;
    }
    return found;
  };
  if (const auto* title = only([](const CareerIndex::Name* n) { return n->is_title; }))
    return title;
  return only([&](const CareerIndex::Name* n) {
    return snapshot.kb.profiles()[static_cast<std::size_t>(n->profile)].origin == "curated";
  });
}

}  // namespace

bool likelier(const Snapshot& snapshot, int a, int b) {
  const auto& profiles = snapshot.kb.profiles();
  return prominence(profiles[static_cast<std::size_t>(a)]) >
         prominence(profiles[static_cast<std::size_t>(b)]);
}

NamedCareers name_careers(const Snapshot& snapshot, const IntentLexicon& lexicon, Reading& r) {
  NamedCareers n;
  for (const auto& m : r.matches) {
    n.corrections += m.corrections;
    const CareerIndex::Name* decisive = decisive_name(snapshot, m.names);
    // One word that many careers share and that asks something ("what about
    // the education?") is the question, not a career.
    if (decisive == nullptr && m.length == 1 && lexicon.knows_word(r.words[m.start].text)) {
      r.covered[m.start] = false;
      continue;
    }
    if (decisive == nullptr) {
      n.shared_matches.push_back(&m);
      for (const auto* name : m.names) {
        if (!contains(n.shared, name->profile)) n.shared.push_back(name->profile);
      }
      continue;
    }
    if (!contains(n.careers, decisive->profile)) n.careers.push_back(decisive->profile);
    n.named_outright = n.named_outright || decisive->is_title || m.length > 1;
    n.named = true;
    if (n.why.empty()) {
      n.why = std::string("matched ") + (decisive->is_title ? "title " : "alias ") +
              quote(decisive->text);
    }
  }
  // Beside a career named outright, a shared name ("education" is also a
  // job title) is just a word again.
  if (!n.careers.empty()) {
    for (const auto* m : n.shared_matches) {
      for (std::size_t k = m->start; k < m->start + m->length; ++k) r.covered[k] = false;
    }
    n.shared.clear();
  }
  return n;
}

std::size_t career_start(const CareerIndex& index, const Reading& r) {
  std::size_t start = r.words.size();
  for (const auto& m : r.matches) {
    if (r.covered[m.start]) start = std::min(start, m.start);
  }
  if (r.matches.empty()) {
    for (std::size_t i = 0; i < start; ++i) {
      if (index.head(r.words[i].stem) != nullptr) start = i;
    }
  }
  return start;
}

}  // namespace careerbot
