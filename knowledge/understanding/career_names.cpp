#include "career_names.hpp"

#include <algorithm>

#include "support.hpp"

namespace careerbot {
namespace {

// Of several careers sharing a name, the one it clearly belongs to, or
// nullptr: the only one with it as a title, else the only curated one, else
// the only one whose title has all its words ("mail carrier": Postal Service
// Mail Carriers, not Couriers; "roustabout": Roustabouts, Oil and Gas). A name
// of several words also belongs to the only one whose people report it among
// their titles ("ultrasound tech": Diagnostic Medical Sonographers; it is only
// listed for radiologic technologists); else to the only one whose names
// use its words clearly most.
const CareerIndex::Name* decisive_name(const Snapshot& snapshot, const IntentLexicon& lexicon,
                                       const Reading& r, const NameMatch& m) {
  const auto& names = m.names;
  if (names.size() == 1) return names.front();
  auto only = [&](auto&& qualifies) { return only_career_named(names, qualifies); };
  if (const auto* title = only([](const CareerIndex::Name* n) { return n->is_title; }))
    return title;
  if (const auto* curated = only([&](const CareerIndex::Name* n) {
        return snapshot.kb.profiles()[static_cast<std::size_t>(n->profile)].origin == "curated";
      }))
    return curated;
  // A cue's word ("training") is the question before it is anyone's name.
  if (m.length == 1 && lexicon.knows_word(r.words[m.start].text)) return nullptr;
  auto echoes_title = [&](const CareerIndex::Name* n) {
    for (std::size_t k = m.start; k < m.start + m.length; ++k) {
      if (!snapshot.index.title_has_stem(n->profile, r.words[k].stem)) return false;
    }
    return true;
  };
  if (const auto* echo = only(echoes_title)) return echo;
  // A name an occupation shares only with its own specialisations ("land
  // surveyor": Surveyors 17-1022.00 and Geodetic Surveyors .01) is the
  // occupation's.
  auto soc = [&](const CareerIndex::Name* n) -> const std::string& {
    return snapshot.kb.profiles()[static_cast<std::size_t>(n->profile)].soc_code;
  };
  if (const auto* parent =
          only([&](const CareerIndex::Name* n) { return soc(n).ends_with(".00"); });
      parent != nullptr && soc(parent).size() > 7) {
    const std::string family = soc(parent).substr(0, 7);
    if (std::all_of(names.begin(), names.end(),
                    [&](const CareerIndex::Name* n) { return soc(n).starts_with(family); }))
      return parent;
  }
  // A one-word name is too loose to go by reports alone ("lineman" is
  // reported by telecom line installers, but power linemen are meant as often).
  if (m.length < 2) return nullptr;
  const bool any_echo = std::any_of(names.begin(), names.end(), echoes_title);
  if (const auto* reported = only([&](const CareerIndex::Name* n) {
        return n->principal && (!any_echo || echoes_title(n));
      }))
    return reported;
  // Else the career whose names use the name's words clearly most, if it is
  // also the likeliest ("forklift operator": industrial truck operators
  // have five forklift names, mining machine operators two, construction
  // equipment one; but "teaching assistant" is not the postsecondary TAs',
  // with more such names, over the far larger school TAs').
  std::vector<std::string> stems;
  for (std::size_t k = m.start; k < m.start + m.length; ++k) stems.push_back(r.words[k].stem);
  std::vector<std::pair<int, double>> ranked;
  for (const auto& hit : snapshot.index.by_words(stems)) {
    if (std::any_of(names.begin(), names.end(),
                    [&](const CareerIndex::Name* n) { return n->profile == hit.first; }))
      ranked.push_back(hit);
  }
  constexpr double kClearLead = 1.3;
  if (ranked.size() < 2 || ranked[0].second < kClearLead * ranked[1].second) return nullptr;
  const int winner = ranked[0].first;
  if (std::any_of(ranked.begin() + 1, ranked.end(),
                  [&](const auto& other) { return likelier(snapshot, other.first, winner); }))
    return nullptr;
  return *std::find_if(names.begin(), names.end(),
                       [&](const CareerIndex::Name* n) { return n->profile == ranked[0].first; });
}

const CareerProfile& profile_at(const Snapshot& snapshot, int p) {
  return snapshot.kb.profiles()[static_cast<std::size_t>(p)];
}

long long employment_of(const Snapshot& snapshot, int p) {
  return snapshot.kb.prominence_at(p).second;
}

// "Helpers--Electricians", "First-Line Supervisors of ...": a job around the
// occupation, not the occupation.
bool is_derivative(const CareerProfile& p) {
  return p.title.starts_with("Helpers") || p.title.starts_with("First-Line Supervisors") ||
         p.title.find("Apprentice") != std::string::npos;
}

// Careers whose names have every one of `stems`.
int only_career_with(const CareerIndex& index, const std::vector<int>& careers,
                     const std::vector<std::string>& stems) {
  int found = -1;
  for (int p : careers) {
    bool all = std::all_of(stems.begin(), stems.end(),
                           [&](const std::string& s) { return index.name_has_stem(p, s); });
    if (!all) continue;
    if (found >= 0) return -1;
    found = p;
  }
  return found;
}

// Words just before a one-word name that tell its careers apart: "licensed
// practical" nurse, "psychiatric" nurse. Not filler, not question words.
std::vector<std::string> distinguishing_words(const IntentLexicon& lexicon, const Reading& r,
                                              std::size_t at) {
  std::vector<std::string> stems;
  for (std::size_t i = at; i > 0 && stems.size() < 3; --i) {
    const Word& w = r.words[i - 1];
    if (r.covered[i - 1] || is_stop_word(w.text) || lexicon.knows_word(w.text)) break;
    stems.push_back(w.stem);
  }
  return stems;
}

// "animator" and "animators", "company" and "companies".
bool same_or_plural(std::string_view a, std::string_view b) {
  if (a.size() > b.size()) std::swap(a, b);
  if (a == b) return true;
  if (b.starts_with(a)) return b.substr(a.size()) == "s" || b.substr(a.size()) == "es";
  return a.ends_with('y') && b.size() == a.size() + 2 && b.starts_with(a.substr(0, a.size() - 1)) &&
         b.ends_with("ies");
}

}  // namespace

std::vector<int> titled_as_written(const Snapshot& snapshot, const std::vector<int>& careers,
                                   std::string_view word) {
  std::vector<int> titled;
  for (int p : careers) {
    const auto& words = snapshot.index.title_words(p);
    if (std::any_of(words.begin(), words.end(),
                    [&](const auto& w) { return same_or_plural(w, word); }))
      titled.push_back(p);
  }
  return titled.empty() ? careers : titled;
}

std::vector<int> main_readings(const Snapshot& snapshot, const std::vector<int>& careers) {
  std::vector<int> readings;
  for (int p : careers) {
    const auto& profile = profile_at(snapshot, p);
    if (snapshot.kb.prominence_at(p).first == 0 || is_derivative(profile)) continue;
    if (!contains(readings, p)) readings.push_back(p);
  }
  std::stable_sort(readings.begin(), readings.end(), [&](int a, int b) {
    return employment_of(snapshot, a) > employment_of(snapshot, b);
  });
  return readings;
}

int dominant_reading(const Snapshot& snapshot, const std::vector<int>& readings) {
  // A reading employing under a tenth of the largest is no rival; with more
  // than three rivals the word names a kind ("manager"); the largest must
  // employ five times as many as the next (inspectors: 4 times, comparable).
  constexpr std::size_t kMaxRivals = 3;
  if (readings.empty()) return -1;
  const long long first = employment_of(snapshot, readings.front());
  if (readings.size() == 1) return readings.front();
  const auto rivals =
      static_cast<std::size_t>(std::count_if(readings.begin(), readings.end(), [&](int p) {
        return 10 * employment_of(snapshot, p) >= first;
      }));
  const long long second = employment_of(snapshot, readings[1]);
  if (first <= 0 || rivals > kMaxRivals) return -1;
  constexpr long long kDominance = 5;  // registered nurses employ 5.2 times as many as LPNs
  return first >= kDominance * second ? readings.front() : -1;
}

bool likelier(const Snapshot& snapshot, int a, int b) {
  return snapshot.kb.prominence_at(a) > snapshot.kb.prominence_at(b);
}

NamedCareers name_careers(const Snapshot& snapshot, const IntentLexicon& lexicon, Reading& r) {
  NamedCareers n;
  // Beside a name written as it is ("... to be a pharmacist"), a one-word
  // name reached only by a spelling fix ("how much do they actualy make":
  // "actuary") is likelier a fix gone wrong than a second career.
  const bool written_name = std::any_of(r.matches.begin(), r.matches.end(),
                                        [](const NameMatch& m) { return m.corrections == 0; });
  for (const auto& m : r.matches) {
    if (written_name && m.length == 1 && m.corrections > 0) {
      r.covered[m.start] = false;
      continue;
    }
    // "job security": a word that a cue spells across is the question.
    if (m.length == 1 && lexicon.cue_across(r.words, m.start)) {
      r.covered[m.start] = false;
      continue;
    }
    n.corrections += m.corrections;
    const CareerIndex::Name* decisive = decisive_name(snapshot, lexicon, r, m);
    if (m.length == 1 && decisive != nullptr && !decisive->is_title &&
        profile_at(snapshot, decisive->profile).origin != "curated") {
      // A loose one-word alias ("winder" from a misspelt "wonder", "supervisor"
      // of some "All Other" group) names nothing by itself.
      if (m.corrections > 0) {
        r.covered[m.start] = false;
        continue;
      }
      if (snapshot.kb.prominence_at(decisive->profile).first == 0) decisive = nullptr;
    }
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
    int career = decisive->profile;
    std::size_t start = m.start;
    if (m.length == 1) {
      const std::string& stem = r.words[m.start].stem;
      const auto* kind = snapshot.index.title_head(stem);
      const std::vector<int> kinds = kind != nullptr
                                         ? titled_as_written(snapshot, *kind, r.words[m.start].text)
                                         : std::vector<int>{};
      std::vector<int> alike = kinds;
      if (const auto* heads = snapshot.index.head(stem))
        alike.insert(alike.end(), heads->begin(), heads->end());
      // "licensed practical nurse": the words before the name decide.
      auto words = distinguishing_words(lexicon, r, m.start);
      int distinguished = words.empty() ? -1 : only_career_with(snapshot.index, alike, words);
      if (distinguished >= 0) {
        career = distinguished;
        start = m.start - words.size();
        for (std::size_t k = start; k < m.start; ++k) r.covered[k] = true;
      } else if (kind != nullptr) {
        // "developer", "architect": a kind of career as much as a name.
        std::vector<int> readings = kinds;
        readings.push_back(decisive->profile);
        readings = main_readings(snapshot, readings);
        if (readings.size() >= 2) {
          int meant = dominant_reading(snapshot, readings);
          // "editors" is the title of Editors, the largest reading: it is meant.
          if (meant < 0 && decisive->is_title && readings.front() == decisive->profile)
            meant = decisive->profile;
          if (meant < 0) {
            n.shared_matches.push_back(&m);
            for (int p : readings) {
              if (!contains(n.shared, p)) n.shared.push_back(p);
            }
            continue;
          }
          career = meant;
          for (int p : readings) {
            if (p != meant && n.also_meant.size() < 2) n.also_meant.push_back(p);
          }
        }
      }
    }
    if (!contains(n.careers, career)) {
      n.careers.push_back(career);
      n.spans.emplace_back(start, m.start + m.length);
    }
    if (decisive->is_title && !contains(n.titled, career)) n.titled.push_back(career);
    // "my plumber never showed up": someone the person deals with, not a
    // career named to ask about.
    const bool someones =
        m.start > 0 && (r.words[m.start - 1].text == "my" || r.words[m.start - 1].text == "our");
    n.named_outright = n.named_outright || (!someones && (decisive->is_title || m.length > 1));
    n.named = true;
    // (A one-word name reached through a spelling fix, "actualy", or a
    // field of work read as its worker, "grading", may be a reading gone
    // wrong.)
    const bool field_read = r.field_of_work && r.field_of_work->first == m.start;
    n.named_loosely = n.named_loosely && m.length == 1 && (m.corrections > 0 || field_read);
    if (n.why.empty()) {
      n.why = std::string("matched ") + (decisive->is_title ? "title " : "alias ") +
              quote(decisive->text);
      if (career != decisive->profile)
        n.why += ", read as " + quote(profile_at(snapshot, career).title);
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
