// The budget service over gRPC's callback API: it checks each request,
// hands it to the store or the domain, and turns the result into the reply.
#ifndef JIXIAO_SERVICES_BUDGET_BUDGET_SERVICE_H_
#define JIXIAO_SERVICES_BUDGET_BUDGET_SERVICE_H_

#include "jixiao/budget/v1/budget.grpc.pb.h"
#include "services/budget/domain/consistency.h"
#include "services/budget/store/budget_store.h"

namespace jixiao::budget {

struct BudgetServiceOptions {
  Fen default_tolerance_fen = kDefaultTolerance;
};

class BudgetServiceImpl final : public v1::BudgetService::CallbackService {
 public:
  BudgetServiceImpl(BudgetStore* store, BudgetServiceOptions options)
      : store_(store), options_(options) {}

  grpc::ServerUnaryReactor* CreateDepartment(
      grpc::CallbackServerContext* context,
      const v1::CreateDepartmentRequest* request,
      v1::Department* response) override;
  grpc::ServerUnaryReactor* UpdateDepartment(
      grpc::CallbackServerContext* context,
      const v1::UpdateDepartmentRequest* request,
      v1::Department* response) override;
  grpc::ServerUnaryReactor* GetDepartment(grpc::CallbackServerContext* context,
                                          const v1::DepartmentKey* request,
                                          v1::Department* response) override;
  grpc::ServerUnaryReactor* ListDepartments(
      grpc::CallbackServerContext* context,
      const v1::ListDepartmentsRequest* request,
      v1::ListDepartmentsResponse* response) override;
  grpc::ServerUnaryReactor* PutDepartmentYear(
      grpc::CallbackServerContext* context,
      const v1::PutDepartmentYearRequest* request,
      v1::DepartmentYear* response) override;
  grpc::ServerUnaryReactor* GetDepartmentYear(
      grpc::CallbackServerContext* context,
      const v1::DepartmentYearKey* request,
      v1::DepartmentYear* response) override;
  grpc::ServerUnaryReactor* ImportLedger(
      grpc::CallbackServerContext* context,
      const v1::ImportLedgerRequest* request,
      v1::ImportLedgerResponse* response) override;
  grpc::ServerReadReactor<v1::ImportLedgerRequest>* StreamImportLedger(
      grpc::CallbackServerContext* context,
      v1::ImportLedgerResponse* response) override;
  grpc::ServerUnaryReactor* GetAggregates(
      grpc::CallbackServerContext* context,
      const v1::GetAggregatesRequest* request,
      v1::Aggregates* response) override;
  grpc::ServerUnaryReactor* CompareYears(grpc::CallbackServerContext* context,
                                         const v1::CompareYearsRequest* request,
                                         v1::YearComparison* response) override;
  grpc::ServerUnaryReactor* CheckConsistency(
      grpc::CallbackServerContext* context,
      const v1::CheckConsistencyRequest* request,
      v1::ConsistencyReport* response) override;

  grpc::ServerUnaryReactor* GetWriteEpoch(
      grpc::CallbackServerContext* context,
      const v1::GetWriteEpochRequest* request,
      v1::WriteEpoch* response) override;
  grpc::ServerUnaryReactor* GetVersions(grpc::CallbackServerContext* context,
                                        const v1::DepartmentYearKey* request,
                                        v1::Versions* response) override;

  grpc::ServerUnaryReactor* GetExecution(grpc::CallbackServerContext* context,
                                         const v1::GetExecutionRequest* request,
                                         v1::Execution* response) override;
  grpc::ServerWriteReactor<v1::RegionExecutionPage>* StreamRegionExecution(
      grpc::CallbackServerContext* context,
      const v1::RegionExecutionRequest* request) override;
  grpc::ServerWriteReactor<v1::RegionInputsPage>* StreamRegionInputs(
      grpc::CallbackServerContext* context,
      const v1::RegionInputsRequest* request) override;

  grpc::ServerUnaryReactor* ExtractReport(
      grpc::CallbackServerContext* context,
      const v1::ExtractReportRequest* request,
      v1::ExtractReportResponse* response) override;
  grpc::ServerUnaryReactor* ListAudit(
      grpc::CallbackServerContext* context,
      const audit::v1::ListAuditRequest* request,
      audit::v1::ListAuditResponse* response) override;

  // Stores a whole batch, checked already (shared by the unary and
  // streaming forms).
  absl::Status StoreBatch(const LedgerBatch& batch,
                          const storage::Writer& actor,
                          v1::ImportLedgerResponse* response);

 private:
  BudgetStore* const store_;
  const BudgetServiceOptions options_;
};

}  // namespace jixiao::budget

#endif  // JIXIAO_SERVICES_BUDGET_BUDGET_SERVICE_H_
