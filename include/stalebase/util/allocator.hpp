#pragma once

#include <string>

namespace stalebase::util {

// Which allocator serves malloc and operator new in this build: "mimalloc
// <version>" when stalebase was linked with it (STALEBASE_MIMALLOC) and it
// really replaced the C library's malloc, otherwise "system malloc" (sanitizer
// and fuzzing builds keep the system one, which their tools replace). A build
// linked with mimalloc whose malloc is somehow not overridden says so, as
// "mimalloc <version> (linked, but malloc is not overridden)".
std::string allocator_description();

// Whether memory from malloc comes from mimalloc.
bool malloc_is_mimalloc();

} // namespace stalebase::util
