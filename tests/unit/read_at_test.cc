// The evaluation service keeps (caches, stores) a result only when every
// input was read at the versions it looked up first: ReadAt is that check.
#include "gtest/gtest.h"
#include "services/evaluation/peers.h"

namespace jixiao::evaluation {
namespace {

namespace bpb = ::jixiao::budget::v1;
namespace ipb = ::jixiao::indicator::v1;

// The versions the inputs below were read at.
Versions Read() { return {7, "hunan", 2, 3, 11, 5}; }

// Inputs read at those versions: an evaluation with one entered and one derived
// value, the year's figures with their aggregates and findings.
Inputs ReadAtThoseVersions() {
  Inputs in;
  in.evaluation.set_version(7);
  in.evaluation.set_framework_id("hunan");
  in.evaluation.set_framework_version(2);
  in.evaluation.set_status(ipb::DRAFT);
  ipb::IndicatorValue* entered = in.evaluation.add_values();
  entered->set_source(ipb::ENTERED);
  ipb::IndicatorValue* derived = in.evaluation.add_values();
  derived->set_source(ipb::DERIVED);
  derived->mutable_derivation()->set_budget_figures_version(11);
  in.framework.set_id("hunan");
  in.framework.set_version(2);
  in.department.set_version(3);
  in.figures.emplace().set_version(11);
  in.aggregates.emplace().set_figures_version(11);
  in.aggregates->set_base_figures_version(5);
  in.consistency.emplace().set_figures_version(11);
  in.consistency->set_base_figures_version(5);
  return in;
}

TEST(ReadAt, EveryInputAtTheVersionsReadIsKept) {
  EXPECT_TRUE(ReadAt(ReadAtThoseVersions(), Read()));
}

TEST(ReadAt, AnyInputReadAfterAWriteIsNot) {
  const auto moved = [](auto change) {
    Inputs in = ReadAtThoseVersions();
    change(in);
    return ReadAt(in, Read());
  };
  EXPECT_FALSE(moved([](Inputs& in) { in.evaluation.set_version(8); }));
  EXPECT_FALSE(
      moved([](Inputs& in) { in.evaluation.set_framework_version(3); }));
  EXPECT_FALSE(moved([](Inputs& in) { in.framework.set_version(3); }));
  EXPECT_FALSE(moved([](Inputs& in) { in.department.set_version(4); }));
  EXPECT_FALSE(moved([](Inputs& in) { in.figures->set_version(12); }));
  EXPECT_FALSE(
      moved([](Inputs& in) { in.aggregates->set_figures_version(12); }));
  EXPECT_FALSE(
      moved([](Inputs& in) { in.consistency->set_base_figures_version(6); }));
  EXPECT_FALSE(
      moved([](Inputs& in) { in.aggregates->set_base_figures_version(0); }));
  // A derived value the indicator service computed from other figures.
  EXPECT_FALSE(moved([](Inputs& in) {
    in.evaluation.mutable_values(1)
        ->mutable_derivation()
        ->set_budget_figures_version(10);
  }));
  // Figures written (or removed) since the versions were read.
  EXPECT_FALSE(moved([](Inputs& in) {
    in.figures.reset();
    in.aggregates.reset();
    in.consistency.reset();
  }));
}

TEST(ReadAt, FrozenValuesAndAbsentFiguresNeedNoBudgetVersions) {
  Inputs approved = ReadAtThoseVersions();
  approved.evaluation.set_status(ipb::APPROVED);
  approved.evaluation.mutable_values(1)
      ->mutable_derivation()
      ->set_budget_figures_version(4);  // frozen at approval
  EXPECT_TRUE(ReadAt(approved, Read()));

  // No figures for the year: nothing read depends on the year before.
  Inputs none = ReadAtThoseVersions();
  none.figures.reset();
  none.aggregates.reset();
  none.consistency.reset();
  none.evaluation.mutable_values(1)->mutable_derivation()->Clear();
  Versions no_figures = Read();
  no_figures.figures = 0;
  EXPECT_TRUE(ReadAt(none, no_figures));
}

}  // namespace
}  // namespace jixiao::evaluation
