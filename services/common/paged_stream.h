// The client's end of a server stream of pages (a region's departments a
// hundred to a message): items one by one, in order, as the pages arrive.
#ifndef JIXIAO_SERVICES_COMMON_PAGED_STREAM_H_
#define JIXIAO_SERVICES_COMMON_PAGED_STREAM_H_

#include <memory>
#include <utility>

#include "google/protobuf/repeated_ptr_field.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/sync_stream.h"

namespace jixiao {

template <typename Page, typename Item>
class PagedStream {
 public:
  using Items = google::protobuf::RepeatedPtrField<Item>* (Page::*)();

  // `context` must be the one `reader` was started with.
  PagedStream(std::unique_ptr<grpc::ClientContext> context,
              std::unique_ptr<grpc::ClientReader<Page>> reader, Items items)
      : context_(std::move(context)),
        reader_(std::move(reader)),
        items_(items) {}

  // The next item; false at the end of the stream (or on its failure:
  // Finish says which).
  bool Next(Item* out) {
    while (next_ == (page_.*items_)()->size()) {
      next_ = 0;
      if (!reader_->Read(&page_)) return false;
    }
    *out = std::move(*(page_.*items_)()->Mutable(next_++));
    return true;
  }

  // The stream's status; `abandon` first cancels what was not read.
  grpc::Status Finish(bool abandon) {
    if (abandon) context_->TryCancel();
    return reader_->Finish();
  }

 private:
  std::unique_ptr<grpc::ClientContext> context_;
  std::unique_ptr<grpc::ClientReader<Page>> reader_;
  const Items items_;
  Page page_;
  int next_ = 0;
};

}  // namespace jixiao

#endif  // JIXIAO_SERVICES_COMMON_PAGED_STREAM_H_
