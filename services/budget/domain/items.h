// The figures a department-year carries, one table for all of them: the key
// (also the field name in the API and in storage) and the Chinese label a
// finance officer reads.
#ifndef JIXIAO_SERVICES_BUDGET_DOMAIN_ITEMS_H_
#define JIXIAO_SERVICES_BUDGET_DOMAIN_ITEMS_H_

#include <array>
#include <optional>

#include "absl/strings/string_view.h"
#include "libs/money/money.h"

namespace jixiao::budget {

using money::Fen;

// X(enumerator, key, label)
#define JIXIAO_BUDGET_ITEMS(X)                                               \
  X(kTotalExpenditure, "total_expenditure", "支出合计")                      \
  X(kBasicExpenditure, "basic_expenditure", "基本支出")                      \
  X(kPersonnel, "personnel", "人员经费")                                     \
  X(kWages301, "wages_301", "工资福利支出(301)")                             \
  X(kFamilySubsidies303, "family_subsidies_303", "对个人和家庭的补助(303)")  \
  X(kPublicFunds, "public_funds", "公用经费")                                \
  X(kGoodsServices302, "goods_services_302", "商品和服务支出(302)")          \
  X(kBasicCapital310, "basic_capital_310", "基本支出中的资本性支出(310)")    \
  X(kProjectExpenditure, "project_expenditure", "项目支出")                  \
  X(kProjectCapitalConstruction, "project_capital_construction",             \
    "基本建设类项目")                                                        \
  X(kProjectAdministrative, "project_administrative", "行政事业类项目")      \
  X(kFiscalExpenditure, "fiscal_expenditure", "财政拨款支出")                \
  X(kPaymentsToSuperior, "payments_to_superior", "上缴上级支出")             \
  X(kBusinessExpenditure, "business_expenditure", "经营支出")                \
  X(kSubsidiesToAffiliates, "subsidies_to_affiliates", "对附属单位补助支出") \
  X(kCarryoverPrior, "carryover_prior", "年初结转和结余")                    \
  X(kRevenueTotal, "revenue_total", "本年收入合计")                          \
  X(kRevenueFiscal, "revenue_fiscal", "财政拨款收入")                        \
  X(kRevenueGeneralBudget, "revenue_general_budget",                         \
    "一般公共预算财政拨款收入")                                              \
  X(kRevenueGovFund, "revenue_gov_fund", "政府性基金预算财政拨款收入")       \
  X(kRevenueStateCapital, "revenue_state_capital",                           \
    "国有资本经营预算财政拨款收入")                                          \
  X(kRevenueSuperiorSubsidy, "revenue_superior_subsidy", "上级补助收入")     \
  X(kRevenuePublicService, "revenue_public_service", "事业收入")             \
  X(kRevenueBusiness, "revenue_business", "经营收入")                        \
  X(kRevenueAffiliates, "revenue_affiliates", "附属单位上缴收入")            \
  X(kRevenueOther, "revenue_other", "其他收入")                              \
  X(kRevenueGrandTotal, "revenue_grand_total", "收入总计(含年初结转)")       \
  X(kNonFiscalSurplusUsed, "non_fiscal_surplus_used", "使用非财政拨款结余")  \
  X(kSurplusDistribution, "surplus_distribution", "结余分配")                \
  X(kCarryoverYearEnd, "carryover_year_end", "年末结转和结余")               \
  X(kSupplement, "supplement", "本年追加预算")                               \
  X(kReduction, "reduction", "本年追减预算")                                 \
  X(kProcurement, "procurement", "政府采购金额")                             \
  X(kThreePublicTotal, "three_public_total", "“三公”经费合计")               \
  X(kAbroad, "abroad", "因公出国(境)费")                                     \
  X(kVehicleTotal, "vehicle_total", "公务用车购置及运行维护费")              \
  X(kVehiclePurchase, "vehicle_purchase", "公务用车购置费")                  \
  X(kVehicleOperation, "vehicle_operation", "公务用车运行维护费")            \
  X(kReception, "reception", "公务接待费")                                   \
  X(kAdminRunningCost, "admin_running_cost", "机关运行经费")

enum class Item : int {
#define JIXIAO_ITEM_ENUM(name, key, label) name,
  JIXIAO_BUDGET_ITEMS(JIXIAO_ITEM_ENUM)
#undef JIXIAO_ITEM_ENUM
};

inline constexpr int kItemCount = 0
#define JIXIAO_ITEM_COUNT(name, key, label) +1
    JIXIAO_BUDGET_ITEMS(JIXIAO_ITEM_COUNT)
#undef JIXIAO_ITEM_COUNT
    ;

absl::string_view KeyOf(Item item);
absl::string_view LabelOf(Item item);
std::optional<Item> ItemByKey(absl::string_view key);
const std::array<Item, kItemCount>& AllItems();

enum class Phase { kOriginal = 1, kAdjusted = 2, kFinal = 3 };

absl::string_view LabelOf(Phase phase);  // 年初预算 / 调整预算 / 决算

// One phase's figures. Absent means not reported; it is never read as 0.
class PhaseFigures {
 public:
  std::optional<Fen> Get(Item item) const {
    return values_[static_cast<int>(item)];
  }
  bool Has(Item item) const { return Get(item).has_value(); }
  void Set(Item item, Fen value) { values_[static_cast<int>(item)] = value; }
  void Clear(Item item) { values_[static_cast<int>(item)].reset(); }
  bool Empty() const;

 private:
  std::array<std::optional<Fen>, kItemCount> values_;
};

}  // namespace jixiao::budget

#endif  // JIXIAO_SERVICES_BUDGET_DOMAIN_ITEMS_H_
