#pragma once

#include <string>

namespace stalebase::util {

// Which allocator serves malloc and operator new in this build: "jemalloc
// <version>" when stalebase was linked with it (STALEBASE_JEMALLOC) and it
// really replaced the C library's malloc, otherwise "system malloc" (sanitizer
// and fuzzing builds keep the system one, which their tools replace). A build
// linked with jemalloc whose malloc is somehow not jemalloc's says so, as
// "jemalloc <version> (linked, but malloc is not overridden)".
std::string allocator_description();

// Whether malloc is jemalloc's.
bool malloc_is_jemalloc();

} // namespace stalebase::util
