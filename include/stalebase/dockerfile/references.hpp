#pragma once

#include "stalebase/dockerfile/ast.hpp"
#include "stalebase/reference/image_reference.hpp"
#include "stalebase/util/expected.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stalebase::dockerfile {

// Where in the Dockerfile a reference was found.
enum class ReferenceSource { from, copy, run_mount, syntax };

// What a reference turned out to be.
enum class ReferenceStatus {
  image,      // an external image to check
  stage,      // the name or index of a build stage
  scratch,    // the empty image
  unresolved, // empty or invalid after ARG expansion, or uses a variable
              // BuildKit refuses
  invalid,    // not a valid image reference as written
};

std::string_view to_string(ReferenceSource source);
std::string_view to_string(ReferenceStatus status);

struct ExtractOptions {
  // --build-arg NAME=VALUE: used verbatim for global ARGs of that name (and the
  // automatic platform ARGs); invisible to FROM otherwise, as in BuildKit.
  std::map<std::string, std::string, std::less<>> build_args;
  // The builder's platform (BUILDPLATFORM), e.g. `linux/amd64`.
  std::string build_platform = "linux/amd64";
  // --platform; empty means the build platform (TARGETPLATFORM).
  std::string target_platform;
};

struct ExtractedReference {
  ReferenceSource source = ReferenceSource::from;
  bool onbuild = false;
  // The stage it belongs to: its name, or its 0-based index when unnamed; empty
  // for syntax.
  std::string stage;
  std::size_t stage_index = 0;
  // The FROM's --platform after expansion (for COPY/mount: the enclosing
  // stage's), else empty.
  std::string platform;
  std::string raw;      // as written, variables unexpanded
  std::string expanded; // after ARG expansion
  ReferenceStatus status = ReferenceStatus::image;
  std::string
      reason; // why it is not an image (stage, scratch, unresolved, invalid)
  // ARGs the expansion referenced, set or not, in first-use order.
  std::vector<std::string> args;
  std::optional<reference::ImageReference> image;

  // The reference word as written in the instruction.
  SourceSpan span;
  // The expanded text with, for each byte, its offset in the file (through ARG
  // defaults too); bytes from --build-arg or automatic ARGs have no origin.
  TrackedString value;
  std::size_t instruction_line = 0;     // first line of the instruction
  std::size_t instruction_end_line = 0; // last line of the instruction
};

struct Extraction {
  std::vector<ExtractedReference> references;
  std::vector<ParseWarning> warnings;
};

// Finds every image `document` builds from, as BuildKit resolves them: FROM
// (with global ARGs, --build-arg and automatic platform ARGs), COPY --from, RUN
// --mount from (also under ONBUILD) and the `# syntax=` directive. Fails, with
// the line and column, on what BuildKit rejects before any image is resolved:
// instructions before the first FROM, unknown instructions, FROM with the wrong
// arity or an invalid stage name, bad flags, ONBUILD FROM.
Expected<Extraction, ParseError>
extract_references(const Document &document, const ExtractOptions &options);

} // namespace stalebase::dockerfile
