// The hand-read corpus of real reports (tests/data/reports/real): each
// NN_<name>.txt beside its NN_<name>.json ground truth.
#ifndef JIXIAO_TOOLS_EXTRACT_EVAL_CORPUS_H_
#define JIXIAO_TOOLS_EXTRACT_EVAL_CORPUS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace jixiao::extract_eval {

struct LabelledReport {
  std::string name;  // "01_nangong-procuratorate-2019"
  std::string text;  // the .txt after its header lines
  std::map<std::string, std::string> figures;  // key → canonical value
  std::vector<std::string> finding_ids;        // one per expected finding
};

// Every NN_*.json of `dir` with its .txt, sorted by name.
absl::StatusOr<std::vector<LabelledReport>> LoadCorpus(const std::string& dir);

}  // namespace jixiao::extract_eval

#endif  // JIXIAO_TOOLS_EXTRACT_EVAL_CORPUS_H_
