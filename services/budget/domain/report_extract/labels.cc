#include "services/budget/domain/report_extract/labels.h"

#include <algorithm>
#include <vector>

#include "absl/strings/match.h"

namespace jixiao::report_extract {
namespace {

struct Label {
  absl::string_view text;  // squeezed, quotation marks removed; '#' a number
  Item item;
  int strength;
};

// Synonyms, as reports write them. A label that another label ends with
// must not be confused with it: the longest match at the end wins.
constexpr Label kLabels[] = {
    // 三公
    {"三公经费", Item::kSangong, 2},
    {"三公", Item::kSangong, 1},
    {"公务用车购置及运行维护费用", Item::kVehicleTotal, 2},
    {"公务用车购置及运行维护费", Item::kVehicleTotal, 2},
    {"公务用车购置及运行维护经费", Item::kVehicleTotal, 2},
    {"公务用车购置及运行维护", Item::kVehicleTotal, 2},
    {"公务用车购置及运行费", Item::kVehicleTotal, 2},
    {"公务用车购置及运行经费", Item::kVehicleTotal, 2},
    {"公务用车购置和运行维护费", Item::kVehicleTotal, 2},
    {"公务用车购置和维护经费", Item::kVehicleTotal, 2},
    {"公务用车购置和维护费", Item::kVehicleTotal, 2},
    {"公务用车购置及维护费", Item::kVehicleTotal, 2},
    {"公车购置及运维费", Item::kVehicleTotal, 2},
    {"公车购置及运行费", Item::kVehicleTotal, 2},
    {"公务用车购置费", Item::kVehiclePurchase, 2},
    {"公务用车购置经费", Item::kVehiclePurchase, 2},
    {"公务用车购置", Item::kVehiclePurchase, 2},
    {"公车购置费", Item::kVehiclePurchase, 2},
    {"公车购置", Item::kVehiclePurchase, 2},
    {"公务用车运行维护费用", Item::kVehicleOperation, 2},
    {"公务用车运行维护费", Item::kVehicleOperation, 2},
    {"公务用车运行维护经费", Item::kVehicleOperation, 2},
    {"公务用车运行维护", Item::kVehicleOperation, 2},
    {"公务用车运行费用", Item::kVehicleOperation, 2},
    {"公务用车运行费", Item::kVehicleOperation, 2},
    {"公务用车运行经费", Item::kVehicleOperation, 2},
    {"公务用车运行", Item::kVehicleOperation, 2},
    // Without 购置 the phrase names the running costs only.
    {"公务用车及运行维护费", Item::kVehicleOperation, 1},
    {"公车运行维护费", Item::kVehicleOperation, 2},
    {"公车运行维护", Item::kVehicleOperation, 2},
    {"公车运行费", Item::kVehicleOperation, 2},
    {"公务接待费用", Item::kReception, 2},
    {"公务接待费", Item::kReception, 2},
    {"公务接待", Item::kReception, 2},
    {"因公出国境费用", Item::kOverseas, 2},
    {"因公出国境费", Item::kOverseas, 2},
    {"因公出国境经费", Item::kOverseas, 2},
    {"因公出国境", Item::kOverseas, 2},
    {"因公出国费用", Item::kOverseas, 2},
    {"因公出国费", Item::kOverseas, 2},
    {"因公出国经费", Item::kOverseas, 2},
    {"因公出国", Item::kOverseas, 2},
    {"出国境费", Item::kOverseas, 1},
    {"出国经费", Item::kOverseas, 1},
    // 收支
    {"基本支出", Item::kBasic, 2},
    {"人员经费", Item::kPersonnel, 2},
    {"公用经费", Item::kPublic, 2},
    {"一般商品和服务支出", Item::kPublic, 2},
    {"商品和服务支出", Item::kPublic, 1},
    {"项目支出", Item::kProject, 2},
    {"#个项目", Item::kProjectsCounted, 1},
    {"本年收入合计", Item::kRevenue, 2},
    {"本年收入", Item::kRevenue, 2},
    {"本年度收入", Item::kRevenue, 2},
    {"决算总收入", Item::kRevenue, 2},
    {"收入合计", Item::kRevenue, 1},
    {"收入总计", Item::kRevenueAmbiguous, 1},
    {"总收入", Item::kRevenueAmbiguous, 1},
    {"本年支出合计", Item::kExpenditure, 2},
    {"本年支出", Item::kExpenditure, 2},
    {"本年度支出", Item::kExpenditure, 2},
    {"决算总支出", Item::kExpenditure, 2},
    {"支出合计", Item::kExpenditure, 1},
    {"支出决算数", Item::kExpenditure, 1},
    {"一般公共预算财政拨款收入", Item::kRevenuePart, 2},
    {"政府性基金预算财政拨款收入", Item::kRevenuePart, 2},
    {"财政拨款收入", Item::kRevenuePart, 2},
    {"上级补助收入", Item::kRevenuePart, 2},
    {"事业收入", Item::kRevenuePart, 2},
    {"经营收入", Item::kRevenuePart, 2},
    {"附属单位上缴收入", Item::kRevenuePart, 2},
    {"其他收入", Item::kRevenuePart, 2},
    {"上年结转和结余", Item::kCarryover, 2},
    {"上年结转结余", Item::kCarryover, 2},
    {"年初结转和结余", Item::kCarryover, 2},
    {"年初结转结余", Item::kCarryover, 2},
    {"上年结转", Item::kCarryover, 2},
    {"年末结转和结余", Item::kBalance, 2},
    {"年末结转结余", Item::kBalance, 2},
    {"年末结余", Item::kBalance, 2},
    // Staff
    {"实有编制数", Item::kStaffAuthorized, 2},
    {"核定编制", Item::kStaffAuthorized, 2},
    {"编制", Item::kStaffAuthorized, 2},
    {"行政编制", Item::kStaffAuthorizedPart, 2},
    {"事业编制", Item::kStaffAuthorizedPart, 2},
    {"政法专项编制", Item::kStaffAuthorizedPart, 2},
    {"年末实际在职", Item::kStaffActual, 2},
    {"实有在职", Item::kStaffActual, 2},
    {"在职实有", Item::kStaffActual, 2},
    {"在职在编", Item::kStaffActual, 2},
    {"在编", Item::kStaffActual, 2},
    {"在职", Item::kStaffActual, 2},
    {"正式职工", Item::kStaffActual, 2},
    {"在职职工", Item::kStaffActual, 2},
    {"实有人数", Item::kStaffActual, 2},
    {"现有职工", Item::kStaffActualWeak, 1},
    {"教职工", Item::kStaffActualWeak, 1},
    {"职工", Item::kStaffActualWeak, 1},
    {"离退休", Item::kStaffRetired, 2},
    {"离休", Item::kStaffRetiredPart, 2},
    {"退休", Item::kStaffRetiredPart, 2},
    {"退休职工", Item::kStaffRetiredPart, 2},
    {"退人", Item::kStaffRetiredPart, 1},  // a slip for 退休 (the seed)
    {"警务辅助", Item::kStaffAuxiliary, 2},
    {"辅助", Item::kStaffAuxiliary, 2},
    {"辅警", Item::kStaffAuxiliary, 2},
    {"编外", Item::kStaffAuxiliary, 2},
    {"聘用", Item::kStaffAuxiliary, 2},
    {"临聘", Item::kStaffAuxiliaryPart, 2},
    {"县招聘", Item::kStaffAuxiliaryPart, 2},
    {"招聘", Item::kStaffAuxiliaryPart, 1},
    {"临时工", Item::kStaffAuxiliaryPart, 2},
    {"人事派遣", Item::kStaffAuxiliaryPart, 2},
    {"劳务派遣", Item::kStaffAuxiliaryPart, 2},
    {"合同制", Item::kStaffAuxiliaryPart, 1},
    {"自评得分", Item::kSelfScore, 2},
    {"自评分数", Item::kSelfScore, 2},
    {"自评总分", Item::kSelfScore, 2},
};

struct Filler {
  absl::string_view text;
  Phase phase;
};

// Words between a label and its number that change nothing but the phase.
constexpr Filler kFillers[] = {
    {"上年决算数", Phase::kPrior},  {"上年决算", Phase::kPrior},
    {"上年同期", Phase::kPrior},    {"上年度", Phase::kPrior},
    {"较上年", Phase::kPrior},      {"比上年", Phase::kPrior},
    {"上年", Phase::kPrior},        {"去年", Phase::kPrior},
    {"年初预算数", Phase::kBudget}, {"年初预算", Phase::kBudget},
    {"全年预算数", Phase::kBudget}, {"预算总计", Phase::kBudget},
    {"预算数", Phase::kBudget},     {"预算", Phase::kBudget},
    {"决算支出数", Phase::kFinal},  {"支出决算数", Phase::kFinal},
    {"决算支出", Phase::kFinal},    {"支出决算", Phase::kFinal},
    {"决算总额", Phase::kFinal},    {"决算数", Phase::kFinal},
    {"决算", Phase::kFinal},        {"实际支出", Phase::kFinal},
    {"累计支出", Phase::kUnknown},  {"支出数", Phase::kUnknown},
    {"支出", Phase::kUnknown},      {"实际", Phase::kFinal},
    {"#年度", Phase::kUnknown},     {"#年", Phase::kUnknown},
    {"本年度", Phase::kUnknown},    {"年度", Phase::kUnknown},
    {"本年", Phase::kUnknown},      {"当年", Phase::kUnknown},
    {"全年", Phase::kUnknown},      {"总额", Phase::kUnknown},
    {"总计", Phase::kUnknown},      {"合计", Phase::kUnknown},
    {"共计", Phase::kUnknown},      {"共有", Phase::kUnknown},
    {"共", Phase::kUnknown},        {"计", Phase::kUnknown},
    {"达", Phase::kUnknown},        {"约", Phase::kUnknown},
    {"金额", Phase::kUnknown},      {"资金", Phase::kUnknown},
    {"指标", Phase::kUnknown},      {"累计", Phase::kUnknown},
    {"人员", Phase::kUnknown},      {"人数", Phase::kUnknown},
    {"总数", Phase::kUnknown},      {"数", Phase::kUnknown},
    {"为", Phase::kUnknown},        {"是", Phase::kUnknown},
    {"的", Phase::kUnknown},        {"了", Phase::kUnknown},
    {":", Phase::kUnknown},         {")", Phase::kUnknown},
    {",", Phase::kUnknown},         {"、", Phase::kUnknown},
    {"较", Phase::kUnknown},        {"比", Phase::kUnknown},
};

struct Change {
  absl::string_view text;
  int sign;
};

constexpr Change kChanges[] = {
    {"增加", 1},  {"增长", 1},  {"上升", 1},    {"提高", 1},  {"增", 1},
    {"减少", -1}, {"下降", -1}, {"降低", -1},   {"节约", -1}, {"压减", -1},
    {"减", -1},   {"降", -1},   {"差值为", -1},
};

// Names that contain 预算 but are funds or institutions, not the phase.
constexpr absl::string_view kNotPhase[] = {
    "一般公共预算", "公共预算", "政府性基金预算", "国有资本经营预算",
    "部门预算",     "预算单位", "预算法",         "预算绩效",
    "预算管理",     "预算公开", "预算信息",       "预决算",
    "预算执行",     "预算批复", "预算编制",       "一级预算",
    "二级预算",     "预算资金",
};

bool HasSuffix(absl::string_view s, absl::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::optional<LabelMatch> LabelAtEnd(absl::string_view context) {
  const Label* best = nullptr;
  for (const Label& l : kLabels) {
    if (HasSuffix(context, l.text) &&
        (best == nullptr || l.text.size() > best->text.size())) {
      best = &l;
    }
  }
  if (best == nullptr) return std::nullopt;
  return LabelMatch{best->item, context.size() - best->text.size(),
                    best->strength};
}

std::optional<LabelMatch> LastLabel(absl::string_view context) {
  std::optional<LabelMatch> best;
  size_t best_end = 0;
  for (const Label& l : kLabels) {
    const size_t at = context.rfind(l.text);
    if (at == absl::string_view::npos) continue;
    const size_t end = at + l.text.size();
    // The nearest end wins; at the same end, the longer label.
    if (!best || end > best_end || (end == best_end && at < best->begin)) {
      best = LabelMatch{l.item, at, l.strength};
      best_end = end;
    }
  }
  return best;
}

bool StripOneFiller(absl::string_view* context, Phase* phase) {
  const Filler* best = nullptr;
  for (const Filler& f : kFillers) {
    if (HasSuffix(*context, f.text) &&
        (best == nullptr || f.text.size() > best->text.size())) {
      best = &f;
    }
  }
  *phase = Phase::kUnknown;
  if (best == nullptr) return false;
  *phase = best->phase;
  context->remove_suffix(best->text.size());
  return true;
}

absl::string_view StripFillers(absl::string_view context, Phase* phase) {
  Phase p = Phase::kUnknown;
  while (StripOneFiller(&context, &p)) {
    // The word nearest the number names the phase ("上年决算数": prior).
    if (*phase == Phase::kUnknown) *phase = p;
  }
  return context;
}

bool FundPrefix(absl::string_view before) {
  for (absl::string_view fund : {"财政拨款", "一般公共预算", "政府性基金",
                                 "国有资本经营", "拨款", "预算", "基金"}) {
    if (HasSuffix(before, fund)) return true;
  }
  return false;
}

bool SubjectBoundary(absl::string_view before) {
  if (before.empty()) return true;
  for (absl::string_view end :
       {",",    ":",    "、", ")",  "#",  "度", "单位", "院", "局", "中心",
        "部门", "学校", "园", "所", "站", "队", "委",   "会", "办", "馆"}) {
    if (HasSuffix(before, end)) return true;
  }
  return false;
}

bool EndsWithChangeWord(absl::string_view context, int* sign) {
  while (HasSuffix(context, "了") || HasSuffix(context, ":")) {
    context.remove_suffix(HasSuffix(context, ":") ? 1 : 3);
  }
  for (const Change& c : kChanges) {
    if (HasSuffix(context, c.text)) {
      *sign = c.sign;
      return true;
    }
  }
  return false;
}

Phase PhaseIn(absl::string_view text) {
  std::string t(text);
  for (absl::string_view name : kNotPhase) {
    for (size_t at = t.find(name.data(), 0, name.size());
         at != std::string::npos; at = t.find(name.data(), at, name.size())) {
      t.replace(at, name.size(), "#");
    }
  }
  // "比年初预算…", "与2021年度预算相比", "完成预算的…": the other side of a
  // comparison, not the phase of what is compared.
  for (size_t at = t.find("预算"); at != std::string::npos;
       at = t.find("预算", at + 1)) {
    const size_t from = at >= 15 ? at - 15 : 0;
    const absl::string_view before(t.data() + from, at - from);
    if (before.find("比") != absl::string_view::npos ||
        before.find("较") != absl::string_view::npos ||
        before.find("与") != absl::string_view::npos ||
        before.find("完成") != absl::string_view::npos) {
      t.replace(at, 6, "#");
    }
  }
  Phase phase = Phase::kUnknown;
  size_t last = 0;
  const auto mark = [&](absl::string_view word, Phase p) {
    const size_t at = t.rfind(word.data(), std::string::npos, word.size());
    if (at != std::string::npos && (phase == Phase::kUnknown || at > last)) {
      phase = p;
      last = at;
    }
  };
  mark("预算", Phase::kBudget);
  mark("决算", Phase::kFinal);
  return phase;
}

bool IsThreePublic(Item item) {
  return item == Item::kSangong || item == Item::kVehicleTotal ||
         item == Item::kVehiclePurchase || item == Item::kVehicleOperation ||
         item == Item::kReception || item == Item::kOverseas;
}

bool IsStaff(Item item) {
  switch (item) {
    case Item::kStaffAuthorized:
    case Item::kStaffAuthorizedPart:
    case Item::kStaffActual:
    case Item::kStaffActualWeak:
    case Item::kStaffRetired:
    case Item::kStaffRetiredPart:
    case Item::kStaffAuxiliary:
    case Item::kStaffAuxiliaryPart:
      return true;
    default:
      return false;
  }
}

std::string KeyFor(Item item, Phase phase) {
  const bool budget = phase == Phase::kBudget;
  const bool prior = phase == Phase::kPrior;
  switch (item) {
    case Item::kSangong:
      return budget ? "" : prior ? "sangong_total_prior" : "sangong_total";
    case Item::kVehicleTotal:
      return budget ? "" : prior ? "vehicle_total_prior" : "vehicle_total";
    case Item::kVehiclePurchase:
      return budget || prior ? "" : "vehicle_purchase";
    case Item::kVehicleOperation:
      return budget || prior ? "" : "vehicle_operation";
    case Item::kReception:
      return budget ? "" : prior ? "reception_prior" : "reception";
    case Item::kOverseas:
      return budget ? "" : prior ? "overseas_prior" : "overseas";
    case Item::kBasic:
      return budget ? "budget_basic" : prior ? "" : "basic_final";
    case Item::kPersonnel:
      return budget ? "budget_personnel" : prior ? "" : "personnel_final";
    case Item::kPublic:
      return budget ? "budget_public" : prior ? "" : "public_final";
    case Item::kProject:
      return budget ? "budget_project" : prior ? "" : "project_final";
    case Item::kProjectsCounted:
      return budget ? "budget_project" : "";
    case Item::kRevenuePart:
      return "";
    case Item::kRevenue:
    case Item::kRevenueAmbiguous:
      return budget || prior ? "" : "revenue_final";
    case Item::kExpenditure:
      return budget || prior ? "" : "expenditure_final";
    case Item::kCarryover:
      return prior ? "" : "carryover_prior";
    case Item::kBalance:
      return budget || prior ? "" : "balance_end";
    case Item::kStaffAuthorized:
    case Item::kStaffAuthorizedPart:
      return "staff_authorized";
    case Item::kStaffActual:
    case Item::kStaffActualWeak:
      return "staff_actual";
    case Item::kStaffRetired:
    case Item::kStaffRetiredPart:
      return "staff_retired";
    case Item::kStaffAuxiliary:
    case Item::kStaffAuxiliaryPart:
      return "staff_auxiliary";
    case Item::kSelfScore:
      return "self_score";
    case Item::kNone:
      break;
  }
  return "";
}

}  // namespace jixiao::report_extract
