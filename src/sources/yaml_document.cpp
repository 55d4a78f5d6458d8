#include "stalebase/sources/yaml_document.hpp"

#include <unordered_set>

namespace stalebase::sources {

std::string format_error(std::string_view path, const SourceError &error) {
  std::string text(path);
  if (error.line != 0) {
    text += ':' + std::to_string(error.line);
    if (error.column != 0) {
      text += ':' + std::to_string(error.column);
    }
  }
  text += ": ";
  text += error.message;
  return text;
}

std::string_view to_string(ScalarStyle style) {
  switch (style) {
  case ScalarStyle::plain:
    return "plain";
  case ScalarStyle::single_quoted:
    return "single-quoted";
  case ScalarStyle::double_quoted:
    return "double-quoted";
  case ScalarStyle::literal:
    return "literal";
  case ScalarStyle::folded:
    return "folded";
  }
  return "plain";
}

bool Node::is_null() const {
  return kind == NodeKind::scalar && style == ScalarStyle::plain &&
         (value.empty() || value == "~" || value == "null" || value == "Null" ||
          value == "NULL");
}

bool is_merge_key(const Node &node) {
  return node.kind == NodeKind::scalar && node.style == ScalarStyle::plain &&
         node.value == "<<" &&
         (node.tag.empty() || node.tag == "tag:yaml.org,2002:merge");
}

NodeId YamlStream::resolve(NodeId id) const {
  // The builder only lets an alias name a finished node, never another
  // alias's chain back to itself; one step is enough as aliases of aliases
  // are stored already resolved.
  if (id != k_no_node && m_nodes[id].kind == NodeKind::alias) {
    return m_nodes[id].target;
  }
  return id;
}

namespace {

// Visits a mapping and the mappings it merges, in precedence order (its own
// entries, then each merged mapping depth first), without recursion: a chain
// of merges may be as long as the file. Stops when `visit` returns true.
template <typename Visit>
void walk_merged(const YamlStream &stream, NodeId mapping, Visit visit) {
  std::vector<NodeId> pending{stream.resolve(mapping)};
  while (!pending.empty()) {
    const Node &node = stream.node(pending.back());
    pending.pop_back();
    if (!node.is_mapping()) {
      continue;
    }
    std::vector<NodeId> merged;
    for (std::size_t i = 0; i + 1 < node.children.size(); i += 2) {
      const NodeId key = node.children[i];
      const NodeId value = node.children[i + 1];
      if (is_merge_key(stream.resolved(key))) {
        const Node &source = stream.resolved(value);
        if (source.is_sequence()) {
          for (const NodeId item : source.children) {
            merged.push_back(stream.resolve(item));
          }
        } else {
          merged.push_back(stream.resolve(value));
        }
        continue;
      }
      if (visit(MappingEntry{key, value})) {
        return;
      }
    }
    pending.insert(pending.end(), merged.rbegin(), merged.rend());
  }
}

} // namespace

NodeId YamlStream::find(NodeId mapping, std::string_view key) const {
  NodeId found = k_no_node;
  if (mapping == k_no_node) {
    return found;
  }
  walk_merged(*this, mapping, [&](const MappingEntry &entry) {
    const Node &name = resolved(entry.key);
    if (name.is_scalar() && name.value == key) {
      found = entry.value;
      return true;
    }
    return false;
  });
  return found;
}

std::vector<MappingEntry> YamlStream::entries(NodeId mapping) const {
  std::vector<MappingEntry> result;
  if (mapping == k_no_node) {
    return result;
  }
  std::unordered_set<std::string_view> seen;
  walk_merged(*this, mapping, [&](const MappingEntry &entry) {
    const Node &name = resolved(entry.key);
    if (!name.is_scalar() || seen.insert(name.value).second) {
      result.push_back(entry);
    }
    return false;
  });
  return result;
}

std::optional<std::string_view>
YamlStream::find_scalar(NodeId mapping, std::string_view key) const {
  const NodeId value = find(mapping, key);
  if (value == k_no_node || !resolved(value).is_scalar()) {
    return std::nullopt;
  }
  return std::string_view(resolved(value).value);
}

} // namespace stalebase::sources
