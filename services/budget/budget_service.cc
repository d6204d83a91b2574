#include "services/budget/budget_service.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/base/status_macros.h"
#include "libs/document_text/document_text.h"
#include "libs/validate/validate.h"
#include "services/budget/domain/consistency.h"
#include "services/budget/domain/convert.h"
#include "services/budget/domain/extraction_proto.h"
#include "services/budget/domain/rates.h"
#include "services/budget/domain/report_extract/extract.h"
#include "services/budget/domain/validation.h"
#include "services/common/audit_rpc.h"
#include "services/common/auth.h"
#include "services/common/grpc_status.h"
#include "services/common/memory.h"
#include "services/common/request_context.h"
#include "services/common/respond.h"
#include "services/common/respond_stream.h"
#include "services/common/stream_limits.h"
#include "services/common/worker_pool.h"
#include "services/common/write_epoch_rpc.h"

namespace jixiao::budget {
namespace {

constexpr int kDefaultPageSize = 100;
constexpr int kMaxPageSize = 1000;
constexpr Fen kMaxTolerance = 1'000'000;  // 1万元
// Departments a StreamRegionInputs message: few messages (each costs a
// write and a wake-up on both ends), none large.
constexpr int kRegionPageSize = 100;

absl::Status ValidateDepartmentKey(absl::string_view prefix,
                                   absl::string_view region,
                                   absl::string_view code) {
  JIXIAO_RETURN_IF_ERROR(
      ValidateRegionCode(absl::StrCat(prefix, "region_code"), region));
  return ValidateDepartmentCode(absl::StrCat(prefix, "code"), code);
}

absl::Status ValidateYearKey(absl::string_view prefix,
                             const v1::DepartmentYearKey& key) {
  return validate::ValidateDepartmentYearKey(prefix, key.region_code(),
                                             key.department_code(), key.year());
}

// The base year's figures, when stored, for rates and checks over two years.
const DepartmentYear* BaseOf(const Snapshot& snapshot) {
  return snapshot.base ? &*snapshot.base : nullptr;
}

void FillAggregates(const RateContext& in, v1::Aggregates* out) {
  out->set_figures_version(in.current.version);
  out->set_base_figures_version(in.prior != nullptr ? in.prior->version : 0);
  ToProto(in.ledger, out);
  for (const Rate& rate : ComputeRates(in)) ToProto(rate, out->add_rates());
}

void FillConsistency(const ConsistencyInput& in, v1::ConsistencyReport* out) {
  const ConsistencyResult result = budget::CheckConsistency(in);
  out->set_figures_version(in.current.version);
  out->set_base_figures_version(in.prior != nullptr ? in.prior->version : 0);
  out->set_tolerance_fen(in.tolerance);
  out->set_identities_checked(result.identities_checked);
  for (const Finding& f : result.findings) ToProto(f, out->add_findings());
  for (const std::string& line : result.not_checked) {
    out->add_not_checked(line);
  }
}

// What StreamRegionInputs sends of one department.
void FillRegionInputs(const RegionDepartment& d,
                      const v1::RegionInputsRequest& request, Fen tolerance,
                      v1::DepartmentInputs* inputs) {
  ToProto(d.department, inputs->mutable_department());
  v1::Versions* versions = inputs->mutable_versions();
  versions->set_department_version(d.department.version);
  versions->set_figures_version(d.current ? d.current->version : 0);
  versions->set_base_figures_version(d.base ? d.base->version : 0);
  inputs->set_figures_stored(d.current.has_value());
  if (!d.current) return;
  v1::DepartmentYearKey key;
  key.set_region_code(d.department.region_code);
  key.set_department_code(d.department.code);
  key.set_year(request.year());
  const DepartmentYear* base = d.base ? &*d.base : nullptr;
  if (request.with_figures()) {
    ToProto(*d.current, d.department.region_code, d.department.code,
            inputs->mutable_figures());
  }
  if (request.with_aggregates()) {
    *inputs->mutable_aggregates()->mutable_key() = key;
    FillAggregates(RateContext{d.department, *d.current, base, d.ledger, false,
                               std::nullopt},
                   inputs->mutable_aggregates());
  }
  if (request.with_consistency()) {
    *inputs->mutable_consistency()->mutable_key() = key;
    FillConsistency(
        ConsistencyInput{d.department, *d.current, base, d.ledger, tolerance},
        inputs->mutable_consistency());
  }
}

// What a streamed row is taken to hold in memory until its batch is stored
// (about 210 bytes measured, with its strings), for the stream byte limit.
constexpr int64_t kHeldBytesPerRow = 256;

// Reads a streamed batch chunk by chunk, checking each as it arrives, then
// stores it whole. The stream is admitted against the stream limits first,
// and every chunk's rows are counted against the bytes all streams may hold.
class ImportReactor : public grpc::ServerReadReactor<v1::ImportLedgerRequest> {
 public:
  ImportReactor(BudgetServiceImpl* service,
                const grpc::CallbackServerContext* context,
                storage::Writer actor, v1::ImportLedgerResponse* response)
      : service_(service),
        context_(context),
        actor_(std::move(actor)),
        response_(response) {
    // A caller without a good token is refused before anything is read.
    if (const auto caller = auth::CallerOf(*context); !caller.ok()) {
      Finish(ToGrpcStatus(caller.status()));
      return;
    }
    auto ticket = StreamLimits::ForService().Admit(StreamCallerOf(*context));
    if (!ticket.ok()) {
      Finish(ToGrpcStatus(ticket.status()));
      return;
    }
    ticket_ = *std::move(ticket);
    StartRead(&chunk_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {  // the client has sent everything, or cancelled
      // Storing a batch blocks (a million rows take seconds): on a stream
      // worker, neither gRPC's callback thread nor a unary handler's.
      WorkerPool::ForStreams().Post([this] {
        // A read also ends when the caller cancels, having sent only part
        // of its batch: that part is not the batch, and is not stored.
        absl::Status status =
            context_->IsCancelled()
                ? absl::CancelledError("the caller cancelled the stream")
                : ValidateLedgerRowCount(
                      batch_.lines.size() + batch_.payments.size(),
                      kMaxStreamBatchRows);
        if (status.ok())
          status = service_->StoreBatch(batch_, actor_, response_);
        batch_ = LedgerBatch();
        ticket_.reset();
        ReturnFreedMemory();
        Finish(ToGrpcStatus(status));
      });
      return;
    }
    if (absl::Status status = Append(); !status.ok()) {
      Finish(ToGrpcStatus(status));
      return;
    }
    chunk_.Clear();
    StartRead(&chunk_);
  }

  void OnDone() override { delete this; }

 private:
  absl::Status Append() {
    const std::string at = absl::StrCat("chunk ", chunks_, ": ");
    const size_t rows = chunk_.lines_size() + chunk_.payments_size();
    if (rows > kMaxUnaryBatchRows) {
      return absl::InvalidArgumentError(
          absl::StrCat(at, "lines: a chunk holds at most ", kMaxUnaryBatchRows,
                       " rows, got ", rows));
    }
    if (batch_.lines.size() + batch_.payments.size() + rows >
        kMaxStreamBatchRows) {
      return absl::InvalidArgumentError(absl::StrCat(
          "lines: a batch holds at most ", kMaxStreamBatchRows, " rows"));
    }
    if (chunks_ == 0) {
      // The batch is named and placed by its first chunk: checked before
      // the rest is read.
      batch_.batch_id = chunk_.batch_id();
      batch_.region_code = chunk_.region_code();
      JIXIAO_RETURN_IF_ERROR(ValidateLedgerBatchId(batch_));
      JIXIAO_RETURN_IF_ERROR(
          auth::MayAccessRegion(*context_, batch_.region_code, "region_code"));
    } else if ((!chunk_.batch_id().empty() &&
                chunk_.batch_id() != batch_.batch_id) ||
               (!chunk_.region_code().empty() &&
                chunk_.region_code() != batch_.region_code)) {
      return absl::InvalidArgumentError(absl::StrCat(
          at,
          "batch_id: every chunk of a stream belongs to one batch and region"));
    }
    ++chunks_;
    JIXIAO_RETURN_IF_ERROR(
        ticket_->Hold(static_cast<int64_t>(rows) * kHeldBytesPerRow));
    JIXIAO_RETURN_IF_ERROR(AppendRows(chunk_, &batch_));
    // Checked while the next chunk is on its way.
    return checker_.CheckNewRows();
  }

  BudgetServiceImpl* const service_;
  const grpc::CallbackServerContext* const context_;
  const storage::Writer actor_;
  v1::ImportLedgerResponse* const response_;
  v1::ImportLedgerRequest chunk_;
  LedgerBatch batch_;
  LedgerRowChecker checker_{batch_};
  int chunks_ = 0;
  std::unique_ptr<StreamLimits::Ticket> ticket_;
};

}  // namespace

grpc::ServerUnaryReactor* BudgetServiceImpl::CreateDepartment(
    grpc::CallbackServerContext* context,
    const v1::CreateDepartmentRequest* request, v1::Department* response) {
  return Respond(context, [=, this]() -> absl::Status {
    const Department department = FromProto(request->department());
    JIXIAO_RETURN_IF_ERROR(auth::MayAccessRegion(
        *context, department.region_code, "department.region_code"));
    JIXIAO_RETURN_IF_ERROR(ValidateDepartment(department));
    JIXIAO_ASSIGN_OR_RETURN(
        auto stored,
        store_->CreateDepartment(department,
                                 AuditWriter(*context, "CreateDepartment")));
    ToProto(stored, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* BudgetServiceImpl::UpdateDepartment(
    grpc::CallbackServerContext* context,
    const v1::UpdateDepartmentRequest* request, v1::Department* response) {
  return Respond(context, [=, this]() -> absl::Status {
    const Department department = FromProto(request->department());
    JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
        *context, department.region_code, department.code, "department.code"));
    JIXIAO_RETURN_IF_ERROR(ValidateDepartment(department));
    const auto expected =
        request->has_expected_version()
            ? std::optional<int64_t>(request->expected_version())
            : std::nullopt;
    JIXIAO_ASSIGN_OR_RETURN(const auto caller, auth::CallerOf(*context));
    const bool by_department = caller.role == access::Role::kDepartment;
    JIXIAO_ASSIGN_OR_RETURN(
        auto stored,
        store_->UpdateDepartment(
            department, expected, AuditWriter(*context, "UpdateDepartment"),
            [&](const Department& before) {
              return CheckMasterDataChange(before, department, by_department);
            }));
    ToProto(stored, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* BudgetServiceImpl::GetDepartment(
    grpc::CallbackServerContext* context, const v1::DepartmentKey* request,
    v1::Department* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(
        ValidateDepartmentKey("", request->region_code(), request->code()));
    JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
        *context, request->region_code(), request->code(), "code"));
    JIXIAO_ASSIGN_OR_RETURN(
        auto department,
        store_->GetDepartment(request->region_code(), request->code()));
    ToProto(department, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* BudgetServiceImpl::ListDepartments(
    grpc::CallbackServerContext* context,
    const v1::ListDepartmentsRequest* request,
    v1::ListDepartmentsResponse* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(
        ValidateRegionCode("region_code", request->region_code()));
    JIXIAO_RETURN_IF_ERROR(
        auth::MayAccessRegion(*context, request->region_code(), "region_code"));
    if (request->page_size() < 0) {
      return absl::InvalidArgumentError("page_size: must not be negative");
    }
    if (!request->page_token().empty()) {
      JIXIAO_RETURN_IF_ERROR(
          ValidateDepartmentCode("page_token", request->page_token()));
    }
    const int page_size = request->page_size() == 0
                              ? kDefaultPageSize
                              : std::min(request->page_size(), kMaxPageSize);
    // One more than asked tells whether another page follows.
    JIXIAO_ASSIGN_OR_RETURN(
        auto departments,
        store_->ListDepartments(request->region_code(), request->page_token(),
                                page_size + 1));
    const bool more = static_cast<int>(departments.size()) > page_size;
    if (more) departments.pop_back();
    for (const Department& d : departments)
      ToProto(d, response->add_departments());
    if (more) response->set_next_page_token(departments.back().code);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* BudgetServiceImpl::PutDepartmentYear(
    grpc::CallbackServerContext* context,
    const v1::PutDepartmentYearRequest* request, v1::DepartmentYear* response) {
  return Respond(context, [=, this]() -> absl::Status {
    const v1::DepartmentYear& in = request->department_year();
    JIXIAO_RETURN_IF_ERROR(
        ValidateRegionCode("department_year.region_code", in.region_code()));
    JIXIAO_RETURN_IF_ERROR(ValidateDepartmentCode(
        "department_year.department_code", in.department_code()));
    JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
        *context, in.region_code(), in.department_code(),
        "department_year.department_code"));
    JIXIAO_ASSIGN_OR_RETURN(auto year, FromProto(in));
    JIXIAO_RETURN_IF_ERROR(ValidateDepartmentYear(year));
    const auto expected =
        request->has_expected_version()
            ? std::optional<int64_t>(request->expected_version())
            : std::nullopt;
    JIXIAO_ASSIGN_OR_RETURN(
        auto stored, store_->PutDepartmentYear(
                         in.region_code(), in.department_code(), year, expected,
                         AuditWriter(*context, "PutDepartmentYear")));
    ToProto(stored, in.region_code(), in.department_code(), response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* BudgetServiceImpl::GetDepartmentYear(
    grpc::CallbackServerContext* context, const v1::DepartmentYearKey* request,
    v1::DepartmentYear* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(ValidateYearKey("", *request));
    JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
        *context, request->region_code(), request->department_code(),
        "department_code"));
    JIXIAO_ASSIGN_OR_RETURN(
        auto year,
        store_->GetDepartmentYear(request->region_code(),
                                  request->department_code(), request->year()));
    ToProto(year, request->region_code(), request->department_code(), response);
    return absl::OkStatus();
  });
}

absl::Status BudgetServiceImpl::StoreBatch(const LedgerBatch& batch,
                                           const storage::Writer& actor,
                                           v1::ImportLedgerResponse* response) {
  JIXIAO_ASSIGN_OR_RETURN(auto result, store_->ImportLedger(batch, actor));
  response->set_batch_id(batch.batch_id);
  response->set_lines_stored(result.lines_stored);
  response->set_payments_stored(result.payments_stored);
  response->set_already_imported(result.already_imported);
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* BudgetServiceImpl::ImportLedger(
    grpc::CallbackServerContext* context,
    const v1::ImportLedgerRequest* request,
    v1::ImportLedgerResponse* response) {
  return Respond(context, [=, this]() -> absl::Status {
    LedgerBatch batch;
    batch.batch_id = request->batch_id();
    batch.region_code = request->region_code();
    JIXIAO_RETURN_IF_ERROR(
        auth::MayAccessRegion(*context, batch.region_code, "region_code"));
    JIXIAO_RETURN_IF_ERROR(AppendRows(*request, &batch));
    JIXIAO_RETURN_IF_ERROR(ValidateLedgerBatch(batch, kMaxUnaryBatchRows));
    return StoreBatch(batch, AuditWriter(*context, "ImportLedger"), response);
  });
}

grpc::ServerReadReactor<v1::ImportLedgerRequest>*
BudgetServiceImpl::StreamImportLedger(grpc::CallbackServerContext* context,
                                      v1::ImportLedgerResponse* response) {
  return new ImportReactor(
      this, context, AuditWriter(*context, "StreamImportLedger"), response);
}

grpc::ServerUnaryReactor* BudgetServiceImpl::GetAggregates(
    grpc::CallbackServerContext* context,
    const v1::GetAggregatesRequest* request, v1::Aggregates* response) {
  return Respond(context, [=, this]() -> absl::Status {
    const v1::DepartmentYearKey& key = request->key();
    JIXIAO_RETURN_IF_ERROR(ValidateYearKey("key.", key));
    JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
        *context, key.region_code(), key.department_code(),
        "key.department_code"));
    if (!request->as_of().empty()) {
      JIXIAO_RETURN_IF_ERROR(
          ValidateDateInYear("as_of", request->as_of(), key.year()));
    }
    std::optional<int64_t> planned;
    if (request->has_planned_payment_progress_bp()) {
      planned = request->planned_payment_progress_bp();
      if (*planned <= 0 || *planned > 10000) {
        return absl::InvalidArgumentError(
            "planned_payment_progress_bp: must be between 1 and 10000 (0.01% "
            "to 100%)");
      }
    }
    JIXIAO_ASSIGN_OR_RETURN(
        auto snapshot,
        store_->LoadSnapshot(key.region_code(), key.department_code(),
                             key.year(), key.year() - 1, request->as_of()));
    *response->mutable_key() = key;
    FillAggregates(
        RateContext{snapshot.department, snapshot.current, BaseOf(snapshot),
                    snapshot.ledger, !request->as_of().empty(), planned},
        response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* BudgetServiceImpl::CompareYears(
    grpc::CallbackServerContext* context,
    const v1::CompareYearsRequest* request, v1::YearComparison* response) {
  return Respond(context, [=, this]() -> absl::Status {
    const v1::DepartmentYearKey& key = request->key();
    JIXIAO_RETURN_IF_ERROR(ValidateYearKey("key.", key));
    JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
        *context, key.region_code(), key.department_code(),
        "key.department_code"));
    const int32_t base_year =
        request->base_year() == 0 ? key.year() - 1 : request->base_year();
    JIXIAO_RETURN_IF_ERROR(ValidateYear("base_year", base_year));
    if (base_year == key.year()) {
      return absl::InvalidArgumentError("base_year: must differ from key.year");
    }
    Phase phase = Phase::kFinal;
    switch (request->phase()) {
      case v1::PHASE_UNSPECIFIED:
      case v1::PHASE_FINAL:
        break;
      case v1::PHASE_ORIGINAL:
        phase = Phase::kOriginal;
        break;
      case v1::PHASE_ADJUSTED:
        phase = Phase::kAdjusted;
        break;
      default:
        return absl::InvalidArgumentError("phase: unknown phase");
    }
    JIXIAO_ASSIGN_OR_RETURN(
        auto snapshot,
        store_->LoadSnapshot(key.region_code(), key.department_code(),
                             key.year(), base_year, ""));
    *response->mutable_key() = key;
    response->set_base_year(base_year);
    response->set_phase(static_cast<v1::Phase>(static_cast<int>(phase)));
    const DepartmentYear* base = BaseOf(snapshot);
    for (const Item item : AllItems()) {
      const auto now = snapshot.current.Figures(phase).Get(item);
      const auto before = base ? base->Figures(phase).Get(item) : std::nullopt;
      if (!now && !before) continue;
      v1::ItemChange* change = response->add_items();
      change->set_item(std::string(KeyOf(item)));
      change->set_label(std::string(LabelOf(item)));
      if (before) change->set_base(*before);
      if (now) change->set_current(*now);
      if (now && before) change->set_change(*now - *before);
      Rate rate = YearOverYearChange(item, phase, snapshot.current, base);
      ToProto(rate, change->mutable_rate());
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* BudgetServiceImpl::CheckConsistency(
    grpc::CallbackServerContext* context,
    const v1::CheckConsistencyRequest* request,
    v1::ConsistencyReport* response) {
  return Respond(context, [=, this]() -> absl::Status {
    const v1::DepartmentYearKey& key = request->key();
    JIXIAO_RETURN_IF_ERROR(ValidateYearKey("key.", key));
    JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
        *context, key.region_code(), key.department_code(),
        "key.department_code"));
    Fen tolerance = options_.default_tolerance_fen;
    if (request->has_tolerance_fen()) {
      tolerance = request->tolerance_fen();
      if (tolerance < 0 || tolerance > kMaxTolerance) {
        return absl::InvalidArgumentError(
            absl::StrCat("tolerance_fen: must be between 0 and ", kMaxTolerance,
                         " (1万元)"));
      }
    }
    JIXIAO_ASSIGN_OR_RETURN(
        auto snapshot,
        store_->LoadSnapshot(key.region_code(), key.department_code(),
                             key.year(), key.year() - 1, ""));
    *response->mutable_key() = key;
    FillConsistency(
        ConsistencyInput{snapshot.department, snapshot.current,
                         BaseOf(snapshot), snapshot.ledger, tolerance},
        response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* BudgetServiceImpl::GetWriteEpoch(
    grpc::CallbackServerContext* context,
    const v1::GetWriteEpochRequest* /*request*/, v1::WriteEpoch* response) {
  return ServeWriteEpoch(context, store_->database(), response);
}

grpc::ServerUnaryReactor* BudgetServiceImpl::GetVersions(
    grpc::CallbackServerContext* context, const v1::DepartmentYearKey* request,
    v1::Versions* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(ValidateYearKey("", *request));
    JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
        *context, request->region_code(), request->department_code(),
        "department_code"));
    JIXIAO_ASSIGN_OR_RETURN(
        auto versions,
        store_->GetVersions(request->region_code(), request->department_code(),
                            request->year()));
    response->set_department_version(versions.department);
    response->set_figures_version(versions.figures);
    response->set_base_figures_version(versions.base_figures);
    return absl::OkStatus();
  });
}

grpc::ServerWriteReactor<v1::RegionInputsPage>*
BudgetServiceImpl::StreamRegionInputs(grpc::CallbackServerContext* context,
                                      const v1::RegionInputsRequest* request) {
  return RespondStream<v1::RegionInputsPage>(
      context,
      [=, this](StreamWriter<v1::RegionInputsPage>& out) -> absl::Status {
        JIXIAO_RETURN_IF_ERROR(
            ValidateRegionCode("region_code", request->region_code()));
        JIXIAO_RETURN_IF_ERROR(validate::ValidateYear("year", request->year()));
        JIXIAO_RETURN_IF_ERROR(auth::MayAccessRegion(
            *context, request->region_code(), "region_code"));
        // Written as each page is read: the first departments leave
        // before the last are read, and memory holds one page.
        return store_->ForEachRegionPage(
            request->region_code(), request->year(), request->year() - 1,
            kRegionPageSize, [&](std::vector<RegionDepartment>& departments) {
              v1::RegionInputsPage page;
              for (const RegionDepartment& d : departments) {
                FillRegionInputs(d, *request, options_.default_tolerance_fen,
                                 page.add_departments());
              }
              return out.Write(std::move(page));  // false: the caller left
            });
      });
}

namespace {

// A full-year budget: 调整预算 when stated, else 年初预算 (the figure a
// year's execution is measured against, with the phase it came from).
struct FullYear {
  Fen amount = 0;
  v1::Phase phase = v1::PHASE_UNSPECIFIED;
};

std::optional<FullYear> DepartmentBudget(const DepartmentYear& year) {
  for (const Phase phase : {Phase::kAdjusted, Phase::kOriginal}) {
    if (!year.phases.contains(phase)) continue;
    if (const auto total = TotalExpenditure(year.Figures(phase))) {
      return FullYear{total->value, static_cast<v1::Phase>(phase)};
    }
  }
  return std::nullopt;
}

void FillExecution(const ExecutionSnapshot& d, int32_t year,
                   absl::string_view as_of, v1::Execution* out) {
  v1::DepartmentYearKey* key = out->mutable_key();
  key->set_region_code(d.department.region_code);
  key->set_department_code(d.department.code);
  key->set_year(year);
  out->set_as_of(std::string(as_of));
  out->set_department_name(d.department.name);
  out->set_figures_stored(d.year.has_value());
  out->set_figures_version(d.year ? d.year->version : 0);
  Fen paid = 0;
  int64_t count = 0;
  for (const auto& [code, p] : d.paid_by_project) {
    paid += p.amount;
    count += p.count;
  }
  out->set_paid(paid);
  out->set_payment_count(count);
  Fen outside = paid;
  if (d.year) {
    if (const auto budget = DepartmentBudget(*d.year)) {
      out->set_budget(budget->amount);
      out->set_budget_phase(budget->phase);
    }
    for (const Project& p : d.year->projects) {
      v1::ProjectExecution* project = out->add_projects();
      project->set_code(p.code);
      project->set_name(p.name);
      if (p.original) project->set_original(*p.original);
      if (p.adjusted) {
        project->set_budget(*p.adjusted);
        project->set_budget_phase(v1::PHASE_ADJUSTED);
      } else if (p.original) {
        project->set_budget(*p.original);
        project->set_budget_phase(v1::PHASE_ORIGINAL);
      }
      const auto it = p.code.empty() ? d.paid_by_project.end()
                                     : d.paid_by_project.find(p.code);
      if (it != d.paid_by_project.end()) {
        project->set_paid(it->second.amount);
        project->set_payment_count(it->second.count);
        outside -= it->second.amount;
      } else {
        project->set_paid(0);
        project->set_payment_count(0);
      }
    }
  }
  out->set_paid_outside_projects(outside);
}

}  // namespace

grpc::ServerUnaryReactor* BudgetServiceImpl::GetExecution(
    grpc::CallbackServerContext* context,
    const v1::GetExecutionRequest* request, v1::Execution* response) {
  return Respond(context, [=, this]() -> absl::Status {
    const v1::DepartmentYearKey& key = request->key();
    JIXIAO_RETURN_IF_ERROR(ValidateYearKey("key.", key));
    JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
        *context, key.region_code(), key.department_code(),
        "key.department_code"));
    JIXIAO_RETURN_IF_ERROR(
        ValidateDateInYear("as_of", request->as_of(), key.year()));
    JIXIAO_ASSIGN_OR_RETURN(
        auto snapshot,
        store_->LoadExecution(key.region_code(), key.department_code(),
                              key.year(), request->as_of()));
    FillExecution(snapshot, key.year(), request->as_of(), response);
    return absl::OkStatus();
  });
}

grpc::ServerWriteReactor<v1::RegionExecutionPage>*
BudgetServiceImpl::StreamRegionExecution(
    grpc::CallbackServerContext* context,
    const v1::RegionExecutionRequest* request) {
  return RespondStream<v1::RegionExecutionPage>(
      context,
      [=, this](StreamWriter<v1::RegionExecutionPage>& out) -> absl::Status {
        JIXIAO_RETURN_IF_ERROR(
            ValidateRegionCode("region_code", request->region_code()));
        JIXIAO_RETURN_IF_ERROR(validate::ValidateYear("year", request->year()));
        JIXIAO_RETURN_IF_ERROR(auth::MayAccessRegion(
            *context, request->region_code(), "region_code"));
        JIXIAO_RETURN_IF_ERROR(
            ValidateDateInYear("as_of", request->as_of(), request->year()));
        return store_->ForEachRegionExecutionPage(
            request->region_code(), request->year(), request->as_of(),
            kRegionPageSize, [&](std::vector<ExecutionSnapshot>& departments) {
              v1::RegionExecutionPage page;
              for (const ExecutionSnapshot& d : departments) {
                FillExecution(d, request->year(), request->as_of(),
                              page.add_departments());
              }
              return out.Write(std::move(page));  // false: the caller left
            });
      });
}

namespace {

constexpr size_t kMaxReportBytes = 1 << 20;

// The report's text, from `text` or read out of `document` (whose format
// the response names). Either way valid UTF-8 of at most 1 MiB.
absl::StatusOr<std::string> ReportText(const v1::ExtractReportRequest& request,
                                       v1::ExtractReportResponse* response) {
  if (request.has_text() == request.has_document()) {
    return absl::InvalidArgumentError(
        "text: give the report's text or its document, one of the two");
  }
  response->set_format("txt");
  if (request.has_text()) {
    if (request.text().size() > kMaxReportBytes) {
      return absl::InvalidArgumentError("text: at most 1 MiB");
    }
    JIXIAO_RETURN_IF_ERROR(
        ValidateText("text", request.text(), kMaxReportBytes, true));
    return request.text();
  }
  auto document = document_text::ReadDocument(
      request.document(), {.max_text_bytes = kMaxReportBytes});
  if (!document.ok()) {
    // Every message names "document: …"; a missing part is the sender's
    // fault too.
    return absl::InvalidArgumentError(document.status().message());
  }
  response->set_format(
      std::string(document_text::FormatName(document->format)));
  JIXIAO_RETURN_IF_ERROR(
      ValidateText("document", document->text, kMaxReportBytes, true));
  return std::move(document->text);
}

}  // namespace

grpc::ServerUnaryReactor* BudgetServiceImpl::ExtractReport(
    grpc::CallbackServerContext* context,
    const v1::ExtractReportRequest* request,
    v1::ExtractReportResponse* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(auto text, ReportText(*request, response));
    report_extract::Extraction e = report_extract::Extract(text);
    ToProto(e, response);
    if (!request->commit()) return absl::OkStatus();
    JIXIAO_RETURN_IF_ERROR(
        ValidateRegionCode("region_code", request->region_code()));
    JIXIAO_RETURN_IF_ERROR(
        ValidateDepartmentCode("department_code", request->department_code()));
    JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
        *context, request->region_code(), request->department_code(),
        "department_code"));
    if (!e.year) {
      return absl::InvalidArgumentError(
          "text: the report names no year; nothing was stored");
    }
    const storage::Writer actor = AuditWriter(*context, "ExtractReport");
    // Everything is checked first, then stored in one transaction: a report
    // is stored whole or not at all.
    std::optional<Department> new_department;
    auto existing = store_->GetDepartment(request->region_code(),
                                          request->department_code());
    if (absl::IsNotFound(existing.status())) {
      // A new department is the region's to create (as CreateDepartment).
      JIXIAO_RETURN_IF_ERROR(auth::MayAccessRegion(
          *context, request->region_code(), "department_code"));
      Department d = e.as_department;
      d.region_code = request->region_code();
      d.code = request->department_code();
      if (d.name.empty()) d.name = request->department_code();
      JIXIAO_RETURN_IF_ERROR(ValidateDepartment(d));
      new_department = std::move(d);
    } else if (!existing.ok()) {
      return existing.status();
    }
    JIXIAO_RETURN_IF_ERROR(ValidateDepartmentYear(e.as_year));
    // The year before: only where nothing is stored for it yet (the store
    // checks again in its transaction).
    std::optional<DepartmentYear> prior_year;
    if (!e.as_prior_year.phases.empty() &&
        (new_department ||
         absl::IsNotFound(store_
                              ->GetDepartmentYear(request->region_code(),
                                                  request->department_code(),
                                                  e.as_prior_year.year)
                              .status()))) {
      JIXIAO_RETURN_IF_ERROR(ValidateDepartmentYear(e.as_prior_year));
      prior_year = e.as_prior_year;
    }
    JIXIAO_ASSIGN_OR_RETURN(
        auto stored, store_->StoreExtraction(
                         request->region_code(), request->department_code(),
                         new_department, e.as_year, prior_year, actor));
    response->set_committed(true);
    response->set_figures_version(stored.version);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* BudgetServiceImpl::ListAudit(
    grpc::CallbackServerContext* context,
    const audit::v1::ListAuditRequest* request,
    audit::v1::ListAuditResponse* response) {
  return Respond(context, [=, this] {
    return ServeListAudit(*context, store_->database(), *request, response);
  });
}

}  // namespace jixiao::budget
