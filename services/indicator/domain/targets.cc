#include "services/indicator/domain/targets.h"

#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "libs/base/status_macros.h"
#include "libs/money/decimal.h"
#include "libs/money/money.h"
#include "libs/validate/validate.h"

namespace jixiao::indicator {
namespace {

constexpr int kMaxIndicators = 200;  // per set of indicators
constexpr int kMaxProjects = 500;
constexpr int kMaxTasks = 50;
constexpr int kValueDecimals = 4;
constexpr int64_t kMaxValue = int64_t{1'000'000'000'000} * 10'000;
constexpr int64_t kMaxFunds = int64_t{1'000'000'000'000'00};  // 1万亿元 in 分

// The national tree (docs/domain.md §9.1.2): 一级 → its 二级, by vintage.
// Before 财预〔2021〕101号 成本 is a 二级 of 产出; after, a 一级 of its own.
const std::map<std::string, std::set<std::string>>& TreeOf(
    absl::string_view tree) {
  static const auto* const pre2021 =
      new std::map<std::string, std::set<std::string>>{
          {"产出指标", {"数量指标", "质量指标", "时效指标", "成本指标"}},
          {"效益指标",
           {"经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"}},
          {"满意度指标", {"服务对象满意度指标"}}};
  static const auto* const cz2021 =
      new std::map<std::string, std::set<std::string>>{
          {"产出指标", {"数量指标", "质量指标", "时效指标"}},
          {"成本指标", {"经济成本指标", "社会成本指标", "生态环境成本指标"}},
          {"效益指标",
           {"经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"}},
          {"满意度指标", {"服务对象满意度指标"}}};
  return tree == "cz2021_101" ? *cz2021 : *pre2021;
}

bool Quantitative(pb::Comparator comparator) {
  return comparator != pb::QUALITATIVE;
}

absl::Status ValidateFunds(const std::string& at, const pb::Funds& funds) {
  for (const auto& [name, has, value] :
       {std::tuple{"total", funds.has_total(), funds.total()},
        std::tuple{"fiscal", funds.has_fiscal(), funds.fiscal()},
        std::tuple{"other", funds.has_other(), funds.other()}}) {
    if (has && (value < 0 || value > kMaxFunds)) {
      return validate::Invalid(absl::StrCat(at, ".", name),
                               "分, from 0 to 1万亿元");
    }
  }
  if (!funds.has_total()) {
    return validate::Invalid(at + ".total", "is required (分)");
  }
  if (funds.has_fiscal() && funds.has_other() &&
      funds.fiscal() + funds.other() != funds.total()) {
    return validate::Invalid(
        at + ".total", absl::StrCat("is ", funds.total(), " 分, but fiscal ",
                                    funds.fiscal(), " + other ", funds.other(),
                                    " = ", funds.fiscal() + funds.other()));
  }
  return absl::OkStatus();
}

// A department-wide indicator may name the evaluation framework's leaf it
// sets the target of; one indicator per leaf. A project's indicators are
// scored by the project's own evaluation, not the department's framework.
absl::Status ValidateLink(const std::string& here,
                          const pb::TargetIndicator& indicator,
                          std::set<std::string>* linked_leaves) {
  if (!indicator.has_framework_indicator_id()) return absl::OkStatus();
  const std::string field = here + ".framework_indicator_id";
  if (linked_leaves == nullptr) {
    return validate::Invalid(field,
                             "only a department-wide indicator names a leaf "
                             "of the evaluation framework");
  }
  JIXIAO_RETURN_IF_ERROR(validate::ValidateText(
      field, indicator.framework_indicator_id(), 40, true));
  for (const char c : indicator.framework_indicator_id()) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' &&
        c != '_' && c != '.') {
      return validate::Invalid(field, "letters, digits, - _ . only");
    }
  }
  if (!linked_leaves->insert(indicator.framework_indicator_id()).second) {
    return validate::Invalid(
        field, absl::StrCat("leaf \"", indicator.framework_indicator_id(),
                            "\" already has a target in this set"));
  }
  return absl::OkStatus();
}

absl::Status ValidateIndicators(
    const std::string& at,
    const google::protobuf::RepeatedPtrField<pb::TargetIndicator>& indicators,
    absl::string_view tree, std::set<std::string>& ids,
    std::set<std::string>* linked_leaves) {
  if (indicators.size() > kMaxIndicators) {
    return validate::Invalid(at, absl::StrCat("at most ", kMaxIndicators));
  }
  const auto& levels = TreeOf(tree);
  for (int i = 0; i < indicators.size(); ++i) {
    const pb::TargetIndicator& indicator = indicators[i];
    const std::string here = absl::StrCat(at, "[", i, "]");
    JIXIAO_RETURN_IF_ERROR(
        validate::ValidateText(here + ".id", indicator.id(), 40, true));
    for (const char c : indicator.id()) {
      if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' &&
          c != '_' && c != '.') {
        return validate::Invalid(here + ".id", "letters, digits, - _ . only");
      }
    }
    if (!ids.insert(indicator.id()).second) {
      return validate::Invalid(
          here + ".id", absl::StrCat("\"", indicator.id(), "\" is used twice"));
    }
    const auto level1 = levels.find(indicator.level1());
    if (level1 == levels.end()) {
      std::string known;
      for (const auto& [name, unused] : levels) {
        absl::StrAppend(&known, known.empty() ? "" : ", ", name);
      }
      return validate::Invalid(
          here + ".level1",
          absl::StrCat("\"", indicator.level1(), "\" is not a 一级 of the ",
                       tree.empty() ? "pre2021" : tree, " tree (", known, ")"));
    }
    if (!level1->second.contains(indicator.level2())) {
      return validate::Invalid(
          here + ".level2",
          absl::StrCat("\"", indicator.level2(), "\" is not a 二级 of ",
                       indicator.level1()));
    }
    JIXIAO_RETURN_IF_ERROR(
        validate::ValidateText(here + ".name", indicator.name(), 100, true));
    JIXIAO_RETURN_IF_ERROR(validate::ValidateText(
        here + ".explanation", indicator.explanation(), 1000, false));
    if (!pb::Comparator_IsValid(indicator.comparator()) ||
        indicator.comparator() == pb::COMPARATOR_UNSPECIFIED) {
      return validate::Invalid(here + ".comparator",
                               "AT_LEAST (≥), AT_MOST (≤), EQUAL (=) or "
                               "QUALITATIVE (定性) is required");
    }
    if (Quantitative(indicator.comparator())) {
      if (!money::ParseDecimal(indicator.value(), kValueDecimals, kMaxValue)
               .ok()) {
        return validate::Invalid(
            here + ".value",
            absl::StrCat("a quantitative target is a decimal (at most ",
                         kValueDecimals, " decimals), got \"",
                         indicator.value(), "\""));
      }
      JIXIAO_RETURN_IF_ERROR(
          validate::ValidateText(here + ".unit", indicator.unit(), 20, true));
    } else {
      JIXIAO_RETURN_IF_ERROR(validate::ValidateText(
          here + ".value", indicator.value(), 100, true));
    }
    JIXIAO_RETURN_IF_ERROR(ValidateLink(here, indicator, linked_leaves));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateTargetSet(absl::string_view prefix,
                               const pb::TargetSet& targets) {
  const std::string at(prefix);
  JIXIAO_RETURN_IF_ERROR(validate::ValidateDepartmentYearKey(
      at + ".key", targets.key().region_code(), targets.key().department_code(),
      targets.key().year()));
  if (!targets.tree().empty() && targets.tree() != "pre2021" &&
      targets.tree() != "cz2021_101") {
    return validate::Invalid(at + ".tree",
                             "\"pre2021\" or \"cz2021_101\" (empty: pre2021)");
  }
  JIXIAO_RETURN_IF_ERROR(validate::ValidateText(
      at + ".annual_goal", targets.annual_goal(), 2000, false));
  if (targets.main_tasks_size() > kMaxTasks) {
    return validate::Invalid(at + ".main_tasks",
                             absl::StrCat("at most ", kMaxTasks));
  }
  for (int i = 0; i < targets.main_tasks_size(); ++i) {
    const std::string here = absl::StrCat(at, ".main_tasks[", i, "]");
    const pb::MainTask& task = targets.main_tasks(i);
    JIXIAO_RETURN_IF_ERROR(
        validate::ValidateText(here + ".name", task.name(), 100, true));
    JIXIAO_RETURN_IF_ERROR(
        validate::ValidateText(here + ".content", task.content(), 2000, false));
    if (task.has_funds()) {
      JIXIAO_RETURN_IF_ERROR(ValidateFunds(here + ".funds", task.funds()));
    }
  }
  std::set<std::string> ids;
  std::set<std::string> linked_leaves;
  JIXIAO_RETURN_IF_ERROR(
      ValidateIndicators(at + ".indicators", targets.indicators(),
                         targets.tree(), ids, &linked_leaves));
  if (targets.projects_size() > kMaxProjects) {
    return validate::Invalid(at + ".projects",
                             absl::StrCat("at most ", kMaxProjects));
  }
  std::set<std::string> codes;
  for (int i = 0; i < targets.projects_size(); ++i) {
    const std::string here = absl::StrCat(at, ".projects[", i, "]");
    const pb::ProjectTarget& project = targets.projects(i);
    JIXIAO_RETURN_IF_ERROR(validate::ValidateText(
        here + ".project_code", project.project_code(), 60, true));
    if (!codes.insert(project.project_code()).second) {
      return validate::Invalid(
          here + ".project_code",
          absl::StrCat("\"", project.project_code(), "\" has targets twice"));
    }
    JIXIAO_RETURN_IF_ERROR(validate::ValidateText(
        here + ".project_name", project.project_name(), 200, true));
    JIXIAO_RETURN_IF_ERROR(validate::ValidateText(
        here + ".annual_goal", project.annual_goal(), 2000, false));
    JIXIAO_RETURN_IF_ERROR(ValidateFunds(here + ".funds", project.funds()));
    JIXIAO_RETURN_IF_ERROR(ValidateIndicators(here + ".indicators",
                                              project.indicators(),
                                              targets.tree(), ids, nullptr));
  }
  return absl::OkStatus();
}

absl::string_view NameOf(TargetAction action) {
  switch (action) {
    case TargetAction::kPut:
      return "edit";
    case TargetAction::kSubmit:
      return "submit";
    case TargetAction::kReturn:
      return "return";
    case TargetAction::kApprove:
      return "approve";
    case TargetAction::kRequestAdjustment:
      return "request an adjustment of";
    case TargetAction::kApproveAdjustment:
      return "approve the adjustment of";
    case TargetAction::kRefuseAdjustment:
      return "refuse the adjustment of";
  }
  return "";
}

bool IsFinanceAction(TargetAction action) {
  return action == TargetAction::kReturn || action == TargetAction::kApprove ||
         action == TargetAction::kApproveAdjustment ||
         action == TargetAction::kRefuseAdjustment;
}

namespace {

absl::string_view StatusName(pb::TargetStatus status) {
  switch (status) {
    case pb::TARGET_DRAFT:
      return "草稿(DRAFT)";
    case pb::TARGET_SUBMITTED:
      return "已提交(SUBMITTED)";
    case pb::TARGET_RETURNED:
      return "已退回(RETURNED)";
    case pb::TARGET_APPROVED:
      return "已批复(APPROVED)";
    case pb::TARGET_ADJUSTMENT_REQUESTED:
      return "调整待批(ADJUSTMENT_REQUESTED)";
    default:
      return "未申报(none)";
  }
}

}  // namespace

absl::StatusOr<pb::TargetStatus> NextTargetStatus(pb::TargetStatus current,
                                                  TargetAction action) {
  const auto refuse = [&](absl::string_view wanted) {
    return absl::FailedPreconditionError(absl::StrCat(
        "status: the targets are ", StatusName(current), "; to ",
        NameOf(action), " them they must be ", wanted,
        current == pb::TARGET_APPROVED && action == TargetAction::kPut
            ? " (approved targets are frozen: request an adjustment)"
            : ""));
  };
  switch (action) {
    case TargetAction::kPut:
      if (current == pb::TARGET_STATUS_UNSPECIFIED ||
          current == pb::TARGET_DRAFT || current == pb::TARGET_RETURNED) {
        return pb::TARGET_DRAFT;
      }
      return refuse("草稿 or 已退回");
    case TargetAction::kSubmit:
      if (current == pb::TARGET_DRAFT || current == pb::TARGET_RETURNED) {
        return pb::TARGET_SUBMITTED;
      }
      return refuse("草稿 or 已退回");
    case TargetAction::kReturn:
      if (current == pb::TARGET_SUBMITTED) return pb::TARGET_RETURNED;
      return refuse("已提交");
    case TargetAction::kApprove:
      if (current == pb::TARGET_SUBMITTED) return pb::TARGET_APPROVED;
      return refuse("已提交");
    case TargetAction::kRequestAdjustment:
      if (current == pb::TARGET_APPROVED) {
        return pb::TARGET_ADJUSTMENT_REQUESTED;
      }
      return refuse("已批复 (a draft is edited, not adjusted)");
    case TargetAction::kApproveAdjustment:
    case TargetAction::kRefuseAdjustment:
      if (current == pb::TARGET_ADJUSTMENT_REQUESTED) {
        return pb::TARGET_APPROVED;
      }
      return refuse("调整待批");
  }
  return absl::InternalError("unknown action");
}

namespace {

pb::TargetCheck Check(std::string field, std::string message) {
  pb::TargetCheck check;
  check.set_field(std::move(field));
  check.set_message(std::move(message));
  return check;
}

// Each 一级 the tree has must be present among `indicators`, and 满意度 be
// a rate.
void CheckLevels(
    const std::string& at,
    const google::protobuf::RepeatedPtrField<pb::TargetIndicator>& indicators,
    absl::string_view tree, pb::TargetReview& review) {
  std::set<std::string> present;
  for (const pb::TargetIndicator& indicator : indicators) {
    present.insert(indicator.level1());
    if (indicator.level1() == "满意度指标" &&
        (indicator.comparator() == pb::QUALITATIVE ||
         indicator.unit() != "%")) {
      *review.add_problems() =
          Check(absl::StrCat(at, "[", indicator.id(), "]"),
                "满意度 is given as a rate: a comparator, a value and the "
                "unit %");
    }
  }
  for (const auto& [level1, unused] : TreeOf(tree)) {
    if (!present.contains(level1)) {
      *review.add_problems() =
          Check(at, absl::StrCat("no ", level1,
                                 ": each 一级 of the tree "
                                 "needs at least one indicator"));
    }
  }
}

std::string Yuan(int64_t fen) { return money::FormatWanYuan(fen); }

}  // namespace

pb::TargetReview ReviewTargetSet(
    const pb::TargetSet& targets,
    const std::optional<std::vector<BudgetProject>>& projects) {
  pb::TargetReview review;
  CheckLevels("indicators", targets.indicators(), targets.tree(), review);
  for (const pb::ProjectTarget& project : targets.projects()) {
    CheckLevels(
        absl::StrCat("projects[", project.project_code(), "].indicators"),
        project.indicators(), targets.tree(), review);
  }
  if (!projects.has_value()) {
    *review.add_problems() =
        Check("projects",
              "the budget service has no figures for the year: "
              "the targets' funds cannot be checked against it");
  } else {
    std::map<std::string, const BudgetProject*> budget;
    for (const BudgetProject& p : *projects) budget[p.code] = &p;
    std::set<std::string> targeted;
    for (const pb::ProjectTarget& project : targets.projects()) {
      targeted.insert(project.project_code());
      const std::string at =
          absl::StrCat("projects[", project.project_code(), "]");
      const auto it = budget.find(project.project_code());
      if (it == budget.end()) {
        *review.add_problems() = Check(
            at + ".project_code",
            absl::StrCat("the budget has no project \"", project.project_code(),
                         "\" in ", targets.key().year()));
        continue;
      }
      if (project.funds().total() != it->second->budget) {
        *review.add_problems() = Check(
            at + ".funds.total",
            absl::StrCat("the targets hold ", Yuan(project.funds().total()),
                         "; the budget of the project is ",
                         Yuan(it->second->budget)));
      }
    }
    for (const BudgetProject& p : *projects) {
      if (p.budget > 0 && !targeted.contains(p.code)) {
        *review.add_problems() = Check(
            absl::StrCat("projects[", p.code, "]"),
            absl::StrCat("the project \"", p.name, "\" has ", Yuan(p.budget),
                         " in the budget and no targets"));
      }
    }
  }
  for (const auto& [criterion, what] :
       {std::pair{"完整性",
                  "every main task and project has an annual goal "
                  "and indicators that cover it"},
        std::pair{"相关性",
                  "each indicator measures what the money buys (产出) or "
                  "what it achieves (效益), not routine work"},
        std::pair{"适当性",
                  "the values are ambitious against last year's and the "
                  "funds: neither below what was done nor unreachable"},
        std::pair{"可行性",
                  "each value can be measured at year end from a named "
                  "source (指标解释)"}}) {
    *review.add_for_reviewer() = Check(criterion, what);
  }
  return review;
}

}  // namespace jixiao::indicator
