#pragma once
// Helpers for the log pipeline's integration tests: whole-file reads, the
// rotated generations of a log put back together, and a program left running
// in the background whose output the test reads as it comes.

#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "tests/support/text_lines.h"

namespace tend::test {

// Every generation of the log at `path`, oldest first and decompressed, then
// the current file: what the app wrote, if rotation lost and repeated nothing.
// `rotated_files` (optional) receives how many rotated files there were.
std::string ReadWithRotations(const std::string& path, int* rotated_files = nullptr);
// True while some rotated file of `path` is still being compressed.
bool CompressionPending(const std::string& path);

// The first line where `actual` and `expected` differ, for a readable failure.
std::string FirstDifference(const std::string& actual, const std::string& expected);

// A child with its stdout on a pipe the test reads; killed by pid when destroyed.
class BackgroundProgram {
 public:
  BackgroundProgram(const std::vector<std::string>& argv,
                    const std::map<std::string, std::string>& env);
  ~BackgroundProgram();
  BackgroundProgram(const BackgroundProgram&) = delete;
  BackgroundProgram& operator=(const BackgroundProgram&) = delete;

  // Everything it printed so far (reads what is available, never blocks).
  const std::string& Output();

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string output_;
};

}  // namespace tend::test
