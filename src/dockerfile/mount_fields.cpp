#include "mount_fields.hpp"

#include "stalebase/util/strings.hpp"

#include "dockerfile/go_text.hpp"
#include "dockerfile/tracked_text.hpp"

#include <algorithm>
#include <string_view>

namespace stalebase::dockerfile::detail {

namespace {

// Takes field `content[0, size)` (origins from `source` at `offset`) into
// `mount` when it is `type=` or `from=`.
void take_field(const TrackedString &source,
                std::size_t offset,
                std::string_view content,
                MountSource &mount) {
  // A bare key (no `=`) counts, with an empty value.
  const std::size_t equals = std::min(content.find('='), content.size());
  const std::size_t value_begin = std::min(equals + 1, content.size());
  const std::string key = util::ascii_lower(content.substr(0, equals));
  if (key == "type") {
    mount.type = util::ascii_lower(content.substr(value_begin));
  } else if (key == "from") {
    TrackedString value;
    tracked::append_range(value, source, offset + value_begin,
                          offset + content.size());
    mount.from = std::move(value);
  }
}

} // namespace

Expected<MountSource, std::string> read_mount_source(const TrackedString &word,
                                                     std::size_t begin) {
  MountSource mount;
  const std::string_view text = std::string_view(word.text).substr(begin);
  auto fail = [&](std::string_view what) {
    return Unexpected(std::string(what) + " in \"" + std::string(text) + "\"");
  };
  std::size_t i = 0;
  while (true) {
    if (i < text.size() && text[i] == '"') {
      // A quoted field: its content, with `""` read as one quote, is built
      // apart (rare enough that the copy does not matter).
      TrackedString field;
      ++i;
      bool closed = false;
      std::size_t copied = i; // bytes [copied, i) are still to be copied
      while (i < text.size()) {
        if (text[i] == '"') {
          tracked::append_range(field, word, begin + copied, begin + i);
          if (i + 1 < text.size() && text[i + 1] == '"') {
            tracked::append_range(field, word, begin + i + 1, begin + i + 2);
            i += 2;
            copied = i;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        ++i;
      }
      if (!closed) {
        return fail("unterminated quoted field");
      }
      if (i < text.size() && text[i] != ',') {
        return fail("extraneous character after quoted field");
      }
      take_field(field, 0, field.text, mount);
    } else {
      const std::size_t start = i;
      while (i < text.size() && text[i] != ',') {
        if (text[i] == '"') {
          return fail("bare quote in unquoted field");
        }
        ++i;
      }
      take_field(word, begin + start, text.substr(start, i - start), mount);
    }
    if (i >= text.size()) {
      return mount;
    }
    ++i; // the comma
  }
}

} // namespace stalebase::dockerfile::detail
