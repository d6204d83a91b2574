// `jixiao projects VERB …`: project self-evaluations (项目支出绩效自评)
// through the indicator service's ProjectEvaluationService — the
// department files the 自评表's indicator part from a CSV or .xlsx file
// (every row checked against the approved targets first: nothing is sent
// while any is wrong), shows, submits; finance returns or approves.
#ifndef JIXIAO_TOOLS_JIXIAO_PROJECTS_COMMAND_H_
#define JIXIAO_TOOLS_JIXIAO_PROJECTS_COMMAND_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"

namespace jixiao::cli {

// What main gives the command: a context for each call (deadline and the
// caller's token or actor) and the indicator service's channel.
struct ProjectsEnv {
  std::function<std::unique_ptr<grpc::ClientContext>()> context;
  std::shared_ptr<grpc::Channel> indicator;
};

// words[0] is "projects", words[1] the verb (file, show, submit, return,
// approve), words[2] the file of `file FILE`. Returns main's exit code: 0
// done, 1 refused, 2 the command line is wrong, 3 the service could not be
// reached.
int RunProjects(const std::vector<std::string>& words, const ProjectsEnv& env);

}  // namespace jixiao::cli

#endif  // JIXIAO_TOOLS_JIXIAO_PROJECTS_COMMAND_H_
