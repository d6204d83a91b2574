#include "services/common/rpcjson/json_call.h"

#include <algorithm>
#include <future>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor_database.h"
#include "google/protobuf/message.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/client_context.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"
#include "jixiao/budget/v1/budget.pb.h"
#include "jixiao/evaluation/v1/evaluation.pb.h"
#include "jixiao/evaluation/v1/projects.pb.h"
#include "jixiao/evaluation/v1/results.pb.h"
#include "jixiao/indicator/v1/indicator.pb.h"
#include "jixiao/indicator/v1/monitoring.pb.h"
#include "jixiao/indicator/v1/project_evaluation.pb.h"
#include "jixiao/indicator/v1/rectification.pb.h"
#include "jixiao/indicator/v1/targets.pb.h"
#include "libs/base/status_macros.h"
#include "libs/validate/validate.h"

namespace jixiao::rpcjson {
namespace {

using google::protobuf::DescriptorPool;
using google::protobuf::Message;
using google::protobuf::MessageFactory;

std::unique_ptr<Message> NewMessage(const google::protobuf::Descriptor* type) {
  return std::unique_ptr<Message>(
      MessageFactory::generated_factory()->GetPrototype(type)->New());
}

}  // namespace

void LinkServiceDescriptors() {
  (void)jixiao::budget::v1::Department::descriptor();
  (void)jixiao::indicator::v1::Framework::descriptor();
  (void)jixiao::indicator::v1::TargetSet::descriptor();
  (void)jixiao::evaluation::v1::EvaluationResult::descriptor();
  (void)jixiao::evaluation::v1::ProjectResult::descriptor();
  (void)jixiao::evaluation::v1::DecisionRule::descriptor();
  (void)jixiao::indicator::v1::RoundKey::descriptor();
  (void)jixiao::indicator::v1::Finding::descriptor();
  (void)jixiao::indicator::v1::ProjectKey::descriptor();
}

namespace {

absl::StatusOr<const google::protobuf::MethodDescriptor*> FindUnaryMethod(
    absl::string_view method) {
  LinkServiceDescriptors();
  const std::vector<std::string> parts = absl::StrSplit(method, '/');
  if (parts.size() != 2 || parts[0].empty() || parts[1].empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "method: write it as package.Service/Method, got \"", method, "\""));
  }
  const auto* service =
      DescriptorPool::generated_pool()->FindServiceByName(parts[0]);
  if (service == nullptr) {
    return absl::NotFoundError(absl::StrCat("method: no service ", parts[0]));
  }
  const auto* rpc = service->FindMethodByName(parts[1]);
  if (rpc == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("method: ", parts[0], " has no method ", parts[1]));
  }
  if (rpc->client_streaming() || rpc->server_streaming()) {
    return absl::UnimplementedError(absl::StrCat(
        "method: ", method, " streams; only unary calls are made here"));
  }
  return rpc;
}

}  // namespace

std::vector<std::string> ServiceMethods() {
  LinkServiceDescriptors();
  // Every service of the suite's packages that is linked, found in the
  // generated pool rather than listed here, so a new service cannot be
  // left out of the checks that walk this list (the security table).
  std::vector<std::string> files;
  DescriptorPool::internal_generated_database()->FindAllFileNames(&files);
  std::vector<std::string> out;
  for (const std::string& name : files) {
    const auto* file = DescriptorPool::generated_pool()->FindFileByName(name);
    if (file == nullptr) continue;
    const std::string& package = file->package();
    if (package != "jixiao.budget.v1" && package != "jixiao.indicator.v1" &&
        package != "jixiao.evaluation.v1") {
      continue;
    }
    for (int s = 0; s < file->service_count(); ++s) {
      const auto* service = file->service(s);
      for (int i = 0; i < service->method_count(); ++i) {
        out.push_back(absl::StrCat(service->full_name(), "/",
                                   service->method(i)->name()));
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

absl::StatusOr<std::string> JsonToRequestBytes(absl::string_view method,
                                               absl::string_view request_json) {
  JIXIAO_ASSIGN_OR_RETURN(auto found, FindUnaryMethod(method));
  const google::protobuf::MethodDescriptor* rpc = found;
  std::unique_ptr<Message> request = NewMessage(rpc->input_type());
  const auto parsed = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(request_json.data(), request_json.size()),
      request.get());
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("request: not a ", rpc->input_type()->full_name(), ": ",
                     parsed.message().as_string()));
  }
  return request->SerializeAsString();
}

absl::StatusOr<JsonCallResult> CallJson(
    const std::shared_ptr<grpc::Channel>& channel, absl::string_view method,
    absl::string_view request_json, std::chrono::milliseconds deadline,
    const std::vector<std::pair<std::string, std::string>>& metadata) {
  JIXIAO_ASSIGN_OR_RETURN(auto rpc, FindUnaryMethod(method));
  JIXIAO_ASSIGN_OR_RETURN(auto encoded,
                          JsonToRequestBytes(method, request_json));
  const std::string& bytes = encoded;
  grpc::Slice slice(bytes);
  const grpc::ByteBuffer request_buffer(&slice, 1);
  grpc::ByteBuffer response_buffer;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + deadline);
  for (const auto& [key, value] : metadata) {
    // gRPC aborts the process on a value it refuses: refused here instead.
    if (!validate::IsLegalMetadataValue(value)) {
      return absl::InvalidArgumentError(
          absl::StrCat(key, ": printable ASCII only"));
    }
    context.AddMetadata(key, value);
  }
  std::promise<grpc::Status> done;
  grpc::GenericStub stub(channel);
  stub.UnaryCall(&context, absl::StrCat("/", method), grpc::StubOptions(),
                 &request_buffer, &response_buffer,
                 [&done](grpc::Status status) { done.set_value(status); });
  const grpc::Status status = done.get_future().get();

  JsonCallResult result;
  const auto& initial = context.GetServerInitialMetadata();
  if (const auto it = initial.find("x-request-id"); it != initial.end()) {
    result.request_id.assign(it->second.data(), it->second.size());
  }
  result.code = status.error_code();
  result.message = status.error_message();
  if (!status.ok()) return result;
  std::vector<grpc::Slice> slices;
  if (!response_buffer.Dump(&slices).ok()) {
    return absl::InternalError("response: unreadable");
  }
  std::string response_bytes;
  for (const grpc::Slice& s : slices) {
    response_bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  std::unique_ptr<Message> response = NewMessage(rpc->output_type());
  if (!response->ParseFromString(response_bytes)) {
    return absl::InternalError("response: does not parse");
  }
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  (void)google::protobuf::util::MessageToJsonString(
      *response, &result.response_json, options);
  return result;
}

}  // namespace jixiao::rpcjson
