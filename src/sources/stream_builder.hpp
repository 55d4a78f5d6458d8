#pragma once

#include "stalebase/sources/yaml_document.hpp"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace stalebase::sources {

// Builds a YamlStream from parser events (libyaml's, or the JSONC reader's),
// checking the limits and the rules a tree must keep (known anchors, no
// cycles, no duplicate keys, well-formed merge keys) as it goes. Offsets are
// bytes of the file as read.
class StreamBuilder {
public:
  explicit StreamBuilder(std::string_view text);

  void begin_document();
  Expected<void, SourceError> end_document();

  Expected<void, SourceError> scalar(std::string value,
                                     ScalarStyle style,
                                     SourceSpan span,
                                     std::string anchor,
                                     std::string tag);
  Expected<void, SourceError> alias(std::string name, SourceSpan span);
  Expected<void, SourceError> open(NodeKind kind,
                                   std::size_t offset,
                                   bool flow,
                                   std::string anchor,
                                   std::string tag);
  Expected<void, SourceError> close(std::size_t end_offset);

  // The error at byte `offset`.
  SourceError error_at(std::size_t offset, std::string message) const;

  // The finished stream (marks the shared nodes first).
  YamlStream take();

private:
  Expected<NodeId, SourceError> add(Node node);
  Expected<void, SourceError> check_mapping(const Node &mapping) const;
  Expected<void, SourceError> check_merge_value(NodeId value) const;

  std::string_view m_text;
  YamlStream m_stream;
  std::vector<NodeId> m_open; // collections being built, outermost first
  std::unordered_map<std::string, NodeId> m_anchors;
};

} // namespace stalebase::sources
