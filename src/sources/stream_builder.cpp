#include "sources/stream_builder.hpp"

#include "sources/limits.hpp"

#include <algorithm>

namespace stalebase::sources {

namespace {

std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) {
  return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

// Where the decoded value sits byte for byte inside the token, if it does.
std::optional<std::size_t> find_verbatim(std::string_view text,
                                         SourceSpan span,
                                         ScalarStyle style,
                                         std::string_view value) {
  if (span.end() > text.size()) {
    return std::nullopt;
  }
  std::string_view token = text.substr(span.offset, span.length);
  std::size_t offset = span.offset;
  switch (style) {
  case ScalarStyle::plain:
    break;
  case ScalarStyle::single_quoted:
  case ScalarStyle::double_quoted:
    if (token.size() < 2) {
      return std::nullopt;
    }
    token = token.substr(1, token.size() - 2);
    ++offset;
    break;
  case ScalarStyle::literal:
  case ScalarStyle::folded:
    return std::nullopt;
  }
  if (token != value) {
    return std::nullopt;
  }
  return offset;
}

} // namespace

StreamBuilder::StreamBuilder(std::string_view text) : m_text(text) {
  m_stream.m_lines = dockerfile::LineIndex(text);
}

SourceError StreamBuilder::error_at(std::size_t offset,
                                    std::string message) const {
  const SourcePosition at = m_stream.position(offset);
  return SourceError{std::move(message), at.line, at.column};
}

void StreamBuilder::begin_document() {
  // Anchors are scoped to their document.
  m_anchors.clear();
}

Expected<void, SourceError> StreamBuilder::end_document() {
  if (!m_open.empty()) {
    return Unexpected(error_at(m_text.size(), "unterminated collection"));
  }
  return {};
}

YamlStream StreamBuilder::take() {
  std::vector<Node> &nodes = m_stream.m_nodes;
  for (const Node &node : nodes) {
    if (node.kind == NodeKind::alias) {
      nodes[node.target].shared = true;
    }
  }
  // Nodes are stored parents first, so one pass in order hands the mark down.
  for (Node &node : nodes) {
    if (node.shared) {
      for (const NodeId child : node.children) {
        nodes[child].shared = true;
      }
    }
  }
  return std::move(m_stream);
}

Expected<NodeId, SourceError> StreamBuilder::add(Node node) {
  if (m_stream.m_nodes.size() >= detail::k_max_nodes) {
    return Unexpected(error_at(node.span.offset, detail::too_many_nodes()));
  }
  if (node.expanded > detail::k_max_expanded_nodes) {
    return Unexpected(error_at(node.span.offset, detail::expands_too_much()));
  }
  node.position = m_stream.position(node.span.offset);
  const auto id = static_cast<NodeId>(m_stream.m_nodes.size());
  m_stream.m_nodes.push_back(std::move(node));
  if (m_open.empty()) {
    m_stream.m_documents.push_back(id);
  } else {
    m_stream.m_nodes[m_open.back()].children.push_back(id);
  }
  return id;
}

Expected<void, SourceError> StreamBuilder::scalar(std::string value,
                                                  ScalarStyle style,
                                                  SourceSpan span,
                                                  std::string anchor,
                                                  std::string tag) {
  Node node;
  node.kind = NodeKind::scalar;
  node.style = style;
  node.span = span;
  node.verbatim_offset = find_verbatim(m_text, span, style, value);
  node.value = std::move(value);
  node.anchor = anchor;
  node.tag = std::move(tag);
  auto id = add(std::move(node));
  if (!id) {
    return Unexpected(std::move(id).error());
  }
  if (!anchor.empty()) {
    m_anchors[std::move(anchor)] = *id;
  }
  return {};
}

Expected<void, SourceError> StreamBuilder::alias(std::string name,
                                                 SourceSpan span) {
  const auto found = m_anchors.find(name);
  if (found == m_anchors.end()) {
    for (const NodeId open : m_open) {
      if (m_stream.m_nodes[open].anchor == name) {
        // A cycle: nothing could walk it to the end.
        return Unexpected(error_at(
            span.offset, "alias *" + name + " refers to a node containing it"));
      }
    }
    return Unexpected(
        error_at(span.offset, "alias *" + name + " has no anchor before it"));
  }
  Node node;
  node.kind = NodeKind::alias;
  node.span = span;
  node.anchor = std::move(name);
  node.target = found->second;
  node.expanded = saturating_add(1, m_stream.m_nodes[found->second].expanded);
  auto id = add(std::move(node));
  if (!id) {
    return Unexpected(std::move(id).error());
  }
  return {};
}

Expected<void, SourceError> StreamBuilder::open(NodeKind kind,
                                                std::size_t offset,
                                                bool flow,
                                                std::string anchor,
                                                std::string tag) {
  if (m_open.size() >= detail::k_max_depth) {
    return Unexpected(error_at(offset, detail::too_deep()));
  }
  Node node;
  node.kind = kind;
  node.flow = flow;
  node.span = {offset, 0};
  node.anchor = std::move(anchor);
  node.tag = std::move(tag);
  auto id = add(std::move(node));
  if (!id) {
    return Unexpected(std::move(id).error());
  }
  m_open.push_back(*id);
  return {};
}

Expected<void, SourceError> StreamBuilder::close(std::size_t end_offset) {
  const NodeId id = m_open.back();
  m_open.pop_back();
  Node &node = m_stream.m_nodes[id];
  node.span.length =
      end_offset > node.span.offset ? end_offset - node.span.offset : 0;
  std::uint64_t expanded = 1;
  for (const NodeId child : node.children) {
    expanded = saturating_add(expanded, m_stream.m_nodes[child].expanded);
  }
  node.expanded = expanded;
  if (expanded > detail::k_max_expanded_nodes) {
    return Unexpected(error_at(node.span.offset, detail::expands_too_much()));
  }
  if (node.is_mapping()) {
    auto checked = check_mapping(node);
    if (!checked) {
      return checked;
    }
  }
  if (!node.anchor.empty()) {
    m_anchors[node.anchor] = id;
  }
  return {};
}

Expected<void, SourceError>
StreamBuilder::check_merge_value(NodeId value) const {
  const Node &target = m_stream.resolved(value);
  if (target.is_mapping()) {
    return {};
  }
  if (target.is_sequence()) {
    const bool all_mappings = std::all_of(
        target.children.begin(), target.children.end(),
        [&](NodeId item) { return m_stream.resolved(item).is_mapping(); });
    if (all_mappings) {
      return {};
    }
  }
  return Unexpected(
      error_at(m_stream.node(value).span.offset,
               "a merge key (<<) needs a mapping or a list of mappings"));
}

Expected<void, SourceError>
StreamBuilder::check_mapping(const Node &mapping) const {
  // Duplicate keys are an error for Compose, Kubernetes and GitHub (Go's
  // yaml.v3 refuses them); sorting the scalar keys finds them in n log n.
  std::vector<NodeId> keys;
  keys.reserve(mapping.children.size() / 2);
  for (std::size_t i = 0; i + 1 < mapping.children.size(); i += 2) {
    const Node &key = m_stream.resolved(mapping.children[i]);
    if (is_merge_key(key)) {
      auto merged = check_merge_value(mapping.children[i + 1]);
      if (!merged) {
        return merged;
      }
      continue;
    }
    if (key.is_scalar()) {
      keys.push_back(mapping.children[i]);
    }
  }
  if (keys.size() < 2) {
    return {};
  }
  std::stable_sort(keys.begin(), keys.end(), [&](NodeId a, NodeId b) {
    return m_stream.resolved(a).value < m_stream.resolved(b).value;
  });
  for (std::size_t i = 1; i < keys.size(); ++i) {
    const Node &first = m_stream.resolved(keys[i - 1]);
    const Node &again = m_stream.resolved(keys[i]);
    if (first.value == again.value) {
      const Node &written = m_stream.node(keys[i]);
      return Unexpected(error_at(
          written.span.offset,
          "mapping key \"" + again.value + "\" already defined at line " +
              std::to_string(m_stream.node(keys[i - 1]).position.line)));
    }
  }
  return {};
}

} // namespace stalebase::sources
