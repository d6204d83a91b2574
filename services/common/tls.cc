#include "services/common/tls.h"

#include <tuple>

#include "absl/flags/flag.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/security/server_credentials.h"
#include "libs/base/read_file.h"

ABSL_FLAG(std::string, tls_cert_file, "",
          "PEM certificate this process presents (server and client)");
ABSL_FLAG(std::string, tls_key_file, "", "PEM private key of --tls_cert_file");
ABSL_FLAG(std::string, tls_ca_file, "",
          "PEM CA certificate that peers' certificates must chain to");
ABSL_FLAG(
    std::string, tls_server_name, "",
    "name expected in the servers' certificates, if not the host dialled");

namespace jixiao::tls {
namespace {

struct Files {
  std::string cert, key, ca;
};
// Set once at start-up, before any channel or server exists.
const Files* files = nullptr;

}  // namespace

absl::Status InstallFromFlags() {
  const std::string cert = absl::GetFlag(FLAGS_tls_cert_file);
  const std::string key = absl::GetFlag(FLAGS_tls_key_file);
  const std::string ca = absl::GetFlag(FLAGS_tls_ca_file);
  const int set = !cert.empty() + !key.empty() + !ca.empty();
  if (set == 0) return absl::OkStatus();
  if (set != 3) {
    return absl::InvalidArgumentError(
        "mTLS needs all of --tls_cert_file, --tls_key_file and --tls_ca_file");
  }
  auto loaded = std::make_unique<Files>();
  for (auto [flag, path, out] :
       {std::tuple{"tls_cert_file", cert, &loaded->cert},
        std::tuple{"tls_key_file", key, &loaded->key},
        std::tuple{"tls_ca_file", ca, &loaded->ca}}) {
    auto text = ReadWholeFile(absl::StrCat("--", flag), path);
    if (!text.ok()) return text.status();
    *out = *std::move(text);
  }
  files = loaded.release();  // lives as long as the process
  return absl::OkStatus();
}

bool Enabled() { return files != nullptr; }

std::shared_ptr<grpc::ServerCredentials> ServerCredentials() {
  if (files == nullptr) return grpc::InsecureServerCredentials();
  grpc::SslServerCredentialsOptions options(
      GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  options.pem_root_certs = files->ca;
  options.pem_key_cert_pairs.push_back({files->key, files->cert});
  return grpc::SslServerCredentials(options);
}

std::shared_ptr<grpc::ChannelCredentials> ChannelCredentials() {
  if (files == nullptr) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = files->ca;
  options.pem_private_key = files->key;
  options.pem_cert_chain = files->cert;
  return grpc::SslCredentials(options);
}

void AddChannelArguments(grpc::ChannelArguments& args) {
  const std::string name = absl::GetFlag(FLAGS_tls_server_name);
  if (files != nullptr && !name.empty()) args.SetSslTargetNameOverride(name);
}

}  // namespace jixiao::tls
