#include "libs/jwt/jwt.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <cmath>
#include <functional>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "libs/base/status_macros.h"
#include "libs/validate/secret.h"
#include "libs/validate/validate.h"

namespace jixiao::jwt {
namespace {

using access::Principal;
using google::protobuf::Struct;
using google::protobuf::Value;

constexpr size_t kMinSecretBytes = 32;
constexpr size_t kMinDistinctSecretChars = 10;
constexpr absl::Duration kClockSkew = absl::Seconds(30);
// exp and nbf beyond 9999-12-31 (or before 1970) are no time a token means:
// refused before they are turned into a time.
constexpr double kLatestSeconds = 253402300799.0;

absl::Status Unauthenticated(absl::string_view why) {
  return absl::UnauthenticatedError(absl::StrCat("authorization: ", why));
}

struct PkeyDeleter {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;
struct BioDeleter {
  void operator()(BIO* b) const { BIO_free(b); }
};
using Bio = std::unique_ptr<BIO, BioDeleter>;

std::string HmacSha256(absl::string_view key, absl::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out,
       &size);
  return std::string(reinterpret_cast<const char*>(out), size);
}

bool RsaVerify(EVP_PKEY* key, absl::string_view data,
               absl::string_view signature) {
  const MdCtx ctx(EVP_MD_CTX_new());
  return ctx != nullptr &&
         EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) ==
             1 &&
         EVP_DigestVerify(
             ctx.get(),
             reinterpret_cast<const unsigned char*>(signature.data()),
             signature.size(),
             reinterpret_cast<const unsigned char*>(data.data()),
             data.size()) == 1;
}

std::string Encode(absl::string_view bytes) {
  return absl::WebSafeBase64Escape(bytes);  // unpadded base64url
}

bool IsBase64UrlChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' ||
         c == '_';
}

// base64url without padding, in its one canonical spelling: the decoder
// alone would also take white space and stray low bits, so that two
// spellings could stand for one token.
bool DecodePart(absl::string_view part, std::string* out) {
  return absl::WebSafeBase64Unescape(part, out) &&
         absl::WebSafeBase64Escape(*out) == part;
}

absl::StatusOr<Struct> DecodeJson(absl::string_view part,
                                  absl::string_view what) {
  std::string json;
  if (!DecodePart(part, &json)) {
    return Unauthenticated(
        absl::StrCat("malformed token: the ", what, " is not base64url"));
  }
  Struct out;
  if (!google::protobuf::util::JsonStringToMessage(json, &out).ok()) {
    return Unauthenticated(
        absl::StrCat("malformed token: the ", what, " is not a JSON object"));
  }
  return out;
}

std::string StringField(const Struct& s, const std::string& name) {
  const auto it = s.fields().find(name);
  if (it == s.fields().end() || !it->second.has_string_value()) return "";
  return it->second.string_value();
}

// A time claim (exp, nbf): absent, or seconds since the epoch that name a
// real time.
absl::StatusOr<std::optional<absl::Time>> TimeField(const Struct& s,
                                                    const std::string& name) {
  const auto it = s.fields().find(name);
  if (it == s.fields().end()) return std::nullopt;
  const double seconds =
      it->second.has_number_value() ? it->second.number_value() : -1;
  if (!std::isfinite(seconds) || seconds < 0 || seconds > kLatestSeconds) {
    return Unauthenticated(absl::StrCat(
        "the token's ", name,
        " is not a time (whole seconds since 1970, before the year 10000)"));
  }
  return absl::FromUnixSeconds(static_cast<int64_t>(seconds));
}

// The audience claim: one string, or a list of strings (RFC 7519 §4.1.3).
bool NamesAudience(const Struct& s, absl::string_view audience) {
  const auto it = s.fields().find("aud");
  if (it == s.fields().end()) return false;
  if (it->second.has_string_value()) {
    return it->second.string_value() == audience;
  }
  if (!it->second.has_list_value()) return false;
  for (const Value& v : it->second.list_value().values()) {
    if (v.has_string_value() && v.string_value() == audience) return true;
  }
  return false;
}

absl::Status CheckRsaKey(EVP_PKEY* key, absl::string_view what) {
  if (EVP_PKEY_base_id(key) != EVP_PKEY_RSA) {
    return absl::InvalidArgumentError(
        absl::StrCat("jwt: ", what, " must be RSA"));
  }
  if (EVP_PKEY_bits(key) < kMinRsaBits) {
    return absl::InvalidArgumentError(
        absl::StrCat("jwt: ", what, " has ", EVP_PKEY_bits(key),
                     " bits; at least ", kMinRsaBits, " are required"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> Sign(
    const Claims& claims, absl::string_view alg,
    const std::function<absl::StatusOr<std::string>(absl::string_view)>&
        signer) {
  JIXIAO_RETURN_IF_ERROR(ValidateClaims(claims.principal));
  Struct header;
  (*header.mutable_fields())["alg"].set_string_value(std::string(alg));
  (*header.mutable_fields())["typ"].set_string_value("JWT");
  Struct payload;
  auto& f = *payload.mutable_fields();
  const Principal& p = claims.principal;
  f["sub"].set_string_value(p.subject);
  f["role"].set_string_value(std::string(access::RoleName(p.role)));
  if (!p.region_code.empty()) f["region"].set_string_value(p.region_code);
  if (!p.department_code.empty())
    f["department"].set_string_value(p.department_code);
  f["exp"].set_number_value(
      static_cast<double>(absl::ToUnixSeconds(claims.expires)));
  if (!claims.issuer.empty()) f["iss"].set_string_value(claims.issuer);
  if (!claims.audience.empty()) f["aud"].set_string_value(claims.audience);
  std::string header_json, payload_json;
  if (!google::protobuf::util::MessageToJsonString(header, &header_json).ok() ||
      !google::protobuf::util::MessageToJsonString(payload, &payload_json)
           .ok()) {
    return absl::InternalError("jwt: cannot write the claims as JSON");
  }
  const std::string signing_input =
      absl::StrCat(Encode(header_json), ".", Encode(payload_json));
  JIXIAO_ASSIGN_OR_RETURN(auto signature, signer(signing_input));
  return absl::StrCat(signing_input, ".", Encode(signature));
}

}  // namespace

struct Verifier::Keys {
  std::vector<std::string> secrets;  // HS256
  std::vector<Pkey> public_keys;     // RS256
};

absl::StatusOr<BearerToken> BearerToken::FromHeader(absl::string_view header) {
  if (!absl::ConsumePrefix(&header, "Bearer ")) {
    return Unauthenticated("the header must be \"Bearer <token>\"");
  }
  return FromToken(header);
}

absl::StatusOr<BearerToken> BearerToken::FromToken(absl::string_view token) {
  if (token.size() > kMaxTokenBytes) {
    return Unauthenticated(absl::StrCat("malformed token: longer than ",
                                        kMaxTokenBytes, " bytes"));
  }
  int dots = 0;
  char before = '.';
  for (const char c : token) {
    if (c == '.') {
      if (before == '.') {
        return Unauthenticated("malformed token: a part is empty");
      }
      ++dots;
    } else if (!IsBase64UrlChar(c)) {
      return Unauthenticated(
          "malformed token: only base64url characters (A-Z a-z 0-9 - _) and "
          "two dots");
    }
    before = c;
  }
  if (dots != 2) {
    return Unauthenticated("malformed token: it must have three parts");
  }
  // An empty signature is a form (an unsecured JWS, "alg": "none") that
  // verification refuses by its algorithm, with that reason.
  return BearerToken(std::string(token));
}

absl::Status CheckHs256Secret(absl::string_view secret) {
  return validate::CheckSecret("jwt: an HS256 secret", secret,
                               {.min_bytes = kMinSecretBytes,
                                .min_distinct_chars = kMinDistinctSecretChars});
}

Verifier::Verifier(std::unique_ptr<Keys> keys, Expected expected)
    : keys_(std::move(keys)), expected_(std::move(expected)) {}
Verifier::~Verifier() = default;

absl::StatusOr<std::unique_ptr<Verifier>> Verifier::FromHs256Secrets(
    absl::string_view file_text, Expected expected) {
  auto keys = std::make_unique<Keys>();
  for (absl::string_view line : absl::StrSplit(file_text, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    JIXIAO_RETURN_IF_ERROR(CheckHs256Secret(line));
    keys->secrets.emplace_back(line);
  }
  if (keys->secrets.empty())
    return absl::InvalidArgumentError("jwt: the secret file holds no secret");
  return std::unique_ptr<Verifier>(
      new Verifier(std::move(keys), std::move(expected)));
}

absl::StatusOr<std::unique_ptr<Verifier>> Verifier::FromRs256PublicKeys(
    absl::string_view pem, Expected expected) {
  auto keys = std::make_unique<Keys>();
  const Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  while (EVP_PKEY* key =
             PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr)) {
    Pkey owned(key);
    JIXIAO_RETURN_IF_ERROR(CheckRsaKey(key, "an RS256 public key"));
    keys->public_keys.push_back(std::move(owned));
  }
  if (keys->public_keys.empty()) {
    return absl::InvalidArgumentError(
        "jwt: the public key file holds no PEM public key");
  }
  return std::unique_ptr<Verifier>(
      new Verifier(std::move(keys), std::move(expected)));
}

absl::StatusOr<Principal> Verifier::Verify(absl::string_view token,
                                           absl::Time now) const {
  JIXIAO_ASSIGN_OR_RETURN(auto verified, VerifyWithWindow(token, now));
  return std::move(verified.principal);
}

absl::StatusOr<Verifier::Verified> Verifier::VerifyWithWindow(
    absl::string_view token, absl::Time now) const {
  JIXIAO_RETURN_IF_ERROR(BearerToken::FromToken(token).status());
  const std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  JIXIAO_ASSIGN_OR_RETURN(auto header, DecodeJson(parts[0], "header"));
  const std::string alg = StringField(header, "alg");
  const bool hs256 = !keys_->secrets.empty();
  if (alg != (hs256 ? "HS256" : "RS256")) {
    return Unauthenticated(absl::StrCat("the token is signed with \"", alg,
                                        "\"; this service accepts ",
                                        hs256 ? "HS256" : "RS256"));
  }
  std::string signature;
  if (!DecodePart(parts[2], &signature)) {
    return Unauthenticated("malformed token: the signature is not base64url");
  }
  const absl::string_view signing_input(parts[0].data(),
                                        parts[0].size() + 1 + parts[1].size());
  bool good = false;
  if (hs256) {
    for (const std::string& secret : keys_->secrets) {
      const std::string expected = HmacSha256(secret, signing_input);
      good = good || (expected.size() == signature.size() &&
                      CRYPTO_memcmp(expected.data(), signature.data(),
                                    expected.size()) == 0);
    }
  } else {
    for (const Pkey& key : keys_->public_keys) {
      good = good || RsaVerify(key.get(), signing_input, signature);
    }
  }
  if (!good) return Unauthenticated("the token's signature does not verify");
  JIXIAO_ASSIGN_OR_RETURN(auto payload, DecodeJson(parts[1], "payload"));
  JIXIAO_ASSIGN_OR_RETURN(const auto exp, TimeField(payload, "exp"));
  if (!exp.has_value()) {
    return Unauthenticated("the token has no expiry (exp)");
  }
  const absl::Time expires = *exp;
  if (now > expires + kClockSkew) {
    return Unauthenticated(absl::StrCat(
        "the token expired at ",
        absl::FormatTime(absl::RFC3339_sec, expires, absl::UTCTimeZone())));
  }
  Verified verified;
  verified.usable_until = expires + kClockSkew;
  JIXIAO_ASSIGN_OR_RETURN(const auto nbf, TimeField(payload, "nbf"));
  if (nbf.has_value()) {
    verified.usable_from = *nbf - kClockSkew;
    if (now < verified.usable_from) {
      return Unauthenticated("the token is not valid yet (nbf)");
    }
  }
  if (!expected_.issuer.empty() &&
      StringField(payload, "iss") != expected_.issuer) {
    return Unauthenticated(absl::StrCat("the token's issuer (iss) is not \"",
                                        expected_.issuer, "\""));
  }
  if (!expected_.audience.empty() &&
      !NamesAudience(payload, expected_.audience)) {
    return Unauthenticated(
        absl::StrCat("the token's audience (aud) does not name \"",
                     expected_.audience, "\""));
  }
  Principal principal;
  principal.subject = StringField(payload, "sub");
  auto role = access::ParseRole(StringField(payload, "role"));
  if (!role.ok()) return Unauthenticated(role.status().message());
  principal.role = *role;
  principal.region_code = StringField(payload, "region");
  principal.department_code = StringField(payload, "department");
  principal.verified = true;
  if (auto s = ValidateClaims(principal); !s.ok()) {
    return Unauthenticated(s.message());
  }
  verified.principal = std::move(principal);
  return verified;
}

absl::Status ValidateClaims(const Principal& p) {
  if (p.subject.empty() || p.subject.size() > 100) {
    return absl::InvalidArgumentError("sub: 1 to 100 bytes are required");
  }
  JIXIAO_RETURN_IF_ERROR(validate::ValidateText("sub", p.subject, 100, true));
  if (p.subject.find_first_of("\n\t") != std::string::npos) {
    return absl::InvalidArgumentError("sub: contains a control character");
  }
  if (p.role != access::Role::kAdmin && p.region_code.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "region: a ", access::RoleName(p.role), " token needs a region"));
  }
  if (!p.region_code.empty()) {
    JIXIAO_RETURN_IF_ERROR(
        validate::ValidateRegionCode("region", p.region_code));
  }
  if (p.role == access::Role::kDepartment && p.department_code.empty()) {
    return absl::InvalidArgumentError(
        "department: a department token needs a department code");
  }
  if (!p.department_code.empty()) {
    JIXIAO_RETURN_IF_ERROR(
        validate::ValidateDepartmentCode("department", p.department_code));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> MintHs256(const Claims& claims,
                                      absl::string_view secret) {
  JIXIAO_RETURN_IF_ERROR(CheckHs256Secret(secret));
  return Sign(claims, "HS256", [&](absl::string_view input) {
    return absl::StatusOr<std::string>(HmacSha256(secret, input));
  });
}

absl::StatusOr<std::string> MintRs256(const Claims& claims,
                                      absl::string_view private_key_pem) {
  const Bio bio(BIO_new_mem_buf(private_key_pem.data(),
                                static_cast<int>(private_key_pem.size())));
  const Pkey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (key == nullptr) {
    return absl::InvalidArgumentError(
        "jwt: the private key file holds no PEM RSA private key");
  }
  JIXIAO_RETURN_IF_ERROR(CheckRsaKey(key.get(), "the RS256 private key"));
  return Sign(
      claims, "RS256",
      [&](absl::string_view input) -> absl::StatusOr<std::string> {
        const MdCtx ctx(EVP_MD_CTX_new());
        size_t size = 0;
        if (ctx == nullptr ||
            EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr,
                               key.get()) != 1 ||
            EVP_DigestSign(ctx.get(), nullptr, &size,
                           reinterpret_cast<const unsigned char*>(input.data()),
                           input.size()) != 1) {
          return absl::InternalError("jwt: RS256 signing failed");
        }
        std::string signature(size, '\0');
        if (EVP_DigestSign(
                ctx.get(), reinterpret_cast<unsigned char*>(signature.data()),
                &size, reinterpret_cast<const unsigned char*>(input.data()),
                input.size()) != 1) {
          return absl::InternalError("jwt: RS256 signing failed");
        }
        signature.resize(size);
        return signature;
      });
}

}  // namespace jixiao::jwt
