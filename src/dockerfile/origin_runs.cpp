#include "stalebase/dockerfile/origin_runs.hpp"

#include <algorithm>

namespace stalebase::dockerfile {

std::int64_t OriginRuns::operator[](std::size_t i) const {
  for (const Run *run = runs_begin(); run != runs_end(); ++run) {
    if (i < run->length) {
      return run->first == k_none ? k_none
                                  : run->first + static_cast<std::int64_t>(i);
    }
    i -= run->length;
  }
  return k_none;
}

void OriginRuns::append(const OriginRuns &other,
                        std::size_t pos,
                        std::size_t count) {
  for (const Run *run = other.runs_begin();
       run != other.runs_end() && count != 0; ++run) {
    if (pos >= run->length) {
      pos -= run->length;
      continue;
    }
    const std::size_t take = std::min(count, run->length - pos);
    append_run(run->first == k_none
                   ? k_none
                   : run->first + static_cast<std::int64_t>(pos),
               take);
    count -= take;
    pos = 0;
  }
}

void OriginRuns::truncate(std::size_t size) {
  if (size >= m_size) {
    return;
  }
  Run *runs = data();
  std::size_t kept = 0;
  std::size_t count = 0;
  while (kept < size) {
    Run &run = runs[count++];
    if (kept + run.length > size) {
      run.length = size - kept;
    }
    kept += run.length;
  }
  m_size = size;
  m_count = count;
  if (!m_heap.empty()) {
    m_heap.resize(count);
  }
}

void OriginRuns::push_run(Run run) {
  if (m_heap.empty() && m_count < k_inline) {
    m_inline[m_count++] = run;
  } else {
    if (m_heap.empty()) {
      m_heap.reserve(2 * k_inline);
      m_heap.assign(m_inline, m_inline + m_count);
    }
    m_heap.push_back(run);
    ++m_count;
  }
  m_size += run.length;
}

bool operator==(const OriginRuns &a, const OriginRuns &b) {
  return a.m_size == b.m_size &&
         std::equal(a.runs_begin(), a.runs_end(), b.runs_begin(), b.runs_end());
}

bool operator==(const OriginRuns &a, const std::vector<std::int64_t> &b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

} // namespace stalebase::dockerfile
