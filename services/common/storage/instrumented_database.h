// Times every transaction of a database for the metrics
// (jixiao_db_duration_seconds, jixiao_db_errors_total).
#ifndef JIXIAO_SERVICES_COMMON_STORAGE_INSTRUMENTED_DATABASE_H_
#define JIXIAO_SERVICES_COMMON_STORAGE_INSTRUMENTED_DATABASE_H_

#include <memory>

#include "services/common/storage/database.h"

namespace jixiao::storage {

std::unique_ptr<Database> Instrumented(std::unique_ptr<Database> db);

}  // namespace jixiao::storage

#endif  // JIXIAO_SERVICES_COMMON_STORAGE_INSTRUMENTED_DATABASE_H_
