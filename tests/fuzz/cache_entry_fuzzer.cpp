// libFuzzer target for the look-up cache's entry reader: whatever is on disk
// (another user's plant, a truncated write, a hand edit), it must never crash
// or hang, and what it accepts must hold only valid digests, valid tags and
// printable one-line text (nothing that could become a Dockerfile line).
//
// Input: the key, a newline, then the entry's text.
#include "stalebase/registry/cache_entry.hpp"
#include "stalebase/registry/digest.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

namespace {

using namespace stalebase::registry;

void require(bool promise) {
  if (!promise) {
    __builtin_trap();
  }
}

// A Digest is valid by construction; the fuzzer still checks that its text
// parses back to itself, so a decoder that built one some other way is caught.
bool is_valid_digest(const Digest &digest) {
  const auto again = Digest::parse(digest.str());
  return again && *again == digest;
}

void require_line(std::string_view text) {
  for (const char c : text) {
    require(c >= ' ' && c <= '~');
  }
}

template <typename T> void check_error(const CacheEntry<T> &entry) {
  if (const auto *error = std::get_if<RegistryError>(&entry.answer)) {
    require(error->kind == RegistryErrorKind::not_found);
    require_line(error->message);
  }
}

// Only the keys parse_manifest keeps, with printable one-line values.
void require_annotations(const Annotations &annotations) {
  const auto &keys = annotation_keys();
  for (const auto &[key, value] : annotations) {
    require(std::find(keys.begin(), keys.end(), key) != keys.end());
    require_line(value);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data,
                                      std::size_t size) {
  const std::string_view input(reinterpret_cast<const char *>(data), size);
  const std::size_t newline = input.find('\n');
  if (newline == std::string_view::npos) {
    return 0;
  }
  const std::string_view key = input.substr(0, newline);
  const std::string_view text = input.substr(newline + 1);

  if (const auto entry = decode_digest_entry(text, key)) {
    check_error(*entry);
    if (const auto *info = std::get_if<DigestInfo>(&entry->answer)) {
      require(is_valid_digest(info->digest));
      require_line(info->media_type);
      // What was read is written back the same.
      const auto again = decode_digest_entry(
          encode_digest_entry(key, entry->stored, *info), key);
      require(again &&
              std::get<DigestInfo>(again->answer).digest == info->digest);
    }
  }
  if (const auto entry = decode_manifest_entry(text, key)) {
    check_error(*entry);
    if (const auto *fetched = std::get_if<FetchedManifest>(&entry->answer)) {
      require(is_valid_digest(fetched->digest));
      require_line(fetched->manifest.media_type);
      require(fetched->manifest.version.empty() ||
              is_valid_tag(fetched->manifest.version));
      for (const auto &child : fetched->manifest.children) {
        require(is_valid_digest(child.digest));
        require_line(child.media_type);
        if (child.platform) {
          require_line(child.platform->to_string());
        }
        require_annotations(child.annotations);
      }
      if (fetched->manifest.config_digest) {
        require(is_valid_digest(*fetched->manifest.config_digest));
      }
      for (const auto &layer : fetched->manifest.layers) {
        require(is_valid_digest(layer.digest));
        require_line(layer.media_type);
        require_annotations(layer.annotations);
      }
      require_annotations(fetched->manifest.annotations);
      // What was read is written back the same.
      const auto again = decode_manifest_entry(
          encode_manifest_entry(key, entry->stored, *fetched), key);
      require(again &&
              std::get<FetchedManifest>(again->answer).manifest.layers ==
                  fetched->manifest.layers);
    }
  }
  if (const auto entry = decode_tags_entry(text, key)) {
    check_error(*entry);
    if (const auto *tags =
            std::get_if<std::vector<std::string>>(&entry->answer)) {
      for (const auto &tag : *tags) {
        require(is_valid_tag(tag));
      }
    }
  }
  return 0;
}
