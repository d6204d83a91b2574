#include "libs/jwt/jwt.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <cmath>
#include <functional>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace jixiao::jwt {
namespace {

using access::Principal;
using google::protobuf::Struct;
using google::protobuf::Value;

constexpr size_t kMinSecretBytes = 32;
constexpr absl::Duration kClockSkew = absl::Seconds(30);

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

absl::StatusOr<Struct> DecodeJson(absl::string_view part,
                                  absl::string_view what) {
  std::string json;
  if (!absl::WebSafeBase64Unescape(part, &json)) {
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

bool NumberField(const Struct& s, const std::string& name, double* out) {
  const auto it = s.fields().find(name);
  if (it == s.fields().end() || !it->second.has_number_value()) return false;
  *out = it->second.number_value();
  return std::isfinite(*out);
}

absl::StatusOr<std::string> Sign(
    const Claims& claims, absl::string_view alg,
    const std::function<absl::StatusOr<std::string>(absl::string_view)>&
        signer) {
  if (auto s = ValidateClaims(claims.principal); !s.ok()) return s;
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
  std::string header_json, payload_json;
  if (!google::protobuf::util::MessageToJsonString(header, &header_json).ok() ||
      !google::protobuf::util::MessageToJsonString(payload, &payload_json)
           .ok()) {
    return absl::InternalError("jwt: cannot write the claims as JSON");
  }
  const std::string signing_input =
      absl::StrCat(Encode(header_json), ".", Encode(payload_json));
  auto signature = signer(signing_input);
  if (!signature.ok()) return signature.status();
  return absl::StrCat(signing_input, ".", Encode(*signature));
}

}  // namespace

struct Verifier::Keys {
  std::vector<std::string> secrets;  // HS256
  std::vector<Pkey> public_keys;     // RS256
};

Verifier::Verifier(std::unique_ptr<Keys> keys) : keys_(std::move(keys)) {}
Verifier::~Verifier() = default;

absl::StatusOr<std::unique_ptr<Verifier>> Verifier::FromHs256Secrets(
    absl::string_view file_text) {
  auto keys = std::make_unique<Keys>();
  for (absl::string_view line : absl::StrSplit(file_text, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    if (line.size() < kMinSecretBytes) {
      return absl::InvalidArgumentError(
          absl::StrCat("jwt: an HS256 secret must be at least ",
                       kMinSecretBytes, " bytes; one has ", line.size()));
    }
    keys->secrets.emplace_back(line);
  }
  if (keys->secrets.empty())
    return absl::InvalidArgumentError("jwt: the secret file holds no secret");
  return std::unique_ptr<Verifier>(new Verifier(std::move(keys)));
}

absl::StatusOr<std::unique_ptr<Verifier>> Verifier::FromRs256PublicKeys(
    absl::string_view pem) {
  auto keys = std::make_unique<Keys>();
  const Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  while (EVP_PKEY* key =
             PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr)) {
    Pkey owned(key);
    if (EVP_PKEY_base_id(key) != EVP_PKEY_RSA) {
      return absl::InvalidArgumentError("jwt: an RS256 key must be RSA");
    }
    keys->public_keys.push_back(std::move(owned));
  }
  if (keys->public_keys.empty()) {
    return absl::InvalidArgumentError(
        "jwt: the public key file holds no PEM public key");
  }
  return std::unique_ptr<Verifier>(new Verifier(std::move(keys)));
}

absl::StatusOr<Principal> Verifier::Verify(absl::string_view token,
                                           absl::Time now) const {
  auto verified = VerifyWithWindow(token, now);
  if (!verified.ok()) return verified.status();
  return std::move(verified->principal);
}

absl::StatusOr<Verifier::Verified> Verifier::VerifyWithWindow(
    absl::string_view token, absl::Time now) const {
  const std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3) {
    return Unauthenticated("malformed token: it must have three parts");
  }
  auto header = DecodeJson(parts[0], "header");
  if (!header.ok()) return header.status();
  const std::string alg = StringField(*header, "alg");
  const bool hs256 = !keys_->secrets.empty();
  if (alg != (hs256 ? "HS256" : "RS256")) {
    return Unauthenticated(absl::StrCat("the token is signed with \"", alg,
                                        "\"; this service accepts ",
                                        hs256 ? "HS256" : "RS256"));
  }
  std::string signature;
  if (!absl::WebSafeBase64Unescape(parts[2], &signature)) {
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
  auto payload = DecodeJson(parts[1], "payload");
  if (!payload.ok()) return payload.status();
  double exp = 0;
  if (!NumberField(*payload, "exp", &exp)) {
    return Unauthenticated("the token has no expiry (exp)");
  }
  const absl::Time expires = absl::FromUnixSeconds(static_cast<int64_t>(exp));
  if (now > expires + kClockSkew) {
    return Unauthenticated(absl::StrCat(
        "the token expired at ",
        absl::FormatTime(absl::RFC3339_sec, expires, absl::UTCTimeZone())));
  }
  Verified verified;
  verified.usable_until = expires + kClockSkew;
  double nbf = 0;
  if (NumberField(*payload, "nbf", &nbf)) {
    verified.usable_from =
        absl::FromUnixSeconds(static_cast<int64_t>(nbf)) - kClockSkew;
    if (now < verified.usable_from) {
      return Unauthenticated("the token is not valid yet (nbf)");
    }
  }
  Principal principal;
  principal.subject = StringField(*payload, "sub");
  auto role = access::ParseRole(StringField(*payload, "role"));
  if (!role.ok()) return Unauthenticated(role.status().message());
  principal.role = *role;
  principal.region_code = StringField(*payload, "region");
  principal.department_code = StringField(*payload, "department");
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
  if (p.role != access::Role::kAdmin && p.region_code.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "region: a ", access::RoleName(p.role), " token needs a region"));
  }
  if (p.role == access::Role::kDepartment && p.department_code.empty()) {
    return absl::InvalidArgumentError(
        "department: a department token needs a department code");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> MintHs256(const Claims& claims,
                                      absl::string_view secret) {
  if (secret.size() < kMinSecretBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "jwt: an HS256 secret must be at least ", kMinSecretBytes, " bytes"));
  }
  return Sign(claims, "HS256", [&](absl::string_view input) {
    return absl::StatusOr<std::string>(HmacSha256(secret, input));
  });
}

absl::StatusOr<std::string> MintRs256(const Claims& claims,
                                      absl::string_view private_key_pem) {
  const Bio bio(BIO_new_mem_buf(private_key_pem.data(),
                                static_cast<int>(private_key_pem.size())));
  const Pkey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (key == nullptr || EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA) {
    return absl::InvalidArgumentError(
        "jwt: the private key file holds no PEM RSA private key");
  }
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
