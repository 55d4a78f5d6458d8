#include "stalebase/report/refs.hpp"

#include "stalebase/util/shown_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <ostream>
#include <sstream>

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

// Appends `element` as dump(2) prints it inside an array that is a member of
// the top-level object (4 spaces deeper), after a ",\n" when not the first.
void append_element(std::string &out, const nlohmann::json &element) {
  if (!out.empty()) {
    out += ",\n";
  }
  out += "    ";
  // Strings are dumped with escaped newlines, so every raw newline starts a
  // line of the element's own layout.
  for (const char c : element.dump(2)) {
    out.push_back(c);
    if (c == '\n') {
      out += "    ";
    }
  }
}

// Writes the array of `elements` (from append_element) as dump(2) prints a
// member of the top-level object, without copying them.
void write_array(std::ostream &out, const std::string &elements) {
  if (elements.empty()) {
    out << "[]";
  } else {
    out << "[\n" << elements << "\n  ]";
  }
}

} // namespace

void RefsJsonWriter::add_file(const FileReferences &file) {
  for (const ExtractedReference &ref : file.extraction->references) {
    append_element(m_references,
                   reference_json(file.file, *file.document, ref));
  }
}

void RefsJsonWriter::add_error(const FileError &error) {
  append_element(m_errors, error_json(error));
}

std::string RefsJsonWriter::finish() const {
  std::ostringstream out;
  write(out);
  return out.str();
}

void RefsJsonWriter::write(std::ostream &out) const {
  // The members in nlohmann::json's (sorted) order.
  out << "{\n  \"errors\": ";
  write_array(out, m_errors);
  out << ",\n  \"references\": ";
  write_array(out, m_references);
  out << ",\n  \"schema_version\": 1\n}";
}

std::string render_refs_table(const std::vector<FileReferences> &files) {
  std::string out;
  for (const FileReferences &file : files) {
    const auto &refs = file.extraction->references;
    out += util::escape_control(file.file) + "\n";
    if (refs.empty()) {
      out += "  (no image references)\n";
      continue;
    }
    std::vector<std::array<std::string, 3>> rows;
    std::size_t widths[3] = {0, 0, 0};
    for (const ExtractedReference &ref : refs) {
      const auto at = file.document->lines.position(ref.span.offset);
      std::array<std::string, 3> row = {
          std::to_string(at.line) + ":" + std::to_string(at.column),
          instruction_name(ref),
          ref.stage.empty() ? "-" : util::escape_control(ref.stage)};
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
  return out;
}

nlohmann::json refs_to_json(const std::vector<FileReferences> &files,
                            const std::vector<FileError> &errors) {
  nlohmann::json references = nlohmann::json::array();
  for (const FileReferences &file : files) {
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
