#pragma once

// The hand-written sections of stalebase(1), in roff (cli/manpage.hpp puts
// them around the sections rendered from the command-line definition).

#include <string>
#include <string_view>

namespace stalebase::cli::manpage_prose {

// .SH DESCRIPTION and what follows it up to the global options.
std::string description();

// What the page says about command `name` after its one-line description
// and before its flags; empty for a command with nothing more to say.
std::string command(std::string_view name);

// EXIT STATUS, CONFIGURATION, ENVIRONMENT, FILES, EXAMPLES, SEE ALSO.
std::string closing_sections();

} // namespace stalebase::cli::manpage_prose
