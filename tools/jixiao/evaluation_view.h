// What `jixiao evaluate` prints: the score, the grade, the self-score beside
// it, every deduction with its reason, the values that were missing, and
// the consistency findings.
#ifndef JIXIAO_TOOLS_JIXIAO_EVALUATION_VIEW_H_
#define JIXIAO_TOOLS_JIXIAO_EVALUATION_VIEW_H_

#include <string>

#include "jixiao/evaluation/v1/evaluation.pb.h"

namespace jixiao::cli {

std::string RenderResult(
    const jixiao::evaluation::v1::EvaluationResult& result);

}  // namespace jixiao::cli

#endif  // JIXIAO_TOOLS_JIXIAO_EVALUATION_VIEW_H_
