#include "stalebase/sources/extract.hpp"

#include "sources/extract_common.hpp"

namespace stalebase::sources {

namespace {

constexpr std::string_view k_docker_scheme = "docker://";

void add(const YamlStream &stream,
         std::size_t document,
         std::string path,
         NodeId node,
         std::size_t skip,
         SourceExtraction &out) {
  SourceReference reference =
      detail::scalar_reference(SourceKind::github_actions, stream, document,
                               std::move(path), node, skip);
  if (reference.written.find("${{") != std::string::npos) {
    reference.unresolvable = "a GitHub Actions expression (${{ … }}) is "
                             "evaluated only when the workflow runs";
  }
  detail::check_reference(reference);
  out.references.push_back(std::move(reference));
}

bool is_value(const YamlStream &stream, NodeId node) {
  return node != k_no_node && stream.resolved(node).is_scalar() &&
         !stream.resolved(node).is_null() &&
         !stream.resolved(node).value.empty();
}

void job(const YamlStream &stream,
         std::size_t document,
         NodeId job,
         const std::string &path,
         SourceExtraction &out) {
  const NodeId container = stream.find(job, "container");
  if (is_value(stream, container)) {
    add(stream, document, detail::key_path(path, "container"), container, 0,
        out);
  } else if (container != k_no_node) {
    const NodeId image = stream.find(container, "image");
    if (is_value(stream, image)) {
      add(stream, document,
          detail::key_path(detail::key_path(path, "container"), "image"), image,
          0, out);
    }
  }
  const NodeId services = stream.find(job, "services");
  for (const MappingEntry &entry : stream.entries(services)) {
    const NodeId image = stream.find(entry.value, "image");
    if (is_value(stream, image)) {
      const std::string service = detail::key_path(
          detail::key_path(path, "services"), stream.resolved(entry.key).value);
      add(stream, document, detail::key_path(service, "image"), image, 0, out);
    }
  }
  const NodeId steps = stream.find(job, "steps");
  if (steps == k_no_node || !stream.resolved(steps).is_sequence()) {
    return;
  }
  const auto &items = stream.resolved(steps).children;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const NodeId uses = stream.find(items[i], "uses");
    if (is_value(stream, uses) &&
        stream.resolved(uses).value.starts_with(k_docker_scheme)) {
      add(stream, document,
          detail::key_path(
              detail::index_path(detail::key_path(path, "steps"), i), "uses"),
          uses, k_docker_scheme.size(), out);
    }
  }
}

} // namespace

SourceExtraction extract_github_actions(const YamlStream &stream) {
  SourceExtraction out;
  for (std::size_t document = 0; document < stream.documents().size();
       ++document) {
    const NodeId jobs = stream.find(stream.documents()[document], "jobs");
    for (const MappingEntry &entry : stream.entries(jobs)) {
      if (stream.resolved(entry.value).is_mapping()) {
        job(stream, document, entry.value,
            detail::key_path(detail::key_path("", "jobs"),
                             stream.resolved(entry.key).value),
            out);
      }
    }
  }
  return out;
}

} // namespace stalebase::sources
