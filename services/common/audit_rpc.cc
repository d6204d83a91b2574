#include "services/common/audit_rpc.h"

#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "libs/base/status_macros.h"
#include "libs/validate/validate.h"
#include "services/common/auth.h"
#include "services/common/request_context.h"
#include "services/common/storage/audit.h"

namespace jixiao {
namespace {

constexpr int kDefaultPageSize = 100;
constexpr int kMaxPageSize = 1000;

// RFC 3339 in, the audit rows' own form out, so that text order is time
// order.
absl::StatusOr<std::string> NormalizeTime(absl::string_view field,
                                          const std::string& text) {
  if (text.empty()) return std::string();
  absl::Time t;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, text, &t, &error)) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": \"", text, "\" is not an RFC 3339 time (", error, ")"));
  }
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", t, absl::UTCTimeZone());
}

}  // namespace

absl::Status ServeListAudit(const grpc::ServerContextBase& context,
                            storage::Database& db,
                            const audit::v1::ListAuditRequest& request,
                            audit::v1::ListAuditResponse* response) {
  storage::AuditQuery query;
  if (request.has_region_code()) {
    JIXIAO_RETURN_IF_ERROR(
        validate::ValidateRegionCode("region_code", request.region_code()));
    query.region_code = request.region_code();
  }
  if (request.has_department_code()) {
    JIXIAO_RETURN_IF_ERROR(validate::ValidateDepartmentCode(
        "department_code", request.department_code()));
    query.department_code = request.department_code();
  }
  if (request.has_year()) {
    JIXIAO_RETURN_IF_ERROR(validate::ValidateYear("year", request.year()));
    query.year = request.year();
  }
  JIXIAO_RETURN_IF_ERROR(
      validate::ValidateText("method", request.method(), 100, false));
  JIXIAO_RETURN_IF_ERROR(
      validate::ValidateText("subject", request.subject(), 100, false));
  query.method = request.method();
  query.subject = request.subject();
  JIXIAO_ASSIGN_OR_RETURN(auto since, NormalizeTime("since", request.since()));
  JIXIAO_ASSIGN_OR_RETURN(auto until, NormalizeTime("until", request.until()));
  query.since = since;
  query.until = until;
  if (request.page_size() < 0) {
    return absl::InvalidArgumentError("page_size: must not be negative");
  }
  query.limit = request.page_size() == 0
                    ? kDefaultPageSize
                    : std::min(request.page_size(), kMaxPageSize);
  if (!request.page_token().empty() &&
      (!absl::SimpleAtoi(request.page_token(), &query.after_id) ||
       query.after_id < 0)) {
    return absl::InvalidArgumentError(
        "page_token: not a token this service gave");
  }
  JIXIAO_ASSIGN_OR_RETURN(auto caller, auth::CallerOf(context));
  JIXIAO_RETURN_IF_ERROR(access::MayOversee(caller));
  if (caller.role == access::Role::kFinance) {
    // The bureau reads its own region's trail: the filter is required.
    JIXIAO_RETURN_IF_ERROR(
        access::MayAccessRegion(caller, query.region_code, "region_code"));
  }
  // One more than asked tells whether another page follows.
  ++query.limit;
  JIXIAO_ASSIGN_OR_RETURN(auto rows, storage::ReadAudit(db, query));
  const bool more = static_cast<int>(rows.size()) >= query.limit;
  if (more) rows.pop_back();
  for (const storage::AuditRow& row : rows) {
    audit::v1::AuditEntry* e = response->add_entries();
    e->set_id(row.id);
    e->set_at(row.at);
    e->set_subject(row.subject);
    e->set_role(row.role);
    e->set_request_id(row.request_id);
    e->set_method(row.method);
    e->set_entity(row.entity);
    e->set_region_code(row.region_code);
    e->set_department_code(row.department_code);
    e->set_year(row.year);
    for (const std::string& f : row.changed_fields) e->add_changed_fields(f);
    e->set_old_value(row.old_value);
    e->set_new_value(row.new_value);
  }
  if (more) response->set_next_page_token(absl::StrCat(rows.back().id));
  return absl::OkStatus();
}

storage::Writer AuditWriter(const grpc::ServerContextBase& context,
                            absl::string_view method,
                            absl::string_view acting_subject) {
  const auto caller = auth::CallerOf(context);
  return storage::Writer{!acting_subject.empty() ? std::string(acting_subject)
                         : caller.ok()           ? caller->subject
                                                 : "",
                         RequestIdOf(context), std::string(method),
                         caller.ok() && auth::TokensChecked()
                             ? std::string(access::RoleName(caller->role))
                             : ""};
}

}  // namespace jixiao
