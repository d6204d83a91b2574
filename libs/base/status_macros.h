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
#define JIXIAO_ASSIGN_OR_RETURN(lhs, expr) \
  JIXIAO_ASSIGN_OR_RETURN_IMPL_(           \
      JIXIAO_STATUS_MACROS_CONCAT_(jixiao_status_or_, __LINE__), lhs, expr)

#define JIXIAO_ASSIGN_OR_RETURN_IMPL_(status_or, lhs, expr)  \
  auto status_or = (expr);                                   \
  if (!status_or.ok()) return std::move(status_or).status(); \
  lhs = *std::move(status_or)

#define JIXIAO_STATUS_MACROS_CONCAT_(a, b) \
  JIXIAO_STATUS_MACROS_CONCAT_INNER_(a, b)
#define JIXIAO_STATUS_MACROS_CONCAT_INNER_(a, b) a##b

#endif  // JIXIAO_LIBS_BASE_STATUS_MACROS_H_
