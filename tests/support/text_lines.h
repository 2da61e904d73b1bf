#pragma once
// Text cut into lines, as tests read files, tables and frames: each line without its
// '\n'; a last line without '\n' counts, a trailing '\n' adds no empty line. And files
// read whole, the one way every test reads them.

#include <string>
#include <vector>

namespace tend::test {

std::vector<std::string> SplitLines(const std::string& text);

// The file's bytes; empty when it cannot be read (the assertion on its content says so).
std::string ReadWholeFile(const std::string& path);

// SplitLines(ReadWholeFile(path)).
std::vector<std::string> ReadFileLines(const std::string& path);

}  // namespace tend::test
