#pragma once

// Replacing a file's contents so that readers see the old bytes or the new
// ones, never a mix, and a failure leaves the old ones.

#include "stalebase/util/expected.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace stalebase::rewrite {

// Writes `content` to `path` if the file still holds exactly `expected` (the
// bytes it was read with): a temporary file in the same folder, written,
// flushed (fsync) and renamed over the original, with the original's permission
// bits (and owner, where allowed); a symbolic link's target is replaced, the
// link kept; a file with other hard links is split from them, after a warning.
// Returns true once written. Fails, leaving the original untouched
// and removing the temporary file, when the file changed since it was read
// ("the file changed since it was read; run again"), is read-only ("the file is
// read-only"), or the system refuses a step ("cannot write a temporary file in
// \"dir\": No space left on device").
Expected<bool, std::string> replace_file(const std::filesystem::path &path,
                                         std::string_view expected,
                                         std::string_view content);

// Writes `content` to `path`, creating the file or replacing it whole, the same
// way (a temporary file beside it, flushed and renamed over it), so that a
// reader never sees half a report. An existing file keeps its permission bits;
// a new one gets 0666 less the umask. Fails with the reason, leaving `path` as
// it was ("not a regular file", "cannot write a temporary file in \"dir\":
// Permission denied").
Expected<bool, std::string>
write_file_atomically(const std::filesystem::path &path,
                      std::string_view content);

} // namespace stalebase::rewrite
