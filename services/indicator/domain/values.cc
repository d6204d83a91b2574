#include "services/indicator/domain/values.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "libs/base/status_macros.h"
#include "libs/money/decimal.h"
#include "libs/validate/validate.h"

namespace jixiao::indicator {
namespace {

using validate::Invalid;

std::string Who(const pb::Node& leaf) {
  return absl::StrCat("indicator ", leaf.id(), " ", leaf.name());
}

absl::Status CheckUnit(const std::string& field, const pb::Node& leaf,
                       absl::string_view unit) {
  if (unit != leaf.unit()) {
    return Invalid(field,
                   absl::StrCat("the unit is \"", unit, "\" but ", Who(leaf),
                                " is measured in \"", leaf.unit(), "\""));
  }
  return absl::OkStatus();
}

absl::Status CheckNumber(const std::string& field, const pb::Node& leaf,
                         const std::string& value) {
  JIXIAO_ASSIGN_OR_RETURN(auto number, ParseValue(field + ".value", value));
  if (number < 0 && !leaf.allow_negative()) {
    return Invalid(field + ".value",
                   absl::StrCat("must not be below 0 for ", Who(leaf)));
  }
  return absl::OkStatus();
}

absl::Status CheckTarget(const std::string& field, const pb::Node& leaf,
                         const pb::Target& target) {
  const bool numeric = KindOf(leaf) == ValueKind::kNumber;
  switch (target.comparator()) {
    case pb::AT_LEAST:
    case pb::AT_MOST:
    case pb::EQUAL:
      if (!numeric) {
        return Invalid(field + ".comparator",
                       absl::StrCat(Who(leaf),
                                    " is judged, not measured: "
                                    "use QUALITATIVE"));
      }
      JIXIAO_RETURN_IF_ERROR(CheckUnit(field + ".unit", leaf, target.unit()));
      return CheckNumber(field, leaf, target.value());
    case pb::QUALITATIVE:
      if (target.has_value()) {
        return Invalid(field + ".value", "a qualitative target is text");
      }
      return validate::ValidateText(field + ".text", target.text(), 500, true);
    default:
      return Invalid(field + ".comparator",
                     "AT_LEAST, AT_MOST, EQUAL or QUALITATIVE is required");
  }
}

absl::Status CheckActual(const std::string& field, const pb::Node& leaf,
                         const pb::Actual& actual) {
  if (actual.not_applicable()) {
    if (leaf.rule().type() != pb::NA_FULL) {
      return Invalid(field + ".not_applicable",
                     absl::StrCat(Who(leaf), " is always applicable"));
    }
    return absl::OkStatus();
  }
  const pb::Rule& rule = leaf.rule().type() == pb::NA_FULL
                             ? leaf.rule().when_applicable()
                             : leaf.rule();
  switch (KindOf(leaf)) {
    case ValueKind::kNumber:
      if (actual.has_tier() || !actual.items_met().empty()) {
        return Invalid(field + (actual.has_tier() ? ".tier" : ".items_met"),
                       absl::StrCat(Who(leaf), " takes a number in \"",
                                    leaf.unit(), "\""));
      }
      if (!actual.has_value()) return Invalid(field + ".value", "is required");
      JIXIAO_RETURN_IF_ERROR(CheckUnit(field + ".unit", leaf, actual.unit()));
      return CheckNumber(field, leaf, actual.value());
    case ValueKind::kTier: {
      if (actual.has_value()) {
        return Invalid(field + ".value",
                       absl::StrCat(Who(leaf), " takes a tier, not a number"));
      }
      for (const pb::Tier& tier : rule.tiers()) {
        if (tier.name() != actual.tier()) continue;
        if (!actual.has_share()) return absl::OkStatus();
        JIXIAO_ASSIGN_OR_RETURN(auto share,
                                ParsePoints(field + ".share", actual.share()));
        auto low = ParsePoints("", tier.min_share());
        auto high = ParsePoints("", tier.max_share());
        if (share < *low || share > *high) {
          return Invalid(
              field + ".share",
              absl::StrCat("must lie within the tier, ", tier.min_share(),
                           " to ", tier.max_share()));
        }
        return absl::OkStatus();
      }
      return Invalid(
          field + ".tier",
          absl::StrCat("\"", actual.tier(), "\" is not a tier of ", Who(leaf)));
    }
    case ValueKind::kChecklist: {
      if (actual.has_value()) {
        return Invalid(field + ".value",
                       absl::StrCat(Who(leaf), " takes checklist items"));
      }
      const std::set<std::string> items(rule.items().begin(),
                                        rule.items().end());
      std::set<std::string> seen;
      for (int i = 0; i < actual.items_met_size(); ++i) {
        const std::string& item = actual.items_met(i);
        const std::string at = absl::StrCat(field, ".items_met[", i, "]");
        if (!items.contains(item)) {
          return Invalid(
              at, absl::StrCat("\"", item, "\" is not an item of ", Who(leaf)));
        }
        if (!seen.insert(item).second) return Invalid(at, "appears twice");
      }
      return absl::OkStatus();
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateEnteredValue(absl::string_view field, const pb::Node& leaf,
                                  pb::IndicatorValue* value) {
  const std::string at(field);
  if (leaf.source() == pb::DERIVED && value->has_actual()) {
    return Invalid(at + ".actual",
                   absl::StrCat(Who(leaf),
                                " is derived from the budget figures; its "
                                "actual value cannot be entered"));
  }
  if (value->has_derivation()) {
    return Invalid(at + ".derivation", "is set by the service");
  }
  if (value->has_target_origin()) {
    return Invalid(at + ".target_origin", "is set by the service");
  }
  if (value->has_target()) {
    JIXIAO_RETURN_IF_ERROR(CheckTarget(at + ".target", leaf, value->target()));
  }
  if (value->has_actual()) {
    JIXIAO_RETURN_IF_ERROR(CheckActual(at + ".actual", leaf, value->actual()));
  }
  JIXIAO_RETURN_IF_ERROR(
      validate::ValidateText(at + ".evidence", value->evidence(), 2000, false));
  if (value->has_self_score()) {
    auto weight = ParsePoints("", leaf.weight());
    JIXIAO_RETURN_IF_ERROR(
        ValidateSelfScore(at + ".self_score", value->self_score(), *weight));
  }
  value->set_source(leaf.source());
  return absl::OkStatus();
}

absl::Status ValidateTarget(absl::string_view field, const pb::Node& leaf,
                            const pb::Target& target) {
  return CheckTarget(std::string(field), leaf, target);
}

absl::Status ValidateSelfScore(absl::string_view field, absl::string_view text,
                               int64_t max_points) {
  JIXIAO_ASSIGN_OR_RETURN(auto score, ParsePoints(field, text));
  if (score < 0 || score > max_points) {
    return Invalid(
        field, absl::StrCat("must be between 0 and ",
                            money::FormatDecimal(max_points, kPointDecimals)));
  }
  return absl::OkStatus();
}

}  // namespace jixiao::indicator
