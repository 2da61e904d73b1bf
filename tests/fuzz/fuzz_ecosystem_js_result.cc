// What the node runner of a .config.js file writes to fd 3 ({"ok": <exports>} or
// {"error": "..."}) through DecodeJsRunnerOutput, then the app reader
// (tests/fuzz/ecosystem_checks.h). node itself is not run: this is the CLI's side.

#include <cstddef>
#include <cstdint>
#include <string>

#include "config/ecosystem/js_evaluator.h"
#include "tests/fuzz/ecosystem_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string output(reinterpret_cast<const char*>(data), size);
  tend::fuzz::CheckReaderResult(tend::ecosystem::DecodeJsRunnerOutput(output, "eco.config.js"),
                                "eco.config.js");
  return 0;
}
