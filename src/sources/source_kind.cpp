#include "stalebase/sources/source_reference.hpp"

#include <array>
#include <utility>

namespace stalebase::sources {

namespace {

constexpr std::array<std::pair<SourceKind, std::string_view>, 6> k_names{{
    {SourceKind::compose, "compose"},
    {SourceKind::kubernetes, "kubernetes"},
    {SourceKind::github_actions, "github-actions"},
    {SourceKind::gitlab_ci, "gitlab-ci"},
    {SourceKind::devcontainer, "devcontainer"},
    {SourceKind::helm_values, "helm-values"},
}};

} // namespace

std::string_view to_string(SourceKind kind) {
  for (const auto &[known, name] : k_names) {
    if (known == kind) {
      return name;
    }
  }
  return "compose";
}

std::optional<SourceKind> parse_source_kind(std::string_view text) {
  for (const auto &[kind, name] : k_names) {
    if (name == text) {
      return kind;
    }
  }
  return std::nullopt;
}

std::vector<std::string_view> all_source_kind_names() {
  std::vector<std::string_view> names;
  for (const auto &entry : k_names) {
    names.push_back(entry.second);
  }
  return names;
}

} // namespace stalebase::sources
