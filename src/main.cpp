#include "stalebase/cli/app.hpp"
#include "stalebase/util/exit_code.hpp"
#include "stalebase/util/interrupt.hpp"
#include "stalebase/util/shown_text.hpp"

#include <exception>
#include <iostream>

int main(int argc, char **argv) {
  // Ctrl-C or a CI job's cancellation: stop at once with 130 or 143; file
  // replacements finish first (util::InterruptGuard).
  stalebase::util::exit_on_interrupt();
  try {
    return stalebase::cli::run(argc, argv);
  } catch (const std::exception &e) {
    // Only a bug gets here; say so plainly rather than abort.
    std::cerr << "stalebase: internal error: "
              << stalebase::util::escape_control(e.what()) << '\n';
    return stalebase::util::to_int(stalebase::util::ExitCode::internal_error);
  }
}
