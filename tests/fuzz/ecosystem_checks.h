#pragma once
// What the three ecosystem targets (JSON, YAML, the JS runner's output) check once
// their reader made a document: LoadEcosystem's steps after the parse, and that
// every app read survives the trip the CLI makes it take to the daemon.

#include <string>

#include "config/ecosystem/config_value.h"
#include "config/status.h"

namespace tend::fuzz {

// A reader's result for the file `name` (as messages show it): a refusal names the file
// first; a document goes through the app reader, and each app read through the wire.
void CheckReaderResult(const Result<ecosystem::ConfigValue>& doc, const std::string& name);

}  // namespace tend::fuzz
