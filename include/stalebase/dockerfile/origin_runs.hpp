#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <utility>
#include <vector>

namespace stalebase::dockerfile {

// The source offset of every byte of a text, stored as runs: bytes whose
// offsets go up by one, or bytes without an origin, share one run. Origins are
// almost always a few such runs, so this is far smaller and faster to build
// than one offset per byte. Reads look like a `std::vector<std::int64_t>`
// (size, index, iteration, comparison with such a vector); writes append runs.
// The runs are always canonical (no two neighbours could be merged), so equal
// sequences have equal runs.
class OriginRuns {
public:
  // The origin of a byte that did not come from the file.
  static constexpr std::int64_t k_none = -1;

  // `length` bytes with origins first, first + 1, ...; or `length` bytes with
  // no origin when first is k_none.
  struct Run {
    std::int64_t first = k_none;
    std::size_t length = 0;
    // The index just past the run's last byte: runs are found by binary
    // search, so reading or copying from the middle of a text made of many
    // runs (a hostile `${A//?/$B$B}` nested a few times makes hundreds of
    // thousands) does not walk every run before it.
    std::size_t end = 0;
    friend bool operator==(const Run &, const Run &) = default;
  };

  // Reads the origins one by one, in order.
  class const_iterator {
  public:
    using iterator_category = std::input_iterator_tag;
    using value_type = std::int64_t;
    using difference_type = std::ptrdiff_t;
    using pointer = const std::int64_t *;
    using reference = std::int64_t;

    const_iterator() = default;
    const_iterator(const Run *run, std::size_t within)
        : m_run(run), m_within(within) {}

    std::int64_t operator*() const {
      return m_run->first == k_none
                 ? k_none
                 : m_run->first + static_cast<std::int64_t>(m_within);
    }
    const_iterator &operator++() {
      if (++m_within == m_run->length) {
        ++m_run;
        m_within = 0;
      }
      return *this;
    }
    const_iterator operator++(int) {
      const_iterator old = *this;
      ++*this;
      return old;
    }
    friend bool operator==(const const_iterator &,
                           const const_iterator &) = default;

  private:
    const Run *m_run = nullptr;
    std::size_t m_within = 0;
  };

  OriginRuns() = default;
  OriginRuns(const OriginRuns &) = default;
  OriginRuns &operator=(const OriginRuns &) = default;
  // A moved-from value is empty, as a moved-from std::vector is in practice.
  OriginRuns(OriginRuns &&other) noexcept
      : m_size(other.m_size), m_count(other.m_count),
        m_heap(std::move(other.m_heap)) {
    std::copy(other.m_inline, other.m_inline + k_inline, m_inline);
    other.clear();
  }
  OriginRuns &operator=(OriginRuns &&other) noexcept {
    if (this != &other) {
      m_size = other.m_size;
      m_count = other.m_count;
      std::copy(other.m_inline, other.m_inline + k_inline, m_inline);
      m_heap = std::move(other.m_heap);
      other.clear();
    }
    return *this;
  }
  ~OriginRuns() = default;

  std::size_t size() const { return m_size; }
  bool empty() const { return m_size == 0; }
  // The origin of byte `i` (i < size()).
  std::int64_t operator[](std::size_t i) const;
  std::int64_t front() const { return (*this)[0]; }
  std::int64_t back() const { return (*this)[m_size - 1]; }
  const_iterator begin() const { return {data(), 0}; }
  const_iterator end() const { return {data() + m_count, 0}; }

  // The runs, in order.
  const Run *runs_begin() const { return data(); }
  const Run *runs_end() const { return data() + m_count; }

  void clear() {
    m_size = 0;
    m_count = 0;
    m_heap.clear();
  }
  void push_back(std::int64_t origin) { append_run(origin, 1); }
  // Appends `length` origins first, first + 1, ... (or `length` × k_none).
  void append_run(std::int64_t first, std::size_t length) {
    if (length == 0) {
      return;
    }
    if (m_count != 0) {
      Run &last = data()[m_count - 1];
      if (last.first == k_none
              ? first == k_none
              : first != k_none &&
                    last.first + static_cast<std::int64_t>(last.length) ==
                        first) {
        last.length += length;
        last.end += length;
        m_size += length;
        return;
      }
    }
    push_run({first, length, m_size + length});
  }
  // Appends origins [pos, pos + count) of `other`.
  void append(const OriginRuns &other, std::size_t pos, std::size_t count);
  void append(const OriginRuns &other) {
    for (const Run *run = other.runs_begin(); run != other.runs_end(); ++run) {
      append_run(run->first, run->length);
    }
  }
  // Keeps the first `size` origins (size <= size()).
  void truncate(std::size_t size);

  friend bool operator==(const OriginRuns &a, const OriginRuns &b);
  friend bool operator==(const OriginRuns &a,
                         const std::vector<std::int64_t> &b);

private:
  static constexpr std::size_t k_inline = 2;

  Run *data() { return m_heap.empty() ? m_inline : m_heap.data(); }
  const Run *data() const { return m_heap.empty() ? m_inline : m_heap.data(); }
  void push_run(Run run);
  // The run that holds byte `i` (i < size()).
  const Run *run_at(std::size_t i) const;

  std::size_t m_size = 0;  // origins
  std::size_t m_count = 0; // runs
  // The runs live in m_inline while they fit, else all in m_heap.
  Run m_inline[k_inline];
  std::vector<Run> m_heap;
};

} // namespace stalebase::dockerfile
