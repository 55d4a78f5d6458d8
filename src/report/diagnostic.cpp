#include "stalebase/report/diagnostic.hpp"

#include "stalebase/util/shown_text.hpp"

#include <algorithm>

namespace stalebase::report {

namespace {

constexpr std::size_t k_max_shown_line = 400;

bool printable(std::string_view line) {
  return line.size() <= k_max_shown_line &&
         std::all_of(line.begin(), line.end(), [](char c) {
           const auto byte = static_cast<unsigned char>(c);
           return byte == '\t' || (byte >= 0x20 && byte != 0x7f);
         });
}

// The text before the caret: tabs kept so that it lines up, every other
// character (a UTF-8 sequence counting once) as a space.
std::string caret_prefix(std::string_view line, std::size_t column) {
  std::string prefix;
  const std::size_t end = std::min(line.size(), column - 1);
  for (std::size_t i = 0; i < end; ++i) {
    const auto byte = static_cast<unsigned char>(line[i]);
    if (line[i] == '\t') {
      prefix += '\t';
    } else if ((byte & 0xC0) != 0x80) {
      prefix += ' ';
    }
  }
  return prefix;
}

} // namespace

std::string format_diagnostic(std::string_view path,
                              std::string_view source,
                              const dockerfile::ParseError &error,
                              std::string_view severity) {
  // The path and the message may hold a file name's or a registry's control
  // characters; the source line is shown only when it has none.
  std::string text = util::escape_control(path);
  const std::string message = util::escape_control(error.message);
  if (error.line == 0) {
    text += ": ";
    text += severity;
    text += ": " + message + "\n";
    return text;
  }
  const std::size_t column = std::max<std::size_t>(error.column, 1);
  text +=
      ":" + std::to_string(error.line) + ":" + std::to_string(column) + ": ";
  text += severity;
  text += ": " + message + "\n";
  const dockerfile::LineIndex lines(source);
  const std::string_view line = lines.line_text(source, error.line);
  if (!line.empty() && printable(line)) {
    text += "  ";
    text += line;
    text += "\n  " + caret_prefix(line, column) + "^\n";
  }
  return text;
}

} // namespace stalebase::report
