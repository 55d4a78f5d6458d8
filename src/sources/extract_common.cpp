#include "sources/extract_common.hpp"

namespace stalebase::sources::detail {

std::string key_path(std::string_view base, std::string_view key) {
  std::string path(base);
  // A first key may start with a dot (GitLab's hidden jobs: `.base.image`).
  const std::size_t dot = key.find('.', base.empty() ? 1 : 0);
  const bool plain = !key.empty() && dot == std::string_view::npos &&
                     key.find_first_of("[]\"") == std::string_view::npos;
  if (plain) {
    if (!path.empty()) {
      path += '.';
    }
    path += key;
  } else {
    path += "[\"";
    for (const char c : key) {
      if (c == '"' || c == '\\') {
        path += '\\';
      }
      path += c;
    }
    path += "\"]";
  }
  return path;
}

std::string index_path(std::string_view base, std::size_t index) {
  return std::string(base) + '[' + std::to_string(index) + ']';
}

ScalarLocation locate(const YamlStream &stream, NodeId written) {
  ScalarLocation location;
  location.node = stream.resolve(written);
  const Node &node = stream.node(location.node);
  location.style = node.style;
  location.scalar_span = node.span;
  location.position = node.position;
  location.verbatim_offset = node.verbatim_offset;
  location.shared = node.shared;
  if (stream.node(written).kind == NodeKind::alias) {
    location.via_anchor = stream.node(written).anchor;
  }
  return location;
}

SourceReference scalar_reference(SourceKind kind,
                                 const YamlStream &stream,
                                 std::size_t document,
                                 std::string path,
                                 NodeId written,
                                 std::size_t skip) {
  SourceReference reference;
  reference.kind = kind;
  reference.document = document;
  reference.yaml_path = std::move(path);
  reference.scalar = locate(stream, written);
  const std::string &text = stream.node(reference.scalar.node).value;
  reference.written = text.substr(std::min(skip, text.size()));
  reference.value = reference.written;
  if (reference.scalar.verbatim_offset) {
    reference.value_span = {*reference.scalar.verbatim_offset + skip,
                            reference.written.size()};
    reference.value_verbatim = true;
  } else {
    reference.value_span = reference.scalar.scalar_span;
  }
  const SourcePosition at = stream.position(reference.value_span.offset);
  reference.line = at.line;
  reference.column = at.column;
  return reference;
}

void check_reference(SourceReference &reference) {
  if (reference.unresolvable) {
    return;
  }
  auto parsed = reference::parse_reference(reference.value);
  if (parsed) {
    reference.image = std::move(*parsed);
  } else {
    reference.invalid = std::move(parsed).error();
  }
}

SourceError
error_at(const YamlStream &stream, NodeId node, std::string message) {
  const SourcePosition at = stream.node(node).position;
  return SourceError{std::move(message), at.line, at.column};
}

} // namespace stalebase::sources::detail
