#include "stalebase/report/refs.hpp"

#include "stalebase/util/shown_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

namespace stalebase::report {

namespace {

using dockerfile::ExtractedReference;
using dockerfile::ReferenceStatus;

std::string instruction_name(const ExtractedReference &ref) {
  std::string name(dockerfile::to_string(ref.source));
  return ref.onbuild ? "onbuild " + name : name;
}

// What the table says about a reference: its canonical form for an image, else
// why not.
std::string describe(const ExtractedReference &ref) {
  switch (ref.status) {
  case ReferenceStatus::image:
    return ref.image ? ref.image->canonical() : ref.expanded;
  case ReferenceStatus::stage:
    return ref.reason;
  case ReferenceStatus::scratch:
    return "scratch";
  case ReferenceStatus::unresolved:
    return "unresolved: \"" + ref.raw + "\" " + ref.reason;
  case ReferenceStatus::invalid:
    return "invalid: \"" + ref.raw + "\": " + ref.reason;
  }
  return ref.expanded;
}

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) {
    text.append(width - text.size(), ' ');
  }
  return text;
}

nlohmann::json span_json(const dockerfile::Document &document,
                         const dockerfile::SourceSpan &span) {
  const auto begin = document.lines.position(span.offset);
  const auto end = document.lines.position(span.end());
  return {{"offset", span.offset}, {"length", span.length},
          {"line", begin.line},    {"column", begin.column},
          {"end_line", end.line},  {"end_column", end.column}};
}

nlohmann::json reference_json(const std::string &file,
                              const dockerfile::Document &document,
                              const ExtractedReference &ref) {
  const auto begin = document.lines.position(ref.span.offset);
  const auto end = document.lines.position(ref.span.end());
  nlohmann::json entry = {
      {"file", file},
      {"line", begin.line},
      {"column", begin.column},
      {"end_line", end.line},
      {"end_column", end.column},
      {"instruction", dockerfile::to_string(ref.source)},
      {"onbuild", ref.onbuild},
      {"instruction_line", ref.instruction_line},
      {"instruction_end_line", ref.instruction_end_line},
      {"stage", ref.stage},
      {"platform", ref.platform},
      {"raw", ref.raw},
      {"expanded", ref.expanded},
      {"status", dockerfile::to_string(ref.status)},
      {"args", ref.args},
  };
  if (ref.status != ReferenceStatus::image) {
    entry["reason"] = ref.reason;
  }
  if (ref.image) {
    entry["canonical"] = ref.image->canonical();
    entry["registry"] = ref.image->registry;
    entry["repository"] = ref.image->repository;
    entry["tag"] = ref.image->tag ? nlohmann::json(*ref.image->tag)
                                  : nlohmann::json(nullptr);
    entry["digest"] = ref.image->digest ? nlohmann::json(*ref.image->digest)
                                        : nlohmann::json(nullptr);
  }
  nlohmann::json sources = nlohmann::json::array();
  for (const auto &span : ref.value.spans()) {
    sources.push_back(span_json(document, span));
  }
  entry["value_spans"] = std::move(sources);
  return entry;
}

nlohmann::json error_json(const FileError &error) {
  return {{"file", error.file},
          {"line", error.error.line},
          {"column", error.error.column},
          {"message", error.error.message}};
}

// What the table says about a reference of an image source.
std::string describe(const sources::SourceReference &ref) {
  if (ref.unresolvable) {
    return "unresolvable: \"" + ref.written + "\": " + *ref.unresolvable;
  }
  if (!ref.image) {
    return "invalid: \"" + ref.value + "\": " + ref.invalid;
  }
  return ref.image->canonical();
}

// The lines of a file's table: for each reference, the three columns `row`
// gives (aligned) and what describe() says about it.
template <typename Reference, typename Row>
void append_rows(std::string &out,
                 const std::vector<Reference> &refs,
                 const Row &row_of) {
  if (refs.empty()) {
    out += "  (no image references)\n";
    return;
  }
  std::vector<std::array<std::string, 3>> rows;
  std::size_t widths[3] = {0, 0, 0};
  for (const Reference &ref : refs) {
    std::array<std::string, 3> row = row_of(ref);
    for (std::size_t i = 0; i < 3; ++i) {
      widths[i] = std::max(widths[i], row[i].size());
    }
    rows.push_back(std::move(row));
  }
  for (std::size_t r = 0; r < refs.size(); ++r) {
    out += "  ";
    for (std::size_t i = 0; i < 3; ++i) {
      out += pad(rows[r][i], widths[i]) + "  ";
    }
    out += util::escape_control(describe(refs[r])) + "\n";
  }
}

} // namespace

void append_refs_table(std::string &out, const FileReferences &file) {
  out += util::escape_control(file.file) + "\n";
  if (file.sources != nullptr) {
    // An image source: position, kind, path to the value.
    append_rows(
        out, file.sources->references, [](const sources::SourceReference &ref) {
          return std::array<std::string, 3>{
              std::to_string(ref.line) + ":" + std::to_string(ref.column),
              std::string(sources::to_string(ref.kind)),
              util::escape_control(ref.yaml_path)};
        });
    return;
  }
  append_rows(out, file.extraction->references,
              [&](const ExtractedReference &ref) {
                const auto at = file.document->lines.position(ref.span.offset);
                return std::array<std::string, 3>{
                    std::to_string(at.line) + ":" + std::to_string(at.column),
                    instruction_name(ref),
                    ref.stage.empty() ? "-" : util::escape_control(ref.stage)};
              });
}

std::string render_refs_table(const std::vector<FileReferences> &files) {
  std::string out;
  for (const FileReferences &file : files) {
    append_refs_table(out, file);
  }
  return out;
}

nlohmann::json refs_to_json(const std::vector<FileReferences> &files,
                            const std::vector<FileError> &errors) {
  nlohmann::json references = nlohmann::json::array();
  for (const FileReferences &file : files) {
    if (file.sources != nullptr) {
      // One writer of an image source's elements: RefsJsonWriter's.
      std::string elements;
      append_refs_json(elements, file);
      if (!elements.empty()) {
        for (auto &element : nlohmann::json::parse("[" + elements + "]")) {
          references.push_back(std::move(element));
        }
      }
      continue;
    }
    for (const ExtractedReference &ref : file.extraction->references) {
      references.push_back(reference_json(file.file, *file.document, ref));
    }
  }
  nlohmann::json error_list = nlohmann::json::array();
  for (const FileError &error : errors) {
    error_list.push_back(error_json(error));
  }
  return {{"schema_version", 1},
          {"references", std::move(references)},
          {"errors", std::move(error_list)}};
}

} // namespace stalebase::report
