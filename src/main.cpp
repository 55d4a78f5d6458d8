#include "stalebase/cli/app.hpp"

#include <exception>
#include <iostream>

int main(int argc, char **argv) {
  try {
    return stalebase::cli::run(argc, argv);
  } catch (const std::exception &e) {
    // Only a bug gets here; say so plainly rather than abort.
    std::cerr << "stalebase: internal error: " << e.what() << '\n';
    return 70;
  }
}
