#include "stalebase/report/markdown.hpp"

#include "report/check_common.hpp"
#include "report/shown_report.hpp"

#include <map>
#include <utility>

namespace stalebase::report {

namespace {

// A code span for `text` in a table cell; plain escaped text when it holds a
// backtick or a backslash, which a code span cannot show safely.
std::string code(std::string_view text) {
  if (text.empty()) {
    return "";
  }
  if (text.find_first_of("`\\\r\n") != std::string_view::npos) {
    return escape_markdown_cell(text);
  }
  std::string out = "`";
  for (const char c : text) {
    // GitHub splits table rows at `|` before it reads code spans, so even there
    // it is `\|`.
    out += c == '|' ? std::string("\\|") : std::string(1, c);
  }
  return out + "`";
}

std::string fix_cell(const CheckReport &report, std::size_t index) {
  const check::Finding &finding = report.findings[index];
  // The whole digest: a fix people can paste.
  const std::string fix = detail::fix_text(finding, false);
  const std::string arrow = " \u2192 ";
  const std::size_t at = fix.find(arrow);
  const std::string note = detail::fix_line_note(report, index);
  if (at == std::string::npos) {
    return fix.empty() ? "" : code(fix) + note;
  }
  return code(fix.substr(0, at)) + arrow + code(fix.substr(at + arrow.size())) +
         note;
}

} // namespace

std::string escape_markdown_cell(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
    case '\\':
    case '|':
    case '`':
      out += '\\';
      out += c;
      break;
    case '<':
      out += "&lt;";
      break;
    case '\r':
      break;
    case '\n':
      out += ' ';
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string render_markdown(const CheckReport &given) {
  const CheckReport report = detail::shown_report(given);
  std::string out = "# stalebase check\n\n" + summary_line(report) + "\n";
  const std::vector<std::size_t> order = detail::sorted_findings(report);

  if (!order.empty()) {
    // Kind order, then the most serious level first.
    std::map<std::pair<check::FindingKind, int>, std::size_t> counts;
    for (const std::size_t index : order) {
      const int level = static_cast<int>(detail::shown_level(report, index));
      ++counts[{report.findings[index].kind, -level}];
    }
    out += "\n## Summary\n\n| kind | level | count |\n| --- | --- | ---: |\n";
    for (const auto &[key, count] : counts) {
      out += "| `";
      out += check::to_string(key.first);
      out += "` | ";
      out += check::to_string(static_cast<check::Level>(-key.second));
      out += " | " + std::to_string(count) + " |\n";
    }
  }

  std::string file;
  bool first_file = true;
  for (const std::size_t index : order) {
    const check::Finding &finding = report.findings[index];
    if (first_file || finding.location.file != file) {
      file = finding.location.file;
      first_file = false;
      const bool plain = file.find('`') == std::string::npos;
      out += "\n## " + (plain ? "`" + file + "`" : escape_markdown_cell(file)) +
             "\n\n| line | reference | finding | fix |\n"
             "| ---: | --- | --- | --- |\n";
    }
    out += "| " +
           std::to_string(check::reference_start_line(finding.location)) +
           " | " +
           code(detail::shorten_digests(detail::shown_reference(finding))) +
           " | **";
    out += check::to_string(detail::shown_level(report, index));
    out += "** ";
    out += check::to_string(finding.kind);
    out += ": " +
           escape_markdown_cell(detail::shorten_digests(finding.message)) +
           " | " + fix_cell(report, index) + " |\n";
  }

  const auto errors = detail::sorted_errors(report);
  if (!errors.empty()) {
    out += "\n## Not checked\n\n| reference | reason |\n| --- | --- |\n";
    for (const ReferenceError &error : errors) {
      out += "| " + code(error.reference) + " | " +
             escape_markdown_cell(error.kind) + ": " +
             escape_markdown_cell(error.message) + " |\n";
    }
  }

  const auto file_errors = detail::sorted_file_errors(report);
  if (!file_errors.empty()) {
    out += "\n## Files with errors\n\n| file | line | error |\n"
           "| --- | ---: | --- |\n";
    for (const FileError &error : file_errors) {
      out += "| " + code(error.file) + " | " +
             (error.error.line == 0 ? std::string()
                                    : std::to_string(error.error.line)) +
             " | " + escape_markdown_cell(error.error.message) + " |\n";
    }
  }
  return out;
}

} // namespace stalebase::report
