#pragma once

// The rules of one `.gitignore` file, for the common subset of git's
// semantics: blank and `#` lines, `!` negation, a trailing `/` for folders
// only, a `/` at the start or in the middle anchoring the pattern to the
// file's folder, and wildmatch patterns (`*`, `?`, `**`, `[...]`).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stalebase::util {

class Gitignore {
public:
  // The rules of `text`, the contents of a `.gitignore` file. Never fails:
  // lines git would not use (blank, comments, a lone `!`) are skipped.
  static Gitignore parse(std::string_view text);

  // Whether the rules say `path` (relative to the `.gitignore` file's folder,
  // `/`-separated, no leading `/`) is ignored: true when the last rule that
  // matches ignores it, false when it is a `!` rule, nullopt when no rule
  // matches (a `.gitignore` further up decides). `is_folder` is whether `path`
  // is a folder (rules ending in `/` match folders only).
  std::optional<bool> ignores(std::string_view path, bool is_folder) const;

  // Whether there are no rules.
  bool empty() const { return m_rules.empty(); }

private:
  struct Rule {
    std::string pattern; // without `!`, the leading and the trailing `/`
    bool negated = false;
    bool folder_only = false;
    bool anchored = false; // matched against the whole path, else the name
  };
  std::vector<Rule> m_rules;
};

} // namespace stalebase::util
