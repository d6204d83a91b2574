// Who is asking, as a verified token says, and what each kind of caller may
// touch. Pure domain: no gRPC, no tokens, no SQL.
//
//   department  its own department (region and code), nothing else
//   finance     every department of its region (a region code ending in 00
//               covers the codes under it: 430700 covers 430725)
//   admin       everything
#ifndef JIXIAO_LIBS_ACCESS_PRINCIPAL_H_
#define JIXIAO_LIBS_ACCESS_PRINCIPAL_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jixiao::access {

enum class Role { kDepartment, kFinance, kAdmin };

struct Principal {
  std::string subject;
  Role role = Role::kAdmin;
  std::string region_code;      // department and finance
  std::string department_code;  // department
  // False when the service checks no tokens (the embedded single-server
  // default): the caller is then trusted as an admin.
  bool verified = false;
};

absl::string_view RoleName(Role role);  // "department", "finance", "admin"
absl::StatusOr<Role> ParseRole(absl::string_view name);

// Whether `region` (a department's) lies within `scope` (a finance token's).
bool RegionCovers(absl::string_view scope, absl::string_view region);

// Reading or writing one department's data. PERMISSION_DENIED names the
// field (`field` is the request field holding the department).
absl::Status MayAccessDepartment(const Principal& caller,
                                 absl::string_view region,
                                 absl::string_view department,
                                 absl::string_view field);
// A whole region (listing, ranking, bulk import, frameworks, new departments):
// finance of that region, or admin.
absl::Status MayAccessRegion(const Principal& caller, absl::string_view region,
                             absl::string_view field);
// Service-wide reads for operators and the bureau: the audit trail, cache
// statistics. Finance or admin.
absl::Status MayOversee(const Principal& caller);

}  // namespace jixiao::access

#endif  // JIXIAO_LIBS_ACCESS_PRINCIPAL_H_
