#include "stalebase/config/pattern.hpp"

namespace stalebase::config {

bool glob_match(std::string_view pattern, std::string_view text) {
  // Greedy matching with one backtrack point: the last `*` seen.
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t star_text = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_text = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++star_text;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

bool image_matches(std::string_view pattern,
                   const reference::ImageReference &ref) {
  reference::ImageReference image = ref;
  image.tag.reset();
  image.digest.reset();
  if (pattern.find('*') == std::string_view::npos) {
    const auto parsed = reference::parse_reference(pattern);
    return parsed.has_value() && parsed->name() == image.name();
  }
  if (glob_match(pattern, image.name()) ||
      glob_match(pattern, image.familiar())) {
    return true;
  }
  return image.is_docker_hub() && glob_match(pattern, image.repository);
}

Expected<void, std::string> check_image_pattern(std::string_view pattern) {
  if (pattern.empty()) {
    return Unexpected(std::string("an image pattern must not be empty"));
  }
  std::string probe;
  for (char c : pattern) {
    if (c == '*') {
      probe += 'x';
    } else {
      probe += c;
    }
  }
  const auto parsed = reference::parse_reference(probe);
  if (!parsed) {
    return Unexpected("invalid image pattern \"" + std::string(pattern) +
                      "\": " + parsed.error());
  }
  if (parsed->tag || parsed->digest) {
    return Unexpected("image pattern \"" + std::string(pattern) + "\" has a " +
                      (parsed->tag ? "tag: match tags with the \"tag\" key"
                                   : "digest: a pattern names an image only"));
  }
  return {};
}

} // namespace stalebase::config
