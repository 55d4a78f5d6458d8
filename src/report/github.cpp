#include "stalebase/report/github.hpp"

#include "report/check_common.hpp"
#include "report/shown_report.hpp"

#include <algorithm>

namespace stalebase::report {

namespace {

std::string_view command(check::Level level) {
  switch (level) {
  case check::Level::info:
    return "notice";
  case check::Level::warn:
    return "warning";
  case check::Level::fail:
  case check::Level::error:
    return "error";
  }
  return "warning";
}

std::string escape(std::string_view text, bool property) {
  std::string out;
  for (const char c : text) {
    switch (c) {
    case '%':
      out += "%25";
      break;
    case '\r':
      out += "%0D";
      break;
    case '\n':
      out += "%0A";
      break;
    case ':':
      out += property ? "%3A" : ":";
      break;
    case ',':
      out += property ? "%2C" : ",";
      break;
    default:
      out += c;
    }
  }
  return out;
}

// `file=…,line=…,col=…,endLine=…,endColumn=…,` with the unknown (zero) parts
// left out.
std::string position(std::string_view file,
                     std::size_t line,
                     std::size_t column,
                     std::size_t end_line,
                     std::size_t end_column) {
  std::string out =
      "file=" + escape_github_property(detail::forward_slashes(file)) + ",";
  if (line == 0) {
    return out;
  }
  out += "line=" + std::to_string(line) + ",";
  if (column > 0) {
    out += "col=" + std::to_string(column) + ",";
  }
  if (end_line >= line) {
    out += "endLine=" + std::to_string(end_line) + ",";
    if (end_column > 0) {
      out += "endColumn=" + std::to_string(end_column) + ",";
    }
  }
  return out;
}

} // namespace

std::string escape_github_data(std::string_view text) {
  return escape(text, false);
}

std::string escape_github_property(std::string_view text) {
  return escape(text, true);
}

std::string render_github(const CheckReport &given) {
  const CheckReport report = detail::shown_report(given);
  // GitHub shows 10 error and 10 warning annotations per step: one per
  // reference, its findings together, and one for every reference not checked.
  std::vector<std::vector<std::size_t>> groups;
  for (const std::size_t index : detail::sorted_findings(report)) {
    const check::Finding &finding = report.findings[index];
    if (finding.kind == check::FindingKind::check_error) {
      continue; // in the summary of what was not checked
    }
    if (!groups.empty()) {
      const check::Location &last =
          report.findings[groups.back().front()].location;
      const check::Location &at = finding.location;
      if (last.file == at.file && last.line == at.line &&
          last.reference_line == at.reference_line &&
          last.column == at.column && last.end_line == at.end_line &&
          last.end_column == at.end_column) {
        groups.back().push_back(index);
        continue;
      }
    }
    groups.push_back({index});
  }
  std::string out;
  for (const std::vector<std::size_t> &group : groups) {
    const check::Finding &first = report.findings[group.front()];
    const check::Location &at = first.location;
    check::Level level = check::Level::info;
    std::string kinds;
    std::string message;
    // The line to edit when it is not the reference's own (an ARG default's).
    std::size_t edit_line = 0;
    for (const std::size_t index : group) {
      const check::Finding &finding = report.findings[index];
      if (const FixPlace *place = fix_place(report, index);
          place != nullptr && edit_line == 0) {
        edit_line = place->line;
      }
      level = std::max(level, detail::shown_level(report, index));
      kinds += (kinds.empty() ? "" : ", ") +
               std::string(check::to_string(finding.kind));
      if (!message.empty()) {
        message += "\n";
      }
      if (group.size() > 1) {
        message += std::string(check::to_string(finding.kind)) + ": ";
      }
      message += finding.message;
      // The whole digest: a fix people can paste.
      const std::string fix = detail::fix_text(finding, false);
      if (!fix.empty()) {
        message += "\nfix: " + fix;
      }
    }
    const std::string title =
        kinds + ": " + detail::shorten_digests(detail::shown_reference(first));
    if (edit_line != 0) {
      message += "\nthe fix is in the ARG default on line " +
                 std::to_string(edit_line) + "; the reference is on line " +
                 std::to_string(check::reference_start_line(at));
    }
    out += "::";
    out += command(level);
    out += " ";
    if (!at.file.empty() && edit_line != 0) {
      out += position(at.file, edit_line, 0, 0, 0);
    } else if (!at.file.empty()) {
      out += position(at.file, check::reference_start_line(at), at.column,
                      at.end_line, at.end_column);
    }
    out += "title=" + escape_github_property(title) +
           "::" + escape_github_data(message) + "\n";
  }
  for (const FileError &error : detail::sorted_file_errors(report)) {
    out += "::error " +
           position(error.file, error.error.line, error.error.column, 0, 0) +
           "title=" + escape_github_property("Dockerfile error") +
           "::" + escape_github_data(error.error.message) + "\n";
  }
  const std::vector<ReferenceError> errors = detail::sorted_errors(report);
  if (!errors.empty()) {
    std::string message;
    for (const ReferenceError &error : errors) {
      message += (message.empty() ? "" : "\n") + error.reference + ": " +
                 error.kind + ": " + error.message;
    }
    out += "::error title=" +
           escape_github_property(detail::plural(errors.size(), "reference") +
                                  " not checked") +
           "::" + escape_github_data(message) + "\n";
  }
  return out;
}

} // namespace stalebase::report
