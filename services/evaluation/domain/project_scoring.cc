#include "services/evaluation/domain/project_scoring.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "libs/money/decimal.h"
#include "libs/money/money.h"
#include "libs/money/percent.h"
#include "services/evaluation/domain/points.h"

namespace jixiao::evaluation {
namespace {

namespace ipb = ::jixiao::indicator::v1;

constexpr int64_t kFullMarks = 100 * 100;  // 100 points, in hundredths

// The 一级 blocks of the form. 成本指标 counts under 产出 whichever tree
// the targets use (a 二级 of 产出 before 财预〔2021〕101号, a 一级 after):
// the 10号 form has no weight of its own for it.
enum class Block { kOutput, kEffect, kSatisfaction, kOther };

Block BlockOf(absl::string_view level1) {
  if (absl::StrContains(level1, "产出") || absl::StrContains(level1, "成本")) {
    return Block::kOutput;
  }
  if (absl::StrContains(level1, "效益")) return Block::kEffect;
  if (absl::StrContains(level1, "满意度")) return Block::kSatisfaction;
  return Block::kOther;
}

const char* BlockName(Block b) {
  switch (b) {
    case Block::kOutput:
      return "产出指标";
    case Block::kEffect:
      return "效益指标";
    case Block::kSatisfaction:
      return "满意度指标";
    default:
      return "其他指标";
  }
}

std::string P(int64_t centi) { return FormatPoints(centi); }

// "≥ 100 个": the target as the form shows it; a 定性 one in its words.
std::string TargetText(const ipb::TargetIndicator& t) {
  const char* op = t.comparator() == ipb::AT_LEAST  ? "≥ "
                   : t.comparator() == ipb::AT_MOST ? "≤ "
                   : t.comparator() == ipb::EQUAL   ? "= "
                                                    : "";
  return absl::StrCat(op, t.value(), t.unit().empty() ? "" : " ", t.unit());
}

std::string WithUnit(absl::string_view value, const ipb::TargetIndicator& t) {
  return absl::StrCat(value, t.unit().empty() ? "" : " ", t.unit());
}

struct Level {
  const char* name;
  int64_t min_centi;  // lowest percent of the weight, in hundredths
  int64_t max_centi;
};

// 财预〔2020〕10号's bands for 定性 indicators (docs/domain.md §2.2).
std::optional<Level> LevelOf(ipb::Achievement a) {
  switch (a) {
    case ipb::ACHIEVED:
      return Level{"达成年度指标", 8000, 10000};
    case ipb::PARTLY_ACHIEVED:
      return Level{"部分达成并具有一定效果", 6000, 8000};
    case ipb::NOT_ACHIEVED:
      return Level{"未达成且效果较差", 0, 6000};
    default:
      return std::nullopt;
  }
}

std::string FilingStatus(ipb::Status s) {
  switch (s) {
    case ipb::DRAFT:
      return "草稿";
    case ipb::SUBMITTED:
      return "已提交";
    case ipb::RETURNED:
      return "已退回";
    case ipb::APPROVED:
      return "已审核";
    default:
      return "";
  }
}

class ProjectScorer {
 public:
  ProjectScorer(const ProjectInputs& in, const v1::ProjectScheme& scheme,
                const std::vector<GradeBand>& bands)
      : in_(in), scheme_(scheme), bands_(bands) {}

  void Run(v1::ProjectResult& out) {
    out_ = &out;
    int64_t total = Execution();
    total += Indicators();
    out.set_total(P(total));
    out.set_grade(GradeOf(total, kFullMarks, bands_));
    if (in_.filing != nullptr && in_.filing->has_self_score()) {
      if (const auto self = money::ParseDecimal(in_.filing->self_score(),
                                                kPointDecimals, kFullMarks);
          self.ok()) {
        out.set_self_score(P(*self));
        out.set_difference(P(*self - total));
      }
    }
  }

 private:
  void Missing(std::string what) {
    out_->add_missing(std::move(what));
    out_->set_complete(false);
  }

  // 预算执行率: weight × min(全年执行数 ÷ 全年预算数, 1).
  int64_t Execution() {
    const int64_t weight = ParsePoints(scheme_.execution());
    v1::ProjectFunds* funds = out_->mutable_funds();
    const ProjectMoney& m = in_.money;
    if (m.original) funds->set_original(*m.original);
    if (m.full_year) funds->set_full_year(*m.full_year);
    funds->set_executed(m.executed);
    funds->set_weight(P(weight));
    if (!m.known || !m.full_year) {
      const std::string why =
          m.known ? "预算数据中该项目本年度未列年初预算或调整预算"
                  : "预算数据中本年度没有该项目";
      funds->set_score("0");
      funds->set_explanation(
          absl::StrCat(why, "，执行率无法计算，预算执行率计0分。"));
      Missing(absl::StrCat("预算执行率：", why));
      return 0;
    }
    if (*m.full_year <= 0) {
      funds->set_score("0");
      funds->set_explanation(
          absl::StrCat("全年预算数为0，执行率无法计算，预算执行率计0分（全年",
                       "执行数", money::FormatWanYuan(m.executed), "）。"));
      Missing("预算执行率：全年预算数为0");
      return 0;
    }
    const int64_t capped = std::clamp<int64_t>(m.executed, 0, *m.full_year);
    const int64_t score =
        RoundDiv(static_cast<__int128>(weight) * capped, *m.full_year);
    const std::string rate =
        money::FormatRatioPercent(m.executed, *m.full_year);
    funds->set_rate(rate);
    funds->set_score(P(score));
    funds->set_explanation(absl::StrCat(
        "执行率 = 全年执行数", money::FormatWanYuan(m.executed),
        " ÷ 全年预算数", money::FormatWanYuan(*m.full_year), " = ", rate,
        "%，得分 = 分值", P(weight), " × min(执行率, 100%) = ", P(score), "分",
        m.executed > *m.full_year ? "（执行率超过100%按100%计）" : "", "。"));
    return score;
  }

  struct Line {
    const ipb::TargetIndicator* target;
    const ipb::ActualValue* actual;  // nullptr: nothing filed
    Block block;
    int64_t weight = 0;
    std::string weight_note;
  };

  int64_t Indicators() {
    std::map<std::string, const ipb::ActualValue*> actuals;
    if (in_.filing != nullptr) {
      for (const auto& a : in_.filing->actuals())
        actuals[a.indicator_id()] = &a;
    }
    std::vector<Line> lines;
    std::map<Block, int> counts;
    for (const ipb::TargetIndicator& t : in_.target->indicators()) {
      const auto it = actuals.find(t.id());
      lines.push_back(Line{&t, it == actuals.end() ? nullptr : it->second,
                           BlockOf(t.level1())});
      ++counts[lines.back().block];
    }
    // The form's order: 产出 (成本 within), 效益, 满意度; the targets' order
    // within each.
    std::stable_sort(
        lines.begin(), lines.end(), [](const Line& a, const Line& b) {
          return static_cast<int>(a.block) < static_cast<int>(b.block);
        });
    std::map<Block, int64_t> weights = {
        {Block::kOutput, ParsePoints(scheme_.output())},
        {Block::kEffect, ParsePoints(scheme_.effect())},
        {Block::kSatisfaction, ParsePoints(scheme_.satisfaction())},
        {Block::kOther, 0}};
    std::map<Block, std::string> notes;
    if (!counts.contains(Block::kSatisfaction) &&
        weights[Block::kSatisfaction] > 0 && scheme_.satisfaction_to_effect()) {
      notes[Block::kEffect] =
          absl::StrCat("项目未设满意度指标，按方案其",
                       P(weights[Block::kSatisfaction]), "分并入效益指标");
      weights[Block::kEffect] += weights[Block::kSatisfaction];
      weights[Block::kSatisfaction] = 0;
    }
    // A 一级 the scheme weighs but the targets lack cannot earn its points:
    // they are not moved elsewhere (that would give other indicators more
    // than the form shows), and the result says so.
    for (const Block b :
         {Block::kOutput, Block::kEffect, Block::kSatisfaction}) {
      if (weights[b] > 0 && !counts.contains(b)) {
        Missing(absl::StrCat("项目的绩效目标未设", BlockName(b), "：其",
                             P(weights[b]), "分无从得分"));
      }
    }
    for (const Block b : {Block::kOutput, Block::kEffect, Block::kSatisfaction,
                          Block::kOther}) {
      ShareWeights(b, weights[b], notes[b], lines);
    }
    int64_t total = 0;
    for (const Line& line : lines) total += Score(line);
    return total;
  }

  // Within a 一级: the weights the department put on the form if it gave
  // one for every indicator and they add up to the 一级's; else equal
  // shares in hundredths, the remainder to the first indicators.
  void ShareWeights(Block b, int64_t block_weight, const std::string& note,
                    std::vector<Line>& lines) {
    std::vector<Line*> mine;
    for (Line& l : lines) {
      if (l.block == b) mine.push_back(&l);
    }
    if (mine.empty()) return;
    int given = 0;
    int64_t sum = 0;
    for (const Line* l : mine) {
      if (l->actual != nullptr && l->actual->has_weight() &&
          !l->actual->weight().empty()) {
        ++given;
        sum += ParsePoints(l->actual->weight());
      }
    }
    const std::string prefix = note.empty() ? "" : absl::StrCat(note, "；");
    if (b == Block::kOther) {
      for (Line* l : mine) {
        l->weight = 0;
        l->weight_note = absl::StrCat("一级指标“", l->target->level1(),
                                      "”不在评分方案中，不计分");
      }
      return;
    }
    if (given == static_cast<int>(mine.size()) && sum == block_weight) {
      for (Line* l : mine) {
        l->weight = ParsePoints(l->actual->weight());
        l->weight_note = absl::StrCat(prefix, "分值按自评表填报");
      }
      return;
    }
    std::string why = absl::StrCat(prefix, BlockName(b), P(block_weight),
                                   "分由", mine.size(), "项指标平均分配");
    if (given > 0) {
      const std::string problem =
          given < static_cast<int>(mine.size())
              ? absl::StrCat("只为", given, "项（共", mine.size(),
                             "项）填报了分值")
              : absl::StrCat("填报的分值合计", P(sum), "分，不等于",
                             P(block_weight), "分");
      Missing(absl::StrCat(BlockName(b), "：", problem, "，已按平均分配计分"));
      why = absl::StrCat(why, "（", problem, "）");
    }
    const int64_t n = static_cast<int64_t>(mine.size());
    for (int64_t i = 0; i < n; ++i) {
      mine[i]->weight = block_weight / n + (i < block_weight % n ? 1 : 0);
      mine[i]->weight_note = why;
    }
  }

  int64_t Score(const Line& line) {
    const ipb::TargetIndicator& t = *line.target;
    v1::ProjectIndicatorResult* r = out_->add_indicators();
    r->set_indicator_id(t.id());
    r->set_level1(t.level1());
    r->set_level2(t.level2());
    r->set_name(t.name());
    r->set_target(TargetText(t));
    r->set_weight(P(line.weight));
    if (line.actual != nullptr) {
      r->set_deviation_reason(line.actual->deviation_reason());
      r->set_improvement(line.actual->improvement());
    }
    const auto finish = [&](int64_t score, v1::LeafStatus status,
                            const std::string& how) {
      score = std::clamp<int64_t>(score, 0, line.weight);
      r->set_score(P(score));
      r->set_status(status);
      r->set_rule(absl::StrCat(line.weight_note, "。", how, "。"));
      return score;
    };
    const auto missing = [&](const std::string& what) {
      Missing(absl::StrCat(t.id(), " ", t.name(), "：", what));
      return finish(0, v1::MISSING, absl::StrCat(what, "，计0分"));
    };
    const ipb::ActualValue* a = line.actual;
    if (t.comparator() == ipb::QUALITATIVE) {
      return Qualitative(t, a, line.weight, r, finish, missing);
    }
    if (a == nullptr || !a->has_value() || a->value().empty()) {
      return missing(in_.filing == nullptr ? "未填报自评表"
                                           : "未填报实际完成值");
    }
    const auto parsed =
        money::ParseDecimal(a->value(), kValueDecimals, INT64_MAX / 1000);
    const auto target =
        money::ParseDecimal(t.value(), kValueDecimals, INT64_MAX / 1000);
    if (!parsed.ok() || !target.ok()) {
      return missing(absl::StrCat("实际完成值“", a->value(), "”或指标值“",
                                  t.value(), "”不是数"));
    }
    r->set_actual(WithUnit(a->value(), t));
    const int64_t v = *parsed;
    const int64_t goal = *target;
    const int64_t w = line.weight;
    const std::string shown = WithUnit(a->value(), t);
    const std::string wanted = TargetText(t);
    switch (t.comparator()) {
      case ipb::AT_LEAST:
        if (v >= goal) {
          return finish(w, v1::SCORED,
                        absl::StrCat("实际完成值", shown, "达到年度指标值",
                                     wanted, "，得满分", P(w), "分",
                                     v > goal ? "（超额完成不加分）" : ""));
        } else {
          const int64_t s = RoundDiv(static_cast<__int128>(w) * v, goal);
          return finish(s, v1::SCORED,
                        absl::StrCat("实际完成值", shown, "未达到年度指标值",
                                     wanted, "，得分 = 分值", P(w), " × 完成值",
                                     a->value(), " ÷ 指标值", t.value(), " = ",
                                     P(std::clamp<int64_t>(s, 0, w)), "分"));
        }
      case ipb::AT_MOST:
        if (v <= goal || v <= 0) {
          return finish(
              w, v1::SCORED,
              absl::StrCat("实际完成值", shown, "未超过年度指标值", wanted,
                           "（反向指标），得满分", P(w), "分"));
        } else {
          const int64_t s = RoundDiv(static_cast<__int128>(w) * goal, v);
          return finish(
              s, v1::SCORED,
              absl::StrCat("实际完成值", shown, "超过年度指标值", wanted,
                           "（反向指标），得分 = 分值", P(w), " × 指标值",
                           t.value(), " ÷ 完成值", a->value(), " = ",
                           P(std::clamp<int64_t>(s, 0, w)), "分"));
        }
      case ipb::EQUAL: {
        if (v == goal) {
          return finish(w, v1::SCORED,
                        absl::StrCat("实际完成值", shown, "等于年度指标值",
                                     wanted, "，得满分", P(w), "分"));
        }
        const int64_t low = std::min(v, goal);
        const int64_t high = std::max(v, goal);
        const int64_t s =
            low <= 0 ? 0 : RoundDiv(static_cast<__int128>(w) * low, high);
        return finish(
            s, v1::SCORED,
            absl::StrCat("实际完成值", shown, "不等于年度指标值", wanted,
                         "，得分 = 分值", P(w), " × 较小值", FormatValue(low),
                         " ÷ 较大值", FormatValue(high), " = ",
                         P(std::clamp<int64_t>(s, 0, w)), "分"));
      }
      default:
        return missing("指标值没有比较方式（≥ ≤ = 或定性），无法计分");
    }
  }

  template <typename Finish, typename MissingFn>
  int64_t Qualitative(const ipb::TargetIndicator& t, const ipb::ActualValue* a,
                      int64_t w, v1::ProjectIndicatorResult* r, Finish& finish,
                      MissingFn& missing) {
    const std::optional<Level> level =
        a == nullptr ? std::nullopt : LevelOf(a->achievement());
    const bool has_percent = a != nullptr && !a->percent_of_weight().empty();
    if (!level && !has_percent) {
      return missing(in_.filing == nullptr ? "未填报自评表"
                                           : "未填报定性指标的完成档位");
    }
    int64_t percent = 0;  // hundredths of a percent
    std::string chosen;
    if (has_percent) {
      const auto p = money::ParsePercentHundredths(a->percent_of_weight());
      if (!p.ok() || *p < 0 || *p > 10000) {
        return missing(absl::StrCat("得分比例“", a->percent_of_weight(),
                                    "”不是0–100之间的数"));
      }
      percent = *p;
      chosen = absl::StrCat("取", money::FormatHundredths(percent), "%");
    } else {
      percent = level->min_centi;
      chosen = absl::StrCat("未给出档内比例，按档位下限",
                            money::FormatHundredths(percent), "%计");
    }
    r->set_actual(level ? absl::StrCat(level->name, "（",
                                       money::FormatHundredths(percent), "%）")
                        : absl::StrCat(money::FormatHundredths(percent), "%"));
    const int64_t s = RoundDiv(static_cast<__int128>(w) * percent, 10000);
    const std::string band =
        level ? absl::StrCat("评为“", level->name, "”（该档为分值的",
                             money::FormatHundredths(level->min_centi), "%–",
                             money::FormatHundredths(level->max_centi), "%），")
              : "";
    return finish(s, v1::SCORED,
                  absl::StrCat("定性指标（", t.value(), "），", band, chosen,
                               "，得分 = 分值", P(w), " × ",
                               money::FormatHundredths(percent),
                               "% = ", P(std::clamp<int64_t>(s, 0, w)), "分"));
  }

  const ProjectInputs& in_;
  const v1::ProjectScheme& scheme_;
  const std::vector<GradeBand>& bands_;
  v1::ProjectResult* out_ = nullptr;
};

}  // namespace

absl::StatusOr<std::vector<v1::ProjectScheme>> ParseProjectSchemes(
    absl::string_view json) {
  v1::ListProjectSchemesResponse file;
  if (const auto parsed =
          google::protobuf::util::JsonStringToMessage(std::string(json), &file);
      !parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("project schemes: ", parsed.message().as_string()));
  }
  std::set<std::string> ids;
  std::vector<v1::ProjectScheme> schemes;
  for (int i = 0; i < file.schemes_size(); ++i) {
    v1::ProjectScheme s = file.schemes(i);
    const std::string at = absl::StrCat("project schemes: schemes[", i, "]");
    if (s.id().empty() || !ids.insert(s.id()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(at, ".id: empty or repeated (\"", s.id(), "\")"));
    }
    if (s.name().empty() || s.source().empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          at, " (", s.id(), "): a name and a source are required"));
    }
    int64_t sum = 0;
    for (const auto& [field, text] :
         {std::pair<const char*, std::string*>{"execution",
                                               s.mutable_execution()},
          {"output", s.mutable_output()},
          {"effect", s.mutable_effect()},
          {"satisfaction", s.mutable_satisfaction()}}) {
      const auto w = money::ParseDecimal(*text, kPointDecimals, kFullMarks);
      if (!w.ok() || *w < 0) {
        return absl::InvalidArgumentError(absl::StrCat(
            at, ".", field, " (", s.id(), "): \"", *text,
            "\" is not a weight in points (0 to 100, two decimals at most)"));
      }
      *text = P(*w);
      sum += *w;
    }
    if (sum != kFullMarks) {
      return absl::InvalidArgumentError(absl::StrCat(
          at, " (", s.id(), "): the weights add up to ", P(sum), ", not 100"));
    }
    schemes.push_back(std::move(s));
  }
  if (!ids.contains(kDefaultProjectScheme)) {
    return absl::InvalidArgumentError(
        absl::StrCat("project schemes: the default scheme \"",
                     kDefaultProjectScheme, "\" is missing"));
  }
  return schemes;
}

v1::ProjectResult ScoreProject(const ProjectInputs& in,
                               const std::vector<v1::ProjectScheme>& schemes,
                               const std::vector<GradeBand>& bands) {
  v1::ProjectResult out;
  *out.mutable_key() = in.key;
  out.set_project_code(in.target->project_code());
  out.set_project_name(in.target->project_name());
  out.set_department_name(in.department_name);
  out.set_annual_goal(in.target->annual_goal());
  out.set_targets_version(in.targets_version);
  out.set_figures_version(in.figures_version);
  out.set_payments_version(in.payments_version);
  out.set_complete(true);
  const ipb::ProjectFiling* filing = in.filing;
  out.set_filing_version(filing != nullptr ? filing->version() : 0);
  out.set_filing_status(filing != nullptr ? FilingStatus(filing->status())
                                          : "");
  if (filing != nullptr) out.set_achieved_summary(filing->achieved_summary());
  const std::string scheme_id =
      filing != nullptr && !filing->scheme_id().empty() ? filing->scheme_id()
                                                        : kDefaultProjectScheme;
  out.set_scheme_id(scheme_id);
  if (filing == nullptr) {
    out.set_complete(false);
    out.add_missing("未填报项目支出绩效自评表：各项指标计0分");
  }
  const auto scheme = std::find_if(
      schemes.begin(), schemes.end(),
      [&](const v1::ProjectScheme& s) { return s.id() == scheme_id; });
  if (scheme == schemes.end()) {
    std::string known;
    for (const auto& s : schemes) {
      absl::StrAppend(&known, known.empty() ? "" : "、", s.id());
    }
    out.set_complete(false);
    out.set_total("0");
    out.add_missing(absl::StrCat("评分方案“", scheme_id, "”不存在（可用：",
                                 known, "），未计分"));
    return out;
  }
  ProjectScorer(in, *scheme, bands).Run(out);
  return out;
}

google::protobuf::RepeatedPtrField<v1::GradeCount> CountGrades(
    const std::vector<std::string>& grades) {
  std::map<std::string, int> counts;
  for (const std::string& g : grades) {
    if (!g.empty()) ++counts[g];
  }
  google::protobuf::RepeatedPtrField<v1::GradeCount> out;
  for (const char* grade : {"优", "良", "中", "差"}) {
    v1::GradeCount* g = out.Add();
    g->set_grade(grade);
    g->set_count(counts[grade]);
    counts.erase(grade);
  }
  for (const auto& [grade, count] : counts) {  // custom band names
    v1::GradeCount* g = out.Add();
    g->set_grade(grade);
    g->set_count(count);
  }
  return out;
}

}  // namespace jixiao::evaluation
