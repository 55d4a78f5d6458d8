#pragma once

// Files → occurrences, what check, pin and update share once the Dockerfiles
// are read: each file's references as the engine sees them, numbered, with
// the inline ignore comments of their file.

#include "stalebase/check/engine.hpp"
#include "stalebase/config/config.hpp"
#include "stalebase/config/date.hpp"
#include "stalebase/config/ignores.hpp"
#include "stalebase/config/inline_ignore.hpp"
#include "stalebase/workflow/inputs.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace stalebase::workflow {

// One file, scanned.
struct ScannedFile {
  // A malformed inline ignore comment: the file is not worked on, as when it
  // could not be read or parsed (LoadedFile::error).
  std::optional<config::ConfigError> ignore_error;
  // For each of the file's references (its extraction's, or an image
  // source's, in order), the id of its occurrence; none for stages and
  // `scratch`, and for every reference of a file that is not worked on.
  std::vector<std::optional<std::size_t>> occurrences;
};

// Where an occurrence is written: the index of its file among those scanned
// and of its reference in that file's extraction (LoadedFile::extraction for
// a Dockerfile, LoadedFile::references for an image source: is_source()).
struct OccurrenceSource {
  std::size_t file = 0;
  std::size_t reference = 0;
};

struct Scan {
  std::vector<ScannedFile> files; // aligned with the files scanned
  // Every reference the engine checks; occurrences[i].id is i.
  std::vector<check::Occurrence> occurrences;
  std::vector<OccurrenceSource> sources; // aligned with `occurrences`
  // The inline ignore comments of the files worked on, by display name.
  config::InlineIgnoresByFile inline_ignores;
};

// Numbers the references of every file that was read and parsed and whose
// ignore comments are valid. Pure.
Scan scan_files(const std::vector<LoadedFile> &files);

// Says each extraction warning of `file` (an unused --build-arg, …) as a
// warning, `FILE:LINE: message`; for an image source, each mistake in its
// structure (a `!reference` to a missing job), `FILE:LINE:COLUMN: message`.
void warn_extraction(const LoadedFile &file);

// Whether `file` is a YAML file that turned out to be no image source
// (LoadedFile::skipped), which every report leaves out; says so for -v.
bool skipped_source(const LoadedFile &file);

// Leaves out of `files` those skipped_source() skips.
void drop_skipped(std::vector<LoadedFile> &files);

// The ignores that cover `occurrence`'s reference (config::reference_ignores
// with its canonical name and tag). When they cover every kind the reference
// is not looked up at all: its findings would all be taken out, and an ignored
// registry may be slow or down.
config::ReferenceIgnores
occurrence_ignores(const check::Occurrence &occurrence,
                   const config::Config &configuration,
                   const config::Date &today,
                   const config::InlineIgnoresByFile &inline_ignores);

// Why `occurrence` is not looked up, for -v: `registries.HOST.skip`, or the
// sources of the ignores that cover every kind of it; empty when it is looked
// up.
std::string not_looked_up(const check::Occurrence &occurrence,
                          const config::Config &configuration,
                          const config::Date &today,
                          const config::InlineIgnoresByFile &inline_ignores);

} // namespace stalebase::workflow
