// Early return on error, the Abseil way: keeps code that calls a chain of
// fallible steps flat.
#ifndef JIXIAO_LIBS_BASE_STATUS_MACROS_H_
#define JIXIAO_LIBS_BASE_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"

#define JIXIAO_RETURN_IF_ERROR(expr)                                    \
  do {                                                                  \
    if (::absl::Status jixiao_status_ = (expr); !jixiao_status_.ok()) { \
      return jixiao_status_;                                            \
    }                                                                   \
  } while (0)

// `lhs = *expr`, or return expr's status if it is not OK; lhs may declare
// (JIXIAO_ASSIGN_OR_RETURN(auto rows, s.Query(...))) or assign to an
// existing variable. One statement: not the body of an unbraced if.
// An lhs with commas (structured bindings) goes in parentheses, which are
// dropped; expr may hold commas as it is:
//   JIXIAO_ASSIGN_OR_RETURN((auto [id, name]),
//                           ReadColumns<int64_t, std::string>(row));
#define JIXIAO_ASSIGN_OR_RETURN(lhs, ...)                             \
  JIXIAO_ASSIGN_OR_RETURN_IMPL_(                                      \
      JIXIAO_STATUS_MACROS_CONCAT_(jixiao_status_or_, __LINE__), lhs, \
      __VA_ARGS__)

#define JIXIAO_ASSIGN_OR_RETURN_IMPL_(status_or, lhs, ...)   \
  auto status_or = (__VA_ARGS__);                            \
  if (!status_or.ok()) return std::move(status_or).status(); \
  JIXIAO_STATUS_MACROS_UNPAREN_(lhs) = *std::move(status_or)

// `(a, b)` → `a, b`; anything else as it is. ISH applied to a parenthesised
// argument expands to `ISH a, b`; pasting VAN before the leading ISH makes
// VANISH, which expands to nothing either way.
#define JIXIAO_STATUS_MACROS_UNPAREN_(x) \
  JIXIAO_STATUS_MACROS_ESCAPE_(JIXIAO_STATUS_MACROS_ISH_ x)
#define JIXIAO_STATUS_MACROS_ISH_(...) JIXIAO_STATUS_MACROS_ISH_ __VA_ARGS__
#define JIXIAO_STATUS_MACROS_ESCAPE_(...) \
  JIXIAO_STATUS_MACROS_ESCAPE_INNER_(__VA_ARGS__)
#define JIXIAO_STATUS_MACROS_ESCAPE_INNER_(...) \
  JIXIAO_STATUS_MACROS_VAN##__VA_ARGS__
#define JIXIAO_STATUS_MACROS_VANJIXIAO_STATUS_MACROS_ISH_

#define JIXIAO_STATUS_MACROS_CONCAT_(a, b) \
  JIXIAO_STATUS_MACROS_CONCAT_INNER_(a, b)
#define JIXIAO_STATUS_MACROS_CONCAT_INNER_(a, b) a##b

#endif  // JIXIAO_LIBS_BASE_STATUS_MACROS_H_
