# Two interface targets linked PRIVATE by our own targets only, so third-party code never
# inherits our warning set or sanitizer flags.
add_library(stalebase_warnings INTERFACE)
add_library(stalebase_settings INTERFACE)

if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(stalebase_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual
    -Wcast-align -Wextra-semi -Wunused -Wdouble-promotion
    -Wconversion -Wsign-conversion -Wold-style-cast -Wformat=2)
  # GCC 12's -Wnull-dereference fires inside libstdc++ when inlining CLI11 (a false
  # positive), so only clang gets it.
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    target_compile_options(stalebase_warnings INTERFACE -Wnull-dereference)
  endif()
  # GCC 12's -Wrestrict fires inside libstdc++'s std::string at -O3 (a Release build) on
  # code that cannot overlap (GCC bug 105329), so Release -Werror builds failed; GCC 13
  # fixed it, so only GCC 12 goes without.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12
     AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(stalebase_warnings INTERFACE -Wno-restrict)
  endif()
  if(STALEBASE_WARNINGS_AS_ERRORS)
    target_compile_options(stalebase_warnings INTERFACE -Werror)
  endif()
endif()

if(STALEBASE_SANITIZE)
  target_compile_options(stalebase_settings INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(stalebase_settings INTERFACE -fsanitize=address,undefined)
endif()

if(STALEBASE_FUZZ)
  # Every object that may be linked into a fuzzer carries coverage instrumentation.
  # Undefined behaviour must abort, or libFuzzer never sees it as a crash.
  target_compile_options(stalebase_settings INTERFACE -fsanitize=fuzzer-no-link,address,undefined
                         -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(stalebase_settings INTERFACE -fsanitize=address,undefined)
endif()
