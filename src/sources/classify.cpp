#include "stalebase/sources/classify.hpp"

#include "stalebase/util/wildmatch.hpp"

#include <array>

namespace stalebase::sources {

namespace {

std::string_view base_name(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// The folder part of `path` with a leading `/` so that patterns can anchor on
// `/name/`.
std::string folder_of(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return "/" + std::string(slash == std::string_view::npos
                               ? std::string_view()
                               : path.substr(0, slash));
}

bool ends_with_folder(const std::string &folder, std::string_view name) {
  return folder.ends_with("/" + std::string(name));
}

} // namespace

bool is_yaml_path(std::string_view path) {
  return path.ends_with(".yaml") || path.ends_with(".yml");
}

std::optional<SourceKind> source_kind_by_path(std::string_view path,
                                              bool chart_yaml_beside) {
  const std::string_view name = base_name(path);
  const std::string folder = folder_of(path);
  static constexpr std::array<std::string_view, 4> k_compose{
      "compose.y*ml", "docker-compose.y*ml", "compose.*.y*ml",
      "docker-compose.*.y*ml"};
  if (is_yaml_path(name)) {
    for (const std::string_view pattern : k_compose) {
      if (util::wildmatch(pattern, name)) {
        return SourceKind::compose;
      }
    }
  }
  if (is_yaml_path(name) && ends_with_folder(folder, ".github/workflows")) {
    return SourceKind::github_actions;
  }
  if (name == ".gitlab-ci.yml") {
    return SourceKind::gitlab_ci;
  }
  // `.devcontainer/devcontainer.json` or
  // `.devcontainer/<name>/devcontainer.json`.
  const std::string parent = folder_of(std::string_view(folder).substr(1));
  if (name == ".devcontainer.json" ||
      (name == "devcontainer.json" &&
       (ends_with_folder(folder, ".devcontainer") ||
        ends_with_folder(parent, ".devcontainer")))) {
    return SourceKind::devcontainer;
  }
  if (chart_yaml_beside && util::wildmatch("values*.yaml", name)) {
    return SourceKind::helm_values;
  }
  return std::nullopt;
}

Expected<SourceKind, std::string>
classify_yaml_documents(const YamlStream &stream) {
  for (const NodeId document : stream.documents()) {
    if (stream.find_scalar(document, "apiVersion") &&
        stream.find_scalar(document, "kind")) {
      return SourceKind::kubernetes;
    }
  }
  return Unexpected(std::string(
      "not an image source: no document has apiVersion and kind, and the "
      "name is not one of a Compose, CI, dev container or Helm values file"));
}

} // namespace stalebase::sources
