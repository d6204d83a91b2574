// Parts of an OOXML package (a zip), read with bounds: the number of
// entries, each part's declared and actual uncompressed size.
#ifndef JIXIAO_LIBS_DOCUMENT_TEXT_ZIP_PARTS_H_
#define JIXIAO_LIBS_DOCUMENT_TEXT_ZIP_PARTS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "libs/document_text/document_text.h"

struct zip;

namespace jixiao::document_text {

class ZipParts {
 public:
  // `bytes` must outlive the object.
  static absl::StatusOr<std::unique_ptr<ZipParts>> Open(absl::string_view bytes,
                                                        const Limits& limits);
  ~ZipParts();
  ZipParts(const ZipParts&) = delete;
  ZipParts& operator=(const ZipParts&) = delete;

  bool Has(const std::string& name) const;
  // NOT_FOUND when absent; INVALID_ARGUMENT when larger than the limit.
  absl::StatusOr<std::string> Read(const std::string& name) const;

 private:
  ZipParts(struct zip* archive, const Limits& limits)
      : archive_(archive), limits_(limits) {}
  struct zip* archive_;
  const Limits limits_;
};

}  // namespace jixiao::document_text

#endif  // JIXIAO_LIBS_DOCUMENT_TEXT_ZIP_PARTS_H_
