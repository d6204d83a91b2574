#include "services/evaluation/domain/scoring.h"

#include <algorithm>
#include <map>
#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "libs/money/decimal.h"
#include "services/evaluation/domain/points.h"

namespace jixiao::evaluation {
namespace {

namespace ipb = ::jixiao::indicator::v1;

constexpr int64_t kHundredPercent = 100 * kValueScale;

int64_t Points(absl::string_view text) { return ParsePoints(text); }
int64_t Value(absl::string_view text) { return ParseValue(text); }
std::string P(int64_t centi) { return FormatPoints(centi); }
std::string V(int64_t value) { return FormatValue(value); }

int64_t Clamp(int64_t score, int64_t weight) {
  return std::clamp<int64_t>(score, 0, weight);
}

std::string Unit(const ipb::Node& leaf) { return leaf.unit(); }

std::string RuleText(const ipb::Rule& rule, const std::string& unit,
                     int64_t weight) {
  const std::string u = unit;
  switch (rule.type()) {
    case ipb::CAP_DEDUCT_PER_POINT:
      return absl::StrCat(
          rule.beyond() == ipb::ABOVE ? "≤" : "≥", rule.limit(), u,
          "得满分，每", rule.beyond() == ipb::ABOVE ? "超过" : "低于",
          "1个百分点扣", rule.deduct_per_point(), "分，扣完为止");
    case ipb::STEP_DEDUCT_BELOW: {
      const bool above = rule.beyond() == ipb::ABOVE;
      const char* rounding =
          rule.rounding() == ipb::PARTIAL_STEP_COUNTS ? "（不足一档按一档计）"
          : rule.rounding() == ipb::WHOLE_STEPS_ONLY ? "（不足一档不扣）"
                                                     : "（不足一档按比例扣）";
      return absl::StrCat(above ? "≤" : "≥", rule.limit(), u, "得满分，每",
                          above ? "超出" : "低于", rule.step(), u, "扣",
                          rule.deduct_per_step(), "分", rounding, "，扣完为止");
    }
    case ipb::BANDED: {
      std::vector<std::string> parts;
      for (const ipb::Band& b : rule.bands()) {
        parts.push_back(b.upper().empty()
                            ? absl::StrCat("其余得", b.score(), "分")
                            : absl::StrCat(b.upper_inclusive() ? "≤" : "<",
                                           b.upper(), u, "得", b.score(),
                                           "分"));
      }
      return absl::StrJoin(parts, "；");
    }
    case ipb::PROPORTIONAL:
      return rule.direction() == ipb::POSITIVE
                 ? "得分 = 分值 × 实际值 ÷ 目标值（正向，最高满分）"
                 : "得分 = 分值 × 目标值 ÷ 实际值（反向，最高满分）";
    case ipb::QUALITATIVE_TIERS: {
      std::vector<std::string> parts;
      for (const ipb::Tier& t : rule.tiers()) {
        parts.push_back(absl::StrCat(t.name(), " ", t.min_share(), "%–",
                                     t.max_share(), "%"));
      }
      return absl::StrCat("按档位计分：", absl::StrJoin(parts, "；"));
    }
    case ipb::CHECKLIST:
      return absl::StrCat("共", rule.items_size(), "项，每少一项扣",
                          rule.deduct_per_missing(), "分");
    case ipb::NA_FULL:
      return absl::StrCat("不适用的得满分；适用的：",
                          RuleText(rule.when_applicable(), unit, weight));
    case ipb::EXEC_RATE:
      return "得分 = 分值 × min(执行率, 100%)";
    default:
      return "未知规则";
  }
}

std::string TargetText(const ipb::Target& t, const std::string& unit) {
  switch (t.comparator()) {
    case ipb::AT_LEAST:
      return absl::StrCat("≥", t.value(), unit);
    case ipb::AT_MOST:
      return absl::StrCat("≤", t.value(), unit);
    case ipb::EQUAL:
      return absl::StrCat("=", t.value(), unit);
    case ipb::QUALITATIVE:
      return t.text();
    default:
      return "";
  }
}

std::string SourceText(const ipb::IndicatorValue& v) {
  if (v.source() != ipb::DERIVED) return "填报";
  const ipb::Derivation& d = v.derivation();
  std::vector<std::string> inputs;
  for (const auto& in : d.inputs())
    inputs.push_back(absl::StrCat(in.name(), in.display()));
  return absl::StrCat("由预算数据计算（", d.formula(), "；",
                      absl::StrJoin(inputs, "，"), "）");
}

class LeafScorer {
 public:
  LeafScorer(const ipb::Node& leaf, const ipb::IndicatorValue& value)
      : leaf_(leaf), value_(value), weight_(Points(leaf.weight())) {
    out_.set_id(leaf.id());
    out_.set_parent_id(leaf.parent_id());
    out_.set_level(leaf.level());
    out_.set_name(leaf.name());
    out_.set_weight(leaf.weight());
    out_.set_rule(RuleText(leaf.rule(), Unit(leaf), weight_));
    out_.set_source(SourceText(value));
    if (value.has_target())
      out_.set_target(TargetText(value.target(), Unit(leaf)));
    if (value.has_self_score()) out_.set_self_score(value.self_score());
  }

  v1::ScoredIndicator Run() {
    const ipb::Rule& rule = leaf_.rule();
    if (rule.type() == ipb::NA_FULL && value_.actual().not_applicable()) {
      out_.set_value("不适用");
      return Finish(weight_, v1::NOT_APPLICABLE, "本年度不适用，按规则得满分");
    }
    const ipb::Rule& scoring =
        rule.type() == ipb::NA_FULL ? rule.when_applicable() : rule;
    switch (scoring.type()) {
      case ipb::QUALITATIVE_TIERS:
        return Tiers(scoring);
      case ipb::CHECKLIST:
        return Checklist(scoring);
      default:
        return Numeric(scoring);
    }
  }

 private:
  v1::ScoredIndicator Finish(int64_t score, v1::LeafStatus status,
                             const std::string& why) {
    score = Clamp(score, weight_);
    out_.set_score(P(score));
    out_.set_status(status);
    out_.set_explanation(absl::StrCat(leaf_.name(), "（分值", leaf_.weight(),
                                      "分）：", why, "。得", P(score), "分。"));
    return std::move(out_);  // a scorer scores once
  }

  void Deduct(int64_t points, const std::string& reason) {
    v1::Deduction* d = out_.add_deductions();
    d->set_points(P(points));
    d->set_reason(reason);
  }

  v1::ScoredIndicator Missing(const std::string& what) {
    switch (leaf_.rule().missing()) {
      case ipb::NOT_APPLICABLE:
        return Finish(weight_, v1::NOT_APPLICABLE,
                      absl::StrCat(what, "；框架规定缺值按不适用计，得满分"));
      case ipb::REQUIRED:
        return Finish(0, v1::FAILED,
                      absl::StrCat(what, "；框架规定此项必须有值，无法计分"));
      default:
        Deduct(weight_, what);
        return Finish(0, v1::MISSING,
                      absl::StrCat(what, "；框架规定缺值计0分"));
    }
  }

  v1::ScoredIndicator Numeric(const ipb::Rule& rule) {
    if (!value_.actual().has_value()) {
      if (value_.source() == ipb::DERIVED &&
          !value_.derivation().computable()) {
        return Missing(absl::StrCat("无法由预算数据计算（",
                                    value_.derivation().reason(), "）"));
      }
      return Missing("未填报实际值");
    }
    const int64_t v = Value(value_.actual().value());
    const std::string shown =
        absl::StrCat(value_.actual().value(), Unit(leaf_));
    out_.set_value(shown);
    switch (rule.type()) {
      case ipb::CAP_DEDUCT_PER_POINT:
        return Cap(rule, v, shown);
      case ipb::STEP_DEDUCT_BELOW:
        return Step(rule, v, shown);
      case ipb::BANDED:
        return Banded(rule, v, shown);
      case ipb::PROPORTIONAL:
        return Proportional(rule, v, shown);
      case ipb::EXEC_RATE: {
        const int64_t capped = std::min(v, kHundredPercent);
        const int64_t score =
            RoundDiv(static_cast<__int128>(weight_) * capped, kHundredPercent);
        if (score < weight_) Deduct(weight_ - score, "执行率未达100%");
        return Finish(score, v1::SCORED,
                      absl::StrCat("执行率", shown, "，", leaf_.weight(),
                                   " × min(", shown, ", 100%)"));
      }
      default:
        return Finish(0, v1::FAILED, "规则类型未知");
    }
  }

  v1::ScoredIndicator Cap(const ipb::Rule& rule, int64_t v,
                          const std::string& shown) {
    const int64_t limit = Value(rule.limit());
    const bool above = rule.beyond() == ipb::ABOVE;
    const int64_t excess = above ? v - limit : limit - v;
    if (excess <= 0) {
      return Finish(
          weight_, v1::SCORED,
          absl::StrCat("实际值", shown, "，未", above ? "超过" : "低于",
                       rule.limit(), Unit(leaf_), "，不扣分"));
    }
    const int64_t deduction = RoundDiv(
        static_cast<__int128>(excess) * Points(rule.deduct_per_point()),
        kValueScale);
    const std::string why = absl::StrCat(
        above ? "超过" : "低于", rule.limit(), Unit(leaf_), " ", V(excess),
        "个百分点，每个百分点扣", rule.deduct_per_point(), "分，应扣",
        P(deduction), "分", deduction >= weight_ ? "，扣完为止" : "");
    Deduct(std::min(deduction, weight_), why);
    return Finish(weight_ - deduction, v1::SCORED,
                  absl::StrCat("实际值", shown, "，", why));
  }

  v1::ScoredIndicator Step(const ipb::Rule& rule, int64_t v,
                           const std::string& shown) {
    const int64_t limit = Value(rule.limit());
    const bool above = rule.beyond() == ipb::ABOVE;
    const int64_t gap = above ? v - limit : limit - v;
    if (gap <= 0) {
      return Finish(weight_, v1::SCORED,
                    absl::StrCat("实际值", shown, above ? "，未超出" : "，达到",
                                 rule.limit(), Unit(leaf_), "，不扣分"));
    }
    const int64_t step = Value(rule.step());
    const int64_t per = Points(rule.deduct_per_step());
    int64_t deduction = 0;
    std::string steps;
    switch (rule.rounding()) {
      case ipb::PARTIAL_STEP_COUNTS: {
        const int64_t n = (gap + step - 1) / step;
        deduction = n * per;
        steps = absl::StrCat(n, "档（不足一档按一档计）");
        break;
      }
      case ipb::WHOLE_STEPS_ONLY: {
        const int64_t n = gap / step;
        deduction = n * per;
        steps = absl::StrCat(n, "档（不足一档不扣）");
        break;
      }
      default:
        deduction = RoundDiv(static_cast<__int128>(gap) * per, step);
        steps = absl::StrCat(V(gap), " ÷ ", rule.step(), "档（按比例）");
    }
    const std::string why = absl::StrCat(
        above ? "超出" : "低于", rule.limit(), Unit(leaf_), " ", V(gap),
        "个百分点，计", steps, "，每档扣", rule.deduct_per_step(), "分，应扣",
        P(deduction), "分", deduction >= weight_ ? "，扣完为止" : "");
    if (deduction > 0) Deduct(std::min(deduction, weight_), why);
    return Finish(weight_ - deduction, v1::SCORED,
                  absl::StrCat("实际值", shown, "，", why));
  }

  v1::ScoredIndicator Banded(const ipb::Rule& rule, int64_t v,
                             const std::string& shown) {
    for (const ipb::Band& band : rule.bands()) {
      const bool covers = band.upper().empty() ||
                          (band.upper_inclusive() ? v <= Value(band.upper())
                                                  : v < Value(band.upper()));
      if (!covers) continue;
      const int64_t score = Points(band.score());
      if (score < weight_)
        Deduct(weight_ - score, absl::StrCat("实际值", shown, "所在档位"));
      return Finish(
          score, v1::SCORED,
          absl::StrCat("实际值", shown, "，落在“",
                       band.upper().empty()
                           ? std::string("其余")
                           : absl::StrCat(band.upper_inclusive() ? "≤" : "<",
                                          band.upper(), Unit(leaf_)),
                       "”档，得", band.score(), "分"));
    }
    Deduct(weight_, "不在任何档位内");
    return Finish(0, v1::SCORED,
                  absl::StrCat("实际值", shown, "不在任何档位内"));
  }

  v1::ScoredIndicator Proportional(const ipb::Rule& rule, int64_t v,
                                   const std::string& shown) {
    if (!value_.has_target() || !value_.target().has_value()) {
      return Missing(
          absl::StrCat("实际值", shown, "，但未填报目标值，无法按比例计分"));
    }
    const int64_t t = Value(value_.target().value());
    const std::string target =
        absl::StrCat(value_.target().value(), Unit(leaf_));
    int64_t score = 0;
    std::string why;
    if (rule.direction() == ipb::POSITIVE) {
      if (t <= 0) return Missing("目标值为0，无法按比例计分");
      score = RoundDiv(static_cast<__int128>(weight_) * v, t);
      why = absl::StrCat("实际值", shown, "，目标值", target, "，",
                         leaf_.weight(), " × ", shown, " ÷ ", target);
    } else {
      score =
          v <= 0 ? weight_ : RoundDiv(static_cast<__int128>(weight_) * t, v);
      why = absl::StrCat("实际值", shown, "，目标值", target, "（反向），",
                         leaf_.weight(), " × ", target, " ÷ ", shown);
    }
    if (score >= weight_) {
      absl::StrAppend(&why, "，达到目标，得满分");
    } else {
      Deduct(weight_ - Clamp(score, weight_), "未达到目标值，按完成比例计分");
    }
    return Finish(score, v1::SCORED, why);
  }

  v1::ScoredIndicator Tiers(const ipb::Rule& rule) {
    if (!value_.actual().has_tier()) return Missing("未填报评价档位");
    for (const ipb::Tier& tier : rule.tiers()) {
      if (tier.name() != value_.actual().tier()) continue;
      const bool given = value_.actual().has_share();
      const int64_t share =
          Points(given ? value_.actual().share() : tier.min_share());
      const int64_t score =
          RoundDiv(static_cast<__int128>(weight_) * share, 10000);
      out_.set_value(absl::StrCat(
          tier.name(), given ? absl::StrCat("（", P(share), "%）") : ""));
      if (score < weight_) {
        Deduct(weight_ - score, absl::StrCat("评为“", tier.name(),
                                             "”，按分值的", P(share), "%计"));
      }
      return Finish(
          score, v1::SCORED,
          absl::StrCat("评为“", tier.name(), "”（该档为分值的",
                       tier.min_share(), "%–", tier.max_share(), "%），",
                       given ? absl::StrCat("取", P(share), "%")
                             : absl::StrCat("未给出档内比例，按档位下限",
                                            P(share), "%计")));
    }
    return Missing(
        absl::StrCat("评价档位“", value_.actual().tier(), "”不在框架中"));
  }

  v1::ScoredIndicator Checklist(const ipb::Rule& rule) {
    if (!value_.has_actual()) return Missing("未填报评价要点的符合情况");
    std::vector<std::string> lacking;
    for (const std::string& item : rule.items()) {
      const auto& met = value_.actual().items_met();
      if (std::find(met.begin(), met.end(), item) == met.end())
        lacking.push_back(item);
    }
    const int64_t per = Points(rule.deduct_per_missing());
    out_.set_value(absl::StrCat(
        "符合", rule.items_size() - static_cast<int>(lacking.size()), "/",
        rule.items_size(), "项"));
    for (const std::string& item : lacking) {
      Deduct(per, absl::StrCat("不符合：", item));
    }
    const int64_t deduction = per * static_cast<int64_t>(lacking.size());
    return Finish(weight_ - deduction, v1::SCORED,
                  lacking.empty()
                      ? std::string("评价要点全部符合")
                      : absl::StrCat(lacking.size(), "项不符合（",
                                     absl::StrJoin(lacking, "；"), "），每项扣",
                                     rule.deduct_per_missing(), "分"));
  }

  const ipb::Node& leaf_;
  const ipb::IndicatorValue& value_;
  const int64_t weight_;
  v1::ScoredIndicator out_;
};

}  // namespace

const std::vector<GradeBand>& DefaultGradeBands() {
  static const std::vector<GradeBand> bands = {
      {"优", 9000}, {"良", 8000}, {"中", 6000}, {"差", 0}};
  return bands;
}

absl::StatusOr<std::vector<GradeBand>> ParseGradeBands(absl::string_view text) {
  std::vector<GradeBand> bands;
  for (absl::string_view part : absl::StrSplit(text, ',')) {
    const std::vector<absl::string_view> kv = absl::StrSplit(part, ':');
    auto min = kv.size() == 2
                   ? money::ParseDecimal(kv[1], 2, 10000)
                   : absl::StatusOr<int64_t>(absl::InvalidArgumentError(""));
    if (kv.size() != 2 || kv[0].empty() || !min.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "grade bands: \"", part, "\" is not GRADE:MIN_PERCENT (e.g. 优:90)"));
    }
    if (!bands.empty() && *min >= bands.back().min_percent_centi) {
      return absl::InvalidArgumentError(
          "grade bands: list them from the highest down");
    }
    bands.push_back({std::string(kv[0]), *min});
  }
  if (bands.empty() || bands.back().min_percent_centi != 0) {
    return absl::InvalidArgumentError("grade bands: the last band starts at 0");
  }
  return bands;
}

std::string GradeOf(int64_t total, int64_t total_weight,
                    const std::vector<GradeBand>& bands) {
  for (const GradeBand& band : bands) {
    // total / total_weight ≥ min% ⇔ total × 10000 ≥ min_centi × total_weight
    if (static_cast<__int128>(total) * 10000 >=
        static_cast<__int128>(band.min_percent_centi) * total_weight) {
      return band.grade;
    }
  }
  return bands.empty() ? "" : bands.back().grade;
}

v1::ScoredIndicator ScoreLeaf(const ipb::Node& leaf,
                              const ipb::IndicatorValue& value) {
  return LeafScorer(leaf, value).Run();
}

Scored Score(
    const ipb::Framework& framework,
    const google::protobuf::RepeatedPtrField<ipb::IndicatorValue>& values,
    const std::vector<GradeBand>& bands) {
  std::map<std::string, const ipb::IndicatorValue*> by_id;
  for (const auto& v : values) by_id[v.indicator_id()] = &v;
  std::map<std::string, std::vector<std::string>> children;
  for (const auto& n : framework.nodes())
    children[n.parent_id()].push_back(n.id());

  Scored scored;
  std::map<std::string, v1::ScoredIndicator> leaves;
  std::map<std::string, int64_t> scores;
  const ipb::IndicatorValue empty;
  for (const ipb::Node& node : framework.nodes()) {
    if (children.contains(node.id())) continue;
    const auto it = by_id.find(node.id());
    const ipb::IndicatorValue& value = it == by_id.end() ? empty : *it->second;
    v1::ScoredIndicator leaf = ScoreLeaf(node, value);
    const bool stated_not_applicable = value.actual().not_applicable();
    if (leaf.status() == v1::MISSING || leaf.status() == v1::FAILED ||
        (leaf.status() == v1::NOT_APPLICABLE && !stated_not_applicable)) {
      scored.missing.push_back(
          absl::StrCat(node.id(), " ", node.name(), "：", leaf.explanation()));
    }
    if (leaf.status() == v1::FAILED) scored.complete = false;
    scores[node.id()] = Points(leaf.score());
    leaves[node.id()] = std::move(leaf);
  }
  // Parents sum their children, deepest first (levels run 3, 2, 1).
  for (int level = 3; level >= 1; --level) {
    for (const ipb::Node& node : framework.nodes()) {
      if (node.level() != level || !children.contains(node.id())) continue;
      int64_t sum = 0;
      for (const std::string& child : children[node.id()]) sum += scores[child];
      scores[node.id()] = sum;
    }
  }
  for (const ipb::Node& node : framework.nodes()) {
    if (const auto it = leaves.find(node.id()); it != leaves.end()) {
      scored.indicators.push_back(std::move(it->second));
      continue;
    }
    v1::ScoredIndicator parent;
    parent.set_id(node.id());
    parent.set_parent_id(node.parent_id());
    parent.set_level(node.level());
    parent.set_name(node.name());
    parent.set_weight(node.weight());
    parent.set_score(P(scores[node.id()]));
    parent.set_explanation(absl::StrCat(node.name(), "：下级指标得分合计",
                                        P(scores[node.id()]), "分（分值",
                                        node.weight(), "分）。"));
    scored.indicators.push_back(std::move(parent));
  }
  for (const std::string& root : children[""]) scored.total += scores[root];
  scored.total_weight =
      Points(framework.total().empty() ? "100" : framework.total());
  scored.grade = GradeOf(scored.total, scored.total_weight, bands);
  return scored;
}

}  // namespace jixiao::evaluation
