#include "stalebase/dockerfile/origin_runs.hpp"

#include <algorithm>

namespace stalebase::dockerfile {

const OriginRuns::Run *OriginRuns::run_at(std::size_t i) const {
  return std::upper_bound(
      runs_begin(), runs_end(), i,
      [](std::size_t index, const Run &run) { return index < run.end; });
}

std::int64_t OriginRuns::operator[](std::size_t i) const {
  const Run *run = run_at(i);
  if (run == runs_end() || run->first == k_none) {
    return k_none;
  }
  return run->first + static_cast<std::int64_t>(i - (run->end - run->length));
}

void OriginRuns::append(const OriginRuns &other,
                        std::size_t pos,
                        std::size_t count) {
  for (const Run *run = other.run_at(pos);
       run != other.runs_end() && count != 0; ++run) {
    const std::size_t within = pos - (run->end - run->length);
    const std::size_t take = std::min(count, run->length - within);
    append_run(run->first == k_none
                   ? k_none
                   : run->first + static_cast<std::int64_t>(within),
               take);
    count -= take;
    pos += take;
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
      run.end = size;
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
