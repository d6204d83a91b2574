// The seed report (deploy/demo/taoyuan-psb-2019.txt) as data: every figure
// of the dataset is traced to its sentence in the report, and the
// consistency check finds exactly the report's inconsistencies.
#include <fstream>
#include <sstream>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/budget/domain/consistency.h"
#include "services/budget/domain/convert.h"
#include "tests/support/status_matchers.h"
#include "tools/jixiao/dataset.h"

namespace jixiao::budget {
namespace {

using ::jixiao::test_support::IsOk;

using ::testing::HasSubstr;

const std::string kDataset =
    std::string(JIXIAO_SOURCE_DIR) + "/deploy/demo/taoyuan-psb-2019.json";
const std::string kSeed =
    std::string(JIXIAO_SOURCE_DIR) + "/deploy/demo/taoyuan-psb-2019.txt";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Seed {
  Department department;
  std::map<int32_t, DepartmentYear> years;
};

Seed LoadSeed() {
  auto dataset = cli::ReadDataset(kDataset);
  EXPECT_THAT(dataset, IsOk()) << dataset.status();
  auto plan = cli::PlanLoad(*dataset);
  EXPECT_THAT(plan, IsOk()) << plan.status();
  Seed seed;
  seed.department = FromProto(plan->department);
  for (const auto& request : plan->years) {
    auto year = FromProto(request.department_year());
    EXPECT_THAT(year, IsOk()) << year.status();
    seed.years[year->year] = *year;
  }
  return seed;
}

ConsistencyResult Check(const Seed& seed, int32_t year) {
  static const LedgerSummary kNoLedger;
  const auto prior = seed.years.find(year - 1);
  return CheckConsistency(
      ConsistencyInput{seed.department, seed.years.at(year),
                       prior == seed.years.end() ? nullptr : &prior->second,
                       kNoLedger, kDefaultTolerance});
}

const Finding* Find(const ConsistencyResult& r, const std::string& id) {
  for (const Finding& f : r.findings) {
    if (f.identity == id) return &f;
  }
  return nullptr;
}

int64_t ValueOf(const Finding& f, const std::string& label) {
  for (const FindingValue& v : f.values) {
    if (v.label == label) return v.fen;
  }
  ADD_FAILURE() << "no value " << label << " in " << f.identity;
  return 0;
}

TEST(SeedDataset, EveryQuoteIsInTheReportAndHoldsItsNumber) {
  const std::string report = ReadFile(kSeed);
  ASSERT_FALSE(report.empty()) << "the seed report is read from " << kSeed;
  auto dataset = cli::ReadDataset(kDataset);
  ASSERT_THAT(dataset, IsOk());
  int figures = 0;
  for (const auto& year : dataset->years()) {
    for (const auto* phase :
         {&year.original(), &year.adjusted(), &year.final()}) {
      for (const auto& [key, figure] : phase->figures()) {
        ++figures;
        // "……" marks words left out between two quoted pieces.
        for (const absl::string_view piece :
             absl::StrSplit(figure.quote(), "……")) {
          EXPECT_THAT(report, HasSubstr(std::string(piece))) << key;
        }
        const std::string number = figure.amount().substr(
            0, figure.amount().find_first_not_of("0123456789."));
        EXPECT_THAT(figure.quote(), HasSubstr(number)) << key;
      }
    }
    for (const auto& rate : year.stated_rates()) {
      EXPECT_THAT(report, HasSubstr(rate.quote()));
      EXPECT_THAT(rate.quote(), HasSubstr(rate.percent() + "%"));
    }
  }
  EXPECT_EQ(figures, 30);
}

TEST(SeedDataset, AmountsAreExact) {
  const Seed seed = LoadSeed();
  const DepartmentYear& y = seed.years.at(2019);
  EXPECT_EQ(y.Figures(Phase::kOriginal).Get(Item::kFamilySubsidies303),
            148'200'000);
  EXPECT_EQ(y.Figures(Phase::kFinal).Get(Item::kTotalExpenditure),
            12'669'130'000);
  EXPECT_EQ(y.Figures(Phase::kFinal).Get(Item::kAbroad),
            std::nullopt);  // never stated
  // "上年决算数405.53元": stored as written, 405.53 元.
  EXPECT_EQ(seed.years.at(2018).Figures(Phase::kFinal).Get(Item::kVehicleTotal),
            40553);
  EXPECT_EQ(seed.department.staff_authorized, 408);
  EXPECT_EQ(seed.department.staff_actual, 381);
}

// Worked by hand from the report:
//  决算: 基本支出 9312.02 + 项目支出 5607.06 = 14919.08 ≠ 支出合计 12669.13
//  (B5, 2249.95); the 决算 breakdown repeats the 预算 breakdown figure for
//  figure (B12); 三公 470 ≠ 公车 374.39 + 接待 70.62 = 445.01, 因公出国 not
//  stated (T1, 24.99); 上年公车 "405.53元" where 万元 is meant: with 万元,
//  −7.68% and 上年三公 495.23 = 405.53 + 89.7 both hold (U1).
TEST(SeedDataset, FindsEveryInconsistencyOf2019) {
  const ConsistencyResult r = Check(LoadSeed(), 2019);
  ASSERT_EQ(r.findings.size(), 4u);

  const Finding* b5 = Find(r, "B5");
  ASSERT_NE(b5, nullptr);
  EXPECT_EQ(b5->severity, Severity::kError);
  EXPECT_EQ(b5->phase, Phase::kFinal);
  EXPECT_EQ(b5->difference, -2'249'950'000);
  EXPECT_EQ(ValueOf(*b5, "支出合计"), 12'669'130'000);
  EXPECT_EQ(ValueOf(*b5, "基本支出"), 9'312'020'000);
  EXPECT_EQ(ValueOf(*b5, "项目支出"), 5'607'060'000);

  const Finding* b12 = Find(r, "B12");
  ASSERT_NE(b12, nullptr);
  EXPECT_EQ(b12->difference, -2'249'950'000);
  EXPECT_EQ(ValueOf(*b12, "年初预算支出合计"), 14'919'080'000);
  EXPECT_EQ(b12->values.size(), 7u);  // five copied figures and the two totals

  const Finding* t1 = Find(r, "T1");
  ASSERT_NE(t1, nullptr);
  EXPECT_EQ(t1->severity, Severity::kWarning);
  EXPECT_EQ(t1->difference, 24'990'000);
  EXPECT_EQ(ValueOf(*t1, "“三公”经费合计"), 470'000'000);
  EXPECT_THAT(t1->message, HasSubstr("因公出国(境)费"));

  const Finding* u1 = Find(r, "U1");
  ASSERT_NE(u1, nullptr);
  EXPECT_EQ(u1->year, 2018);
  EXPECT_EQ(ValueOf(*u1, "2018年公务用车购置及运行维护费"), 40553);
  EXPECT_EQ(ValueOf(*u1, "2018年公务用车购置及运行维护费(按单位更正)"),
            405'530'000);
  EXPECT_THAT(u1->message, HasSubstr("405.53元"));
}

TEST(SeedDataset, RaisesNothingOnFiguresThatAgree) {
  const ConsistencyResult r = Check(LoadSeed(), 2019);
  // B1, B2, B4 (预算), B1, B4, B7, B8, T2 (决算), the B9 balance and 收入总计,
  // B11, B12, the 接待费 change (−21.27%) and the 公车 change all checked;
  // only the four above fail.
  EXPECT_EQ(r.identities_checked, 17);
  for (const Finding& f : r.findings) {
    EXPECT_THAT(f.identity, ::testing::AnyOf("B5", "B12", "T1", "U1"));
  }
}

TEST(SeedDataset, ThePriorYearOnItsOwnShowsTheUnitError) {
  const ConsistencyResult r = Check(LoadSeed(), 2018);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].identity, "U1");
  EXPECT_THAT(r.findings[0].message, HasSubstr("T1"));
}

}  // namespace
}  // namespace jixiao::budget
