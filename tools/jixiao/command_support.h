// What every jixiao command does alike: its exit codes, how it says that it
// failed, and how it reads the file it is given.
#ifndef JIXIAO_TOOLS_JIXIAO_COMMAND_SUPPORT_H_
#define JIXIAO_TOOLS_JIXIAO_COMMAND_SUPPORT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "grpcpp/support/status.h"
#include "tools/jixiao/table_reader.h"

namespace jixiao::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitRefused = 1;      // a refusal, or a file with errors
inline constexpr int kExitUsage = 2;        // the command line is wrong
inline constexpr int kExitUnreachable = 3;  // a service could not be reached

// Prints "jixiao: <message>" on stderr; returns `code`.
int Fail(int code, absl::string_view message);

// A failed call, printed as "<what>: <message> (gRPC code N)":
// kExitUnreachable when the service could not be reached (UNAVAILABLE,
// DEADLINE_EXCEEDED), else kExitRefused.
int FailCall(const grpc::Status& status, absl::string_view what);

// A file refused for its errors: prints each as "<path>: <error>", then
// fails (kExitRefused) with "<path>: N errors; nothing was <not_done>".
int FailFileErrors(const std::string& path,
                   const std::vector<std::string>& errors,
                   absl::string_view not_done);

// The one way the CLI prints a message as JSON (--format=json): from the
// message with MessageToJsonString, ending in a newline; by default
// indented, with the API's field names (lowerCamel, as the HTTP API sends
// them). A command whose documented output scripts read keeps its form:
// `report extract` one line with the proto's names, the results commands
// the proto's names, `evaluate` and `projects` one line.
struct JsonLayout {
  bool proto_names = false;
  bool one_line = false;
};
std::string JsonOf(const google::protobuf::Message& message,
                   JsonLayout layout = {});
// JsonOf on stdout; returns kExitOk.
int PrintJson(const google::protobuf::Message& message, JsonLayout layout = {});

// A file's bytes; NOT_FOUND "<path>: cannot open".
absl::StatusOr<std::string> ReadFileBytes(const std::string& path);

// The --encoding flag's value: utf-8, gbk or auto; nullopt for any other.
std::optional<Encoding> EncodingNamed(absl::string_view name);

// A file's text as UTF-8 (ToUtf8). An error's message starts with the path:
// "<path>: cannot open", "<path>: the file is neither UTF-8 nor GBK …".
absl::StatusOr<std::string> ReadTextFile(const std::string& path,
                                         Encoding encoding);

// A file's rows, .xlsx or CSV (ReadTable); errors as ReadTextFile's.
absl::StatusOr<std::vector<TableRow>> ReadTableFile(const std::string& path,
                                                    Encoding encoding);

}  // namespace jixiao::cli

#endif  // JIXIAO_TOOLS_JIXIAO_COMMAND_SUPPORT_H_
