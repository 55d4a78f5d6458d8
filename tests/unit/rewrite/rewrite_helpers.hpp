#pragma once

// Runs the rewrite planner over a Dockerfile with targets chosen per
// repository, as the pin and update commands do after asking the registry.

#include "stalebase/dockerfile/parser.hpp"
#include "stalebase/dockerfile/references.hpp"
#include "stalebase/rewrite/edits.hpp"
#include "stalebase/rewrite/file_plan.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <string_view>

namespace stalebase::test {

// sha256:111…1 style digests.
inline std::string digest_of(char c) {
  return "sha256:" + std::string(64, c);
}

// "alpine", "docker/dockerfile", "127.0.0.1:5000/app": a repository as a test
// names it.
inline std::string short_name(const reference::ImageReference &image) {
  std::string name = image.name();
  for (const std::string prefix : {"docker.io/library/", "docker.io/"}) {
    if (name.rfind(prefix, 0) == 0) {
      return name.substr(prefix.size());
    }
  }
  return name;
}

struct Rewritten {
  std::string output;
  rewrite::FilePlan plan;
  dockerfile::Extraction extraction;
};

// Plans and applies the targets (by short repository name) to every image
// reference.
inline Rewritten
rewrite_source(std::string_view source,
               const std::map<std::string, rewrite::Target> &targets,
               const dockerfile::ExtractOptions &options = {}) {
  auto document = dockerfile::parse_dockerfile(source);
  if (!document) {
    FAIL("parse error: " << document.error().message);
  }
  auto extraction = dockerfile::extract_references(*document, options);
  if (!extraction) {
    FAIL("extract error: " << extraction.error().message);
  }
  std::vector<std::optional<rewrite::Target>> wanted;
  for (const auto &ref : extraction->references) {
    std::optional<rewrite::Target> target;
    if (ref.status == dockerfile::ReferenceStatus::image && ref.image) {
      const auto found = targets.find(short_name(*ref.image));
      if (found != targets.end()) {
        target = found->second;
      }
    }
    wanted.push_back(target);
  }
  Rewritten result;
  result.plan =
      rewrite::plan_file(source, *document, extraction->references, wanted);
  auto applied = rewrite::apply_edits(source, result.plan.edits);
  if (!applied) {
    FAIL("apply error: " << applied.error());
  }
  result.output = std::move(*applied);
  result.extraction = std::move(*extraction);
  return result;
}

} // namespace stalebase::test
