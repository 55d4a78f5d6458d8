#pragma once

#include "stalebase/sources/compose_interpolation.hpp"
#include "stalebase/sources/yaml_document.hpp"

#include <string_view>

// The `.env` file beside a Compose file, read as Compose reads it
// (docs/sources.md, "Compose's .env file").

namespace stalebase::sources {

// The variables `text` (a `.env` file) sets: `KEY=VALUE` lines, `export`
// before the key allowed, blank lines and `#` comments skipped. A value is
// unquoted (trimmed; ` #` starts a comment), single-quoted (literal, `\'` is a
// quote) or double-quoted (`\n`, `\r`, `\t`, `\\`, `\"`, `\$` escapes); quoted
// values may span lines. Unquoted and double-quoted values are interpolated
// with `process` (the shell's variables, which win as they do for the Compose
// file), then the variables set above them; a value
// whose variable has no value anywhere is left out, never guessed. A key
// without `=` takes its value from the environment only, so it is left out
// too. Fails with the line and column of an invalid key, an unterminated
// quote or text after a closing quote.
Expected<ComposeEnvironment, SourceError>
parse_dotenv(std::string_view text, const ComposeEnvironment &process = {});

// The environment Compose interpolates with: the `.env` file's variables,
// each overridden by the shell's (`process`), as Compose gives precedence.
ComposeEnvironment compose_environment(const ComposeEnvironment &dotenv,
                                       const ComposeEnvironment &process);

} // namespace stalebase::sources
