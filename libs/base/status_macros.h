// Early return on error, the Abseil way: keeps code that calls a chain of
// fallible steps flat.
#ifndef JIXIAO_LIBS_BASE_STATUS_MACROS_H_
#define JIXIAO_LIBS_BASE_STATUS_MACROS_H_

#include "absl/status/status.h"

#define JIXIAO_RETURN_IF_ERROR(expr)                                    \
  do {                                                                  \
    if (::absl::Status jixiao_status_ = (expr); !jixiao_status_.ok()) { \
      return jixiao_status_;                                            \
    }                                                                   \
  } while (0)

#endif  // JIXIAO_LIBS_BASE_STATUS_MACROS_H_
