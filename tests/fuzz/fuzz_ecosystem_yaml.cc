// An ecosystem .yaml file through CheckYamlBounds and ParseYaml (yaml-cpp, typed as
// js-yaml does), then the app reader (tests/fuzz/ecosystem_checks.h).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/ecosystem/yaml_reader.h"
#include "tests/fuzz/ecosystem_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  tend::fuzz::CheckReaderResult(tend::ecosystem::ParseYaml(text, "eco.yaml"), "eco.yaml");
  return 0;
}
