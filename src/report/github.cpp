#include "stalebase/report/github.hpp"

#include "report/check_common.hpp"
#include "report/shown_report.hpp"

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
  std::string out;
  for (const std::size_t index : detail::sorted_findings(report)) {
    const check::Finding &finding = report.findings[index];
    const check::Location &at = finding.location;
    std::string title(check::to_string(finding.kind));
    title += ": " + detail::shorten_digests(detail::shown_reference(finding));
    std::string message = finding.message;
    const std::string fix = detail::fix_text(finding, true);
    if (!fix.empty()) {
      message += "\nfix: " + fix;
    }
    out += "::";
    out += command(detail::shown_level(report, index));
    out += " ";
    if (!at.file.empty()) {
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
  for (const ReferenceError &error : detail::sorted_errors(report)) {
    out += "::error title=" +
           escape_github_property("not checked: " + error.reference) +
           "::" + escape_github_data(error.kind + ": " + error.message) + "\n";
  }
  return out;
}

} // namespace stalebase::report
