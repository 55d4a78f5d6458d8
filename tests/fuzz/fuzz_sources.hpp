#pragma once

// What the YAML and JSONC fuzzers both check on a parsed tree.

#include "stalebase/rewrite/source_edits.hpp"
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

// The promise of a rewrite: when source_reference_edits (and the plan of the
// whole file) succeed, the edited file reads back with the reference at the
// same place reading exactly as the edits say, with the target's tag and
// digest. Checked for a few references per kind, with a tag that reads as a
// number in YAML (written quoted) and one that does not.
inline void check_rewrites(const sources::SourceExtraction &extraction,
                           std::string_view text,
                           const sources::ExtractOptions &options) {
  using namespace stalebase::sources;
  const auto digest = reference::Digest::parse(
      "sha256:"
      "abababababababababababababababababababababababababababababababab");
  require(digest.has_value(), "the fuzz digest is valid");
  const rewrite::Target targets[] = {{"9.9.9-fuzz", *digest},
                                     {"1.10", std::nullopt}};
  constexpr std::size_t k_checked = 6;
  const std::size_t count = std::min(extraction.references.size(), k_checked);
  for (const rewrite::Target &target : targets) {
    for (std::size_t i = 0; i < count; ++i) {
      const SourceReference &reference = extraction.references[i];
      const auto edits =
          rewrite::source_reference_edits(text, reference, target, options);
      if (!edits) {
        require(!edits.error().empty(), "a refusal has a reason");
        continue;
      }
      std::vector<rewrite::Edit> plain;
      for (const rewrite::PlacedEdit &placed : edits->edits) {
        plain.push_back(placed.edit);
      }
      const auto edited = rewrite::apply_edits(text, plain);
      require(edited.has_value(), "the edits of one reference apply");
      const auto again = extract_source(reference.kind, *edited, options);
      require(again.has_value(), "an edited file still reads");
      require(again->references.size() == extraction.references.size(),
              "an edited file names as many images");
      const SourceReference &now = again->references[i];
      require(now.yaml_path == reference.yaml_path &&
                  now.value == edits->after && now.image.has_value(),
              "the edited reference reads as the edits say");
      require(now.image->digest ==
                  (target.digest ? target.digest : reference.image->digest),
              "the edited reference has the target's digest");
      require(now.image->tag == target.tag,
              "the edited reference has the target's tag");
    }
    std::vector<std::optional<rewrite::Target>> wanted(
        extraction.references.size(), target);
    const rewrite::FilePlan plan =
        rewrite::plan_source_file(text, extraction.references, wanted, options);
    if (plan.changes.empty()) {
      continue;
    }
    const auto edited = rewrite::apply_edits(text, plan.edits);
    require(edited.has_value(), "a plan's edits apply");
    const auto again =
        extract_source(extraction.references.front().kind, *edited, options);
    require(again.has_value() &&
                again->references.size() == extraction.references.size(),
            "a planned file still reads");
    for (const rewrite::Change &change : plan.changes) {
      require(again->references[change.reference].value == change.after,
              "a planned reference reads as planned");
    }
  }
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
  ExtractOptions options;
  options.compose_env = {{"TAG", "1"}};
  const ComposeEnvironment &env = options.compose_env;
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
    check_rewrites(extraction, text, options);
  }
}

} // namespace stalebase::fuzz
