#include "stalebase/workflow/scan.hpp"

#include "stalebase/config/rules.hpp"

#include <spdlog/spdlog.h>

#include <type_traits>

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

// The occurrence the engine checks for `ref`, a reference of the image source
// `file`.
check::Occurrence make_occurrence(const LoadedFile &file,
                                  const sources::SourceReference &ref) {
  check::Occurrence occurrence;
  const auto end = file.lines.position(ref.value_span.end());
  check::Location &at = occurrence.location;
  at.file = file.input.display;
  at.line = ref.line;
  at.reference_line = ref.line;
  at.column = ref.column;
  at.end_line = end.line;
  at.end_column = end.column;
  at.reference = ref.written;
  at.expanded = ref.value;
  at.source = std::string(sources::to_string(ref.kind));
  at.yaml_path = ref.yaml_path;
  occurrence.image = ref.image;
  if (ref.unresolvable) {
    occurrence.status = dockerfile::ReferenceStatus::unresolved;
    occurrence.reason = *ref.unresolvable;
  } else if (!ref.image) {
    occurrence.status = dockerfile::ReferenceStatus::invalid;
    occurrence.reason = ref.invalid;
  }
  return occurrence;
}

// Numbers the references of `file`, as scan_files does.
template <typename References>
void number(const LoadedFile &file,
            std::size_t f,
            const References &references,
            Scan &scan) {
  ScannedFile &scanned = scan.files[f];
  for (std::size_t r = 0; r < references.size(); ++r) {
    const auto &ref = references[r];
    std::optional<std::size_t> id;
    if constexpr (std::is_same_v<typename References::value_type,
                                 dockerfile::ExtractedReference>) {
      if (ref.status == dockerfile::ReferenceStatus::stage ||
          ref.status == dockerfile::ReferenceStatus::scratch) {
        scanned.occurrences.push_back(id);
        continue;
      }
    }
    id = scan.occurrences.size();
    scan.occurrences.push_back(make_occurrence(file, ref));
    scan.occurrences.back().id = *id;
    scan.sources.push_back(OccurrenceSource{f, r});
    scanned.occurrences.push_back(id);
  }
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
    if (file.is_source()) {
      number(file, f, file.references.references, scan);
    } else {
      number(file, f, file.extraction.references, scan);
    }
  }
  return scan;
}

void warn_extraction(const LoadedFile &file) {
  for (const auto &warning : file.extraction.warnings) {
    spdlog::warn("{}:{}: {}", file.input.display, warning.line,
                 warning.message);
  }
  for (const sources::SourceError &error : file.references.errors) {
    spdlog::warn("{}", sources::format_error(file.input.display, error));
  }
}

bool skipped_source(const LoadedFile &file) {
  if (file.skipped.empty()) {
    return false;
  }
  spdlog::info("skipping \"{}\": {}", file.input.display, file.skipped);
  return true;
}

void drop_skipped(std::vector<LoadedFile> &files) {
  std::erase_if(files,
                [](const LoadedFile &file) { return skipped_source(file); });
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
