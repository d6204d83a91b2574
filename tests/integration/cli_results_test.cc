// `jixiao publish`, `package get`, `verify` and `results` against the real
// services: the seed's approved evaluation published and exported, the
// export verified (the score recomputed from the manifest alone), a value
// changed in manifest.json and a byte changed in the report each refused
// by name; a REDUCE decision recorded with its reason and read back.
#include <filesystem>
#include <fstream>
#include <regex>

#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "jixiao/evaluation/v1/results.pb.h"
#include "tests/integration/service_process.h"

namespace jixiao {
namespace {

namespace epb = ::jixiao::evaluation::v1;
namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr char kRegion[] = "--region=430725";
constexpr char kDepartment[] = "--department=taoyuan-psb";
constexpr char kYear[] = "--year=2019";
constexpr char kEvaluationKey[] =
    R"({"regionCode":"430725","departmentCode":"taoyuan-psb","year":2019})";

class CliResultsTest : public ::testing::Test {
 protected:
  CliResultsTest()
      : budget_(testing::StartBudget(dir_)),
        indicator_(testing::StartIndicator(dir_, *budget_)),
        evaluation_(testing::StartEvaluation(dir_, *budget_, *indicator_)) {
    for (const char* file :
         {"taoyuan-psb-2019.json", "taoyuan-psb-2019-indicators.json"}) {
      const auto loaded = Cli(
          {std::string(file).ends_with("indicators.json") ? "indicator"
                                                          : "dataset",
           "load", std::string(JIXIAO_SOURCE_DIR) + "/deploy/demo/" + file});
      EXPECT_EQ(loaded.exit_code, 0) << loaded.err;
    }
    const auto evaluated = Cli({"evaluate", kRegion, kDepartment, kYear});
    EXPECT_EQ(evaluated.exit_code, 0) << evaluated.err;
  }

  testing::CommandResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(),
                {JIXIAO_CLI_BINARY, "--budget=" + budget_->address(),
                 "--indicator=" + indicator_->address(),
                 "--evaluation=" + evaluation_->address()});
    return testing::RunCommand(args);
  }

  // Submit, then Approve, the seed's evaluation (open mode: the actor
  // stated in the request).
  void Approve() {
    for (
        const auto& [method, actor] :
        std::vector<std::pair<std::string, std::string>>{
            {"Submit",
             R"({"subject":"张会计","role":"DEPARTMENT","departmentCode":"taoyuan-psb"})"},
            {"Approve", R"({"subject":"绩效股","role":"FINANCE"})"}}) {
      const auto version = Cli(
          {"call", "jixiao.indicator.v1.IndicatorService/GetEvaluationVersion",
           kEvaluationKey});
      ASSERT_EQ(version.exit_code, 0) << version.err;
      std::smatch m;
      ASSERT_TRUE(std::regex_search(version.out, m,
                                    std::regex(R"re("version":\s*"(\d+)")re")))
          << version.out;
      const auto moved =
          Cli({"call", "jixiao.indicator.v1.IndicatorService/" + method,
               TransitionJson(m[1].str(), actor)});
      ASSERT_EQ(moved.exit_code, 0) << method << ": " << moved.err;
    }
  }

  static std::string TransitionJson(const std::string& version,
                                    const std::string& actor) {
    return std::string(R"({"key":)") + kEvaluationKey +
           R"(,"expectedVersion":")" + version + R"(","actor":)" + actor + "}";
  }

  std::string Out(const std::string& name) {
    return (dir_.path() / name).string();
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::ServiceProcess> budget_;
  std::unique_ptr<testing::ServiceProcess> indicator_;
  std::unique_ptr<testing::ServiceProcess> evaluation_;
};

TEST_F(CliResultsTest, PublishedExportedVerifiedAndTamperingNamed) {
  const auto early =
      Cli({"publish", kRegion, kDepartment, kYear, "--out=" + Out("early")});
  EXPECT_EQ(early.exit_code, 1);
  EXPECT_THAT(early.err, HasSubstr("not APPROVED"));
  Approve();

  const auto published =
      Cli({"publish", kRegion, kDepartment, kYear, "--out=" + Out("pkg")});
  ASSERT_EQ(published.exit_code, 0) << published.err;
  EXPECT_THAT(published.out, HasSubstr("published: total 73.26 中, 3 files"));
  const auto verified = Cli({"verify", Out("pkg")});
  ASSERT_EQ(verified.exit_code, 0) << verified.err;
  EXPECT_EQ(verified.out, "verified: total 73.26 中, 3 files\n");

  // Exported again by anyone of the region: the same bytes, verified.
  const auto got = Cli(
      {"package", "get", kRegion, kDepartment, kYear, "--out=" + Out("got")});
  ASSERT_EQ(got.exit_code, 0) << got.err;
  EXPECT_EQ(testing::ReadFileText(Out("got") + "/manifest.json"),
            testing::ReadFileText(Out("pkg") + "/manifest.json"));
  EXPECT_EQ(Cli({"verify", Out("got")}).exit_code, 0);

  // One value changed in manifest.json: the leaf it scores is named.
  fs::copy(Out("pkg"), Out("value"), fs::copy_options::recursive);
  epb::PackageManifest manifest;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(
          testing::ReadFileText(Out("value") + "/manifest.json"), &manifest)
          .ok());
  bool changed = false;
  for (auto& value : *manifest.mutable_values()) {
    if (value.indicator_id() == "2.1.5") {
      EXPECT_EQ(value.actual().value(), "10.0906");
      value.mutable_actual()->set_value("2");
      changed = true;
    }
  }
  ASSERT_TRUE(changed);
  std::string json;
  ASSERT_TRUE(
      google::protobuf::util::MessageToJsonString(manifest, &json).ok());
  std::ofstream(Out("value") + "/manifest.json", std::ios::trunc) << json;
  const auto value = Cli({"verify", Out("value")});
  EXPECT_EQ(value.exit_code, 1);
  EXPECT_THAT(value.err, HasSubstr("manifest.json: leaf 2.1.5"));
  EXPECT_THAT(value.err, HasSubstr("score 3.96, recomputed"));

  // The total changed: named.
  manifest.set_total("93.26");
  for (auto& v : *manifest.mutable_values()) {
    if (v.indicator_id() == "2.1.5") v.mutable_actual()->set_value("10.0906");
  }
  json.clear();  // MessageToJsonString appends
  ASSERT_TRUE(
      google::protobuf::util::MessageToJsonString(manifest, &json).ok());
  std::ofstream(Out("value") + "/manifest.json", std::ios::trunc) << json;
  const auto total = Cli({"verify", Out("value")});
  EXPECT_EQ(total.exit_code, 1);
  EXPECT_THAT(total.err,
              HasSubstr("manifest.json: total 93.26, recomputed 73.26"));

  // One byte of the report changed: the file is named.
  fs::copy(Out("pkg"), Out("report"), fs::copy_options::recursive);
  const std::string report = Out("report") + "/430725-taoyuan-psb-2019.md";
  std::string text = testing::ReadFileText(report);
  ASSERT_FALSE(text.empty());
  text[text.size() / 2] ^= 0x01;
  std::ofstream(report, std::ios::binary | std::ios::trunc) << text;
  const auto tampered = Cli({"verify", Out("report")});
  EXPECT_EQ(tampered.exit_code, 1);
  EXPECT_THAT(tampered.err, HasSubstr("430725-taoyuan-psb-2019.md: sha256 "));

  // Published again: the package stored the first time.
  const auto again =
      Cli({"publish", kRegion, kDepartment, kYear, "--out=" + Out("again")});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("published before"));
  EXPECT_EQ(testing::ReadFileText(Out("again") + "/manifest.json"),
            testing::ReadFileText(Out("pkg") + "/manifest.json"));
}

TEST_F(CliResultsTest, AReduceDecisionWithItsReasonReadBack) {
  const auto proposed =
      Cli({"results", "propose", kRegion, kDepartment, kYear});
  ASSERT_EQ(proposed.exit_code, 0) << proposed.err;
  EXPECT_THAT(proposed.out, HasSubstr("\"decision\": \"MAINTAIN\""));

  const auto no_reason = Cli({"results", "decide", kRegion, kDepartment, kYear,
                              "--decision=REDUCE", "--share_bp=1000"});
  EXPECT_EQ(no_reason.exit_code, 1);
  EXPECT_THAT(no_reason.err, HasSubstr("reason: is required"));

  const auto decided = Cli({"results", "decide", kRegion, kDepartment, kYear,
                            "--decision=REDUCE", "--share_bp=1000",
                            "--reason=结转结余偏高, 下年核减一成"});
  ASSERT_EQ(decided.exit_code, 0) << decided.err;
  EXPECT_THAT(decided.out, HasSubstr("\"share_bp\": 1000"));
  EXPECT_THAT(decided.out, HasSubstr("\"departs_from_proposal\": true"));

  const auto listed = Cli({"results", "decisions", kRegion, kYear});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("结转结余偏高, 下年核减一成"));
  EXPECT_THAT(listed.out, HasSubstr("\"decision\": \"REDUCE\""));
  EXPECT_THAT(listed.out, HasSubstr("\"version\": \"1\""));
}

}  // namespace
}  // namespace jixiao
