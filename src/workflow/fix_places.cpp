#include "stalebase/workflow/fix_places.hpp"

#include "stalebase/rewrite/file_plan.hpp"
#include "stalebase/workflow/rewrite.hpp"

#include <optional>

namespace stalebase::workflow {

namespace {

// The target that makes `finding`'s fix, as the reports write it (fix_text):
// a new tag, with the digest when the reference is pinned; or a digest.
std::optional<rewrite::Target>
target_of(const check::Finding &finding,
          const reference::ImageReference &image) {
  if (!finding.suggested) {
    return std::nullopt;
  }
  const check::TagDigest &current = finding.current;
  const check::TagDigest &suggested = *finding.suggested;
  rewrite::Target target;
  if (!suggested.tag.empty() && suggested.tag != current.tag) {
    target.tag = suggested.tag;
    if (!current.digest.empty()) {
      // A report's text is not trusted as a digest: only a valid one is
      // planned, as pin would write it.
      auto digest = reference::Digest::parse(suggested.digest);
      if (!digest) {
        return std::nullopt;
      }
      target.digest = std::move(*digest);
    }
  } else if (!suggested.digest.empty() && suggested.digest != current.digest) {
    auto digest = reference::Digest::parse(suggested.digest);
    if (!digest) {
      return std::nullopt;
    }
    target.digest = std::move(*digest);
    // As pin writes it: a reference without a tag gets `latest` too.
    if (!image.tag && !image.digest) {
      target.tag = "latest";
    }
  } else {
    return std::nullopt;
  }
  return target;
}

// The parsed image of reference `index` of `file`, when it has one to fix.
const reference::ImageReference *image_of(const LoadedFile &file,
                                          std::size_t index) {
  if (file.is_source()) {
    const sources::SourceReference &reference =
        file.references.references[index];
    return reference.unresolvable || !reference.image ? nullptr
                                                      : &*reference.image;
  }
  const dockerfile::ExtractedReference &reference =
      file.extraction.references[index];
  return reference.status == dockerfile::ReferenceStatus::image &&
                 reference.image
             ? &*reference.image
             : nullptr;
}

report::FixPlace place_of(const LoadedFile &file,
                          std::size_t index,
                          const rewrite::Target &target) {
  std::vector<std::optional<rewrite::Target>> targets(
      file.is_source() ? file.references.references.size()
                       : file.extraction.references.size());
  targets[index] = target;
  const rewrite::FilePlan plan = plan_rewrite(file, targets);
  const dockerfile::LineIndex &lines =
      file.is_source() ? file.lines : file.document->lines;
  report::FixPlace place;
  if (plan.changes.empty()) {
    return place;
  }
  if (plan.changes.front().through_arg) {
    place.line = plan.changes.front().arg_line;
  }
  for (const rewrite::Edit &edit : plan.edits) {
    const auto begin = lines.position(edit.span.offset);
    const auto end = lines.position(edit.span.end());
    place.edits.push_back(report::FixEdit{begin.line, begin.column, end.line,
                                          end.column, edit.replacement});
  }
  return place;
}

} // namespace

std::vector<report::FixPlace>
fix_places(const std::vector<LoadedFile> &files,
           const Scan &scan,
           const std::vector<check::Finding> &findings) {
  std::vector<report::FixPlace> places(findings.size());
  for (std::size_t i = 0; i < findings.size(); ++i) {
    if (findings[i].occurrence >= scan.sources.size()) {
      continue;
    }
    const OccurrenceSource &source = scan.sources[findings[i].occurrence];
    const LoadedFile &file = files[source.file];
    const reference::ImageReference *image = image_of(file, source.reference);
    if (image == nullptr) {
      continue;
    }
    const auto target = target_of(findings[i], *image);
    if (target) {
      places[i] = place_of(file, source.reference, *target);
    }
  }
  return places;
}

} // namespace stalebase::workflow
