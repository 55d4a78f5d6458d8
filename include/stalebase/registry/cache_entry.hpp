#pragma once

// The text of one look-up cache entry (cache.hpp): written by stalebase, but
// read from a disk anyone with access to the folder may have written, so every
// field is checked as a registry's answer would be. An entry of the wrong
// shape, a digest that is not a digest, a tag that is not a tag, or text with
// control characters is no entry at all (a miss), never an error.

#include "stalebase/registry/manifest.hpp"
#include "stalebase/registry/registry.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace stalebase::registry {

// Entries larger than this are not read.
inline constexpr std::size_t k_max_cache_entry = 64U * 1024U * 1024U;

// A decoded entry: when it was stored (seconds since the epoch) and the answer
// it holds, a value or a "not found" error.
template <typename T> struct CacheEntry {
  std::int64_t stored = 0;
  std::variant<T, RegistryError> answer;
};

// Encoders: the text to store under `key` at `stored`.
std::string encode_digest_entry(std::string_view key,
                                std::int64_t stored,
                                const DigestInfo &info);
std::string encode_manifest_entry(std::string_view key,
                                  std::int64_t stored,
                                  const FetchedManifest &fetched);
std::string encode_tags_entry(std::string_view key,
                              std::int64_t stored,
                              const std::vector<std::string> &tags);
// A "not found" answer (RegistryErrorKind::not_found), for any kind of entry.
std::string encode_not_found_entry(std::string_view key,
                                   std::int64_t stored,
                                   const RegistryError &error);

// Decoders: nothing unless `text` is an entry stored under `key`, of the
// right shape, every digest valid (`sha256:` + 64 hex, or sha512), every tag a
// valid tag, and every other string short printable ASCII.
std::optional<CacheEntry<DigestInfo>> decode_digest_entry(std::string_view text,
                                                          std::string_view key);
std::optional<CacheEntry<FetchedManifest>>
decode_manifest_entry(std::string_view text, std::string_view key);
std::optional<CacheEntry<std::vector<std::string>>>
decode_tags_entry(std::string_view text, std::string_view key);

} // namespace stalebase::registry
