#pragma once

#include "stalebase/version/proposals.hpp"
#include "stalebase/version/tag.hpp"

#include <catch2/catch.hpp>

#include <compare>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace stalebase::version::test {

// Parses `text`, failing the test if it is not a valid tag.
inline Tag tag(std::string_view text, Scheme scheme = Scheme::generic) {
  auto parsed = Tag::parse(text, scheme);
  INFO("tag " << text);
  REQUIRE(parsed.has_value());
  return *parsed;
}

// Parses the space-separated tags of `texts`.
inline std::vector<Tag> tags(std::string_view texts,
                             Scheme scheme = Scheme::generic) {
  std::vector<Tag> out;
  std::istringstream in{std::string(texts)};
  std::string word;
  while (in >> word) {
    out.push_back(tag(word, scheme));
  }
  return out;
}

// `patch: 3.12.7-slim, minor: 3.13.2-slim, major: -, release: -`, with the
// level in parentheses when it is not the slot's own (`major: 10.0.17763.5458
// (os)`).
inline std::string describe(const Proposals &p) {
  const auto slot = [](const std::optional<Proposal> &proposal,
                       UpdateLevel own) {
    if (!proposal) {
      return std::string("-");
    }
    std::string text = proposal->tag.to_string();
    if (proposal->level != own) {
      text += " (" + std::string(to_string(proposal->level)) + ")";
    }
    return text;
  };
  return "patch: " + slot(p.patch, UpdateLevel::patch) +
         ", minor: " + slot(p.minor, UpdateLevel::minor) +
         ", major: " + slot(p.major, UpdateLevel::major) +
         ", release: " + (p.release ? p.release->to_string() : "-");
}

// -1, 0 or 1 for an ordering (Catch2 cannot print orderings).
inline int sign(std::partial_ordering order) {
  return order < 0 ? -1 : (order > 0 ? 1 : 0);
}

inline std::string joined(const std::vector<Tag> &list) {
  std::string out;
  for (const Tag &t : list) {
    out += out.empty() ? "" : " ";
    out += t.to_string();
  }
  return out;
}

} // namespace stalebase::version::test

namespace Catch {
template <> struct StringMaker<stalebase::version::Tag> {
  static std::string convert(const stalebase::version::Tag &tag) {
    return "\"" + tag.to_string() + "\"";
  }
};
} // namespace Catch
