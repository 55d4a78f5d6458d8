#pragma once

#include "stalebase/util/expected.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The shell patterns of `${V#p}`, `${V%p}` and `${V/p/r}` as BuildKit runs
// them: it turns the pattern into a Go regular expression
// (convertShellPatternToRegex) and uses Go's leftmost-first matching. This is
// the same language and the same matching without a regex engine: `*` is any
// run of runes other than '\n' (shortest or longest), `?` one such rune, `\*`
// `\?` `\\` are literal, `\}` and `\/` are `}` and `/`, anything else is
// literal; there are no brackets.

namespace stalebase::dockerfile::pattern {

struct Item {
  enum class Kind : std::uint8_t { literal, any, star };
  Kind kind = Kind::literal;
  char32_t rune = 0; // for literal
};

struct ShellPattern {
  std::vector<Item> items;
  bool greedy = false; // `*` prefers the longest run
};

// The runes of `s` decoded as Go does (an invalid byte is U+FFFD).
std::vector<char32_t> to_runes(std::string_view s);
// The UTF-8 text of `runes`.
std::string from_runes(const std::vector<char32_t> &runes);

// Compiles a pattern. A leading U+FEFF is dropped, as Go's text/scanner does.
// Fails with "invalid escape '\c'" when `\` is followed by anything but `*`,
// `?`, `\`, `}` or `/`.
Expected<ShellPattern, std::string> compile(const std::vector<char32_t> &runes,
                                            bool greedy);

// BuildKit's reversePattern: the runes in reverse order, keeping each `\x` pair
// in order.
std::vector<char32_t> reverse_pattern(const std::vector<char32_t> &runes);

// A match as rune indices [begin, end) of the subject.
struct Match {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// Finds matches with Go regexp's leftmost-first semantics in time linear in the
// subject times the pattern (a Pike VM). Reuses its buffers across calls.
class Matcher {
public:
  explicit Matcher(const ShellPattern &pattern);

  // The first match starting at or after rune `from` (exactly at `from` when
  // `anchored`), or nothing.
  std::optional<Match>
  find(const std::vector<char32_t> &subject, std::size_t from, bool anchored);

private:
  struct Thread {
    std::size_t state;
    std::size_t start;
  };
  struct ThreadList {
    std::vector<Thread> threads;
    std::vector<std::uint32_t> marks;
    std::uint32_t stamp = 0;
    void clear();
  };
  void add(ThreadList &list, std::size_t state, std::size_t start);

  const ShellPattern &m_pattern;
  ThreadList m_current;
  ThreadList m_next;
  std::vector<std::pair<std::size_t, bool>> m_stack;
};

} // namespace stalebase::dockerfile::pattern
