// A rate computed from exact inputs, with everything needed to trace it:
// the formula id, the formula in words, and each input with its value.
#ifndef JIXIAO_SERVICES_BUDGET_DOMAIN_RATE_H_
#define JIXIAO_SERVICES_BUDGET_DOMAIN_RATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace jixiao::budget {

enum class InputUnit { kFen, kPerson };

struct RateInput {
  std::string name;
  int64_t value = 0;
  InputUnit unit = InputUnit::kFen;
  std::string note;  // how it was obtained, when not stated directly
};

struct Rate {
  std::string formula_id;
  std::string name;
  std::string formula;
  bool computable = false;
  std::string reason;  // why not, when not computable
  int64_t numerator = 0;
  int64_t denominator = 0;
  std::vector<RateInput> inputs;

  // Two-decimal percent, or "" when not computable.
  std::string Percent() const;
};

// Collects a rate's inputs; any that is absent makes the rate not
// computable, and the reason names every absent input.
class RateBuilder {
 public:
  RateBuilder(absl::string_view formula_id, absl::string_view name,
              absl::string_view formula);

  // Records an input; returns it, or nullopt (and notes it missing).
  std::optional<int64_t> Need(absl::string_view name,
                              std::optional<int64_t> value,
                              InputUnit unit = InputUnit::kFen,
                              absl::string_view note = "");

  // Finishes with numerator / denominator (exact; reduced when they do not
  // fit int64). Not computable when an input was missing, or when the
  // denominator is absent or zero.
  Rate Finish(std::optional<__int128> numerator,
              std::optional<__int128> denominator);

 private:
  Rate rate_;
  std::vector<std::string> missing_;
};

}  // namespace jixiao::budget

#endif  // JIXIAO_SERVICES_BUDGET_DOMAIN_RATE_H_
