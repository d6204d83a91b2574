#include "services/gateway/server_stream.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/client_context.h"
#include "grpcpp/completion_queue.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"
#include "libs/validate/validate.h"
#include "services/common/log.h"
#include "services/common/rpcjson/json_call.h"
#include "services/gateway/connect.h"

namespace jixiao::gateway {
namespace {

using google::protobuf::DescriptorPool;
using google::protobuf::Message;
using google::protobuf::MessageFactory;

const google::protobuf::MethodDescriptor* FindMethod(absl::string_view method) {
  rpcjson::LinkServiceDescriptors();
  const std::vector<std::string> parts = absl::StrSplit(method, '/');
  if (parts.size() != 2) return nullptr;
  const auto* service =
      DescriptorPool::generated_pool()->FindServiceByName(parts[0]);
  return service == nullptr ? nullptr : service->FindMethodByName(parts[1]);
}

std::unique_ptr<Message> NewMessage(const google::protobuf::Descriptor* type) {
  return std::unique_ptr<Message>(
      MessageFactory::generated_factory()->GetPrototype(type)->New());
}

// Waits for the completion of `tag` on `cq`; false when the operation
// failed (the stream ended, the call broke).
bool Await(grpc::CompletionQueue& cq, void* tag) {
  void* got = nullptr;
  bool ok = false;
  if (!cq.Next(&got, &ok)) return false;
  return ok && got == tag;
}

}  // namespace

bool IsServerStreaming(absl::string_view method) {
  const auto* rpc = FindMethod(method);
  return rpc != nullptr && rpc->server_streaming() && !rpc->client_streaming();
}

absl::StatusOr<std::string> UnwrapEnvelope(absl::string_view body) {
  if (body.size() < 5) {
    return absl::InvalidArgumentError(
        "body: one enveloped message (flags, 4-byte length, JSON)");
  }
  const auto byte = [&](size_t i) {
    return static_cast<uint32_t>(static_cast<unsigned char>(body[i]));
  };
  if (byte(0) != 0) {
    return absl::InvalidArgumentError(
        "body: the envelope's flags must be 0 (no compression)");
  }
  const uint32_t length =
      (byte(1) << 24) | (byte(2) << 16) | (byte(3) << 8) | byte(4);
  if (length != body.size() - 5) {
    return absl::InvalidArgumentError(
        "body: the envelope's length is not the rest of the body");
  }
  return std::string(body.substr(5));
}

std::string Envelope(unsigned char flags, absl::string_view payload) {
  std::string out;
  out.reserve(payload.size() + 5);
  const uint32_t n = static_cast<uint32_t>(payload.size());
  out.push_back(static_cast<char>(flags));
  out.push_back(static_cast<char>((n >> 24) & 0xff));
  out.push_back(static_cast<char>((n >> 16) & 0xff));
  out.push_back(static_cast<char>((n >> 8) & 0xff));
  out.push_back(static_cast<char>(n & 0xff));
  out.append(payload.data(), payload.size());
  return out;
}

std::string EndOfStream(grpc::StatusCode code, absl::string_view message) {
  if (code == grpc::StatusCode::OK) return Envelope(0x02, "{}");
  return Envelope(0x02,
                  absl::StrCat("{\"error\":", ErrorBody(code, message), "}"));
}

std::pair<grpc::StatusCode, std::string> CallServerStreaming(
    const std::shared_ptr<grpc::Channel>& channel, absl::string_view method,
    absl::string_view request_json, std::chrono::milliseconds deadline,
    const std::vector<std::pair<std::string, std::string>>& metadata,
    const std::function<bool(const std::string&)>& on_message) {
  const auto* rpc = FindMethod(method);
  if (rpc == nullptr || !rpc->server_streaming() || rpc->client_streaming()) {
    return {grpc::StatusCode::UNIMPLEMENTED,
            absl::StrCat("no server-streaming method ", method)};
  }
  std::unique_ptr<Message> request = NewMessage(rpc->input_type());
  if (const auto parsed = google::protobuf::util::JsonStringToMessage(
          google::protobuf::StringPiece(request_json.data(),
                                        request_json.size()),
          request.get());
      !parsed.ok()) {
    return {grpc::StatusCode::INVALID_ARGUMENT,
            absl::StrCat("request: not a ", rpc->input_type()->full_name(),
                         ": ", parsed.message().as_string())};
  }
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + deadline);
  for (const auto& [key, value] : metadata) {
    if (!validate::IsLegalMetadataValue(value)) {
      return {grpc::StatusCode::INVALID_ARGUMENT,
              absl::StrCat(key, ": printable ASCII only")};
    }
    context.AddMetadata(key, value);
  }
  const std::string bytes = request->SerializeAsString();
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request_buffer(&slice, 1);

  grpc::CompletionQueue cq;
  grpc::GenericStub stub(channel);
  auto call = stub.PrepareCall(&context, absl::StrCat("/", method), &cq);
  // Each step waits for its own completion before the next starts, so one
  // tag per kind of step is enough.
  int start_tag = 0, write_tag = 0, done_tag = 0, read_tag = 0, finish_tag = 0;
  call->StartCall(&start_tag);
  bool ok = Await(cq, &start_tag);
  if (ok) {
    call->Write(request_buffer, &write_tag);
    ok = Await(cq, &write_tag);
  }
  if (ok) {
    call->WritesDone(&done_tag);
    ok = Await(cq, &done_tag);
  }
  std::unique_ptr<Message> reply = NewMessage(rpc->output_type());
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = false;
  std::string failure;
  while (ok) {
    grpc::ByteBuffer buffer;
    call->Read(&buffer, &read_tag);
    if (!Await(cq, &read_tag)) break;  // the stream ended (or broke)
    std::vector<grpc::Slice> slices;
    std::string reply_bytes;
    if (buffer.Dump(&slices).ok()) {
      for (const grpc::Slice& s : slices) {
        reply_bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
      }
    }
    reply->Clear();
    std::string json;
    if (!reply->ParseFromString(reply_bytes) ||
        !google::protobuf::util::MessageToJsonString(*reply, &json, options)
             .ok()) {
      failure = "a reply does not parse";
      context.TryCancel();
      break;
    }
    if (!on_message(json)) {
      failure = "the HTTP client went away";
      context.TryCancel();
      break;
    }
  }
  grpc::Status status;
  call->Finish(&status, &finish_tag);
  // Finish always completes; drain whatever else is queued, then shut down.
  void* got = nullptr;
  bool got_ok = false;
  while (cq.Next(&got, &got_ok)) {
    if (got == &finish_tag) break;
  }
  cq.Shutdown();
  while (cq.Next(&got, &got_ok)) {
  }
  if (!failure.empty()) return {grpc::StatusCode::CANCELLED, failure};
  return {status.error_code(), status.error_message()};
}

}  // namespace jixiao::gateway
