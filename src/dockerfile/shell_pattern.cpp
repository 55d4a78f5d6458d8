#include "dockerfile/shell_pattern.hpp"

#include "util/utf8.hpp"

#include <algorithm>
#include <utility>

namespace stalebase::dockerfile::pattern {

std::vector<char32_t> to_runes(std::string_view s) {
  std::vector<char32_t> runes;
  runes.reserve(s.size());
  for (std::size_t pos = 0; pos < s.size();) {
    const auto rune = util::utf8::decode(s, pos);
    runes.push_back(rune.value);
    pos += rune.width;
  }
  return runes;
}

std::string from_runes(const std::vector<char32_t> &runes) {
  std::string text;
  text.reserve(runes.size());
  for (const char32_t r : runes) {
    util::utf8::append(text, r);
  }
  return text;
}

Expected<ShellPattern, std::string> compile(const std::vector<char32_t> &runes,
                                            bool greedy) {
  ShellPattern pattern;
  pattern.greedy = greedy;
  pattern.items.reserve(runes.size());
  std::size_t i = 0;
  if (!runes.empty() && runes[0] == 0xFEFF) {
    i = 1;
  }
  for (; i < runes.size(); ++i) {
    const char32_t r = runes[i];
    if (r == '*') {
      pattern.items.push_back({Item::Kind::star, 0});
    } else if (r == '?') {
      pattern.items.push_back({Item::Kind::any, 0});
    } else if (r == '\\') {
      const bool has_next = i + 1 < runes.size();
      if (has_next && (runes[i + 1] == '}' || runes[i + 1] == '/')) {
        continue; // the escape only kept `}` or `/` from ending the ${}
      }
      const char32_t escaped =
          has_next ? runes[i + 1] : util::utf8::k_rune_error;
      if (!has_next || (escaped != '*' && escaped != '?' && escaped != '\\')) {
        std::string message = "invalid escape '\\";
        util::utf8::append(message, escaped);
        message += '\'';
        return Unexpected(std::move(message));
      }
      pattern.items.push_back({Item::Kind::literal, escaped});
      ++i;
    } else {
      pattern.items.push_back({Item::Kind::literal, r});
    }
  }
  return pattern;
}

std::vector<char32_t> reverse_pattern(const std::vector<char32_t> &runes) {
  std::vector<char32_t> out(runes.size());
  const std::size_t n = runes.size();
  for (std::size_t i = 0; i < n;) {
    const std::size_t out_index = n - 1 - i;
    if (runes[i] == '\\' && i + 1 < n) {
      out[out_index - 1] = runes[i];
      out[out_index] = runes[i + 1];
      i += 2;
    } else {
      out[out_index] = runes[i];
      ++i;
    }
  }
  return out;
}

void Matcher::ThreadList::clear() {
  threads.clear();
  ++stamp;
  if (stamp == 0) { // wrapped: old marks could collide
    std::fill(marks.begin(), marks.end(), 0);
    stamp = 1;
  }
}

Matcher::Matcher(const ShellPattern &pattern) : m_pattern(pattern) {
  const std::size_t states = pattern.items.size() + 1;
  m_current.marks.assign(states, 0);
  m_next.marks.assign(states, 0);
  m_current.threads.reserve(states);
  m_next.threads.reserve(states);
}

// Adds the threads reachable from `state` without consuming input, in priority
// order: a greedy star tries another rune before moving on, a lazy one moves on
// first. State items.size() is the match.
void Matcher::add(ThreadList &list, std::size_t state, std::size_t start) {
  const auto &items = m_pattern.items;
  m_stack.clear();
  m_stack.emplace_back(state, false);
  while (!m_stack.empty()) {
    const auto [s, emit] = m_stack.back();
    m_stack.pop_back();
    if (emit) {
      list.threads.push_back({s, start});
      continue;
    }
    if (list.marks[s] == list.stamp) {
      continue;
    }
    list.marks[s] = list.stamp;
    if (s == items.size() || items[s].kind != Item::Kind::star) {
      list.threads.push_back({s, start});
      continue;
    }
    if (m_pattern.greedy) {
      list.threads.push_back({s, start});
      m_stack.emplace_back(s + 1, false);
    } else {
      m_stack.emplace_back(s, true);
      m_stack.emplace_back(s + 1, false);
    }
  }
}

std::optional<Match> Matcher::find(const std::vector<char32_t> &subject,
                                   std::size_t from,
                                   bool anchored) {
  const auto &items = m_pattern.items;
  const std::size_t n = subject.size();
  std::optional<Match> best;
  m_current.clear();
  for (std::size_t pos = from;; ++pos) {
    if (m_current.threads.empty() && ((anchored && pos != from) || best)) {
      break;
    }
    if (!best && (!anchored || pos == from)) {
      add(m_current, 0, pos); // a new start has the lowest priority
    }
    m_next.clear();
    const bool has_rune = pos < n;
    const char32_t r = has_rune ? subject[pos] : 0;
    for (const Thread &thread : m_current.threads) {
      if (thread.state == items.size()) {
        best = Match{thread.start, pos};
        break; // lower-priority threads lose to this match
      }
      if (!has_rune) {
        continue;
      }
      const Item &item = items[thread.state];
      const bool ok =
          item.kind == Item::Kind::literal ? r == item.rune : r != '\n';
      if (ok) {
        add(m_next,
            item.kind == Item::Kind::star ? thread.state : thread.state + 1,
            thread.start);
      }
    }
    if (!has_rune) {
      break;
    }
    std::swap(m_current, m_next);
  }
  return best;
}

} // namespace stalebase::dockerfile::pattern
