#include "stalebase/report/check_table.hpp"

#include "report/check_common.hpp"
#include "report/shown_report.hpp"

#include <algorithm>
#include <string_view>

namespace stalebase::report {

namespace {

using detail::display_width;

constexpr std::size_t k_min_width = 40;
// References longer than this are not used to align the columns after them, so
// that one long name does not push every fix of the file onto its own line.
constexpr std::size_t k_max_aligned_reference = 40;
// Continuation lines of the summary and of the references not checked.
constexpr std::size_t k_summary_indent = 2;
constexpr std::size_t k_error_indent = 4;

constexpr std::string_view k_reset = "\x1b[0m";
constexpr std::string_view k_bold = "\x1b[1m";

std::string_view level_colour(check::Level level) {
  switch (level) {
  case check::Level::error:
  case check::Level::fail:
    return "\x1b[1;31m";
  case check::Level::warn:
    return "\x1b[33m";
  case check::Level::info:
    return "\x1b[36m";
  }
  return "";
}

std::string pad(std::string text, std::size_t width) {
  const std::size_t shown = display_width(text);
  if (shown < width) {
    text.append(width - shown, ' ');
  }
  return text;
}

std::string paint(std::string_view text, std::string_view colour, bool on) {
  if (!on) {
    return std::string(text);
  }
  std::string out(colour);
  out += text;
  out += k_reset;
  return out;
}

// `text` wrapped at spaces into lines of at most `width` columns after `indent`
// spaces; a word longer than the room left gets a line of its own.
std::string wrap(std::string_view text, std::size_t indent, std::size_t width) {
  std::string out;
  std::string line;
  const auto emit = [&] {
    out += std::string(indent, ' ') + line + "\n";
    line.clear();
  };
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    const std::string_view word = text.substr(start, end - start);
    if (!word.empty()) {
      if (!line.empty() &&
          indent + display_width(line) + 1 + display_width(word) > width) {
        emit();
      }
      line += line.empty() ? "" : " ";
      line += word;
    }
    start = end + 1;
  }
  if (!line.empty()) {
    emit();
  }
  return out;
}

// The summary wrapped like wrap(), the lines after the first indented, but only
// after a `,` or `;` so that a count stays with what it counts; a clause too
// long for a line of its own is broken at spaces.
std::string wrap_clauses(std::string_view text, std::size_t width) {
  std::vector<std::string_view> tokens; // all but the first start with a space
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find_first_of(",;", start);
    end = end == std::string_view::npos ? text.size() : end + 1;
    const std::string_view clause = text.substr(start, end - start);
    start = end;
    if (k_summary_indent + display_width(clause) <= width) {
      tokens.push_back(clause);
      continue;
    }
    std::size_t word = 0;
    while (word < clause.size()) {
      std::size_t next = clause.find(' ', word + 1);
      next = next == std::string_view::npos ? clause.size() : next;
      tokens.push_back(clause.substr(word, next - word));
      word = next;
    }
  }
  std::string out;
  std::string line;
  for (std::string_view token : tokens) {
    if (!line.empty() && token.size() > 1 && token[0] == ' ' &&
        display_width(line) + display_width(token) > width) {
      out += line + "\n";
      line = std::string(k_summary_indent, ' ');
      token.remove_prefix(1);
    }
    line += token;
  }
  return out + line + "\n";
}

struct Row {
  std::string line;
  std::string level;
  check::Level shown = check::Level::info;
  std::string reference;
  std::string kind;
  std::string fix;
  std::string message;
};

std::string render_file(const std::string &file,
                        const std::vector<Row> &rows,
                        const TableStyle &style,
                        std::size_t width) {
  std::size_t line_width = 0;
  std::size_t level_width = 0;
  std::size_t reference_width = 0;
  std::size_t kind_width = 0;
  for (const Row &row : rows) {
    line_width = std::max(line_width, row.line.size());
    level_width = std::max(level_width, row.level.size());
    const std::size_t reference = display_width(row.reference);
    if (reference <= k_max_aligned_reference) {
      reference_width = std::max(reference_width, reference);
    }
    kind_width = std::max(kind_width, row.kind.size());
  }
  // Continuation lines start under the reference.
  const std::size_t indent = 2 + line_width + 2 + level_width + 2;

  std::string out = paint(file, k_bold, style.color) + "\n";
  for (const Row &row : rows) {
    const std::string head = "  " +
                             std::string(line_width - row.line.size(), ' ') +
                             row.line + "  " +
                             paint(pad(row.level, level_width),
                                   level_colour(row.shown), style.color) +
                             "  ";
    // Aligned when it fits; a narrow terminal loses the alignment, not text.
    std::string line =
        head + pad(row.reference, reference_width) + "  " + row.kind;
    if (display_width(line) > width) {
      line = head + row.reference + "  " + row.kind;
    }
    std::string fix_line;
    if (!row.fix.empty()) {
      const std::string aligned =
          pad(line, display_width(line) + kind_width - row.kind.size()) + "  " +
          row.fix;
      const std::string after = line + "  " + row.fix;
      if (display_width(aligned) <= width) {
        line = aligned;
      } else if (display_width(after) <= width) {
        line = after;
      } else {
        fix_line = wrap("fix: " + row.fix, indent, width);
      }
    }
    out += line + "\n" + fix_line + wrap(row.message, indent, width);
  }
  return out;
}

std::string render_errors(const std::vector<ReferenceError> &errors,
                          const TableStyle &style,
                          std::size_t width) {
  std::string out = paint("not checked", k_bold, style.color) + "\n";
  for (const ReferenceError &error : errors) {
    const std::string reference = "  " + error.reference;
    const std::string message = detail::shorten_digests(error.message);
    if (display_width(reference) + 2 + display_width(error.kind) <= width) {
      out += reference + "  " +
             paint(error.kind, level_colour(check::Level::error), style.color) +
             "\n" + wrap(message, k_error_indent, width);
    } else {
      out += reference + "\n" +
             wrap(error.kind + ": " + message, k_error_indent, width);
    }
  }
  return out;
}

} // namespace

std::string render_check_table(const CheckReport &given,
                               const TableStyle &style) {
  const CheckReport report = detail::shown_report(given);
  const std::size_t width =
      std::max(k_min_width, static_cast<std::size_t>(std::max(style.width, 0)));
  std::string out;
  std::vector<Row> rows;
  std::string file;
  const auto flush = [&] {
    if (!rows.empty()) {
      out += out.empty() ? "" : "\n";
      out += render_file(file, rows, style, width);
      rows.clear();
    }
  };
  for (const std::size_t index : detail::sorted_findings(report)) {
    const check::Finding &finding = report.findings[index];
    if (rows.empty() || finding.location.file != file) {
      flush();
      file = finding.location.file;
    }
    Row row;
    row.line = std::to_string(check::reference_start_line(finding.location));
    row.shown = detail::shown_level(report, index);
    row.level = check::to_string(row.shown);
    row.reference = detail::shorten_digests(detail::shown_reference(finding));
    row.kind = check::to_string(finding.kind);
    row.fix =
        detail::fix_text(finding, true) + detail::fix_line_note(report, index);
    row.message = detail::shorten_digests(finding.message);
    rows.push_back(std::move(row));
  }
  flush();

  const auto errors = detail::sorted_errors(report);
  if (!errors.empty()) {
    out += out.empty() ? "" : "\n";
    out += render_errors(errors, style, width);
  }
  out += out.empty() ? "" : "\n";
  out += wrap_clauses(summary_line(report), width);
  return out;
}

} // namespace stalebase::report
