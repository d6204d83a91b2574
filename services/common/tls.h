// mTLS between the services (and from the gateway and the CLI), when
// certificates are configured: every party holds a certificate and key
// issued by one CA and trusts only that CA. A server then refuses a caller
// without a certificate from it. With no --tls_* flag set, plaintext (the
// embedded single-server default, on loopback).
#ifndef JIXIAO_SERVICES_COMMON_TLS_H_
#define JIXIAO_SERVICES_COMMON_TLS_H_

#include <memory>
#include <string>

#include "absl/flags/declare.h"
#include "absl/status/status.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/support/channel_arguments.h"

ABSL_DECLARE_FLAG(std::string, tls_cert_file);
ABSL_DECLARE_FLAG(std::string, tls_key_file);
ABSL_DECLARE_FLAG(std::string, tls_ca_file);
ABSL_DECLARE_FLAG(std::string, tls_server_name);

namespace jixiao::tls {

// Reads the files the flags name: all three of cert, key and CA, or none.
absl::Status InstallFromFlags();

std::shared_ptr<grpc::ServerCredentials> ServerCredentials();
std::shared_ptr<grpc::ChannelCredentials> ChannelCredentials();
// The name checked against the servers' certificates when it is not the
// address's host (--tls_server_name).
void AddChannelArguments(grpc::ChannelArguments& args);

}  // namespace jixiao::tls

#endif  // JIXIAO_SERVICES_COMMON_TLS_H_
