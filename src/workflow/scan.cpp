#include "stalebase/workflow/scan.hpp"

#include "stalebase/config/rules.hpp"

#include <spdlog/spdlog.h>

namespace stalebase::workflow {

namespace {

// The occurrence the engine checks for `ref` of `file`.
check::Occurrence make_occurrence(const LoadedFile &file,
                                  const dockerfile::ExtractedReference &ref) {
  check::Occurrence occurrence;
  const auto begin = file.document->lines.position(ref.span.offset);
  const auto end = file.document->lines.position(ref.span.end());
  occurrence.location.file = file.input.display;
  occurrence.location.line = ref.instruction_line;
  occurrence.location.reference_line = begin.line;
  occurrence.location.column = begin.column;
  occurrence.location.end_line = end.line;
  occurrence.location.end_column = end.column;
  occurrence.location.reference = ref.raw;
  occurrence.location.expanded = ref.expanded;
  occurrence.location.stage = ref.stage;
  occurrence.location.instruction =
      std::string(dockerfile::to_string(ref.source));
  occurrence.image = ref.image;
  occurrence.status = ref.status;
  occurrence.reason = ref.reason;
  occurrence.from_platform = ref.platform;
  occurrence.args = ref.args;
  return occurrence;
}

} // namespace

Scan scan_files(const std::vector<LoadedFile> &files) {
  Scan scan;
  scan.files.resize(files.size());
  for (std::size_t f = 0; f < files.size(); ++f) {
    const LoadedFile &file = files[f];
    ScannedFile &scanned = scan.files[f];
    if (file.error) {
      continue;
    }
    auto comments = config::inline_ignores(file.source, file.input.display);
    if (!comments) {
      scanned.ignore_error = std::move(comments).error();
      continue;
    }
    scan.inline_ignores[file.input.display] = std::move(*comments);
    const auto &references = file.extraction.references;
    for (std::size_t r = 0; r < references.size(); ++r) {
      const dockerfile::ExtractedReference &ref = references[r];
      std::optional<std::size_t> id;
      if (ref.status != dockerfile::ReferenceStatus::stage &&
          ref.status != dockerfile::ReferenceStatus::scratch) {
        id = scan.occurrences.size();
        scan.occurrences.push_back(make_occurrence(file, ref));
        scan.occurrences.back().id = *id;
        scan.sources.push_back(OccurrenceSource{f, r});
      }
      scanned.occurrences.push_back(id);
    }
  }
  return scan;
}

void warn_extraction(const LoadedFile &file) {
  for (const auto &warning : file.extraction.warnings) {
    spdlog::warn("{}:{}: {}", file.input.display, warning.line,
                 warning.message);
  }
}

config::ReferenceIgnores
occurrence_ignores(const check::Occurrence &occurrence,
                   const config::Config &configuration,
                   const config::Date &today,
                   const config::InlineIgnoresByFile &inline_ignores) {
  check::Location at = occurrence.location;
  std::string tag;
  if (occurrence.image) {
    at.canonical = occurrence.image->canonical();
    tag = occurrence.image->effective_tag();
  }
  return config::reference_ignores(at, tag, configuration, today,
                                   inline_ignores);
}

std::string not_looked_up(const check::Occurrence &occurrence,
                          const config::Config &configuration,
                          const config::Date &today,
                          const config::InlineIgnoresByFile &inline_ignores) {
  if (occurrence.image) {
    const config::RegistryConfig *registry =
        config::registry_for(configuration, occurrence.image->registry);
    if (registry != nullptr && registry->skip) {
      return "registries." + occurrence.image->registry + ".skip";
    }
  }
  const config::ReferenceIgnores ignores =
      occurrence_ignores(occurrence, configuration, today, inline_ignores);
  if (!ignores.all()) {
    return "";
  }
  std::string sources;
  for (const std::string &source : ignores.sources) {
    sources += (sources.empty() ? "" : ", ") + source;
  }
  return sources;
}

} // namespace stalebase::workflow
