// The words reports use, as data: which label names which item (with its
// synonyms, longest first), the filler between a label and its number,
// and the words that say which phase a number belongs to (预算, 决算, the
// year before) or that it is a change rather than an amount.
#ifndef JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_LABELS_H_
#define JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_LABELS_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace jixiao::report_extract {

// What a label names. The figure key follows from the item and the phase.
enum class Item {
  kNone,
  kSangong,
  kVehicleTotal,
  kVehiclePurchase,
  kVehicleOperation,
  kReception,
  kOverseas,
  kBasic,
  kPersonnel,
  kPublic,
  kProject,
  kProjectsCounted,  // "预算8个项目985万元": the projects' money
  kRevenue,
  kRevenueAmbiguous,  // 收入总计 / 总收入: with or without the carry-over
  kRevenuePart,  // 财政拨款收入, 事业收入 …: one line of 本年收入
  kExpenditure,
  kCarryover,
  kBalance,
  kStaffAuthorized,
  kStaffAuthorizedPart,  // 行政编制, 事业编制: summed when both are given
  kStaffActual,
  kStaffActualWeak,  // 现有职工, 教职工: only when nothing finer is said
  kStaffRetired,
  kStaffRetiredPart,  // 离休, 退休
  kStaffAuxiliary,
  kStaffAuxiliaryPart,  // 县招聘, 临时工 …: summed
  kSelfScore,
};

enum class Phase { kUnknown, kBudget, kFinal, kPrior };

struct LabelMatch {
  Item item = Item::kNone;
  size_t begin = 0;  // where the label starts in the context searched
  int strength = 0;  // 2: the usual name; 1: a looser one
};

// The label that `context` (squeezed text before a number, fillers already
// removed) ends with, if any.
std::optional<LabelMatch> LabelAtEnd(absl::string_view context);

// The label nearest to the end of `context`, anywhere in it.
std::optional<LabelMatch> LastLabel(absl::string_view context);

// Removes one filler word from the end of `context`; false when it ends
// with none. `phase` is set to the phase the word names (kUnknown if none).
bool StripOneFiller(absl::string_view* context, Phase* phase);

// Removes filler words ("为", "支出决算数", "比上年", "共计" …) from the end
// of `context`; returns the phase they name, if any, through `phase`.
absl::string_view StripFillers(absl::string_view context, Phase* phase);

// True when the text right before a number makes it a change ("增加",
// "下降了", "同比减少" …); `sign` is +1 or -1.
bool EndsWithChangeWord(absl::string_view context, int* sign);

// The phase the words in `text` name, last one wins; fund names such as
// "一般公共预算" are not the 预算 phase.
Phase PhaseIn(absl::string_view text);

// True when the text before a label makes its item a part of a fund
// rather than the department's total ("财政拨款本年收入").
bool FundPrefix(absl::string_view before);

// True when a bare 支出 stands after a subject: the start of a clause or
// the name of a unit ("卫生院支出为").
bool SubjectBoundary(absl::string_view before);

bool IsThreePublic(Item item);
bool IsStaff(Item item);

// The figure key of an item read in a phase, or "" when it has none.
std::string KeyFor(Item item, Phase phase);

}  // namespace jixiao::report_extract

#endif  // JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_LABELS_H_
