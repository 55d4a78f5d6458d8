#include "stalebase/dockerfile/source_span.hpp"

#include <algorithm>
#include <cstring>

namespace stalebase::dockerfile {

LineIndex::LineIndex(std::string_view text) {
  // Room for lines of 24 bytes on average (Dockerfiles' are longer), so the
  // vector is allocated once: growing it line by line costs several
  // allocations and copies per file, and counting the lines first costs as
  // much as finding them.
  m_starts.reserve(text.size() / 24 + 16);
  m_starts.push_back(0);
  const char *const data = text.data();
  std::size_t pos = 0;
  while (pos < text.size()) {
    const void *newline = std::memchr(data + pos, '\n', text.size() - pos);
    if (newline == nullptr) {
      break;
    }
    pos =
        static_cast<std::size_t>(static_cast<const char *>(newline) - data) + 1;
    if (pos < text.size()) {
      m_starts.push_back(pos);
    }
  }
}

SourcePosition LineIndex::position(std::size_t offset) const {
  if (m_starts.empty()) {
    return {1, offset + 1};
  }
  // The last line start at or before `offset`.
  auto it = std::upper_bound(m_starts.begin(), m_starts.end(), offset);
  const auto line = static_cast<std::size_t>(it - m_starts.begin());
  return {line, offset - m_starts[line - 1] + 1};
}

std::string_view LineIndex::line_text(std::string_view text,
                                      std::size_t line) const {
  if (line == 0 || line > m_starts.size()) {
    return {};
  }
  const std::size_t begin = m_starts[line - 1];
  std::size_t end = text.find('\n', begin);
  if (end == std::string_view::npos) {
    end = text.size();
  }
  if (end > begin && text[end - 1] == '\r') {
    --end;
  }
  return text.substr(begin, end - begin);
}

TrackedString TrackedString::untracked(std::string text) {
  TrackedString result;
  result.origins.append_run(k_no_origin, text.size());
  result.text = std::move(text);
  return result;
}

TrackedString TrackedString::from_source(std::string_view source,
                                         std::size_t offset) {
  TrackedString result;
  result.text.assign(source);
  result.origins.append_run(static_cast<std::int64_t>(offset), source.size());
  return result;
}

TrackedString TrackedString::substr(std::size_t pos, std::size_t count) const {
  TrackedString result;
  if (pos >= text.size()) {
    return result;
  }
  count = std::min(count, text.size() - pos);
  result.text = text.substr(pos, count);
  if (origins.size() == text.size()) {
    result.origins.append(origins, pos, count);
  }
  return result;
}

void TrackedString::append(const TrackedString &other) {
  const bool was_tracked = origins.size() == text.size();
  text += other.text;
  if (was_tracked && other.origins.size() == other.text.size()) {
    origins.append(other.origins);
  } else {
    origins.clear();
  }
}

void TrackedString::push_back(char c, std::int64_t origin) {
  const bool was_tracked = origins.size() == text.size();
  text.push_back(c);
  if (was_tracked) {
    origins.push_back(origin);
  } else {
    origins.clear();
  }
}

std::vector<SourceSpan> TrackedString::spans() const {
  std::vector<SourceSpan> result;
  for (const OriginRuns::Run *run = origins.runs_begin();
       run != origins.runs_end(); ++run) {
    if (run->first == k_no_origin) {
      continue;
    }
    const auto offset = static_cast<std::size_t>(run->first);
    if (!result.empty() && result.back().end() == offset) {
      result.back().length += run->length;
    } else {
      result.push_back({offset, run->length});
    }
  }
  return result;
}

SourceSpan TrackedString::extent() const {
  std::int64_t first = k_no_origin;
  std::int64_t last = k_no_origin;
  for (const OriginRuns::Run *run = origins.runs_begin();
       run != origins.runs_end(); ++run) {
    if (run->first == k_no_origin) {
      continue;
    }
    const std::int64_t run_last =
        run->first + static_cast<std::int64_t>(run->length) - 1;
    if (first == k_no_origin || run->first < first) {
      first = run->first;
    }
    if (run_last > last) {
      last = run_last;
    }
  }
  if (first == k_no_origin) {
    return {};
  }
  return {static_cast<std::size_t>(first),
          static_cast<std::size_t>(last - first + 1)};
}

} // namespace stalebase::dockerfile
