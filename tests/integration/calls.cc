#include "tests/integration/calls.h"

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace jixiao::testing {

std::shared_ptr<grpc::Channel> ChannelTo(const ServiceProcess& service) {
  return grpc::CreateChannel(service.address(),
                             grpc::InsecureChannelCredentials());
}

std::unique_ptr<grpc::ClientContext> CallAs(const std::string& token,
                                            std::chrono::seconds deadline) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + deadline);
  if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
  return context;
}

std::unique_ptr<grpc::ClientContext> Call(std::chrono::seconds deadline) {
  return CallAs("", deadline);
}

}  // namespace jixiao::testing
