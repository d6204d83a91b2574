// What `jixiao indicator show` prints: an evaluation's indicators under its
// framework, as a table a finance officer reads: each indicator with its
// weight, its value and where the value came from.
#ifndef JIXIAO_TOOLS_JIXIAO_INDICATOR_VIEW_H_
#define JIXIAO_TOOLS_JIXIAO_INDICATOR_VIEW_H_

#include <string>

#include "jixiao/indicator/v1/indicator.pb.h"

namespace jixiao::cli {

std::string RenderEvaluation(
    const jixiao::indicator::v1::Framework& framework,
    const jixiao::indicator::v1::Evaluation& evaluation);

}  // namespace jixiao::cli

#endif  // JIXIAO_TOOLS_JIXIAO_INDICATOR_VIEW_H_
