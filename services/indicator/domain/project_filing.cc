#include "services/indicator/domain/project_filing.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/base/status_macros.h"
#include "libs/money/decimal.h"
#include "libs/validate/validate.h"
#include "services/indicator/domain/monitoring.h"

namespace jixiao::indicator {
namespace {

// As the targets: at most 200 indicators a project, values to 4 decimals.
constexpr int kMaxActuals = 200;
constexpr int kValueDecimals = 4;
constexpr int64_t kMaxValue = int64_t{1'000'000'000'000} * 10'000;
// Points and percents: hundredths, from 0 to 100.
constexpr int kPointDecimals = 2;
constexpr int64_t kHundred = 10'000;  // 100.00 in hundredths
constexpr int kMaxSummary = 2000;
constexpr int kMaxReason = 1000;
constexpr int kMaxNote = 500;
constexpr int kMaxSchemeId = 40;

std::string ActualAt(int i) { return absl::StrCat("filing.actuals[", i, "]"); }

// A decimal in hundredths from 0 to 100 ("92.5", "10").
absl::StatusOr<int64_t> ParsePoints(const std::string& field,
                                    const std::string& text,
                                    absl::string_view what) {
  auto parsed = money::ParseDecimal(text, kPointDecimals, kHundred);
  if (!parsed.ok() || *parsed < 0) {
    return validate::Invalid(
        field, absl::StrCat("\"", text, "\" is not ", what,
                            ": a decimal from 0 to 100 with at most 2 "
                            "decimals"));
  }
  return *parsed;
}

// The band of the weight a 定性 level scores in, in hundredths of a percent:
// [low, high] both included (80–100, 60–79.99, 0–59.99).
struct Band {
  int64_t low;
  int64_t high;
  absl::string_view words;
};
std::optional<Band> BandOf(pb::Achievement achievement) {
  switch (achievement) {
    case pb::ACHIEVED:
      return Band{8000, 10000, "80 to 100 (80 included)"};
    case pb::PARTLY_ACHIEVED:
      return Band{6000, 7999, "60 to 80 (60 included, 80 not)"};
    case pb::NOT_ACHIEVED:
      return Band{0, 5999, "0 to 60 (60 not included)"};
    default:
      return std::nullopt;
  }
}

// The 一级 a weight counts towards: 成本指标 is weighed with 产出指标 (财预
// 〔2021〕101号 made it a 一级, the 2020 form's weights put it under 产出).
std::string WeightGroup(const std::string& level1) {
  return level1 == "成本指标" ? "产出指标" : level1;
}

// Whether a ≥ ≤ = target is missed by `actual`; nullopt when either is not
// a decimal.
std::optional<bool> Misses(const pb::TargetIndicator& target,
                           const std::string& actual) {
  const auto value = money::ParseDecimal(actual, kValueDecimals, kMaxValue);
  const auto wanted =
      money::ParseDecimal(target.value(), kValueDecimals, kMaxValue);
  if (!value.ok() || !wanted.ok()) return std::nullopt;
  switch (target.comparator()) {
    case pb::AT_LEAST:
      return *value < *wanted;
    case pb::AT_MOST:
      return *value > *wanted;
    case pb::EQUAL:
      return *value != *wanted;
    default:
      return std::nullopt;
  }
}

absl::Status ValidateActualShape(int i, const pb::ActualValue& a) {
  const std::string at = ActualAt(i);
  JIXIAO_RETURN_IF_ERROR(
      validate::ValidateText(at + ".indicator_id", a.indicator_id(), 40, true));
  if (a.has_value()) {
    JIXIAO_RETURN_IF_ERROR(
        validate::ValidateText(at + ".value", a.value(), 100, true));
    if (!money::ParseDecimal(a.value(), kValueDecimals, kMaxValue).ok()) {
      return validate::Invalid(
          at + ".value",
          absl::StrCat("\"", a.value(), "\" is not a decimal (at most ",
                       kValueDecimals, " decimals, in the target's unit)"));
    }
  }
  if (!pb::Achievement_IsValid(a.achievement())) {
    return validate::Invalid(at + ".achievement",
                             "ACHIEVED (达成年度指标), PARTLY_ACHIEVED "
                             "(部分达成并具有一定效果) or NOT_ACHIEVED "
                             "(未达成且效果较差)");
  }
  if (a.has_percent_of_weight()) {
    JIXIAO_ASSIGN_OR_RETURN(
        auto percent,
        ParsePoints(at + ".percent_of_weight", a.percent_of_weight(),
                    "a percent of the weight"));
    const std::optional<Band> band = BandOf(a.achievement());
    if (band.has_value() && (percent < band->low || percent > band->high)) {
      return validate::Invalid(
          at + ".percent_of_weight",
          absl::StrCat(a.percent_of_weight(), "% is outside the band of ",
                       AchievementName(a.achievement()), ": ", band->words,
                       " percent of the weight"));
    }
  }
  if (a.has_weight()) {
    JIXIAO_RETURN_IF_ERROR(
        ParsePoints(at + ".weight", a.weight(), "a weight in points").status());
  }
  JIXIAO_RETURN_IF_ERROR(validate::ValidateText(
      at + ".deviation_reason", a.deviation_reason(), kMaxReason, false));
  JIXIAO_RETURN_IF_ERROR(validate::ValidateText(
      at + ".improvement", a.improvement(), kMaxReason, false));
  return validate::ValidateText(at + ".evidence_note", a.evidence_note(),
                                kMaxNote, false);
}

}  // namespace

absl::Status ValidateProjectKey(absl::string_view prefix,
                                const pb::ProjectKey& key) {
  JIXIAO_RETURN_IF_ERROR(validate::ValidateDepartmentYearKey(
      prefix, key.region_code(), key.department_code(), key.year()));
  return validate::ValidateDepartmentCode(absl::StrCat(prefix, "project_code"),
                                          key.project_code());
}

pb::ProjectFiling FiledContent(const pb::ProjectFiling& sent) {
  pb::ProjectFiling content = sent;
  content.clear_status();
  content.clear_version();
  content.clear_targets_version();
  content.clear_return_reason();
  content.clear_changed_by();
  content.clear_changed_at();
  return content;
}

absl::Status ValidateFilingShape(const pb::ProjectFiling& filing) {
  JIXIAO_RETURN_IF_ERROR(ValidateProjectKey("filing.key.", filing.key()));
  JIXIAO_RETURN_IF_ERROR(validate::ValidateText("filing.achieved_summary",
                                                filing.achieved_summary(),
                                                kMaxSummary, false));
  if (filing.actuals_size() > kMaxActuals) {
    return validate::Invalid(
        "filing.actuals",
        absl::StrCat("at most ", kMaxActuals, " (one per indicator)"));
  }
  for (int i = 0; i < filing.actuals_size(); ++i) {
    JIXIAO_RETURN_IF_ERROR(ValidateActualShape(i, filing.actuals(i)));
  }
  if (filing.has_self_score()) {
    JIXIAO_RETURN_IF_ERROR(ParsePoints("filing.self_score", filing.self_score(),
                                       "a score in points")
                               .status());
  }
  if (!filing.scheme_id().empty()) {  // empty: the default scheme
    const std::string& id = filing.scheme_id();
    bool shaped = id.size() <= kMaxSchemeId;
    for (const char c : id) {
      shaped = shaped &&
               ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
    }
    if (!shaped) {
      return validate::Invalid(
          "filing.scheme_id",
          absl::StrCat("1 to ", kMaxSchemeId,
                       " of a-z, 0-9 and _ (\"cz2020_10\"; the evaluation "
                       "service's ListProjectSchemes names them)"));
    }
  }
  return absl::OkStatus();
}

const pb::ProjectTarget* FindProject(const pb::TargetSet& in_force,
                                     absl::string_view project_code) {
  for (const pb::ProjectTarget& p : in_force.projects()) {
    if (p.project_code() == project_code) return &p;
  }
  return nullptr;
}

absl::Status CheckAgainstTargets(const pb::ProjectFiling& filing,
                                 const pb::ProjectTarget& project) {
  std::map<std::string, const pb::TargetIndicator*> by_id;
  for (const pb::TargetIndicator& i : project.indicators()) by_id[i.id()] = &i;
  std::set<std::string> seen;
  // Per 一级: its indicators, and which filed actuals give a weight.
  struct Group {
    std::vector<std::string> indicators;
    std::vector<int> weighted, unweighted;  // actual indices
  };
  std::map<std::string, Group> groups;
  for (const pb::TargetIndicator& i : project.indicators()) {
    groups[WeightGroup(i.level1())].indicators.push_back(i.id());
  }
  for (int i = 0; i < filing.actuals_size(); ++i) {
    const pb::ActualValue& a = filing.actuals(i);
    const std::string at = ActualAt(i);
    const auto found = by_id.find(a.indicator_id());
    if (found == by_id.end()) {
      return validate::Invalid(
          at + ".indicator_id",
          absl::StrCat("\"", a.indicator_id(), "\" is not an indicator of ",
                       project.project_code(), " in the approved targets"));
    }
    if (!seen.insert(a.indicator_id()).second) {
      return validate::Invalid(
          at + ".indicator_id",
          absl::StrCat("\"", a.indicator_id(), "\" is filed twice"));
    }
    const pb::TargetIndicator& target = *found->second;
    const std::string target_words =
        absl::StrCat(target.name(), " ", ComparatorSign(target.comparator()),
                     " ", target.value(), target.unit());
    bool missed = false;
    if (target.comparator() == pb::QUALITATIVE) {
      if (a.has_value()) {
        return validate::Invalid(
            at + ".value", absl::StrCat("\"", target.name(),
                                        "\" is 定性: it takes achievement and "
                                        "percent_of_weight, not a value"));
      }
      if (a.achievement() == pb::ACHIEVEMENT_UNSPECIFIED) {
        return validate::Invalid(at + ".achievement",
                                 absl::StrCat("\"", target.name(),
                                              "\" is 定性: ACHIEVED (达成), "
                                              "PARTLY_ACHIEVED (部分达成) or "
                                              "NOT_ACHIEVED (未达成)"));
      }
      if (!a.has_percent_of_weight()) {
        return validate::Invalid(
            at + ".percent_of_weight",
            absl::StrCat("\"", target.name(),
                         "\" is 定性: the percent of its weight within the "
                         "level's band is required"));
      }
      missed = a.achievement() != pb::ACHIEVED;
    } else {
      if (!a.has_value()) {
        return validate::Invalid(
            at + ".value", absl::StrCat("the 实际完成值 of \"", target_words,
                                        "\" is required (a decimal)"));
      }
      if (a.achievement() != pb::ACHIEVEMENT_UNSPECIFIED) {
        return validate::Invalid(
            at + ".achievement",
            absl::StrCat("\"", target.name(), "\" is measured (",
                         ComparatorSign(target.comparator()),
                         "): only 定性 indicators take a level"));
      }
      if (a.has_percent_of_weight()) {
        return validate::Invalid(
            at + ".percent_of_weight",
            absl::StrCat("\"", target.name(),
                         "\" is measured: its score follows from the value"));
      }
      missed = Misses(target, a.value()).value_or(false);
    }
    if (missed) {
      const std::string why =
          target.comparator() == pb::QUALITATIVE
              ? absl::StrCat("\"", target.name(), "\" is ",
                             AchievementName(a.achievement()))
              : absl::StrCat("实际完成值 ", a.value(), target.unit(),
                             " misses the target ", target_words);
      if (a.deviation_reason().empty()) {
        return validate::Invalid(
            at + ".deviation_reason",
            absl::StrCat(why, ": 偏差原因分析 is required"));
      }
      if (a.improvement().empty()) {
        return validate::Invalid(at + ".improvement",
                                 absl::StrCat(why, ": 改进措施 is required"));
      }
    }
    Group& group = groups[WeightGroup(target.level1())];
    (a.has_weight() ? group.weighted : group.unweighted).push_back(i);
  }
  for (const auto& [level1, group] : groups) {
    if (group.weighted.empty()) continue;
    if (!group.unweighted.empty()) {
      return validate::Invalid(
          ActualAt(group.unweighted.front()) + ".weight",
          absl::StrCat(level1,
                       ": weights are given for some of its indicators; give "
                       "one for each, or none (its weight is then shared "
                       "equally)"));
    }
    for (const std::string& id : group.indicators) {
      if (!seen.contains(id)) {
        return validate::Invalid(
            "filing.actuals",
            absl::StrCat(level1,
                         ": with weights given, every indicator needs "
                         "its actual and weight; \"",
                         id, "\" has none"));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status CheckComplete(const pb::ProjectFiling& filing,
                           const pb::ProjectTarget& project) {
  if (filing.achieved_summary().empty()) {
    return absl::FailedPreconditionError(
        "filing.achieved_summary: the 实际完成情况 is required to submit");
  }
  std::set<std::string> filed;
  for (const pb::ActualValue& a : filing.actuals()) {
    filed.insert(a.indicator_id());
  }
  for (const pb::TargetIndicator& i : project.indicators()) {
    if (!filed.contains(i.id())) {
      return absl::FailedPreconditionError(absl::StrCat(
          "filing.actuals: indicator \"", i.id(), "\" (", i.name(),
          ") has no 实际完成值; every indicator is filed before submitting"));
    }
  }
  return absl::OkStatus();
}

absl::string_view AchievementName(pb::Achievement achievement) {
  switch (achievement) {
    case pb::ACHIEVED:
      return "达成年度指标";
    case pb::PARTLY_ACHIEVED:
      return "部分达成并具有一定效果";
    case pb::NOT_ACHIEVED:
      return "未达成且效果较差";
    default:
      return "未填";
  }
}

}  // namespace jixiao::indicator
