#include "stalebase/reference/grammar.hpp"

#include "reference/char_class.hpp"
#include "reference/quote.hpp"

#include <algorithm>
#include <cstddef>

namespace stalebase::reference {

namespace {

constexpr std::size_t k_max_tag_length = 128;
constexpr std::size_t k_image_id_length = 64;

Unexpected<std::string> invalid_tag(std::string_view tag,
                                    std::string_view expected) {
  return Unexpected("invalid tag " + quote(tag) + ": " + std::string(expected));
}

Unexpected<std::string> invalid_digest(std::string_view digest,
                                       std::string_view expected) {
  return Unexpected("invalid digest " + quote(digest) + ": " +
                    std::string(expected));
}

bool all_lower_hex(std::string_view text) {
  return std::all_of(text.begin(), text.end(), is_lower_hex);
}

// Docker's digest-algorithm: `[A-Za-z][A-Za-z0-9]*` components joined by one of
// `+._-`.
bool is_algorithm(std::string_view text) {
  bool component_start = true;
  for (const char c : text) {
    if (component_start) {
      if (!is_lower(c) && !is_upper(c)) {
        return false;
      }
      component_start = false;
    } else if (c == '+' || c == '.' || c == '_' || c == '-') {
      component_start = true;
    } else if (!is_alnum(c)) {
      return false;
    }
  }
  return !text.empty() && !component_start;
}

} // namespace

Expected<void, std::string> validate_tag(std::string_view tag) {
  if (tag.empty()) {
    return invalid_tag(tag, "expected at least 1 character");
  }
  if (tag.size() > k_max_tag_length) {
    return invalid_tag(tag, "expected at most 128 characters");
  }
  if (!is_word(tag.front())) {
    return invalid_tag(tag, "expected a letter, digit or \"_\" first");
  }
  const bool ok = std::all_of(tag.begin(), tag.end(), [](char c) {
    return is_word(c) || c == '.' || c == '-';
  });
  if (!ok) {
    return invalid_tag(tag,
                       "expected only letters, digits, \"_\", \".\" and \"-\"");
  }
  return {};
}

Expected<void, std::string> validate_digest(std::string_view digest) {
  const auto colon = digest.find(':');
  const auto algorithm = digest.substr(0, colon);
  if (colon == std::string_view::npos || !is_algorithm(algorithm)) {
    return invalid_digest(digest, "expected \"<algorithm>:<hex digits>\"");
  }
  const auto hex = digest.substr(colon + 1);
  std::size_t hex_length = 0;
  if (algorithm == "sha256") {
    hex_length = 64;
  } else if (algorithm == "sha512") {
    hex_length = 128;
  } else {
    return Unexpected("unsupported digest algorithm " + quote(algorithm) +
                      ": expected sha256 or sha512");
  }
  if (hex.size() != hex_length || !all_lower_hex(hex)) {
    return invalid_digest(digest, "expected " + std::to_string(hex_length) +
                                      " lowercase hex digits after \"" +
                                      std::string(algorithm) + ":\"");
  }
  return {};
}

bool is_image_id(std::string_view text) {
  return text.size() == k_image_id_length && all_lower_hex(text);
}

} // namespace stalebase::reference
