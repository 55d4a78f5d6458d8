#include "report/check_common.hpp"

#include <algorithm>
#include <numeric>
#include <tuple>

namespace stalebase::report::detail {

namespace {

constexpr std::size_t k_short_hex = 8;
// Shorter hex parts are left alone: shortening them would hide nothing.
constexpr std::size_t k_min_hex_to_shorten = 16;

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
         (c >= 'A' && c <= 'F');
}

} // namespace

std::vector<std::size_t> sorted_findings(const CheckReport &report) {
  std::vector<std::size_t> order(report.findings.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) {
                     return report.findings[a] < report.findings[b];
                   });
  return order;
}

std::vector<ReferenceError> sorted_errors(const CheckReport &report) {
  std::vector<ReferenceError> errors = report.errors;
  std::stable_sort(errors.begin(), errors.end(),
                   [](const ReferenceError &a, const ReferenceError &b) {
                     return std::tie(a.reference, a.kind, a.message) <
                            std::tie(b.reference, b.kind, b.message);
                   });
  return errors;
}

std::vector<FileError> sorted_file_errors(const CheckReport &report) {
  std::vector<FileError> errors = report.file_errors;
  std::stable_sort(
      errors.begin(), errors.end(), [](const FileError &a, const FileError &b) {
        return std::tie(a.file, a.error.line, a.error.column, a.error.message) <
               std::tie(b.file, b.error.line, b.error.column, b.error.message);
      });
  return errors;
}

check::Level shown_level(const CheckReport &report, std::size_t index) {
  const check::Level level = report.findings[index].level;
  if (is_failing(report, index)) {
    return check::Level::fail;
  }
  return level == check::Level::fail ? check::Level::warn : level;
}

std::string short_digest(std::string_view digest) {
  const std::size_t colon = digest.find(':');
  if (colon == std::string_view::npos ||
      digest.size() - colon - 1 < k_min_hex_to_shorten) {
    return std::string(digest);
  }
  return std::string(digest.substr(0, colon + 1 + k_short_hex)) + "\u2026";
}

std::string shorten_digests(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::string_view rest = text.substr(i);
    if (rest.substr(0, 7) == "sha256:" || rest.substr(0, 7) == "sha512:") {
      std::size_t end = 7;
      while (end < rest.size() && is_hex(rest[end])) {
        ++end;
      }
      out += short_digest(rest.substr(0, end));
      i += end;
      continue;
    }
    out += text[i];
    ++i;
  }
  return out;
}

std::string fix_text(const check::Finding &finding, bool short_digests) {
  if (!finding.suggested) {
    return "";
  }
  const check::TagDigest &current = finding.current;
  const check::TagDigest &suggested = *finding.suggested;
  const std::string digest =
      short_digests ? short_digest(suggested.digest) : suggested.digest;
  if (!suggested.tag.empty() && suggested.tag != current.tag) {
    std::string text = current.tag.empty()
                           ? suggested.tag
                           : current.tag + " \u2192 " + suggested.tag;
    if (!current.digest.empty() && !digest.empty()) {
      text += "@" + digest;
    }
    return text;
  }
  if (!suggested.digest.empty() && suggested.digest != current.digest) {
    return digest;
  }
  return "";
}

std::string fix_line_note(const CheckReport &report, std::size_t index) {
  const FixPlace *place = fix_place(report, index);
  if (place == nullptr || place->line == 0) {
    return "";
  }
  return " (fix at line " + std::to_string(place->line) + ")";
}

std::string shown_reference(const check::Finding &finding) {
  const check::Location &at = finding.location;
  if (at.expanded.empty() || at.expanded == at.reference ||
      finding.kind == check::FindingKind::unresolvable) {
    return at.reference;
  }
  return at.expanded;
}

std::string registry_host(std::string_view canonical) {
  return std::string(canonical.substr(0, canonical.find('/')));
}

std::string forward_slashes(std::string_view path) {
  std::string out(path);
  std::replace(out.begin(), out.end(), '\\', '/');
  while (out.size() > 2 && out.compare(0, 2, "./") == 0) {
    out.erase(0, 2);
  }
  return out;
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b' && i + 1 < text.size() && text[i + 1] == '[') {
      // Skip the CSI sequence up to its final byte (`m` for colours).
      i += 2;
      while (i < text.size() && (text[i] < '@' || text[i] > '~')) {
        ++i;
      }
      continue;
    }
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++width;
    }
  }
  return width;
}

std::string plural(std::size_t count, std::string_view noun) {
  std::string text = std::to_string(count) + " ";
  text += noun;
  if (count != 1) {
    text += "s";
  }
  return text;
}

} // namespace stalebase::report::detail
