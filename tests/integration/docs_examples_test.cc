// Every `jixiao call` example of docs/api.md, run in order against a budget
// service loaded with the seed department: the guide stays true.
#include <httplib.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/service_process.h"

namespace jixiao {
namespace {

struct Example {
  int line = 0;
  std::string method;
  std::string json;
  std::string expected_code;  // "" for OK
};

std::vector<Example> ExamplesOf(const std::string& path) {
  std::ifstream in(path);
  std::vector<Example> examples;
  bool in_shell_block = false;
  std::string expected;
  const std::regex call(R"(^jixiao call (\S+) '(.*)'$)");
  const std::regex expect(R"(^# → ([A-Z_]+)$)");
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.rfind("```", 0) == 0) {
      in_shell_block = line == "```sh";
      expected.clear();
      continue;
    }
    if (!in_shell_block) continue;
    std::smatch m;
    if (std::regex_match(line, m, expect)) {
      expected = m[1];
    } else if (std::regex_match(line, m, call)) {
      examples.push_back({number, m[1], m[2], expected});
      expected.clear();
    }
  }
  return examples;
}

struct CurlExample {
  int line = 0;
  std::string path;
  std::string json;
  std::vector<std::pair<std::string, std::string>> headers;
  int expected_status = 200;
  std::string expected_code;
};

std::vector<CurlExample> CurlExamplesOf(const std::string& path) {
  std::ifstream in(path);
  std::vector<CurlExample> examples;
  const std::regex curl(
      R"(^curl -s -X POST (.*) localhost:8080(\S+) -d '(.*)'$)");
  const std::regex header(R"(-H '([^:]+): ([^']*)')");
  const std::regex expect(R"(^# → (\d+) ([a-z_]+)$)");
  int expected_status = 200;
  std::string expected_code;
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    std::smatch m;
    if (std::regex_match(line, m, expect)) {
      expected_status = std::stoi(m[1]);
      expected_code = m[2];
    } else if (std::regex_match(line, m, curl)) {
      CurlExample e{number, m[2], m[3], {}, expected_status, expected_code};
      const std::string headers = m[1];
      for (std::sregex_iterator it(headers.begin(), headers.end(), header), end;
           it != end; ++it) {
        e.headers.emplace_back((*it)[1], (*it)[2]);
      }
      examples.push_back(std::move(e));
      expected_status = 200;
      expected_code.clear();
    }
  }
  return examples;
}

TEST(DocsExamples, EveryCallInTheApiGuideDoesWhatItSays) {
  testing::TempDir dir;
  const auto budget_service = testing::StartBudget(dir);
  const auto indicator = testing::StartIndicator(dir, *budget_service);
  const auto evaluation =
      testing::StartEvaluation(dir, *budget_service, *indicator);
  const testing::ServiceProcess& server = *budget_service;
  const std::string cli = JIXIAO_CLI_BINARY;
  const std::string budget = "--budget=" + server.address();
  const std::string indicator_address = "--indicator=" + indicator->address();
  const std::string evaluation_address =
      "--evaluation=" + evaluation->address();
  const auto loaded = testing::RunCommand(
      {cli, budget, "dataset", "load",
       std::string(JIXIAO_SOURCE_DIR) + "/deploy/demo/taoyuan-psb-2019.json"});
  ASSERT_EQ(loaded.exit_code, 0) << loaded.err;

  const auto examples =
      ExamplesOf(std::string(JIXIAO_SOURCE_DIR) + "/docs/api.md");
  ASSERT_GE(examples.size(), 44u) << "the examples were not found";
  // Every RPC but the streaming import has at least one example.
  std::set<std::string> methods;
  for (const Example& e : examples)
    methods.insert(e.method.substr(e.method.find('/') + 1));
  EXPECT_THAT(methods,
              ::testing::IsSupersetOf({"CreateDepartment", "UpdateDepartment",
                                       "GetDepartment", "ListDepartments",
                                       "PutDepartmentYear", "GetDepartmentYear",
                                       "ImportLedger", "GetAggregates",
                                       "CompareYears", "CheckConsistency"}));
  testing::ServiceProcess gateway(
      JIXIAO_GATEWAY_BINARY,
      {"--budget=" + server.address(), "--indicator=" + indicator->address(),
       "--evaluation=" + evaluation->address()},
      dir.path());
  for (const Example& e : examples) {
    SCOPED_TRACE("docs/api.md line " + std::to_string(e.line));
    const auto result =
        testing::RunCommand({cli, budget, indicator_address, evaluation_address,
                             "call", e.method, e.json});
    if (e.expected_code.empty()) {
      EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
      EXPECT_EQ(result.out.front(), '{');
    } else {
      EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
      EXPECT_EQ(result.out.substr(0, result.out.find('\n')), e.expected_code)
          << result.out;
    }
  }

  // The gateway's curl examples, after the calls above made their data.
  const auto curls =
      CurlExamplesOf(std::string(JIXIAO_SOURCE_DIR) + "/docs/api.md");
  ASSERT_GE(curls.size(), 9u);
  httplib::Client client("127.0.0.1", std::stoi(gateway.address().substr(10)));
  client.set_read_timeout(30, 0);
  for (const CurlExample& e : curls) {
    SCOPED_TRACE("docs/api.md line " + std::to_string(e.line));
    httplib::Headers headers;
    std::string type;
    for (const auto& [k, v] : e.headers) {
      if (k == "Content-Type") {
        type = v;
      } else {
        headers.emplace(k, v);
      }
    }
    auto r = client.Post(e.path.c_str(), headers, e.json, type.c_str());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, e.expected_status) << r->body;
    if (!e.expected_code.empty()) {
      EXPECT_THAT(r->body,
                  ::testing::HasSubstr("\"code\":\"" + e.expected_code + "\""));
    }
  }
}

}  // namespace
}  // namespace jixiao
