// The budget service's tables, as versioned migrations.
#ifndef JIXIAO_SERVICES_BUDGET_STORE_SCHEMA_H_
#define JIXIAO_SERVICES_BUDGET_STORE_SCHEMA_H_

#include "absl/types/span.h"
#include "services/common/storage/migrations.h"

namespace jixiao::budget {

absl::Span<const storage::Migration> BudgetMigrations();

}  // namespace jixiao::budget

#endif  // JIXIAO_SERVICES_BUDGET_STORE_SCHEMA_H_
