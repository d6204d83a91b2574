#include "tools/jixiao/command_support.h"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "libs/base/status_macros.h"

namespace jixiao::cli {
namespace {

// The status with the path in front of its message.
absl::Status AtPath(const std::string& path, const absl::Status& status) {
  return absl::Status(status.code(),
                      absl::StrCat(path, ": ", status.message()));
}

}  // namespace

std::string JsonOf(const google::protobuf::Message& message,
                   JsonLayout layout) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = !layout.one_line;
  options.preserve_proto_field_names = layout.proto_names;
  std::string json;
  // Cannot fail for a message the CLI holds (it was parsed or built).
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  if (json.empty() || json.back() != '\n') json += '\n';
  return json;
}

int PrintJson(const google::protobuf::Message& message, JsonLayout layout) {
  const std::string json = JsonOf(message, layout);
  std::fwrite(json.data(), 1, json.size(), stdout);
  return kExitOk;
}

int Fail(int code, absl::string_view message) {
  std::fprintf(stderr, "jixiao: %s\n", std::string(message).c_str());
  return code;
}

int FailCall(const grpc::Status& status, absl::string_view what) {
  const bool unreachable =
      status.error_code() == grpc::StatusCode::UNAVAILABLE ||
      status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED;
  return Fail(unreachable ? kExitUnreachable : kExitRefused,
              absl::StrCat(what, ": ", status.error_message(), " (gRPC code ",
                           static_cast<int>(status.error_code()), ")"));
}

int FailFileErrors(const std::string& path,
                   const std::vector<std::string>& errors,
                   absl::string_view not_done) {
  for (const std::string& e : errors) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), e.c_str());
  }
  return Fail(kExitRefused, absl::StrCat(path, ": ", errors.size(),
                                         " errors; nothing was ", not_done));
}

absl::StatusOr<std::string> ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
  return std::string{std::istreambuf_iterator<char>(in),
                     std::istreambuf_iterator<char>()};
}

std::optional<Encoding> EncodingNamed(absl::string_view name) {
  if (name == "utf-8") return Encoding::kUtf8;
  if (name == "gbk") return Encoding::kGbk;
  if (name == "auto") return Encoding::kAuto;
  return std::nullopt;
}

absl::StatusOr<std::string> ReadTextFile(const std::string& path,
                                         Encoding encoding) {
  JIXIAO_ASSIGN_OR_RETURN(auto bytes, ReadFileBytes(path));
  auto text = ToUtf8(std::move(bytes), encoding);
  if (!text.ok()) return AtPath(path, text.status());
  return text;
}

absl::StatusOr<std::vector<TableRow>> ReadTableFile(const std::string& path,
                                                    Encoding encoding) {
  JIXIAO_ASSIGN_OR_RETURN(auto bytes, ReadFileBytes(path));
  auto rows = ReadTable(std::move(bytes), encoding);
  if (!rows.ok()) return AtPath(path, rows.status());
  return rows;
}

}  // namespace jixiao::cli
