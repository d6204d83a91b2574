#include "tools/jixiao/rectification_view.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/jixiao/text_table.h"

namespace jixiao::cli {
namespace {

namespace ipb = ::jixiao::indicator::v1;

// The first 12 hex digits name a file well enough in a history line.
std::string ShortDigest(const std::string& sha256) {
  return sha256.substr(0, 12);
}

std::string TaskId(const ipb::RectificationTask& task) {
  return absl::StrCat(task.key().region_code(), "-", task.key().task_id());
}

// What a step of the history did, from the status it led to.
std::string StepName(const ipb::TaskEvent& event, bool first) {
  if (first) return "创建";
  switch (event.status()) {
    case ipb::TASK_REPORTED:
      return "报送";
    case ipb::TASK_ACCEPTED:
      return "验收";
    case ipb::TASK_REOPENED:
      return "退回重改";
    default:
      return "变更";
  }
}

}  // namespace

std::string TaskStatusLabel(ipb::TaskStatus status) {
  switch (status) {
    case ipb::TASK_OPEN:
      return "待整改(OPEN)";
    case ipb::TASK_REPORTED:
      return "已报送待验收(REPORTED)";
    case ipb::TASK_ACCEPTED:
      return "已验收(ACCEPTED)";
    case ipb::TASK_REOPENED:
      return "退回重改(REOPENED)";
    default:
      return "未知";
  }
}

std::string FindingKindLabel(ipb::FindingKind kind) {
  switch (kind) {
    case ipb::CONSISTENCY_FINDING:
      return "一致性问题";
    case ipb::MISSED_TARGET:
      return "未完成目标";
    case ipb::MONITORING_WARNING:
      return "监控预警";
    case ipb::LOW_SCORE:
      return "评价低分";
    case ipb::REVIEWER_NOTE:
      return "复核意见";
    default:
      return "未知来源";
  }
}

std::string TaskSummary(const ipb::RectificationTask& task) {
  return absl::StrCat(
      PadRight(TaskId(task), 10), " ", PadRight(task.department_code(), 16),
      " ", task.year(), " ",
      PadRight(absl::StrCat(FindingKindLabel(task.finding().kind()), " ",
                            task.finding().reference()),
               26),
      " ", PadRight(TaskStatusLabel(task.status()), 24), " 期限 ",
      task.deadline(), task.overdue() ? " 已逾期" : "");
}

std::string RenderTask(const ipb::RectificationTask& task,
                       const std::vector<ipb::Evidence>& evidence) {
  std::string out = absl::StrCat(
      "整改任务 ", TaskId(task), "：", task.department_code(), " ", task.year(),
      "年度\n  状态：", TaskStatusLabel(task.status()), "，第 ", task.version(),
      " 版\n  整改期限：", task.deadline(), task.overdue() ? "（已逾期）" : "",
      "\n  来源：", FindingKindLabel(task.finding().kind()), " ",
      task.finding().reference(), "\n  问题及数据：", task.finding().figures(),
      "\n  整改要求：", task.requirement(), "\n  创建：", task.created_by(),
      "，", task.created_at(), "\n");
  if (task.has_response()) {
    absl::StrAppend(&out, "\n最近一次报送\n  整改情况：", task.response(),
                    "\n");
  }
  if (task.evidence_sha256_size() > 0) {
    absl::StrAppend(&out, "  佐证材料（", task.evidence_sha256_size(),
                    " 个）\n");
    for (const std::string& sha256 : task.evidence_sha256()) {
      const ipb::Evidence* found = nullptr;
      for (const ipb::Evidence& e : evidence) {
        if (e.sha256() == sha256) found = &e;
      }
      if (found == nullptr) {
        absl::StrAppend(&out, "    sha256 ", sha256, "\n");
        continue;
      }
      absl::StrAppend(&out, "    ", PadRight(found->file_name(), 24), " ",
                      PadRight(found->content_type(), 16), " ",
                      PadLeft(absl::StrCat(found->size_bytes(), " 字节"), 12),
                      "  sha256 ", sha256, "（", found->uploaded_by(), "，",
                      found->uploaded_at(), "）\n");
    }
  }
  if (task.has_decision_note()) {
    absl::StrAppend(&out, "\n财政意见：", task.decision_note(), "\n");
  }
  absl::StrAppend(&out, "\n流转记录（", task.history_size(), " 步）\n");
  for (int i = 0; i < task.history_size(); ++i) {
    const ipb::TaskEvent& e = task.history(i);
    absl::StrAppend(&out, "  ", e.at(), "  ", PadRight(e.by(), 16), " ",
                    StepName(e, i == 0), " → ", TaskStatusLabel(e.status()));
    if (!e.note().empty()) absl::StrAppend(&out, "：", e.note());
    if (e.evidence_sha256_size() > 0) {
      std::vector<std::string> digests;
      for (const std::string& d : e.evidence_sha256()) {
        digests.push_back(ShortDigest(d));
      }
      absl::StrAppend(&out, "（佐证 ", absl::StrJoin(digests, "、"), "）");
    }
    absl::StrAppend(&out, "\n");
  }
  return out;
}

std::string RenderTaskList(const ipb::ListTasksResponse& list,
                           const std::string& what) {
  std::string out =
      absl::StrCat("整改任务", what, "：", list.tasks_size(), " 项\n");
  for (const ipb::RectificationTask& task : list.tasks()) {
    absl::StrAppend(&out, "  ", TaskSummary(task), "\n");
  }
  return out;
}

}  // namespace jixiao::cli
