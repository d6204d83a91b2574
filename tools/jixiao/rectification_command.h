// `jixiao rectification VERB …`: rectification tasks (整改) through the
// indicator service's RectificationService — finance makes a task of a
// finding, the department uploads its evidence and reports, finance
// accepts or reopens; lists by status and overdue as of a day.
#ifndef JIXIAO_TOOLS_JIXIAO_RECTIFICATION_COMMAND_H_
#define JIXIAO_TOOLS_JIXIAO_RECTIFICATION_COMMAND_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"

namespace jixiao::cli {

// What main gives the command: a context for each call (deadline and the
// caller's token or actor) and the services' channels.
struct RectificationEnv {
  std::function<std::unique_ptr<grpc::ClientContext>()> context;
  std::shared_ptr<grpc::Channel> indicator;
  std::shared_ptr<grpc::Channel> budget;
};

// words[0] is "rectification", words[1] the verb, words[2] the file of
// `evidence FILE`. Returns main's exit code: 0 done, 1 refused, 2 the
// command line is wrong, 3 a service could not be reached.
int RunRectification(const std::vector<std::string>& words,
                     const RectificationEnv& env);

}  // namespace jixiao::cli

#endif  // JIXIAO_TOOLS_JIXIAO_RECTIFICATION_COMMAND_H_
