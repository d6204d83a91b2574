#include "services/common/tls.h"

#include <memory>
#include <tuple>

#include "absl/flags/flag.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/security/tls_certificate_provider.h"
#include "grpcpp/security/tls_certificate_verifier.h"
#include "grpcpp/security/tls_credentials_options.h"
#include "libs/base/read_file.h"
#include "libs/base/status_macros.h"

ABSL_FLAG(std::string, tls_cert_file, "",
          "PEM certificate this process presents (server and client)");
ABSL_FLAG(std::string, tls_key_file, "", "PEM private key of --tls_cert_file");
ABSL_FLAG(std::string, tls_ca_file, "",
          "PEM CA certificate that peers' certificates must chain to");
ABSL_FLAG(
    std::string, tls_server_name, "",
    "name expected in the servers' certificates, if not the host dialled");
ABSL_FLAG(int, tls_refresh_seconds, 60,
          "how often the certificate, key and CA files are read again: a "
          "renewed certificate (cert-manager, a rotated Secret) is used for "
          "new connections without a restart");

namespace jixiao::tls {
namespace {

struct Paths {
  std::string cert, key, ca;
  unsigned int refresh_seconds;
};
// Set once at start-up (InstallFromFlags), before any channel or server.
const Paths* paths = nullptr;

// The provider re-reads the three files every --tls_refresh_seconds and
// hands new handshakes what it read last (a half-written pair, whose key
// does not match its certificate, is skipped until the next read). It is
// made on first use, not at flag parsing: its refresh thread must start
// after the process has blocked SIGTERM in every thread (RunServer), or a
// SIGTERM delivered to it would kill the process instead of draining it.
std::shared_ptr<grpc::experimental::FileWatcherCertificateProvider> Provider() {
  static const auto* const provider =
      new std::shared_ptr<grpc::experimental::FileWatcherCertificateProvider>(
          std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
              paths->key, paths->cert, paths->ca, paths->refresh_seconds));
  return *provider;
}

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
  const int refresh = absl::GetFlag(FLAGS_tls_refresh_seconds);
  if (refresh < 1 || refresh > 86400) {
    return absl::InvalidArgumentError(
        "--tls_refresh_seconds: must be in 1..86400");
  }
  // Read once here so that a wrong path stops the start with its name
  // (the provider would only log it, and serve nothing).
  for (auto [flag, path] :
       {std::tuple{"tls_cert_file", cert}, std::tuple{"tls_key_file", key},
        std::tuple{"tls_ca_file", ca}}) {
    JIXIAO_ASSIGN_OR_RETURN(auto text,
                            ReadWholeFile(absl::StrCat("--", flag), path));
    if (text.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--", flag, ": ", path, " is empty"));
    }
  }
  paths = new Paths{cert, key, ca, static_cast<unsigned int>(refresh)};
  return absl::OkStatus();
}

std::shared_ptr<grpc::ServerCredentials> ServerCredentials() {
  if (paths == nullptr) return grpc::InsecureServerCredentials();
  grpc::experimental::TlsServerCredentialsOptions options(Provider());
  options.watch_root_certs();
  options.watch_identity_key_cert_pairs();
  options.set_cert_request_type(
      GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  return grpc::experimental::TlsServerCredentials(options);
}

std::shared_ptr<grpc::ChannelCredentials> ChannelCredentials() {
  if (paths == nullptr) return grpc::InsecureChannelCredentials();
  grpc::experimental::TlsChannelCredentialsOptions options;
  options.set_certificate_provider(Provider());
  options.watch_root_certs();
  options.watch_identity_key_cert_pairs();
  options.set_verify_server_certs(true);
  options.set_certificate_verifier(
      std::make_shared<grpc::experimental::HostNameCertificateVerifier>());
  return grpc::experimental::TlsCredentials(options);
}

void AddChannelArguments(grpc::ChannelArguments& args) {
  const std::string name = absl::GetFlag(FLAGS_tls_server_name);
  if (paths != nullptr && !name.empty()) {
    args.SetSslTargetNameOverride(name);
  }
}

}  // namespace jixiao::tls
