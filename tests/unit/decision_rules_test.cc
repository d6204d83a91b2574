// The result-application rule table (docs/domain.md §9.4.2): the built-in
// default passes the checks a region's table must pass and proposes what
// the province rule says; finance's decisions are checked field by field.
#include "services/evaluation/domain/decision_rules.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"

namespace jixiao::evaluation {
namespace {

using ::jixiao::test_support::IsOk;
using ::jixiao::test_support::StatusIs;

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string Message(const absl::Status& status) {
  return std::string(status.message());
}

TEST(DecisionRules, TheDefaultIsAValidTableWithEveryRow) {
  const v1::DecisionRules rules = DefaultDecisionRules("430725");
  EXPECT_THAT(ValidateDecisionRules("rules.", rules), IsOk())
      << ValidateDecisionRules("rules.", rules);
  EXPECT_TRUE(rules.built_in());
  for (const auto object :
       {v1::DEPARTMENT_WIDE, v1::PROJECT_RECURRING, v1::PROJECT_ONE_OFF}) {
    for (const char* grade : {"优", "良", "中", "差"}) {
      EXPECT_THAT(RuleFor(rules, object, grade), IsOk()) << object << grade;
    }
  }
  EXPECT_EQ(RuleFor(rules, v1::PROJECT_RECURRING, "中")->decision(),
            v1::MAINTAIN);
  EXPECT_EQ(RuleFor(rules, v1::PROJECT_RECURRING, "差")->share_bp(),
            kDefaultReduceShareBp);
  EXPECT_EQ(RuleFor(rules, v1::PROJECT_ONE_OFF, "差")->decision(), v1::CANCEL);
  EXPECT_THAT(RuleFor(rules, v1::DEPARTMENT_WIDE, "甲").status(),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST(DecisionRules, ABadTableNamesItsField) {
  v1::DecisionRules rules = DefaultDecisionRules("430725");
  *rules.add_rules() = rules.rules(0);
  EXPECT_THAT(Message(ValidateDecisionRules("rules.", rules)),
              StartsWith("rules.rules: 1 to 12 rows"));
  rules = DefaultDecisionRules("430725");
  *rules.mutable_rules(1) = rules.rules(0);
  EXPECT_THAT(Message(ValidateDecisionRules("rules.", rules)),
              StartsWith("rules.rules[1].grade: a second row"));
  rules = DefaultDecisionRules("430725");
  rules.mutable_rules(1)->set_share_bp(100);
  EXPECT_THAT(Message(ValidateDecisionRules("rules.", rules)),
              StartsWith("rules.rules[1].share_bp:"));
  rules = DefaultDecisionRules("430725");
  rules.mutable_rules(3)->set_share_bp(10'001);
  EXPECT_THAT(Message(ValidateDecisionRules("rules.", rules)),
              StartsWith("rules.rules[3].share_bp:"));
  rules.mutable_rules(3)->set_share_bp(1000);
  rules.clear_source_document();
  EXPECT_THAT(Message(ValidateDecisionRules("rules.", rules)),
              StartsWith("rules.source_document:"));
}

TEST(DecisionRules, ADecisionIsCheckedAndComparedWithTheProposal) {
  v1::RecordDecisionRequest request;
  request.set_decision(v1::REDUCE);
  request.set_reason("理由");
  EXPECT_THAT(Message(ValidateDecision(request)), StartsWith("share_bp:"));
  request.set_share_bp(1000);
  request.set_amount_fen(5);
  EXPECT_THAT(Message(ValidateDecision(request)), StartsWith("share_bp:"));
  request.clear_share_bp();
  EXPECT_THAT(ValidateDecision(request), IsOk());
  request.set_reason(" \t");
  EXPECT_THAT(Message(ValidateDecision(request)), HasSubstr("reason:"));

  v1::DecisionSubject subject;
  subject.mutable_key()->set_region_code("430725");
  auto proposal =
      Propose(DefaultDecisionRules("430725"), subject, "55.00", "差");
  ASSERT_THAT(proposal, IsOk());
  v1::Decision decision;
  decision.set_decision(v1::REDUCE);
  decision.set_share_bp(kDefaultReduceShareBp);
  EXPECT_FALSE(DepartsFrom(decision, *proposal));
  decision.set_share_bp(2000);
  EXPECT_TRUE(DepartsFrom(decision, *proposal));
  decision.clear_share_bp();
  decision.set_amount_fen(100);
  EXPECT_TRUE(DepartsFrom(decision, *proposal));
  decision.set_decision(v1::CANCEL);
  EXPECT_TRUE(DepartsFrom(decision, *proposal));
}

}  // namespace
}  // namespace jixiao::evaluation
