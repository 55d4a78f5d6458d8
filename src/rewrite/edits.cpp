#include "stalebase/rewrite/edits.hpp"

#include <algorithm>
#include <tuple>

namespace stalebase::rewrite {

namespace {

std::string range_text(const dockerfile::SourceSpan &span) {
  return std::to_string(span.offset) + ".." + std::to_string(span.end());
}

} // namespace

bool operator<(const Edit &a, const Edit &b) {
  return std::tie(a.span.offset, a.span.length, a.replacement) <
         std::tie(b.span.offset, b.span.length, b.replacement);
}

bool edits_clash(const Edit &a, const Edit &b) {
  if (a == b) {
    return false;
  }
  if (a.span.length == 0 && b.span.length == 0) {
    return a.span.offset == b.span.offset;
  }
  return a.span.offset < b.span.end() && b.span.offset < a.span.end();
}

Expected<std::string, std::string> apply_edits(std::string_view source,
                                               std::vector<Edit> edits) {
  std::sort(edits.begin(), edits.end());
  edits.erase(std::unique(edits.begin(), edits.end()), edits.end());
  std::string result;
  result.reserve(source.size());
  std::size_t copied = 0;
  const Edit *previous = nullptr;
  for (const Edit &edit : edits) {
    if (edit.span.end() > source.size()) {
      return Unexpected("edit at " + range_text(edit.span) +
                        " is past the end of the file (" +
                        std::to_string(source.size()) + " bytes)");
    }
    if (previous != nullptr && (edit.span.offset < previous->span.end() ||
                                edits_clash(*previous, edit))) {
      return Unexpected("edits at " + range_text(previous->span) + " and " +
                        range_text(edit.span) + " overlap");
    }
    result.append(source.substr(copied, edit.span.offset - copied));
    result += edit.replacement;
    copied = edit.span.end();
    previous = &edit;
  }
  result.append(source.substr(copied));
  return result;
}

} // namespace stalebase::rewrite
