#pragma once
// Text cut into lines, as tests read files, tables and frames: each line without its
// '\n'; a last line without '\n' counts, a trailing '\n' adds no empty line.

#include <string>
#include <vector>

namespace tend::test {

std::vector<std::string> SplitLines(const std::string& text);

}  // namespace tend::test
