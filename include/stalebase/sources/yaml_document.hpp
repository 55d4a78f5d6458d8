#pragma once

#include "stalebase/dockerfile/ast.hpp"
#include "stalebase/dockerfile/source_span.hpp"
#include "stalebase/util/expected.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// A YAML (or JSON) file as a small tree that remembers where every node was
// written, for the image sources (Compose, Kubernetes, CI files, dev
// containers, Helm values). Aliases stay pointers to their anchored node: they
// are never copied, so a file whose aliases would expand to billions of nodes
// costs no more than its own size, and the limits below are checked while the
// tree is built (src/sources/limits.hpp, docs/manual.md "Limits").

namespace stalebase::sources {

using dockerfile::SourcePosition;
using dockerfile::SourceSpan;
// Why a file could not be read: a message with a 1-based line and column
// (columns count bytes, as the Dockerfile's do).
using SourceError = dockerfile::ParseError;

// "path:line:column: message" (no line or column when they are 0).
std::string format_error(std::string_view path, const SourceError &error);

enum class NodeKind : std::uint8_t { scalar, mapping, sequence, alias };
enum class ScalarStyle : std::uint8_t {
  plain,
  single_quoted,
  double_quoted,
  literal, // `|`
  folded,  // `>`
};

std::string_view to_string(ScalarStyle style);

using NodeId = std::uint32_t;
inline constexpr NodeId k_no_node = UINT32_MAX;

struct Node {
  NodeKind kind = NodeKind::scalar;
  ScalarStyle style = ScalarStyle::plain; // scalars
  bool flow = false;                      // `[…]` / `{…}` collections
  // The bytes of the node in the file as read (a BOM included): a scalar's
  // token with its quotes or block indicator, a whole collection, or an
  // alias's `*name`.
  SourceSpan span;
  SourcePosition position; // of span.offset
  // A scalar's value, decoded (escapes, folding, quotes removed).
  std::string value;
  // Where in the file `value` is written byte for byte, when it is (a plain
  // scalar on one line, a quoted one without escapes): a rewrite can then
  // edit any part of the value in place.
  std::optional<std::size_t> verbatim_offset;
  // `&name` on this node, or the name an alias uses; empty when none.
  std::string anchor;
  // The tag as the parser resolved it (`!reference`,
  // `tag:yaml.org,2002:str`); empty when the node has none.
  std::string tag;
  // Sequence items, or a mapping's keys and values alternating.
  std::vector<NodeId> children;
  NodeId target = k_no_node; // an alias's anchored node
  // The nodes reachable from here with aliases expanded (saturating).
  std::uint64_t expanded = 1;
  // This node, or a collection containing it, is named by an alias (or a
  // merge key) somewhere in its document: an edit of its bytes shows at every
  // use, not only at the one a path reached it by.
  bool shared = false;

  bool is_scalar() const { return kind == NodeKind::scalar; }
  bool is_mapping() const { return kind == NodeKind::mapping; }
  bool is_sequence() const { return kind == NodeKind::sequence; }
  // A plain `null`, `Null`, `NULL`, `~` or nothing at all.
  bool is_null() const;
};

// One key and its value in a mapping, as written (the value may be an alias).
struct MappingEntry {
  NodeId key = k_no_node;
  NodeId value = k_no_node;
};

// A parsed file: every node of every document in one table.
class YamlStream {
public:
  const Node &node(NodeId id) const { return m_nodes[id]; }
  std::size_t node_count() const { return m_nodes.size(); }
  // The root of each document (`---`), in order.
  std::span<const NodeId> documents() const { return m_documents; }
  // The node `id` stands for: an alias's anchored node, else `id` itself.
  NodeId resolve(NodeId id) const;
  const Node &resolved(NodeId id) const { return m_nodes[resolve(id)]; }

  // The value of `key` in the mapping `mapping` (resolved first), honouring
  // merge keys as YAML 1.1 and Compose do: the mapping's own keys first, then
  // each merged mapping (`<<: *a`, `<<: [*a, *b]`) in order, depth first.
  // k_no_node when absent or when `mapping` is not a mapping. The value is
  // returned as written (resolve() it; an alias tells its use was shared).
  NodeId find(NodeId mapping, std::string_view key) const;
  // Every entry of the mapping, merged ones included, in the order find()
  // gives them precedence, each key once (the merge keys themselves left out).
  std::vector<MappingEntry> entries(NodeId mapping) const;
  // The scalar value of `key`, when present and a scalar.
  std::optional<std::string_view> find_scalar(NodeId mapping,
                                              std::string_view key) const;

  const dockerfile::LineIndex &lines() const { return m_lines; }
  SourcePosition position(std::size_t offset) const {
    return m_lines.position(offset);
  }

private:
  friend class StreamBuilder;

  std::vector<Node> m_nodes;
  std::vector<NodeId> m_documents;
  dockerfile::LineIndex m_lines;
};

// Whether `node` is a merge key (a plain `<<`).
bool is_merge_key(const Node &node);

// Parses a YAML stream (one or more documents). Fails with the line and column
// on invalid YAML, on an alias to an unknown anchor or to a node that contains
// it, on a duplicate key, on a merge key whose value is not a mapping or a
// list of mappings, and on the limits (size, depth, nodes, alias expansion).
// A UTF-8 BOM is skipped (offsets still count it); CRLF line ends are fine.
Expected<YamlStream, SourceError> parse_yaml(std::string_view text);

} // namespace stalebase::sources
