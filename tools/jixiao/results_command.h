// Results used (结果应用) and published (公开), through the evaluation
// service's ResultsService:
//   jixiao publish --region R --department D --year Y --out DIR
//   jixiao package get --region R --department D --year Y --out DIR
//   jixiao verify DIR                      (offline: no service)
//   jixiao results rules|propose|decide|decisions …
#ifndef JIXIAO_TOOLS_JIXIAO_RESULTS_COMMAND_H_
#define JIXIAO_TOOLS_JIXIAO_RESULTS_COMMAND_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"

namespace jixiao::cli {

struct ResultsEnv {
  std::function<std::unique_ptr<grpc::ClientContext>()> context;
  std::shared_ptr<grpc::Channel> evaluation;
};

// Runs one of the commands above (main's command table matches their
// words). Returns main's exit code: 0 done, 1 refused (or a package that
// does not verify), 2 the command line is wrong, 3 a service could not be
// reached.
int RunResults(const std::vector<std::string>& words, const ResultsEnv& env);

}  // namespace jixiao::cli

#endif  // JIXIAO_TOOLS_JIXIAO_RESULTS_COMMAND_H_
