#include "services/evaluation/domain/decision_rules.h"

#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/base/status_macros.h"
#include "libs/validate/validate.h"

namespace jixiao::evaluation {
namespace {

constexpr int kMaxGradeChars = 8;
constexpr int kMaxWordingChars = 200;
constexpr int kMaxDocumentChars = 200;
constexpr int kMaxArticleChars = 100;
constexpr int kMaxSourceTextChars = 2000;
constexpr int kMaxNoteChars = 1000;
// An amount cut is at most what the money library takes anywhere (10^15 分).
constexpr int64_t kMaxAmountFen = 1'000'000'000'000'000;

v1::DecisionRule Row(v1::ObjectKind object, const char* grade,
                     v1::DecisionKind decision, const char* wording,
                     int32_t share_bp = 0) {
  v1::DecisionRule rule;
  rule.set_object(object);
  rule.set_grade(grade);
  rule.set_decision(decision);
  if (decision == v1::REDUCE) rule.set_share_bp(share_bp);
  rule.set_wording(wording);
  return rule;
}

bool KnownObject(int kind) {
  return kind == v1::DEPARTMENT_WIDE || kind == v1::PROJECT_RECURRING ||
         kind == v1::PROJECT_ONE_OFF;
}

bool KnownDecision(int kind) {
  return kind >= v1::PRIORITY && kind <= v1::RECTIFY_FIRST;
}

}  // namespace

std::string ObjectLabel(v1::ObjectKind kind) {
  switch (kind) {
    case v1::DEPARTMENT_WIDE:
      return "部门整体";
    case v1::PROJECT_RECURRING:
      return "项目 (常年性/延续性)";
    case v1::PROJECT_ONE_OFF:
      return "项目 (一次性)";
    default:
      return "未定";
  }
}

v1::DecisionRules DefaultDecisionRules(absl::string_view region_code) {
  v1::DecisionRules rules;
  rules.set_region_code(std::string(region_code));
  // The province rule's columns, read as decisions. 控制新增 (中) keeps the
  // budget where it is with no new spending: MAINTAIN. For 差 the rule
  // allows 调整方向/结构, 减少 or 取消: REDUCE is proposed (the milder of
  // the cuts) and finance may cancel with a reason. The rule says nothing
  // of a one-off project graded 优/良/中 (no budget follows one): MAINTAIN,
  // meaning "nothing to apply".
  constexpr auto kDept = v1::DEPARTMENT_WIDE;
  constexpr auto kRecurring = v1::PROJECT_RECURRING;
  constexpr auto kOneOff = v1::PROJECT_ONE_OFF;
  const v1::DecisionRule rows[] = {
      Row(kDept, "优", v1::PRIORITY, "优先保障总预算"),
      Row(kDept, "良", v1::PRIORITY, "优先保障总预算"),
      Row(kDept, "中", v1::MAINTAIN, "严格控制新增项目"),
      Row(kDept, "差", v1::REDUCE,
          "调整支出结构、减少预算 (核减比例为本地参数)", kDefaultReduceShareBp),
      Row(kRecurring, "优", v1::PRIORITY, "优先保障"),
      Row(kRecurring, "良", v1::PRIORITY, "优先保障"),
      Row(kRecurring, "中", v1::MAINTAIN, "控制新增"),
      Row(kRecurring, "差", v1::REDUCE,
          "调整方向或结构、减少预算或取消 (核减比例为本地参数)",
          kDefaultReduceShareBp),
      Row(kOneOff, "优", v1::MAINTAIN, "规则未作规定 (一次性项目无后续预算)"),
      Row(kOneOff, "良", v1::MAINTAIN, "规则未作规定 (一次性项目无后续预算)"),
      Row(kOneOff, "中", v1::MAINTAIN, "规则未作规定 (一次性项目无后续预算)"),
      Row(kOneOff, "差", v1::CANCEL, "下一年度不再安排同类新项目"),
  };
  for (const v1::DecisionRule& row : rows) *rules.add_rules() = row;
  rules.set_source_document(
      "省级预算绩效评价结果应用管理办法 (省名未注明; docs/domain.md §9.4.2, "
      "source S19)");
  rules.set_source_article("第十八条");
  rules.set_source_text(
      "常年性、延续性项目: 评价结果为优、良的, 优先保障; 为中的, 控制新增; "
      "为差的, 调整方向或结构、减少或取消。一次性项目评价结果为差的, "
      "下一年度不再安排同类新项目。部门整体: 优、良优先保障总预算; "
      "中严格控制新增项目。");
  rules.set_note(
      "The built-in default (the region has no table of its own). The 核减 "
      "share of 10% is a local choice: no national rule fixes one "
      "(中发〔2018〕34号 states only the principle: 低效无效 ⇒ 削减/取消). "
      "Finance decides; the table only proposes.");
  rules.set_built_in(true);
  rules.set_version(0);
  return rules;
}

absl::Status ValidateDecisionRules(absl::string_view prefix,
                                   const v1::DecisionRules& rules) {
  const std::string p(prefix);
  JIXIAO_RETURN_IF_ERROR(
      validate::ValidateRegionCode(p + "region_code", rules.region_code()));
  if (rules.rules_size() == 0 || rules.rules_size() > kMaxRuleRows) {
    return validate::Invalid(p + "rules",
                             absl::StrCat("1 to ", kMaxRuleRows, " rows"));
  }
  std::set<std::pair<int, std::string>> seen;
  for (int i = 0; i < rules.rules_size(); ++i) {
    const v1::DecisionRule& row = rules.rules(i);
    const std::string at = absl::StrCat(p, "rules[", i, "].");
    if (!KnownObject(row.object())) {
      return validate::Invalid(
          at + "object",
          "DEPARTMENT_WIDE, PROJECT_RECURRING or PROJECT_ONE_OFF");
    }
    JIXIAO_RETURN_IF_ERROR(validate::ValidateText(at + "grade", row.grade(),
                                                  kMaxGradeChars, true));
    if (!seen.emplace(row.object(), row.grade()).second) {
      return validate::Invalid(
          at + "grade",
          absl::StrCat("a second row for ", ObjectLabel(row.object()), " ",
                       row.grade()));
    }
    if (!KnownDecision(row.decision())) {
      return validate::Invalid(
          at + "decision",
          "PRIORITY, MAINTAIN, REDUCE, CANCEL or RECTIFY_FIRST");
    }
    if (row.decision() == v1::REDUCE) {
      if (row.share_bp() < 1 || row.share_bp() > kMaxShareBp) {
        return validate::Invalid(
            at + "share_bp",
            "a REDUCE row's share, 1 to 10000 basis points (1000 = 10%)");
      }
    } else if (row.has_share_bp()) {
      return validate::Invalid(at + "share_bp",
                               "only a REDUCE row has a share");
    }
    JIXIAO_RETURN_IF_ERROR(validate::ValidateText(at + "wording", row.wording(),
                                                  kMaxWordingChars, true));
  }
  JIXIAO_RETURN_IF_ERROR(validate::ValidateText(
      p + "source_document", rules.source_document(), kMaxDocumentChars, true));
  JIXIAO_RETURN_IF_ERROR(validate::ValidateText(
      p + "source_article", rules.source_article(), kMaxArticleChars, false));
  JIXIAO_RETURN_IF_ERROR(validate::ValidateText(
      p + "source_text", rules.source_text(), kMaxSourceTextChars, false));
  return validate::ValidateText(p + "note", rules.note(), kMaxNoteChars, false);
}

absl::StatusOr<v1::DecisionRule> RuleFor(const v1::DecisionRules& rules,
                                         v1::ObjectKind object,
                                         absl::string_view grade) {
  for (const v1::DecisionRule& row : rules.rules()) {
    if (row.object() == object && row.grade() == grade) return row;
  }
  return absl::FailedPreconditionError(
      absl::StrCat("the rule table of region ", rules.region_code(),
                   " has no row for ", ObjectLabel(object), " graded ", grade));
}

v1::ObjectKind ObjectOf(const v1::DecisionSubject& subject) {
  if (subject.project_code().empty()) return v1::DEPARTMENT_WIDE;
  return subject.project_kind() == v1::PROJECT_ONE_OFF ? v1::PROJECT_ONE_OFF
                                                       : v1::PROJECT_RECURRING;
}

absl::StatusOr<v1::Proposal> Propose(const v1::DecisionRules& rules,
                                     const v1::DecisionSubject& subject,
                                     absl::string_view total,
                                     absl::string_view grade) {
  const v1::ObjectKind object = ObjectOf(subject);
  JIXIAO_ASSIGN_OR_RETURN(auto row, RuleFor(rules, object, grade));
  v1::Proposal proposal;
  *proposal.mutable_subject() = subject;
  proposal.set_object(object);
  proposal.set_total(std::string(total));
  proposal.set_grade(std::string(grade));
  *proposal.mutable_rule() = std::move(row);
  proposal.set_built_in_rules(rules.built_in());
  proposal.set_rules_version(rules.version());
  proposal.set_source(
      rules.source_article().empty()
          ? rules.source_document()
          : absl::StrCat(rules.source_document(), " ", rules.source_article()));
  return proposal;
}

absl::Status ValidateDecision(const v1::RecordDecisionRequest& request) {
  if (!KnownDecision(request.decision())) {
    return validate::Invalid(
        "decision", "PRIORITY, MAINTAIN, REDUCE, CANCEL or RECTIFY_FIRST");
  }
  if (request.decision() == v1::REDUCE) {
    if (request.has_amount_fen() == request.has_share_bp()) {
      return validate::Invalid(
          "share_bp", "a REDUCE decision states either amount_fen or share_bp");
    }
    if (request.has_share_bp() &&
        (request.share_bp() < 1 || request.share_bp() > kMaxShareBp)) {
      return validate::Invalid("share_bp",
                               "1 to 10000 basis points (1000 = 10%)");
    }
    if (request.has_amount_fen() &&
        (request.amount_fen() < 1 || request.amount_fen() > kMaxAmountFen)) {
      return validate::Invalid("amount_fen", "1 to 10^15 分");
    }
  } else if (request.has_share_bp()) {
    return validate::Invalid("share_bp", "only a REDUCE decision has a share");
  } else if (request.has_amount_fen()) {
    return validate::Invalid("amount_fen",
                             "only a REDUCE decision has an amount");
  }
  JIXIAO_RETURN_IF_ERROR(validate::ValidateText("reason", request.reason(),
                                                kMaxReasonChars, true));
  if (absl::StripAsciiWhitespace(request.reason()).empty()) {
    return validate::Invalid("reason", "is required");
  }
  if (request.expected_version() < 0) {
    return validate::Invalid("expected_version", "0 or more");
  }
  return absl::OkStatus();
}

bool DepartsFrom(const v1::Decision& decision, const v1::Proposal& proposal) {
  const v1::DecisionRule& rule = proposal.rule();
  if (decision.decision() != rule.decision()) return true;
  if (decision.decision() != v1::REDUCE) return false;
  return !decision.has_share_bp() || decision.share_bp() != rule.share_bp();
}

}  // namespace jixiao::evaluation
