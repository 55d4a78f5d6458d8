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

using Result = Expected<std::string, std::string>;

Result interpolate(std::string_view text,
                   const ComposeEnvironment &env,
                   std::size_t depth);

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

// The inside of `${…}`: a name, then nothing or an operator and its word.
Result substitute(std::string_view inside,
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
    return found->second;
  }
  const bool colon = rest.front() == ':';
  if (rest.size() < (colon ? 2U : 1U)) {
    return invalid(inside);
  }
  const std::string_view op = rest.substr(colon ? 1 : 0, 1);
  const std::string_view word = rest.substr(colon ? 2 : 1);
  const bool has_value = colon ? non_empty : set;
  if (op == "-") {
    return has_value ? Result(found->second)
                     : interpolate(word, env, depth + 1);
  }
  if (op == "+") {
    return has_value ? interpolate(word, env, depth + 1)
                     : Result(std::string());
  }
  if (op == "?") {
    if (has_value) {
      return found->second;
    }
    auto message = interpolate(word, env, depth + 1);
    return Unexpected("required variable " + std::string(name) +
                      " has no value" +
                      (message && !message->empty() ? ": " + *message : ""));
  }
  return invalid(inside);
}

Result interpolate(std::string_view text,
                   const ComposeEnvironment &env,
                   std::size_t depth) {
  if (depth > dockerfile::detail::k_max_substitution_depth) {
    return Unexpected(dockerfile::detail::substitutions_too_deep());
  }
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t dollar = text.find('$', i);
    if (dollar == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, dollar - i));
    const char next = dollar + 1 < text.size() ? text[dollar + 1] : '\0';
    if (next == '$') {
      out += '$';
      i = dollar + 2;
    } else if (next == '{') {
      const std::size_t close = closing_brace(text, dollar);
      if (close == std::string_view::npos) {
        return Unexpected("invalid interpolation: \"${\" without \"}\"");
      }
      auto value =
          substitute(text.substr(dollar + 2, close - dollar - 2), env, depth);
      if (!value) {
        return value;
      }
      out += *value;
      i = close + 1;
    } else if (is_name_start(next)) {
      std::size_t end = dollar + 1;
      while (end < text.size() && is_name_char(text[end])) {
        ++end;
      }
      auto value =
          substitute(text.substr(dollar + 1, end - dollar - 1), env, depth);
      if (!value) {
        return value;
      }
      out += *value;
      i = end;
    } else {
      // A lone `$` stays, as in Compose.
      out += '$';
      i = dollar + 1;
    }
  }
  return out;
}

} // namespace

Expected<std::string, std::string>
interpolate_compose(std::string_view text, const ComposeEnvironment &env) {
  return interpolate(text, env, 0);
}

} // namespace stalebase::sources
