#include "stalebase/sources/extract.hpp"

#include "sources/extract_common.hpp"

#include <array>

namespace stalebase::sources {

namespace {

class KubernetesReader {
public:
  KubernetesReader(const YamlStream &stream,
                   std::size_t document,
                   SourceExtraction &out)
      : m_stream(stream), m_document(document), m_out(out) {}

  void object(NodeId node, const std::string &path) {
    if (!m_stream.resolved(node).is_mapping()) {
      return;
    }
    const auto api_version = m_stream.find_scalar(node, "apiVersion");
    const auto kind = m_stream.find_scalar(node, "kind");
    if (!api_version || !kind) {
      return;
    }
    if (kind->ends_with("List")) {
      const NodeId items = m_stream.find(node, "items");
      const Node &list = m_stream.resolved(items == k_no_node ? node : items);
      if (items != k_no_node && list.is_sequence()) {
        for (std::size_t i = 0; i < list.children.size(); ++i) {
          object(list.children[i],
                 detail::index_path(detail::key_path(path, "items"), i));
        }
      }
      return;
    }
    if (*kind == "Pod") {
      follow(node, path, {"spec"});
    } else if (*kind == "CronJob") {
      follow(node, path, {"spec", "jobTemplate", "spec", "template", "spec"});
    } else if (*kind == "PodTemplate") {
      follow(node, path, {"template", "spec"});
    } else {
      // Deployment, StatefulSet, DaemonSet, ReplicaSet, Job,
      // ReplicationController and any custom kind with a pod template.
      follow(node, path, {"spec", "template", "spec"});
    }
  }

private:
  void follow(NodeId node,
              std::string path,
              std::initializer_list<std::string_view> keys) {
    for (const std::string_view key : keys) {
      node = m_stream.find(node, key);
      if (node == k_no_node) {
        return;
      }
      path = detail::key_path(path, key);
    }
    pod_spec(node, path);
  }

  void pod_spec(NodeId spec, const std::string &path) {
    static constexpr std::array<std::string_view, 3> k_lists{
        "initContainers", "containers", "ephemeralContainers"};
    for (const std::string_view name : k_lists) {
      const NodeId list = m_stream.find(spec, name);
      if (list == k_no_node || !m_stream.resolved(list).is_sequence()) {
        continue;
      }
      const std::string list_path = detail::key_path(path, name);
      const auto &items = m_stream.resolved(list).children;
      for (std::size_t i = 0; i < items.size(); ++i) {
        const NodeId image = m_stream.find(items[i], "image");
        if (image == k_no_node || !m_stream.resolved(image).is_scalar() ||
            m_stream.resolved(image).is_null()) {
          continue;
        }
        SourceReference reference = detail::scalar_reference(
            SourceKind::kubernetes, m_stream, m_document,
            detail::key_path(detail::index_path(list_path, i), "image"), image);
        detail::check_reference(reference);
        m_out.references.push_back(std::move(reference));
      }
    }
  }

  const YamlStream &m_stream;
  std::size_t m_document;
  SourceExtraction &m_out;
};

} // namespace

SourceExtraction extract_kubernetes(const YamlStream &stream) {
  SourceExtraction out;
  for (std::size_t document = 0; document < stream.documents().size();
       ++document) {
    KubernetesReader(stream, document, out)
        .object(stream.documents()[document], "");
  }
  return out;
}

} // namespace stalebase::sources
