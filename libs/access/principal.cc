#include "libs/access/principal.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace jixiao::access {

absl::string_view RoleName(Role role) {
  switch (role) {
    case Role::kDepartment:
      return "department";
    case Role::kFinance:
      return "finance";
    case Role::kAdmin:
      return "admin";
  }
  return "";
}

absl::StatusOr<Role> ParseRole(absl::string_view name) {
  if (name == "department") return Role::kDepartment;
  if (name == "finance") return Role::kFinance;
  if (name == "admin") return Role::kAdmin;
  return absl::InvalidArgumentError(absl::StrCat(
      "role \"", name, "\" is not one of department, finance, admin"));
}

bool RegionCovers(absl::string_view scope, absl::string_view region) {
  if (scope == region) return true;
  // GB/T 2260: 430000 a province, 430700 a city, 430725 a county.
  absl::string_view prefix = scope;
  while (absl::ConsumeSuffix(&prefix, "00")) {
  }
  return prefix.size() < scope.size() && !prefix.empty() &&
         absl::StartsWith(region, prefix);
}

absl::Status MayAccessDepartment(const Principal& caller,
                                 absl::string_view region,
                                 absl::string_view department,
                                 absl::string_view field) {
  switch (caller.role) {
    case Role::kAdmin:
      return absl::OkStatus();
    case Role::kFinance:
      if (RegionCovers(caller.region_code, region)) return absl::OkStatus();
      return absl::PermissionDeniedError(
          absl::StrCat(field, ": the finance bureau of ", caller.region_code,
                       " may not act in region ", region));
    case Role::kDepartment:
      if (caller.region_code == region && caller.department_code == department)
        return absl::OkStatus();
      return absl::PermissionDeniedError(absl::StrCat(
          field, ": department ", caller.region_code, "/",
          caller.department_code, " may not act on ", region, "/", department));
  }
  return absl::PermissionDeniedError(field);
}

absl::Status MayAccessRegion(const Principal& caller, absl::string_view region,
                             absl::string_view field) {
  if (caller.role == Role::kDepartment) {
    return absl::PermissionDeniedError(absl::StrCat(
        field,
        ": a department may act on its own department only, not on "
        "region ",
        region));
  }
  return MayAccessDepartment(caller, region, "", field);
}

absl::Status MayOversee(const Principal& caller) {
  if (caller.role != Role::kDepartment) return absl::OkStatus();
  return absl::PermissionDeniedError(
      "authorization: only the finance bureau and admins may read this");
}

}  // namespace jixiao::access
