#include "tools/jixiao/package_files.h"

#include <openssl/sha.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "libs/base/atomic_file.h"
#include "libs/base/status_macros.h"
#include "services/evaluation/domain/package_check.h"

namespace jixiao::cli {
namespace {

namespace epb = ::jixiao::evaluation::v1;
namespace fs = std::filesystem;

constexpr char kManifest[] = "manifest.json";
constexpr char kScoringTable[] = "scoring-table.json";
constexpr char kFormat[] = "jixiao-publication/1";

std::string Sha256Hex(const std::string& content) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(content.data()), content.size(),
         digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

// A relative name without "..", so that a package cannot write or read
// outside its folder.
absl::Status CheckName(const std::string& name) {
  const fs::path path(name);
  bool ok =
      !name.empty() && path.is_relative() && !absl::StrContains(name, '\\');
  for (const fs::path& part : path) ok = ok && part != ".." && part != ".";
  if (!ok) {
    return absl::FailedPreconditionError(
        absl::StrCat("\"", name, "\": not a file name inside the package"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadFile(const fs::path& path,
                                     const std::string& name) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::FailedPreconditionError(
        absl::StrCat(name, ": missing from the package"));
  }
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

template <typename Message>
absl::Status ParseJson(const std::string& name, const std::string& json,
                       Message* message) {
  const auto parsed =
      google::protobuf::util::JsonStringToMessage(json, message);
  if (!parsed.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat(name, ": does not parse: ", parsed.message().as_string()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status WritePackage(const epb::PublicationPackage& package,
                          const std::string& dir) {
  for (const epb::PackageFile& file : package.files()) {
    JIXIAO_RETURN_IF_ERROR(CheckName(file.name()));
  }
  for (const epb::PackageFile& file : package.files()) {
    const fs::path path = fs::path(dir) / file.name();
    std::error_code error;
    fs::create_directories(path.parent_path(), error);
    if (!WriteFileAtomically(path.string(), file.content()).ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat(path.string(), ": cannot write"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> VerifyPackage(const std::string& dir) {
  JIXIAO_ASSIGN_OR_RETURN(auto manifest_json,
                          ReadFile(fs::path(dir) / kManifest, kManifest));
  epb::PackageManifest manifest;
  JIXIAO_RETURN_IF_ERROR(ParseJson(kManifest, manifest_json, &manifest));
  if (manifest.format() != kFormat) {
    return absl::FailedPreconditionError(
        absl::StrCat("manifest.json: format \"", manifest.format(),
                     "\", this tool reads \"", kFormat, "\""));
  }
  // Every file as the manifest lists it: present, the size, the digest.
  bool has_table = false;
  epb::EvaluationResult table;
  for (const epb::PackageFile& listed : manifest.files()) {
    JIXIAO_RETURN_IF_ERROR(CheckName(listed.name()));
    JIXIAO_ASSIGN_OR_RETURN(
        auto content, ReadFile(fs::path(dir) / listed.name(), listed.name()));
    if (static_cast<int64_t>(content.size()) != listed.size_bytes()) {
      return absl::FailedPreconditionError(
          absl::StrCat(listed.name(), ": ", content.size(),
                       " bytes, the manifest says ", listed.size_bytes()));
    }
    if (const std::string digest = Sha256Hex(content);
        digest != listed.sha256()) {
      return absl::FailedPreconditionError(
          absl::StrCat(listed.name(), ": sha256 ", digest,
                       ", the manifest says ", listed.sha256()));
    }
    if (listed.name() == kScoringTable) {
      JIXIAO_RETURN_IF_ERROR(ParseJson(kScoringTable, content, &table));
      has_table = true;
    }
  }
  if (!has_table) {
    return absl::FailedPreconditionError(
        absl::StrCat(kScoringTable, ": not listed in the manifest"));
  }
  // The score again, from the manifest alone.
  JIXIAO_RETURN_IF_ERROR(evaluation::CheckManifest(manifest, &table));
  return absl::StrCat("verified: total ", manifest.total(), " ",
                      manifest.grade(), ", ", manifest.files_size() + 1,
                      " files");
}

}  // namespace jixiao::cli
