#include "stalebase/sources/extract.hpp"

#include "sources/extract_common.hpp"

namespace stalebase::sources {

namespace {

// A scalar piece of an `image:` mapping, when present.
std::optional<ScalarLocation>
piece(const YamlStream &stream, NodeId image, std::string_view key) {
  const NodeId node = stream.find(image, key);
  if (node == k_no_node || !stream.resolved(node).is_scalar()) {
    return std::nullopt;
  }
  return detail::locate(stream, node);
}

std::string value_of(const YamlStream &stream,
                     const std::optional<ScalarLocation> &location) {
  if (!location || stream.node(location->node).is_null()) {
    return {};
  }
  return stream.node(location->node).value;
}

void image_block(const YamlStream &stream,
                 std::size_t document,
                 NodeId image,
                 std::string path,
                 SourceExtraction &out) {
  SourceReference reference;
  reference.kind = SourceKind::helm_values;
  reference.document = document;
  reference.yaml_path = std::move(path);
  reference.registry = piece(stream, image, "registry");
  reference.repository = piece(stream, image, "repository");
  reference.tag = piece(stream, image, "tag");
  reference.digest = piece(stream, image, "digest");
  if (!reference.digest) {
    reference.digest = piece(stream, image, "sha");
  }
  const std::string registry = value_of(stream, reference.registry);
  const std::string repository = value_of(stream, reference.repository);
  const std::string tag = value_of(stream, reference.tag);
  std::string digest = value_of(stream, reference.digest);
  if (!digest.empty() && digest.find(':') == std::string::npos) {
    digest = "sha256:" + digest; // `sha:` holds the hex digits only
  }
  std::string text =
      registry.empty() ? repository : registry + '/' + repository;
  if (!tag.empty()) {
    text += ':' + tag;
  }
  if (!digest.empty()) {
    text += '@' + digest;
  }
  reference.written = text;
  reference.value = text;
  reference.scalar = *reference.repository;
  reference.value_span = reference.scalar.scalar_span;
  reference.line = reference.scalar.position.line;
  reference.column = reference.scalar.position.column;
  if (text.find("{{") != std::string::npos) {
    reference.unresolvable = "a Helm template expression ({{ … }}) is "
                             "rendered only when the chart is installed";
  } else if (tag.empty() && digest.empty()) {
    reference.unresolvable = "the tag is empty: it comes from the chart's "
                             "appVersion (Chart.yaml)";
  }
  detail::check_reference(reference);
  out.references.push_back(std::move(reference));
}

} // namespace

SourceExtraction extract_helm_values(const YamlStream &stream) {
  SourceExtraction out;
  struct Pending {
    NodeId node;
    std::string path;
  };
  for (std::size_t document = 0; document < stream.documents().size();
       ++document) {
    // Depth first in written order, without recursion; aliases are followed,
    // and the builder's expansion limit bounds the walk.
    std::vector<Pending> pending{{stream.documents()[document], ""}};
    while (!pending.empty()) {
      Pending next = std::move(pending.back());
      pending.pop_back();
      const Node &node = stream.resolved(next.node);
      std::vector<Pending> children;
      if (node.is_mapping()) {
        for (const MappingEntry &entry : stream.entries(next.node)) {
          const Node &key = stream.resolved(entry.key);
          const Node &value = stream.resolved(entry.value);
          const std::string path = detail::key_path(next.path, key.value);
          // An image block with an empty repository is a placeholder a
          // chart fills elsewhere, not an image.
          const auto repository = stream.find_scalar(entry.value, "repository");
          if (key.value == "image" && value.is_mapping() && repository &&
              !repository->empty() &&
              !stream.resolved(stream.find(entry.value, "repository"))
                   .is_null()) {
            image_block(stream, document, entry.value, path, out);
            continue;
          }
          children.push_back({entry.value, path});
        }
      } else if (node.is_sequence()) {
        for (std::size_t i = 0; i < node.children.size(); ++i) {
          children.push_back(
              {node.children[i], detail::index_path(next.path, i)});
        }
      }
      pending.insert(pending.end(), std::make_move_iterator(children.rbegin()),
                     std::make_move_iterator(children.rend()));
    }
  }
  return out;
}

} // namespace stalebase::sources
