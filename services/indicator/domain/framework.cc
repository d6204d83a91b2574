#include "services/indicator/domain/framework.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/base/status_macros.h"
#include "libs/money/decimal.h"
#include "libs/validate/validate.h"

namespace jixiao::indicator {
namespace {

using validate::Invalid;

constexpr const char* kDerivable[] = {"staff_control",
                                      "three_public_change_budget",
                                      "three_public_change_final",
                                      "three_public_control",
                                      "budget_completion_hunan",
                                      "budget_control",
                                      "budget_adjustment",
                                      "execution_rate",
                                      "payment_progress",
                                      "carryover_ratio",
                                      "carryover_change",
                                      "public_funds_control",
                                      "procurement_execution",
                                      "key_spending_share"};

// A node's path for messages: "framework.nodes[4]", and who it is.
struct Where {
  std::string path;
  std::string who;  // "(indicator 1.2.1 在职人员控制率)"

  absl::Status Error(absl::string_view field, absl::string_view problem) const {
    return Invalid(absl::StrCat(path, field.empty() ? "" : ".", field),
                   absl::StrCat(problem, " ", who));
  }
};

absl::StatusOr<int64_t> Points(const Where& at, absl::string_view field,
                               absl::string_view text) {
  auto points = ParsePoints("", text);
  if (!points.ok()) return at.Error(field, points.status().message());
  return points;
}

absl::Status PositivePoints(const Where& at, absl::string_view field,
                            absl::string_view text) {
  JIXIAO_ASSIGN_OR_RETURN(auto points, Points(at, field, text));
  if (points <= 0) return at.Error(field, "must be more than 0");
  return absl::OkStatus();
}

absl::StatusOr<int64_t> Value(const Where& at, absl::string_view field,
                              absl::string_view text) {
  auto value = ParseValue("", text);
  if (!value.ok()) return at.Error(field, value.status().message());
  return value;
}

absl::Status ValidateBands(const Where& at, const pb::Rule& rule,
                           int64_t weight) {
  if (rule.bands().empty()) return at.Error("rule.bands", "needs a band");
  std::optional<int64_t> previous;
  for (int i = 0; i < rule.bands_size(); ++i) {
    const pb::Band& band = rule.bands(i);
    const std::string field = absl::StrCat("rule.bands[", i, "]");
    JIXIAO_ASSIGN_OR_RETURN(auto score,
                            Points(at, field + ".score", band.score()));
    if (score < 0 || score > weight) {
      return at.Error(field + ".score", "must be between 0 and the weight");
    }
    if (band.upper().empty()) {
      if (i != rule.bands_size() - 1) {
        return at.Error(field + ".upper", "only the last band may be open");
      }
      continue;
    }
    JIXIAO_ASSIGN_OR_RETURN(auto upper,
                            Value(at, field + ".upper", band.upper()));
    if (previous && upper <= *previous) {
      return at.Error(field + ".upper", "bands must rise");
    }
    previous = upper;
  }
  return absl::OkStatus();
}

absl::Status ValidateTiers(const Where& at, const pb::Rule& rule) {
  if (rule.tiers().empty()) return at.Error("rule.tiers", "needs a tier");
  std::set<std::string> names;
  std::vector<std::pair<int64_t, int64_t>> ranges;
  for (int i = 0; i < rule.tiers_size(); ++i) {
    const pb::Tier& tier = rule.tiers(i);
    const std::string field = absl::StrCat("rule.tiers[", i, "]");
    JIXIAO_RETURN_IF_ERROR(
        validate::ValidateText(field + ".name", tier.name(), 50, true));
    if (!names.insert(tier.name()).second) {
      return at.Error(field + ".name", "appears twice");
    }
    JIXIAO_ASSIGN_OR_RETURN(auto low,
                            Points(at, field + ".min_share", tier.min_share()));
    JIXIAO_ASSIGN_OR_RETURN(auto high,
                            Points(at, field + ".max_share", tier.max_share()));
    if (low < 0 || high > 10000 || low > high) {
      return at.Error(field, "shares run from min to max within 0 to 100");
    }
    ranges.emplace_back(low, high);
  }
  std::sort(ranges.begin(), ranges.end());
  for (size_t i = 1; i < ranges.size(); ++i) {
    if (ranges[i].first < ranges[i - 1].second) {
      return at.Error("rule.tiers", "tiers overlap");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateRule(const Where& at, const pb::Rule& rule, int64_t weight,
                          bool nested) {
  switch (rule.type()) {
    case pb::CAP_DEDUCT_PER_POINT:
      if (!rule.has_limit()) return at.Error("rule.limit", "is required");
      JIXIAO_RETURN_IF_ERROR(Value(at, "rule.limit", rule.limit()).status());
      if (rule.beyond() == pb::BEYOND_UNSPECIFIED) {
        return at.Error("rule.beyond", "ABOVE or BELOW is required");
      }
      return PositivePoints(at, "rule.deduct_per_point",
                            rule.deduct_per_point());
    case pb::STEP_DEDUCT_BELOW: {
      if (!rule.has_limit()) return at.Error("rule.limit", "is required");
      JIXIAO_RETURN_IF_ERROR(Value(at, "rule.limit", rule.limit()).status());
      JIXIAO_ASSIGN_OR_RETURN(auto step, Value(at, "rule.step", rule.step()));
      if (step <= 0) return at.Error("rule.step", "must be more than 0");
      JIXIAO_RETURN_IF_ERROR(
          PositivePoints(at, "rule.deduct_per_step", rule.deduct_per_step()));
      if (rule.rounding() == pb::ROUNDING_UNSPECIFIED) {
        return at.Error("rule.rounding",
                        "PARTIAL_STEP_COUNTS, WHOLE_STEPS_ONLY or PRORATED "
                        "is required");
      }
      return absl::OkStatus();
    }
    case pb::BANDED:
      return ValidateBands(at, rule, weight);
    case pb::PROPORTIONAL:
      if (rule.direction() == pb::DIRECTION_UNSPECIFIED) {
        return at.Error("rule.direction", "POSITIVE or NEGATIVE is required");
      }
      return absl::OkStatus();
    case pb::QUALITATIVE_TIERS:
      return ValidateTiers(at, rule);
    case pb::CHECKLIST: {
      if (rule.items().empty()) return at.Error("rule.items", "needs an item");
      std::set<std::string> items;
      for (int i = 0; i < rule.items_size(); ++i) {
        const std::string field = absl::StrCat("rule.items[", i, "]");
        JIXIAO_RETURN_IF_ERROR(
            validate::ValidateText(field, rule.items(i), 200, true));
        if (!items.insert(rule.items(i)).second) {
          return at.Error(field, "appears twice");
        }
      }
      return PositivePoints(at, "rule.deduct_per_missing",
                            rule.deduct_per_missing());
    }
    case pb::NA_FULL:
      if (nested)
        return at.Error("rule.when_applicable", "cannot nest NA_FULL");
      if (!rule.has_when_applicable()) {
        return at.Error("rule.when_applicable",
                        "is required: the rule that scores when applicable");
      }
      return ValidateRule(at, rule.when_applicable(), weight, true);
    case pb::EXEC_RATE:
      return absl::OkStatus();
    default:
      return at.Error("rule.type", "is not a known rule type");
  }
}

absl::Status ValidateLeaf(const Where& at, pb::Node* node, int64_t weight) {
  if (!node->has_rule()) return at.Error("rule", "a leaf needs a scoring rule");
  JIXIAO_RETURN_IF_ERROR(ValidateRule(at, node->rule(), weight, false));
  JIXIAO_RETURN_IF_ERROR(
      validate::ValidateText(at.path + ".unit", node->unit(), 10, false));
  if (node->source() == pb::VALUE_SOURCE_UNSPECIFIED) {
    node->set_source(pb::ENTERED);
  }
  if (node->source() == pb::DERIVED) {
    if (!IsDerivableFormula(node->formula_id())) {
      return at.Error("formula_id",
                      absl::StrCat("\"", node->formula_id(),
                                   "\" is not a rate the budget service "
                                   "computes"));
    }
    if (node->unit() != "%") {
      return at.Error("unit", "a derived rate is in %");
    }
    if (KindOf(*node) != ValueKind::kNumber) {
      return at.Error("rule.type", "a derived value is a number");
    }
  } else if (!node->formula_id().empty()) {
    return at.Error("formula_id", "only DERIVED indicators name a formula");
  }
  if (node->rule().type() == pb::EXEC_RATE && node->unit() != "%") {
    return at.Error("unit", "EXEC_RATE scores a rate in %");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<int64_t> ParsePoints(absl::string_view field,
                                    absl::string_view text) {
  auto points = money::ParseDecimal(text, kPointDecimals, kMaxPoints);
  if (!points.ok()) {
    return Invalid(field, absl::StrCat(points.status().message(),
                                       " (points, at most two decimals)"));
  }
  return points;
}

absl::StatusOr<int64_t> ParseValue(absl::string_view field,
                                   absl::string_view text) {
  auto value = money::ParseDecimal(text, kValueDecimals, kMaxValue);
  if (!value.ok()) {
    return Invalid(field, absl::StrCat(value.status().message(),
                                       " (at most four decimals)"));
  }
  return value;
}

bool IsDerivableFormula(absl::string_view formula_id) {
  return std::find(std::begin(kDerivable), std::end(kDerivable), formula_id) !=
         std::end(kDerivable);
}

ValueKind KindOf(const pb::Node& leaf) {
  const pb::Rule& rule = leaf.rule().type() == pb::NA_FULL
                             ? leaf.rule().when_applicable()
                             : leaf.rule();
  switch (rule.type()) {
    case pb::QUALITATIVE_TIERS:
      return ValueKind::kTier;
    case pb::CHECKLIST:
      return ValueKind::kChecklist;
    default:
      return ValueKind::kNumber;
  }
}

std::vector<const pb::Node*> Leaves(const pb::Framework& framework) {
  std::set<std::string> parents;
  for (const pb::Node& n : framework.nodes()) parents.insert(n.parent_id());
  std::vector<const pb::Node*> leaves;
  for (const pb::Node& n : framework.nodes()) {
    if (!parents.contains(n.id())) leaves.push_back(&n);
  }
  return leaves;
}

const pb::Node* FindNode(const pb::Framework& framework, absl::string_view id) {
  for (const pb::Node& n : framework.nodes()) {
    if (n.id() == id) return &n;
  }
  return nullptr;
}

namespace {

// The framework's own fields; its total (100 unless given) in hundredths.
absl::StatusOr<int64_t> NormalizeHeader(pb::Framework* f) {
  f->clear_version();
  f->clear_in_use();
  JIXIAO_RETURN_IF_ERROR(
      validate::ValidateDepartmentCode("framework.id", f->id()));
  JIXIAO_RETURN_IF_ERROR(
      validate::ValidateText("framework.name", f->name(), 200, true));
  JIXIAO_RETURN_IF_ERROR(
      validate::ValidateText("framework.issuer", f->issuer(), 100, false));
  JIXIAO_RETURN_IF_ERROR(
      validate::ValidateText("framework.basis", f->basis(), 2000, false));
  JIXIAO_RETURN_IF_ERROR(
      validate::ValidateRegionCode("framework.region_code", f->region_code()));
  JIXIAO_RETURN_IF_ERROR(validate::ValidateYear("framework.year", f->year()));
  if (!f->has_total()) f->set_total("100");
  JIXIAO_ASSIGN_OR_RETURN(auto total,
                          ParsePoints("framework.total", f->total()));
  if (total <= 0) return Invalid("framework.total", "must be more than 0");
  if (f->nodes().empty()) return Invalid("framework.nodes", "needs indicators");
  if (f->nodes_size() > kMaxNodes) {
    return Invalid("framework.nodes",
                   absl::StrCat("at most ", kMaxNodes, " indicators"));
  }
  return total;
}

// Each node's own fields, checked one by one, with what later steps need.
struct NodeIndex {
  std::map<std::string, int> position;  // id → position
  std::vector<Where> where;
  std::vector<int64_t> weight;  // hundredths
};

absl::StatusOr<NodeIndex> IndexNodes(pb::Framework* f) {
  NodeIndex out;
  out.where.resize(f->nodes_size());
  out.weight.resize(f->nodes_size());
  for (int i = 0; i < f->nodes_size(); ++i) {
    const pb::Node& n = f->nodes(i);
    Where& where = out.where[i];
    where.path = absl::StrCat("framework.nodes[", i, "]");
    JIXIAO_RETURN_IF_ERROR(
        validate::ValidateDepartmentCode(where.path + ".id", n.id()));
    where.who = absl::StrCat("(indicator ", n.id(), " ", n.name(), ")");
    if (!out.position.emplace(n.id(), i).second) {
      return where.Error("id", absl::StrCat("\"", n.id(), "\" appears twice"));
    }
    JIXIAO_RETURN_IF_ERROR(
        validate::ValidateText(where.path + ".name", n.name(), 200, true));
    JIXIAO_RETURN_IF_ERROR(validate::ValidateText(where.path + ".definition",
                                                  n.definition(), 2000, false));
    JIXIAO_ASSIGN_OR_RETURN(auto w, Points(where, "weight", n.weight()));
    if (w < 0) return where.Error("weight", "must not be negative");
    out.weight[i] = w;
  }
  return out;
}

// The weights each level sums to, gathered while the tree is placed.
struct WeightSums {
  int64_t roots = 0;
  std::map<std::string, int64_t> children;  // parent id → its children's sum
};

// Parents exist, no cycles, depth at most three: walks up from each node and
// sets its level.
absl::StatusOr<WeightSums> PlaceInTree(pb::Framework* f,
                                       const NodeIndex& index) {
  WeightSums sums;
  for (int i = 0; i < f->nodes_size(); ++i) {
    pb::Node& n = *f->mutable_nodes(i);
    int depth = 1;
    std::string parent = n.parent_id();
    while (!parent.empty()) {
      const auto it = index.position.find(parent);
      if (it == index.position.end()) {
        return index.where[i].Error(
            "parent_id", absl::StrCat("no indicator \"", parent, "\""));
      }
      // A chain longer than the tree has nodes has come round in a circle.
      if (parent == n.id() || depth > f->nodes_size()) {
        return index.where[i].Error("parent_id",
                                    "the parent chain comes back to this node");
      }
      ++depth;
      parent = f->nodes(it->second).parent_id();
    }
    if (depth > kMaxDepth) {
      return index.where[i].Error("parent_id",
                                  "the tree is deeper than 一级/二级/三级");
    }
    n.set_level(depth);
    if (n.parent_id().empty()) {
      sums.roots += index.weight[i];
    } else {
      sums.children[n.parent_id()] += index.weight[i];
    }
  }
  return sums;
}

// The 一级 weights make the total, each parent's weight is its children's
// sum and carries no rule, and each leaf's rule fits its weight.
absl::Status ValidateWeightsAndLeaves(pb::Framework* f, int64_t total,
                                      const NodeIndex& index,
                                      const WeightSums& sums) {
  if (sums.roots != total) {
    return Invalid(
        "framework.nodes",
        absl::StrCat("the 一级 weights sum to ",
                     money::FormatDecimal(sums.roots, kPointDecimals),
                     ", not the total ", f->total()));
  }
  for (int i = 0; i < f->nodes_size(); ++i) {
    pb::Node& n = *f->mutable_nodes(i);
    const auto children = sums.children.find(n.id());
    if (children == sums.children.end()) {
      JIXIAO_RETURN_IF_ERROR(ValidateLeaf(index.where[i], &n, index.weight[i]));
      continue;
    }
    if (children->second != index.weight[i]) {
      return index.where[i].Error(
          "weight",
          absl::StrCat("is ", n.weight(), " but its children's weights sum to ",
                       money::FormatDecimal(children->second, kPointDecimals)));
    }
    if (n.has_rule() || !n.formula_id().empty()) {
      return index.where[i].Error("rule", "only leaves carry a rule");
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status NormalizeFramework(pb::Framework* f) {
  JIXIAO_ASSIGN_OR_RETURN(const auto total, NormalizeHeader(f));
  JIXIAO_ASSIGN_OR_RETURN(const auto index, IndexNodes(f));
  JIXIAO_ASSIGN_OR_RETURN(const auto sums, PlaceInTree(f, index));
  return ValidateWeightsAndLeaves(f, total, index, sums);
}

}  // namespace jixiao::indicator
