#include "stalebase/sources/compose_interpolation.hpp"

// The Dockerfile's bound on nested substitutions serves Compose too.
#include "dockerfile/limits.hpp"

namespace stalebase::sources {

namespace {

bool is_name_start(char c) {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9');
}

using dockerfile::TrackedString;
using Result = Expected<TrackedString, std::string>;

// `text` is the top-level text's bytes from offset `base` on: each byte of the
// result remembers its offset there, or none (a variable's value, `$$`).
Result interpolate(std::string_view text,
                   std::size_t base,
                   const ComposeEnvironment &env,
                   std::size_t depth);

TrackedString from_environment(const std::string &value) {
  TrackedString result;
  for (const char c : value) {
    result.push_back(c, TrackedString::k_no_origin);
  }
  return result;
}

// The end of a `${…}` starting at `open` (the index of `$`), counting the
// braces of nested substitutions; npos when unterminated.
std::size_t closing_brace(std::string_view text, std::size_t open) {
  std::size_t level = 0;
  for (std::size_t i = open + 2; i < text.size(); ++i) {
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      ++level;
      ++i;
    } else if (text[i] == '}') {
      if (level == 0) {
        return i;
      }
      --level;
    }
  }
  return std::string_view::npos;
}

Unexpected<std::string> invalid(std::string_view inside) {
  return Unexpected("invalid interpolation \"${" + std::string(inside) + "}\"");
}

// The inside of `${…}` (at offset `base`): a name, then nothing or an
// operator and its word.
Result substitute(std::string_view inside,
                  std::size_t base,
                  const ComposeEnvironment &env,
                  std::size_t depth) {
  std::size_t i = 0;
  while (i < inside.size() && is_name_char(inside[i])) {
    ++i;
  }
  const std::string_view name = inside.substr(0, i);
  if (name.empty() || !is_name_start(name.front())) {
    return invalid(inside);
  }
  const auto found = env.find(name);
  const bool set = found != env.end();
  const bool non_empty = set && !found->second.empty();
  const std::string_view rest = inside.substr(i);
  if (rest.empty()) {
    if (!set) {
      return Unexpected("variable " + std::string(name) +
                        " has no value and no default");
    }
    return from_environment(found->second);
  }
  const bool colon = rest.front() == ':';
  if (rest.size() < (colon ? 2U : 1U)) {
    return invalid(inside);
  }
  const std::string_view op = rest.substr(colon ? 1 : 0, 1);
  const std::size_t word_start = i + (colon ? 2 : 1);
  const std::string_view word = inside.substr(word_start);
  const bool has_value = colon ? non_empty : set;
  if (op == "-") {
    return has_value ? Result(from_environment(found->second))
                     : interpolate(word, base + word_start, env, depth + 1);
  }
  if (op == "+") {
    return has_value ? interpolate(word, base + word_start, env, depth + 1)
                     : Result(TrackedString());
  }
  if (op == "?") {
    if (has_value) {
      return from_environment(found->second);
    }
    auto message = interpolate(word, base + word_start, env, depth + 1);
    return Unexpected(
        "required variable " + std::string(name) + " has no value" +
        (message && !message->text.empty() ? ": " + message->text : ""));
  }
  return invalid(inside);
}

Result interpolate(std::string_view text,
                   std::size_t base,
                   const ComposeEnvironment &env,
                   std::size_t depth) {
  if (depth > dockerfile::detail::k_max_substitution_depth) {
    return Unexpected(dockerfile::detail::substitutions_too_deep());
  }
  TrackedString out;
  const auto literal = [&](std::size_t from, std::size_t count) {
    out.append(
        TrackedString::from_source(text.substr(from, count), base + from));
  };
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t dollar = text.find('$', i);
    if (dollar == std::string_view::npos) {
      literal(i, text.size() - i);
      break;
    }
    literal(i, dollar - i);
    const char next = dollar + 1 < text.size() ? text[dollar + 1] : '\0';
    if (next == '$') {
      // Two bytes written for one: not a verbatim copy.
      out.push_back('$', TrackedString::k_no_origin);
      i = dollar + 2;
    } else if (next == '{') {
      const std::size_t close = closing_brace(text, dollar);
      if (close == std::string_view::npos) {
        return Unexpected("invalid interpolation: \"${\" without \"}\"");
      }
      auto value = substitute(text.substr(dollar + 2, close - dollar - 2),
                              base + dollar + 2, env, depth);
      if (!value) {
        return value;
      }
      out.append(*value);
      i = close + 1;
    } else if (is_name_start(next)) {
      std::size_t end = dollar + 1;
      while (end < text.size() && is_name_char(text[end])) {
        ++end;
      }
      auto value = substitute(text.substr(dollar + 1, end - dollar - 1),
                              base + dollar + 1, env, depth);
      if (!value) {
        return value;
      }
      out.append(*value);
      i = end;
    } else {
      // A lone `$` stays, as in Compose.
      literal(dollar, 1);
      i = dollar + 1;
    }
  }
  return out;
}

} // namespace

Expected<std::string, std::string>
interpolate_compose(std::string_view text, const ComposeEnvironment &env) {
  auto result = interpolate(text, 0, env, 0);
  if (!result) {
    return Unexpected(std::move(result).error());
  }
  return std::move(result->text);
}

Expected<dockerfile::TrackedString, std::string>
interpolate_compose_tracked(std::string_view text,
                            const ComposeEnvironment &env) {
  return interpolate(text, 0, env, 0);
}

} // namespace stalebase::sources
