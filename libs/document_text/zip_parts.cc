#include "libs/document_text/zip_parts.h"

#include <zip.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace jixiao::document_text {

absl::StatusOr<std::unique_ptr<ZipParts>> ZipParts::Open(
    absl::string_view bytes, const Limits& limits) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source =
      zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    zip_error_fini(&error);
    return absl::InvalidArgumentError("document: not a readable zip");
  }
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (archive == nullptr) {
    zip_source_free(source);
    zip_error_fini(&error);
    return absl::InvalidArgumentError("document: not a readable zip");
  }
  zip_error_fini(&error);
  auto parts = std::unique_ptr<ZipParts>(new ZipParts(archive, limits));
  const zip_int64_t entries = zip_get_num_entries(archive, 0);
  if (entries < 0 || static_cast<size_t>(entries) > limits.max_zip_entries) {
    return absl::InvalidArgumentError(absl::StrCat(
        "document: a zip of more than ", limits.max_zip_entries, " entries"));
  }
  return parts;
}

ZipParts::~ZipParts() { zip_discard(archive_); }

bool ZipParts::Has(const std::string& name) const {
  return zip_name_locate(archive_, name.c_str(), 0) >= 0;
}

absl::StatusOr<std::string> ZipParts::Read(const std::string& name) const {
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat(archive_, name.c_str(), 0, &stat) != 0) {
    return absl::NotFoundError(absl::StrCat("document: no part ", name));
  }
  if ((stat.valid & ZIP_STAT_SIZE) != 0 && stat.size > limits_.max_part_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("document: part ", name, " unpacks to more than ",
                     limits_.max_part_bytes, " bytes"));
  }
  zip_file_t* file = zip_fopen(archive_, name.c_str(), 0);
  if (file == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("document: part ", name, " cannot be unpacked"));
  }
  // The declared size may lie: read no more than the limit, whatever it says.
  std::string out;
  char buffer[1 << 16];
  while (true) {
    const zip_int64_t n = zip_fread(file, buffer, sizeof buffer);
    if (n < 0) {
      zip_fclose(file);
      return absl::InvalidArgumentError(
          absl::StrCat("document: part ", name, " is damaged"));
    }
    if (n == 0) break;
    out.append(buffer, static_cast<size_t>(n));
    if (out.size() > limits_.max_part_bytes) {
      zip_fclose(file);
      return absl::InvalidArgumentError(
          absl::StrCat("document: part ", name, " unpacks to more than ",
                       limits_.max_part_bytes, " bytes"));
    }
  }
  zip_fclose(file);
  return out;
}

}  // namespace jixiao::document_text
