#pragma once
// Bounds a YAML document before yaml-cpp builds its tree: yaml-cpp keeps an alias as a
// link to its anchor's node, so `x: &x [*x]` is a cycle that any walk of the tree follows
// forever (the CLI overflowed its stack), and a "billion laughs" file of 534 bytes is a
// tree of 10^9 values once walked (4 GB, then abort). This reads the document's events
// once, in time and memory linear in the text, and refuses a document whose aliases refer
// to a node that contains them, that nests deeper than kMaxYamlDepth, or whose aliases
// add more than kMaxYamlAliasValues values to the tree.

#include <cstddef>
#include <string>
#include <string_view>

#include "config/status.h"

namespace tend::ecosystem {

// Nesting levels of maps and lists, aliases expanded (the JSON reader's limit too).
inline constexpr size_t kMaxYamlDepth = 200;
// Values (scalars, lists, maps) that aliases may add in all: a shared `env` block of 40
// keys merged into 5,000 apps. Past it the tree would cost too much memory to build.
inline constexpr size_t kMaxYamlAliasValues = 200000;

// Ok, or InvalidArgument "<source_name>:<line>: <why>" (a syntax error reads as
// ParseYaml's own). Only the first document is read, as YAML::Load reads it.
Status CheckYamlBounds(std::string_view text, const std::string& source_name);

}  // namespace tend::ecosystem
