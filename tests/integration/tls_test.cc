// mTLS: the three services with certificates from one CA (deploy/
// make-certs.sh). A caller with a certificate from that CA is served, also
// through the evaluation service's own calls to its peers; a caller with
// none, with plaintext, or with a certificate from another CA is refused.
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "jixiao/budget/v1/budget.grpc.pb.h"
#include "jixiao/evaluation/v1/evaluation.grpc.pb.h"
#include "tests/integration/service_process.h"

namespace jixiao {
namespace {

namespace bpb = budget::v1;
namespace epb = evaluation::v1;

std::string Read(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> TlsFlags(const std::filesystem::path& dir,
                                  const std::string& name) {
  return {"--tls_cert_file=" + (dir / (name + ".pem")).string(),
          "--tls_key_file=" + (dir / (name + ".key")).string(),
          "--tls_ca_file=" + (dir / "ca.pem").string()};
}

std::shared_ptr<grpc::ChannelCredentials> Credentials(
    const std::filesystem::path& ca_dir, const std::filesystem::path& cert_dir,
    const std::string& name) {
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = Read(ca_dir / "ca.pem");
  if (!name.empty()) {
    options.pem_cert_chain = Read(cert_dir / (name + ".pem"));
    options.pem_private_key = Read(cert_dir / (name + ".key"));
  }
  return grpc::SslCredentials(options);
}

grpc::Status GetDepartment(const std::string& address,
                           std::shared_ptr<grpc::ChannelCredentials> creds) {
  auto stub = bpb::BudgetService::NewStub(grpc::CreateChannel(address, creds));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(5));
  bpb::DepartmentKey key;
  key.set_region_code("430725");
  key.set_code("001");
  bpb::Department out;
  return stub->GetDepartment(&context, key, &out);
}

TEST(MutualTls, OnlyCallersWithACertificateFromTheCaAreServed) {
  testing::TempDir dir;
  const auto certs = dir.path() / "certs";
  const auto rogue = dir.path() / "rogue";
  const std::string script =
      std::string(JIXIAO_SOURCE_DIR) + "/deploy/make-certs.sh";
  ASSERT_EQ(testing::RunCommand({"/bin/bash", script, certs.string(), "budget",
                                 "indicator", "evaluation", "client"})
                .exit_code,
            0);
  ASSERT_EQ(testing::RunCommand({"/bin/bash", script, rogue.string(), "client"})
                .exit_code,
            0);
  auto budget = testing::StartBudget(dir, TlsFlags(certs, "budget"));
  auto indicator =
      testing::StartIndicator(dir, *budget, TlsFlags(certs, "indicator"));
  auto evaluation = testing::StartEvaluation(dir, *budget, *indicator,
                                             TlsFlags(certs, "evaluation"));

  // With the CA's client certificate: served (no such department yet).
  EXPECT_EQ(
      GetDepartment(budget->address(), Credentials(certs, certs, "client"))
          .error_code(),
      grpc::StatusCode::NOT_FOUND);
  // The evaluation service reaches its peers over mTLS with its own
  // certificate: the NOT_FOUND comes from the indicator service.
  {
    auto stub = epb::EvaluationService::NewStub(grpc::CreateChannel(
        evaluation->address(), Credentials(certs, certs, "client")));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    epb::EvaluateRequest request;
    request.mutable_key()->set_region_code("430725");
    request.mutable_key()->set_department_code("001");
    request.mutable_key()->set_year(2019);
    epb::EvaluationResult result;
    const grpc::Status status = stub->Evaluate(&context, request, &result);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND)
        << status.error_message();
  }
  // No client certificate, plaintext, or another CA's certificate: refused
  // during the handshake.
  EXPECT_EQ(GetDepartment(budget->address(), Credentials(certs, certs, ""))
                .error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(GetDepartment(budget->address(), grpc::InsecureChannelCredentials())
                .error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(
      GetDepartment(budget->address(), Credentials(certs, rogue, "client"))
          .error_code(),
      grpc::StatusCode::UNAVAILABLE);

  // The CLI speaks mTLS with the same flags.
  std::vector<std::string> cli = {JIXIAO_CLI_BINARY,
                                  "--budget=" + budget->address(),
                                  "--indicator=" + indicator->address(),
                                  "--evaluation=" + evaluation->address()};
  for (const std::string& flag : TlsFlags(certs, "client")) cli.push_back(flag);
  cli.push_back("health");
  const auto health = testing::RunCommand(cli);
  EXPECT_EQ(health.exit_code, 0) << health.out << health.err;
  EXPECT_EQ(std::count(health.out.begin(), health.out.end(), '\n'), 3);
  // Half the flags: the start stops with a message.
  const auto half = testing::RunCommand(
      {JIXIAO_BUDGET_BINARY, "--listen=127.0.0.1:0",
       "--tls_cert_file=" + (certs / "budget.pem").string()});
  EXPECT_EQ(half.exit_code, 2);
  EXPECT_THAT(half.err, ::testing::HasSubstr("needs all of"));
}

// cert-manager renews a certificate by rewriting the Secret, and the kubelet
// rewrites the mounted files: the service must take the new ones without a
// restart. Here the whole CA changes (the hardest case): after the files
// are replaced, a caller of the new CA is served and one of the old is not.
TEST(MutualTls, ARenewedCertificateIsTakenWithoutARestart) {
  testing::TempDir dir;
  const auto mounted = dir.path() / "mounted";
  const auto renewed = dir.path() / "renewed";
  const std::string script =
      std::string(JIXIAO_SOURCE_DIR) + "/deploy/make-certs.sh";
  for (const auto& out : {mounted, renewed}) {
    ASSERT_EQ(testing::RunCommand(
                  {"/bin/bash", script, out.string(), "budget", "client"})
                  .exit_code,
              0);
  }
  auto budget = testing::StartBudget(dir, [&] {
    auto flags = TlsFlags(mounted, "budget");
    flags.push_back("--tls_refresh_seconds=1");
    return flags;
  }());
  ASSERT_EQ(
      GetDepartment(budget->address(), Credentials(mounted, mounted, "client"))
          .error_code(),
      grpc::StatusCode::NOT_FOUND);
  ASSERT_EQ(
      GetDepartment(budget->address(), Credentials(renewed, renewed, "client"))
          .error_code(),
      grpc::StatusCode::UNAVAILABLE);
  const auto before = dir.path() / "before";
  std::filesystem::copy(mounted, before);
  // Each file replaced by a rename, as the kubelet swaps its symlink.
  for (const char* file : {"budget.key", "budget.pem", "ca.pem"}) {
    std::filesystem::copy_file(renewed / file,
                               mounted / (std::string(file) + ".new"));
    std::filesystem::rename(mounted / (std::string(file) + ".new"),
                            mounted / file);
  }
  grpc::StatusCode code = grpc::StatusCode::UNKNOWN;
  for (int i = 0; i < 50 && code != grpc::StatusCode::NOT_FOUND; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    code = GetDepartment(budget->address(),
                         Credentials(renewed, renewed, "client"))
               .error_code();
  }
  EXPECT_EQ(code, grpc::StatusCode::NOT_FOUND)
      << "the renewed certificate was not taken";
  EXPECT_EQ(
      GetDepartment(budget->address(), Credentials(before, before, "client"))
          .error_code(),
      grpc::StatusCode::UNAVAILABLE);
}

}  // namespace
}  // namespace jixiao
