// The indicator service's tables, as versioned migrations.
#ifndef JIXIAO_SERVICES_INDICATOR_STORE_SCHEMA_H_
#define JIXIAO_SERVICES_INDICATOR_STORE_SCHEMA_H_

#include "absl/types/span.h"
#include "services/common/storage/migrations.h"

namespace jixiao::indicator {

absl::Span<const storage::Migration> IndicatorMigrations();

}  // namespace jixiao::indicator

#endif  // JIXIAO_SERVICES_INDICATOR_STORE_SCHEMA_H_
