#include "career_paths.hpp"

#include <algorithm>
#include <array>

#include "answer.hpp"

namespace careerbot {
namespace {

std::string money(double amount, const std::string& period) {
  return format_money(amount) + (period == "hour" ? " an hour" : " a year");
}

std::string bullets(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += "\n- " + item;
  return text;
}

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

// Pay as experience grows: the OEWS percentiles read as stages of a career.
std::string pay_ladder(const CareerProfile& p, std::vector<Fact>& facts) {
  if (!p.pay) return {};
  static constexpr std::array<const char*, 5> kStages = {
      "Starting out (10th percentile)", "Early career (25th percentile)", "Mid-career (median)",
      "Experienced (75th percentile)", "Top 10% (90th percentile)"};
  const auto& pay = *p.pay;
  std::string text = "Pay as experience grows:";
  for (std::size_t i = 0; i < pay.values.size(); ++i) {
    if (!pay.values[i]) continue;
    bool top = std::find(pay.top_coded.begin(), pay.top_coded.end(), kPercentileNames[i]) !=
               pay.top_coded.end();
    std::string value = (top ? "at least " : "") + money(*pay.values[i], pay.period);
    text += "\n- " + std::string(kStages[i]) + ": " + value;
    facts.push_back({kStages[i], value, pay.source, pay.as_of});
  }
  return text + "\n(Source: " + pay.source + ", " + pay.as_of + ".)";
}

std::string step_line(const Snapshot& s, const ProgressionStep& step) {
  const CareerProfile* next = step.career.empty() ? nullptr : s.kb.find(step.career);
  std::string line = next != nullptr ? next->title : step.title;
  if (line.empty()) return {};
  if (!step.requirement.empty()) line += ". " + step.requirement;
  if (next != nullptr && next->median_salary) {
    line += (step.requirement.empty() ? ". " : " ") + std::string("Median pay ") +
            money(next->median_salary->amount, next->median_salary->period) + ".";
  }
  return line;
}

}  // namespace

std::string progression_text(const Snapshot& s, const CareerProfile& p, std::vector<Fact>& facts) {
  std::string text = "Career progression for " + p.plural() + ":";
  std::string ladder = pay_ladder(p, facts);
  if (!ladder.empty()) text += "\n\n" + ladder;
  std::vector<std::string> steps;
  for (const auto& step : p.progression) {
    std::string line = step_line(s, step);
    if (!line.empty()) steps.push_back(std::move(line));
  }
  if (!steps.empty()) {
    text += "\n\nWhere it can lead:";
    for (std::size_t i = 0; i < steps.size(); ++i)
      text += "\n" + std::to_string(i + 1) + ". " + steps[i];
  }
  if (ladder.empty() && steps.empty()) {
    return "I don't have a career ladder for " + p.plural() +
           " yet. Ask about similar careers or how to get started.";
  }
  return text;
}

std::string courses_text(const CareerProfile& p, std::vector<Fact>& facts) {
  std::string text = "What to study for " + p.plural() + ":";
  bool any = false;
  if (p.study) {
    const auto& study = *p.study;
    if (!study.fields.empty()) text += "\n\nFields of study: " + joined(study.fields) + ".";
    if (!study.courses.empty()) text += "\n\nCourse topics:" + bullets(study.courses);
    if (!study.certifications.empty())
      text += "\n\nCertifications:" + bullets(study.certifications);
    any = !study.fields.empty() || !study.courses.empty() || !study.certifications.empty();
  }
  if (!p.skills.empty()) {
    text += "\n\nSkills and technologies to learn:" + bullets(p.skills);
    any = true;
  }
  if (p.education) {
    const auto& e = *p.education;
    std::string value = e.level;
    if (e.share_percent) value += " (" + format_percent(*e.share_percent, false) + " of workers)";
    text += "\n\nUsual education: " + value + ". (Source: " + e.source + ", " + e.as_of + ".)";
    facts.push_back({"Usual education", value, e.source, e.as_of});
    any = true;
  }
  if (!any) return "I don't have study advice for " + p.plural() + " yet.";
  return text;
}

}  // namespace careerbot
