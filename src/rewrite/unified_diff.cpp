#include "stalebase/rewrite/unified_diff.hpp"

#include <algorithm>
#include <vector>

namespace stalebase::rewrite {

namespace {

constexpr std::size_t k_context = 3;

// The lines of `text`, each with its '\n' when it has one.
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t newline = text.find('\n', start);
    const std::size_t end =
        newline == std::string_view::npos ? text.size() : newline + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

void append_line(std::string &out, char mark, std::string_view line) {
  out += mark;
  out += line;
  if (line.empty() || line.back() != '\n') {
    out += "\n\\ No newline at end of file\n";
  }
}

// "start,count" as unified diffs write a range (1-based; 0 lines start at the
// line before).
std::string range(std::size_t first, std::size_t count) {
  const std::size_t start = count == 0 ? first : first + 1;
  return std::to_string(start) +
         (count == 1 ? "" : "," + std::to_string(count));
}

} // namespace

std::string unified_diff(std::string_view before,
                         std::string_view after,
                         const std::string &path) {
  if (before == after) {
    return "";
  }
  const auto old_lines = split_lines(before);
  const auto new_lines = split_lines(after);
  std::string out = "--- " + path + "\n+++ " + path + "\n";
  if (old_lines.size() != new_lines.size()) {
    out += "@@ -" + range(0, old_lines.size()) + " +" +
           range(0, new_lines.size()) + " @@\n";
    for (const auto line : old_lines) {
      append_line(out, '-', line);
    }
    for (const auto line : new_lines) {
      append_line(out, '+', line);
    }
    return out;
  }
  std::vector<std::size_t> changed;
  for (std::size_t i = 0; i < old_lines.size(); ++i) {
    if (old_lines[i] != new_lines[i]) {
      changed.push_back(i);
    }
  }
  std::size_t next = 0;
  while (next < changed.size()) {
    // A hunk: changed lines whose contexts touch or overlap.
    std::size_t last = next;
    while (last + 1 < changed.size() &&
           changed[last + 1] - changed[last] <= 2 * k_context + 1) {
      ++last;
    }
    const std::size_t first_line =
        changed[next] >= k_context ? changed[next] - k_context : 0;
    const std::size_t end_line =
        std::min(changed[last] + k_context + 1, old_lines.size());
    const std::size_t count = end_line - first_line;
    out += "@@ -" + range(first_line, count) + " +" + range(first_line, count) +
           " @@\n";
    for (std::size_t i = first_line; i < end_line;) {
      if (old_lines[i] == new_lines[i]) {
        append_line(out, ' ', old_lines[i]);
        ++i;
        continue;
      }
      // A block of changed lines: all old ones, then all new ones, as diff -u
      // prints them.
      std::size_t block_end = i;
      while (block_end < end_line &&
             old_lines[block_end] != new_lines[block_end]) {
        ++block_end;
      }
      for (std::size_t j = i; j < block_end; ++j) {
        append_line(out, '-', old_lines[j]);
      }
      for (std::size_t j = i; j < block_end; ++j) {
        append_line(out, '+', new_lines[j]);
      }
      i = block_end;
    }
    next = last + 1;
  }
  return out;
}

} // namespace stalebase::rewrite
