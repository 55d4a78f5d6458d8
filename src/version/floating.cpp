#include "stalebase/version/floating.hpp"

#include "stalebase/version/compare.hpp"
#include "stalebase/version/windows.hpp"

#include <algorithm>
#include <string>
#include <unordered_set>

namespace stalebase::version {

namespace {

bool is_date(const Tag &tag) {
  return tag.kind() == TagKind::date;
}

// Tags of one family are the same image variant at different precisions: same
// prefix, `v` and suffix, and either both dates or both not.
bool same_family(const Tag &a, const Tag &b) {
  return a.is_version() && b.is_version() && is_date(a) == is_date(b) &&
         a.has_v() == b.has_v() && a.prefix() == b.prefix() &&
         a.suffix() == b.suffix();
}

// A key for `tag`'s family and its first `segments` core numbers (leading zeros
// dropped), and optionally a prerelease rank and number: what a floating tag
// names.
std::string refinement_key(const Tag &tag, std::size_t segments) {
  std::string key;
  key += is_date(tag) ? 'd' : 'n';
  key += tag.has_v() ? 'v' : '-';
  key += tag.prefix();
  key += '|';
  key += tag.suffix();
  key += '|';
  for (std::size_t i = 0; i < segments; ++i) {
    std::string_view digits = tag.segment(i);
    while (digits.size() > 1 && digits.front() == '0') {
      digits.remove_prefix(1);
    }
    key += digits;
    key += i + 1 < segments ? tag.separators()[i] : '|';
  }
  return key;
}

std::string with_prerelease(std::string key, const Tag &tag, bool numbered) {
  key += std::to_string(tag.prerelease_rank());
  if (numbered) {
    key += '#';
    std::string_view digits = tag.prerelease_number();
    while (digits.size() > 1 && digits.front() == '0') {
      digits.remove_prefix(1);
    }
    key += digits;
  }
  return key;
}

bool same_prerelease_word(const Tag &a, const Tag &b) {
  return a.is_prerelease() && b.is_prerelease() &&
         a.prerelease_rank() == b.prerelease_rank();
}

// Whether `other` names a more precise version of what floating `tag` names: a
// longer core starting with `tag`'s (`3.12` → `3.12.7`), or a numbered
// prerelease for an unnumbered one
// (`24-ea` → `24-ea-31`).
bool refines(const Tag &other, const Tag &tag) {
  if (!same_family(other, tag)) {
    return false;
  }
  const std::size_t n = tag.segment_count();
  if (other.segment_count() > n) {
    if (other.separators().substr(0, tag.separators().size()) !=
        tag.separators()) {
      return false;
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (compare_numbers(other.segment(i), tag.segment(i)) != 0) {
        return false;
      }
    }
    if (!tag.is_prerelease()) {
      return true;
    }
    return same_prerelease_word(other, tag) &&
           (tag.prerelease_number().empty() ||
            compare_numbers(other.prerelease_number(),
                            tag.prerelease_number()) == 0);
  }
  return other.segment_count() == n && same_core(other, tag) &&
         tag.is_prerelease() && tag.prerelease_number().empty() &&
         same_prerelease_word(other, tag) && !other.prerelease_number().empty();
}

// Releases first; then versions before dates; each newest first.
bool best_guess_first(const Tag &a, const Tag &b) {
  if (a.is_prerelease() != b.is_prerelease()) {
    return !a.is_prerelease();
  }
  if (is_date(a) != is_date(b)) {
    return !is_date(a);
  }
  if (const auto c = compare_versions(a, b); c != 0) {
    return c > 0;
  }
  return b < a;
}

std::vector<Tag> sorted(std::vector<Tag> tags) {
  std::sort(tags.begin(), tags.end(), best_guess_first);
  return tags;
}

// What a tag names more precisely (mirroring refines()), as keys.
void add_refined_keys(const Tag &tag, std::unordered_set<std::string> &keys) {
  const std::size_t n = tag.segment_count();
  const bool numbered = !tag.prerelease_number().empty();
  for (std::size_t j = 1; j < n; ++j) {
    std::string key = refinement_key(tag, j);
    if (tag.is_prerelease()) {
      keys.insert(with_prerelease(key, tag, false));
      if (numbered) {
        keys.insert(with_prerelease(key, tag, true));
      }
    }
    keys.insert(std::move(key));
  }
  if (numbered) {
    keys.insert(with_prerelease(refinement_key(tag, n), tag, false));
  }
}

// The version tags of `tags` matching `predicate` that no other of them
// refines, best guesses first. Whatever refines a match matches too (same
// family, same leading numbers), so looking at the matches is enough.
template <typename Predicate>
std::vector<Tag> full_versions(std::span<const Tag> tags, Predicate predicate) {
  std::vector<Tag> pool;
  std::unordered_set<std::string> refined;
  for (const Tag &tag : tags) {
    if (tag.is_version() && predicate(tag)) {
      pool.push_back(tag);
      if (!is_date(tag)) {
        add_refined_keys(tag, refined);
      }
    }
  }
  std::erase_if(pool, [&refined](const Tag &tag) {
    if (is_date(tag)) {
      return false;
    }
    std::string key = refinement_key(tag, tag.segment_count());
    if (tag.is_prerelease()) {
      key = with_prerelease(std::move(key), tag,
                            !tag.prerelease_number().empty());
    }
    return refined.contains(key);
  });
  return sorted(std::move(pool));
}

std::vector<Tag> with_suffix(std::span<const Tag> tags, std::string_view name) {
  return full_versions(tags, [name](const Tag &t) {
    return t.prefix().empty() && t.suffix().size() == name.size() + 1 &&
           t.suffix().front() == '-' && t.suffix().substr(1) == name;
  });
}

std::vector<Tag> with_prefix(std::span<const Tag> tags, std::string_view name) {
  return full_versions(tags, [name](const Tag &t) {
    return t.suffix().empty() && t.prefix().size() == name.size() + 1 &&
           t.prefix().substr(0, name.size()) == name &&
           t.prefix().back() == '-';
  });
}

std::vector<Tag> windows_builds(std::span<const Tag> tags,
                                std::string_view name) {
  const auto build = windows_build_of_release(name);
  if (!build) {
    return {};
  }
  return full_versions(tags, [build](const Tag &t) {
    return t.kind() == TagKind::windows_build && t.prefix().empty() &&
           !t.has_v() && t.suffix().empty() && t.number(2) == *build;
  });
}

// The full versions a `name` tag may equal (floating_candidates).
std::vector<Tag> name_candidates(std::span<const Tag> tags,
                                 std::string_view name) {
  std::vector<Tag> found = windows_builds(tags, name);
  if (found.empty()) {
    found = with_suffix(tags, name);
  }
  if (found.empty()) {
    found = with_prefix(tags, name);
  }
  // `lts-alpine` → `-alpine`; `iron-bookworm-slim` → `-bookworm-slim`.
  for (std::size_t dash = name.find('-');
       found.empty() && dash != std::string_view::npos;
       dash = name.find('-', dash + 1)) {
    found = windows_builds(tags, name.substr(dash + 1));
    if (found.empty()) {
      found = with_suffix(tags, name.substr(dash + 1));
    }
  }
  if (found.empty()) {
    found = full_versions(tags, [](const Tag &t) {
      return t.prefix().empty() && t.suffix().empty();
    });
  }
  return found;
}

} // namespace

bool is_floating(const Tag &tag, std::span<const Tag> tags) {
  if (tag.kind() == TagKind::name) {
    return true;
  }
  if (!tag.is_version() || is_date(tag)) {
    return false;
  }
  for (const Tag &other : tags) {
    if (refines(other, tag)) {
      return true;
    }
  }
  return false;
}

std::vector<Tag> floating_candidates(const Tag &tag,
                                     std::span<const Tag> tags) {
  if (tag.kind() == TagKind::name) {
    return name_candidates(tags, tag.to_string());
  }
  if (!tag.is_version() || is_date(tag)) {
    return {};
  }
  // `3` → `3.20.1`, but not `3.20` (itself floating) nor `11.0.14` when
  // `11.0.14.1` exists.
  return full_versions(tags, [&tag](const Tag &t) { return refines(t, tag); });
}

} // namespace stalebase::version
