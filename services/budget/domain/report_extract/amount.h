// Numbers as the text states them into exact amounts: 分 (int64) and the
// 万元 text of the JSON. No floating point.
#ifndef JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_AMOUNT_H_
#define JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_AMOUNT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "services/budget/domain/report_extract/tokens.h"

namespace jixiao::report_extract {

// The amount in 分; nullopt for a unit that is not money or a number the
// unit cannot carry exactly (more than two decimals of 元 …).
std::optional<int64_t> ToFen(const std::string& digits, Unit unit);

// 分 as 万元 text, exact, trailing zeros dropped: 1388700 → "1.3887".
std::string WanText(int64_t fen);

// A stated percent as an exact fraction scaled by 10^decimals ("46.7242",
// 4 → 467242); nullopt beyond 9 decimals.
std::optional<int64_t> ScaledPercent(const std::string& digits, int decimals);

// Whether numerator / denominator × 100 agrees with a percent stated with
// `decimals` decimals: equal when rounded or truncated to that precision,
// or within 0.01 point. denominator != 0.
bool RateAgrees(int64_t numerator, int64_t denominator, int64_t stated_scaled,
                int decimals);

// numerator / denominator × 100 at two decimals, rounded: "214.02".
std::string RateText(int64_t numerator, int64_t denominator);

}  // namespace jixiao::report_extract

#endif  // JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_AMOUNT_H_
