#pragma once

// What the YAML and JSONC fuzzers both check on a parsed tree.

#include "stalebase/sources/extract.hpp"
#include "stalebase/sources/yaml_document.hpp"

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace stalebase::fuzz {

// libFuzzer prints the input itself when the process aborts.
inline void require(bool ok, const char *promise) {
  if (!ok) {
    std::fprintf(stderr, "broken promise: %s\n", promise);
    std::abort();
  }
}

inline void check_error(const sources::SourceError &error,
                        std::string_view text) {
  require(!error.message.empty(), "an error has a message");
  require(error.line <= text.size() + 1, "an error's line is in the file");
}

// Every node lies in the file, its position matches its offset, a verbatim
// value is really there, aliases point at earlier non-alias nodes; every
// extractor runs on the tree without breaking, and its spans lie in the file.
inline void check_stream(const sources::YamlStream &stream,
                         std::string_view text) {
  using namespace stalebase::sources;
  for (NodeId id = 0; id < stream.node_count(); ++id) {
    const Node &node = stream.node(id);
    require(node.span.end() <= text.size(), "a node's span is in the file");
    require(node.position == stream.position(node.span.offset),
            "a node's position is its offset's");
    if (node.verbatim_offset) {
      require(*node.verbatim_offset + node.value.size() <= text.size() &&
                  text.substr(*node.verbatim_offset, node.value.size()) ==
                      node.value,
              "a verbatim value is written at its offset");
    }
    if (node.kind == NodeKind::alias) {
      require(node.target < id &&
                  stream.node(node.target).kind != NodeKind::alias,
              "an alias points at an earlier anchored node");
    }
    if (node.is_mapping()) {
      require(node.children.size() % 2 == 0, "a mapping has key-value pairs");
      // A lookup of a key that is not there walks every merged mapping.
      (void)stream.find(id, "\x01"
                            "absent");
      (void)stream.entries(id);
    }
  }
  const ComposeEnvironment env{{"TAG", "1"}};
  const SourceExtraction extractions[] = {
      extract_compose(stream, env),   extract_kubernetes(stream),
      extract_github_actions(stream), extract_gitlab_ci(stream),
      extract_devcontainer(stream),   extract_helm_values(stream)};
  for (const SourceExtraction &extraction : extractions) {
    for (const SourceReference &reference : extraction.references) {
      require(reference.value_span.end() <= text.size(),
              "a reference's span is in the file");
      require(!reference.value_verbatim ||
                  text.substr(reference.value_span.offset,
                              reference.value_span.length) == reference.written,
              "a verbatim reference is written at its span");
      require(reference.unresolvable || reference.image ||
                  !reference.invalid.empty(),
              "a reference is unresolvable, parsed or refused");
    }
  }
}

} // namespace stalebase::fuzz
